/** What the derivatives layer (derivatives-layer.ts) takes and reports: options, flows, series, ledgers. */

/** Seconds in a year (Black–Scholes times are in years). */
export const SECONDS_PER_YEAR = 365 * 86_400;

export interface DerivativesLayerOptions {
  seed: number;
  stepSeconds: number;
  /** Price of the underlying at the start, USD. */
  initialPrice: number;
  /** Epoch seconds of the start (expiries are counted from here). */
  startTime: number;
  /** Override of spec.writers.count (e.g. a user-chosen population size); totals are kept. */
  writerCount?: number;
}

/** Units of the underlying to trade this step by source; + = sell. */
export interface HedgeFlows {
  /** Dealers' delta hedging. */
  hedging: number;
  /** Portfolio insurers. */
  insurance: number;
  /** Sales of liquidated writers' same-asset collateral. */
  liquidation: number;
  total: number;
}

export interface LiquidationResult {
  /** Writers liquidated this step. */
  writers: number;
  /** Short option units bought back. */
  optionUnits: number;
  /** Buy-back cost at the decision price, USD. */
  buybackUsd: number;
  /** Same-asset collateral to sell this step, units. */
  unitsToSell: number;
}

export interface GammaMap {
  priceLevels: Float64Array;
  /** Units dealers must sell to stay hedged after a further 1% fall from each level (− = buy). */
  dealersUnits: Float64Array;
  /** Change in the insurers' target holding for a further 1% fall from each level (+ = sell). */
  insurersUnits: Float64Array;
  totalUnits: Float64Array;
}

export interface OptionsEvent {
  /** Epoch seconds. */
  time: number;
  kind: 'liquidation' | 'hedging' | 'insurance' | 'iv' | 'expiry' | 'vault';
  text: string;
}

/** Per-step series, one entry per record() call. */
export interface OptionsSeries {
  time: number[];
  /** Price the step was evaluated at (pre-flow), USD. */
  price: number[];
  /** Average fill of the step's trades, USD. */
  fillPrice: number[];
  /** 30-day ATM implied vol, annualised. */
  atmIv: number[];
  realisedVol: number[];
  /** Dealers' option delta + hedge, units, after the step's trades. */
  dealerNetDelta: number[];
  /** Dealers' hedge position, units. */
  dealerHedgeUnits: number[];
  /** Dealers' gamma as units of hedge per 1% move (negative = short gamma). */
  dealerGammaUnitsPer1Pct: number[];
  hedgingUnits: number[];
  insuranceUnits: number[];
  liquidationUnits: number[];
  /** Sales insurers' rules required but the step's capacity did not allow, units. */
  insurerBacklogUnits: number[];
  writersLiquidated: number[];
  /** Writers' collateral held, asset units and USD. */
  collateralAssetUnits: number[];
  collateralUsd: number[];
  /** Mark of all open short options, USD. */
  bookValueUsd: number[];
  /** Cumulative unpaid liabilities of writers, USD. */
  badDebtUsd: number[];
}

/** One writer, as the margin engine sees it (see DerivativesLayer.writerSnapshot). */
export interface WriterSnapshot {
  right: 'call' | 'put';
  /** USD. */
  strike: number;
  /** Epoch seconds. */
  expiryTime: number;
  /** Options written, units of the underlying. */
  units: number;
  covered: boolean;
  /** 'asset': collateralAmount is in units of the underlying; 'usd': in USD. */
  collateral: 'asset' | 'usd';
  collateralAmount: number;
  /** Collateral value less the mark of the open short options, USD. */
  equityUsd: number;
  /** Margin requirement under the design's model, USD (0 once closed). */
  requirementUsd: number;
  status: 'open' | 'liquidated' | 'expired';
}

/** Collateral and holdings ledgers (for the §9 conservation invariant). */
export interface OptionsTotals {
  initialAssetUnits: number;
  heldAssetUnits: number;
  pendingSaleUnits: number;
  soldAssetUnits: number;
  paidToHoldersUnits: number;
  penaltyUnits: number;
  initialUsd: number;
  heldUsd: number;
  paidBuybacksUsd: number;
  paidToHoldersUsd: number;
  penaltyUsd: number;
  /** USD of collateral sales beyond the buy-back, returned to liquidated writers. */
  surplusReturnedUsd: number;
  badDebtUsd: number;
  insurerInitialUnits: number;
  insurerUnits: number;
  insurerSoldUnits: number;
  insurerCashUsd: number;
  dealerHedgeUnits: number;
  dealerCashUsd: number;
}
