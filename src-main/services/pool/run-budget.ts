/**
 * The budget of one engine run: what a design on a scenario would cost, estimated BEFORE it runs
 * from the design and the scenario alone, and the time limit enforced WHILE it runs.
 *
 * The estimate counts two kinds of work units, each with its own limit:
 *   - account-steps: accounts (longs and shorts) × steps. The engine's trigger index makes a step
 *     cheap, but setup and recording still scale with both; 1e10 is about 1 M accounts at 10 s steps
 *     over a day, which the bench puts at roughly half a minute per pass.
 *   - auction lots: the collateral a crash like the scenario's can put up for liquidation, divided
 *     by the lot one auction can take (`liquidation.lotSize`, or less under a liquidity cap). Each
 *     lot is an auction the engine steps until it ends, so a tiny lot multiplies the work (Black
 *     Thursday, Maker's clip: lot 5 ETH, 3.5 s; lot 0.5 ETH, 48 s; lot 0.005 ETH, over 100 s; lot
 *     5e-324 took minutes, now refused by the schema). English auctions with no bidders cost about a tenth of a Dutch one
 *     (measured the same way), so they count 0.1 each. The collateral counted is that of the
 *     accounts whose collateral ratio the scenario's observed fall takes below the design's
 *     liquidation ratio. This is coarse (a brief spike liquidates far less than a long fall, and
 *     keepers' kick capacity caps the auctions actually opened): it stops designs that are absurd
 *     on a scenario before they start, and the time limit, enforced while the run goes, catches the
 *     rest.
 *
 * The time limit is wall-clock seconds of running in a worker (not waiting in the queue): with the
 * pool at its default size each worker has a core to itself, so this is close to CPU seconds.
 */
import type { Design } from '../../engine/design.ts';
import { dataRange, observationSeries } from '../../engine/observed-path.ts';
import type { Scenario } from '../../engine/scenario.ts';
import { CancelledError } from '../../engine/simulate.ts';

/** Largest accounts × steps one design may run. */
export const MAX_ACCOUNT_STEPS = 1e10;
/** Largest (weighted) number of auction lots one design may open. */
export const MAX_AUCTION_LOT_UNITS = 1e6;
/** Weight of an English-auction lot against a Dutch one (see the module comment). */
const ENGLISH_LOT_WEIGHT = 0.1;

/** Seconds a run may take in a worker: a base plus a share per design (each design is one pass). */
export function runTimeBudgetSeconds(designCount: number): number {
  return 60 + 30 * Math.max(1, designCount);
}

/** One reason a run is expensive: the field to change, and by how much. */
export interface CostDriver {
  /** The field, e.g. `liquidation.lotSize` (design fields) or `accounts` / `stepSeconds` (the run's). */
  field: string;
  /** Work units this driver accounts for, and its limit. */
  units: number;
  limit: number;
  /** One sentence: what makes it expensive and what to set instead. */
  message: string;
}

export interface RunEstimate {
  steps: number;
  accounts: number;
  accountSteps: number;
  auctionLotUnits: number;
  /** Drivers over their limit, worst first (empty: within budget). */
  over: CostDriver[];
  /** Every driver, worst first relative to its limit (for naming the cause of a run that runs out of time). */
  drivers: CostDriver[];
}

const sig = (x: number): string =>
  Number.isFinite(x)
    ? x >= 1e5 || x < 1e-3
      ? x.toExponential(1)
      : String(Number(x.toPrecision(2)))
    : String(x);

/** Rounds up to one significant digit (a value to suggest). */
function niceAbove(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return x;
  const p = 10 ** Math.floor(Math.log10(x));
  return Math.ceil(x / p) * p;
}

function windowPrices(s: Scenario): { start: number; min: number } {
  const asset = s.assets.find((a) => a.id === s.population.asset) ?? s.assets[0]!;
  const from = Date.parse(s.startTime) / 1000;
  const to = Date.parse(s.endTime) / 1000;
  // Points and bars alike (a scenario may give its path as OHLC bars only): the lows count.
  const series = observationSeries(asset.observed);
  const inside = series.filter(([t]) => t >= from && t <= to).map(([, p]) => p);
  const all = inside.length > 0 ? inside : series.map(([, p]) => p);
  const { low } = dataRange(asset.observed, from, to);
  return { start: all[0]!, min: Math.min(...all, Number.isFinite(low) ? low : Infinity) };
}

