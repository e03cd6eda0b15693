/**
 * Scenarios: a historical crash as the engine needs it — observed price path, venues and their
 * liquidity, network congestion, oracle outages, the account population, the keeper environment —
 * plus what happened (published figures with sources) and the assumptions made. Validated with a
 * schema because scenarios also arrive from files (imports, bundles).
 */
import { z } from 'zod';
import { describeIssue } from './zod-issues.ts';
import { upgradeScenarioRates } from './scenario-upgrade.ts';
import { OptionsSpecSchema } from './options/option-book.ts';
import type { Market, Units } from './scenario-extras.ts';
import { MarketSchema, UnitsSchema, ValidationSpecSchema } from './scenario-extras.ts';

const finitePositive = z.number().finite().positive();
const finiteNonNegative = z.number().finite().min(0);
const fraction = z.number().finite().min(0).max(1);
/** [epoch seconds, value] */
const point = z.tuple([z.number().int(), finitePositive]);
/** An OHLC bar: [start (epoch s), length (s), open, high, low, close]. */
const bar = z.tuple([
  z.number().int(),
  z.number().int().positive(),
  finitePositive,
  finitePositive,
  finitePositive,
  finitePositive,
]);

export const VenueSpecSchema = z.strictObject({
  name: z.string().min(1).max(60),
  /** How a net flow moves the price: linear in flow/depth, square-root law, or constant-product reserves. */
  impact: z.enum(['linear', 'sqrt', 'cpmm']),
  /** USD of net flow that moves this venue's price by 1% (before stress thinning). */
  depthUsd: finitePositive,
  /** Share of each impact that is permanent; the rest is transient and decays. */
  permanentFraction: fraction,
  /** Half-life of the transient part of impact, seconds (venue resilience). */
  transientHalfLifeSeconds: finitePositive,
  /** Depth factor = max(floor, 1 − elasticity × drawdown of F from its running peak). */
  stress: z.strictObject({ elasticity: finiteNonNegative, floor: z.number().finite().gt(0).max(1) }),
});

export const AssetSpecSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9.-]{1,16}$/),
  observed: z.strictObject({
    source: z.string().min(1),
    /** Finest spacing of the source data, seconds (stated to the user). */
    resolutionSeconds: z.number().int().positive(),
    /**
     * Dated observations [epoch s, price]: published prices (filled between straight in log price,
     * no volatility invented) or intraday knots inside a bar (the path passes through them).
     */
    points: z.array(point),
    /**
     * OHLC bars in time order, not overlapping: inside each the path opens and closes at the bar's
     * open and close and touches its high and low, never beyond (engine/observed-path.ts).
     */
    bars: z.array(bar).optional(),
    /**
     * Trading sessions [open, close) in epoch seconds (a market that closes, e.g. the NYSE in 1987);
     * outside them the price holds at the last close. Absent: the market never closes.
     */
    sessions: z.array(z.tuple([z.number().int(), z.number().int()])).optional(),
  }),
  venues: z.array(VenueSpecSchema).min(1).max(8),
  arbitrage: z.strictObject({
    /**
     * Half-life of a venue's gap to the depth-weighted mean when capital allows, seconds (the engine
     * closes 1 − 0.5^(step/half-life) of it per step); null: arbitrage never closes gaps.
     */
    gapHalfLifeSeconds: finitePositive.nullable(),
    /** Arbitrage capital deployable per second, USD, before congestion (× step length per step). */
    capitalUsdPerSecond: finiteNonNegative,
    /** Gas level (gwei) at which arbitrage capacity is halved. */
    halfCapacityGasGwei: finitePositive,
  }),
});

