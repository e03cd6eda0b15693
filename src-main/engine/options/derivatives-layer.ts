/**
 * The derivatives layer: option writers (writers.ts), delta-hedging dealers (dealers.ts), covered-call
 * vaults (vaults.ts) and portfolio insurers (insurers.ts) on one underlying, advanced step by step by
 * the engine's loop in MODEL.md §7 order:
 *
 *   beginStep(t, price)               §1/§3  IV surface absorbs the step's return; options that
 *                                            expired settle at `price` (cash-settled, intrinsic)
 *   marginAndLiquidations(t, price)   §4/§5  writers whose equity < requirement are liquidated:
 *                                            their short options are bought back at the mark;
 *                                            same-asset collateral is sold to pay for it
 *   hedgingFlows(t, price)            §6     dealers re-hedge delta by their policy; insurers
 *                                            rebalance by rule. Returns units to sell by source
 *   settle(t, fillPrice)              §8     every trade of the step fills at `fillPrice`
 *   record(t)                         §9     per-step series and readable events
 *
 * Sign convention: flows are units of the underlying, + = sold into the market, − = bought. The loop
 * routes `total` through its venues' impact model (§7 step 7) and passes the average fill to settle().
 * Implied vol comes from the surface of iv-surface.ts; with `ivFeedback` off it stays at its base.
 *
 * Not modelled (stated as limits): early exercise (European only), writers who delta-hedge, the
 * hedging of the market makers who take the liquidation engine's buy-back orders, partial
 * liquidation, premium financing, futures basis (insurers' futures sales are units of the
 * underlying here).
 *
 * Invariants exposed for §9: collateral is conserved (asset units and USD ledgers, see totals() and
 * conservationError()); no balance goes negative; same inputs and seed → identical output.
 */
import { asDoubles } from '../double-fields.ts';
import { fmtUsdSpaced as fmtUsd, fmtWhole as fmt } from '../format.ts';
import { Rng } from '../random.ts';
import { DealerBook } from './dealers.ts';
import { Insurers } from './insurers.ts';
import { IvSurface } from './iv-surface.ts';
import type {
  DerivativesLayerOptions,
  GammaMap,
  HedgeFlows,
  LiquidationResult,
  OptionsEvent,
  OptionsSeries,
  OptionsTotals,
  WriterSnapshot,
} from './layer-types.ts';
import { buildGrid } from './portfolio-margin.ts';
import type { HedgePolicy, OptionsDesign, OptionsSpec } from './spec.ts';
import { OptionsConfigError, parseOptionsDesign, parseOptionsSpec } from './spec.ts';
import { CoveredCallVaults } from './vaults.ts';
import { WriterBook } from './writers.ts';

export class DerivativesLayer {
  readonly spec: OptionsSpec;
  readonly design: OptionsDesign;
  readonly stepSeconds: number;
  readonly startTime: number;
  /** Price of the underlying at the start, USD. */
  readonly initialPrice: number;
  readonly surface: IvSurface;
  readonly writerCount: number;
  private readonly hedgePolicy: HedgePolicy;
  private readonly writers: WriterBook;
  private readonly dealers: DealerBook;
  private readonly vaults: CoveredCallVaults | null;
  private readonly insurers: Insurers;
  // Step state.
  private t: number;
  private price: number;
  private fill = NaN;
  private stepFlows: HedgeFlows = noFlows();
  private lastIvEvent: number;
  private readonly out: OptionsSeries = emptySeries();
  private readonly log: OptionsEvent[] = [];

