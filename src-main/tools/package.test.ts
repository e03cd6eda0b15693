/**
 * `npm run package` (src-main/tools/package.js) fails here — this machine reaches only the npm
 * registry, and electron-builder downloads Electron and its tools from github.com — and must say so
 * in plain words. The message is built from electron-builder's real output (captured below).
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// A computed specifier: the script is plain JS run by node and has no type declarations.
const { explainPackagingFailure } = (await import(
  pathToFileURL(path.join(root, 'src-main/tools/package.js')).href
)) as { explainPackagingFailure(output: string, code: number): string };

/** electron-builder 26's output offline (abridged from a run on this machine). */
const OFFLINE_OUTPUT = `  • packaging       platform=linux arch=x64 electron=45.4.1 appOutDir=dist/linux-unpacked
  ⨯ getaddrinfo ENOTFOUND github.com  failedTask=build stackTrace=RequestError: getaddrinfo ENOTFOUND github.com
    at ClientRequest.<anonymous> (node_modules/got/dist/source/core/index.js:970:111)`;

describe('npm run package', () => {
  it('explains an offline failure: what it needs, from where, and what to do', () => {
    const text = explainPackagingFailure(OFFLINE_OUTPUT, 1);
    expect(text.split('\n')[0]).toBe(
      'PACKAGING FAILED: no network access for the downloads packaging needs.',
    );
    expect(text).toContain('could not reach github.com');
    expect(text).toMatch(/on a machine with network access/);
    expect(text).not.toContain('stackTrace');
  });

  it('points at the output for any other failure', () => {
    expect(explainPackagingFailure('  ⨯ cannot find icon', 2)).toBe(
      'PACKAGING FAILED: electron-builder exited with code 2; its output above says why.',
    );
  });
});
