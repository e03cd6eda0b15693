/**
 * Populations: accounts generated from a scenario's population distributions with a seed (or read
 * from its positions), the cache and templates that let passes share one generation, and the
 * population helper that draws part of a large one on another thread.
 */
import { FRESH_COLUMNS } from './buffer-pool.ts';
import type { Columns } from './buffer-pool.ts';
import type { Accounts } from './accounts.ts';
import {
  ACCOUNT_BYTES,
  allocateAccounts,
  copyAccounts,
  RESPONSE_DELEVERAGE,
  RESPONSE_NONE,
  RESPONSE_TOP_UP,
} from './accounts.ts';
import { inverseNormal, Rng } from './random.ts';
import type { PopulationSpec } from './scenario.ts';
import type { AttributeTask, PopulationHelper, RatioTask, RowTask, ScaleTask } from './helper-tasks.ts';
import { helperFrom, shareRows } from './helper-tasks.ts';

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
    /** Draws part of a large population on another thread (see `PopulationHelper`); same accounts. */
    readonly helper: PopulationHelper | null = null,
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
      this.template = populationTemplate(spec, n, initialPrice, stepSeconds, seed, leverage, this.helper);
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
  helper: PopulationHelper | null = null,
): PopulationTemplate {
  const accounts = generateAccounts(spec, n, initialPrice, stepSeconds, seed, leverage, helper);
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
 * with no debt (the "no leverage" control). A `helper` (see {@link PopulationHelper}) does the
 * later rows of each step at the same time (`CALLER_SHARE`: the caller takes a little more than
 * half where the helper is slower); same accounts.
 */
export function generateAccounts(
  spec: PopulationSpec,
  n: number,
  initialPrice: number,
  stepSeconds: number,
  seed: number,
  leverage = true,
  helper?: PopulationHelper | null,
): Accounts {
  if (spec.positions) return accountsFromPositions(spec, n, initialPrice, stepSeconds, seed, leverage);
  const whales = spec.whales.length;
  if (!Number.isInteger(n) || n < whales + 1) {
    throw new RangeError(`accounts must be a whole number ≥ ${whales + 1} for this scenario (got ${n})`);
  }
  const helped = helper !== null && helper !== undefined && n >= helper.minAccounts;
  /** The helper's first row of a step of this kind (n: no helper). */
  const helperRow = (kind: RowTask['kind']): number => (helped ? helperFrom(kind, n) : n);
  const shared = helped ? helper.shared.bind(helper) : undefined;
  const acc = allocateAccounts(n, shared);
  const rng = new Rng(seed, 1);
  const bins = spec.collateralRatioBins;
  const cumulative = new Float64Array(bins.length);
  let wsum = 0;
  bins.forEach((b, i) => {
    wsum += b.weight;
    cumulative[i] = wsum;
  });

  // 1. Collateral ratios, in draw order (whales first), and their logs; the helper draws the later
  // ordinary ones at the same time.
  const f64 = (k: number): Float64Array => (shared ? new Float64Array(shared(8 * k)) : new Float64Array(k));
  const ratios = f64(n);
  const logs = f64(n);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < whales; i++) {
    ratios[i] = spec.whales[i]!.collateralRatio;
    logs[i] = Math.log(ratios[i]!);
    lo = Math.min(lo, logs[i]!);
    hi = Math.max(hi, logs[i]!);
  }
  const binFrom = Float64Array.from(bins, (b) => b.from);
  const binTo = Float64Array.from(bins, (b) => b.to);
  const ratioTask = (from: number, to: number, skip: number): RatioTask => ({
    kind: 'ratios',
    from,
    to,
    state: rng.state(),
    skip,
    cumulative,
    binFrom,
    binTo,
    ratios,
    logs,
    range: shared ? new Float64Array(shared(16)) : new Float64Array(2),
    endState: shared ? new Int32Array(shared(16)) : new Int32Array(4),
  });
  // Two uniforms an ordinary account: the helper's rows start 2 × (ratioSplit − whales) uniforms on.
  const ratioSplit = Math.max(whales, helperRow('ratios'));
  const mine = ratioTask(whales, ratioSplit, 0);
  const theirRatios = ratioSplit < n ? ratioTask(ratioSplit, n, 2 * (ratioSplit - whales)) : null;
  shareRows(helper, mine, theirRatios, drawRatios);
  for (const t of theirRatios ? [mine, theirRatios] : [mine]) {
    if (t.to > t.from) {
      lo = Math.min(lo, t.range[0]!);
      hi = Math.max(hi, t.range[1]!);
    }
  }
  // Step 2 continues the generator where the last ratio's uniforms end.
  const step2 = (theirRatios ?? mine).endState;
  const ratioOf = f64(n);
  // Where the whales went (row, whale number… by row): a whale's debt is given, not drawn.
  const whaleRows = sortRatios(logs, lo, hi, ratios, ratioOf, whales);

  // 2. Everything else, drawn in account order (sequential writes); the helper's rows at once.
  const whaleDebtUsd = spec.whales.map((w) => w.debtUsd);
  const task = (from: number, to: number, skip: number): AttributeTask => ({
    kind: 'attributes',
    from,
    to,
    state: Int32Array.from(step2),
    skip,
    whaleRows: pairsInRows(whaleRows, from, to),
    whaleDebtUsd,
    response: spec.response,
    invAlpha: 1 / spec.debtParetoAlpha,
    delayMedianSteps: (spec.response.medianDelayMinutes * 60) / stepSeconds,
    debt: acc.debt,
    whale: acc.whale,
    responseKind: acc.responseKind,
    responseDelaySteps: acc.responseDelaySteps,
    reserve: acc.reserve,
    gasCapGwei: acc.gasCapGwei,
  });
  // Five draws a row, four for a whale's (its debt is given): the helper skips the caller's rows.
  const attrSplit = helperRow('attributes');
  const theirs =
    attrSplit < n
      ? task(attrSplit, n, 5 * attrSplit - pairsInRows(whaleRows, 0, attrSplit).length / 2)
      : null;
  shareRows(helper, task(0, attrSplit, 0), theirs, drawAttributes);

  // Ordinary debts summed in account order (the same sum, to the last bit, however they were drawn).
  const whaleDebt = whaleDebtUsd.reduce((s, d) => s + d, 0);
  const ordinaryDebt = Math.max(0, spec.totalDebtUsd - whaleDebt);
  let raw = 0;
  // (`+= … : 0`, not `if (…) raw +=`: a conditionally assigned double is boxed each iteration.)
  for (let j = 0; j < n; j++) raw += acc.whale[j]! < 0 ? acc.debt[j]! : 0;
  const scale = raw > 0 ? ordinaryDebt / raw : 0;
  // 3. Debts scaled, collateral from debt and starting ratio, reserves in units; the helper's rows at once.
  const scaleTask = (from: number, to: number): ScaleTask => ({
    kind: 'scale',
    from,
    to,
    scale,
    initialPrice,
    leverage,
    debt: acc.debt,
    whale: acc.whale,
    collateral: acc.collateral,
    reserve: acc.reserve,
    ratioOf,
  });
  const scaleSplit = helperRow('scale');
  shareRows(helper, scaleTask(0, scaleSplit), scaleSplit < n ? scaleTask(scaleSplit, n) : null, scaleRows);
  if (shared) for (const scratch of [ratios, logs, ratioOf]) helper!.release?.(scratch.buffer);
  return acc;
}

