/**
 * Phase 9 reporter for the derivatives layer: the layer records its own per-step series and events
 * (options/), and every hour (and at the last step) the gamma map — what dealers and insurers would
 * have to sell if the price fell a further 1% from each of 41 price levels. At the end, the layer's
 * events join the run's log at their steps, and the options report is assembled.
 */
import type { DerivativesLayer } from '../../options/derivatives-layer.ts';
import type { OptionsReport, StepEvent } from '../types.ts';
import type { World } from '../world.ts';

const GAMMA_LEVELS = 41;

export class OptionsRecorder {
  readonly levels: Float64Array;
  readonly everySteps: number;
  private readonly rows: number;
  private readonly units: Float64Array;
  private readonly dealers: Float64Array;
  private row = 0;

  constructor(
    private readonly w: World,
    private readonly layer: DerivativesLayer,
  ) {
    this.everySteps = Math.max(1, Math.round(3600 / w.dt));
    this.rows = Math.floor((w.steps - 1) / this.everySteps) + 2;
    this.levels = Float64Array.from(
      { length: GAMMA_LEVELS },
      (_, k) => w.P0 * Math.exp(Math.log(0.5) + (k * Math.log(1.3 / 0.5)) / (GAMMA_LEVELS - 1)),
    );
    this.units = new Float64Array(this.rows * this.levels.length);
    this.dealers = new Float64Array(this.rows * this.levels.length);
  }

  record(): void {
    const { now, steps } = this.w;
    this.layer.record(now.tSec);
    if (now.t % this.everySteps === 0 || now.t === steps - 1) this.recordGamma();
  }

  /** The options report, with the layer's events merged into `events` at their steps (engine events of a step first). */
  finish(events: StepEvent[]): OptionsReport {
    mergeLayerEvents(this.w, this.layer, events);
    const os = this.layer.series();
    const size = this.row * this.levels.length;
    return {
      series: os,
      gammaMap: {
        levels: this.levels,
        everySteps: this.everySteps,
        rows: this.row,
        units: this.units.subarray(0, size),
        dealers: this.dealers.subarray(0, size),
      },
      writersLiquidated: os.writersLiquidated.reduce((a, b) => a + b, 0),
      conservationError: this.layer.conservationError(),
    };
  }

  private recordGamma(): void {
    if (this.row >= this.rows) return;
    const g = this.layer.gammaMap(Array.from(this.levels));
    this.units.set(g.totalUnits, this.row * this.levels.length);
    this.dealers.set(g.dealersUnits, this.row * this.levels.length);
    this.row++;
  }
}

const KIND_OF = {
  liquidation: 'options',
  expiry: 'options',
  vault: 'options',
  hedging: 'hedging',
  insurance: 'insurance',
  iv: 'iv',
} as const;

/** The layer's events (epoch seconds) join the run's log at their steps, after the engine's events of that step. */
function mergeLayerEvents(w: World, layer: DerivativesLayer, events: StepEvent[]): void {
  const extra: StepEvent[] = layer.events().map((e) => ({
    step: Math.min(w.steps - 1, Math.max(0, Math.round((e.time - w.timeline.startSec) / w.dt))),
    kind: KIND_OF[e.kind],
    text: e.text,
  }));
  const merged: StepEvent[] = [];
  let j = 0;
  for (const e of events) {
    while (j < extra.length && extra[j]!.step < e.step) merged.push(extra[j++]!);
    merged.push(e);
  }
  while (j < extra.length) merged.push(extra[j++]!);
  events.length = 0;
  events.push(...merged);
}
