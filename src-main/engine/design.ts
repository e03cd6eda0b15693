/**
 * Protocol designs: validated, versioned JSON. A design is everything the protocol decides — margin,
 * oracle, liquidation mechanism, shortfall waterfall — and optional overrides of the keeper
 * environment. Unknown fields and bad values are rejected with a message naming the field.
 */
import { z } from 'zod';
import { OptionsDesignSchema } from './options/option-book.ts';
import { describeIssue } from './zod-issues.ts';

export const DESIGN_SCHEMA_VERSION = 2;
/** Older design formats this app still reads (upgraded on parse: every field added since is optional). */
export const READABLE_DESIGN_VERSIONS = [1, 2] as const;

const positive = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .finite()
    .positive();
const nonNegative = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .finite()
    .min(0);
/**
 * Smallest auction lot, asset units. Below it a lot is dust no keeper would bid on, and values near
 * the smallest doubles (5e-324) turn the engine's arithmetic subnormal: one Black Thursday replay
 * took minutes instead of a second.
 */
export const MIN_LOT_SIZE = 1e-6;
/** Smallest liquidity cap, × venue depth per minute: below it no liquidation could ever complete. */
export const MIN_LIQUIDITY_CAP_DEPTH_MULTIPLE = 0.001;
const lotSize = () =>
  positive('lotSize').min(
    MIN_LOT_SIZE,
    `lotSize must be at least ${MIN_LOT_SIZE} asset units (smaller lots are dust no keeper bids on, and make the run crawl)`,
  );

const fraction = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .finite()
    .min(0, `${what} must be ≥ 0`)
    .max(1, `${what} must be ≤ 1`);

const ratioFields = {
  /**
   * Collateral value / debt below which an account is liquidatable (Maker `mat`, 1/collateral factor;
   * for perpetuals 1/(1 − maintenance margin)). For a volatility-scaled margin: the requirement at the
   * reference volatility (the calm start).
   */
  liquidationRatio: z
    .number()
    .finite()
    .min(1, 'liquidationRatio must be ≥ 1 (collateral worth at least the debt)')
    .max(10),
  /** Collateral value / debt below which an account is called (warned) before liquidation; ≥ liquidationRatio. */
  callRatio: z.number().finite().min(1).max(20),
};

/**
 * Anti-procyclical treatment of a volatility-scaled margin (as CCPs use, EMIR RTS art. 28):
 * - `buffer`: the posted requirement carries a buffer over the computed one in calm times and the
 *   buffer is used up first when volatility rises (the posted requirement moves only when the
 *   computed one leaves the band [posted/(1+buffer), posted]);
 * - `stressed-floor`: the volatility used is a blend (1−weight)·σ_EWMA + weight·σ_stressed, so a
 *   stressed period always counts and a new stress moves the requirement less.
 */
export const AntiProcyclicalSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.literal('buffer'), buffer: z.number().finite().min(0).max(2) }),
  z.strictObject({
    kind: z.literal('stressed-floor'),
    /** Annualised volatility of the stressed look-back period (e.g. 1.5 = 150%). */
    stressedVolatility: positive('stressedVolatility').max(20),
    weight: fraction('weight'),
  }),
]);

export const VolatilityMarginSchema = z.strictObject({
  /** Annualised volatility the base requirement is set for (and the EWMA's starting value). */
  referenceVolatility: positive('referenceVolatility').max(20),
  /** Half-life of the EWMA of squared oracle log returns, hours. */
  ewmaHalfLifeHours: positive('ewmaHalfLifeHours').max(24 * 365),
  /**
   * Returns are sampled over this interval, minutes (risk models use hourly or daily returns: tick
   * noise would otherwise swamp the estimate).
   */
  returnIntervalMinutes: positive('returnIntervalMinutes').max(7 * 24 * 60),
  /** The haircut (1 − 1/ratio) never goes below this multiple of the base haircut… */
  floorMultiple: z.number().finite().min(0.1).max(10),
  /** …nor above this multiple. */
  capMultiple: z.number().finite().min(0.1).max(20),
  /** Largest rise of that multiple per hour (a ramp limit); null: none. */
  maxRisePerHour: positive('maxRisePerHour').max(100).nullable(),
  antiProcyclical: AntiProcyclicalSchema,
});

