/**
 * The derivatives layer: option writers, delta-hedging dealers and portfolio insurers on one
 * underlying, advanced step by step by the engine's loop in MODEL.md §7 order:
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
 * Sign convention: flows are units of the underlying, + = sold into the market, − = bought.
 * The loop is expected to route `total` through its venues' impact model (§7 step 7) and pass the
 * resulting average fill to settle().
 *
 * What is modelled, and why:
 * - Writers (short puts and calls) are many small accounts, held as struct-of-arrays typed arrays.
 *   Strikes are listed on a grid (`strikeStep` × S0), so the Black–Scholes work is done once per
 *   listed series per step and each writer costs a few multiply-adds (~100k writers per step).
 *   A naked writer posts, at t0, the premium received plus `initialMarginMultiple` × the standard
 *   per-position charge (max(15%·S − OTM, 10%·X), see portfolio-margin.ts) — a fact of the scenario
 *   whatever the design, so designs are compared on the same population. Covered writers (covered
 *   calls holding one unit of the underlying per call — e.g. automated covered-call vaults — and
 *   cash-secured puts holding K per put) can never be liquidated.
 *   Collateral is either the underlying itself ('same-asset', coin-margined, Deribit-style: its value
 *   falls exactly when a short put's liability rises) or USD stablecoins ('stable').
 *   Liquidation is full: the liquidation engine buys back the whole short position at the mark and
 *   charges `liquidationPenalty` of the buy-back on top. With same-asset collateral it sells the
 *   collateral needed on the market (source 'liquidation'); if the fill is worse than the price
 *   used for the decision, more collateral is handed to the option holders; what cannot be paid is
 *   bad debt.
 * - Dealers are one aggregate book of options (net short or long gamma) plus a hedge in the
 *   underlying. They hedge to zero delta when their net delta leaves a band (a fraction of their
 *   option notional) or on a fixed interval. Short-gamma dealers sell as the price falls.
 * - Portfolio insurers (1987) hold the underlying and cash and follow a rule: CPPI (exposure =
 *   multiplier × (value − floor)) or a synthetic protective put (equity share = S·N(d1)/(S + P),
 *   Leland–Rubinstein replication). They rebalance when the gap exceeds a band, at most every
 *   `rebalanceIntervalSeconds` (staggered across insurers), and their combined sales per step can be
 *   capped (`maxSaleUsdPerStep`): what they could not sell is reported as a backlog — the Brady
 *   Report's "models called for a further $12 B of sales".
 * - Implied vol comes from the surface of iv-surface.ts; with `ivFeedback` off it stays at its base.
 *
 * Not modelled (stated as limits): early exercise (European only), writers who delta-hedge, the
 * hedging of the market makers who take the liquidation engine's buy-back orders, partial
 * liquidation, premium financing, futures basis (insurers' futures sales are units of the
 * underlying here).
 *
 * Invariants exposed for §9: collateral is conserved (asset units and USD ledgers, see totals() and
 * conservationError()); no balance goes negative; same inputs and seed → identical output.
 */
import { z } from 'zod';
import { describeIssue } from '../zod-issues.ts';
import { Rng } from '../random.ts';
import { bsDelta, bsGamma, bsPrice } from './black-scholes.ts';
import { IvSurface } from './iv-surface.ts';
import {
  buildGrid,
  optionScenarioChanges,
  shortOptionCharge,
  type Grid,
  type PerPositionParams,
} from './portfolio-margin.ts';

// ---------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------

const num = (what: string) => z.number({ error: `${what} must be a number` }).finite();
const positive = (what: string) => num(what).positive(`${what} must be > 0`);
const nonNegative = (what: string) => num(what).min(0, `${what} must be ≥ 0`);
const fraction = (what: string) => num(what).min(0, `${what} must be ≥ 0`).max(1, `${what} must be ≤ 1`);

/** How dealers decide to re-hedge. */
export const HedgePolicySchema = z.discriminatedUnion('kind', [
  /** Re-hedge to zero when |net delta| > bandDelta × option notional (units). */
  z.strictObject({ kind: z.literal('band'), bandDelta: fraction('bandDelta') }),
  /** Re-hedge to zero every `seconds` (a step's length or less = every step). */
  z.strictObject({ kind: z.literal('interval'), seconds: positive('seconds') }),
]);

export const IvSpecSchema = z.strictObject({
  /** Calm ATM implied vol, annualised (0.2 = 20%). */
  baseVol: positive('baseVol').max(5),
  /** Vol per unit of −ln(K/S): > 0 makes OTM puts richer. */
  skew: num('skew').min(-2).max(2),
  /** IV points added per point of realised vol above calmVol. */
  stressBeta: nonNegative('stressBeta').max(10),
  /** Realised vol treated as calm, annualised. */
  calmVol: nonNegative('calmVol').max(5),
  realisedHalfLifeSeconds: positive('realisedHalfLifeSeconds'),
  /** Realised vol is measured on returns over this interval, seconds (absent: every step). */
  returnIntervalSeconds: nonNegative('returnIntervalSeconds')
    .max(7 * 86_400)
    .optional(),
  relaxHalfLifeSeconds: positive('relaxHalfLifeSeconds'),
  /** Term shape of the stress shock, (30 days / T)^termPower (Deribit's older rule: 0.3). */
  termPower: nonNegative('termPower').max(2),
  floor: positive('floor'),
  cap: positive('cap').max(10),
});

export const WritersSpecSchema = z.strictObject({
  /** Number of writer accounts generated. */
  count: z.number().int().min(0).max(2_000_000),
  /** Options written by the whole population, units of the underlying. */
  totalUnits: nonNegative('totalUnits'),
  /** Sizes: Pareto with this tail index, scaled to totalUnits. */
  sizeParetoAlpha: num('sizeParetoAlpha').gt(1, 'sizeParetoAlpha must be > 1').max(5),
  /** Strike as moneyness K/S0, histogram. */
  strikeBins: z
    .array(z.strictObject({ from: positive('from'), to: positive('to'), weight: nonNegative('weight') }))
    .min(1),
  /** Listed strike spacing, fraction of S0 (e.g. 0.025 → strikes every 2.5%). */
  strikeStep: positive('strikeStep').max(0.5),
  /** Expiries in days from the start, weighted. */
  expiries: z.array(z.strictObject({ days: positive('days'), weight: nonNegative('weight') })).min(1),
  /** Share of writers who write puts (the rest write calls). */
  putShare: fraction('putShare'),
  /** Share of writers who are naked (the rest covered: covered calls / cash-secured puts). */
  nakedShare: fraction('nakedShare'),
  /** Collateral of naked writers. */
  collateral: z.enum(['same-asset', 'stable']),
  /** Median collateral posted, multiples of the standard per-position charge (on top of premium). */
  initialMarginMultiple: num('initialMarginMultiple').min(1, 'initialMarginMultiple must be ≥ 1').max(50),
  /** Log-normal spread of the multiple across writers. */
  marginMultipleSigma: nonNegative('marginMultipleSigma').max(3),
  /**
   * Share of each naked writer's option delta hedged at the start with a perpetual future (static,
   * opened at the start price), held in the same account: under portfolio margin the future offsets
   * the options in the grid (cross mode); under per-position margin it carries its own charge.
   */
  futuresHedgeRatio: fraction('futuresHedgeRatio').optional(),
});

