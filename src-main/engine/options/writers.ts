/**
 * Option writers (short puts and calls; MODEL.md §3) as struct-of-arrays columns: many small
 * accounts on a grid of listed series (listed-series.ts).
 *
 * A naked writer posts, at t0, the premium received plus `initialMarginMultiple` × the standard
 * per-position charge (max(15%·S − OTM, 10%·X), portfolio-margin.ts) — a fact of the scenario whatever
 * the design, so designs are compared on the same population. Covered writers (covered calls holding one
 * unit per call, cash-secured puts holding K per put) can never be liquidated. Collateral is the
 * underlying itself ('same-asset', coin-margined, Deribit-style) or USD stablecoins ('stable'). A
 * writer may hold a perpetual-future delta hedge in the same account.
 *
 * Liquidation is full: the whole short position is bought back at the mark with `liquidationPenalty`
 * of the buy-back on top; same-asset collateral is sold on the market to pay for it (and if the fill is
 * worse than the decision price, more collateral goes to the option holders); what cannot be paid is
 * bad debt. Owner of the writers' columns and of their collateral ledgers (§9 conservation).
 */
import { asDoubles } from '../double-fields.ts';
import type { Rng } from '../random.ts';
import { bsDelta, bsPrice } from './black-scholes.ts';
import type { IvSurface } from './iv-surface.ts';
import type { LiquidationResult, WriterSnapshot } from './layer-types.ts';
import { SECONDS_PER_YEAR } from './layer-types.ts';
import { ListedSeries, SERIES_EXPIRING } from './listed-series.ts';
import { shortOptionCharge, type Grid, type PerPositionParams } from './portfolio-margin.ts';
import type { OptionsDesign, OptionsSpec } from './spec.ts';

/** Per-position charge that defines the collateral writers post at t0 (Deribit-like standard). */
const STANDARD_CHARGE: PerPositionParams = {
  shortOptionBase: 0.15,
  shortOptionFloor: 0.1,
  futuresMaintenance: 0,
};

export const WRITER_ACTIVE = 0;
export const WRITER_LIQUIDATED = 1;
export const WRITER_EXPIRED = 2;
const COLL_USD = 0;
const COLL_ASSET = 1;

/** The writers' collateral ledgers: where every unit and dollar posted at t0 went. */
export class WriterLedgers {
  initialAssetUnits = 0;
  initialUsd = 0;
  pendingSaleUnits = 0;
  soldAssetUnits = 0;
  paidToHoldersUnits = 0;
  penaltyUnits = 0;
  paidBuybacksUsd = 0;
  paidToHoldersUsd = 0;
  penaltyUsd = 0;
  /** USD of collateral sales beyond the buy-back, returned to liquidated writers. */
  surplusReturnedUsd = 0;
  badDebtUsd = 0;
  /** Realised P&L of futures closed at liquidation, credited to the collateral ledgers. */
  futPnlUnits = 0;
  futPnlUsd = 0;

  constructor() {
    // Every field is an amount.
    asDoubles(this, Object.keys(this));
  }
}

/** A step with no liquidations yet (its unit counts stored as doubles: double-fields.ts). */
function emptyStep(): StepLiquidations {
  const step = { writers: [], neededUsd: [], sellUnits: [], optionUnits: 0, flowUnits: 0 };
  return asDoubles(step, ['optionUnits', 'flowUnits']);
}

/** A step's liquidations: who, what their buy-back needs (USD) and what collateral is sold for it (units). */
interface StepLiquidations {
  writers: number[];
  neededUsd: number[];
  sellUnits: number[];
  optionUnits: number;
  /** Collateral sold plus futures closed (a buy-back of a short future counts negative), units. */
  flowUnits: number;
}

