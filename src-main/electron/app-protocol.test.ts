import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleAppRequest } from './app-protocol.ts';

let dir: string;
let root: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cascade-app-protocol-'));
  root = path.join(dir, 'renderer');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>Cascade Lab</title>');
  await writeFile(path.join(root, 'assets', 'app.js'), 'export {};');
  await writeFile(path.join(dir, 'secret.txt'), 'secret');
});

afterAll(() => rm(dir, { recursive: true, force: true }));

// Request objects are built from raw strings: WHATWG parsing of a non-special scheme keeps `..`
// and percent-encoding in the path, which is what a hostile page could make Chromium ask for.
const get = (url: string) => handleAppRequest(new Request(url), root);

describe('handleAppRequest', () => {
  it('serves the renderer with its content type and the CSP', async () => {
    const page = await get('app://cascade/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self';");
    expect(await page.text()).toContain('Cascade Lab');
    const js = await get('app://cascade/assets/app.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it.each([
    'app://cascade/../secret.txt',
    'app://cascade/%2e%2e/secret.txt',
    'app://cascade/assets/..%2f..%2fsecret.txt',
    'app://cascade/..%5csecret.txt',
    'app://cascade//etc/passwd',
    'app://cascade/%2fetc%2fpasswd',
    'app://other/index.html',
  ])('refuses %s', async (url) => {
    const res = await get(url);
    expect([400, 403, 404]).toContain(res.status);
    expect(await res.text()).not.toContain('secret');
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect(
      (await handleAppRequest(new Request('app://cascade/', { method: 'POST', body: 'x' }), root)).status,
    ).toBe(405);
  });
});