export const DealersSpecSchema = z.strictObject({
  /** Dealers' net option position: 'short' gamma (they wrote the options) or 'long'. */
  gamma: z.enum(['short', 'long']),
  /** Option notional, units of the underlying (0: no dealers). */
  units: nonNegative('units'),
  right: z.enum(['put', 'call', 'straddle']),
  /** Strikes as moneyness K/S0, weighted. */
  strikes: z
    .array(z.strictObject({ moneyness: positive('moneyness'), weight: nonNegative('weight') }))
    .min(1),
  expiryDays: positive('expiryDays'),
  /** The dealers' own hedging habit; a design may override it. */
  hedgePolicy: HedgePolicySchema,
});

export const InsurerRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('cppi'),
    /** Floor, fraction of the starting portfolio value. */
    floorFraction: fraction('floorFraction'),
    /** Exposure = multiplier × (value − floor). */
    multiplier: positive('multiplier').max(20),
  }),
  z.strictObject({
    kind: z.literal('synthetic-put'),
    /** Insured level, fraction of the starting price. */
    strikeFraction: positive('strikeFraction').max(2),
    /** Horizon of the replicated put, days from the start. */
    horizonDays: positive('horizonDays'),
    /** Vol the insurers' model assumes, annualised (they did not use market IV in 1987). */
    assumedVol: positive('assumedVol').max(5),
  }),
]);

export const InsurersSpecSchema = z.strictObject({
  /** Number of insurance programmes; they share insuredUsd equally and follow the same rule. */
  count: z.number().int().min(0).max(10_000),
  /** Value of the insured portfolios at the start, USD (0: no insurers). */
  insuredUsd: nonNegative('insuredUsd'),
  rule: InsurerRuleSchema,
  /** Trade only when the gap to target exceeds this fraction of the portfolio value. */
  rebalanceBand: fraction('rebalanceBand'),
  /** At most one rebalance per insurer per this many seconds (0: whenever the band is crossed). */
  rebalanceIntervalSeconds: nonNegative('rebalanceIntervalSeconds'),
  /** What all insurers together can sell per step, USD; null: no limit. */
  maxSaleUsdPerStep: positive('maxSaleUsdPerStep').nullable(),
});

/** Scenario side: who holds which options, and how they behave. */
/**
 * Automated covered-call vaults (DeFi option vaults): they hold the underlying and, every `rollDays`,
 * sell one call per unit at `callMoneyness` × spot, expiring at the next roll; an expiring call is
 * cash-settled out of the vault's units and the next one is written at the new spot. The buyers are
 * market makers, who delta-hedge the calls they bought with the dealers' hedging policy: long gamma,
 * they buy on a fall and sell on a rise — the vaults damp the loop instead of feeding it.
 */
export const VaultsSpecSchema = z.strictObject({
  /** Units of the underlying the vaults hold (one call written per unit). */
  units: positive('units'),
  /** Strike of each new call, a multiple of the spot at the roll. */
  callMoneyness: num('callMoneyness').min(1, 'callMoneyness must be ≥ 1 (out of the money)').max(3),
  /** Days between rolls (each call expires at the next roll). */
  rollDays: positive('rollDays').max(90),
});

export const OptionsSpecSchema = z.strictObject({
  asset: z.string().regex(/^[A-Za-z0-9.-]{1,16}$/),
  riskFreeRate: num('riskFreeRate').min(-0.1).max(0.5),
  iv: IvSpecSchema,
  writers: WritersSpecSchema,
  dealers: DealersSpecSchema,
  insurers: InsurersSpecSchema,
  /** Covered-call vaults; absent: none. */
  vaults: VaultsSpecSchema.optional(),
});

export const GridSpecSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('span'),
    priceScanRange: positive('priceScanRange').max(1),
    volScanRange: fraction('volScanRange'),
    extremeMoveMultiple: positive('extremeMoveMultiple').max(10),
    extremeCoverFraction: fraction('extremeCoverFraction'),
  }),
  z.strictObject({
    kind: z.literal('deribit-pm'),
    priceRange: positive('priceRange').max(1),
    buckets: z.number().int().min(2).max(101),
    volUpShock: nonNegative('volUpShock').max(5),
    volDownShock: fraction('volDownShock'),
    termPower: nonNegative('termPower').max(2),
  }),
]);

export const MarginModelSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('per-position'),
    shortOptionBase: fraction('shortOptionBase'),
    shortOptionFloor: fraction('shortOptionFloor'),
    futuresMaintenance: fraction('futuresMaintenance'),
  }),
  z.strictObject({
    kind: z.literal('portfolio'),
    grid: GridSpecSchema,
    /** SPAN short-option minimum, fraction of S per unit of net short options. */
    shortOptionMinimum: fraction('shortOptionMinimum'),
  }),
]);

/** Design side: what the venue/protocol decides. */
export const OptionsDesignSchema = z.strictObject({
  marginModel: MarginModelSchema,
  /** Dealers' hedging policy; null keeps the scenario's. */
  hedging: HedgePolicySchema.nullable(),
  /** Whether implied vol reacts to realised stress (off: IV stays at its base). */
  ivFeedback: z.boolean(),
  /** Charged on top of the buy-back of a liquidated writer, fraction of the buy-back. */
  liquidationPenalty: fraction('liquidationPenalty'),
  /** Whether dealers delta-hedge at all (off: the gamma loop is cut; their options stay unhedged). */
  dealerHedging: z.boolean().default(true),
  /** Whether portfolio insurers follow their rule (off: they hold what they have). */
  insurersActive: z.boolean().default(true),
});

/**
 * The options design a run uses when the scenario has derivatives and the design says nothing:
 * per-position margin at the standard charge (max(15%·S − OTM, 10%·X)), the scenario's hedging
 * policy, IV feedback on, a 2% liquidation penalty, every loop on.
 */
export const DEFAULT_OPTIONS_DESIGN: OptionsDesign = {
  marginModel: {
    kind: 'per-position',
    shortOptionBase: 0.15,
    shortOptionFloor: 0.1,
    futuresMaintenance: 0.05,
  },
  hedging: null,
  ivFeedback: true,
  liquidationPenalty: 0.02,
  dealerHedging: true,
  insurersActive: true,
};

export type HedgePolicy = z.infer<typeof HedgePolicySchema>;
export type OptionsSpec = z.infer<typeof OptionsSpecSchema>;
export type OptionsDesign = z.infer<typeof OptionsDesignSchema>;

export class OptionsConfigError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'OptionsConfigError';
  }
}

