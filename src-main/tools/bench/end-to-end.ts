/**
 * The bench's end-to-end section: the built CLI's `replay black-thursday-2020 --accounts N --json`
 * timed from process start to its JSON (calibration included), its peak RSS, and the NumPy peer
 * (peers/numpy_fullscan.py, a vectorised full scan of the same vaults) at the same sizes in the same
 * run. Figures are printed, never asserted. The machine may be shared: each figure is the median of
 * `runs` runs, and the load average is printed beside them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { median } from '../../engine/medians.ts';

/** Makes the child print its own peak RSS (bytes) on stderr when it exits. */
const RSS_PROBE =
  "data:text/javascript,process.on('exit',()=>process.stderr.write('\\nCASCADE_MAXRSS_KB='+process.resourceUsage().maxRSS+'\\n'))";

interface Timed {
  wallMs: number;
  rssKb: number;
}

function runCli(accounts: number, env: NodeJS.ProcessEnv = process.env): Timed {
  const t0 = performance.now();
  const r = spawnSync(
    process.execPath,
    [
      `--import=${RSS_PROBE}`,
      'build/main/cli.js',
      'replay',
      'black-thursday-2020',
      '--accounts',
      String(accounts),
      '--json',
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env },
  );
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`cli replay failed (${r.status}): ${r.stderr.slice(0, 400)}`);
  JSON.parse(r.stdout);
  const m = /CASCADE_MAXRSS_KB=(\d+)/.exec(r.stderr);
  return { wallMs, rssKb: m ? Number(m[1]) : NaN };
}

const PEER = path.resolve('src-main/tools/bench/peers/numpy_fullscan.py');
const BT_DATA = path.resolve('src-main/scenarios/data/2020-03-12-black-thursday');

/** The peer's environment: its data dir, without the OpenBLAS settings that slow NumPy. */
function peerEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, BT_DATA_DIR: BT_DATA };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}

/** What the probe finds: numpy's version and the peer's per-step kernel timed on this host. */
interface NumpyProbe {
  version: string;
  /** One step's scan as the peer runs it over 1 M accounts (multiply, compare, nonzero), ms. */
  kernelMs: number;
  /** The peer's number of steps (its own constant). */
  steps: number;
}

/**
 * The peer's vectorised scan alone, timed on this host: the three array operations it runs over
 * every account each step (numpy_fullscan.py, step 3), on 1 M doubles, median of five blocks of a
 * hundred after a warm-up. Times the steps' share of the peer's wall time apart from its code, so a
 * ratio that moves between hosts can be read against it.
 */
const NUMPY_PROBE = `
import importlib.util, json, time, numpy as np
spec = importlib.util.spec_from_file_location('peer', ${JSON.stringify(PEER)})
peer = importlib.util.module_from_spec(spec); spec.loader.exec_module(peer)
n = 1_000_000
rng = np.random.default_rng(1)
coll = rng.random(n) + 1.0
debt_lr = rng.random(n) * 0.5
val = np.empty(n); below = np.empty(n, dtype=bool)
def block(k):
    t = time.perf_counter()
    for _ in range(k):
        np.multiply(coll, 0.9, out=val); np.less(val, debt_lr, out=below); np.flatnonzero(below)
    return (time.perf_counter() - t) / k
block(20)
print(json.dumps({'version': np.__version__, 'kernelMs': sorted(block(100) for _ in range(5))[2] * 1e3, 'steps': peer.STEPS}))
`;

