/**
 * Accounts as struct-of-arrays typed arrays (one column per field), generated from a scenario's
 * population distributions with a seed. Collateral is in asset units, debt in the numeraire (USD).
 */
import { FRESH_COLUMNS } from './buffer-pool.ts';
import type { Columns } from './buffer-pool.ts';
import { Rng } from './random.ts';
import type { PopulationSpec } from './scenario.ts';

export const RESPONSE_NONE = 0;
export const RESPONSE_TOP_UP = 1;
export const RESPONSE_DELEVERAGE = 2;

export const STATUS_ACTIVE = 0;
/** Sold or auctioned away entirely; holds neither collateral nor debt that can be liquidated. */
export const STATUS_CLOSED = 1;

export interface Accounts {
  count: number;
  /** Collateral held in the protocol, asset units. */
  collateral: Float64Array;
  /** Debt owed, USD. */
  debt: Float64Array;
  /** Collateral the owner holds outside the protocol and can top up with, asset units. */
  reserve: Float64Array;
  responseKind: Uint8Array;
  responseDelaySteps: Uint16Array;
  /** Gas price above which the owner's transaction waits, gwei. */
  gasCapGwei: Float32Array;
  status: Uint8Array;
  /** Step of the pending margin call, or −1. */
  calledAt: Int32Array;
  /** Patience deadline of a pending response, or −1. */
  giveUpStep: Int32Array;
  /** 1 while a self-deleveraging sale is in flight this step (not liquidatable until it settles). */
  selling: Uint8Array;
  /** Number of the whale (index into the spec's whale list) or −1. */
  whale: Int16Array;
  /**
   * Set by an observer that keeps its own view of the accounts (the insolvency watch): told of every
   * account whose collateral, debt or status the step changes (`noteChanged`). Absent: nobody listens.
   */
  changes?: AccountChangeListener | null;
}

/** Told which accounts changed (collateral, debt or status), once per change. */
export interface AccountChangeListener {
  changed(i: number): void;
}

/** Every write to an account's collateral, debt or status is followed by this call. */
export function noteChanged(acc: Accounts, i: number): void {
  const l = acc.changes;
  if (l) l.changed(i);
}

/** Bytes of typed-array storage per account in this layout (for the memory benchmark). */
export const ACCOUNT_BYTES = 8 * 3 + 1 + 2 + 4 + 1 + 4 + 4 + 1 + 2;

export function allocateAccounts(n: number): Accounts {
  return {
    count: n,
    collateral: new Float64Array(n),
    debt: new Float64Array(n),
    reserve: new Float64Array(n),
    responseKind: new Uint8Array(n),
    responseDelaySteps: new Uint16Array(n),
    gasCapGwei: new Float32Array(n),
    status: new Uint8Array(n),
    calledAt: new Int32Array(n).fill(-1),
    giveUpStep: new Int32Array(n).fill(-1),
    selling: new Uint8Array(n),
    whale: new Int16Array(n).fill(-1),
  };
}

/** A copy of every column (a pass changes its accounts; the copy it started from stays as it was). */
export function copyAccounts(a: Accounts, columns: Columns = FRESH_COLUMNS): Accounts {
  const copy = columns.copy.bind(columns);
  return {
    count: a.count,
    collateral: copy(a.collateral),
    debt: copy(a.debt),
    reserve: copy(a.reserve),
    responseKind: copy(a.responseKind),
    responseDelaySteps: copy(a.responseDelaySteps),
    gasCapGwei: copy(a.gasCapGwei),
    status: copy(a.status),
    calledAt: copy(a.calledAt),
    giveUpStep: copy(a.giveUpStep),
    selling: copy(a.selling),
    whale: copy(a.whale),
  };
}

/**
 * One generated population for every pass that asks for the same one (a replay's calibration, its
 * design's pass and its counterfactual passes draw the same accounts): generated on the first ask,
 * copied (typed-array copies) on every ask. Holds the last population only; same arguments, same
 * accounts as {@link generateAccounts}.
 */