function parseWith<T>(schema: z.ZodType<T>, prefix: string, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success) {
    const first = result.error.issues[0];
    if (!first) throw new OptionsConfigError(`${prefix}: invalid`, prefix);
    const { field, message } = describeIssue(prefix, first, { schema, input });
    throw new OptionsConfigError(message, field);
  }
  return result.data;
}

/** Parses an options spec; throws OptionsConfigError naming the field (incl. cross-field rules). */
export function parseOptionsSpec(input: unknown): OptionsSpec {
  const s = parseWith(OptionsSpecSchema, 'options', input);
  s.writers.strikeBins.forEach((b, i) => {
    if (b.to < b.from) {
      throw new OptionsConfigError(
        `options.writers.strikeBins.${i}.to: must be ≥ from (${b.from})`,
        `options.writers.strikeBins.${i}.to`,
      );
    }
  });
  if (s.iv.cap < s.iv.floor)
    throw new OptionsConfigError('options.iv.cap: must be ≥ floor', 'options.iv.cap');
  if (s.writers.count > 0 && !s.writers.strikeBins.some((b) => b.weight > 0)) {
    throw new OptionsConfigError(
      'options.writers.strikeBins: give at least one positive weight',
      'options.writers.strikeBins',
    );
  }
  if (s.writers.count > 0 && !s.writers.expiries.some((b) => b.weight > 0)) {
    throw new OptionsConfigError(
      'options.writers.expiries: give at least one positive weight',
      'options.writers.expiries',
    );
  }
  return s;
}

/** Parses an options design; throws OptionsConfigError naming the field. */
export function parseOptionsDesign(input: unknown): OptionsDesign {
  return parseWith(OptionsDesignSchema, 'optionsDesign', input);
}

// ---------------------------------------------------------------------------------------------
// Layer
// ---------------------------------------------------------------------------------------------

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

const SECONDS_PER_YEAR = 365 * 86_400;
/** Per-position charge that defines the collateral writers post at t0 (Deribit-like standard). */
const STANDARD_CHARGE: PerPositionParams = {
  shortOptionBase: 0.15,
  shortOptionFloor: 0.1,
  futuresMaintenance: 0,
};

const STATUS_ACTIVE = 0;
const STATUS_LIQUIDATED = 1;
const STATUS_EXPIRED = 2;
const COLL_USD = 0;
const COLL_ASSET = 1;

export class DerivativesLayer {
  readonly spec: OptionsSpec;
  readonly design: OptionsDesign;
  readonly stepSeconds: number;
  readonly startTime: number;
  /** Price of the underlying at the start, USD. */
  readonly initialPrice: number;
  readonly surface: IvSurface;
  private readonly rate: number;
  private readonly grid: Grid | null;
  private readonly hedgePolicy: HedgePolicy;

  // Listed series (writers' options).
  private readonly seriesCount: number;
  private readonly sIsCall: Uint8Array;
  private readonly sStrike: Float64Array;
  private readonly sExpiry: Float64Array;
  private readonly sExpired: Uint8Array;
  private readonly sValue: Float64Array;
  private readonly sCharge: Float64Array;
  private readonly sChanges: Float64Array;
  private cachePrice = NaN;

  // Writers (struct of arrays).
  readonly writerCount: number;
  private readonly wSeries: Int32Array;
  private readonly wUnits: Float64Array;
  private readonly wCollateral: Float64Array;
  private readonly wCollKind: Uint8Array;
  private readonly wCovered: Uint8Array;
  private readonly wStatus: Uint8Array;
  /** Perpetual future held with the options (signed units; − = short) and its entry price. */
  private readonly wFut: Float64Array;
  private readonly wFutEntry: Float64Array;
  /** Realised P&L of futures closed at liquidation, credited to the collateral ledgers. */
  private futPnlUnits = 0;
  private futPnlUsd = 0;

  // Dealers: option legs and hedge.
  private readonly dIsCall: Uint8Array;
  private readonly dStrike: Float64Array;
  private readonly dQty: Float64Array;
  private readonly dExpiry: number;
  private dExpired = false;
  private dHedge = 0;
  private dHedgeTarget = 0;
  private dCash = 0;
  // Covered-call vaults: units held, calls written (short), their strike and expiry, units paid
  // out at expiries; market makers' hedge of the calls they bought (and paid the premium for).
  private vUnits = 0;
  private vInitial = 0;
  private vCalls = 0;
  private vStrike = 0;
  private vExpiry = Infinity;
  private vPaidUnits = 0;
  private vHedge = 0;
  private vHedgeTarget = 0;
  private vLastHedge = 0;
  private vRolled = false;
  private vLastRollLogged = -1;
  private dLastHedge: number;
  private readonly dNotional: number;

  // Insurers.
  private readonly iUnits: Float64Array;
  private readonly iCash: Float64Array;
  private readonly iFloor: Float64Array;
  private readonly iLastRebalance: Float64Array;
  private readonly iOrder: Float64Array;
  private insurerBacklog = 0;
  private readonly insurerInitialUnits: number;
  private insurerSoldUnits = 0;

  // Ledgers.
  private readonly initialAssetUnits: number;
  private readonly initialUsd: number;
  private pendingSaleUnits = 0;
  private soldAssetUnits = 0;
  private paidToHoldersUnits = 0;
  private penaltyUnits = 0;
  private paidBuybacksUsd = 0;
  private paidToHoldersUsd = 0;
  private penaltyUsd = 0;
  private surplusReturnedUsd = 0;
  private badDebtUsd = 0;

  // Step state.
  private t: number;
  private price: number;
  private fill = NaN;
  private stepLiq: number[] = [];
  private stepLiqNeededUsd: number[] = [];
  private stepLiqSellUnits: number[] = [];
  private stepLiqOptionUnits = 0;
  private stepFlows: HedgeFlows = { hedging: 0, insurance: 0, liquidation: 0, total: 0 };
  private stepExpiredWriters = 0;
  private lastIvEvent: number;
  private readonly out: OptionsSeries;
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
    this.rate = spec.riskFreeRate;
    this.surface = new IvSurface(spec.iv, opts.stepSeconds, design.ivFeedback);
    this.surface.update(opts.initialPrice);
    this.grid = design.marginModel.kind === 'portfolio' ? buildGrid(design.marginModel.grid) : null;
    this.hedgePolicy = design.hedging ?? spec.dealers.hedgePolicy;
    const s0 = opts.initialPrice;