export const PopulationSpecSchema = z.strictObject({
  asset: z.string(),
  /**
   * Multi-collateral basket (absent: every account's collateral is `asset` alone). Every account
   * holds the same fixed-composition basket; one basket unit holds q_a = weight_a × P₀ / P_a,0 units
   * of asset a, where P₀ is `asset`'s initial price, so a basket unit is worth P₀ at the start and
   * accounts' `collateral` is counted in basket units. Assets must be assets of the scenario, listed
   * once, with weights > 0 summing to 1; `asset` must be one of them. Not for perpetuals.
   */
  basket: z
    .array(z.strictObject({ asset: z.string(), weight: finitePositive }))
    .min(1)
    .max(4)
    .optional(),
  /** Number of accounts generated when the user does not ask for another. */
  defaultAccounts: z.number().int().positive(),
  /** Total debt of the population, USD (numeraire). */
  totalDebtUsd: finitePositive,
  /** Histogram of collateral ratio (collateral value / debt) at the start. */
  collateralRatioBins: z
    .array(z.strictObject({ from: z.number().min(1), to: z.number().min(1), weight: finiteNonNegative }))
    .min(1),
  /** Debt sizes of ordinary accounts: Pareto with this tail index, scaled to the total. */
  debtParetoAlpha: z.number().finite().gt(1).max(5),
  /** Named large accounts (the whale tail), generated in addition to the ordinary ones. */
  whales: z.array(
    z.strictObject({ label: z.string(), debtUsd: finitePositive, collateralRatio: z.number().min(1) }),
  ),
  /**
   * Explicit accounts (from a positions file) instead of generated ones: account k holds
   * `collateral[k]` units of `asset` against `debtUsd[k]` USD. Present: exactly these accounts are
   * run (`defaultAccounts` equals their number, no whales; `totalDebtUsd` is their total debt), and
   * the distributions above only describe them; responses, delays, reserves and gas caps are still
   * drawn from `response` with the seed. Not for baskets or perpetuals.
   */
  positions: z
    .strictObject({
      collateral: z.array(finitePositive).min(1).max(5_000_000),
      debtUsd: z.array(finitePositive).min(1).max(5_000_000),
    })
    .optional(),
  response: z.strictObject({
    /** Probability that a called account tops up collateral from its reserve. */
    topUp: fraction,
    /** Probability that a called account sells collateral to repay debt (feeds the loop). */
    deleverage: fraction,
    /** Median delay between the call and the response, minutes (log-normal). */
    medianDelayMinutes: finitePositive,
    delaySigma: finiteNonNegative,
    /** Median reserve (collateral held outside the protocol) as a fraction of the account's collateral. */
    reserveMedianRatio: finiteNonNegative,
    /** Gas price (gwei) above which the account's transaction waits (log-normal median). */
    gasCapMedianGwei: finitePositive,
    gasCapSigma: finiteNonNegative,
    /** Collateral ratio the account restores when it acts. */
    targetRatio: z.number().min(1),
    /** Give up waiting for gas after this long, minutes. */
    patienceMinutes: finitePositive,
  }),
  /**
   * Perpetual-futures traders instead of borrowers (absent: lending / CDP accounts). The generated
   * accounts are the longs: a long of size s opened at the start price P₀ with margin m is held as
   * collateral s (plus the margin's units when margined in the same asset) against a debt of
   * s·P₀ − m (s·P₀ when margined in the same asset), so `collateralRatioBins` give L/(L−1) for a
   * numeraire-margined long of leverage L and 1 + 1/L for a same-asset one (see perpRatioBins).
   * Funding payments are ignored (a 1–2 day crash moves prices far more than funding does).
   */
  perps: z
    .strictObject({
      marginAsset: z.enum(['numeraire', 'same-asset']),
      /**
       * isolated: each position has only its own margin; the owner's free balance (the `reserve`)
       * stays outside and tops up on a call. cross: the free balance backs the position from the
       * start — it liquidates later, and a liquidation takes all of it.
       */
      marginMode: z.enum(['isolated', 'cross']),
      /** The opposite side: shorts holding as many units as the longs (open interest balances). */
      shorts: z.strictObject({
        /** Short accounts per long account. */
        accountsPerLong: z.number().finite().gt(0).max(10),
        /** Leverage of the shorts at the start (notional / margin). */
        leverageBins: z
          .array(
            z.strictObject({ from: z.number().min(1), to: z.number().min(1), weight: finiteNonNegative }),
          )
          .min(1),
        sizeParetoAlpha: z.number().finite().gt(1).max(5),
      }),
    })
    .optional(),
});

