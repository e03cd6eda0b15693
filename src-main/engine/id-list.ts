/**
 * Growable lists of numbers on typed arrays that keep their capacity when cleared. A step fills
 * and empties several lists (the accounts a trigger index released, the accounts to file again, the
 * step's orders, the open auctions); as JavaScript arrays, `list.length = 0` gives the backing store
 * back and every step allocates it again as the list grows (hundreds of megabytes of garbage per
 * replay at a million accounts). These reuse one buffer, grown by doubling and never shrunk.
 *
 * `items` may be replaced when the list grows: read it after the pushes, and only the first `size`.
 */

/** Anything a trigger index can release ids into (an `IntList`, or a plain array in tests). */
export interface IdSink {
  push(id: number): unknown;
}

/** A list of 32-bit signed integers (account, auction, keeper ids and WHO_* owners). */
export class IntList implements IdSink {
  items: Int32Array;
  size = 0;

  /**
   * `storage`, when given, is the list's buffer to start with (a view of a larger array many lists
   * share: one allocation instead of thousands); growing moves the list to an array of its own.
   */
  constructor(capacity = 16, storage?: Int32Array) {
    this.items = storage ?? new Int32Array(Math.max(4, capacity));
  }

  push(x: number): void {
    if (this.size === this.items.length) this.grow();
    this.items[this.size++] = x;
  }

  /** The i-th entry (i < size). */
  get(i: number): number {
    return this.items[i]!;
  }

  /** The last entry, removed (size > 0). */
  pop(): number {
    return this.items[--this.size]!;
  }

  clear(): void {
    this.size = 0;
  }

  /** Drops the first `head` entries (a queue read from the front), moving the rest to the start. */
  dropHead(head: number): void {
    this.items.copyWithin(0, head, this.size);
    this.size -= head;
  }

  /** A copy of the entries (capacity: the size, at least 4). */
  clone(): IntList {
    const c = new IntList(this.size);
    c.items.set(this.items.subarray(0, this.size));
    c.size = this.size;
    return c;
  }

  /** Room for `capacity` entries without growing again. */
  reserve(capacity: number): void {
    if (capacity <= this.items.length) return;
    const next = new Int32Array(capacity);
    next.set(this.items);
    this.items = next;
  }

  /** The entries as a plain array (tests, reports). */
  toArray(): number[] {
    return Array.from(this.items.subarray(0, this.size));
  }

  private grow(): void {
    this.reserve(this.items.length * 2);
  }
}

/** A list of doubles (units, USD). */
export class FloatList {
  items: Float64Array;
  size = 0;

  constructor(capacity = 16) {
    this.items = new Float64Array(Math.max(4, capacity));
  }

  push(x: number): void {
    if (this.size === this.items.length) this.grow();
    this.items[this.size++] = x;
  }

  get(i: number): number {
    return this.items[i]!;
  }

  clear(): void {
    this.size = 0;
  }

  /** Drops the first `head` entries (a queue read from the front), moving the rest to the start. */
  dropHead(head: number): void {
    this.items.copyWithin(0, head, this.size);
    this.size -= head;
  }

  /** A copy of the entries (capacity: the size, at least 4). */
  clone(): FloatList {
    const c = new FloatList(this.size);
    c.items.set(this.items.subarray(0, this.size));
    c.size = this.size;
    return c;
  }

  /** The entries as a plain array (tests, reports). */
  toArray(): number[] {
    return Array.from(this.items.subarray(0, this.size));
  }

  private grow(): void {
    const next = new Float64Array(this.items.length * 2);
    next.set(this.items);
    this.items = next;
  }
}

/**
 * Sorts ids[0, n) by key descending, then id ascending, where `keys[k]` is the key of `ids[k]` and
 * moves with it — the trigger indexes' take order. A total order on distinct ids, so the result is
 * the one any correct sort gives (`Array.prototype.sort` with that comparator included). A bucket's
 * keys lie spread over a narrow range, so it distributes them first into n slots by a monotone map of
 * the key (larger key, earlier slot; stable), then an insertion sort puts each slot in order: about
 * two passes and a few comparisons an entry, where a comparison sort of random keys costs ~log2 n
 * mispredicted branches an entry (it was the costliest function of a 1 M replay's takes). Keys
 * bunched into few slots (many equal keys: accounts topped up to the same ratio in one step) would
 * make the insertion sort quadratic; past 8 moves an entry it gives the range to `sortPairsDesc`.
 * Keeps its work arrays between calls. Keys must not be NaN.
 */
export class TakeOrderSorter {
  private ids = new Int32Array(64);
  private keys = new Float64Array(64);
  private slots = new Int32Array(65);

