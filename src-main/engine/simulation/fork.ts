/**
 * Forking a pass: a copy of a world's whole state at the start of a step, to be run on with other
 * options (attribution's counterfactuals: the same pass with the impact switched off from a wave's
 * start). A counterfactual is the base pass step for step up to that start, so one trunk run of the
 * base pass, forked at each wave's start, replaces one full pass per wave from step 0.
 *
 * The copy is structural: every object reachable from the world is copied with its prototype (class
 * instances keep their methods), typed arrays with their buffers (views that share a buffer still
 * share the copy), arrays, maps and sets element by element, shared references stay shared. The
 * run's inputs (scenario, design, timeline, exogenous path) never change during a pass and are not
 * copied. A function held in the state would keep pointing at the original, so one is refused.
 */
import { LiquidationLog } from '../auction-book.ts';
import { FloatList, IntList } from '../id-list.ts';
import { createMechanism } from './mechanisms/registry.ts';
import { step } from './step.ts';
import type { SimulationOptions } from './types.ts';
import { CancelledError } from './types.ts';
import { World } from './world.ts';

type Memo = Map<object, unknown>;

/** Maps every object reachable from the run's fixed inputs to itself (they are shared, not copied). */
function keepInputs(memo: Memo, value: unknown): void {
  if (typeof value !== 'object' || value === null || memo.has(value)) return;
  memo.set(value, value);
  if (ArrayBuffer.isView(value)) {
    memo.set(value.buffer, value.buffer);
    return;
  }
  const children = value instanceof Map ? [...value.keys(), ...value.values()] : Object.values(value);
  for (const child of value instanceof Set ? [...value] : children) keepInputs(memo, child);
}

/** Buffers of a discarded fork by size, written over by the next fork instead of new allocations. */
class Spare {
  readonly bySize = new Map<number, ArrayBuffer[]>();
}

function copyView(v: ArrayBufferView, memo: Memo, spare: Spare | null): ArrayBufferView {
  let buffer = memo.get(v.buffer) as ArrayBuffer | undefined;
  if (!buffer) {
    const from = v.buffer as ArrayBuffer;
    const reused = spare?.bySize.get(from.byteLength)?.pop();
    if (reused) new Uint8Array(reused).set(new Uint8Array(from));
    buffer = reused ?? from.slice(0);
    memo.set(v.buffer, buffer);
  }
  if (v instanceof DataView) return new DataView(buffer, v.byteOffset, v.byteLength);
  const Ctor = v.constructor as new (b: ArrayBuffer, offset: number, length: number) => ArrayBufferView;
  return new Ctor(buffer, v.byteOffset, (v as unknown as { length: number }).length);
}

interface Maker {
  keys: string[];
  make: new (values: unknown[]) => object;
}

/** Makers by prototype, then by the fields' names in order. */
const makers = new WeakMap<object, Map<string, Maker | null>>();

/**
 * A constructor that builds an object of `value`'s prototype with its fields, in order, by named
 * stores: V8 then keeps the copy in fast property mode with a layout like the original's (an object
 * given a dozen fields one by one through keyed stores or defineProperty falls back to a slow
 * dictionary, and every step reading it would pay for that). Null when the object has a field that
 * is not a plain writable, enumerable, configurable string-keyed value.
 */
function makerOf(value: object): Maker | null {
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto === null) return null;
  const keys = Reflect.ownKeys(value);
  if (keys.some((k) => typeof k !== 'string')) return null;
  const names = keys as string[];
  let byKeys = makers.get(proto);
  if (!byKeys) makers.set(proto, (byKeys = new Map()));
  const id = names.join('\u0000');
  let maker = byKeys.get(id);
  if (maker === undefined) {
    const plain = names.every((k) => {
      const d = Object.getOwnPropertyDescriptor(value, k)!;
      return 'value' in d && d.writable && d.enumerable && d.configurable;
    });
    maker = null;
    if (plain) maker = generateMaker(names, proto);
    byKeys.set(id, maker);
  }
  return maker;
}

/** The named-store constructor, or null where code cannot be generated (a page's CSP): the slow path. */
function generateMaker(names: string[], proto: object): Maker | null {
  const body = names.map((k, i) => `this[${JSON.stringify(k)}] = v[${i}];`).join('\n');
  try {
    const make = new Function('v', body) as unknown as Maker['make'];
    (make as unknown as { prototype: object }).prototype = proto;
    return { keys: names, make };
  } catch {
    return null;
  }
}