    // --- writers ---
    const w = spec.writers;
    const n = w.totalUnits > 0 ? (opts.writerCount ?? w.count) : 0;
    this.writerCount = n;
    this.wSeries = new Int32Array(n);
    this.wUnits = new Float64Array(n);
    this.wCollateral = new Float64Array(n);
    this.wCollKind = new Uint8Array(n);
    this.wCovered = new Uint8Array(n);
    this.wStatus = new Uint8Array(n);
    this.wFut = new Float64Array(n);
    this.wFutEntry = new Float64Array(n);
    const rng = new Rng(opts.seed, 61);
    const seriesKey = new Map<string, number>();
    const isCallList: number[] = [];
    const strikeList: number[] = [];
    const expiryList: number[] = [];
    const binTotal = w.strikeBins.reduce((a, b) => a + b.weight, 0);
    const expTotal = w.expiries.reduce((a, b) => a + b.weight, 0);
    const step = w.strikeStep * s0;
    let sizeSum = 0;
    for (let i = 0; i < n; i++) {
      const size = Math.pow(1 - rng.next(), -1 / w.sizeParetoAlpha);
      this.wUnits[i] = size;
      sizeSum += size;
      const bin = pickWeighted(w.strikeBins, binTotal, rng.next());
      const m = bin.from + (bin.to - bin.from) * rng.next();
      const strike = Math.max(step, Math.round((m * s0) / step) * step);
      const exp = pickWeighted(w.expiries, expTotal, rng.next());
      const expiry = opts.startTime + Math.round(exp.days * 86_400);
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
      this.wSeries[i] = si;
      this.wCovered[i] = rng.next() >= w.nakedShare ? 1 : 0;
      // Always drawn, so the stream does not depend on the naked/covered split.
      // Nobody opens within 10% of the maintenance charge (a venue's initial margin sits above its
      // maintenance margin): the multiple is floored at 1.1, so no writer is liquidated by noise alone.
      this.wCollateral[i] = Math.max(
        1.1,
        w.initialMarginMultiple * Math.exp(w.marginMultipleSigma * rng.fastNormal()),
      );
    }
    this.seriesCount = isCallList.length;
    this.sIsCall = Uint8Array.from(isCallList);
    this.sStrike = Float64Array.from(strikeList);
    this.sExpiry = Float64Array.from(expiryList);
    this.sExpired = new Uint8Array(this.seriesCount);
    this.sValue = new Float64Array(this.seriesCount);
    this.sCharge = new Float64Array(this.seriesCount);
    this.sChanges = new Float64Array(this.seriesCount * (this.grid?.size ?? 0));
    let assetUnits = 0;
    let usd = 0;
    for (let i = 0; i < n; i++) {
      const units = (this.wUnits[i]! * w.totalUnits) / sizeSum;
      this.wUnits[i] = units;
      const si = this.wSeries[i]!;
      const isCall = this.sIsCall[si] === 1;
      const strike = this.sStrike[si]!;
      const years = (this.sExpiry[si]! - opts.startTime) / SECONDS_PER_YEAR;
      const premium = bsPrice(isCall, s0, strike, years, this.rate, this.surface.vol(strike, s0, years));
      const multiple = this.wCollateral[i]!;
      if (this.wCovered[i] === 1) {
        // Covered call: one unit of the underlying per call. Cash-secured put: K per put.
        this.wCollKind[i] = isCall ? COLL_ASSET : COLL_USD;
        this.wCollateral[i] = isCall ? units : units * strike;
      } else {
        const usdPosted =
          units * (premium + multiple * shortOptionCharge(isCall, strike, s0, STANDARD_CHARGE));
        this.wCollKind[i] = w.collateral === 'same-asset' ? COLL_ASSET : COLL_USD;
        this.wCollateral[i] = w.collateral === 'same-asset' ? usdPosted / s0 : usdPosted;
      }
      if (this.wCovered[i] === 0 && (w.futuresHedgeRatio ?? 0) > 0) {
        // Short q options has delta −q·Δ; the hedge takes the opposite side of a share of it.
        const delta = bsDelta(isCall, s0, strike, years, this.rate, this.surface.vol(strike, s0, years));
        this.wFut[i] = (w.futuresHedgeRatio ?? 0) * units * delta;
        this.wFutEntry[i] = s0;
      }
      if (this.wCollKind[i] === COLL_ASSET) assetUnits += this.wCollateral[i]!;
      else usd += this.wCollateral[i]!;
    }
    this.initialAssetUnits = assetUnits;
    this.initialUsd = usd;

    // --- dealers ---
    const d = spec.dealers;
    const legs: { isCall: number; strike: number; qty: number }[] = [];
    const dTotal = d.strikes.reduce((a, b) => a + b.weight, 0);
    const sign = d.gamma === 'short' ? -1 : 1;
    if (d.units > 0 && dTotal > 0) {
      for (const k of d.strikes) {
        const q = (sign * d.units * k.weight) / dTotal;
        if (q === 0) continue;
        if (d.right !== 'call') legs.push({ isCall: 0, strike: k.moneyness * s0, qty: q });
        if (d.right !== 'put') legs.push({ isCall: 1, strike: k.moneyness * s0, qty: q });
      }
    }
    this.dIsCall = Uint8Array.from(legs.map((l) => l.isCall));
    this.dStrike = Float64Array.from(legs.map((l) => l.strike));
    this.dQty = Float64Array.from(legs.map((l) => l.qty));
    this.dExpiry = opts.startTime + Math.round(d.expiryDays * 86_400);
    this.dNotional = legs.reduce((a, l) => a + Math.abs(l.qty), 0);
    this.dHedge = -this.dealerOptionDelta(s0, opts.startTime);
    this.dHedgeTarget = this.dHedge;
    this.dLastHedge = opts.startTime;
    // --- covered-call vaults: the first calls are written at the start, and hedged at once ---
    if (spec.vaults) {
      this.vUnits = spec.vaults.units;
      this.vInitial = spec.vaults.units;
      this.rollVault(opts.startTime, s0);
      this.vRolled = false;
      this.vHedge = -this.vaultCallDelta(s0, opts.startTime);
      this.vHedgeTarget = this.vHedge;
      this.vLastHedge = opts.startTime;
    }

    // --- insurers ---
    const ins = spec.insurers;
    const ni = ins.insuredUsd > 0 ? ins.count : 0;
    this.iUnits = new Float64Array(ni);
    this.iCash = new Float64Array(ni);
    this.iFloor = new Float64Array(ni);
    this.iLastRebalance = new Float64Array(ni);
    this.iOrder = new Float64Array(ni);
    let iu = 0;
    for (let i = 0; i < ni; i++) {
      const v0 = ins.insuredUsd / ni;
      this.iFloor[i] = ins.rule.kind === 'cppi' ? ins.rule.floorFraction * v0 : 0;
      const units = this.insurerTargetUnits(i, s0, opts.startTime, v0);
      this.iUnits[i] = units;
      this.iCash[i] = v0 - units * s0;
      iu += units;
      // Staggered schedules: insurer i last rebalanced (i / n) of an interval before the start.
      this.iLastRebalance[i] = opts.startTime - (ins.rebalanceIntervalSeconds * i) / ni;
    }
    this.insurerInitialUnits = iu;
    this.lastIvEvent = this.surface.atmVol(30 / 365);