/**
 * Rows `from`…`to − 1` of step 3 of {@link generateAccounts}: an ordinary account's debt times
 * `scale` (a whale's is given), collateral units from the debt and the starting ratio, the reserve
 * from a share of collateral into units, and no debt in the no-leverage control. Pure: a helper
 * thread runs it on its rows with the same result.
 */
export function scaleRows(task: ScaleTask): void {
  const { debt, whale, collateral, reserve, ratioOf, scale, initialPrice, leverage } = task;
  for (let j = task.from; j < task.to; j++) {
    if (whale[j]! < 0) debt[j] = debt[j]! * scale;
    collateral[j] = (debt[j]! * ratioOf[j]!) / initialPrice;
    reserve[j] = reserve[j]! * collateral[j]!;
    if (!leverage) debt[j] = 0;
  }
}

/** The (row, value) pairs of `pairs` (sorted by row) whose row is in from…to − 1. */
function pairsInRows(pairs: number[], from: number, to: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < pairs.length; k += 2)
    if (pairs[k]! >= from && pairs[k]! < to) out.push(pairs[k]!, pairs[k + 1]!);
  return out;
}

/**
 * Step 2 of {@link generateAccounts} for rows `task.from`…`task.to − 1`: debt (a whale's given, an
 * ordinary one Pareto with x_min = 1 before scaling), response, delay, reserve (per unit of
 * collateral) and gas cap, drawn in that order from the generator at `task.state`. Pure: a helper
 * thread runs it on its rows with the same result.
 */