export class PopulationCache {
  private spec: PopulationSpec | null;
  private template: PopulationTemplate | null;
  /** The template was generated here (not given): it may be handed over. */
  private owned: boolean;

  /**
   * `from`: a template already generated for a spec (a sweep's or a prepared replay's).
   * `handOver`: the caller expects one pass only, so a template this cache generated is handed to
   * that pass itself instead of kept beside it and copied (one population in memory, not two); a
   * later ask generates it again (same accounts). A template given in `from` is always copied.
   */
  constructor(
    from?: { spec: PopulationSpec; template: PopulationTemplate },
    private readonly handOver = false,
  ) {
    this.spec = from?.spec ?? null;
    this.template = from?.template ?? null;
    this.owned = false;
  }

  accounts(
    spec: PopulationSpec,
    n: number,
    initialPrice: number,
    stepSeconds: number,
    seed: number,
    leverage: boolean,
    columns: Columns = FRESH_COLUMNS,
  ): Accounts {
    const t = this.template;
    if (t === null || this.spec !== spec || !templateFits(t, n, initialPrice, stepSeconds, seed, leverage)) {
      this.template = populationTemplate(spec, n, initialPrice, stepSeconds, seed, leverage);
      this.spec = spec;
      this.owned = true;
    }
    if (this.handOver && this.owned) {
      const own = this.template!.accounts as Accounts;
      this.template = null;
      return own;
    }
    return accountsFromTemplate(this.template!, n, initialPrice, stepSeconds, seed, leverage, columns);
  }
}

/**
 * A generated population kept to be copied into many passes (a sweep's designs, a replay's
 * calibration, run and attribution passes): `generateAccounts` depends only on the population spec,
 * the count, the start price, the step and the seed, never on the design, so every pass with the
 * same inputs may start from a copy of the same columns instead of drawing them again. The template
 * itself is never handed to a pass (passes change their accounts); `accountsFromTemplate` copies it.
 */
export interface PopulationTemplate {
  readonly count: number;
  readonly initialPrice: number;
  readonly stepSeconds: number;
  readonly seed: number;
  readonly leverage: boolean;
  readonly accounts: Readonly<Accounts>;
  /** Bytes of its columns (callers bound their caches by it). */
  readonly bytes: number;
}

/** Generates a population once, to be copied by `accountsFromTemplate` (see `PopulationTemplate`). */
export function populationTemplate(
  spec: PopulationSpec,
  n: number,
  initialPrice: number,
  stepSeconds: number,
  seed: number,
  leverage = true,
): PopulationTemplate {
  const accounts = generateAccounts(spec, n, initialPrice, stepSeconds, seed, leverage);
  return {
    count: n,
    initialPrice,
    stepSeconds,
    seed,
    leverage,
    accounts,
    bytes: accounts.count * ACCOUNT_BYTES,
  };
}

/** True when a template was made for these inputs (its spec is the caller's to match). */
function templateFits(
  t: PopulationTemplate,
  n: number,
  initialPrice: number,
  stepSeconds: number,
  seed: number,
  leverage: boolean,
): boolean {
  return (
    t.count === n &&
    t.initialPrice === initialPrice &&
    t.stepSeconds === stepSeconds &&
    t.seed === seed &&
    t.leverage === leverage
  );
}

/**
 * A fresh copy of a template's accounts for a pass with these inputs: the same columns
 * `generateAccounts` would draw for them. The spec is the caller's to match (a template is made from
 * one scenario's population); the numbers are checked, and a mismatch is an error naming them.
 */
export function accountsFromTemplate(
  template: PopulationTemplate,
  n: number,
  initialPrice: number,
  stepSeconds: number,
  seed: number,
  leverage = true,
  columns: Columns = FRESH_COLUMNS,
): Accounts {
  const t = template;
  if (!templateFits(t, n, initialPrice, stepSeconds, seed, leverage)) {
    throw new RangeError(
      `population template made for ${t.count} accounts, start price ${t.initialPrice}, step ${t.stepSeconds} s, seed ${t.seed}, leverage ${t.leverage} ` +
        `cannot serve a pass with ${n} accounts, start price ${initialPrice}, step ${stepSeconds} s, seed ${seed}, leverage ${leverage}: make a template for these inputs`,
    );
  }
  return copyAccounts(t.accounts, columns);
}