/** numpy's version and the kernel's time, or why the peer cannot run here. */
function numpyProbe(): NumpyProbe | { absent: string } {
  if (!existsSync(PEER)) return { absent: `${PEER} is missing` };
  const r = spawnSync('python3', ['-c', NUMPY_PROBE], { encoding: 'utf8', env: peerEnv() });
  if (r.error) return { absent: 'python3 is not installed' };
  if (/No module named '?numpy/.test(r.stderr)) return { absent: 'python3 has no numpy' };
  try {
    if (r.status === 0) return JSON.parse(r.stdout) as NumpyProbe;
  } catch {
    // reported below
  }
  const last = r.stderr.trim().split('\n').pop() || `exit ${r.status}`;
  return { absent: `the probe of python3 and numpy failed (${last})` };
}

/** The probe's line: the peer's steps timed apart, against its wall time when it ran (NaN: not yet). */
function kernelLine(probe: NumpyProbe, peerMs: number): string {
  const stepsMs = probe.kernelMs * probe.steps;
  const share = Number.isFinite(peerMs)
    ? `, ${((100 * stepsMs) / peerMs).toFixed(0)}% of its ${f0(peerMs)} ms at 1 M`
    : '';
  return `the NumPy peer's scan on this host (multiply, compare and nonzero over 1 M doubles, what it runs every step): ${probe.kernelMs.toFixed(2)} ms a step, × ${probe.steps} steps = ${f0(stepsMs)} ms${share}`;
}

/**
 * The host the two sides ran on: processor, cores, its widest vector instructions (NumPy's loops use
 * them, the engine's event loop does not) and the versions. The same builds have measured different
 * ratios on different hosts, so each run names its host.
 */
function hostLine(numpy: string | null): string {
  let vector = 'unknown';
  try {
    const flags = /^flags\s*:(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.split(' ') ?? [];
    const widest = ['avx512f', 'avx2', 'avx', 'sse4_2'];
    vector = widest.find((f) => flags.includes(f)) ?? `none of ${widest.join('/')}`;
  } catch {
    // Not Linux: the vector line stays "unknown".
  }
  const cpu = cpus();
  return `host: ${cpu[0]?.model ?? 'unknown processor'}, ${cpu.length} cores, widest vector instructions ${vector}; node ${process.version}, numpy ${numpy ?? 'unknown (below)'}`;
}

/**
 * This host's latency of a read the engine cannot stream: each read's address is the one before's
 * value (a random cycle through 32 MB of Int32, one read at a time). The engine's events read
 * accounts in the order the price reaches them, not in memory order; the peer streams its arrays.
 * Median of three blocks of 10^6 reads, after 10^5 unmeasured. Deterministic cycle (Sattolo's
 * shuffle on a fixed LCG).
 */
function randomReadNs(): number {
  const n = (32 * 1024 * 1024) / 4;
  const next = new Int32Array(n);
  for (let i = 0; i < n; i++) next[i] = i;
  let s = 12345;
  for (let i = n - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) | 0;
    const j = (s >>> 0) % i;
    const x = next[i]!;
    next[i] = next[j]!;
    next[j] = x;
  }
  let p = 0;
  const chase = (reads: number): number => {
    const t0 = performance.now();
    for (let k = 0; k < reads; k++) p = next[p]!;
    return ((performance.now() - t0) * 1e6) / reads;
  };
  chase(100_000);
  const ns = median([chase(1_000_000), chase(1_000_000), chase(1_000_000)]);
  return p >= 0 ? ns : NaN; // (p read, so the chase is not dropped)
}

function runPeer(accounts: number): Timed {
  const t0 = performance.now();
  const r = spawnSync(
    '/usr/bin/env',
    [
      'python3',
      '-c',
      `import resource,runpy,sys;sys.argv=[${JSON.stringify(PEER)},'--accounts','${accounts}','--json'];runpy.run_path(sys.argv[0],run_name='__main__');sys.stderr.write('\\nCASCADE_MAXRSS_KB=%d\\n'%resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)`,
    ],
    { encoding: 'utf8', env: peerEnv(), maxBuffer: 16 * 1024 * 1024 },
  );
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`numpy peer failed (${r.status}): ${r.stderr.slice(0, 400)}`);
  JSON.parse(r.stdout);
  const m = /CASCADE_MAXRSS_KB=(\d+)/.exec(r.stderr);
  return { wallMs, rssKb: m ? Number(m[1]) : NaN };
}

/**
 * Medians of `runs` runs of each, alternated (a, b, a, b, …) so both see the same load, and each
 * pair's b / a wall-time ratio in run order (empty without b): the spread a median hides.
 */
function alternated(a: () => Timed, b: (() => Timed) | null, runs: number): [Timed, Timed | null, number[]] {
  const xs: Timed[] = [];
  const ys: Timed[] = [];
  for (let k = 0; k < runs; k++) {
    xs.push(a());
    if (b) ys.push(b());
  }
  const med = (ts: Timed[]): Timed => ({
    wallMs: median(ts.map((x) => x.wallMs)),
    rssKb: median(ts.map((x) => x.rssKb)),
  });
  const pairRatios = ys.map((y, k) => y.wallMs / xs[k]!.wallMs);
  return [med(xs), b ? med(ys) : null, pairRatios];
}

const f0 = (x: number): string => x.toFixed(0);