  constructor(spec: OptionsSpec, design: OptionsDesign, opts: DerivativesLayerOptions) {
    if (!(opts.initialPrice > 0) || !Number.isFinite(opts.initialPrice)) {
      throw new OptionsConfigError('initialPrice must be a positive finite USD price', 'initialPrice');
    }
    if (!(opts.stepSeconds > 0)) throw new OptionsConfigError('stepSeconds must be > 0', 'stepSeconds');
    // Validated here too: the layer is also built from imported files, and the ranges matter.
    spec = parseOptionsSpec(spec);
    design = parseOptionsDesign(design);
    this.spec = spec;
    this.design = design;
    this.stepSeconds = opts.stepSeconds;
    this.startTime = opts.startTime;
    this.initialPrice = opts.initialPrice;
    this.t = opts.startTime;
    this.price = opts.initialPrice;
    const rate = spec.riskFreeRate;
    const s0 = opts.initialPrice;
    this.surface = new IvSurface(spec.iv, opts.stepSeconds, design.ivFeedback);
    this.surface.update(s0);
    const grid = design.marginModel.kind === 'portfolio' ? buildGrid(design.marginModel.grid) : null;
    this.hedgePolicy = design.hedging ?? spec.dealers.hedgePolicy;
    const w = spec.writers;
    this.writerCount = w.totalUnits > 0 ? (opts.writerCount ?? w.count) : 0;
    const rng = new Rng(opts.seed, 61);
    this.writers = new WriterBook(
      w,
      this.writerCount,
      rng,
      s0,
      opts.startTime,
      this.surface,
      rate,
      design,
      grid,
    );
    this.dealers = new DealerBook(spec.dealers, s0, opts.startTime, this.surface, rate);
    this.vaults = spec.vaults
      ? new CoveredCallVaults(spec.vaults, s0, opts.startTime, this.surface, rate, this.dealers)
      : null;
    this.insurers = new Insurers(spec.insurers, s0, opts.startTime, rate, opts.stepSeconds);
    this.lastIvEvent = this.surface.atmVol(30 / 365);
  }

  // ------------------------------------------------------------------------------------------
  // Step API
  // ------------------------------------------------------------------------------------------

  /**
   * §7 step 1: the step's price (USD, before this step's flows). Feeds the IV surface with the
   * return since the previous step and settles options that have expired by `t` (epoch seconds)
   * at this price.
   */
  beginStep(t: number, price: number): void {
    assertPrice(price, 'beginStep');
    this.t = t;
    this.price = price;
    this.fill = NaN;
    this.writers.beginStep();
    this.stepFlows = noFlows();
    this.surface.update(price);
    this.writers.series.invalidate();
    this.settleExpiries(t, price);
  }

  /**
   * §7 steps 3–5: margin requirement of every open naked writer at `price` (the oracle/mark price,
   * USD) under the design's margin model; writers with equity below it are liquidated in full.
   */
  marginAndLiquidations(t: number, price: number): LiquidationResult {
    assertPrice(price, 'marginAndLiquidations');
    this.t = t;
    this.refreshSeries(price);
    const result = this.writers.marginAndLiquidations(price);
    this.stepFlows.liquidation = this.writers.flowUnitsNow;
    return result;
  }

  /**
   * §7 step 6: units of the underlying dealers and insurers trade this step at `price` (USD), with
   * this step's liquidation sales, by source. + = sell.
   */
  hedgingFlows(t: number, price: number): HedgeFlows {
    assertPrice(price, 'hedgingFlows');
    this.t = t;
    const enabled = this.design.dealerHedging;
    let hedging = this.dealers.rehedge(price, t, this.hedgePolicy, enabled);
    // Market makers' hedge of the vault calls they bought (long gamma): same policy as the dealers.
    const mm = this.vaults?.rehedge(price, t, this.hedgePolicy, enabled) ?? null;
    if (mm !== null) hedging += mm;
    const insurance = this.insurers.rebalance(price, t, this.design.insurersActive);
    const liquidation = this.stepFlows.liquidation;
    this.stepFlows = { hedging, insurance, liquidation, total: hedging + insurance + liquidation };
    return { ...this.stepFlows };
  }

  /** §7 step 8: all of this step's trades fill at `fillPrice` (USD, the venues' average fill). */
  settle(t: number, fillPrice: number): void {
    assertPrice(fillPrice, 'settle');
    this.t = t;
    this.fill = fillPrice;
    const { dealers, vaults } = this;
    dealers.cash += (dealers.hedge - dealers.hedgeTarget) * fillPrice;
    if (vaults) {
      dealers.cash += (vaults.hedge - vaults.hedgeTarget) * fillPrice;
      vaults.hedge = vaults.hedgeTarget;
    }
    dealers.hedge = dealers.hedgeTarget;
    this.insurers.settle(fillPrice);
    this.writers.settleLiquidations(fillPrice);
  }