/**
 * Generates `n` accounts. Collateral ratios are drawn first (whales' are given; ordinary ones from
 * the histogram, uniform inside a bin) and the accounts are numbered riskiest first — by starting
 * ratio, ties by draw order — so that accounts a falling price reaches together sit together in
 * every column and a step's work on them stays in cache. Every other attribute is then drawn in
 * that order: ordinary debts Pareto(α) scaled so the population's total debt equals the spec's,
 * responses, delays, reserves and gas caps from the spec. `leverage = false` gives the same accounts
 * with no debt (the "no leverage" control).
 */
export function generateAccounts(
  spec: PopulationSpec,
  n: number,
  initialPrice: number,
  stepSeconds: number,
  seed: number,
  leverage = true,
): Accounts {
  if (spec.positions) return accountsFromPositions(spec, n, initialPrice, stepSeconds, seed, leverage);
  const whales = spec.whales.length;
  if (!Number.isInteger(n) || n < whales + 1) {
    throw new RangeError(`accounts must be a whole number ≥ ${whales + 1} for this scenario (got ${n})`);
  }
  const acc = allocateAccounts(n);
  const rng = new Rng(seed, 1);
  const bins = spec.collateralRatioBins;
  const cumulative = new Float64Array(bins.length);
  let wsum = 0;
  bins.forEach((b, i) => {
    wsum += b.weight;
    cumulative[i] = wsum;
  });

  // 1. Collateral ratios, in draw order (whales first).
  const ratios = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (i < whales) {
      ratios[i] = spec.whales[i]!.collateralRatio;
      continue;
    }
    const pick = rng.fast() * wsum;
    let b = 0;
    while (b < bins.length - 1 && cumulative[b]! <= pick) b++;
    const bin = bins[b]!;
    ratios[i] = bin.from + (bin.to - bin.from) * rng.fast();
  }
  const ratioOf = new Float64Array(n);
  const order = riskOrder(ratios, ratioOf);

  // 2. Everything else, drawn in account order (sequential writes).
  const whaleDebt = spec.whales.reduce((s, w) => s + w.debtUsd, 0);
  const ordinaryDebt = Math.max(0, spec.totalDebtUsd - whaleDebt);
  const invAlpha = 1 / spec.debtParetoAlpha;
  const r = spec.response;
  const delayMedianSteps = (r.medianDelayMinutes * 60) / stepSeconds;
  let raw = 0;
  for (let j = 0; j < n; j++) {
    const drawn = order[j]!;
    if (drawn < whales) {
      acc.debt[j] = spec.whales[drawn]!.debtUsd;
      acc.whale[j] = drawn;
    } else {
      // Pareto with x_min = 1, capped so one draw cannot dominate a small sample.
      const d = Math.min(Math.exp(-invAlpha * Math.log(1 - rng.fast())), 1e6);
      acc.debt[j] = d;
      raw += d;
    }
    const pr = rng.fast();
    acc.responseKind[j] =
      pr < r.topUp ? RESPONSE_TOP_UP : pr < r.topUp + r.deleverage ? RESPONSE_DELEVERAGE : RESPONSE_NONE;
    acc.responseDelaySteps[j] = Math.min(
      65_535,
      Math.max(1, Math.round(delayMedianSteps * Math.exp(r.delaySigma * rng.fastNormal()))),
    );
    acc.reserve[j] = r.reserveMedianRatio * Math.exp(rng.fastNormal()); // × collateral below
    acc.gasCapGwei[j] = r.gasCapMedianGwei * Math.exp(r.gasCapSigma * rng.fastNormal());
  }
  const scale = raw > 0 ? ordinaryDebt / raw : 0;
  for (let j = 0; j < n; j++) {
    const drawn = order[j]!;
    if (drawn >= whales) acc.debt[j] = acc.debt[j]! * scale;
    acc.collateral[j] = (acc.debt[j]! * ratioOf[j]!) / initialPrice;
    acc.reserve[j] = acc.reserve[j]! * acc.collateral[j]!;
    if (!leverage) acc.debt[j] = 0;
  }
  return acc;
}