/**
 * Margin model. A fixed ratio keeps `liquidationRatio`. A volatility-scaled margin scales the base
 * haircut h = 1 − 1/liquidationRatio by σ_t/σ_ref (EWMA of the oracle's returns), clamped to
 * [floorMultiple, capMultiple] and ramp-limited; the anti-procyclical variants damp that.
 */
export const MarginSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('fixed-ratio'), ...ratioFields }),
  z.strictObject({
    kind: z.literal('volatility-scaled'),
    ...ratioFields,
    volatility: VolatilityMarginSchema,
  }),
]);

export const OracleTransformSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  /** Maker's Oracle Security Module: releases, every `hopSeconds`, the value read one hop earlier. */
  z.strictObject({ kind: z.literal('osm'), hopSeconds: positive('hopSeconds').max(86_400) }),
  z.strictObject({ kind: z.literal('delay'), delaySeconds: nonNegative('delaySeconds').max(86_400) }),
  z.strictObject({ kind: z.literal('twap'), windowSeconds: positive('windowSeconds').max(86_400) }),
  z.strictObject({ kind: z.literal('ema'), halfLifeSeconds: positive('halfLifeSeconds').max(86_400) }),
]);

export const OracleUpdateSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('every-step') }),
  z.strictObject({
    kind: z.literal('deviation'),
    /** Post a new value when it differs from the last posted one by this many basis points… */
    thresholdBps: positive('thresholdBps').max(5_000),
    /** …or when this long has passed since the last post. */
    heartbeatSeconds: positive('heartbeatSeconds').max(7 * 86_400),
  }),
]);

export const OracleSchema = z.strictObject({
  /** 'median' of all the asset's venues, or one named venue. */
  source: z.enum(['median', 'venue']),
  venue: z.string().min(1).optional(),
  transform: OracleTransformSchema,
  update: OracleUpdateSchema,
  /** Feeds cannot post when network gas (gwei) is above this (Black Thursday: ~100 gwei). null: no limit. */
  maxGasGwei: positive('maxGasGwei').nullable(),
  /** Whether the scenario's outage windows stop this oracle. */
  honorOutages: z.boolean(),
});

const DecaySchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('stairstep-exponential'),
    stepSeconds: positive('stepSeconds'),
    /** Multiplier applied each step (Maker `cut`, e.g. 0.99). */
    cut: z.number().finite().gt(0).lt(1),
  }),
  z.strictObject({ kind: z.literal('linear'), durationSeconds: positive('durationSeconds') }),
  z.strictObject({ kind: z.literal('exponential'), halfLifeSeconds: positive('halfLifeSeconds') }),
]);

