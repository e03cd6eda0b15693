/**
 * Portfolio insurers (1987; MODEL.md §3): programmes that hold the underlying and cash and follow a
 * rule — CPPI (exposure = multiplier × (value − floor)) or a synthetic protective put (equity share
 * S·N(d1)/(S + P), Leland–Rubinstein replication). They rebalance when the gap exceeds a band, at
 * most every `rebalanceIntervalSeconds` (staggered across insurers), and their combined sales per step
 * can be capped (`maxSaleUsdPerSecond`, × the step length per step): what they could not sell is a backlog — the Brady Report's
 * "models called for a further $12 B of sales".
 */
import { asDoubles } from '../double-fields.ts';
import { bsDelta, bsPrice } from './black-scholes.ts';
import { SECONDS_PER_YEAR } from './layer-types.ts';
import type { OptionsSpec } from './spec.ts';

export class Insurers {
  readonly count: number;
  /** Units and cash (USD) each programme holds. */
  readonly units: Float64Array;
  readonly cash: Float64Array;
  private readonly floor: Float64Array;
  private readonly lastRebalance: Float64Array;
  /** This step's order per programme, units (+ = sell). */
  private readonly order: Float64Array;
  /** Sales the rules required this step but the cap did not allow, units. */
  backlog = 0;
  readonly initialUnits: number;
  soldUnits = 0;
  /** What all insurers together can sell per step, USD (null: no cap). */
  private readonly maxSaleUsd: number | null;

  constructor(
    private readonly spec: OptionsSpec['insurers'],
    private readonly initialPrice: number,
    private readonly startTime: number,
    private readonly rate: number,
    stepSeconds: number,
  ) {
    asDoubles(this, ['backlog', 'soldUnits']);
    this.maxSaleUsd = spec.maxSaleUsdPerSecond === null ? null : spec.maxSaleUsdPerSecond * stepSeconds;
    const n = spec.insuredUsd > 0 ? spec.count : 0;
    this.count = n;
    this.units = new Float64Array(n);
    this.cash = new Float64Array(n);
    this.floor = new Float64Array(n);
    this.lastRebalance = new Float64Array(n);
    this.order = new Float64Array(n);
    const s0 = initialPrice;
    let iu = 0;
    for (let i = 0; i < n; i++) {
      const v0 = spec.insuredUsd / n;
      this.floor[i] = spec.rule.kind === 'cppi' ? spec.rule.floorFraction * v0 : 0;
      const units = this.targetUnits(i, s0, startTime, v0);
      this.units[i] = units;
      this.cash[i] = v0 - units * s0;
      iu += units;
      // Staggered schedules: insurer i last rebalanced (i / n) of an interval before the start.
      this.lastRebalance[i] = startTime - (spec.rebalanceIntervalSeconds * i) / n;
    }
    this.initialUnits = iu;
  }

  /** Units insurer i's rule wants held at `price` with portfolio value `value` (USD) at time t. */
  targetUnits(i: number, price: number, t: number, value: number): number {
    const rule = this.spec.rule;
    if (!(value > 0) || !(price > 0)) return 0;
    let exposureUsd: number;
    if (rule.kind === 'cppi') {
      exposureUsd = rule.multiplier * (value - this.floor[i]!);
    } else {
      // Protective put on the insured index: equity share S·N(d1)/(S + P) of the portfolio.
      const K = rule.strikeFraction * this.initialPrice;
      const years = Math.max(0, (this.startTime + rule.horizonDays * 86_400 - t) / SECONDS_PER_YEAR);
      const callDelta = bsDelta(true, price, K, years, this.rate, rule.assumedVol);
      const put = bsPrice(false, price, K, years, this.rate, rule.assumedVol);
      exposureUsd = (value * price * callDelta) / (price + put);
    }
    return Math.min(Math.max(exposureUsd, 0), value) / price;
  }

  /**
   * §7 step 6: the programmes due and outside their band trade toward their rule's target at `price`;
   * sales are scaled down to the cap, and a programme whose sale was cut stays due. Returns the units
   * sold (+) or bought (−). `active` false: they hold what they have.
   */
  rebalance(price: number, t: number, active: boolean): number {
    const spec = this.spec;
    let wantSell = 0;
    const trade = new Float64Array(this.count);
    for (let i = 0; i < this.count; i++) {
      if (!active) break;
      if (t - this.lastRebalance[i]! < spec.rebalanceIntervalSeconds - 1e-9) continue;
      const value = this.units[i]! * price + this.cash[i]!;
      const gap = this.units[i]! - this.targetUnits(i, price, t, value);
      if (Math.abs(gap) * price <= spec.rebalanceBand * value) continue;
      trade[i] = gap;
      if (gap > 0) wantSell += gap;
    }
    let sellScale = 1;
    if (this.maxSaleUsd !== null && wantSell * price > this.maxSaleUsd) {
      sellScale = this.maxSaleUsd / (wantSell * price);
    }
    let insurance = 0;
    for (let i = 0; i < trade.length; i++) {
      const g = trade[i]!;
      if (g === 0) {
        this.order[i] = 0;
        continue;
      }
      const q = g > 0 ? g * sellScale : g;
      this.order[i] = q;
      insurance += q;
      if (g < 0 || sellScale === 1) this.lastRebalance[i] = t;
    }
    this.backlog = wantSell * (1 - sellScale);
    return insurance;
  }

  /** §7 step 8: orders fill at `fill` (USD); an insurer never borrows and never goes short. */
  settle(fill: number): void {
    for (let i = 0; i < this.count; i++) {
      let q = this.order[i]!;
      if (q === 0) continue;
      if (q < 0 && -q * fill > this.cash[i]!) q = -this.cash[i]! / fill;
      q = Math.min(q, this.units[i]!);
      this.units[i]! -= q;
      this.cash[i] = Math.max(0, this.cash[i]! + q * fill);
      this.soldUnits += q;
      this.order[i] = 0;
    }
  }

  /** Change in the programmes' target holding for a further 1% fall from `level` at time t (+ = sell). */
  gammaAt(level: number, t: number): number {
    let units = 0;
    for (let i = 0; i < this.count; i++) {
      const vAt = (S: number): number => this.units[i]! * S + this.cash[i]!;
      units +=
        this.targetUnits(i, level, t, vAt(level)) - this.targetUnits(i, 0.99 * level, t, vAt(0.99 * level));
    }
    return units;
  }

  /** Units and cash held across programmes. */
  holdings(): { units: number; cash: number } {
    let units = 0;
    let cash = 0;
    for (let i = 0; i < this.count; i++) {
      units += this.units[i]!;
      cash += this.cash[i]!;
    }
    return { units, cash };
  }

  /** Smallest units or cash balance of any programme (Infinity when there are none). */
  minBalance(): number {
    let m = Infinity;
    for (let i = 0; i < this.count; i++) m = Math.min(m, this.units[i]!, this.cash[i]!);
    return m;
  }
}