export class WriterBook {
  readonly count: number;
  readonly series: ListedSeries;
  readonly ledgers = new WriterLedgers();
  private readonly seriesOf: Int32Array;
  private readonly units: Float64Array;
  private readonly collateral: Float64Array;
  private readonly collKind: Uint8Array;
  private readonly covered: Uint8Array;
  private readonly status: Uint8Array;
  /** Perpetual future held with the options (signed units; − = short) and its entry price. */
  private readonly fut: Float64Array;
  private readonly futEntry: Float64Array;
  private step: StepLiquidations = emptyStep();
  /** Writers whose options expired at the current step. */
  expiredNow = 0;

  /**
   * Generates `count` writers from the spec with `rng` (sizes Pareto, strikes from the histogram on the
   * listed grid, expiries, rights, naked/covered, margin multiples), priced at the start price `s0`.
   */
  constructor(
    spec: OptionsSpec['writers'],
    count: number,
    rng: Rng,
    s0: number,
    startTime: number,
    private readonly surface: IvSurface,
    private readonly rate: number,
    private readonly design: OptionsDesign,
    private readonly grid: Grid | null,
  ) {
    this.count = count;
    this.seriesOf = new Int32Array(count);
    this.units = new Float64Array(count);
    this.collateral = new Float64Array(count);
    this.collKind = new Uint8Array(count);
    this.covered = new Uint8Array(count);
    this.status = new Uint8Array(count);
    this.fut = new Float64Array(count);
    this.futEntry = new Float64Array(count);
    const drawn = this.draw(spec, rng, s0, startTime);
    this.series = drawn.series;
    this.post(spec, drawn.sizeSum, s0, startTime);
  }

  /** Draws every writer (always the same number of draws each, whatever the split): the series listed, Σ raw sizes. */
  private draw(
    w: OptionsSpec['writers'],
    rng: Rng,
    s0: number,
    startTime: number,
  ): { series: ListedSeries; sizeSum: number } {
    const seriesKey = new Map<string, number>();
    const isCallList: number[] = [];
    const strikeList: number[] = [];
    const expiryList: number[] = [];
    const binTotal = w.strikeBins.reduce((a, b) => a + b.weight, 0);
    const expTotal = w.expiries.reduce((a, b) => a + b.weight, 0);
    const step = w.strikeStep * s0;
    let sizeSum = 0;
    for (let i = 0; i < this.count; i++) {
      const size = Math.pow(1 - rng.next(), -1 / w.sizeParetoAlpha);
      this.units[i] = size;
      sizeSum += size;
      const bin = pickWeighted(w.strikeBins, binTotal, rng.next());
      const m = bin.from + (bin.to - bin.from) * rng.next();
      const strike = Math.max(step, Math.round((m * s0) / step) * step);
      const exp = pickWeighted(w.expiries, expTotal, rng.next());
      const expiry = startTime + Math.round(exp.days * 86_400);
      const isCall = rng.next() >= w.putShare ? 1 : 0;
      const key = `${isCall}|${strike}|${expiry}`;
      let si = seriesKey.get(key);
      if (si === undefined) {
        si = isCallList.length;
        seriesKey.set(key, si);
        isCallList.push(isCall);
        strikeList.push(strike);
        expiryList.push(expiry);
      }
      this.seriesOf[i] = si;
      this.covered[i] = rng.next() >= w.nakedShare ? 1 : 0;
      // Always drawn, so the stream does not depend on the naked/covered split.
      // Nobody opens within 10% of the maintenance charge (a venue's initial margin sits above its
      // maintenance margin): the multiple is floored at 1.1, so no writer is liquidated by noise alone.
      this.collateral[i] = Math.max(
        1.1,
        w.initialMarginMultiple * Math.exp(w.marginMultipleSigma * rng.fastNormal()),
      );
    }
    return { series: new ListedSeries(isCallList, strikeList, expiryList, this.grid), sizeSum };
  }