export const LiquidationSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('market-sale'),
    /** Share of the debt a liquidator may repay per liquidation (Compound 0.5). */
    closeFactor: z.number().finite().gt(0).max(1),
    /** Extra collateral the liquidator receives, as a fraction of what it repays (Compound 0.08). */
    bonus: fraction('bonus'),
  }),
  z.strictObject({
    kind: z.literal('english-auction'),
    /** Liquidation penalty (Maker `chop` − 1). */
    penalty: fraction('penalty'),
    /** Maximum collateral per auction, asset units (Maker `lump`). */
    lotSize: lotSize(),
    /** Minimum bid increase (Maker `beg` − 1). */
    minIncrement: fraction('minIncrement'),
    /** An auction ends this long after its last bid (Maker `ttl`). */
    bidDurationSeconds: positive('bidDurationSeconds'),
    /** An auction ends this long after its start (Maker `tau`). */
    maxDurationSeconds: positive('maxDurationSeconds'),
  }),
  z.strictObject({
    kind: z.literal('dutch-auction'),
    penalty: fraction('penalty'),
    /** Starting price = oracle price × startBuffer (Maker `buf`). */
    startBuffer: z.number().finite().min(1).max(3),
    decay: DecaySchema,
    /** Reset the auction after this long (Maker `tail`). */
    resetAfterSeconds: positive('resetAfterSeconds'),
    /** Reset when price / start price falls below this (Maker `cusp`). */
    resetBelowRatio: fraction('resetBelowRatio'),
    /** Maximum collateral per auction, asset units. */
    lotSize: lotSize(),
    /** No new auction while the debt + penalty in active auctions exceeds this, USD (Maker `ilk.hole`). */
    maxActiveTabUsd: positive('maxActiveTabUsd'),
    /** Flat keeper incentive per kick or reset, USD (Maker `tip`). */
    keeperTipUsd: nonNegative('keeperTipUsd'),
    /** Proportional keeper incentive per kick or reset, fraction of the debt (Maker `chip`). */
    keeperChip: fraction('keeperChip'),
    /** Takers may settle through a DEX inside the take (Maker `clipperCallee`): no capital needed. */
    flashLiquidity: z.boolean(),
  }),
  z.strictObject({
    /**
     * Liquity-style stability pool: deposits (stablecoins) absorb a liquidated account's debt and
     * receive all its collateral (worth more than the debt: the depositors' discount); the pool
     * sells its collateral gains on the venues at a chosen rate. When the deposits cannot absorb a
     * debt, the account's debt and collateral are redistributed to the remaining accounts pro rata
     * to their collateral, or sold at market like a fixed-discount liquidation.
     */
    kind: z.literal('stability-pool'),
    /** Deposits in the pool at the start, USD. */
    depositsUsd: nonNegative('depositsUsd'),
    /** Flat gas compensation to the caller of a liquidation, USD (Liquity 200 LUSD). */
    gasCompensationUsd: nonNegative('gasCompensationUsd'),
    /** Share of the collateral paid to the caller (Liquity 0.5%). */
    gasCompensationFraction: fraction('gasCompensationFraction'),
    /** Half-life of the pool's holding of collateral gains: that much is sold per half-life, seconds. */
    sellOffHalfLifeSeconds: positive('sellOffHalfLifeSeconds').max(30 * 86_400),
    /** Share of the sale proceeds depositors put back into the pool. */
    reinvestFraction: fraction('reinvestFraction'),
    whenEmpty: z.enum(['redistribute', 'market-sale']),
    /** Close factor and bonus of the market-sale fallback (used when whenEmpty is market-sale). */
    fallbackCloseFactor: z.number().finite().gt(0).max(1),
    fallbackBonus: fraction('fallbackBonus'),
  }),
  z.strictObject({
    /**
     * Perpetual-futures exchange: the liquidation engine closes the position at market and charges a
     * fee to the insurance fund; negative equity is drawn from the fund; past it, profitable opposite
     * positions are auto-deleveraged by rank (unrealised PnL × leverage) at the bankruptcy price.
     */
    kind: z.literal('exchange-close'),
    /** Fee on the closed notional paid to the insurance fund, from what equity is left (dYdX ≤ 1.5%). */
    liquidationFee: fraction('liquidationFee').max(0.2, 'liquidationFee must be ≤ 0.2'),
    /** Insurance fund at the start, USD. */
    insuranceFundUsd: nonNegative('insuranceFundUsd'),
    /** Reduce profitable opposite positions once the fund is exhausted (false: the loss is bad debt). */
    autoDeleverage: z.boolean(),
    /**
     * Protocol-owned backstop vault (Hyperliquid HLP): takes over, at the oracle price, positions whose
     * equity is below this fraction of maintenance margin, and unwinds them on the market. null: none.
     */
    backstopVault: z
      .strictObject({
        belowMaintenanceFraction: fraction('belowMaintenanceFraction'),
        /** The vault's capital, USD: it takes no position that would make its equity negative. */
        capitalUsd: nonNegative('capitalUsd'),
        /** Risk limit: the most it holds at once, USD at the oracle (positions beyond go to the book). */
        maxHoldingUsd: positive('maxHoldingUsd'),
        /** Half-life of the vault's unwinding of what it took over, seconds. */
        unwindHalfLifeSeconds: positive('unwindHalfLifeSeconds').max(30 * 86_400),
      })
      .nullable(),
    /** Positions above this notional are closed in slices (Hyperliquid: 100k USDC, 20%, 30 s). null: whole. */
    partialClose: z
      .strictObject({
        aboveUsd: positive('aboveUsd'),
        fraction: z.number().finite().gt(0).max(1),
        cooldownSeconds: nonNegative('cooldownSeconds').max(86_400),
      })
      .nullable(),
  }),
  z.strictObject({
    /**
     * Soft liquidation as in crvUSD's LLAMMA: each loan's collateral sits in N bands of width 1/A below
     * its price; arbitrageurs convert it to the stablecoin as the oracle falls through the bands and
     * back as it rises (the borrower bears the AMM's losses against the market, earns its fee); hard
     * liquidation only when health < 0.
     */
    kind: z.literal('soft-liquidation'),
    /** Band width factor A: each band is 1/A wide in price (crvUSD WETH market 100). */
    bandWidthFactor: z.number().finite().min(2).max(10_000),
    /** Bands each loan's collateral is spread over (crvUSD allows 4 to 50). */
    bands: z.number().int().min(4).max(50),
    /** AMM fee paid by arbitrageurs to the bands (crvUSD WETH market 0.6%). */
    fee: fraction('fee').max(0.1, 'fee must be ≤ 0.1'),
    /** Loan discount: a loan's bands are placed so that its collateral less this covers the debt (crvUSD WETH 9%). */
    loanDiscount: z.number().finite().min(0).lt(1),
    /** Liquidation discount: hard liquidation when (1 − this) × the bands' value < debt (crvUSD WETH 6%). */
    liquidationDiscount: z.number().finite().min(0).lt(1),
  }),
]);

