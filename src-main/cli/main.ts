/** Process entry of the `cascade-lab` command (bundled to build/main/cli.js). */
import { runCli } from './cli.ts';

const code = runCli(process.argv.slice(2), {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
});
process.exitCode = code;
