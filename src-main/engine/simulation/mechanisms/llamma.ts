/**
 * Soft liquidation as in crvUSD's LLAMMA (MODEL.md §6; band arithmetic in llamma-bands.ts): every
 * indebted account's collateral sits in N bands below its loan's price. Every step (advance) the
 * oracle moves the bands' AMM prices, arbitrageurs bring the AMM price to the venues' price within
 * the AMM fee, and the accounts whose bands the move crosses convert collateral to stablecoin on the
 * way down (the arbitrageurs sell it on the venues: flow source "soft") and back on the way up (they
 * buy it there). The gap between what the venues paid for those units and what the bands received
 * (net of the AMM fees, which the bands earn) is the borrowers' loss from soft liquidation.
 *
 * Hard liquidation only below health 0 (crvUSD's Controller: the bands' stablecoin plus the rest
 * converted through the remaining bands, less the liquidation discount, against the debt): the
 * account's stablecoin repays its debt, a liquidator repays the rest and takes the collateral at the
 * liquidation discount, selling it on the market (a market sale through the keepers, as crvUSD's
 * `liquidate` is a liquidator's transaction); what the collateral cannot cover is bad debt.
 */
import { asDoubles } from '../../double-fields.ts';
import { noteChanged, STATUS_ACTIVE } from '../../accounts.ts';
import type { SoftLiquidationDesign } from '../../design.ts';
import { fmtUnits, fmtUsd, plural } from '../../format.ts';
import type { TriggerRule } from '../account-health.ts';
import { SRC_SOFT, WHO_BANDS } from '../orders.ts';
import type { World } from '../world.ts';
import {
  arbitragedState,
  bandHealth,
  bandLogWidth,
  bandsConverted,
  stableFromMove,
  topBandLog,
} from './llamma-bands.ts';
import type { BandParams } from './llamma-bands.ts';
import { txLeftTotal } from './keeper-actions.ts';
import { marketSale } from './market-sale.ts';
import { MechanismBase } from './mechanism.ts';
import type { Narration } from './mechanism.ts';
import { describeKeeperLiquidations } from './narration.ts';

/** What the bands did over the run (read by the summary, the tests and the invariants). */
export interface SoftLiquidationBook {
  /** Borrowers' loss: the venues' value of the units converted less what the bands received, net of fees, USD. */
  lossUsd: number;
  /** AMM fees the bands earned, USD. */
  feesUsd: number;
  /** Units converted to stablecoin (down) and back to collateral (up). */
  unitsDown: number;
  unitsUp: number;
  /** Stablecoin the bands received and paid along the AMM's curve, fees included, USD. */
  stableIn: number;
  stableOut: number;
  /** Stablecoin used to repay debt at hard liquidation, USD. */
  stableRepaid: number;
  /** Most accounts with a band partly or wholly converted at one time. */
  peakAccountsInBands: number;
}

export class SoftLiquidation extends MechanismBase implements TriggerRule {
  private readonly params: BandParams;
  private readonly delta: number;
  /** Log of each account's top band price, its collateral per band, and its stablecoin (USD). */
  private readonly top: Float64Array;
  private readonly perBand: Float64Array;
  readonly stable: Float64Array;

  /** The bands' stablecoin is the borrower's: it counts in the account's equity (insolvency). */
  override heldForAccountsUsd(): Float64Array {
    return this.stable;
  }
  /** Bands converted, w ∈ [0, N], at the last move. */
  private readonly converted: Float64Array;
  /** Indebted accounts by ascending top band (a move touches only the accounts whose bands it spans). */
  private readonly byTop: Uint32Array;
  private readonly sortedTop: Float64Array;
  /** The AMM's state: log AMM price − 3 × log oracle. */
  private u: number;
  private stepUnits = 0;
  private stepStable = 0;
  private stepAccounts = 0;
  private inBands = 0;
  readonly book: SoftLiquidationBook = asDoubles(
    {
      lossUsd: 0,
      feesUsd: 0,
      unitsDown: 0,
      unitsUp: 0,
      stableIn: 0,
      stableOut: 0,
      stableRepaid: 0,
      peakAccountsInBands: 0,
    },
    ['lossUsd', 'feesUsd', 'unitsDown', 'unitsUp', 'stableIn', 'stableOut', 'stableRepaid'],
  );

