/**
 * Attribution's counterfactuals measured while the pass itself runs (`measureWaves`), so the
 * replay needs no trunk pass of its own (fork.ts: `counterfactualWindows` builds a second world and
 * runs it up to the last measured wave's start).
 *
 * A wave (report.ts, `findWaves`) starts at a step with liquidations after a quiet gap of more than
 * `WAVE_GAP_SECONDS`. Its counterfactual is the same pass with the impact switched off from that step
 * (`impactOffFromStep`), which phase 7 alone reads: phases 1–6 of the wave's first step are the
 * pass's own.
 *
 * So at that step, once phase 6 has run, the venues are copied (venue-counterfactual.ts: with the
 * impact off, nothing else moves the price) and the copy steps in lockstep behind the pass — each of
 * its steps after the pass's own, so a construction pass's F of that step is already recorded and
 * read — until the wave is over (a gap longer than the wave gap).
 *
 * Identical to `counterfactualWindows` (wave-forks.test.ts, for every built-in scenario, basket and
 * options runs among them), which fork.test.ts checks against one whole pass with the impact off per
 * window; a wave whose first liquidation of its first step came after phase 6 has no copy here, and
 * attribution measures it through `counterfactualWindows`.
 */
import { WorldForker } from './fork.ts';
import { beginStep, PIPELINE } from './step.ts';
import { IMPACT_PHASE, VenueCounterfactual } from './venue-counterfactual.ts';
import type { World } from './world.ts';

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

/** The wave being watched: its first step, its counterfactual (null: none could be made) and its prices. */
interface OpenWave {
  from: number;
  venues: VenueCounterfactual | null;
  prices: number[];
}

export class WaveForks {
  readonly measured = new Map<number, Float64Array>();
  private readonly copyOf: <T>(value: T) => T;
  private open: OpenWave | null = null;

  constructor(private readonly w: World) {
    const forker = new WorldForker(w);
    this.copyOf = (value) => forker.copyOf(value);
  }

  /** Runs step t of the pass (phases 1–8), copying the venues at a wave's start and stepping the copy. */
  step(t: number): void {
    const w = this.w;
    beginStep(w, t);
    for (let p = 0; p < IMPACT_PHASE; p++) PIPELINE[p]!.run(w);
    // The world's wave tally has counted this step's kicks so far: a wave opened at t starts here.
    const waves = w.waves;
    const starts = w.tally.kicks > 0 && waves.openedAt === t;
    const venues = starts ? new VenueCounterfactual(w, this.copyOf, null) : null;
    const price = w.now.ref;
    if (venues) venues.firstStep();
    for (let p = IMPACT_PHASE; p < PIPELINE.length; p++) PIPELINE[p]!.run(w);
    if (venues) this.open = { from: t, venues, prices: [price] };
    else if (this.open?.venues) this.open.prices.push(this.open.venues.step(t));
    if (w.tally.kicks > 0) {
      // A wave whose first liquidations came after phase 6 has no copy: attribution runs it apart.
      if (!venues && waves.openedAt === t) this.open = { from: t, venues: null, prices: [] };
    } else if (this.open && t - waves.lastKickStep >= waves.gapSteps + 1) this.close();
  }

  /** The pass is over: the wave still open ends here. */
  finish(): void {
    if (this.open) this.close();
  }

  /** The open wave ended at its last kick: its prices up to the step after (the run's last at most). */
  private close(): void {
    const open = this.open!;
    this.open = null;
    if (!open.venues) return;
    const to = Math.min(this.w.waves.lastKickStep + 1, this.w.steps - 1);
    this.measured.set(open.from, Float64Array.from(open.prices.slice(0, to - open.from + 1)));
  }
}
