import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy, contentTypeFor, resolveStaticFile } from './static-files.ts';

let dir: string;
let root: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cascade-static-'));
  root = path.join(dir, 'renderer');
  await mkdir(path.join(root, 'assets', 'sub'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), 'index');
  await writeFile(path.join(root, 'assets', 'a b.js'), 'js');
  await writeFile(path.join(root, 'assets', 'sub', 'index.html'), 'sub');
  await writeFile(path.join(dir, 'outside.txt'), 'outside');
  await symlink(path.join(dir, 'outside.txt'), path.join(root, 'assets', 'escape.txt'));
  // A sibling folder whose name starts with the root's name must not count as inside it.
  await mkdir(path.join(dir, 'renderer-evil'));
  await writeFile(path.join(dir, 'renderer-evil', 'x.js'), 'evil');
});

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('resolveStaticFile', () => {
  it('serves files, directories as their index.html, and percent-encoded names', async () => {
    expect(await resolveStaticFile(root, '/')).toMatchObject({
      ok: true,
      file: expect.stringMatching(/index\.html$/),
    });
    expect(await resolveStaticFile(root, '/assets/a%20b.js')).toMatchObject({ ok: true });
    expect(await resolveStaticFile(root, '/assets/sub/')).toMatchObject({
      ok: true,
      file: expect.stringMatching(/sub[/\\]index\.html$/),
    });
  });

  it.each([
    ['/../outside.txt', 403],
    ['/%2e%2e/outside.txt', 403],
    ['/assets/..%2f..%2foutside.txt', 403],
    ['/..%5coutside.txt', 403],
    ['/%00', 403],
    ['/c:/x', 403],
    ['/assets/escape.txt', 403],
    ['/../renderer-evil/x.js', 403],
    ['/%E0%A4%A', 400],
    ['relative', 400],
    ['/.git/config', 404],
    ['/missing.js', 404],
  ] as const)('refuses %s with %i', async (p, status) => {
    expect(await resolveStaticFile(root, p)).toMatchObject({ ok: false, status });
  });
});

describe('headers', () => {
  it('builds a CSP without inline scripts or eval, with only the given connect origins', () => {
    const csp = contentSecurityPolicy(['ws://127.0.0.1:5']);
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
    expect(csp).toContain("connect-src 'self' ws://127.0.0.1:5;");
    expect(contentSecurityPolicy()).toContain("connect-src 'self';");
  });

  it('knows the renderer content types', () => {
    expect(contentTypeFor('x.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('x.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeFor('x.svg')).toBe('image/svg+xml');
    expect(contentTypeFor('x.unknown')).toBe('application/octet-stream');
  });
});
