#!/usr/bin/env node
// `cascade-lab` launcher: runs the bundled CLI, building it first if this checkout has not yet.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bundle = path.join(root, 'build/main/cli.js');
// cli.js runs cli-bundle.cjs (cli/launch.ts): a build from before it had only cli.js.
if (!existsSync(bundle) || !existsSync(path.join(root, 'build/main/cli-bundle.cjs'))) {
  const r = spawnSync(process.execPath, [path.join(root, 'src-main/tools/build-main.js')], {
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
await import(bundle);