  /** §7 step 9: appends the step's metrics to the series and writes readable events. */
  record(t: number): void {
    const price = this.price;
    this.refreshSeries(price);
    const gammaUnits = this.dealers.gammaUnits(price, t);
    this.recordSeries(t, price, gammaUnits);
    this.narrate(t, price, gammaUnits);
  }

  // ------------------------------------------------------------------------------------------
  // Reporters
  // ------------------------------------------------------------------------------------------

  /** The recorded per-step series (live arrays; do not mutate). */
  series(): OptionsSeries {
    return this.out;
  }

  /** Readable events, in order. */
  events(): readonly OptionsEvent[] {
    return this.log;
  }

  /**
   * Gamma exposure map from the current book: for each price level L (USD), the units dealers and
   * insurers would have to sell if the price fell a further 1% from L (dealers re-hedging their
   * options' delta change, insurers moving their rule's target). Negative = they would buy.
   */
  gammaMap(priceLevels: readonly number[]): GammaMap {
    const n = priceLevels.length;
    const res: GammaMap = {
      priceLevels: Float64Array.from(priceLevels),
      dealersUnits: new Float64Array(n),
      insurersUnits: new Float64Array(n),
      totalUnits: new Float64Array(n),
    };
    const t = this.t;
    for (let k = 0; k < n; k++) {
      const L = priceLevels[k]!;
      if (!(L > 0)) continue;
      const dealers =
        this.dealerOptionDelta(0.99 * L, t) -
        this.dealerOptionDelta(L, t) +
        (this.vaultCallDelta(0.99 * L, t) - this.vaultCallDelta(L, t));
      const insurers = this.insurers.gammaAt(L, t);
      res.dealersUnits[k] = dealers;
      res.insurersUnits[k] = insurers;
      res.totalUnits[k] = dealers + insurers;
    }
    return res;
  }

  /** Ledgers of collateral and holdings. */
  totals(): OptionsTotals {
    const held = this.writers.holdings();
    const ins = this.insurers.holdings();
    const L = this.writers.ledgers;
    return {
      initialAssetUnits: L.initialAssetUnits,
      heldAssetUnits: held.assetUnits,
      pendingSaleUnits: L.pendingSaleUnits,
      soldAssetUnits: L.soldAssetUnits,
      paidToHoldersUnits: L.paidToHoldersUnits,
      penaltyUnits: L.penaltyUnits,
      initialUsd: L.initialUsd,
      heldUsd: held.usd,
      paidBuybacksUsd: L.paidBuybacksUsd,
      paidToHoldersUsd: L.paidToHoldersUsd,
      penaltyUsd: L.penaltyUsd,
      surplusReturnedUsd: L.surplusReturnedUsd,
      badDebtUsd: L.badDebtUsd,
      insurerInitialUnits: this.insurers.initialUnits,
      insurerUnits: ins.units,
      insurerSoldUnits: this.insurers.soldUnits,
      insurerCashUsd: ins.cash,
      dealerHedgeUnits: this.dealers.hedge,
      dealerCashUsd: this.dealers.cash,
    };
  }

  /**
   * Largest relative breach of the conservation ledgers (0 when exact up to rounding):
   *   asset units: initial = held + pending sale + sold + paid to holders + penalties
   *   USD:         initial = held + buy-backs paid + paid to holders + penalties
   *   insurers:    initial units = held + sold (net)
   */
  conservationError(): number {
    const x = this.totals();
    const L = this.writers.ledgers;
    const assetRhs =
      x.heldAssetUnits + x.pendingSaleUnits + x.soldAssetUnits + x.paidToHoldersUnits + x.penaltyUnits;
    const usdRhs = x.heldUsd + x.paidBuybacksUsd + x.paidToHoldersUsd + x.penaltyUsd;
    const insRhs = x.insurerUnits + x.insurerSoldUnits;
    const v = this.vaults;
    const vaultError = v ? Math.abs(v.units + v.paidUnits - v.initialUnits) / Math.max(1, v.initialUnits) : 0;
    // Futures P&L realised at liquidation came from the futures' counterparties.
    return Math.max(
      vaultError,
      Math.abs(assetRhs - x.initialAssetUnits - L.futPnlUnits) / Math.max(1, x.initialAssetUnits),
      Math.abs(usdRhs - x.initialUsd - L.futPnlUsd) / Math.max(1, x.initialUsd),
      Math.abs(insRhs - x.insurerInitialUnits) / Math.max(1, x.insurerInitialUnits),
    );
  }