export const KeeperEnvironmentSchema = z.strictObject({
  /** Number of ordinary keepers / liquidators. */
  count: z.number().int().min(0).max(1000),
  /** Numeraire each keeper can commit to bids or repayments, USD. */
  capitalUsd: finiteNonNegative,
  /** Gas price (gwei) above which a keeper's transactions fail (its bot's cap), log-normal median. */
  gasCapMedianGwei: finitePositive,
  gasCapSigma: finiteNonNegative,
  /** Required discount to the market price, drawn uniformly per keeper. */
  marginMin: fraction,
  marginMax: fraction,
  /** Keepers that open auctions with a near-zero bid and pay any gas (the Black Thursday zero-bidders). */
  lowballers: z.number().int().min(0).max(100),
  lowballerGasCapGwei: finitePositive,
  /**
   * Bids, takes or liquidations one keeper lands per second at the default population size (the
   * engine gives each step rate × step length, carrying the fraction to the next step).
   */
  txPerSecond: finitePositive,
  /** Auction kicks (Maker bite/bark) one keeper lands per second at the default population size. */
  kicksPerSecond: finitePositive,
  /** Time for a keeper to turn sold collateral back into usable numeraire, seconds. */
  restockDelaySeconds: finiteNonNegative,
  /** Largest single take or repayment, USD, when settling through a DEX (flash liquidity). */
  maxTakeUsd: finitePositive,
  /** Gas units of one keeper transaction (bid, take, kick, liquidation). */
  gasUnitsPerTx: z.number().int().positive(),
});

export const ScenarioSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
  version: z.number().int().positive(),
  title: z.string().min(1),
  dateLabel: z.string(),
  summary: z.string(),
  lesson: z.string(),
  startTime: z.string().datetime(),
  endTime: z.string().datetime(),
  defaultStepSeconds: z.number().int().positive(),
  assets: z.array(AssetSpecSchema).min(1).max(4),
  gas: z.strictObject({
    source: z.string(),
    points: z.array(point).min(1),
    /** The asset gas is paid in (its simulated price converts gas to USD), or a fixed USD price. */
    tokenAsset: z.string().optional(),
    tokenPriceUsd: finitePositive.optional(),
  }),
  oracleOutages: z.array(
    z.strictObject({ startTime: z.string().datetime(), endTime: z.string().datetime(), reason: z.string() }),
  ),
  /** Price of the asset gas is paid in is not needed: keepers are gated by gas caps, not cost. */
  population: PopulationSpecSchema,
  /**
   * Option writers, delta-hedging dealers and portfolio insurers on the population's asset
   * (options/option-book.ts); absent: none.
   */
  derivatives: OptionsSpecSchema.optional(),
  keepers: KeeperEnvironmentSchema,
  historicalDesignId: z.string(),
  /** What prices and amounts are counted in (absent: USD, the asset's price read directly). */
  units: UnitsSchema.optional(),
  /** What kind of market it was (absent: on-chain, liquidated by keepers). */
  market: MarketSchema.optional(),
  /** Published outcomes to check the historical replay against, fitted parameters, unpinned assumptions. */
  validation: ValidationSpecSchema.optional(),
  published: z.array(z.strictObject({ figure: z.string(), value: z.string(), source: z.string() })),
  assumptions: z.array(z.string()),
  limits: z.array(z.string()),
  sources: z.array(z.string()),
});

export type Scenario = z.infer<typeof ScenarioSchema>;

/** The scenario's units, defaults filled in. */
export function unitsOf(s: Scenario): Units {
  return (
    s.units ?? { numeraire: 'USD', priceDisplay: 'direct', priceLabel: `${s.population.asset} price (USD)` }
  );
}