/** Circuit breaker: after the oracle falls by `dropFraction` within `windowSeconds`, act for `durationSeconds`. */
export const CircuitBreakerSchema = z.strictObject({
  dropFraction: z.number().finite().gt(0).lt(1),
  windowSeconds: positive('windowSeconds').max(7 * 86_400),
  /** `pause`: no new liquidations (calls still go out); `scale-margin`: multiply the haircut. */
  action: z.enum(['pause', 'scale-margin']),
  /** For scale-margin: > 1 raises requirements (CCP-style), < 1 relaxes them (forbearance). */
  haircutMultiplier: z.number().finite().min(0.2).max(5),
  durationSeconds: positive('durationSeconds').max(7 * 86_400),
});

/** Modifiers that apply to any liquidation mechanism. Every one is off when absent or null. */
export const ModifiersSchema = z.strictObject({
  /** Liquidate only enough to bring the account back to this collateral ratio (> liquidationRatio). */
  partialTargetRatio: z.number().finite().gt(1).max(20).nullable(),
  /**
   * Liquidation sales per minute are capped at this multiple of the venues' depth (USD per 1% move);
   * a step gets its share (step seconds / 60) of it.
   */
  liquidityCapDepthMultiple: positive('liquidityCapDepthMultiple')
    .min(
      MIN_LIQUIDITY_CAP_DEPTH_MULTIPLE,
      `liquidityCapDepthMultiple must be at least ${MIN_LIQUIDITY_CAP_DEPTH_MULTIPLE} (a cap near zero lets no liquidation finish and makes the run crawl)`,
    )
    .max(1000)
    .nullable(),
  /** Lots worth more than `aboveUsd` are sold as TWAP slices, one a minute, over `slices` minutes. */
  tiered: z
    .strictObject({ aboveUsd: positive('aboveUsd'), slices: z.number().int().min(2).max(10_000) })
    .nullable(),
  /** An account must stay liquidatable this long before it is liquidated, seconds (0: none). */
  gracePeriodSeconds: nonNegative('gracePeriodSeconds').max(86_400),
  circuitBreaker: CircuitBreakerSchema.nullable(),
});