  constructor(
    private readonly w: World,
    private readonly spec: SoftLiquidationDesign,
  ) {
    super();
    asDoubles(this, ['stepUnits', 'stepStable']);
    this.params = {
      A: spec.bandWidthFactor,
      bands: spec.bands,
      loanDiscount: spec.loanDiscount,
      liquidationDiscount: spec.liquidationDiscount,
    };
    this.delta = bandLogWidth(spec.bandWidthFactor);
    const n = w.acc.count;
    this.top = new Float64Array(n);
    this.perBand = new Float64Array(n);
    this.stable = new Float64Array(n);
    this.converted = new Float64Array(n);
    const logP0 = Math.log(w.P0);
    // The AMM starts at the oracle's price: u = log p − 3 log p = −2 log p.
    this.u = -2 * logP0;
    const members: number[] = [];
    for (let i = 0; i < n; i++) {
      const c = w.acc.collateral[i]!;
      const d = w.acc.debt[i]!;
      if (d <= 0 || c <= 0) continue;
      this.top[i] = topBandLog(c, d, this.params, logP0);
      this.perBand[i] = c / spec.bands;
      members.push(i);
    }
    members.sort((a, b) => this.top[a]! - this.top[b]! || a - b);
    this.byTop = Uint32Array.from(members);
    this.sortedTop = Float64Array.from(members, (i) => this.top[i]!);
    w.health.useRule(this);
    for (const i of members) w.health.retrigger(i);
  }

  /** Health < 0 makes an account liquidatable at any price; otherwise no price alone does. */
  liquidationTrigger(i: number, _c: number, d: number): number {
    if (d <= 0) return 0;
    return this.health(i) < 0 ? Infinity : 0;
  }

  /** crvUSD's health of account i (collateral outside the bands, after a top-up, at the oracle). */
  health(i: number): number {
    const y = this.perBand[i]!;
    const w = this.converted[i]!;
    const outside = this.w.acc.collateral[i]! - y * (this.spec.bands - w);
    const extra = outside > 1e-12 ? outside * this.w.now.price : 0;
    return bandHealth(this.stable[i]! + extra, y, this.top[i]!, w, this.w.acc.debt[i]!, this.params);
  }

  /** Account i's top band price, USD, and its bands converted (w ∈ [0, N]). */
  topPrice(i: number): number {
    return Math.exp(this.top[i]!);
  }
  bandsConvertedOf(i: number): number {
    return this.converted[i]!;
  }

  /** Hard liquidations are keeper transactions. */
  capacity(): number {
    return txLeftTotal(this.w.keepers);
  }

  /** Hard liquidation (health < 0): the bands' stablecoin repays first, a liquidator the rest. */
  liquidate(i: number): number {
    const { acc, totals } = this.w;
    const c = acc.collateral[i]!;
    const d = acc.debt[i]!;
    const use = Math.min(this.stable[i]!, d);
    if (use > 0) {
      this.stable[i] = this.stable[i]! - use;
      this.book.stableRepaid += use;
      acc.debt[i] = d - use;
      noteChanged(acc, i);
      totals.repaid += use;
    }
    if (this.converted[i]! > 0) this.inBands--;
    this.perBand[i] = 0;
    this.converted[i] = 0;
    const left = acc.debt[i]!;
    if (left <= 0) {
      this.w.health.retrigger(i);
      return 0;
    }
    const sale = { closeFactor: 1, bonus: this.spec.liquidationDiscount };
    return marketSale(this.w, i, c, left, sale);
  }

  override beginStep(): void {
    this.stepUnits = 0;
    this.stepStable = 0;
    this.stepAccounts = 0;
  }

  /** Every step: arbitrage moves the AMM; the accounts whose bands the move spans convert. */
  override advance(): void {
    const { now } = this.w;
    if (!(now.price > 0) || !(now.ref > 0)) return;
    const o = Math.log(now.price);
    const u1 = arbitragedState(this.u, o, Math.log(now.ref), this.spec.fee);
    const u0 = this.u;
    if (u1 === u0) return;
    this.u = u1;
    // Account i's bands span u ∈ [−2T, 2NΔ − 2T]: the move touches T ∈ [−max/2, NΔ − min/2].
    const lo = -Math.max(u0, u1) / 2;
    const hi = this.spec.bands * this.delta - Math.min(u0, u1) / 2;
    for (let j = lowerBound(this.sortedTop, lo); j < this.byTop.length; j++) {
      if (this.sortedTop[j]! > hi) break;
      this.convert(this.byTop[j]!, u0, u1, o);
    }
    if (this.stepUnits !== 0) this.w.orders.push(SRC_SOFT, WHO_BANDS, this.stepUnits, 0);
  }