    this.out = {
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
    this.stepLiq = [];
    this.stepLiqNeededUsd = [];
    this.stepLiqSellUnits = [];
    this.stepLiqOptionUnits = 0;
    this.stepFlows = { hedging: 0, insurance: 0, liquidation: 0, total: 0 };
    this.stepExpiredWriters = 0;
    this.surface.update(price);
    this.cachePrice = NaN;
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
    let buybackUsd = 0;
    let unitsToSell = 0;
    let futuresClosed = 0;
    for (let i = 0; i < this.writerCount; i++) {
      if (this.wStatus[i] !== STATUS_ACTIVE || this.wCovered[i] === 1) continue;
      const si = this.wSeries[i]!;
      const q = this.wUnits[i]!;
      const asset = this.wCollKind[i] === COLL_ASSET;
      let coll = this.wCollateral[i]!;
      const liability = q * this.sValue[si]!;
      const futPnl = this.wFut[i]! * (price - this.wFutEntry[i]!);
      const equity = (asset ? coll * price : coll) - liability + futPnl;
      const requirement = this.requirementOf(i, price);
      if (equity >= requirement) continue;
      if (this.wFut[i] !== 0) {
        // The future is closed with the options (at this price): its P&L joins the collateral, and
        // closing it is a trade (buying back a short future is a purchase).
        futuresClosed += this.wFut[i]!;
        this.wFut[i] = 0;
        if (asset) {
          const pnlUnits = Math.max(futPnl / price, -this.wCollateral[i]!);
          if (pnlUnits * price > futPnl) this.badDebtUsd += pnlUnits * price - futPnl;
          this.wCollateral[i] = this.wCollateral[i]! + pnlUnits;
          this.futPnlUnits += pnlUnits;
        } else {
          const pnl = Math.max(futPnl, -this.wCollateral[i]!);
          if (pnl > futPnl) this.badDebtUsd += pnl - futPnl;
          this.wCollateral[i] = this.wCollateral[i]! + pnl;
          this.futPnlUsd += pnl;
        }
        coll = this.wCollateral[i]!;
      }
      // Liquidate: buy back q options at the mark.
      this.wStatus[i] = STATUS_LIQUIDATED;
      this.stepLiqOptionUnits += q;
      buybackUsd += liability;
      if (asset) {
        const sell = Math.min(coll, liability / price);
        this.wCollateral[i] = coll - sell;
        this.pendingSaleUnits += sell;
        unitsToSell += sell;
        this.stepLiq.push(i);
        this.stepLiqNeededUsd.push(liability);
        this.stepLiqSellUnits.push(sell);
      } else {
        const pay = Math.min(coll, liability);
        this.paidBuybacksUsd += pay;
        this.badDebtUsd += liability - pay;
        const left = coll - pay;
        const penalty = Math.min(left, this.design.liquidationPenalty * liability);
        this.penaltyUsd += penalty;
        this.wCollateral[i] = left - penalty;
        this.stepLiq.push(i);
        this.stepLiqNeededUsd.push(0);
        this.stepLiqSellUnits.push(0);
      }
    }
    // Closing futures: selling back a long, buying back a short (negative sale).
    this.stepFlows.liquidation = unitsToSell + futuresClosed;
    return {
      writers: this.stepLiq.length,
      optionUnits: this.stepLiqOptionUnits,
      buybackUsd,
      unitsToSell: unitsToSell + futuresClosed,
    };
  }

  /**
   * §7 step 6: units of the underlying dealers and insurers trade this step at `price` (USD), with
   * this step's liquidation sales, by source. + = sell.
   */
  hedgingFlows(t: number, price: number): HedgeFlows {
    assertPrice(price, 'hedgingFlows');
    this.t = t;
    // Dealers.
    let hedging = 0;
    if (!this.design.dealerHedging) this.dHedgeTarget = this.dHedge;
    else if (this.dNotional > 0 || this.dHedge !== 0) {
      const optDelta = this.dealerOptionDelta(price, t);
      const net = optDelta + this.dHedge;
      const p = this.hedgePolicy;
      const due =
        p.kind === 'band'
          ? Math.abs(net) > p.bandDelta * this.dNotional || (this.dExpired && this.dHedge !== 0)
          : t - this.dLastHedge >= p.seconds - 1e-9;
      if (due) {
        this.dHedgeTarget = -optDelta;
        hedging = this.dHedge - this.dHedgeTarget;
        this.dLastHedge = t;
      } else {
        this.dHedgeTarget = this.dHedge;
      }
    }
    // Market makers' hedge of the vault calls they bought (long gamma): same policy as the dealers.
    if (this.spec.vaults && this.design.dealerHedging && this.vCalls > 0) {
      const optDelta = this.vaultCallDelta(price, t);
      const p = this.hedgePolicy;
      const due =
        this.vRolled ||
        (p.kind === 'band'
          ? Math.abs(optDelta + this.vHedge) > p.bandDelta * this.vCalls
          : t - this.vLastHedge >= p.seconds - 1e-9);
      if (due) {
        this.vHedgeTarget = -optDelta;
        hedging += this.vHedge - this.vHedgeTarget;
        this.vLastHedge = t;
      } else this.vHedgeTarget = this.vHedge;
    } else this.vHedgeTarget = this.vHedge;
    this.vRolled = false;
    // Insurers.
    const ins = this.spec.insurers;
    let wantSell = 0;
    const trade = new Float64Array(this.iUnits.length);
    for (let i = 0; i < this.iUnits.length; i++) {
      if (!this.design.insurersActive) break;
      if (t - this.iLastRebalance[i]! < ins.rebalanceIntervalSeconds - 1e-9) continue;
      const value = this.iUnits[i]! * price + this.iCash[i]!;
      const target = this.insurerTargetUnits(i, price, t, value);
      const gap = this.iUnits[i]! - target;
      if (Math.abs(gap) * price <= ins.rebalanceBand * value) continue;
      trade[i] = gap;
      if (gap > 0) wantSell += gap;
    }
    let sellScale = 1;
    if (ins.maxSaleUsdPerStep !== null && wantSell * price > ins.maxSaleUsdPerStep) {
      sellScale = ins.maxSaleUsdPerStep / (wantSell * price);
    }
    let insurance = 0;
    for (let i = 0; i < trade.length; i++) {
      const g = trade[i]!;
      if (g === 0) {
        this.iOrder[i] = 0;
        continue;
      }
      const q = g > 0 ? g * sellScale : g;
      this.iOrder[i] = q;
      insurance += q;
      // An insurer whose sale was cut stays due: it tries again next step.
      if (g < 0 || sellScale === 1) this.iLastRebalance[i] = t;
    }
    this.insurerBacklog = wantSell * (1 - sellScale);
    const liquidation = this.stepFlows.liquidation;
    this.stepFlows = { hedging, insurance, liquidation, total: hedging + insurance + liquidation };
    return { ...this.stepFlows };
  }

