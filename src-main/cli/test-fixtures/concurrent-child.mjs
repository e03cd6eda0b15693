// Child process for cli-concurrency.test.ts: one `cascade-lab` invocation (the real CLI code, bundled
// by the test with esbuild) that starts only when the parent says "go" on stdin, so that every child
// opens the fresh data folder at the same moment.
//
//   node concurrent-child.mjs <bundled cli .mjs> <dataDir> <cli args…>
//
// Prints "ready" once loaded, then one JSON line { code, out, err } when the command has finished.
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';

const [cliModule, dataDir, ...args] = process.argv.slice(2);
const { runCliAsync } = await import(pathToFileURL(cliModule).href);
fs.writeSync(1, 'ready\n');
process.stdin.setEncoding('utf8');
let input = '';
for await (const chunk of process.stdin) {
  input += chunk;
  if (input.includes('go')) break;
}
let out = '';
let err = '';
const code = await runCliAsync(args, { out: (t) => (out += t), err: (t) => (err += t), dataDir });
fs.writeSync(1, `${JSON.stringify({ code, out, err })}\n`);
process.exit(0);