  /** Scales sizes to the spec's total and posts each writer's collateral (and futures hedge) at t0. */
  private post(w: OptionsSpec['writers'], sizeSum: number, s0: number, startTime: number): void {
    const series = this.series;
    let assetUnits = 0;
    let usd = 0;
    for (let i = 0; i < this.count; i++) {
      const units = (this.units[i]! * w.totalUnits) / sizeSum;
      this.units[i] = units;
      const si = this.seriesOf[i]!;
      const isCall = series.isCall[si] === 1;
      const strike = series.strike[si]!;
      const years = (series.expiry[si]! - startTime) / SECONDS_PER_YEAR;
      const premium = bsPrice(isCall, s0, strike, years, this.rate, this.surface.vol(strike, s0, years));
      const multiple = this.collateral[i]!;
      if (this.covered[i] === 1) {
        // Covered call: one unit of the underlying per call. Cash-secured put: K per put.
        this.collKind[i] = isCall ? COLL_ASSET : COLL_USD;
        this.collateral[i] = isCall ? units : units * strike;
      } else {
        const usdPosted =
          units * (premium + multiple * shortOptionCharge(isCall, strike, s0, STANDARD_CHARGE));
        this.collKind[i] = w.collateral === 'same-asset' ? COLL_ASSET : COLL_USD;
        this.collateral[i] = w.collateral === 'same-asset' ? usdPosted / s0 : usdPosted;
      }
      if (this.covered[i] === 0 && (w.futuresHedgeRatio ?? 0) > 0) {
        // Short q options has delta −q·Δ; the hedge takes the opposite side of a share of it.
        const delta = bsDelta(isCall, s0, strike, years, this.rate, this.surface.vol(strike, s0, years));
        this.fut[i] = (w.futuresHedgeRatio ?? 0) * units * delta;
        this.futEntry[i] = s0;
      }
      if (this.collKind[i] === COLL_ASSET) assetUnits += this.collateral[i]!;
      else usd += this.collateral[i]!;
    }
    this.ledgers.initialAssetUnits = assetUnits;
    this.ledgers.initialUsd = usd;
  }

  /** A new step: no liquidations or expiries yet. */
  beginStep(): void {
    this.step = emptyStep();
    this.expiredNow = 0;
  }

  /** Writers liquidated this step, and the option units they had written. */
  get liquidatedNow(): number {
    return this.step.writers.length;
  }
  get optionUnitsNow(): number {
    return this.step.optionUnits;
  }
  /** Units this step's liquidations sell (+) or buy back as futures (−). */
  get flowUnitsNow(): number {
    return this.step.flowUnits;
  }

  /**
   * Margin requirement of writer i at `price` (USD) under the design's model; the series must be
   * current for `price`. Covered writers need nothing.
   */
  requirementOf(i: number, price: number): number {
    if (this.covered[i] === 1) return 0;
    const si = this.seriesOf[i]!;
    const q = this.units[i]!;
    const grid = this.grid;
    const mm = this.design.marginModel;
    const fut = this.fut[i]!;
    if (grid === null || mm.kind !== 'portfolio') {
      const futCharge = mm.kind === 'per-position' ? mm.futuresMaintenance * Math.abs(fut) * price : 0;
      return q * this.series.charge[si]! + futCharge;
    }
    // Cross mode: the short option and, for coin-margined writers, the collateral itself.
    let requirement = q * mm.shortOptionMinimum * price;
    const G = grid.size;
    const base = si * G;
    // Cross mode: coin collateral and the future both move with the price.
    const spotUnits = (this.collKind[i] === COLL_ASSET ? this.collateral[i]! : 0) + fut;
    for (let s = 0; s < G; s++) {
      const loss =
        grid.weight[s]! * (q * this.series.changes[base + s]! - spotUnits * price * grid.priceMove[s]!);
      if (loss > requirement) requirement = loss;
    }
    return requirement;
  }