  /** §7 step 8: all of this step's trades fill at `fillPrice` (USD, the venues' average fill). */
  settle(t: number, fillPrice: number): void {
    assertPrice(fillPrice, 'settle');
    this.t = t;
    this.fill = fillPrice;
    // Dealers.
    const dealt = this.dHedge - this.dHedgeTarget;
    this.dCash += dealt * fillPrice;
    this.dCash += (this.vHedge - this.vHedgeTarget) * fillPrice;
    this.vHedge = this.vHedgeTarget;
    this.dHedge = this.dHedgeTarget;
    // Insurers.
    for (let i = 0; i < this.iUnits.length; i++) {
      let q = this.iOrder[i]!;
      if (q === 0) continue;
      if (q < 0 && -q * fillPrice > this.iCash[i]!) q = -this.iCash[i]! / fillPrice; // never borrow
      q = Math.min(q, this.iUnits[i]!); // never short
      this.iUnits[i]! -= q;
      this.iCash[i] = Math.max(0, this.iCash[i]! + q * fillPrice);
      this.insurerSoldUnits += q;
      this.iOrder[i] = 0;
    }
    // Liquidated coin-margined writers: proceeds pay the buy-back; any gap comes out of what is left.
    const pen = this.design.liquidationPenalty;
    for (let k = 0; k < this.stepLiq.length; k++) {
      const sold = this.stepLiqSellUnits[k]!;
      const needed = this.stepLiqNeededUsd[k]!;
      if (needed === 0 && sold === 0) continue;
      const i = this.stepLiq[k]!;
      this.pendingSaleUnits -= sold;
      this.soldAssetUnits += sold;
      const proceeds = sold * fillPrice;
      let left = this.wCollateral[i]!;
      if (proceeds >= needed) {
        this.surplusReturnedUsd += proceeds - needed;
      } else {
        const gapUnits = (needed - proceeds) / fillPrice;
        const give = Math.min(left, gapUnits);
        left -= give;
        this.paidToHoldersUnits += give;
        this.badDebtUsd += (gapUnits - give) * fillPrice;
      }
      const penalty = Math.min(left, (pen * needed) / fillPrice);
      this.penaltyUnits += penalty;
      this.wCollateral[i] = left - penalty;
    }
    if (Math.abs(this.pendingSaleUnits) < 1e-9 * Math.max(1, this.initialAssetUnits))
      this.pendingSaleUnits = 0;
  }

  /** §7 step 9: appends the step's metrics to the series and writes readable events. */
  record(t: number): void {
    const price = this.price;
    const o = this.out;
    this.refreshSeries(price);
    const dealerDelta = this.dealerOptionDelta(price, t) + this.dHedge;
    const gammaUnits = this.dealerGammaUnits(price, t);
    let collAsset = 0;
    let collUsd = 0;
    let book = 0;
    for (let i = 0; i < this.writerCount; i++) {
      if (this.wCollKind[i] === COLL_ASSET) collAsset += this.wCollateral[i]!;
      else collUsd += this.wCollateral[i]!;
      if (this.wStatus[i] === STATUS_ACTIVE) book += this.wUnits[i]! * this.sValue[this.wSeries[i]!]!;
    }
    const atm = this.surface.atmVol(30 / 365);
    o.time.push(t);
    o.price.push(price);
    o.fillPrice.push(Number.isFinite(this.fill) ? this.fill : price);
    o.atmIv.push(atm);
    o.realisedVol.push(this.surface.realisedVol());
    o.dealerNetDelta.push(dealerDelta);
    o.dealerHedgeUnits.push(this.dHedge);
    o.dealerGammaUnitsPer1Pct.push(gammaUnits);
    o.hedgingUnits.push(this.stepFlows.hedging);
    o.insuranceUnits.push(this.stepFlows.insurance);
    o.liquidationUnits.push(this.stepFlows.liquidation);
    o.insurerBacklogUnits.push(this.insurerBacklog);
    o.writersLiquidated.push(this.stepLiq.length);
    o.collateralAssetUnits.push(collAsset);
    o.collateralUsd.push(collUsd);
    o.bookValueUsd.push(book);
    o.badDebtUsd.push(this.badDebtUsd);

    const a = this.spec.asset;
    const px = fmtUsd(price);
    if (this.spec.vaults && this.vLastRollLogged !== this.vExpiry) {
      this.vLastRollLogged = this.vExpiry;
      this.log.push({
        time: t,
        kind: 'vault',
        text: `covered-call vaults wrote ${fmt(this.vCalls)} ${a} of calls at ${fmtUsd(this.vStrike)} (spot ${px}); market makers who bought them are long gamma and buy on a fall`,
      });
    }
    if (this.stepExpiredWriters > 0) {
      this.log.push({
        time: t,
        kind: 'expiry',
        text: `${fmt(this.stepExpiredWriters)} writers' options expired and settled at ${px}`,
      });
    }
    if (this.stepLiq.length > 0) {
      const sold = this.stepFlows.liquidation;
      this.log.push({
        time: t,
        kind: 'liquidation',
        text:
          `${fmt(this.stepLiq.length)} option writers liquidated at ${px}: ${fmt(this.stepLiqOptionUnits)} ${a} of short options bought back` +
          (sold > 0 ? `, ${fmt(sold)} ${a} of their collateral sold to pay for it` : ''),
      });
    }
    const h = this.stepFlows.hedging;
    if (h !== 0 && Math.abs(h) >= 0.001 * this.dNotional) {
      this.log.push({
        time: t,
        kind: 'hedging',
        text:
          `dealers ${h > 0 ? 'sold' : 'bought'} ${fmt(Math.abs(h))} ${a} at ${px} to re-hedge: their gamma there is ` +
          `${gammaUnits < 0 ? 'short' : 'long'} ${fmt(Math.abs(gammaUnits))} ${a} per 1% move` +
          `, so each further 1% ${gammaUnits < 0 ? 'fall forces that much more selling' : 'fall makes them buy'}`,
      });
    }
    const ins = this.stepFlows.insurance;
    if (ins !== 0 && Math.abs(ins) * price >= 1e-4 * this.spec.insurers.insuredUsd) {
      const rule = this.spec.insurers.rule.kind === 'cppi' ? 'CPPI' : 'synthetic-put';
      this.log.push({
        time: t,
        kind: 'insurance',
        text:
          `portfolio insurers (${rule}) ${ins > 0 ? 'sold' : 'bought'} ${fmt(Math.abs(ins))} ${a} (${fmtUsd(Math.abs(ins) * price)}) at ${px}` +
          (this.insurerBacklog > 0
            ? `; their rules wanted ${fmt(this.insurerBacklog)} ${a} more than the market could take`
            : ''),
      });
    }
    if (Math.abs(atm - this.lastIvEvent) >= 0.05) {
      this.log.push({
        time: t,
        kind: 'iv',
        text: `30-day ATM implied vol ${atm > this.lastIvEvent ? 'rose' : 'fell'} to ${(atm * 100).toFixed(0)}% (realised ${(this.surface.realisedVol() * 100).toFixed(0)}%)`,
      });
      this.lastIvEvent = atm;
    }
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
    for (let k = 0; k < n; k++) {
      const L = priceLevels[k]!;
      if (!(L > 0)) continue;
      const dealers =
        this.dealerOptionDelta(0.99 * L, this.t) -
        this.dealerOptionDelta(L, this.t) +
        (this.vaultCallDelta(0.99 * L, this.t) - this.vaultCallDelta(L, this.t));
      let insurers = 0;
      for (let i = 0; i < this.iUnits.length; i++) {
        const vAt = (S: number) => this.iUnits[i]! * S + this.iCash[i]!;
        insurers +=
          this.insurerTargetUnits(i, L, this.t, vAt(L)) -
          this.insurerTargetUnits(i, 0.99 * L, this.t, vAt(0.99 * L));
      }
      res.dealersUnits[k] = dealers;
      res.insurersUnits[k] = insurers;
      res.totalUnits[k] = dealers + insurers;
    }
    return res;
  }

