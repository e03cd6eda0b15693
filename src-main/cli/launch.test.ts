/**
 * The command's launcher (launch.ts): cli.js runs the CommonJS bundle with V8's code cache when the
 * cache was made from that bundle and is intact, and otherwise compiles it; either way the command's
 * output is the in-process CLI's, byte for byte.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleForTest } from '../tools/bundle-test-support.ts';
import { CLI_BUNDLE_FILE, writeCodeCache } from '../tools/bundles.js';
import { runCli } from './cli.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = path.join(root, 'build', `test-launch-${process.pid}`);
const cli = path.join(dir, 'cli.js');
const bundle = path.join(dir, CLI_BUNDLE_FILE);
const cacheFile = `${bundle}.cache`;
const REPLAY = ['replay', 'black-thursday-2020', '--accounts', '3000', '--json'];
const SMALL = ['replay', 'black-thursday-2020', '--accounts', '300', '--json'];

function run(args: string[], env: Record<string, string> = {}, flags: string[] = []) {
  const r = spawnSync(process.execPath, [...flags, cli, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CASCADE_LAB_CODE_CACHE: 'report', ...env },
  });
  const cache = /cascade-lab code cache: (.*)/.exec(r.stderr)?.[1] ?? '(no report)';
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, cache };
}

const inProcess = (args: string[]): string => {
  let out = '';
  const code = runCli(args, { out: (t) => (out += t), err: () => {} });
  expect(code).toBe(0);
  return out;
};

beforeAll(async () => {
  await bundleForTest({ cli: path.join(root, 'src-main/cli/main.ts') }, dir);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cli.js and its code cache', () => {
  it('without a cache the bundle is compiled and the replay is the in-process one', () => {
    rmSync(cacheFile, { force: true });
    const r = run(REPLAY);
    expect(r.status).toBe(0);
    expect(r.cache).toMatch(/^none/);
    expect(r.stdout).toBe(inProcess(REPLAY));
    // Strict, as the ES modules it is made from (the directive counts only as the first statement).
    const text = readFileSync(bundle, 'utf8');
    expect(text.startsWith("'use strict';")).toBe(true);
    // Pure ASCII, so node reads it as a one-byte string (asciiBundle).
    // eslint-disable-next-line no-control-regex
    expect(/[^\x00-\x7f]/.exec(text)).toBeNull();
    // zod's compiled fast path is turned off before any module that builds a schema runs (zod reads
    // the setting when a schema is built): the engine's, the sweep's, the scenario file's.
    const at = (module: string): number => text.indexOf(`// src-main/${module}\n`);
    const off = at('cli/zod-one-shot.ts');
    expect(off).toBeGreaterThan(0);
    for (const m of [
      'engine/design.ts',
      'engine/scenario.ts',
      'engine/options/spec.ts',
      'services/sweep/sweep-spec.ts',
      'services/scenario-file/format.ts',
    ]) {
      expect(at(m), m).toBeGreaterThan(off);
    }
  }, 60_000);

  it('the build step makes a cache for this bundle, which the next command uses with the same output', () => {
    rmSync(cacheFile, { force: true });
    expect(writeCodeCache(cli, root)).toBe(0);
    expect(existsSync(cacheFile)).toBe(true);
    const sha1 = createHash('sha1').update(readFileSync(bundle)).digest('hex');
    expect(readFileSync(cacheFile).subarray(0, 41).toString('latin1')).toBe(`${sha1}\n`);

    const used = run(REPLAY);
    expect(used.cache).toBe('used');
    const compiled = run(REPLAY, { CASCADE_LAB_CODE_CACHE: '0' });
    expect(compiled.stderr).not.toMatch(/code cache/);
    expect(used.stdout).toBe(compiled.stdout);
    expect(used.stdout).toBe(inProcess(REPLAY));
    // Other V8 flags: V8 refuses the data; the command still runs.
    const flagged = run(SMALL, {}, ['--stack-size=1500']);
    expect(flagged.cache).toBe('refused by V8');
    expect(flagged.stdout).toBe(inProcess(SMALL));
  }, 120_000);

  it('damaged data is not handed to V8 (it would crash the process), and neither is data from another bundle', () => {
    rmSync(cacheFile, { force: true });
    expect(writeCodeCache(cli, root)).toBe(0);
    const good = readFileSync(cacheFile);
    const damaged = Buffer.from(good);
    for (let k = good.length >> 1; k < (good.length >> 1) + 256; k++) damaged[k] = damaged[k]! ^ 0x5a;
    writeFileSync(cacheFile, damaged);
    const d = run(SMALL);
    expect(d.status).toBe(0);
    expect(d.cache).toMatch(/^damaged/);
    expect(d.stdout).toBe(inProcess(SMALL));

    writeFileSync(cacheFile, good);
    appendFileSync(bundle, '\n// edited after the cache was made\n');
    const other = run(SMALL);
    expect(other.status).toBe(0);
    expect(other.cache).toBe('made from another bundle');
    expect(other.stdout).toBe(inProcess(SMALL));
  }, 120_000);

  it('a missing bundle is a one-line error naming the build command', () => {
    rmSync(bundle, { force: true });
    const r = run(['scenarios']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('cli-bundle.cjs is missing');
    expect(r.stderr).toContain('npm run build:main');
  });
});