function copyValue(value: unknown, memo: Memo, where: string, spare: Spare | null): unknown {
  if (typeof value === 'function') {
    throw new Error(
      `forking a pass: ${where} holds a function, which would keep acting on the original world`,
    );
  }
  if (typeof value !== 'object' || value === null) return value;
  const seen = memo.get(value);
  if (seen !== undefined) return seen;
  if (ArrayBuffer.isView(value)) {
    const copy = copyView(value, memo, spare);
    memo.set(value, copy);
    return copy;
  }
  if (value instanceof IntList || value instanceof FloatList) {
    // Lists own their buffer (never shared): copied at their size, without the generic walk (an
    // index holds tens of thousands of them).
    const copy = value.clone();
    memo.set(value, copy);
    return copy;
  }
  if (Array.isArray(value)) {
    // Long arrays of numbers (keepers' pending capital, the step's orders): copied at once.
    const copy: unknown[] = value.slice();
    memo.set(value, copy);
    for (let i = 0; i < copy.length; i++) {
      const v = copy[i];
      if ((typeof v === 'object' && v !== null) || typeof v === 'function')
        copy[i] = copyValue(v, memo, `${where}[]`, spare);
    }
    return copy;
  }
  if (value instanceof Map) {
    const copy = new Map();
    memo.set(value, copy);
    for (const [k, v] of value)
      copy.set(copyValue(k, memo, where, spare), copyValue(v, memo, `${where}.get()`, spare));
    return copy;
  }
  if (value instanceof Set) {
    const copy = new Set();
    memo.set(value, copy);
    for (const v of value) copy.add(copyValue(v, memo, `${where}{}`, spare));
    return copy;
  }
  const maker = makerOf(value);
  if (maker) {
    // Fast path: built by named stores with the original's values, then each field replaced.
    const keys = maker.keys;
    const fields = value as Record<string, unknown>;
    const copy = new maker.make(keys.map((k) => fields[k])) as Record<string, unknown>;
    memo.set(value, copy);
    for (const k of keys) copy[k] = copyValue(fields[k], memo, `${where}.${k}`, spare);
    return copy;
  }
  const copy = Object.create(Object.getPrototypeOf(value) as object | null) as object;
  memo.set(value, copy);
  for (const key of Reflect.ownKeys(value)) {
    const d = Object.getOwnPropertyDescriptor(value, key)!;
    if (!('value' in d)) throw new Error(`forking a pass: ${where}.${String(key)} is an accessor`);
    d.value = copyValue(d.value, memo, `${where}.${String(key)}`, spare);
    Object.defineProperty(copy, key, d);
  }
  return copy;
}

/**
 * Copies of one world's states (between steps) that run on with other options. `opts` of a copy
 * must describe the same run (scenario, design, timeline, path, seed, population): only what a pass
 * reads from its options as it steps (`impactOffFromStep`, `shouldCancel`) may differ.
 */
export class WorldForker {
  /** The run's inputs, shared by every copy. */
  private readonly inputs: Memo = new Map();
  private readonly spare = new Spare();

  constructor(w: World) {
    keepInputs(this.inputs, w.scenario);
    keepInputs(this.inputs, w.design);
    keepInputs(this.inputs, w.timeline);
    keepInputs(this.inputs, w.opts.fundamentalLog);
    keepInputs(this.inputs, w.opts.anchorLog);
    // A pool of reused buffers (the auction book's and the log's) is shared, never copied.
    if (w.opts.buffers) this.inputs.set(w.opts.buffers, w.opts.buffers);
  }

  /**
   * A copy of `w` as it is now, running on with `opts`. `unreported`: the copy's run is never
   * assembled into a result (attribution reads only its prices), so it starts an empty liquidation
   * log instead of copying the whole run's (which only `assemble` reads) and keeps no health
   * histogram (only the reporters read it).
   */
  fork(w: World, opts: SimulationOptions, unreported = false): World {
    const memo: Memo = new Map(this.inputs);
    memo.set(w.opts, opts);
    if (unreported) {
      memo.set(w.liqLog, new LiquidationLog());
      // Not copied: the copy drops its histogram at once.
      for (const column of w.health.histogramColumns()) memo.set(column, column.slice(0, 0));
      // Nor what only reports read: the auction book's record columns start empty (zero pages the
      // copy's writes touch, never read), and the insolvency watch (a reporter's) is not kept.
      for (const column of w.mechanism.auctionBook()?.recordOnlyColumns() ?? []) {
        const Ctor = column.constructor as new (n: number) => typeof column;
        memo.set(column, new Ctor(column.length));
      }
      if (w.acc.changes) memo.set(w.acc.changes, null);
    }
    const copy = copyValue(w, memo, 'world', this.spare) as World;
    if (unreported) copy.health.dropHistogram();
    // Spare buffers of sizes the world no longer has (its growable columns grew) would only be held.
    this.spare.bySize.clear();
    return copy;
  }

