/**
 * The first replay a newcomer sees: the Library's featured crash (its first built-in scenario)
 * under its historical design, seed 1, the scenario's default population. The app starts it on the
 * engine pool as soon as it starts, before a window has asked, and keeps its runs; a `replay.start`
 * asking for exactly that run gets them (ReplayJobs), so opening it is immediate.
 *
 * The run is deterministic (same code, scenario, design and seed give the same bytes), so it is
 * also kept on disk, keyed by a fingerprint of the code that ran it (the engine worker's bundle,
 * with ENGINE_VERSION) and of the scenario and design: the next start reads it instead of
 * computing it. The file carries a SHA-256 of its payload; a damaged, foreign or stale file is
 * ignored (and replaced), never trusted.
 *
 * The build computes the same run once and ships it beside the engine worker (`shippedDir`, see
 * tools/record-first-replay.ts): a fresh data folder then starts from that file, which carries the
 * same key — the worker bundle that computed it, ENGINE_VERSION, the scenario and the design — so
 * a build whose engine differs never reads it. The file is read without blocking the host's
 * thread on the disk, so the page loads meanwhile.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { Design } from '../engine/design.ts';
import { PRESETS } from '../engine/presets.ts';
import type { Scenario } from '../engine/scenario.ts';
import { ENGINE_VERSION } from '../engine/version.ts';
import { BUILTIN_SCENARIOS } from '../scenarios/index.ts';
import { AppError } from './app-errors.ts';
import type { EnginePool } from './pool/engine-pool.ts';
import type { StoredRun } from './run-view.ts';

/** What a replay asks for, as ReplayJobs receives it. */
export interface ReplayAsk {
  scenario: Scenario;
  designs: Design[];
  seed: number;
  accounts?: number;
}

export interface FirstReplayOptions {
  pool: EnginePool;
  scenario: Scenario;
  design: Design;
  /** Folder for the cached run (none: kept in memory only). */
  cacheDir?: string;
  /**
   * A read-only folder where the build left this run (the same file name, so the same key), read
   * when `cacheDir` has none.
   */
  shippedDir?: string;
  /** Identifies the code that computes runs (none: no disk cache, as stale runs could not be told apart). */
  codeFingerprint?: string;
  /** Delay before a computed run is written to disk, ms (default 2000). */
  writeDelayMs?: number;
  log(line: string): void;
}

const FILE_PREFIX = 'first-replay-';
/**
 * v2: each run's records (per-account detail, read only by an autopsy or an export) are stored as
 * bytes of their own and read back when first used, so opening the replay reads the views alone.
 */
const MAGIC = 'cascade-lab first replay v2\n';

/** A run whose records are read from `records` when first used. */
function lazyRun(view: StoredRun['view'], records: () => StoredRun['records']): StoredRun {
  let read: StoredRun['records'] | undefined;
  return {
    view,
    get records() {
      return (read ??= records());
    },
  };
}
const WRITE_DELAY_MS = 2000;

/** The featured crash (the Library's first built-in scenario) under its historical design. */
export function featuredReplay(): { scenario: Scenario; design: Design } | undefined {
  // The first id only: values() would validate every built-in scenario before the host can answer.
  const id = BUILTIN_SCENARIOS.keys().next().value;
  const scenario = id === undefined ? undefined : BUILTIN_SCENARIOS.get(id);
  const design = scenario && PRESETS.get(scenario.historicalDesignId);
  return scenario && design ? { scenario, design } : undefined;
}

/** Where the build leaves the first replay: `first-replay/` beside the engine worker bundle. */
export function shippedFirstReplayDir(workerDir: string): string {
  return path.join(workerDir, 'first-replay');
}

/** SHA-256 (hex) of the engine worker bundle in `workerDir`, or undefined when it cannot be read. */
export function workerFingerprint(workerDir: string, file: string): string | undefined {
  try {
    return createHash('sha256')
      .update(readFileSync(path.join(workerDir, file)))
      .digest('hex');
  } catch {
    return undefined;
  }
}

export class FirstReplay {
  readonly #options: FirstReplayOptions;
  readonly #file: string | undefined;
  readonly #shipped: string | undefined;
  #runs: Promise<StoredRun[]> | undefined;
  #written: Promise<void> = Promise.resolve();
  readonly #listeners = new Set<(done: number, total: number, label: string) => void>();

  constructor(options: FirstReplayOptions) {
    this.#options = options;
    if (options.cacheDir && options.codeFingerprint) {
      const key = createHash('sha256')
        .update(
          JSON.stringify([MAGIC, ENGINE_VERSION, options.codeFingerprint, options.scenario, options.design]),
        )
        .digest('hex')
        .slice(0, 32);
      this.#file = path.join(options.cacheDir, `${FILE_PREFIX}${key}.bin`);
      if (options.shippedDir) this.#shipped = path.join(options.shippedDir, path.basename(this.#file));
    }
  }

  /** Resolves once the computed runs are on disk (tests; immediately when nothing is pending). */
  flushed(): Promise<void> {
    return this.#written;
  }

  /** The cache file's path (undefined when there is no disk cache). */
  get file(): string | undefined {
    return this.#file;
  }

  /** Where the run was found: 'data' (the data folder's cache), 'shipped' (the build's), 'computed'. */
  #source: 'data' | 'shipped' | 'computed' | undefined;

