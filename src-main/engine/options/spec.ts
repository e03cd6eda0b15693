/**
 * The derivatives side of a scenario and of a design, as validated JSON (MODEL.md §3, §5): who holds
 * which options and how they behave (OptionsSpec: implied vol, writers, dealers, insurers, vaults), and
 * what the venue decides (OptionsDesign: margin model, hedging policy, IV feedback, which loops run).
 * Parsers name the field on the first problem.
 */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import { describeIssue } from '../zod-issues.ts';

const num = (what: string) => z.number({ error: `${what} must be a number` }).finite();
const positive = (what: string) => num(what).positive(`${what} must be > 0`);
const nonNegative = (what: string) => num(what).min(0, `${what} must be ≥ 0`);
const fraction = (what: string) => num(what).min(0, `${what} must be ≥ 0`).max(1, `${what} must be ≤ 1`);

/** How dealers decide to re-hedge. */
export const HedgePolicySchema = lazySchema(() =>
  z.discriminatedUnion('kind', [
    /** Re-hedge to zero when |net delta| > bandDelta × option notional (units). */
    z.strictObject({ kind: z.literal('band'), bandDelta: fraction('bandDelta') }),
    /** Re-hedge to zero every `seconds` (a step's length or less = every step). */
    z.strictObject({ kind: z.literal('interval'), seconds: positive('seconds') }),
  ]),
);

export const IvSpecSchema = lazySchema(() =>
  z.strictObject({
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
  }),
);

export const WritersSpecSchema = lazySchema(() =>
  z.strictObject({
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
  }),
);

export const DealersSpecSchema = lazySchema(() =>
  z.strictObject({
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
  }),
);

export const InsurerRuleSchema = lazySchema(() =>
  z.discriminatedUnion('kind', [
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
  ]),
);

export const InsurersSpecSchema = lazySchema(() =>
  z.strictObject({
    /** Number of insurance programmes; they share insuredUsd equally and follow the same rule. */
    count: z.number().int().min(0).max(10_000),
    /** Value of the insured portfolios at the start, USD (0: no insurers). */
    insuredUsd: nonNegative('insuredUsd'),
    rule: InsurerRuleSchema,
    /** Trade only when the gap to target exceeds this fraction of the portfolio value. */
    rebalanceBand: fraction('rebalanceBand'),
    /** At most one rebalance per insurer per this many seconds (0: whenever the band is crossed). */
    rebalanceIntervalSeconds: nonNegative('rebalanceIntervalSeconds'),
    /** What all insurers together can sell per second, USD (× step length per step); null: no limit. */
    maxSaleUsdPerSecond: positive('maxSaleUsdPerSecond').nullable(),
  }),
);

/**
 * Automated covered-call vaults (DeFi option vaults): they hold the underlying and, every `rollDays`,
 * sell one call per unit at `callMoneyness` × spot, expiring at the next roll; an expiring call is
 * cash-settled out of the vault's units and the next one is written at the new spot. The buyers are
 * market makers, who delta-hedge the calls they bought with the dealers' hedging policy: long gamma,
 * they buy on a fall and sell on a rise — the vaults damp the loop instead of feeding it.
 */
export const VaultsSpecSchema = lazySchema(() =>
  z.strictObject({
    /** Units of the underlying the vaults hold (one call written per unit). */
    units: positive('units'),
    /** Strike of each new call, a multiple of the spot at the roll. */
    callMoneyness: num('callMoneyness').min(1, 'callMoneyness must be ≥ 1 (out of the money)').max(3),
    /** Days between rolls (each call expires at the next roll). */
    rollDays: positive('rollDays').max(90),
  }),
);

/** Scenario side: who holds which options, and how they behave. */
export const OptionsSpecSchema = lazySchema(() =>
  z.strictObject({
    asset: z.string().regex(/^[A-Za-z0-9.-]{1,16}$/),
    riskFreeRate: num('riskFreeRate').min(-0.1).max(0.5),
    iv: IvSpecSchema,
    writers: WritersSpecSchema,
    dealers: DealersSpecSchema,
    insurers: InsurersSpecSchema,
    /** Covered-call vaults; absent: none. */
    vaults: VaultsSpecSchema.optional(),
  }),
);

export const GridSpecSchema = lazySchema(() =>
  z.discriminatedUnion('kind', [
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
  ]),
);

export const MarginModelSchema = lazySchema(() =>
  z.discriminatedUnion('kind', [
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
  ]),
);

/** Design side: what the venue/protocol decides. */
export const OptionsDesignSchema = lazySchema(() =>
  z.strictObject({
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
  }),
);

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
