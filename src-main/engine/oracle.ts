/**
 * A protocol's price oracle for one asset: sources (one venue or the median of venues), an update
 * rule (every step, or deviation threshold + heartbeat), posting blocked by outages and by gas above
 * the feed's cap, and a transform of the posted feed (none, Maker's OSM, fixed delay, TWAP, EMA).
 * Liquidations trigger on `value`; sales fill at venue prices.
 */
import type { OracleDesign } from './design.ts';
import { asDoubles } from './double-fields.ts';

export class Oracle {
  /** The price the protocol acts on. */
  value = 0;
  /** The last value the feed posted (before the transform). */
  posted = 0;
  lastPostStep = 0;
  /** Whether `value` changed this step. */
  changed = false;
  /** Whether the feed wanted to post but could not (outage or gas). */
  blocked = false;
  private readonly hopSteps: number;
  private osmNext = 0;
  private readonly ring: Float64Array;
  private ringPos = 0;
  private readonly emaAlpha: number;
  private readonly venueIndex: number;
  private readonly startSec: number;
  private readonly scratch: Float64Array;

  constructor(
    private readonly design: OracleDesign,
    venueNames: readonly string[],
    private readonly stepSeconds: number,
    startSec: number,
  ) {
    this.startSec = startSec;
    this.venueIndex = design.source === 'venue' ? venueNames.indexOf(design.venue ?? '') : -1;
    if (design.source === 'venue' && this.venueIndex < 0) {
      throw new RangeError(
        `design.oracle.venue: "${design.venue}" is not a venue of this scenario (venues: ${venueNames.join(', ')})`,
      );
    }
    const t = design.transform;
    this.hopSteps = t.kind === 'osm' ? Math.max(1, Math.round(t.hopSeconds / stepSeconds)) : 1;
    const window =
      t.kind === 'delay'
        ? Math.round(t.delaySeconds / stepSeconds) + 1
        : t.kind === 'twap'
          ? Math.max(1, Math.round(t.windowSeconds / stepSeconds))
          : 1;
    this.ring = new Float64Array(window);
    this.emaAlpha = t.kind === 'ema' ? 1 - Math.pow(0.5, stepSeconds / t.halfLifeSeconds) : 1;
    this.scratch = new Float64Array(venueNames.length);
    asDoubles(this, ['value', 'posted', 'osmNext']);
  }

  /** Raw reading from venue prices (median, or the named venue). */
  private read(venuePrices: Float64Array): number {
    if (this.venueIndex >= 0) return venuePrices[this.venueIndex]!;
    const n = venuePrices.length;
    this.scratch.set(venuePrices);
    this.scratch.sort();
    return n % 2 === 1
      ? this.scratch[(n - 1) >> 1]!
      : 0.5 * (this.scratch[n / 2 - 1]! + this.scratch[n / 2]!);
  }

  /** Initialises every stage to the first reading (the oracle is assumed settled before the window). */
  init(venuePrices: Float64Array): void {
    const p = this.read(venuePrices);
    this.value = p;
    this.posted = p;
    this.osmNext = p;
    this.ring.fill(p);
    this.lastPostStep = 0;
  }

  /** Advances the oracle to `step`. */
  update(step: number, venuePrices: Float64Array, gasGwei: number, outage: boolean): void {
    const d = this.design;
    const raw = this.read(venuePrices);
    const canPost = !(d.honorOutages && outage) && (d.maxGasGwei === null || gasGwei <= d.maxGasGwei);
    let wants = true;
    if (d.update.kind === 'deviation') {
      const dev = Math.abs(raw / this.posted - 1) * 10_000;
      const age = (step - this.lastPostStep) * this.stepSeconds;
      wants = dev >= d.update.thresholdBps || age >= d.update.heartbeatSeconds;
    }
    this.blocked = wants && !canPost;
    if (wants && canPost) {
      this.posted = raw;
      this.lastPostStep = step;
    }
    const before = this.value;
    const t = d.transform;
    switch (t.kind) {
      case 'none':
        this.value = this.posted;
        break;
      case 'osm': {
        // The OSM `poke`s on hop boundaries of wall-clock time: current ← queued, queued ← feed.
        const sec = this.startSec + step * this.stepSeconds;
        if (Math.round(sec / this.stepSeconds) % this.hopSteps === 0) {
          this.value = this.osmNext;
          this.osmNext = this.posted;
        }
        break;
      }
      case 'delay': {
        this.ring[this.ringPos] = this.posted;
        this.ringPos = (this.ringPos + 1) % this.ring.length;
        this.value = this.ring[this.ringPos]!;
        break;
      }
      case 'twap': {
        this.ring[this.ringPos] = this.posted;
        this.ringPos = (this.ringPos + 1) % this.ring.length;
        let s = 0;
        for (let i = 0; i < this.ring.length; i++) s += this.ring[i]!;
        this.value = s / this.ring.length;
        break;
      }
      case 'ema':
        this.value += this.emaAlpha * (this.posted - this.value);
        break;
    }
    this.changed = this.value !== before;
  }
}
