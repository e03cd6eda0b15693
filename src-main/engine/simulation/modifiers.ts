/**
 * Modifiers on any liquidation mechanism (MODEL.md §6): grace periods, a liquidity cap (sales per
 * minute at most a multiple of the venues' depth; a step gets its share of the minute), tiered
 * execution (large lots sold as TWAP slices, one slice a minute, a step releasing its share of a
 * slice or several) and partial liquidation to a target ratio. All in time, so the step does not
 * change what they allow. The circuit breaker lives with the margin engine
 * (margin-model.ts: it pauses liquidations or scales margins).
 *
 * Owner of the grace clocks, the step's liquidity budget and the queue of TWAP slices.
 */
import { asDoubles } from '../double-fields.ts';
import type { Modifiers } from '../design.ts';
import type { AssetMarket } from '../market.ts';
import type { StepOrders } from './orders.ts';

export class ModifierState {
  /** Sales allowed this step under the liquidity cap, and already used, USD (Infinity: no cap). */
  capUsd = Infinity;
  usedUsd = 0;
  private readonly graceSteps: number;
  /** Minutes in a step: the share of a minute's cap and of a minute's slice a step gets. */
  private readonly stepMinutes: number;
  /** First step an account was seen liquidatable in its current spell, and the last step it was seen. */
  private readonly graceStart: Int32Array | null;
  private readonly graceSeen: Int32Array | null;
  // Tiered execution: one entry per lot; each step releases its share of a slice a minute.
  private readonly sliceKind: number[] = [];
  private readonly sliceWho: number[] = [];
  private readonly sliceUnits: number[] = [];
  private readonly sliceDebt: number[] = [];
  /** Slices (minutes) still to release, fractional. */
  private readonly sliceLeft: number[] = [];

  constructor(
    readonly spec: Modifiers,
    stepSeconds: number,
    accounts: number,
  ) {
    asDoubles(this, ['usedUsd']);
    this.stepMinutes = stepSeconds / 60;
    this.graceSteps =
      spec.gracePeriodSeconds > 0 ? Math.max(1, Math.round(spec.gracePeriodSeconds / stepSeconds)) : 0;
    this.graceStart = this.graceSteps > 0 ? new Int32Array(accounts).fill(-1) : null;
    this.graceSeen = this.graceSteps > 0 ? new Int32Array(accounts).fill(-1) : null;
  }

  /** Phase 5 start: the step's liquidity budget from the venues' current (stress-thinned) depth. */
  beginLiquidations(market: AssetMarket): void {
    this.usedUsd = 0;
    this.capUsd = Infinity;
    if (this.spec.liquidityCapDepthMultiple !== null) {
      let depth = 0;
      for (let v = 0; v < market.venueCount; v++) depth += market.depth[v]!;
      this.capUsd = this.spec.liquidityCapDepthMultiple * depth * this.stepMinutes;
    }
  }

  /** Is account i, liquidatable at step t, still inside its grace period? (A new spell restarts it.) */
  inGrace(i: number, t: number): boolean {
    const start = this.graceStart;
    const seen = this.graceSeen;
    if (!start || !seen) return false;
    if (seen[i] !== t - 1 && seen[i] !== t) start[i] = t;
    seen[i] = t;
    return t - start[i]! < this.graceSteps;
  }

  /** Collateral units the cap still allows this step at the market price `ref` (Infinity: no cap). */
  maxUnits(ref: number): number {
    return this.capUsd === Infinity ? Infinity : (this.capUsd - this.usedUsd) / ref;
  }

  /**
   * Units of collateral whose sale at the oracle `price` (proceeds repaying debt d, `bonus` on top)
   * restores the partial target for an account holding c; Infinity when the whole account goes.
   * `qf`: the margin engine's query factor (the target scales like the requirement).
   */
  partialUnits(c: number, d: number, bonus: number, price: number, qf: number): number {
    const T = this.spec.partialTargetRatio;
    if (T === null) return Infinity;
    const target = T / qf;
    const k = target / (1 + bonus) - 1;
    if (k <= 0) return Infinity;
    const x = (target * d - c * price) / (price * k);
    return x > 0 ? x : Infinity;
  }

  /** Queues a sale: at once, or as TWAP slices when the lot is worth more than the tier size at `ref`. */
  sell(orders: StepOrders, kind: number, who: number, units: number, debt: number, ref: number): void {
    const tier = this.spec.tiered;
    if (tier && units * ref > tier.aboveUsd) {
      this.sliceKind.push(kind);
      this.sliceWho.push(who);
      this.sliceUnits.push(units / tier.slices);
      this.sliceDebt.push(debt / tier.slices);
      this.sliceLeft.push(tier.slices);
    } else orders.push(kind, who, units, debt);
  }

  /** Phase 7 start: every tiered lot releases a step's worth of slices (one a minute). */
  releaseSlices(orders: StepOrders): void {
    const n = this.sliceKind.length;
    if (n === 0) return;
    let w = 0;
    for (let j = 0; j < n; j++) {
      const left = this.sliceLeft[j]!;
      // The last release takes what is left (no sliver of a slice lingers from rounding).
      const r = left - this.stepMinutes <= 1e-9 ? left : this.stepMinutes;
      orders.push(this.sliceKind[j]!, this.sliceWho[j]!, this.sliceUnits[j]! * r, this.sliceDebt[j]! * r);
      this.sliceLeft[j] = left - r;
      if (r < left) {
        this.sliceKind[w] = this.sliceKind[j]!;
        this.sliceWho[w] = this.sliceWho[j]!;
        this.sliceUnits[w] = this.sliceUnits[j]!;
        this.sliceDebt[w] = this.sliceDebt[j]!;
        this.sliceLeft[w] = this.sliceLeft[j]!;
        w++;
      }
    }
    this.sliceKind.length = w;
    this.sliceWho.length = w;
    this.sliceUnits.length = w;
    this.sliceDebt.length = w;
    this.sliceLeft.length = w;
  }
}
