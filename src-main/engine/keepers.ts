/**
 * Keepers (auction bidders, liquidators): each has numeraire capital, a gas cap above which its
 * transactions fail (congestion cuts participation), a required discount to the market, and a
 * transaction rate in time: each step a keeper gets rate × step length transactions, the fraction carried
 * to the next step (so a small step is not rounded to zero, nor a large one up). "Lowballers" open auctions with a near-zero bid and pay any gas: when
 * they are the only keepers whose transactions land, English auctions clear at zero.
 */
import { Rng, inverseNormal } from './random.ts';
import { FloatList, IntList } from './id-list.ts';
import { asDoubles } from './double-fields.ts';

export { inverseNormal };
import type { KeeperEnvironment } from './scenario.ts';
import type { Design } from './design.ts';

export interface Keepers {
  count: number;
  /** Numeraire free to commit, USD. */
  capital: Float64Array;
  gasCapGwei: Float64Array;
  /** Required discount to the market price (0.05 = 5%). */
  margin: Float64Array;
  lowball: Uint8Array;
  /** Transactions one keeper lands per step, unrounded (rate per second × step × population scale). */
  txPerStep: number;
  /** Fraction of a transaction carried from earlier steps (all keepers share the rate). */
  txCarry: number;
  /** This step's whole transactions per keeper. */
  txThisStep: number;
  /** Transactions left this step (0 when the keeper is priced out by gas). */
  txLeft: Int32Array;
  /**
   * Transactions left this step for immediately profitable atomic actions (a Dutch-auction take, a
   * market-sale liquidation, a paid kick): a keeper raises its gas price for those as long as the
   * profit covers the gas, so its fixed cap does not apply.
   */
  txLeftAtomic: Int32Array;
  /** Atomic transactions left this step across all keepers (with `cappedTxTotal` 0: nobody can act). */
  atomicTxTotal: number;
  /** Keepers whose capped transactions land this step, in index order; `activeCount` of them. */
  active: Int32Array;
  activeCount: number;
  /** Capped transactions left this step across all keepers (0: nobody can bid this step). */
  cappedTxTotal: number;
  /**
   * Every keeper before this place in `byMargin` has no capped transaction left this step (a lower
   * bound, raised as they run out: `firstCapped`).
   */
  cappedFrom: number;
  /**
   * Capped transactions left this step among keepers that are not lowballers (0: only opportunists
   * can bid, and they do not bid against each other's bids).
   */
  honestTxTotal: number;
  /** Smallest margin among keepers whose capped transactions land this step (1 when none). */
  minActiveMargin: number;
  /** Gas units of one keeper transaction (take, bid, kick). */
  gasUnitsPerTx: number;
  /** Kicks one keeper lands per step, unrounded; the carried fraction; this step's whole kicks. */
  kicksPerStep: number;
  kickCarry: number;
  kicksThisStep: number;
  /** Kicks (bite/bark calls) left this step per keeper; a kick lands under the same gas rules as a bid. */
  kicksLeft: Int32Array;
  /** Keeper indices ordered by margin ascending (most aggressive first), ties by index. */
  byMargin: Int32Array;
  /** Smallest margin of any keeper (1 when there are none). */
  minMargin: number;
  /** Capital returning after a sale: parallel FIFO queues (due step ascending). */
  pendingDue: IntList;
  pendingKeeper: IntList;
  pendingAmount: FloatList;
  pendingHead: number;
}

/** Effective keeper environment: the scenario's, with the design's overrides. */
export function keeperEnvironment(env: KeeperEnvironment, design: Design): KeeperEnvironment {
  const o = design.keepers;
  return {
    ...env,
    count: o.count ?? env.count,
    capitalUsd: o.capitalUsd ?? env.capitalUsd,
    gasCapMedianGwei: o.gasCapMedianGwei ?? env.gasCapMedianGwei,
    lowballers: o.lowballers ?? env.lowballers,
  };
}

/**
 * The keeper population. Gas caps and margins are the evenly spaced quantiles of their distributions
 * (so a handful of keepers still represents the distribution, whatever the seed); the seed decides
 * which margin goes with which gas cap.
 */
