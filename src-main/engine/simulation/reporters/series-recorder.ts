/**
 * Phase 9 reporter: the per-step series (MODEL.md §8), the health histogram and the tracked accounts,
 * read from the world after the step. Prices are the quotes at the step's start (before its flows,
 * like a bar's open): this step's sales show in the next step's prices. Observes; never changes state.
 */
import { HIST_BUCKETS } from '../types.ts';
import type { StepSeries, TrackedAccount } from '../types.ts';
import type { World } from '../world.ts';
import { emptyReading, InsolvencyWatch, measureInsolvency } from './insolvency.ts';
import type { InsolvencyReading } from './insolvency.ts';

export class SeriesRecorder {
  readonly series: StepSeries;
  /** Composite impact log(P/F) of the population's asset at every step (before the step's flows). */
  readonly impactLog: Float64Array;
  readonly tracked: TrackedAccount[];
  /** steps × HIST_BUCKETS accounts and debt per trigger bucket. */
  readonly histCounts: Int32Array;
  readonly histDebt: Float64Array;
  /** This step's insolvency reading (the live state hands it to `onStep`). */
  readonly insolvency: InsolvencyReading = emptyReading();
  /** The scan reference's own histogram (index 'scan'), recomputed from every account each step. */
  private readonly scan: { counts: Int32Array; debtUsd: Float64Array } | null;
  /** Reads only the accounts that can be underwater (null under 'scan': every account, every step). */
  private readonly watch: InsolvencyWatch | null;

  constructor(private readonly w: World) {
    const n = w.steps;
    const { columns } = w;
    const f64 = (): Float64Array => columns.f64(n);
    this.series = {
      fundamental: f64(),
      price: f64(),
      oracle: f64(),
      venues: w.market.names.map((name) => ({ name, price: f64() })),
      flows: {
        liquidation: f64(),
        auction: f64(),
        deleverage: f64(),
        backstop: f64(),
        hedging: f64(),
        insurance: f64(),
        soft: f64(),
      },
      callsIssued: f64(),
      callsAnswered: f64(),
      liquidations: f64(),
      accountsLiquidated: f64(),
      collateralLiquidatedUsd: f64(),
      zeroBids: f64(),
      auctionsSettled: f64(),
      badDebtUsd: f64(),
      surplusUsd: f64(),
      debtAuctionUsd: f64(),
      collateralInAuctionsUsd: f64(),
      openAuctions: f64(),
      activeKeepers: f64(),
      gasGwei: f64(),
      oracleBlocked: f64(),
      requiredRatio: f64(),
      breakerActive: f64(),
      poolDepositsUsd: f64(),
      backstopHoldingsUsd: f64(),
      insuranceFundUsd: f64(),
      vaultEquityUsd: f64(),
      adlAccounts: f64(),
      adlNotionalUsd: f64(),
      shortsLiquidated: f64(),
      underwaterAccountsOracle: f64(),
      underwaterShortfallOracleUsd: f64(),
      underwaterAccountsMarket: f64(),
      underwaterShortfallMarketUsd: f64(),
    };
    this.impactLog = f64();
    this.tracked = (w.opts.trackAccounts ?? [])
      .filter((i) => Number.isInteger(i) && i >= 0 && i < w.acc.count)
      .map((account) => ({ account, collateral: f64(), debt: f64(), firstCallStep: -1 }));
    this.histCounts = columns.i32(n * HIST_BUCKETS);
    this.histDebt = columns.f64(n * HIST_BUCKETS);
    this.watch = w.opts.index === 'scan' ? null : new InsolvencyWatch(w.acc);
    this.scan =
      w.opts.index === 'scan'
        ? { counts: new Int32Array(HIST_BUCKETS), debtUsd: new Float64Array(HIST_BUCKETS) }
        : null;
  }

  record(): void {
    const t = this.w.now.t;
    this.recordPrices(t);
    this.recordFlows(t);
    this.recordActivity(t);
    this.recordBackstops(t);
    this.recordTracked(t);
    this.recordHistogram(t);
    this.recordInsolvency(t);
  }

