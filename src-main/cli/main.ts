/** Process entry of the `cascade-lab` command (bundled to build/main/cli.js). */
import { runCliAsync } from './cli.ts';

process.exitCode = await runCliAsync(process.argv.slice(2), {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
});
