/**
 * Attribution's counterfactuals measured while the pass itself runs (`measureWaves`), so the
 * replay needs no trunk pass of its own (fork.ts: `counterfactualWindows` builds a second world and
 * runs it up to the last measured wave's start).
 *
 * A wave (report.ts, `findWaves`) starts at a step with liquidations after a quiet gap of more than
 * `WAVE_GAP_SECONDS`. Its counterfactual is the same pass with the impact switched off from that step
 * (`impactOffFromStep`), which phase 7 alone reads: phases 1–6 of the wave's first step are the
 * pass's own. So at that step, once phase 6 has run and the step's liquidations are known, the world
 * is copied (fork.ts), the copy runs phases 7–8 with the impact off, and from then on it steps in
 * lockstep behind the pass — each of its steps after the pass's own, so a construction pass's F of
 * that step is already recorded — until the wave is over (a gap longer than the wave gap). One copy
 * is alive at a time (waves are separated by more than the gap) and its buffers serve the next one.
 *
 * Identical to `counterfactualWindows` (wave-forks.test.ts); a wave whose first liquidation of its
 * first step came after phase 6 has no copy here, and attribution measures it the old way.
 */
import { WorldForker } from './fork.ts';
import { impactAndArbitrage } from './phases/impact.ts';
import { beginStep, PIPELINE, step } from './step.ts';
import type { SimulationOptions } from './types.ts';
import { WAVE_GAP_SECONDS } from './types.ts';
import type { World } from './world.ts';

/** Index in PIPELINE of the first phase a counterfactual changes (phase 7, impact). */
const IMPACT_PHASE = PIPELINE.indexOf(impactAndArbitrage);

/** Per wave start: the counterfactual's market price before each step's flows, from its start to the step after its end. */
export type WaveCounterfactuals = ReadonlyMap<number, Float64Array>;

const attached = new WeakMap<object, WaveCounterfactuals>();

/** The counterfactuals a pass run with `measureWaves` measured (kept beside its result, never in it). */
export function waveCounterfactualsOf(run: object): WaveCounterfactuals | undefined {
  return attached.get(run);
}

export function attachWaveCounterfactuals(run: object, measured: WaveCounterfactuals): void {
  attached.set(run, measured);
}

/** The wave being watched: its first step, its copy (null: none could be made) and the copy's prices. */
interface OpenWave {
  from: number;
  world: World | null;
  prices: number[];
}

export class WaveForks {
  readonly measured = new Map<number, Float64Array>();
  private readonly forker: WorldForker;
  private readonly gapSteps: number;
  /** Last step with liquidations, or −1. */
  private last = -1;
  private open: OpenWave | null = null;

  constructor(private readonly w: World) {
    this.forker = new WorldForker(w);
    this.gapSteps = Math.max(1, Math.round(WAVE_GAP_SECONDS / w.dt));
  }

  /** Runs step t of the pass (phases 1–8), forking at a wave's start and stepping the wave's copy. */
  step(t: number): void {
    const w = this.w;
    beginStep(w, t);
    for (let p = 0; p < IMPACT_PHASE; p++) PIPELINE[p]!.run(w);
    const starts = w.tally.kicks > 0 && this.quietBefore(t);
    const fork = starts ? this.forker.fork(w, this.counterfactualOptions(t), true) : null;
    for (let p = IMPACT_PHASE; p < PIPELINE.length; p++) PIPELINE[p]!.run(w);
    if (fork) {
      for (let p = IMPACT_PHASE; p < PIPELINE.length; p++) PIPELINE[p]!.run(fork);
      this.open = { from: t, world: fork, prices: [fork.now.ref] };
    } else if (this.open?.world) {
      step(this.open.world, t);
      this.open.prices.push(this.open.world.now.ref);
    }
    if (w.tally.kicks > 0) {
      // A wave whose first liquidations came after phase 6 has no copy: attribution runs it apart.
      if (!fork && this.quietBefore(t)) this.open = { from: t, world: null, prices: [] };
      this.last = t;
    } else if (this.open && t - this.last >= this.gapSteps + 1) this.close();
  }

  /** The pass is over: the wave still open ends here. */
  finish(): void {
    if (this.open) this.close();
  }

  /** Would liquidations at step t start a new wave (findWaves' rule)? */
  private quietBefore(t: number): boolean {
    return this.last < 0 || t - this.last > this.gapSteps + 1;
  }

  /** The open wave ended at `last`: its prices up to the step after (the run's last at most). */
  private close(): void {
    const open = this.open!;
    this.open = null;
    if (!open.world) return;
    const to = Math.min(this.last + 1, this.w.steps - 1);
    this.measured.set(open.from, Float64Array.from(open.prices.slice(0, to - open.from + 1)));
    // Its buffers are written over by the next copy (a fresh ~190 MB per copy at 1M costs more).
    this.forker.recycle(open.world);
  }

  /**
   * The counterfactual's options: the pass's, with the impact off from t, no reporters' hooks, and F
   * read from the path (a construction pass records F step by step; the copy reads each step's after
   * the pass has set it, so it runs as an ordinary pass on the recorded F).
   */
  private counterfactualOptions(t: number): SimulationOptions {
    const w = this.w;
    const opts: SimulationOptions = { ...w.opts, impactOffFromStep: t };
    if (opts.anchorLog) {
      opts.fundamentalLog = opts.fundamentalLog.map((f, a) => (a === w.assetIdx ? w.path.fundamentalLog : f));
    }
    delete opts.anchorLog;
    delete opts.onStep;
    delete opts.trackAccounts;
    delete opts.clock;
    delete opts.measureWaves;
    return opts;
  }
}