/** The scenario's market, defaults filled in. */
export function marketOf(s: Scenario): Market & { gas: boolean } {
  const m = s.market ?? { kind: 'on-chain', liquidators: 'keepers' };
  return { ...m, gas: m.gas ?? m.kind === 'on-chain' };
}
export type AssetSpec = z.infer<typeof AssetSpecSchema>;
export type VenueSpec = z.infer<typeof VenueSpecSchema>;
export type PopulationSpec = z.infer<typeof PopulationSpecSchema>;
export type KeeperEnvironment = z.infer<typeof KeeperEnvironmentSchema>;

export class ScenarioError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'ScenarioError';
  }
}

/** Parses and validates a scenario; throws ScenarioError naming the field. */
export function parseScenario(raw: unknown): Scenario {
  const input = upgradeScenarioRates(raw);
  const result = ScenarioSchema.safeParse(input);
  if (!result.success) {
    const first = result.error.issues[0];
    if (!first) throw new ScenarioError('scenario: invalid', 'scenario');
    const { field, message } = describeIssue('scenario', first, { schema: ScenarioSchema, input });
    throw new ScenarioError(message, field);
  }
  const s = result.data;
  if (Date.parse(s.endTime) <= Date.parse(s.startTime)) {
    throw new ScenarioError('scenario.endTime: must be after startTime', 'scenario.endTime');
  }
  for (const [a, asset] of s.assets.entries()) checkObserved(asset.observed, `scenario.assets.${a}.observed`);
  if (!s.assets.some((a) => a.id === s.population.asset)) {
    throw new ScenarioError(
      `scenario.population.asset: no asset "${s.population.asset}" in this scenario`,
      'scenario.population.asset',
    );
  }
  const basket = s.population.basket;
  if (basket) {
    const seen = new Set<string>();
    for (const [k, leg] of basket.entries()) {
      if (!s.assets.some((a) => a.id === leg.asset)) {
        throw new ScenarioError(
          `scenario.population.basket.${k}.asset: no asset "${leg.asset}" in this scenario`,
          `scenario.population.basket.${k}.asset`,
        );
      }
      if (seen.has(leg.asset)) {
        throw new ScenarioError(
          `scenario.population.basket.${k}.asset: "${leg.asset}" is listed twice`,
          `scenario.population.basket.${k}.asset`,
        );
      }
      seen.add(leg.asset);
    }
    const sum = basket.reduce((acc, leg) => acc + leg.weight, 0);
    if (Math.abs(sum - 1) > 1e-9) {
      throw new ScenarioError(
        `scenario.population.basket: weights sum to ${sum}, not 1`,
        'scenario.population.basket',
      );
    }
    if (!seen.has(s.population.asset)) {
      throw new ScenarioError(
        `scenario.population.basket: must include the population asset "${s.population.asset}"`,
        'scenario.population.basket',
      );
    }
    if (s.population.perps) {
      throw new ScenarioError(
        'scenario.population.basket: a basket is for lending / CDP collateral, not perpetuals',
        'scenario.population.basket',
      );
    }
  }
  checkPositions(s.population);
  if (s.gas.tokenAsset === undefined && s.gas.tokenPriceUsd === undefined) {
    throw new ScenarioError(
      'scenario.gas: give tokenAsset (an asset of the scenario) or tokenPriceUsd',
      'scenario.gas',
    );
  }
  if (s.gas.tokenAsset !== undefined && !s.assets.some((a) => a.id === s.gas.tokenAsset)) {
    throw new ScenarioError(
      `scenario.gas.tokenAsset: no asset "${s.gas.tokenAsset}" in this scenario`,
      'scenario.gas.tokenAsset',
    );
  }
  if (s.derivatives && s.derivatives.asset !== s.population.asset) {
    throw new ScenarioError(
      `scenario.derivatives.asset: options must be on the population's asset "${s.population.asset}"`,
      'scenario.derivatives.asset',
    );
  }
  for (const [i, u] of (s.validation?.uncertain ?? []).entries()) {
    if (!(u.low < u.high)) {
      throw new ScenarioError(
        `scenario.validation.uncertain.${i}: low (${u.low}) must be below high (${u.high})`,
        'scenario.validation.uncertain',
      );
    }
  }
  if (s.keepers.marginMax < s.keepers.marginMin) {
    throw new ScenarioError('scenario.keepers.marginMax: must be ≥ marginMin', 'scenario.keepers.marginMax');
  }
  return s;
}