  /** The arbitrageurs' sale (or purchase) filled: the borrowers' loss is the venues' value less the bands'. */
  override settle(who: number, proceeds: number): void {
    if (who !== WHO_BANDS) return;
    const loss = proceeds - this.stepStable;
    this.book.lossUsd += loss;
    this.w.totals.softLiquidationLossUsd += loss;
  }

  override endStep(): void {
    if (this.inBands > this.book.peakAccountsInBands) this.book.peakAccountsInBands = this.inBands;
  }

  describeLiquidations(): string {
    const { tally, scenario } = this.w;
    const what = `${tally.kicks} hard ${plural(tally.kicks, 'liquidation')} (health below 0) sold ${fmtUnits(tally.kickedUnits)} ${scenario.population.asset}`;
    return describeKeeperLiquidations(this.w, what);
  }

  override narrateSettlement(emit: Narration): void {
    if (this.stepUnits === 0) return;
    const asset = this.w.scenario.population.asset;
    const verb = this.stepUnits > 0 ? 'sold' : 'bought back';
    emit(
      'liquidations',
      `Soft liquidation: the bands of ${this.stepAccounts} ${plural(this.stepAccounts, 'account')} ${verb} ${fmtUnits(Math.abs(this.stepUnits))} ${asset} through arbitrageurs; borrowers' band losses so far ${fmtUsd(this.book.lossUsd)}`,
    );
  }

  /** Account i's bands move from u0 to u1 with the oracle at log price o. */
  private convert(i: number, u0: number, u1: number, o: number): void {
    const { acc, totals } = this.w;
    if (acc.status[i] !== STATUS_ACTIVE || acc.debt[i]! <= 0) return;
    const N = this.spec.bands;
    const top = this.top[i]!;
    let y = this.perBand[i]!;
    if (y <= 0) return;
    const w0 = this.converted[i]!;
    // The account's collateral changed outside the bands (a top-up, a sale): its bands hold what it has.
    const held = y * (N - w0);
    const c = acc.collateral[i]!;
    if (N - w0 > 1e-9 && Math.abs(c - held) > 1e-9 * Math.max(1, c)) {
      y = c / (N - w0);
      this.perBand[i] = y;
    }
    const w1 = bandsConverted(u1, top, N, this.delta);
    if (w1 === w0) return;
    let units = y * (w1 - w0);
    let stable = stableFromMove(u0, u1, o, y, top, N, this.delta);
    let fee = this.spec.fee * Math.abs(stable);
    if (units < 0 && this.stable[i]! + stable + fee < 0) {
      // Buying back costs more than the bands hold: they buy what their stablecoin pays for.
      const k = this.stable[i]! / -(stable + fee);
      units *= k;
      stable *= k;
      fee *= k;
    }
    if (units > c) units = c;
    if (w0 === 0) this.inBands++;
    if (w1 === 0) this.inBands--;
    this.converted[i] = w1;
    acc.collateral[i] = c - units;
    noteChanged(acc, i);
    this.stable[i] = this.stable[i]! + stable + fee;
    totals.collateralOut += units;
    this.book.feesUsd += fee;
    if (units > 0) this.book.unitsDown += units;
    else this.book.unitsUp -= units;
    if (stable + fee > 0) this.book.stableIn += stable + fee;
    else this.book.stableOut -= stable + fee;
    this.stepUnits += units;
    this.stepStable += stable + fee;
    this.stepAccounts++;
    this.w.health.retrigger(i);
  }
}

/** First index j with sorted[j] ≥ x. */
function lowerBound(sorted: Float64Array, x: number): number {
  let a = 0;
  let b = sorted.length;
  while (a < b) {
    const m = (a + b) >> 1;
    if (sorted[m]! < x) a = m + 1;
    else b = m;
  }
  return a;
}