export function generateKeepers(
  env: KeeperEnvironment,
  txScale: number,
  stepSeconds: number,
  seed: number,
): Keepers {
  const n = env.count + env.lowballers;
  const rng = new Rng(seed, 2);
  const capital = new Float64Array(n);
  const gasCapGwei = new Float64Array(n);
  const margin = new Float64Array(n);
  const lowball = new Uint8Array(n);
  const order = Array.from({ length: env.count }, (_, k) => k);
  for (let k = order.length - 1; k > 0; k--) {
    const j = Math.floor(rng.next() * (k + 1));
    [order[k], order[j]] = [order[j]!, order[k]!];
  }
  for (let k = 0; k < n; k++) {
    const isLow = k >= env.count;
    capital[k] = env.capitalUsd;
    const q = (k + 0.5) / Math.max(1, env.count);
    gasCapGwei[k] = isLow
      ? env.lowballerGasCapGwei
      : env.gasCapMedianGwei * Math.exp(env.gasCapSigma * inverseNormal(q));
    const mq = isLow ? rng.next() : (order[k]! + 0.5) / env.count;
    margin[k] = env.marginMin + (env.marginMax - env.marginMin) * mq;
    lowball[k] = isLow ? 1 : 0;
  }
  const byMargin = Int32Array.from({ length: n }, (_, k) => k).sort(
    (a, b) => margin[a]! - margin[b]! || a - b,
  );
  const keepers: Keepers = {
    count: n,
    capital,
    gasCapGwei,
    margin,
    lowball,
    txPerStep: env.txPerSecond * stepSeconds * txScale,
    txCarry: 0,
    txThisStep: 0,
    txLeft: new Int32Array(n),
    txLeftAtomic: new Int32Array(n),
    atomicTxTotal: 0,
    active: new Int32Array(n),
    activeCount: 0,
    cappedTxTotal: 0,
    cappedFrom: 0,
    honestTxTotal: 0,
    minActiveMargin: 1,
    gasUnitsPerTx: env.gasUnitsPerTx,
    kicksPerStep: env.kicksPerSecond * stepSeconds * txScale,
    kickCarry: 0,
    kicksThisStep: 0,
    kicksLeft: new Int32Array(n),
    byMargin,
    minMargin: n > 0 ? margin[byMargin[0]!]! : 1,
    pendingDue: new IntList(),
    pendingKeeper: new IntList(),
    pendingAmount: new FloatList(),
    pendingHead: 0,
  };
  return asDoubles(keepers, [
    'txPerStep',
    'txCarry',
    'minActiveMargin',
    'kicksPerStep',
    'kickCarry',
    'minMargin',
  ]);
}

/** Start of a step: capital due by now returns; keepers priced out by gas get no transactions. */
export function beginKeeperStep(k: Keepers, step: number, gasGwei: number): number {
  const due = k.pendingDue.items;
  while (k.pendingHead < k.pendingDue.size && due[k.pendingHead]! <= step) {
    const h = k.pendingHead++;
    k.capital[k.pendingKeeper.items[h]!]! += k.pendingAmount.items[h]!;
  }
  if (k.pendingHead > 4096 && k.pendingHead * 2 > k.pendingDue.size) {
    // Drop the returned head in place.
    k.pendingDue.dropHead(k.pendingHead);
    k.pendingKeeper.dropHead(k.pendingHead);
    k.pendingAmount.dropHead(k.pendingHead);
    k.pendingHead = 0;
  }
  const tx = k.txPerStep + k.txCarry;
  k.txThisStep = Math.floor(tx + 1e-9);
  k.txCarry = Math.max(0, tx - k.txThisStep);
  const kicks = k.kicksPerStep + k.kickCarry;
  k.kicksThisStep = Math.floor(kicks + 1e-9);
  k.kickCarry = Math.max(0, kicks - k.kicksThisStep);
  let active = 0;
  let honest = 0;
  k.minActiveMargin = 1;
  for (let i = 0; i < k.count; i++) {
    const on = gasGwei <= k.gasCapGwei[i]!;
    k.txLeft[i] = on ? k.txThisStep : 0;
    k.txLeftAtomic[i] = k.txThisStep;
    k.kicksLeft[i] = k.kicksThisStep;
    if (on) {
      k.active[active++] = i;
      if (k.lowball[i] === 0) honest++;
      if (k.margin[i]! < k.minActiveMargin) k.minActiveMargin = k.margin[i]!;
    }
  }
  k.activeCount = active;
  k.cappedTxTotal = active * k.txThisStep;
  k.cappedFrom = 0;
  k.honestTxTotal = honest * k.txThisStep;
  k.atomicTxTotal = k.count * k.txThisStep;
  return active;
}

/** The first place in `byMargin` of a keeper with a capped transaction left this step (count: none). */
export function firstCapped(k: Keepers): number {
  let j = k.cappedFrom;
  while (j < k.count && k.txLeft[k.byMargin[j]!]! <= 0) j++;
  k.cappedFrom = j;
  return j;
}

/** Spends one capped transaction of keeper `i` (caller checked txLeft > 0). */
export function spendTx(k: Keepers, i: number): void {
  k.txLeft[i]!--;
  k.cappedTxTotal--;
  if (k.lowball[i] === 0) k.honestTxTotal--;
}

/** Queues capital that returns to keeper `keeper` at `dueStep` (due steps must be non-decreasing). */
export function returnCapitalLater(k: Keepers, keeper: number, amountUsd: number, dueStep: number): void {
  k.pendingDue.push(dueStep);
  k.pendingKeeper.push(keeper);
  k.pendingAmount.push(amountUsd);
}