/** Collateral units (of the population asset) held by accounts the scenario's fall can liquidate. */
export function liquidatableCollateralUnits(s: Scenario, liquidationRatio: number): number {
  const { start, min } = windowPrices(s);
  const reach = liquidationRatio * (start / min);
  const pop = s.population;
  const totalWeight = pop.collateralRatioBins.reduce((a, b) => a + b.weight, 0) || 1;
  let usd = 0;
  for (const b of pop.collateralRatioBins) {
    const hi = Math.min(b.to, reach);
    if (hi <= b.from) continue;
    const share = b.to > b.from ? (hi - b.from) / (b.to - b.from) : 1;
    usd += (pop.totalDebtUsd * b.weight * share * (b.from + hi)) / 2 / totalWeight;
  }
  for (const w of pop.whales) if (w.collateralRatio < reach) usd += w.debtUsd * w.collateralRatio;
  return usd / start;
}

function stepsOf(s: Scenario, stepSeconds: number): number {
  return Math.ceil((Date.parse(s.endTime) - Date.parse(s.startTime)) / 1000 / stepSeconds);
}

function accountDriver(s: Scenario, steps: number, accounts: number, stepSeconds: number): CostDriver {
  const units = steps * accounts;
  const atThisStep = Math.floor(MAX_ACCOUNT_STEPS / steps);
  const byAccounts = accounts > s.population.defaultAccounts || stepSeconds >= s.defaultStepSeconds;
  const field = byAccounts ? 'accounts' : 'stepSeconds';
  return {
    field,
    units,
    limit: MAX_ACCOUNT_STEPS,
    // Made when read (a run over its budget, a stop): every run is estimated, and the first
    // toLocaleString of a process loads ICU's number formats (~10 ms of a command's run).
    get message(): string {
      const fix = byAccounts
        ? `use at most ${atThisStep.toLocaleString('en-US')} accounts at this step`
        : `use a step of at least ${niceAbove((stepSeconds * units) / MAX_ACCOUNT_STEPS)} s`;
      return `${accounts.toLocaleString('en-US')} accounts × ${steps.toLocaleString('en-US')} steps of ${stepSeconds} s is ${sig(units)} account-steps (the budget is ${sig(MAX_ACCOUNT_STEPS)} per run); ${fix}`;
    },
  };
}

function auctionDriver(s: Scenario, design: Design): CostDriver | null {
  const liq = design.liquidation;
  if (liq.kind !== 'english-auction' && liq.kind !== 'dutch-auction') return null;
  const { start } = windowPrices(s);
  const collateral = liquidatableCollateralUnits(s, design.margin.liquidationRatio);
  const weight = liq.kind === 'english-auction' ? ENGLISH_LOT_WEIGHT : 1;
  const capMultiple = design.modifiers?.liquidityCapDepthMultiple ?? null;
  const depthUsd = s.assets
    .filter((a) => a.id === s.population.asset)
    .flatMap((a) => a.venues)
    .reduce((sum, v) => sum + v.depthUsd, 0);
  const capLot = capMultiple === null ? Infinity : (capMultiple * depthUsd) / start;
  const lot = Math.min(liq.lotSize, capLot);
  const units = (collateral / lot) * weight;
  const smallestLot = niceAbove((collateral * weight) / MAX_AUCTION_LOT_UNITS);
  const asset = s.population.asset;
  const lots = `about ${sig(collateral / lot)} auctions for the ${sig(collateral)} ${asset} a crash like ${s.id} can put up for liquidation`;
  if (capLot < liq.lotSize) {
    const multiple = niceAbove((smallestLot * start) / depthUsd);
    return {
      field: 'modifiers.liquidityCapDepthMultiple',
      units,
      limit: MAX_AUCTION_LOT_UNITS,
      message: `modifiers.liquidityCapDepthMultiple ${sig(capMultiple!)} caps each auction at ${sig(capLot)} ${asset}, which makes ${lots}; set it to at least ${multiple}`,
    };
  }
  return {
    field: 'liquidation.lotSize',
    units,
    limit: MAX_AUCTION_LOT_UNITS,
    message: `liquidation.lotSize ${sig(liq.lotSize)} makes ${lots}; set it to at least ${smallestLot} ${asset}`,
  };
}

