/**
 * Runs once before any unit test: bundles build/main (tools/build-main.js), so the tests that run
 * the real `cascade-lab` executable (cli.test.ts, relaunch.test.ts) find it complete. Building it
 * from a test instead raced on a fresh clone: one test file rewrote the bundles while another's
 * sweep was starting its workers from them.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export default function setup(): void {
  execFileSync(process.execPath, [path.join(root, 'src-main/tools/build-main.js')], { stdio: 'inherit' });
}
