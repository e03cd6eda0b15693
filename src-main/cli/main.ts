/**
 * The `cascade-lab` command (bundled to build/main/cli-bundle.cjs, which build/main/cli.js runs:
 * launch.ts).
 */
// First: it starts the population helper's worker before the rest of the bundle initialises.
import { populationHelper } from './population-helper-early.ts';
// Before any schema is built (zod-one-shot.ts).
import './zod-one-shot.ts';
import { runCliAsync } from './cli.ts';
import { currentContext, exitWithParent, relaunch, shouldRelaunch } from './relaunch.ts';

async function main(): Promise<number> {
  const context = currentContext();
  // A sweep or worker that fills every core runs in a node without V8's helper threads (relaunch.ts).
  if (shouldRelaunch(context)) return relaunch(process.argv[1]!, context);
  exitWithParent();

  // Ctrl-C or SIGTERM stops a running sweep (what finished is committed) or a queue worker; a
  // second Ctrl-C exits at once.
  const stop = new AbortController();
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      if (stop.signal.aborted) process.exit(130);
      stop.abort();
    });
  }

  return runCliAsync(process.argv.slice(2), {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    stopSignal: stop.signal,
    // A replay or compare draws part of a large population on a worker (population-helper.ts).
    populationHelper,
  });
}

// Idle handles (a closed pool's timers, a Redis socket closing) must not keep a finished command alive.
void main().then((code) => process.exit(code));