  /** Accounts underwater at the step's oracle and market prices, and their shortfall. */
  private recordInsolvency(t: number): void {
    const { acc, now } = this.w;
    const held = this.w.mechanism.heldForAccountsUsd();
    const r = this.watch
      ? this.watch.measure(now.price, now.ref, this.insolvency, held)
      : measureInsolvency(acc, now.price, now.ref, this.insolvency, held);
    const s = this.series;
    s.underwaterAccountsOracle[t] = r.accountsAtOracle;
    s.underwaterShortfallOracleUsd[t] = r.shortfallAtOracleUsd;
    s.underwaterAccountsMarket[t] = r.accountsAtMarket;
    s.underwaterShortfallMarketUsd[t] = r.shortfallAtMarketUsd;
  }

  private recordPrices(t: number): void {
    const { now, path } = this.w;
    const series = this.series;
    this.impactLog[t] = now.preImpact;
    series.fundamental[t] = now.F;
    series.price[t] = now.ref;
    series.oracle[t] = now.price;
    for (let v = 0; v < series.venues.length; v++) series.venues[v]!.price[t] = path.venuePrices[v]!;
  }

  /** USD sold per source at the step's fill (short buy-backs count against liquidations). */
  private recordFlows(t: number): void {
    const { tally, now } = this.w;
    const u = tally.flowUnits;
    const flows = this.series.flows;
    flows.liquidation[t] = (u[0]! - tally.boughtUnits) * now.fill;
    flows.auction[t] = u[1]! * now.fill;
    flows.deleverage[t] = u[2]! * now.fill;
    flows.backstop[t] = u[3]! * now.fill;
    flows.hedging[t] = u[4]! * now.fill;
    flows.insurance[t] = u[5]! * now.fill;
    flows.soft[t] = u[6]! * now.fill;
  }

  private recordActivity(t: number): void {
    const { tally, totals, ledger, now, oracle, margin } = this.w;
    const s = this.series;
    s.callsIssued[t] = tally.callsIssued;
    s.callsAnswered[t] = tally.callsAnswered;
    s.liquidations[t] = tally.kicks;
    s.accountsLiquidated[t] = tally.newAccounts;
    s.collateralLiquidatedUsd[t] = tally.kickedUsd;
    s.zeroBids[t] = tally.zeroBids;
    s.auctionsSettled[t] = tally.auctionsSettled;
    s.badDebtUsd[t] = totals.badDebt;
    s.surplusUsd[t] = ledger.surplus;
    s.debtAuctionUsd[t] = totals.debtAuction;
    s.activeKeepers[t] = now.activeKeepers;
    s.gasGwei[t] = now.gas;
    s.oracleBlocked[t] = oracle.blocked ? 1 : 0;
    s.requiredRatio[t] = margin.ratio;
    s.breakerActive[t] = margin.breakerActive ? 1 : 0;
    s.shortsLiquidated[t] = tally.shortsLiquidated;
  }

  /** What the mechanism holds: auctions, pool, vault, fund, auto-deleveraging. */
  private recordBackstops(t: number): void {
    const { mechanism: m, now, fund } = this.w;
    const s = this.series;
    s.collateralInAuctionsUsd[t] = m.auctionLots * s.price[t]!;
    s.openAuctions[t] = m.openAuctions;
    s.poolDepositsUsd[t] = m.poolDepositsUsd;
    s.backstopHoldingsUsd[t] = m.backstopUnits * now.ref;
    s.insuranceFundUsd[t] = fund.balance;
    s.vaultEquityUsd[t] = m.vaultEquityUsd(now.ref);
    s.adlAccounts[t] = m.adlAccountsNow;
    s.adlNotionalUsd[t] = m.adlNotionalNowUsd;
  }

  private recordTracked(t: number): void {
    const acc = this.w.acc;
    for (const tr of this.tracked) {
      tr.collateral[t] = acc.collateral[tr.account]!;
      tr.debt[t] = acc.debt[tr.account]!;
      if (tr.firstCallStep < 0 && acc.calledAt[tr.account]! >= 0)
        tr.firstCallStep = acc.calledAt[tr.account]!;
    }
  }

  private recordHistogram(t: number): void {
    const health = this.w.health;
    if (this.scan) health.scanHistogram(this.scan.counts, this.scan.debtUsd);
    this.histCounts.set(this.scan?.counts ?? health.histCounts, t * HIST_BUCKETS);
    this.histDebt.set(this.scan?.debtUsd ?? health.histDebtUsd, t * HIST_BUCKETS);
  }
}