export type Modifiers = z.infer<typeof ModifiersSchema>;
export const NO_MODIFIERS: Modifiers = {
  partialTargetRatio: null,
  liquidityCapDepthMultiple: null,
  tiered: null,
  gracePeriodSeconds: 0,
  circuitBreaker: null,
};

export const ShortfallSchema = z.strictObject({
  /** Protocol surplus that absorbs bad debt first, USD (Maker `hump`-sized buffer). */
  surplusBufferUsd: nonNegative('surplusBufferUsd'),
  /** What covers bad debt beyond the buffer: minting the governance token in a debt auction, or socialising. */
  then: z.enum(['debt-auction', 'socialise']),
  /** Governance-token price assumed by the debt auction, USD. */
  govTokenPriceUsd: positive('govTokenPriceUsd'),
  /** Discount at which the debt auction clears against that price (fraction). */
  debtAuctionDiscount: fraction('debtAuctionDiscount'),
  /** Delay before a debt auction can start (Maker `wait`). */
  debtAuctionDelaySeconds: nonNegative('debtAuctionDelaySeconds'),
});

/** Optional overrides of the scenario's keeper environment (see scenario.ts KeeperEnvironment). */
export const KeeperOverrideSchema = z.strictObject({
  count: z.number().int().min(0).max(1000).optional(),
  capitalUsd: nonNegative('capitalUsd').optional(),
  gasCapMedianGwei: positive('gasCapMedianGwei').optional(),
  lowballers: z.number().int().min(0).max(100).optional(),
});

export const DesignSchema = z.strictObject({
  schemaVersion: z.union([z.literal(1), z.literal(DESIGN_SCHEMA_VERSION)], {
    error: `schemaVersion must be ${DESIGN_SCHEMA_VERSION} (this app's design format; 1 is read and upgraded)`,
  }),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'id must be lowercase letters, digits and dashes'),
  name: z.string().min(1).max(120),
  description: z.string().max(4000),
  sources: z.array(z.string().max(1000)).max(50),
  margin: MarginSchema,
  oracle: OracleSchema,
  liquidation: LiquidationSchema,
  shortfall: ShortfallSchema,
  keepers: KeeperOverrideSchema,
  /** Modifiers on the mechanism (partial, caps, tiers, grace, circuit breaker); absent = none. */
  modifiers: ModifiersSchema.optional(),
  /**
   * Options venue / protocol decisions (margin model for option writers, dealers' hedging policy,
   * IV feedback, which loops run); used when the scenario has derivatives. Absent: the defaults of
   * options/option-book.ts (DEFAULT_OPTIONS_DESIGN).
   */
  options: OptionsDesignSchema.optional(),
  /**
   * Per-asset collateral haircuts (absent, or an asset not listed: 0), like Aave's per-asset
   * liquidation thresholds (LT_a = 1 − h_a) or a CCP's collateral haircuts. A basket unit's effective
   * value is Σ_a q_a · P_a · (1 − h_a) at the oracle prices, and an account is liquidatable when
   * debt × liquidationRatio > collateral × effective value. Seizures and sales use the full
   * (un-haircut) value. Asset names are checked against the scenario when a run starts.
   */
  collateralHaircuts: z
    .record(
      z.string().regex(/^[A-Za-z0-9.-]{1,16}$/, 'collateralHaircuts keys must be asset ids'),
      z
        .number({ error: 'a collateral haircut must be a number' })
        .finite()
        .min(0, 'a collateral haircut must be ≥ 0')
        .lt(1, 'a collateral haircut must be < 1 (the asset would count for nothing)'),
    )
    .optional(),
});