  /** Where the run came from, once it is there (tests, the bench). */
  get source(): 'data' | 'shipped' | 'computed' | undefined {
    return this.#source;
  }

  /** Starts the run (or reads it from disk). Safe to call more than once. */
  start(): void {
    if (this.#runs) return;
    this.#runs = this.#load();
    // A failure is the asking job's to report; nothing here waits on it.
    this.#runs.catch(() => {});
  }

  /** The data folder's cached run, else the build's, else computed. */
  async #load(): Promise<StoredRun[]> {
    const own = await this.#read(this.#file);
    if (own) {
      this.#source = 'data';
      return own;
    }
    const shipped = await this.#read(this.#shipped);
    if (shipped) {
      this.#source = 'shipped';
      return shipped;
    }
    const runs = await this.#compute();
    this.#source = 'computed';
    return runs;
  }

  /** True when `ask` is exactly this run. */
  matches(ask: ReplayAsk): boolean {
    const { scenario, design } = this.#options;
    return (
      ask.scenario === scenario &&
      ask.designs.length === 1 &&
      JSON.stringify(ask.designs[0]) === JSON.stringify(design) &&
      ask.seed === 1 &&
      ask.accounts === undefined
    );
  }

  /**
   * The runs, renamed `<runIdPrefix>-<index>` for the asking job; progress of the computation
   * (if it is still running) goes to `onProgress`. A cancelled `signal` rejects at once without
   * stopping the shared computation.
   */
  async take(
    runIdPrefix: string,
    onProgress: (done: number, total: number, label: string) => void,
    signal: AbortSignal,
  ): Promise<StoredRun[]> {
    this.start();
    this.#listeners.add(onProgress);
    try {
      const runs = await Promise.race([this.#runs!, aborted(signal)]);
      // The records stay unread until someone needs them (shared by every job's copy).
      return runs.map((r, i) => lazyRun({ ...r.view, runId: `${runIdPrefix}-${i}` }, () => r.records));
    } finally {
      this.#listeners.delete(onProgress);
    }
  }

  async #compute(): Promise<StoredRun[]> {
    const { pool, scenario, design } = this.#options;
    try {
      const runs = await pool.run(
        'replay',
        { scenarioId: scenario.id, scenario, designs: [design], seed: 1, runIdPrefix: 'first' },
        { onProgress: (done, total, label) => this.#listeners.forEach((l) => l(done, total, label)) },
      );
      // Written once the page that asked has had its answer: serialising and hashing the runs
      // holds this thread for a moment, which the first replay's reader should not wait for.
      // With no delay (the build's recorder) it is written now: an unref'd timer could be the last
      // thing left in a process about to exit, and the write would never happen.
      const delay = this.#options.writeDelayMs ?? WRITE_DELAY_MS;
      if (delay === 0) {
        this.#write(runs);
        this.#written = Promise.resolve();
      } else {
        this.#written = new Promise((resolve) => {
          const write = () => {
            this.#write(runs);
            resolve();
          };
          setTimeout(write, delay).unref();
        });
      }
      return runs;
    } catch (e) {
      // Not kept: the next ask runs it again (as an ordinary job would).
      this.#runs = undefined;
      throw e;
    }
  }

  async #read(file: string | undefined): Promise<StoredRun[] | undefined> {
    if (!file) return undefined;
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch {
      return undefined; // not cached yet
    }
    const head = MAGIC.length + 64;
    const sum = bytes.subarray(MAGIC.length, head).toString('latin1');
    const payload = bytes.subarray(head);
    if (
      bytes.subarray(0, MAGIC.length).toString('latin1') !== MAGIC ||
      createHash('sha256').update(payload).digest('hex') !== sum
    ) {
      this.#options.log(`cascade-lab: ignoring a damaged first-replay cache ${file}; it will be rebuilt`);
      return undefined;
    }
    try {
      const stored = deserialize(payload) as { view: StoredRun['view']; records: Uint8Array }[];
      return stored.map((r) => lazyRun(r.view, () => deserialize(r.records) as StoredRun['records']));
    } catch {
      return undefined;
    }
  }

  /** Written to a temporary file and renamed (never half-written); older cache files removed. */
  #write(runs: StoredRun[]): void {
    const file = this.#file;
    if (!file) return;
    let tmp: string | undefined;
    try {
      const dir = path.dirname(file);
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const payload = serialize(runs.map((r) => ({ view: r.view, records: serialize(r.records) })));
      const sum = createHash('sha256').update(payload).digest('hex');
      tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, Buffer.concat([Buffer.from(MAGIC + sum, 'latin1'), payload]), { mode: 0o600 });
      renameSync(tmp, file);
      for (const name of readdirSync(dir)) {
        // Older runs only: another process's file being written (`.tmp`) is left to it.
        if (name.startsWith(FILE_PREFIX) && name.endsWith('.bin') && path.join(dir, name) !== file)
          rmSync(path.join(dir, name), { force: true });
      }
    } catch (e) {
      if (tmp) rmSync(tmp, { force: true });
      // A cache only: a read-only or full disk costs the next start some time, nothing else.
      this.#options.log(`cascade-lab: could not cache the first replay in ${file}: ${(e as Error).message}`);
    }
  }
}

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const fail = () => reject(new AppError('cancelled', 'the job was cancelled'));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}