export function drawAttributes(task: AttributeTask): void {
  const rng = Rng.fromState(task.state);
  rng.skip(task.skip);
  const r = task.response;
  // The kernel's inputs as typed arrays and numbers only: a task cloned to the helper's thread has
  // other object shapes than the caller's, and the kernel stays monomorphic on both.
  const params = Float64Array.of(
    r.topUp,
    r.deleverage,
    task.delayMedianSteps,
    r.delaySigma,
    r.reserveMedianRatio,
    r.gasCapMedianGwei,
    r.gasCapSigma,
    task.invAlpha,
  );
  const whaleRows = Int32Array.from(task.whaleRows);
  const whaleDebtUsd = Float64Array.from(task.whaleDebtUsd);
  // The generator's uniforms in blocks (`fast` values, in draw order), read five a row (four for a
  // whale's); the block's unread tail is carried into the next, and the last one's never used.
  // cursor: the next unread uniform, the next whale pair.
  const u = new Float64Array(UNIFORM_BLOCK);
  const cursor = Int32Array.of(UNIFORM_BLOCK, 0);
  for (let j = task.from; j < task.to;) {
    const left = UNIFORM_BLOCK - cursor[0]!;
    u.copyWithin(0, cursor[0]!);
    rng.fillFast(u.subarray(left), UNIFORM_BLOCK - left);
    cursor[0] = 0;
    j = attributeRows(j, task.to, u, cursor, params, whaleRows, whaleDebtUsd, task);
  }
}

/**
 * The rows of {@link drawAttributes} from `j` that one block of uniforms covers (it stops before
 * `to` or before a row that could need more than the block has left); returns the next row. A
 * kernel called once a block, not one loop over every row: it runs optimised after a few blocks
 * instead of interpreted until on-stack replacement, whose code kept loop values boxed.
 */
function attributeRows(
  j: number,
  to: number,
  u: Float64Array,
  cursor: Int32Array,
  params: Float64Array,
  whaleRows: Int32Array,
  whaleDebtUsd: Float64Array,
  columns: AttributeTask,
): number {
  const { debt, whale, responseKind, responseDelaySteps, reserve, gasCapGwei } = columns;
  const topUp = params[0]!;
  const deleverage = params[1]!;
  const delayMedianSteps = params[2]!;
  const delaySigma = params[3]!;
  const reserveMedianRatio = params[4]!;
  const gasCapMedianGwei = params[5]!;
  const gasCapSigma = params[6]!;
  const invAlpha = params[7]!;
  let at = cursor[0]!;
  let nextWhale = cursor[1]!;
  const z = new Float64Array(3);
  for (; j < to && at <= UNIFORM_BLOCK - 5; j++) {
    if (nextWhale < whaleRows.length && whaleRows[nextWhale] === j) {
      const w = whaleRows[nextWhale + 1]!;
      debt[j] = whaleDebtUsd[w]!;
      whale[j] = w;
      nextWhale += 2;
    } else {
      // Pareto with x_min = 1, capped so one draw cannot dominate a small sample.
      debt[j] = Math.min(Math.exp(-invAlpha * Math.log(1 - u[at++]!)), 1e6);
    }
    const pr = u[at++]!;
    responseKind[j] =
      pr < topUp ? RESPONSE_TOP_UP : pr < topUp + deleverage ? RESPONSE_DELEVERAGE : RESPONSE_NONE;
    // The three normals (delay, reserve, gas cap) from one call site: inverseNormal is inlined there,
    // its result an unboxed double (at a third call site it was a call, and a heap number per draw).
    for (let m = 0; m < 3; m++) z[m] = inverseNormal(u[at++]!);
    responseDelaySteps[j] = Math.min(
      65_535,
      Math.max(1, Math.round(delayMedianSteps * Math.exp(delaySigma * z[0]!))),
    );
    reserve[j] = reserveMedianRatio * Math.exp(z[1]!); // × collateral, by the caller
    gasCapGwei[j] = gasCapMedianGwei * Math.exp(gasCapSigma * z[2]!);
  }
  cursor[0] = at;
  cursor[1] = nextWhale;
  return j;
}

/**
 * Step 1 of {@link generateAccounts} for draw-order rows `task.from`…`task.to − 1`: each ratio's bin
 * (by the histogram's weights) and its place in the bin from two uniforms, in blocks of exactly what
 * is read; the logs beside them; the rows' least and greatest log and the generator's state after
 * them in `range` and `endState`. Pure: a helper thread runs it on its rows with the same result.
 */