  sort(ids: Int32Array, keys: Float64Array, n: number): void {
    if (n < 32) {
      sortPairsDesc(ids, keys, 0, n);
      return;
    }
    let lo = Infinity;
    let hi = -Infinity;
    for (let k = 0; k < n; k++) {
      const x = keys[k]!;
      // Math.min/max (keys are never NaN): `if (x < lo) lo = x` made TurboFan box a double each entry.
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
    const width = hi - lo;
    if (!(width > 0) || width === Infinity) {
      sortPairsDesc(ids, keys, 0, n);
      return;
    }
    this.reserve(n);
    const slots = this.slots;
    const tid = this.ids;
    const tkey = this.keys;
    const scale = (n - 1) / width;
    slots.fill(0, 0, n + 1);
    for (let k = 0; k < n; k++) slots[slotOf(hi, keys[k]!, scale, n) + 1]!++;
    for (let j = 0; j < n; j++) slots[j + 1]! += slots[j]!;
    for (let k = 0; k < n; k++) {
      const at = slots[slotOf(hi, keys[k]!, scale, n)]!++;
      tid[at] = ids[k]!;
      tkey[at] = keys[k]!;
    }
    // Entries in earlier slots have larger keys: only entries of one slot can be out of order.
    let moves = 0;
    const budget = 8 * n;
    for (let i = 1; i < n; i++) {
      const x = tid[i]!;
      const kx = tkey[i]!;
      let j = i - 1;
      while (j >= 0 && before(kx, x, tkey[j]!, tid[j]!)) {
        tid[j + 1] = tid[j]!;
        tkey[j + 1] = tkey[j]!;
        j--;
      }
      tid[j + 1] = x;
      tkey[j + 1] = kx;
      moves += i - 1 - j;
      if (moves > budget) {
        // Bunched keys: the comparison sort, from this (still complete) arrangement.
        ids.set(tid.subarray(0, n));
        keys.set(tkey.subarray(0, n));
        sortPairsDesc(ids, keys, 0, n);
        return;
      }
    }
    ids.set(tid.subarray(0, n));
    keys.set(tkey.subarray(0, n));
  }

  private reserve(n: number): void {
    if (n <= this.ids.length) return;
    const cap = Math.max(n, 2 * this.ids.length);
    this.ids = new Int32Array(cap);
    this.keys = new Float64Array(cap);
    this.slots = new Int32Array(cap + 1);
  }
}

/** The slot of `key` among n slots of the range below `hi`: monotone, larger keys in earlier slots. */
function slotOf(hi: number, key: number, scale: number, n: number): number {
  const s = Math.floor((hi - key) * scale);
  return s < n ? s : n - 1;
}

/**
 * Sorts ids[from, to) by key descending, then id ascending, where `keys[k]` is the key of `ids[k]`
 * and moves with it: quicksort with a median of three, insertion sort below 16 entries; the smaller
 * side recursed, the larger looped (depth ≤ log2 n). The same order as {@link TakeOrderSorter}, for
 * small and bunched ranges. Keys must not be NaN.
 */
export function sortPairsDesc(ids: Int32Array, keys: Float64Array, from: number, to: number): void {
  while (to - from > 16) {
    const mid = from + ((to - from) >> 1);
    // Median of three moved to `from`, as the pivot.
    if (before(keys[mid]!, ids[mid]!, keys[from]!, ids[from]!)) swapPair(ids, keys, mid, from);
    if (before(keys[to - 1]!, ids[to - 1]!, keys[from]!, ids[from]!)) swapPair(ids, keys, to - 1, from);
    if (before(keys[to - 1]!, ids[to - 1]!, keys[mid]!, ids[mid]!)) swapPair(ids, keys, to - 1, mid);
    // Now entry from ≤ mid ≤ to − 1 in sort order: the median goes to `from`.
    swapPair(ids, keys, from, mid);
    const pk = keys[from]!;
    const pid = ids[from]!;
    let i = from + 1;
    let j = to - 1;
    for (;;) {
      while (i <= j && before(keys[i]!, ids[i]!, pk, pid)) i++;
      while (i <= j && before(pk, pid, keys[j]!, ids[j]!)) j--;
      if (i >= j) break;
      swapPair(ids, keys, i, j);
      i++;
      j--;
    }
    swapPair(ids, keys, from, j);
    // Entries [from, j) before the pivot, [j + 1, to) after it.
    if (j - from < to - j - 1) {
      sortPairsDesc(ids, keys, from, j);
      from = j + 1;
    } else {
      sortPairsDesc(ids, keys, j + 1, to);
      to = j;
    }
  }
  for (let i = from + 1; i < to; i++) {
    const x = ids[i]!;
    const kx = keys[i]!;
    let j = i - 1;
    while (j >= from && before(kx, x, keys[j]!, ids[j]!)) {
      ids[j + 1] = ids[j]!;
      keys[j + 1] = keys[j]!;
      j--;
    }
    ids[j + 1] = x;
    keys[j + 1] = kx;
  }
}

/** True when (key ka, id a) sorts before (key kb, id b): higher key first, then the lower id. */
function before(ka: number, a: number, kb: number, b: number): boolean {
  return ka > kb || (ka === kb && a < b);
}

function swapPair(ids: Int32Array, keys: Float64Array, i: number, j: number): void {
  const x = ids[i]!;
  ids[i] = ids[j]!;
  ids[j] = x;
  const k = keys[i]!;
  keys[i] = keys[j]!;
  keys[j] = k;
}

/** True when id a sorts before id b: higher key first, then the lower id (the trigger indexes' take order). */
export function sortsBefore(a: number, b: number, key: Float64Array): boolean {
  return before(key[a]!, a, key[b]!, b);
}
