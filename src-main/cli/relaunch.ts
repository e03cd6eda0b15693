/**
 * A command whose simulation threads fill every core (a local `sweep run`/`sweep resume`, a queue
 * `worker`) runs in a node started with V8's `--single-threaded`: no garbage-collector or compiler
 * helper threads. With every core already simulating, those helpers only take CPU from the workers
 * (a 1-worker sweep keeps about 1.1 cores busy under the default flags); `npm run bench` prints the
 * sweep scaling under both. V8 flags cannot be changed once node runs (doing it crashes the GC), so
 * the command starts a second node with the flags and passes its exit code on.
 *
 * Not on Windows (a detached child there gets a console of its own) and not inside Electron.
 */
import type childProcess from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import { parseArgs } from './args.ts';
import { defaultWorkerCount, SWEEP_V8_FLAGS } from '../services/sweep/sweep-executor.ts';

export { SWEEP_V8_FLAGS };

/** Set in the relaunched process (it must not relaunch again, and exits when its parent dies). */
export const RELAUNCHED_ENV = 'CASCADE_LAB_RELAUNCHED';

/**
 * True when `argv` (the command's arguments, without node and the script) runs local simulation
 * threads on at least `cores` threads: `sweep run` and `sweep resume` without `--queue`, and
 * `worker`, with `--workers` absent (one per core) or at least `cores`. Anything it cannot parse is
 * left to the command itself (false), which reports the error.
 */
export function fillsEveryCore(argv: readonly string[], cores: number): boolean {
  const [command, ...rest] = argv;
  if (command !== 'sweep' && command !== 'worker') return false;
  let p;
  try {
    p = parseArgs(rest);
  } catch {
    return false;
  }
  if (p.bools.has('help')) return false;
  if (command === 'sweep') {
    const sub = p.positional[0];
    if ((sub !== 'run' && sub !== 'resume') || p.flags.has('queue')) return false;
  }
  const given = p.flags.get('workers');
  if (given === undefined) return true;
  const n = Number(given[given.length - 1]);
  return Number.isInteger(n) && n >= cores;
}

export interface RelaunchContext {
  argv: readonly string[];
  execArgv: readonly string[];
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  electron: boolean;
  cores: number;
}

/** Whether this process should start the command again under `SWEEP_V8_FLAGS`. */
export function shouldRelaunch(c: RelaunchContext): boolean {
  if (c.env[RELAUNCHED_ENV] === '1' || c.electron || c.platform === 'win32') return false;
  if (SWEEP_V8_FLAGS.every((f) => c.execArgv.includes(f))) return false;
  return fillsEveryCore(c.argv, c.cores);
}

/** The current process's facts, for `shouldRelaunch`. */
export function currentContext(): RelaunchContext {
  return {
    argv: process.argv.slice(2),
    execArgv: process.execArgv,
    env: process.env,
    platform: process.platform,
    electron: process.versions.electron !== undefined,
    cores: defaultWorkerCount(),
  };
}

/**
 * Runs `script argv` in a new node with `SWEEP_V8_FLAGS` and resolves to its exit code (128 + the
 * signal's number when a signal ended it). The child has a process group of its own, so a Ctrl-C
 * reaches it once, through this process: the first stops the sweep (what finished stays committed),
 * a second exits at once, as without the relaunch. Should this process die, the child exits too
 * (it watches the IPC channel), so a killed worker leaves nothing running.
 */
export function relaunch(script: string, c: RelaunchContext): Promise<number> {
  // Loaded here, not at the top: a command that does not relaunch (most) never pays for it.
  const { spawn } = createRequire(import.meta.url)('node:child_process') as typeof childProcess;
  const child = spawn(process.execPath, [...SWEEP_V8_FLAGS, ...c.execArgv, script, ...c.argv], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...c.env, [RELAUNCHED_ENV]: '1' },
    detached: true,
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    });
  }
  return new Promise((resolve) => {
    child.once('error', (e) => {
      process.stderr.write(`cascade-lab: could not start the sweep process: ${e.message}\n`);
      resolve(1);
    });
    child.once('exit', (code, signal) => {
      resolve(code ?? 128 + (signal ? (os.constants.signals[signal] ?? 0) : 0));
    });
  });
}

/** In a relaunched process: exit when the parent that started it is gone (its IPC channel closes). */
export function exitWithParent(): void {
  if (process.env[RELAUNCHED_ENV] !== '1') return;
  // Gone already (the channel closed while this process loaded its modules), or gone later.
  if (!process.connected) process.exit(1);
  process.once('disconnect', () => process.exit(1));
  // The channel alone must not keep a finished command alive (main.ts exits explicitly anyway).
  process.channel?.unref();
}