export type Design = z.infer<typeof DesignSchema>;
export type OracleDesign = z.infer<typeof OracleSchema>;
export type LiquidationDesign = z.infer<typeof LiquidationSchema>;
export type EnglishAuctionDesign = Extract<LiquidationDesign, { kind: 'english-auction' }>;
export type DutchAuctionDesign = Extract<LiquidationDesign, { kind: 'dutch-auction' }>;
export type MarketSaleDesign = Extract<LiquidationDesign, { kind: 'market-sale' }>;
export type StabilityPoolDesign = Extract<LiquidationDesign, { kind: 'stability-pool' }>;
export type ExchangeCloseDesign = Extract<LiquidationDesign, { kind: 'exchange-close' }>;
export type SoftLiquidationDesign = Extract<LiquidationDesign, { kind: 'soft-liquidation' }>;
export type MarginDesign = z.infer<typeof MarginSchema>;

export class DesignError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'DesignError';
  }
}

export { describeIssue };

/**
 * Parses and validates a design. Throws DesignError naming the field on the first problem, including
 * cross-field rules (callRatio ≥ liquidationRatio; a venue oracle names its venue).
 */
export function parseDesign(input: unknown): Design {
  const result = DesignSchema.safeParse(input);
  if (!result.success) {
    const first = result.error.issues[0];
    if (!first) throw new DesignError('design: invalid', 'design');
    const { field, message } = describeIssue('design', first, { schema: DesignSchema, input });
    throw new DesignError(message, field);
  }
  const design = { ...result.data, schemaVersion: DESIGN_SCHEMA_VERSION } as Design;
  if (design.margin.callRatio < design.margin.liquidationRatio) {
    throw new DesignError(
      `design.margin.callRatio: ${design.margin.callRatio} is below liquidationRatio ${design.margin.liquidationRatio}; a call must come before liquidation`,
      'design.margin.callRatio',
    );
  }
  if (design.oracle.source === 'venue' && !design.oracle.venue) {
    throw new DesignError('design.oracle.venue: a venue oracle must name its venue', 'design.oracle.venue');
  }
  const m = design.modifiers;
  if (m?.partialTargetRatio != null && m.partialTargetRatio <= design.margin.liquidationRatio) {
    throw new DesignError(
      `design.modifiers.partialTargetRatio: ${m.partialTargetRatio} must be above liquidationRatio ${design.margin.liquidationRatio} (a partial liquidation restores health above the threshold)`,
      'design.modifiers.partialTargetRatio',
    );
  }
  if (design.margin.kind === 'volatility-scaled') {
    const v = design.margin.volatility;
    if (v.capMultiple < v.floorMultiple) {
      throw new DesignError(
        `design.margin.volatility.capMultiple: ${v.capMultiple} is below floorMultiple ${v.floorMultiple}`,
        'design.margin.volatility.capMultiple',
      );
    }
  }
  const b = m?.circuitBreaker;
  if (b && b.action === 'scale-margin' && b.haircutMultiplier === 1) {
    throw new DesignError(
      'design.modifiers.circuitBreaker.haircutMultiplier: 1 changes nothing; use > 1 to raise or < 1 to relax margins',
      'design.modifiers.circuitBreaker.haircutMultiplier',
    );
  }
  return design;
}

/** Canonical JSON (sorted keys) so equal designs hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** FNV-1a 64-bit hash of a design's canonical JSON, as 16 hex digits (pure; no Node crypto). */
export function designHash(design: Design): string {
  return fnv1a64(canonicalJson(design));
}

export function fnv1a64(text: string): string {
  let h = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = 0xffffffffffffffffn;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * prime) & mask;
  }
  return h.toString(16).padStart(16, '0');
}