  /**
   * `copy` (a fork of this forker) will not be used again: its buffers are written over by the next
   * fork (same sizes) instead of allocating, paging in and collecting hundreds of megabytes per fork.
   */
  recycle(copy: World): void {
    // The buffers the copy holds now (grown columns included: they fit the next copy best).
    const seen = new Set<unknown>([copy.opts]);
    const bySize = this.spare.bySize;
    const visit = (v: unknown): void => {
      if (typeof v !== 'object' || v === null) return;
      // A list of numbers (index buckets, auction queues) holds no buffer. Skipping one that also
      // held objects would only leave their buffers to the collector: recycling is an optimisation.
      if (Array.isArray(v) && typeof v[0] === 'number') return;
      // Nor are the small buffers of id lists worth keeping.
      if (v instanceof IntList || v instanceof FloatList) return;
      if (seen.has(v) || this.inputs.has(v)) return;
      seen.add(v);
      if (ArrayBuffer.isView(v)) {
        const b = v.buffer as ArrayBuffer;
        if (seen.has(b) || this.inputs.has(b)) return;
        seen.add(b);
        const list = bySize.get(b.byteLength);
        if (list) list.push(b);
        else bySize.set(b.byteLength, [b]);
        return;
      }
      if (Array.isArray(v)) {
        // Long arrays of numbers (auction queues, index buckets): only their objects are visited.
        for (let j = 0; j < v.length; j++) {
          const x: unknown = v[j];
          if (typeof x === 'object' && x !== null) visit(x);
        }
      } else if (v instanceof Map) {
        for (const [k, x] of v) {
          visit(k);
          visit(x);
        }
      } else if (v instanceof Set) for (const x of v) visit(x);
      else for (const x of Object.values(v)) visit(x);
    };
    visit(copy);
  }
}

/** A copy of `w` (between steps) running on with `opts` (see {@link WorldForker}). */
export function forkWorld(w: World, opts: SimulationOptions): World {
  return new WorldForker(w).fork(w, opts);
}

/** Steps of one counterfactual: impact off from `from`, market prices recorded up to `to`. */
export interface CounterfactualWindow {
  from: number;
  to: number;
}

/**
 * The composite market price (before each step's flows) of `base` with the impact switched off from
 * each window's `from`, over [from, to]: one trunk pass of `base`, forked at each window's start.
 * Identical to a pass per window from step 0 (attribution.test.ts checks it).
 */
export function counterfactualWindows(
  base: SimulationOptions,
  windows: readonly CounterfactualWindow[],
  onWindow?: (k: number) => void,
): Float64Array[] {
  const out = windows.map((x) => new Float64Array(x.to - x.from + 1));
  if (windows.length === 0) return out;
  const cancelled = (): boolean => base.shouldCancel?.() === true;
  const trunkOpts: SimulationOptions = { ...base, impactOffFromStep: undefined };
  const trunk = new World(trunkOpts, createMechanism);
  const forker = new WorldForker(trunk);
  const order = windows.map((_, k) => k).sort((x, y) => windows[x]!.from - windows[y]!.from || x - y);
  let t = 0;
  for (const k of order) {
    const { from, to } = windows[k]!;
    onWindow?.(k);
    for (; t < from; t++) {
      if ((t & 63) === 0 && cancelled()) throw new CancelledError();
      step(trunk, t);
    }
    // The last window needs no trunk after it: it runs on the trunk itself (its options are ours).
    const last = k === order[order.length - 1];
    if (last) trunkOpts.impactOffFromStep = from;
    const cf = last ? trunk : forker.fork(trunk, { ...base, impactOffFromStep: from }, true);
    const prices = out[k]!;
    for (let s = from; s <= to; s++) {
      if ((s & 63) === 0 && cancelled()) throw new CancelledError();
      step(cf, s);
      prices[s - from] = cf.now.ref;
    }
    if (!last) forker.recycle(cf);
  }
  return out;
}