  /**
   * §7 steps 3–5: every open naked writer whose equity at `price` is below its requirement is
   * liquidated in full. The series must be current for `price`.
   */
  marginAndLiquidations(price: number): LiquidationResult {
    let buybackUsd = 0;
    let unitsToSell = 0;
    let futuresClosed = 0;
    for (let i = 0; i < this.count; i++) {
      if (this.status[i] !== WRITER_ACTIVE || this.covered[i] === 1) continue;
      const liability = this.units[i]! * this.series.value[this.seriesOf[i]!]!;
      const futPnl = this.fut[i]! * (price - this.futEntry[i]!);
      const coll = this.collateral[i]!;
      const equity = (this.collKind[i] === COLL_ASSET ? coll * price : coll) - liability + futPnl;
      if (equity >= this.requirementOf(i, price)) continue;
      if (this.fut[i] !== 0) {
        futuresClosed += this.fut[i]!;
        this.closeFuture(i, price, futPnl);
      }
      buybackUsd += liability;
      unitsToSell += this.liquidate(i, price, liability);
    }
    // Closing futures: selling back a long, buying back a short (negative sale).
    this.step.flowUnits = unitsToSell + futuresClosed;
    return {
      writers: this.step.writers.length,
      optionUnits: this.step.optionUnits,
      buybackUsd,
      unitsToSell: unitsToSell + futuresClosed,
    };
  }

  /**
   * The future is closed with the options (at `price`): its P&L joins the collateral, and closing it
   * is a trade (buying back a short future is a purchase).
   */
  private closeFuture(i: number, price: number, futPnl: number): void {
    const L = this.ledgers;
    this.fut[i] = 0;
    if (this.collKind[i] === COLL_ASSET) {
      const pnlUnits = Math.max(futPnl / price, -this.collateral[i]!);
      if (pnlUnits * price > futPnl) L.badDebtUsd += pnlUnits * price - futPnl;
      this.collateral[i] = this.collateral[i]! + pnlUnits;
      L.futPnlUnits += pnlUnits;
    } else {
      const pnl = Math.max(futPnl, -this.collateral[i]!);
      if (pnl > futPnl) L.badDebtUsd += pnl - futPnl;
      this.collateral[i] = this.collateral[i]! + pnl;
      L.futPnlUsd += pnl;
    }
  }

  /** Liquidates writer i: buys back its options at the mark (`liability`, USD). Returns collateral units to sell. */
  private liquidate(i: number, price: number, liability: number): number {
    const L = this.ledgers;
    const step = this.step;
    const coll = this.collateral[i]!;
    this.status[i] = WRITER_LIQUIDATED;
    step.optionUnits += this.units[i]!;
    step.writers.push(i);
    if (this.collKind[i] === COLL_ASSET) {
      const sell = Math.min(coll, liability / price);
      this.collateral[i] = coll - sell;
      L.pendingSaleUnits += sell;
      step.neededUsd.push(liability);
      step.sellUnits.push(sell);
      return sell;
    }
    const pay = Math.min(coll, liability);
    L.paidBuybacksUsd += pay;
    L.badDebtUsd += liability - pay;
    const left = coll - pay;
    const penalty = Math.min(left, this.design.liquidationPenalty * liability);
    L.penaltyUsd += penalty;
    this.collateral[i] = left - penalty;
    step.neededUsd.push(0);
    step.sellUnits.push(0);
    return 0;
  }

  /** §7 step 8: liquidated coin-margined writers' sales filled at `fill`; any gap comes out of what is left. */
  settleLiquidations(fill: number): void {
    const L = this.ledgers;
    const pen = this.design.liquidationPenalty;
    const step = this.step;
    for (let k = 0; k < step.writers.length; k++) {
      const sold = step.sellUnits[k]!;
      const needed = step.neededUsd[k]!;
      if (needed === 0 && sold === 0) continue;
      const i = step.writers[k]!;
      L.pendingSaleUnits -= sold;
      L.soldAssetUnits += sold;
      const proceeds = sold * fill;
      let left = this.collateral[i]!;
      if (proceeds >= needed) {
        L.surplusReturnedUsd += proceeds - needed;
      } else {
        const gapUnits = (needed - proceeds) / fill;
        const give = Math.min(left, gapUnits);
        left -= give;
        L.paidToHoldersUnits += give;
        L.badDebtUsd += (gapUnits - give) * fill;
      }
      const penalty = Math.min(left, (pen * needed) / fill);
      L.penaltyUnits += penalty;
      this.collateral[i] = left - penalty;
    }
    if (Math.abs(L.pendingSaleUnits) < 1e-9 * Math.max(1, L.initialAssetUnits)) L.pendingSaleUnits = 0;
  }

