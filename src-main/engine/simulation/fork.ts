/**
 * Forking a pass: a copy of a world's whole state between steps, to be run on with other options;
 * and attribution's counterfactuals (the same pass with the impact switched off from a wave's start)
 * from one trunk pass, which copies only the venues at each window's start (venue-counterfactual.ts:
 * with the impact off, nothing else moves the price).
 *
 * The copy is structural: every object reachable from the world is copied with its prototype (class
 * instances keep their methods), typed arrays with their buffers (views that share a buffer still
 * share the copy), arrays, maps and sets element by element, shared references stay shared. The
 * run's inputs (scenario, design, timeline, exogenous path) never change during a pass and are not
 * copied. A function held in the state would keep pointing at the original, so one is refused.
 */
import { FloatList, IntList } from '../id-list.ts';
import { createMechanism } from './mechanisms/registry.ts';
import { beginStep, PIPELINE } from './step.ts';
import type { SimulationOptions } from './types.ts';
import { CancelledError } from './types.ts';
import { IMPACT_PHASE, VenueCounterfactual } from './venue-counterfactual.ts';
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

function copyView(v: ArrayBufferView, memo: Memo): ArrayBufferView {
  let buffer = memo.get(v.buffer) as ArrayBuffer | undefined;
  if (!buffer) {
    buffer = (v.buffer as ArrayBuffer).slice(0);
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

function copyValue(value: unknown, memo: Memo, where: string): unknown {
  if (typeof value === 'function') {
    throw new Error(
      `forking a pass: ${where} holds a function, which would keep acting on the original world`,
    );
  }
  if (typeof value !== 'object' || value === null) return value;
  const seen = memo.get(value);
  if (seen !== undefined) return seen;
  if (ArrayBuffer.isView(value)) {
    const copy = copyView(value, memo);
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
        copy[i] = copyValue(v, memo, `${where}[]`);
    }
    return copy;
  }
  if (value instanceof Map) {
    const copy = new Map();
    memo.set(value, copy);
    for (const [k, v] of value) copy.set(copyValue(k, memo, where), copyValue(v, memo, `${where}.get()`));
    return copy;
  }
  if (value instanceof Set) {
    const copy = new Set();
    memo.set(value, copy);
    for (const v of value) copy.add(copyValue(v, memo, `${where}{}`));
    return copy;
  }
  const maker = makerOf(value);
  if (maker) {
    // Fast path: built by named stores with the original's values, then each field replaced.
    const keys = maker.keys;
    const fields = value as Record<string, unknown>;
    const copy = new maker.make(keys.map((k) => fields[k])) as Record<string, unknown>;
    memo.set(value, copy);
    for (const k of keys) copy[k] = copyValue(fields[k], memo, `${where}.${k}`);
    return copy;
  }
  const copy = Object.create(Object.getPrototypeOf(value) as object | null) as object;
  memo.set(value, copy);
  for (const key of Reflect.ownKeys(value)) {
    const d = Object.getOwnPropertyDescriptor(value, key)!;
    if (!('value' in d)) throw new Error(`forking a pass: ${where}.${String(key)} is an accessor`);
    d.value = copyValue(d.value, memo, `${where}.${String(key)}`);
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

  constructor(w: World) {
    keepInputs(this.inputs, w.scenario);
    keepInputs(this.inputs, w.design);
    keepInputs(this.inputs, w.timeline);
    keepInputs(this.inputs, w.opts.fundamentalLog);
    keepInputs(this.inputs, w.opts.anchorLog);
    // Where columns come from (a pool of reused buffers, or new arrays) is shared, never copied.
    this.inputs.set(w.columns, w.columns);
  }

  /** A copy of part of the world (objects it shares with the rest stay shared within the copy). */
  copyOf<T>(value: T): T {
    return copyValue(value, new Map(this.inputs), 'part of the world') as T;
  }

  /** A copy of `w` as it is now, running on with `opts`. */
  fork(w: World, opts: SimulationOptions): World {
    const memo: Memo = new Map(this.inputs);
    memo.set(w.opts, opts);
    return copyValue(w, memo, 'world') as World;
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
 * each window's `from`, over [from, to]: one trunk pass of `base` up to the last window's end, its
 * venues copied at each window's start once phase 6 has run (impactOffFromStep is read in phase 7
 * only) and stepped with the impact off. Identical to a pass per window from step 0 (fork.test.ts
 * checks it).
 */
export function counterfactualWindows(
  base: SimulationOptions,
  windows: readonly CounterfactualWindow[],
  onWindow?: (k: number) => void,
): Float64Array[] {
  const out = windows.map((x) => new Float64Array(x.to - x.from + 1));
  if (windows.length === 0) return out;
  const cancelled = (): boolean => base.shouldCancel?.() === true;
  const trunk = new World({ ...base, impactOffFromStep: undefined }, createMechanism);
  const forker = new WorldForker(trunk);
  const copyOf = <T>(value: T): T => forker.copyOf(value);
  const order = windows.map((_, k) => k).sort((x, y) => windows[x]!.from - windows[y]!.from || x - y);
  const end = Math.max(...windows.map((x) => x.to));
  const live: { k: number; venues: VenueCounterfactual }[] = [];
  let next = 0;
  for (let t = 0; t <= end; t++) {
    if ((t & 63) === 0 && cancelled()) throw new CancelledError();
    beginStep(trunk, t);
    for (let p = 0; p < IMPACT_PHASE; p++) PIPELINE[p]!.run(trunk);
    for (; next < order.length && windows[order[next]!]!.from === t; next++) {
      const k = order[next]!;
      onWindow?.(k);
      const venues = new VenueCounterfactual(trunk, copyOf, base.anchorLog ?? null);
      venues.firstStep();
      out[k]![0] = trunk.now.ref;
      live.push({ k, venues });
    }
    for (let p = IMPACT_PHASE; p < PIPELINE.length; p++) PIPELINE[p]!.run(trunk);
    for (const { k, venues } of live) {
      const from = windows[k]!.from;
      if (t > from && t <= windows[k]!.to) out[k]![t - from] = venues.step(t);
    }
  }
  return out;
}