  /** Smallest balance held anywhere (writers' collateral, insurers' units and cash, vaults); never < 0. */
  minBalance(): number {
    let m = Math.min(this.writers.minBalance(), this.insurers.minBalance());
    if (this.vaults) m = Math.min(m, this.vaults.units);
    return m === Infinity ? 0 : m;
  }

  /** Writers liquidated so far. */
  liquidatedWriters(): number {
    return this.writers.liquidatedCount();
  }

  /**
   * One writer as the margin engine sees it at `price` (USD) and the current time: the option
   * written, collateral, equity and requirement. For inspection (UI, tests); not on the hot path.
   */
  writerSnapshot(i: number, price: number): WriterSnapshot {
    if (!(i >= 0 && i < this.writerCount))
      throw new RangeError(`writer ${i} does not exist (0…${this.writerCount - 1})`);
    assertPrice(price, 'writerSnapshot');
    this.refreshSeries(price);
    return this.writers.snapshot(i, price);
  }

  /** Dealers' option delta (without the hedge), units, at `price` and time `t`. */
  dealerOptionDelta(price: number, t: number): number {
    return this.dealers.optionDelta(price, t);
  }

  /** Dealers' gamma as units of hedge per 1% move at `price` (negative = short gamma). */
  dealerGammaUnits(price: number, t: number): number {
    return this.dealers.gammaUnits(price, t);
  }

  /** Market makers' delta from the vault calls they hold (long). */
  vaultCallDelta(price: number, t: number): number {
    return this.vaults ? this.vaults.callDelta(price, t) : 0;
  }

  // ------------------------------------------------------------------------------------------
  // Internals
  // ------------------------------------------------------------------------------------------

  /** Listed series' values at `price` and the current time. */
  private refreshSeries(price: number): void {
    this.writers.series.refresh(price, this.t, this.surface, this.spec.riskFreeRate, this.design.marginModel);
  }

  /** Vaults, then writers' series, then dealers: everything expired by t settles at `price`. */
  private settleExpiries(t: number, price: number): void {
    this.vaults?.settleExpiry(t, price);
    const series = this.writers.series;
    if (series.markExpiring(t)) {
      this.writers.settleExpiries(price);
      series.finishExpiring();
    }
    this.dealers.settleExpiry(t, price);
  }

  private recordSeries(t: number, price: number, gammaUnits: number): void {
    const o = this.out;
    const held = this.writers.holdings();
    o.time.push(t);
    o.price.push(price);
    o.fillPrice.push(Number.isFinite(this.fill) ? this.fill : price);
    o.atmIv.push(this.surface.atmVol(30 / 365));
    o.realisedVol.push(this.surface.realisedVol());
    o.dealerNetDelta.push(this.dealers.optionDelta(price, t) + this.dealers.hedge);
    o.dealerHedgeUnits.push(this.dealers.hedge);
    o.dealerGammaUnitsPer1Pct.push(gammaUnits);
    o.hedgingUnits.push(this.stepFlows.hedging);
    o.insuranceUnits.push(this.stepFlows.insurance);
    o.liquidationUnits.push(this.stepFlows.liquidation);
    o.insurerBacklogUnits.push(this.insurers.backlog);
    o.writersLiquidated.push(this.writers.liquidatedNow);
    o.collateralAssetUnits.push(held.assetUnits);
    o.collateralUsd.push(held.usd);
    o.bookValueUsd.push(held.bookUsd);
    o.badDebtUsd.push(this.writers.ledgers.badDebtUsd);
  }

