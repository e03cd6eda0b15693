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

  constructor(capacity = 16) {
    this.items = new Int32Array(Math.max(4, capacity));
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
 * Sorts ids[from, to) by key descending, then id ascending — a total order on distinct ids, so the
 * result is the one any correct sort gives (`Array.prototype.sort` with that comparator included),
 * without the work array a comparator sort allocates. Quicksort with a median of three, insertion
 * sort below 16 entries; the smaller side recursed, the larger looped (depth ≤ log2 n). Keys must
 * not be NaN.
 */
export function sortByKeyDesc(ids: Int32Array, from: number, to: number, key: Float64Array): void {
  while (to - from > 16) {
    const mid = from + ((to - from) >> 1);
    // Median of three moved to `from`, as the pivot.
    if (sortsBefore(ids[mid]!, ids[from]!, key)) swap(ids, mid, from);
    if (sortsBefore(ids[to - 1]!, ids[from]!, key)) swap(ids, to - 1, from);
    if (sortsBefore(ids[to - 1]!, ids[mid]!, key)) swap(ids, to - 1, mid);
    // Now ids[from] ≤ ids[mid] ≤ ids[to-1] in sort order: the median goes to `from`.
    swap(ids, from, mid);
    const pivot = ids[from]!;
    let i = from + 1;
    let j = to - 1;
    for (;;) {
      while (i <= j && sortsBefore(ids[i]!, pivot, key)) i++;
      while (i <= j && sortsBefore(pivot, ids[j]!, key)) j--;
      if (i >= j) break;
      swap(ids, i, j);
      i++;
      j--;
    }
    swap(ids, from, j);
    // ids[from, j) before the pivot, ids[j+1, to) after it.
    if (j - from < to - j - 1) {
      sortByKeyDesc(ids, from, j, key);
      from = j + 1;
    } else {
      sortByKeyDesc(ids, j + 1, to, key);
      to = j;
    }
  }
  for (let i = from + 1; i < to; i++) {
    const x = ids[i]!;
    let j = i - 1;
    while (j >= from && sortsBefore(x, ids[j]!, key)) {
      ids[j + 1] = ids[j]!;
      j--;
    }
    ids[j + 1] = x;
  }
}

/** True when id a sorts before id b: higher key first, then the lower id (the trigger indexes' take order). */
export function sortsBefore(a: number, b: number, key: Float64Array): boolean {
  const ka = key[a]!;
  const kb = key[b]!;
  return ka > kb || (ka === kb && a < b);
}

function swap(ids: Int32Array, i: number, j: number): void {
  const x = ids[i]!;
  ids[i] = ids[j]!;
  ids[j] = x;
}

/**
 * Drops a queue's first `head` entries in place, keeping the order of the rest (a FIFO that pops
 * by advancing a head index compacts itself with this). A plain loop: `Array.prototype.copyWithin`
 * on a JavaScript array takes V8's generic path, about 100 ns an entry (20× this loop), and
 * `splice` would allocate an array of what it removes.
 */
export function dropHead(queue: number[], head: number): void {
  const n = queue.length;
  for (let i = head; i < n; i++) queue[i - head] = queue[i]!;
  queue.length = n - head;
}
