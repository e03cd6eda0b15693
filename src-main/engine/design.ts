/**
 * Protocol designs: validated, versioned JSON. A design is everything the protocol decides — margin,
 * oracle, liquidation mechanism, shortfall waterfall — and optional overrides of the keeper
 * environment. Unknown fields and bad values are rejected with a message naming the field.
 */
import { z } from 'zod';

export const DESIGN_SCHEMA_VERSION = 1;

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
const fraction = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .finite()
    .min(0, `${what} must be ≥ 0`)
    .max(1, `${what} must be ≤ 1`);

export const MarginSchema = z.strictObject({
  kind: z.literal('fixed-ratio'),
  /** Collateral value / debt below which an account is liquidatable (Maker `mat`, 1/collateral factor). */
  liquidationRatio: z
    .number()
    .finite()
    .min(1, 'liquidationRatio must be ≥ 1 (collateral worth at least the debt)')
    .max(10),
  /** Collateral value / debt below which an account is called (warned) before liquidation; ≥ liquidationRatio. */
  callRatio: z.number().finite().min(1).max(20),
});

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
    lotSize: positive('lotSize'),
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
    lotSize: positive('lotSize'),
    /** No new auction while the debt + penalty in active auctions exceeds this, USD (Maker `ilk.hole`). */
    maxActiveTabUsd: positive('maxActiveTabUsd'),
    /** Flat keeper incentive per kick or reset, USD (Maker `tip`). */
    keeperTipUsd: nonNegative('keeperTipUsd'),
    /** Proportional keeper incentive per kick or reset, fraction of the debt (Maker `chip`). */
    keeperChip: fraction('keeperChip'),
    /** Takers may settle through a DEX inside the take (Maker `clipperCallee`): no capital needed. */
    flashLiquidity: z.boolean(),
  }),
]);

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
  schemaVersion: z.literal(DESIGN_SCHEMA_VERSION, {
    error: `schemaVersion must be ${DESIGN_SCHEMA_VERSION} (this app's design format)`,
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
});

export type Design = z.infer<typeof DesignSchema>;
export type OracleDesign = z.infer<typeof OracleSchema>;
export type LiquidationDesign = z.infer<typeof LiquidationSchema>;
export type EnglishAuctionDesign = Extract<LiquidationDesign, { kind: 'english-auction' }>;
export type DutchAuctionDesign = Extract<LiquidationDesign, { kind: 'dutch-auction' }>;
export type MarketSaleDesign = Extract<LiquidationDesign, { kind: 'market-sale' }>;

export class DesignError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'DesignError';
  }
}

/** Formats the first zod issue as `design.<path>: message`. */
export function describeIssue(prefix: string, issue: z.core.$ZodIssue): { field: string; message: string } {
  const field = [prefix, ...issue.path.map(String)].join('.');
  if (issue.code === 'unrecognized_keys') {
    const keys = (issue as { keys: string[] }).keys;
    return {
      field,
      message: `${field}: unknown field${keys.length > 1 ? 's' : ''} ${keys.map((k) => `"${k}"`).join(', ')} (remove ${keys.length > 1 ? 'them' : 'it'})`,
    };
  }
  return { field, message: `${field}: ${issue.message}` };
}

/**
 * Parses and validates a design. Throws DesignError naming the field on the first problem, including
 * cross-field rules (callRatio ≥ liquidationRatio; a venue oracle names its venue).
 */
export function parseDesign(input: unknown): Design {
  const result = DesignSchema.safeParse(input);
  if (!result.success) {
    const first = result.error.issues[0];
    if (!first) throw new DesignError('design: invalid', 'design');
    const { field, message } = describeIssue('design', first);
    throw new DesignError(message, field);
  }
  const design = result.data;
  if (design.margin.callRatio < design.margin.liquidationRatio) {
    throw new DesignError(
      `design.margin.callRatio: ${design.margin.callRatio} is below liquidationRatio ${design.margin.liquidationRatio}; a call must come before liquidation`,
      'design.margin.callRatio',
    );
  }
  if (design.oracle.source === 'venue' && !design.oracle.venue) {
    throw new DesignError('design.oracle.venue: a venue oracle must name its venue', 'design.oracle.venue');
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