  /** Options of the series expiring now are cash-settled at `price` out of their writers' collateral. */
  settleExpiries(price: number): void {
    const L = this.ledgers;
    const series = this.series;
    for (let i = 0; i < this.count; i++) {
      const si = this.seriesOf[i]!;
      if (series.expired[si] !== SERIES_EXPIRING || this.status[i] !== WRITER_ACTIVE) continue;
      const owed = this.units[i]! * series.intrinsic(si, price);
      const coll = this.collateral[i]!;
      if (this.collKind[i] === COLL_ASSET) {
        const give = Math.min(coll, owed / price);
        this.collateral[i] = coll - give;
        L.paidToHoldersUnits += give;
        L.badDebtUsd += owed - give * price;
      } else {
        const give = Math.min(coll, owed);
        this.collateral[i] = coll - give;
        L.paidToHoldersUsd += give;
        L.badDebtUsd += owed - give;
      }
      this.status[i] = WRITER_EXPIRED;
      this.expiredNow++;
    }
  }

  /** Collateral held, asset units and USD, and the mark of all open short options (series current), USD. */
  holdings(): { assetUnits: number; usd: number; bookUsd: number } {
    let assetUnits = 0;
    let usd = 0;
    let bookUsd = 0;
    for (let i = 0; i < this.count; i++) {
      if (this.collKind[i] === COLL_ASSET) assetUnits += this.collateral[i]!;
      else usd += this.collateral[i]!;
      if (this.status[i] === WRITER_ACTIVE) bookUsd += this.units[i]! * this.series.value[this.seriesOf[i]!]!;
    }
    return { assetUnits, usd, bookUsd };
  }

  /** Smallest collateral balance of any writer (Infinity when there are none). */
  minBalance(): number {
    let m = Infinity;
    for (let i = 0; i < this.count; i++) m = Math.min(m, this.collateral[i]!);
    return m;
  }

  liquidatedCount(): number {
    let c = 0;
    for (let i = 0; i < this.count; i++) if (this.status[i] === WRITER_LIQUIDATED) c++;
    return c;
  }

  /** Writer i at `price` (series current for it). */
  snapshot(i: number, price: number): WriterSnapshot {
    const series = this.series;
    const si = this.seriesOf[i]!;
    const asset = this.collKind[i] === COLL_ASSET;
    const coll = this.collateral[i]!;
    const liability = this.units[i]! * series.value[si]!;
    const status = this.status[i]!;
    return {
      right: series.isCall[si] === 1 ? 'call' : 'put',
      strike: series.strike[si]!,
      expiryTime: series.expiry[si]!,
      units: this.units[i]!,
      covered: this.covered[i] === 1,
      collateral: asset ? 'asset' : 'usd',
      collateralAmount: coll,
      equityUsd: (asset ? coll * price : coll) - (status === WRITER_ACTIVE ? liability : 0),
      requirementUsd: status === WRITER_ACTIVE ? this.requirementOf(i, price) : 0,
      status: status === WRITER_ACTIVE ? 'open' : status === WRITER_LIQUIDATED ? 'liquidated' : 'expired',
    };
  }
}

export function pickWeighted<T extends { weight: number }>(items: readonly T[], total: number, u: number): T {
  let x = u * total;
  for (const it of items) {
    x -= it.weight;
    if (x < 0) return it;
  }
  // Rounding at the top end: the last item with positive weight.
  for (let k = items.length - 1; k >= 0; k--) if (items[k]!.weight > 0) return items[k]!;
  return items[items.length - 1]!;
}
