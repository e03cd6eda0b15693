/**
 * The parts of a scenario that say how to read it and how to check it (MODEL.md §8; issue 13):
 *  - `units`: what prices and amounts are counted in, and how users read the price;
 *  - `market`: what kind of market it was (the words users read: no gas or keepers in 1987);
 *  - `validation`: published outcomes as targets with their original sources, the parameters fitted
 *    to a published figure (such a figure is never evidence), and the assumptions no source pins
 *    down, each with a stated range, over which the validation runs.
 */
import { z } from 'zod';

const finitePositive = z.number().finite().positive();
const iso = z.string().datetime();

export const UnitsSchema = z.strictObject({
  /** What debts, sales and losses are counted in ('USD', 'ETH', 'DAI'). */
  numeraire: z.string().regex(/^[A-Za-z]{2,6}$/),
  /**
   * How users read the population asset's price: 'direct', or 'inverse' (Compound 2020: the engine's
   * asset is one dollar of USDC priced in DAI; the story is DAI's dollar price, its inverse).
   */
  priceDisplay: z.enum(['direct', 'inverse']),
  /** Label of the price as displayed, e.g. 'ETH price (USD)', 'DAI on Coinbase Pro (USD)'. */
  priceLabel: z.string().min(1).max(80),
});

export const MarketSchema = z.strictObject({
  /**
   * on-chain: gas and keepers are part of the story; exchange: the exchange's own liquidation engine
   * (no gas, no keepers); traditional: brokers and exchanges of a stock market (no gas, no keepers).
   */
  kind: z.enum(['on-chain', 'exchange', 'traditional']),
  /** Who carries out liquidations, in the words users read ("keepers", "brokers' margin desks"). */
  liquidators: z.string().min(1).max(60),
  /**
   * Whether gas is part of the story users read (absent: on-chain markets yes, others no). Terra's
   * fees in 2022 are not modelled: LUNA is on-chain without gas.
   */
  gas: z.boolean().optional(),
});

/** What a target measures on a replay of the historical design. */
export const MeasureSchema = z.discriminatedUnion('kind', [
  /** Bad debt, numeraire. */
  z.strictObject({ kind: z.literal('bad-debt') }),
  /** Zero-bid auctions / settled auctions. */
  z.strictObject({ kind: z.literal('zero-bid-share') }),
  /** Collateral value (a perpetual's notional) sent to liquidation, numeraire; in [from, to) if given. */
  z.strictObject({ kind: z.literal('liquidated-value'), from: iso.optional(), to: iso.optional() }),
  /** Notional auto-deleveraged, numeraire. */
  z.strictObject({ kind: z.literal('adl-notional') }),
  /** Seconds from `from` to the first auto-deleveraging (negative: it came before). */
  z.strictObject({ kind: z.literal('first-adl-delay'), from: iso }),
  /** Share of the liquidated value that was liquidated in [from, to). */
  z.strictObject({ kind: z.literal('liquidated-share'), from: iso, to: iso }),
  /** Portfolio insurers' net sales in [from, to), numeraire. */
  z.strictObject({ kind: z.literal('insurance-sold'), from: iso, to: iso }),
  /** The fall of the backed-out exogenous path F against the observed fall (1 = the same). */
  z.strictObject({ kind: z.literal('fundamental-drawdown-ratio') }),
]);

/** When a measured median passes its target. */
export const PassSchema = z.discriminatedUnion('kind', [
  /** |median / value − 1| ≤ within. */
  z.strictObject({ kind: z.literal('relative'), within: finitePositive }),
  /** |median − value| ≤ within (shares: 0.09 = 9 points). */
  z.strictObject({ kind: z.literal('absolute'), within: finitePositive }),
  /** value / factor ≤ median ≤ value × factor. */
  z.strictObject({ kind: z.literal('factor'), factor: z.number().finite().gt(1) }),
  /** median ≥ value, or median ≤ value. */
  z.strictObject({ kind: z.literal('at-least') }),
  z.strictObject({ kind: z.literal('at-most') }),
]);

export const TargetSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/),
  /** The published outcome, as users read it. */
  figure: z.string().min(1),
  /** The published value, as published ("5.67 M DAI"). */
  published: z.string().min(1),
  /** Its original public source. */
  source: z.string().min(1),
  measure: MeasureSchema,
  /** The published value in the measure's unit (numeraire, share, seconds). */
  value: z.number().finite(),
  pass: PassSchema,
  /** 'fitted': a parameter was set to reproduce this figure, so it is shown, never counted as evidence. */
  status: z.enum(['evidence', 'fitted']),
  /** What a miss means and why it happens, shown when the median misses (honest, specific). */
  ifMissed: z.string().min(1),
});

export const FittedSchema = z.strictObject({
  /** The parameter, as a path users can find (`keepers.count`, `hyperliquid-2025 backstop risk limit`). */
  parameter: z.string().min(1),
  value: z.string().min(1),
  /** The published figure it was set to reproduce (that figure is not evidence). */
  fittedTo: z.string().min(1),
});

/** An assumption no source pins down, with the range validation runs it over. */
export const UncertainSchema = z.discriminatedUnion('kind', [
  /** Keeper bots' gas cap, median gwei. */
  z.strictObject({
    kind: z.literal('keeper-gas-cap'),
    low: finitePositive,
    high: finitePositive,
    why: z.string().min(1),
  }),
  /** Venue depth, as a multiple of the scenario's. */
  z.strictObject({
    kind: z.literal('depth'),
    low: finitePositive,
    high: finitePositive,
    why: z.string().min(1),
  }),
  /**
   * The population's collateral-ratio histogram: every bin's distance above 1 scaled by this factor
   * (0.85: accounts 15% closer to their 100% line; leverage of perpetuals rises accordingly).
   */
  z.strictObject({
    kind: z.literal('collateral-ratios'),
    low: finitePositive,
    high: finitePositive,
    why: z.string().min(1),
  }),
]);

export const ValidationSpecSchema = z.strictObject({
  targets: z.array(TargetSchema),
  fitted: z.array(FittedSchema),
  uncertain: z.array(UncertainSchema).max(4),
});

export type Units = z.infer<typeof UnitsSchema>;
export type Market = z.infer<typeof MarketSchema>;
export type Measure = z.infer<typeof MeasureSchema>;
export type Pass = z.infer<typeof PassSchema>;
export type Target = z.infer<typeof TargetSchema>;
export type Fitted = z.infer<typeof FittedSchema>;
export type Uncertain = z.infer<typeof UncertainSchema>;
export type ValidationSpec = z.infer<typeof ValidationSpecSchema>;