/**
 * Account order riskiest first: a counting sort on a 16-bit key of log(ratio), stable in draw order.
 * O(n) and deterministic. `sorted`, when given, receives the ratios in that order.
 */
function riskOrder(ratios: Float64Array, sorted?: Float64Array): Uint32Array {
  const n = ratios.length;
  let lo = Infinity;
  let hi = -Infinity;
  const logs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const l = Math.log(ratios[i]!);
    logs[i] = l;
    if (l < lo) lo = l;
    if (l > hi) hi = l;
  }
  const KEYS = 65_536;
  const scale = hi > lo ? (KEYS - 1) / (hi - lo) : 0;
  const keys = new Uint16Array(n);
  const start = new Uint32Array(KEYS + 1);
  for (let i = 0; i < n; i++) {
    const k = Math.floor((logs[i]! - lo) * scale);
    keys[i] = k;
    start[k + 1]!++;
  }
  for (let k = 0; k < KEYS; k++) start[k + 1]! += start[k]!;
  const order = new Uint32Array(n);
  if (sorted) {
    // The ratios in that order too, scattered as they are read (a gather later would miss the cache).
    for (let i = 0; i < n; i++) {
      const j = start[keys[i]!]!++;
      order[j] = i;
      sorted[j] = ratios[i]!;
    }
  } else for (let i = 0; i < n; i++) order[start[keys[i]!]!++] = i;
  return order;
}

/**
 * Accounts from explicit positions (a positions file): exactly those collateral units and debts,
 * numbered riskiest first (by starting collateral ratio, ties in file order) like generated ones.
 * Responses, delays, reserves and gas caps are drawn from the spec's `response` in account order
 * with the same stream as {@link generateAccounts}, so a run is reproducible from file + seed.
 */
function accountsFromPositions(
  spec: PopulationSpec,
  n: number,
  initialPrice: number,
  stepSeconds: number,
  seed: number,
  leverage: boolean,
): Accounts {
  const pos = spec.positions!;
  const count = pos.debtUsd.length;
  if (n !== count) {
    throw new RangeError(
      `this scenario's population is ${count} positions from a file: accounts must be ${count} (or left out), not ${n}`,
    );
  }
  const ratios = new Float64Array(count);
  for (let i = 0; i < count; i++) ratios[i] = (pos.collateral[i]! * initialPrice) / pos.debtUsd[i]!;
  const order = riskOrder(ratios);
  const acc = allocateAccounts(count);
  const rng = new Rng(seed, 1);
  const r = spec.response;
  const delayMedianSteps = (r.medianDelayMinutes * 60) / stepSeconds;
  for (let j = 0; j < count; j++) {
    const k = order[j]!;
    acc.collateral[j] = pos.collateral[k]!;
    acc.debt[j] = leverage ? pos.debtUsd[k]! : 0;
    const pr = rng.fast();
    acc.responseKind[j] =
      pr < r.topUp ? RESPONSE_TOP_UP : pr < r.topUp + r.deleverage ? RESPONSE_DELEVERAGE : RESPONSE_NONE;
    acc.responseDelaySteps[j] = Math.min(
      65_535,
      Math.max(1, Math.round(delayMedianSteps * Math.exp(r.delaySigma * rng.fastNormal()))),
    );
    acc.reserve[j] = r.reserveMedianRatio * Math.exp(rng.fastNormal()) * pos.collateral[k]!;
    acc.gasCapGwei[j] = r.gasCapMedianGwei * Math.exp(r.gasCapSigma * rng.fastNormal());
  }
  return acc;
}