/** What running `design` on `scenario` would cost (see the module comment). */
export function estimateRun(
  scenario: Scenario,
  design: Design,
  run: { accounts?: number; stepSeconds?: number } = {},
): RunEstimate {
  const stepSeconds = run.stepSeconds ?? scenario.defaultStepSeconds;
  const steps = stepsOf(scenario, stepSeconds);
  const longs = run.accounts ?? scenario.population.defaultAccounts;
  const shorts = scenario.population.perps
    ? Math.ceil(longs * scenario.population.perps.shorts.accountsPerLong)
    : 0;
  const accounts = longs + shorts;
  const drivers = [accountDriver(scenario, steps, accounts, stepSeconds)];
  const auction = auctionDriver(scenario, design);
  if (auction) drivers.push(auction);
  drivers.sort((a, b) => b.units / b.limit - a.units / a.limit);
  return {
    steps,
    accounts,
    accountSteps: steps * accounts,
    auctionLotUnits: auction?.units ?? 0,
    over: drivers.filter((d) => !(d.units <= d.limit)),
    drivers,
  };
}

/** The run is over its budget: a one-line message naming the field to change. */
export class BudgetError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'BudgetError';
  }
}

/**
 * Throws BudgetError for the first design (in order) whose run would be over budget, naming the
 * design and the field. `fieldOf` turns a driver's field into the caller's naming (e.g.
 * `designIds.1` for a design chosen by reference, or `design.liquidation.lotSize` for one sent whole).
 */
export function assertWithinBudget(
  scenario: Scenario,
  designs: readonly Design[],
  run: { accounts?: number; stepSeconds?: number },
  fieldOf: (driverField: string, designIndex: number) => string = (f) => f,
): void {
  designs.forEach((design, i) => {
    const worst = estimateRun(scenario, design, run).over[0];
    if (worst) {
      throw new BudgetError(
        `design "${design.id}" on ${scenario.id}: ${worst.message}`,
        fieldOf(worst.field, i),
      );
    }
  });
}

/** The message for a run stopped by its time limit, naming its costliest driver. */
export function timeBudgetMessage(seconds: number, estimate: RunEstimate | null): string {
  const cause = estimate?.drivers[0];
  return `the run went past its time budget of ${seconds} s and was stopped${
    cause ? `; its costliest part: ${cause.message}` : ''
  }`;
}

/** The estimate of the costliest of several designs (named if their run runs out of time). */
export function costliestEstimate(
  scenario: Scenario,
  designs: readonly Design[],
  run: { accounts?: number; stepSeconds?: number },
): RunEstimate | null {
  let worst: RunEstimate | null = null;
  let worstShare = -1;
  for (const d of designs) {
    const e = estimateRun(scenario, d, run);
    const top = e.drivers[0];
    const share = top ? top.units / top.limit : 0;
    if (share > worstShare) [worst, worstShare] = [e, share];
  }
  return worst;
}

/**
 * Runs `body` in-process within a time limit: the `shouldCancel` it gets turns true once `seconds`
 * have passed (or when `outer` says so), and a run stopped that way throws BudgetError naming the
 * costliest part. For the CLI and the store's saved runs, which run on the calling thread; the
 * engine pool enforces the same limit on its workers.
 */
export function withinTimeBudget<T>(
  seconds: number,
  estimate: RunEstimate | null,
  body: (shouldCancel: () => boolean) => T,
  outer?: () => boolean,
): T {
  const deadline = performance.now() + seconds * 1000;
  let over = false;
  const shouldCancel = () => {
    if (outer?.()) return true;
    over = performance.now() > deadline;
    return over;
  };
  try {
    return body(shouldCancel);
  } catch (e) {
    if (over && e instanceof CancelledError)
      throw new BudgetError(timeBudgetMessage(seconds, estimate), 'design');
    throw e;
  }
}