export function drawRatios(task: RatioTask): void {
  const rng = Rng.fromState(task.state);
  rng.skip(task.skip);
  const { from, to, range } = task;
  range[0] = Infinity;
  range[1] = -Infinity;
  // Two uniforms a row, in blocks of exactly what the rows read (the state after them is exact).
  const u = new Float64Array(Math.max(2, Math.min(UNIFORM_BLOCK, 2 * (to - from))));
  for (let i = from; i < to;) {
    const rows = Math.min(u.length >> 1, to - i);
    rng.fillFast(u, 2 * rows);
    ratioRows(i, rows, u, task);
    i += rows;
  }
  task.endState.set(rng.state());
}

/**
 * Rows `i`…`i + rows − 1` of {@link drawRatios} from one block of uniforms, widening `range`. A
 * kernel called once a block (see {@link attributeRows}: its loop values stay unboxed).
 */
function ratioRows(i: number, rows: number, u: Float64Array, task: RatioTask): void {
  const { cumulative, binFrom, binTo, ratios, logs, range } = task;
  const last = cumulative.length - 1;
  const wsum = cumulative[last]!;
  for (let k = 0; k < rows; k++, i++) {
    const pick = u[2 * k]! * wsum;
    let b = 0;
    while (b < last && cumulative[b]! <= pick) b++;
    const r = binFrom[b]! + (binTo[b]! - binFrom[b]!) * u[2 * k + 1]!;
    ratios[i] = r;
    const l = Math.log(r);
    logs[i] = l;
    // The range is widened in the loop, not stored after it: V8 compiles this loop mid-call (on-stack
    // replacement) before any store after it has run, and that code deoptimised at such a store at
    // the end of every block (246 times at 1 M), running most rows interpreted.
    range[0] = Math.min(range[0]!, l);
    range[1] = Math.max(range[1]!, l);
  }
}

/** Uniforms drawn at a time by the bulk loops (a few pages; the state after a loop stays exact where it must). */
const UNIFORM_BLOCK = 4096;

/**
 * The counting sort behind the account order, riskiest first: each row's 16-bit key of log(ratio)
 * (`logs`, whose least and greatest are `lo` and `hi`) and each key's first place. Stable in draw
 * order, O(n) and deterministic.
 */
function riskKeys(logs: Float64Array, lo: number, hi: number): { keys: Uint16Array; start: Uint32Array } {
  const n = logs.length;
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
  return { keys, start };
}

/** The account order (see {@link riskKeys}): the draw-order row at each place. */
function riskOrder(logs: Float64Array, lo: number, hi: number): Uint32Array {
  const { keys, start } = riskKeys(logs, lo, hi);
  const order = new Uint32Array(logs.length);
  for (let i = 0; i < logs.length; i++) order[start[keys[i]!]!++] = i;
  return order;
}

/**
 * `ratios` in the account order (see {@link riskKeys}) into `sorted`, scattered as they are read (a
 * gather later would miss the cache); returns where draw-order rows 0…first − 1 went, as (place,
 * row) pairs by place — the whales, the only rows whose place is needed.
 */
function sortRatios(
  logs: Float64Array,
  lo: number,
  hi: number,
  ratios: Float64Array,
  sorted: Float64Array,
  first: number,
): number[] {
  const { keys, start } = riskKeys(logs, lo, hi);
  const places: [number, number][] = [];
  for (let i = 0; i < first; i++) {
    const j = start[keys[i]!]!++;
    sorted[j] = ratios[i]!;
    places.push([j, i]);
  }
  for (let i = first; i < logs.length; i++) sorted[start[keys[i]!]!++] = ratios[i]!;
  return places.sort((a, b) => a[0] - b[0]).flat();
}

/** The logs of `ratios`, and the least and greatest of them (what {@link riskKeys} sorts on). */
function logsOf(ratios: Float64Array): { logs: Float64Array; lo: number; hi: number } {
  const logs = new Float64Array(ratios.length);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < ratios.length; i++) {
    const l = Math.log(ratios[i]!);
    logs[i] = l;
    // Math.min/max, not `if (l < lo) lo = l`: the conditional assignment made TurboFan box the
    // double every iteration (a heap number per account). Same values: no ratio's log is NaN.
    lo = Math.min(lo, l);
    hi = Math.max(hi, l);
  }
  return { logs, lo, hi };
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
  const { logs, lo, hi } = logsOf(ratios);
  const order = riskOrder(logs, lo, hi);
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