  /** Ledgers of collateral and holdings. */
  totals(): OptionsTotals {
    let heldAsset = 0;
    let heldUsd = 0;
    for (let i = 0; i < this.writerCount; i++) {
      if (this.wCollKind[i] === COLL_ASSET) heldAsset += this.wCollateral[i]!;
      else heldUsd += this.wCollateral[i]!;
    }
    let iu = 0;
    let ic = 0;
    for (let i = 0; i < this.iUnits.length; i++) {
      iu += this.iUnits[i]!;
      ic += this.iCash[i]!;
    }
    return {
      initialAssetUnits: this.initialAssetUnits,
      heldAssetUnits: heldAsset,
      pendingSaleUnits: this.pendingSaleUnits,
      soldAssetUnits: this.soldAssetUnits,
      paidToHoldersUnits: this.paidToHoldersUnits,
      penaltyUnits: this.penaltyUnits,
      initialUsd: this.initialUsd,
      heldUsd,
      paidBuybacksUsd: this.paidBuybacksUsd,
      paidToHoldersUsd: this.paidToHoldersUsd,
      penaltyUsd: this.penaltyUsd,
      surplusReturnedUsd: this.surplusReturnedUsd,
      badDebtUsd: this.badDebtUsd,
      insurerInitialUnits: this.insurerInitialUnits,
      insurerUnits: iu,
      insurerSoldUnits: this.insurerSoldUnits,
      insurerCashUsd: ic,
      dealerHedgeUnits: this.dHedge,
      dealerCashUsd: this.dCash,
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
    const assetRhs =
      x.heldAssetUnits + x.pendingSaleUnits + x.soldAssetUnits + x.paidToHoldersUnits + x.penaltyUnits;
    const usdRhs = x.heldUsd + x.paidBuybacksUsd + x.paidToHoldersUsd + x.penaltyUsd;
    const insRhs = x.insurerUnits + x.insurerSoldUnits;
    // Futures P&L realised at liquidation came from the futures' counterparties.
    return Math.max(
      Math.abs(this.vUnits + this.vPaidUnits - this.vInitial) / Math.max(1, this.vInitial),
      Math.abs(assetRhs - x.initialAssetUnits - this.futPnlUnits) / Math.max(1, x.initialAssetUnits),
      Math.abs(usdRhs - x.initialUsd - this.futPnlUsd) / Math.max(1, x.initialUsd),
      Math.abs(insRhs - x.insurerInitialUnits) / Math.max(1, x.insurerInitialUnits),
    );
  }

  /** Smallest balance held anywhere (writers' collateral, insurers' units and cash); never < 0. */
  minBalance(): number {
    let m = Infinity;
    for (let i = 0; i < this.writerCount; i++) m = Math.min(m, this.wCollateral[i]!);
    for (let i = 0; i < this.iUnits.length; i++) m = Math.min(m, this.iUnits[i]!, this.iCash[i]!);
    if (this.spec.vaults) m = Math.min(m, this.vUnits);
    return m === Infinity ? 0 : m;
  }

  /** Writers liquidated so far. */
  liquidatedWriters(): number {
    let c = 0;
    for (let i = 0; i < this.writerCount; i++) if (this.wStatus[i] === STATUS_LIQUIDATED) c++;
    return c;
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
    const si = this.wSeries[i]!;
    const asset = this.wCollKind[i] === COLL_ASSET;
    const coll = this.wCollateral[i]!;
    const liability = this.wUnits[i]! * this.sValue[si]!;
    const status = this.wStatus[i]!;
    return {
      right: this.sIsCall[si] === 1 ? 'call' : 'put',
      strike: this.sStrike[si]!,
      expiryTime: this.sExpiry[si]!,
      units: this.wUnits[i]!,
      covered: this.wCovered[i] === 1,
      collateral: asset ? 'asset' : 'usd',
      collateralAmount: coll,
      equityUsd: (asset ? coll * price : coll) - (status === STATUS_ACTIVE ? liability : 0),
      requirementUsd: status === STATUS_ACTIVE ? this.requirementOf(i, price) : 0,
      status: status === STATUS_ACTIVE ? 'open' : status === STATUS_LIQUIDATED ? 'liquidated' : 'expired',
    };
  }

  /** Dealers' option delta (without the hedge), units, at `price` and time `t`. */
  dealerOptionDelta(price: number, t: number): number {
    if (this.dExpired || t >= this.dExpiry) return 0;
    const years = (this.dExpiry - t) / SECONDS_PER_YEAR;
    let delta = 0;
    for (let k = 0; k < this.dQty.length; k++) {
      const K = this.dStrike[k]!;
      delta +=
        this.dQty[k]! *
        bsDelta(this.dIsCall[k] === 1, price, K, years, this.rate, this.surface.vol(K, price, years));
    }
    return delta;
  }

  /** Dealers' gamma as units of hedge per 1% move at `price` (negative = short gamma). */
  dealerGammaUnits(price: number, t: number): number {
    if (this.dExpired || t >= this.dExpiry) return 0;
    const years = (this.dExpiry - t) / SECONDS_PER_YEAR;
    let g = 0;
    for (let k = 0; k < this.dQty.length; k++) {
      const K = this.dStrike[k]!;
      g += this.dQty[k]! * bsGamma(price, K, years, this.rate, this.surface.vol(K, price, years));
    }
    return g * price * 0.01;
  }

  // ------------------------------------------------------------------------------------------
  // Internals
  // ------------------------------------------------------------------------------------------

  /**
   * Margin requirement of writer i at `price` (USD) under the design's model; the series cache must
   * be current for `price`. Covered writers need nothing.
   */
  private requirementOf(i: number, price: number): number {
    if (this.wCovered[i] === 1) return 0;
    const si = this.wSeries[i]!;
    const q = this.wUnits[i]!;
    const grid = this.grid;
    const mm = this.design.marginModel;
    const fut = this.wFut[i]!;
    if (grid === null || mm.kind !== 'portfolio') {
      const futCharge = mm.kind === 'per-position' ? mm.futuresMaintenance * Math.abs(fut) * price : 0;
      return q * this.sCharge[si]! + futCharge;
    }
    // Cross mode: the short option and, for coin-margined writers, the collateral itself.
    let requirement = q * mm.shortOptionMinimum * price;
    const G = grid.size;
    const base = si * G;
    // Cross mode: coin collateral and the future both move with the price.
    const spotUnits = (this.wCollKind[i] === COLL_ASSET ? this.wCollateral[i]! : 0) + fut;
    for (let s = 0; s < G; s++) {
      const loss = grid.weight[s]! * (q * this.sChanges[base + s]! - spotUnits * price * grid.priceMove[s]!);
      if (loss > requirement) requirement = loss;
    }
    return requirement;
  }

  /** Per-series values, per-position charges and grid changes at `price` and the current time. */
  private refreshSeries(price: number): void {
    if (price === this.cachePrice) return;
    this.cachePrice = price;
    const grid = this.grid;
    const mm = this.design.marginModel;
    const G = grid?.size ?? 0;
    const changes = new Float64Array(G);
    for (let si = 0; si < this.seriesCount; si++) {
      if (this.sExpired[si] === 1) {
        this.sValue[si] = 0;
        this.sCharge[si] = 0;
        continue;
      }
      const isCall = this.sIsCall[si] === 1;
      const K = this.sStrike[si]!;
      const years = Math.max(0, (this.sExpiry[si]! - this.t) / SECONDS_PER_YEAR);
      const sigma = this.surface.vol(K, price, years);
      if (grid !== null) {
        this.sValue[si] = optionScenarioChanges(isCall, K, years, price, this.rate, sigma, grid, changes);
        this.sChanges.set(changes, si * G);
      } else {
        this.sValue[si] = bsPrice(isCall, price, K, years, this.rate, sigma);
        if (mm.kind === 'per-position') this.sCharge[si] = shortOptionCharge(isCall, K, price, mm);
      }
    }
  }

  /** Writes the vaults' next calls at the spot `price` (premium from the surface, paid by market makers). */
  private rollVault(t: number, price: number): void {
    const v = this.spec.vaults!;
    this.vCalls = this.vUnits;
    this.vStrike = v.callMoneyness * price;
    this.vExpiry = t + v.rollDays * 86_400;
    const years = (this.vExpiry - t) / SECONDS_PER_YEAR;
    const premium = bsPrice(
      true,
      price,
      this.vStrike,
      years,
      this.rate,
      this.surface.vol(this.vStrike, price, years),
    );
    this.dCash -= this.vCalls * premium;
    this.vRolled = true;
  }

  /** Market makers' delta from the vault calls they hold (long). */
  vaultCallDelta(price: number, t: number): number {
    if (this.vCalls <= 0 || t >= this.vExpiry) return 0;
    const years = (this.vExpiry - t) / SECONDS_PER_YEAR;
    return (
      this.vCalls *
      bsDelta(true, price, this.vStrike, years, this.rate, this.surface.vol(this.vStrike, price, years))
    );
  }

  private settleExpiries(t: number, price: number): void {
    if (this.spec.vaults && this.vExpiry <= t) {
      // Cash-settled out of the vaults' units: they pay the calls' intrinsic value, then roll.
      const give = Math.min(this.vUnits, (this.vCalls * Math.max(0, price - this.vStrike)) / price);
      this.vUnits -= give;
      this.vPaidUnits += give;
      this.dCash += give * price;
      this.rollVault(t, price);
    }
    let any = false;
    for (let si = 0; si < this.seriesCount; si++) {
      if (this.sExpired[si] === 0 && this.sExpiry[si]! <= t) {
        this.sExpired[si] = 2; // marker: expiring now
        any = true;
      }
    }
    if (any) {
      for (let i = 0; i < this.writerCount; i++) {
        const si = this.wSeries[i]!;
        if (this.sExpired[si] !== 2 || this.wStatus[i] !== STATUS_ACTIVE) continue;
        const K = this.sStrike[si]!;
        const intrinsic = this.sIsCall[si] === 1 ? Math.max(0, price - K) : Math.max(0, K - price);
        const owed = this.wUnits[i]! * intrinsic;
        const coll = this.wCollateral[i]!;
        if (this.wCollKind[i] === COLL_ASSET) {
          const give = Math.min(coll, owed / price);
          this.wCollateral[i] = coll - give;
          this.paidToHoldersUnits += give;
          this.badDebtUsd += owed - give * price;
        } else {
          const give = Math.min(coll, owed);
          this.wCollateral[i] = coll - give;
          this.paidToHoldersUsd += give;
          this.badDebtUsd += owed - give;
        }
        this.wStatus[i] = STATUS_EXPIRED;
        this.stepExpiredWriters++;
      }
      for (let si = 0; si < this.seriesCount; si++) if (this.sExpired[si] === 2) this.sExpired[si] = 1;
    }
    if (!this.dExpired && this.dExpiry <= t) {
      for (let k = 0; k < this.dQty.length; k++) {
        const K = this.dStrike[k]!;
        const intrinsic = this.dIsCall[k] === 1 ? Math.max(0, price - K) : Math.max(0, K - price);
        this.dCash += this.dQty[k]! * intrinsic;
      }
      this.dExpired = true;
    }
  }

  /** Units insurer i's rule wants held at `price` with portfolio value `value` (USD) at time t. */
  private insurerTargetUnits(i: number, price: number, t: number, value: number): number {
    const rule = this.spec.insurers.rule;
    if (!(value > 0) || !(price > 0)) return 0;
    let exposureUsd: number;
    if (rule.kind === 'cppi') {
      exposureUsd = rule.multiplier * (value - this.iFloor[i]!);
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
}

function pickWeighted<T extends { weight: number }>(items: readonly T[], total: number, u: number): T {
  let x = u * total;
  for (const it of items) {
    x -= it.weight;
    if (x < 0) return it;
  }
  // Rounding at the top end: the last item with positive weight.
  for (let k = items.length - 1; k >= 0; k--) if (items[k]!.weight > 0) return items[k]!;
  return items[items.length - 1]!;
}

function assertPrice(price: number, where: string): void {
  if (!(price > 0) || !Number.isFinite(price)) {
    throw new RangeError(
      `DerivativesLayer.${where}: price must be a positive finite USD value (got ${price})`,
    );
  }
}

function fmt(x: number): string {
  const r = Math.round(x);
  const s = Math.abs(r)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return r < 0 ? `-${s}` : s;
}

function fmtUsd(x: number): string {
  if (Math.abs(x) >= 1e9) return `$${(x / 1e9).toFixed(2)} B`;
  if (Math.abs(x) >= 1e6) return `$${(x / 1e6).toFixed(1)} M`;
  if (Math.abs(x) >= 1000) return `$${fmt(x)}`;
  return `$${x.toFixed(2)}`;
}