/**
 * The CLI with and without one of its start-up aids, runs alternated so both see the same load:
 * the population helper (a worker drawing half of the population; CASCADE_LAB_POPULATION_HELPER=0
 * turns it off) and the code cache (V8's compiled bundle, cli/launch.ts; CASCADE_LAB_CODE_CACHE=0).
 */
function withAndWithout(accounts: number, runs: number, what: string, off: Record<string, string>): void {
  const offEnv = { ...process.env, ...off };
  const [without, withIt] = alternated(
    () => runCli(accounts, offEnv),
    () => runCli(accounts),
    runs,
  );
  const a = withIt!.wallMs;
  const b = without.wallMs;
  const [name, value] = Object.entries(off)[0]!;
  console.log(
    `${accounts} accounts, runs alternated: with ${what} ${f0(a)} ms, without it (${name}=${value}) ${f0(b)} ms; ${what} saves ${f0(b - a)} ms`,
  );
}

/** Whether the built CLI uses its code cache (cli/launch.ts reports it on stderr when asked). */
function codeCacheStatus(): string {
  const r = spawnSync(process.execPath, ['build/main/cli.js', 'designs'], {
    encoding: 'utf8',
    env: { ...process.env, CASCADE_LAB_CODE_CACHE: 'report' },
  });
  return /cascade-lab code cache: (.*)/.exec(r.stderr)?.[1] ?? 'not reported';
}

/** What the summary line quotes: at the largest size, peer wall time / engine wall time (NaN: no peer). */
export interface EndToEndFigures {
  accounts: number;
  peerRatio: number;
}

export function benchEndToEnd(sizes: readonly number[], runs = 5): EndToEndFigures | null {
  if (!existsSync('build/main/cli.js')) {
    console.log('END-TO-END BENCHMARK NOT RUN: build/main/cli.js is missing (npm run build)');
    return null;
  }
  const load = loadavg()[0]!.toFixed(1);
  console.log(
    `\n[end to end] node build/main/cli.js replay black-thursday-2020 --accounts N --json, process start to JSON, calibration included; median of ${runs} runs, alternated with the NumPy peer's; load average ${load} (the machine may be shared)`,
  );
  const probed = numpyProbe();
  const probe = 'absent' in probed ? null : probed;
  console.log(hostLine(probe?.version ?? null));
  console.log(
    `host memory: a dependent random read among 32 MB (the engine reads accounts in the order the price reaches them) ${randomReadNs().toFixed(0)} ns`,
  );
  console.log(`the CLI's code cache: ${codeCacheStatus()}`);
  const absent = 'absent' in probed ? probed.absent : null;
  if (absent) console.log(`NumPy peer not run: ${absent}`);
  const cli = new Map<number, Timed>();
  let peerMsAt1M = NaN;
  let peerRatio = NaN;
  for (const n of sizes) {
    const [c, p, pairs] = alternated(() => runCli(n), absent ? null : () => runPeer(n), runs);
    cli.set(n, c);
    let line = `${String(n).padStart(8)} accounts: engine CLI ${f0(c.wallMs)} ms, peak RSS ${f0(c.rssKb / 1024)} MB`;
    if (p) {
      peerRatio = p.wallMs / c.wallMs;
      if (n === 1_000_000) peerMsAt1M = p.wallMs;
      line += `; NumPy peer ${f0(p.wallMs)} ms, peak RSS ${f0(p.rssKb / 1024)} MB; peer / engine wall time ${peerRatio.toFixed(2)}× (above 1: the engine is faster; run by run ${pairs.map((r) => `${r.toFixed(2)}×`).join(', ')})`;
    }
    console.log(line);
  }
  const lo = Math.min(...sizes);
  const hi = Math.max(...sizes);
  if (probe) console.log(kernelLine(probe, peerMsAt1M));
  withAndWithout(hi, Math.max(runs, 5), 'the population helper', { CASCADE_LAB_POPULATION_HELPER: '0' });
  withAndWithout(hi, Math.max(runs, 5), 'the code cache', { CASCADE_LAB_CODE_CACHE: '0' });
  if (hi > lo) {
    const perAccount = ((cli.get(hi)!.rssKb - cli.get(lo)!.rssKb) * 1024) / (hi - lo);
    console.log(
      `peak RSS per account ((RSS at ${hi} − RSS at ${lo}) / ${hi - lo}): ${f0(perAccount)} B; end to end at ${hi}: ${f0(cli.get(hi)!.wallMs)} ms`,
    );
  }
  return { accounts: sizes[sizes.length - 1]!, peerRatio };
}
