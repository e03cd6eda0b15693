/**
 * A sweep that fills every core runs in a node without V8's helper threads (relaunch.ts): which
 * commands relaunch, and, with the real `cascade-lab` executable, that the relaunched process carries
 * the flags, passes its output and exit code on, stops once on a signal sent to the parent, and dies
 * with a parent that is killed.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openLibraryStore } from '../services/library.ts';
import { defaultWorkerCount } from '../services/sweep/sweep-executor.ts';
import { listSweepRuns, listSweeps } from '../store/sweeps.ts';
import { closeAfter, tempDir } from '../store/store-test-support.ts';
import { fillsEveryCore, RELAUNCHED_ENV, shouldRelaunch, SWEEP_V8_FLAGS } from './relaunch.ts';
import type { RelaunchContext } from './relaunch.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('which commands relaunch', () => {
  it('local sweeps and queue workers on every core, nothing else', () => {
    expect(fillsEveryCore(['sweep', 'run', 'f.json'], 2)).toBe(true);
    expect(fillsEveryCore(['sweep', 'run', 'f.json', '--workers', '2'], 2)).toBe(true);
    expect(fillsEveryCore(['sweep', 'run', 'f.json', '--workers=4'], 2)).toBe(true);
    expect(fillsEveryCore(['sweep', 'resume', 'abc'], 2)).toBe(true);
    expect(fillsEveryCore(['worker', '--queue', 'redis://127.0.0.1:6379'], 2)).toBe(true);
    // Fewer workers than cores: the helpers have a free core, nothing to gain.
    expect(fillsEveryCore(['sweep', 'run', 'f.json', '--workers', '1'], 2)).toBe(false);
    expect(fillsEveryCore(['worker', '--queue', 'redis://x:1', '--workers', '1'], 2)).toBe(false);
    // The simulation runs on other machines, or nothing runs.
    expect(fillsEveryCore(['sweep', 'run', 'f.json', '--queue', 'redis://x:1'], 2)).toBe(false);
    expect(fillsEveryCore(['sweep', 'status', 'abc'], 2)).toBe(false);
    expect(fillsEveryCore(['sweep', 'run', '--help'], 2)).toBe(false);
    expect(fillsEveryCore(['replay', 'black-thursday-2020'], 2)).toBe(false);
    expect(fillsEveryCore([], 2)).toBe(false);
    // What it cannot parse is left to the command, which names the problem.
    expect(fillsEveryCore(['sweep', 'run', '--no-such-flag'], 2)).toBe(false);
    expect(fillsEveryCore(['sweep', 'run', 'f.json', '--workers', 'many'], 2)).toBe(false);
  });

  it('never twice, never on Windows or in Electron, never when the flags are already there', () => {
    const base: RelaunchContext = {
      argv: ['sweep', 'run', 'f.json'],
      execArgv: [],
      env: {},
      platform: 'linux',
      electron: false,
      cores: 2,
    };
    expect(shouldRelaunch(base)).toBe(true);
    expect(shouldRelaunch({ ...base, env: { [RELAUNCHED_ENV]: '1' } })).toBe(false);
    expect(shouldRelaunch({ ...base, platform: 'win32' })).toBe(false);
    expect(shouldRelaunch({ ...base, electron: true })).toBe(false);
    expect(shouldRelaunch({ ...base, execArgv: [...SWEEP_V8_FLAGS] })).toBe(false);
    expect(shouldRelaunch({ ...base, argv: ['sweep', 'list'] })).toBe(false);
  });
});

/** The child processes of `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  const f = `/proc/${pid}/task/${pid}/children`;
  if (!existsSync(f)) return [];
  return readFileSync(f, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
}

/** True while `pid` runs (a zombie waiting to be reaped counts as gone). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}

async function until<T>(what: string, f: () => T | undefined, ms = 30_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = f();
    if (v !== undefined) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function startSweep(dataDir: string, seeds: string, accounts: number, json = true) {
  const out: string[] = [];
  const err: string[] = [];
  const child: ChildProcess = spawn(
    process.execPath,
    [
      path.join(root, 'src-main/cli/bin.js'),
      'sweep',
      'run',
      '--scenario',
      'black-thursday-2020',
      '--design',
      'maker-2021-clip',
      '--accounts',
      String(accounts),
      '--seeds',
      seeds,
      '--workers',
      String(defaultWorkerCount()),
      ...(json ? ['--json'] : []),
      '--yes',
    ],
    { env: { ...process.env, CASCADE_LAB_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.on('data', (d: Buffer) => out.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => err.push(d.toString()));
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  /**
   * The relaunched process, once it runs, and its command line. Between fork and exec a child shows
   * its parent's command line and environment; only after exec does it carry the relaunch's marker
   * in its environment, so that is what is waited for (CI once read the command line in between).
   */
  const relaunched = () =>
    until('the relaunched sweep process', () => {
      const [pid] = childrenOf(child.pid!);
      if (pid === undefined) return undefined;
      try {
        const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
        if (!environ.includes(`${RELAUNCHED_ENV}=1`)) return undefined;
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return cmdline.includes('sweep') ? { pid, cmdline } : undefined;
      } catch {
        return undefined; // gone between the listing and the read
      }
    });
  return { child, exit, relaunched, out: () => out.join(''), err: () => err.join('') };
}

describe.runIf(process.platform === 'linux')('the relaunched sweep process (Linux: reads /proc)', () => {
  it('runs with the flags and passes the output and exit code on', { timeout: 120_000 }, async () => {
    const dataDir = tempDir();
    const s = startSweep(dataDir, '1-12', 1500);
    const { cmdline } = await s.relaunched();
    for (const f of SWEEP_V8_FLAGS) expect(cmdline).toContain(f);
    expect(await s.exit, `the sweep's stderr:\n${s.err()}`).toBe(0);
    const printed = JSON.parse(s.out().trim().split('\n').at(-1)!) as { sweepId: string };
    const { store } = await openLibraryStore({ dataDir });
    closeAfter(() => store.close());
    expect(listSweeps(store).map((x) => x.id)).toEqual([printed.sweepId]);
    expect(listSweepRuns(store, printed.sweepId).filter((r) => r.phase === 'grid')).toHaveLength(12);
  });

  it('a SIGTERM to the command stops the sweep once; what finished stays', { timeout: 120_000 }, async () => {
    const dataDir = tempDir();
    const s = startSweep(dataDir, '1-400', 3000, false);
    await s.relaunched();
    await until('a first committed run', () => (/runs: [1-9]/.test(s.err()) ? true : undefined));
    s.child.kill('SIGTERM');
    expect(await s.exit).toBe(130);
    const m = /stopped after (\d+)\/400 runs; continue with: cascade-lab sweep resume (\S+)/.exec(s.err());
    expect(m).not.toBeNull();
    const done = Number(m![1]);
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(400);
    const { store } = await openLibraryStore({ dataDir });
    closeAfter(() => store.close());
    expect(listSweepRuns(store, m![2]!).filter((r) => r.phase === 'grid')).toHaveLength(done);
  });

  it('a killed command leaves no sweep process running', { timeout: 120_000 }, async () => {
    const s = startSweep(tempDir(), '1-400', 3000);
    const { pid } = await s.relaunched();
    s.child.kill('SIGKILL');
    await s.exit;
    await until('the relaunched process to exit', () => (running(pid) ? undefined : true), 10_000);
    expect(running(pid)).toBe(false);
  });
});