/** Observations in time order, bars well formed and not overlapping, points inside their bar's range. */
function checkObserved(o: AssetSpec['observed'], at: string): void {
  const fail = (field: string, message: string): never => {
    throw new ScenarioError(`${at}.${field}: ${message}`, `${at}.${field.split('.')[0]}`);
  };
  const bars = o.bars ?? [];
  if (o.points.length + 2 * bars.length < 2) fail('points', 'give at least two points or one bar');
  for (let i = 1; i < o.points.length; i++) {
    if (o.points[i]![0] <= o.points[i - 1]![0]) fail(`points.${i}`, 'times must be strictly increasing');
  }
  for (const [i, [t, , open, high, low, close]] of bars.entries()) {
    if (low > Math.min(open, close) || high < Math.max(open, close)) {
      fail(`bars.${i}`, `low ${low} and high ${high} must enclose open ${open} and close ${close}`);
    }
    const prev = bars[i - 1];
    if (prev && t < prev[0] + prev[1]) fail(`bars.${i}`, 'bars must be in time order and must not overlap');
  }
  for (const [i, [t, p]] of o.points.entries()) {
    const b = bars.find(([start, len]) => t >= start && t < start + len);
    if (b && (p < b[4] * (1 - 1e-9) || p > b[3] * (1 + 1e-9))) {
      fail(`points.${i}`, `${p} lies outside its bar's range [${b[4]}, ${b[3]}]`);
    }
  }
  const sessions = o.sessions ?? [];
  for (const [i, [open, close]] of sessions.entries()) {
    if (close <= open) fail(`sessions.${i}`, 'a session must close after it opens');
    const prev = sessions[i - 1];
    if (prev && open < prev[1]) fail(`sessions.${i}`, 'sessions must be in time order and must not overlap');
  }
}

/** Rules of an explicit population (positions): see PopulationSpecSchema.positions. */
function checkPositions(p: PopulationSpec): void {
  const pos = p.positions;
  if (!pos) return;
  const field = 'scenario.population.positions';
  const fail = (at: string, message: string): never => {
    throw new ScenarioError(`${field}${at}: ${message}`, `${field}${at}`);
  };
  if (pos.collateral.length !== pos.debtUsd.length) {
    fail(
      '',
      `collateral has ${pos.collateral.length} entries and debtUsd ${pos.debtUsd.length}: give one of each per position`,
    );
  }
  if (p.defaultAccounts !== pos.debtUsd.length) {
    throw new ScenarioError(
      `scenario.population.defaultAccounts: must be ${pos.debtUsd.length}, the number of positions`,
      'scenario.population.defaultAccounts',
    );
  }
  if (p.whales.length > 0) {
    throw new ScenarioError(
      'scenario.population.whales: must be empty when the population comes from positions (list large accounts as positions)',
      'scenario.population.whales',
    );
  }
  if (p.perps || p.basket) {
    fail('', 'positions are for lending / CDP collateral in one asset, not perpetuals or baskets');
  }
  const total = pos.debtUsd.reduce((a, b) => a + b, 0);
  if (Math.abs(total - p.totalDebtUsd) > 1e-9 * Math.max(1, total)) {
    throw new ScenarioError(
      `scenario.population.totalDebtUsd: must be ${total}, the positions' total debt`,
      'scenario.population.totalDebtUsd',
    );
  }
}