  /** Readable events of the step: vault rolls, expiries, liquidations, hedging, insurers, IV moves. */
  private narrate(t: number, price: number, gammaUnits: number): void {
    const a = this.spec.asset;
    const px = fmtUsd(price);
    const push = (kind: OptionsEvent['kind'], text: string): void => {
      this.log.push({ time: t, kind, text });
    };
    const v = this.vaults;
    if (v && v.lastRollLogged !== v.expiry) {
      v.lastRollLogged = v.expiry;
      push(
        'vault',
        `covered-call vaults wrote ${fmt(v.calls)} ${a} of calls at ${fmtUsd(v.strike)} (spot ${px}); market makers who bought them are long gamma and buy on a fall`,
      );
    }
    const writers = this.writers;
    if (writers.expiredNow > 0) {
      push('expiry', `${fmt(writers.expiredNow)} writers' options expired and settled at ${px}`);
    }
    if (writers.liquidatedNow > 0) {
      const sold = this.stepFlows.liquidation;
      push(
        'liquidation',
        `${fmt(writers.liquidatedNow)} option writers liquidated at ${px}: ${fmt(writers.optionUnitsNow)} ${a} of short options bought back` +
          (sold > 0 ? `, ${fmt(sold)} ${a} of their collateral sold to pay for it` : ''),
      );
    }
    this.narrateFlows(push, price, gammaUnits);
  }

  private narrateFlows(
    push: (kind: OptionsEvent['kind'], text: string) => void,
    price: number,
    gammaUnits: number,
  ): void {
    const a = this.spec.asset;
    const px = fmtUsd(price);
    const h = this.stepFlows.hedging;
    if (h !== 0 && Math.abs(h) >= 0.001 * this.dealers.notional) {
      push(
        'hedging',
        `dealers ${h > 0 ? 'sold' : 'bought'} ${fmt(Math.abs(h))} ${a} at ${px} to re-hedge: their gamma there is ` +
          `${gammaUnits < 0 ? 'short' : 'long'} ${fmt(Math.abs(gammaUnits))} ${a} per 1% move` +
          `, so each further 1% ${gammaUnits < 0 ? 'fall forces that much more selling' : 'fall makes them buy'}`,
      );
    }
    const ins = this.stepFlows.insurance;
    const backlog = this.insurers.backlog;
    if (ins !== 0 && Math.abs(ins) * price >= 1e-4 * this.spec.insurers.insuredUsd) {
      const rule = this.spec.insurers.rule.kind === 'cppi' ? 'CPPI' : 'synthetic-put';
      push(
        'insurance',
        `portfolio insurers (${rule}) ${ins > 0 ? 'sold' : 'bought'} ${fmt(Math.abs(ins))} ${a} (${fmtUsd(Math.abs(ins) * price)}) at ${px}` +
          (backlog > 0 ? `; their rules wanted ${fmt(backlog)} ${a} more than the market could take` : ''),
      );
    }
    const atm = this.surface.atmVol(30 / 365);
    if (Math.abs(atm - this.lastIvEvent) >= 0.05) {
      push(
        'iv',
        `30-day ATM implied vol ${atm > this.lastIvEvent ? 'rose' : 'fell'} to ${(atm * 100).toFixed(0)}% (realised ${(this.surface.realisedVol() * 100).toFixed(0)}%)`,
      );
      this.lastIvEvent = atm;
    }
  }
}

function emptySeries(): OptionsSeries {
  return {
    time: [],
    price: [],
    fillPrice: [],
    atmIv: [],
    realisedVol: [],
    dealerNetDelta: [],
    dealerHedgeUnits: [],
    dealerGammaUnitsPer1Pct: [],
    hedgingUnits: [],
    insuranceUnits: [],
    liquidationUnits: [],
    insurerBacklogUnits: [],
    writersLiquidated: [],
    collateralAssetUnits: [],
    collateralUsd: [],
    bookValueUsd: [],
    badDebtUsd: [],
  };
}

function assertPrice(price: number, where: string): void {
  if (!(price > 0) || !Number.isFinite(price)) {
    throw new RangeError(
      `DerivativesLayer.${where}: price must be a positive finite USD value (got ${price})`,
    );
  }
}

/** A step's hedging flows before any (stored as doubles: double-fields.ts). */
function noFlows(): HedgeFlows {
  return asDoubles({ hedging: 0, insurance: 0, liquidation: 0, total: 0 }, [
    'hedging',
    'insurance',
    'liquidation',
    'total',
  ]);
}
