/**
 * The heap implementation of `TriggerIndex`; trigger-index.ts holds the contract, the scan reference
 * and the bucket queue, and creates all three.
 */
import type { IdSink } from './id-list.ts';

/**
 * A 4-ary max-heap on (trigger descending, account ascending) with lazy deletion. Each entry is a
 * (key, id) pair stored side by side in one Float64Array, offset so that the four children of a node
 * share one 64-byte cache line: a level of a sift costs one cache miss, not one per array.
 */
export class HeapTriggerIndex {
  /** Entry p at data[2p + BASE] (key) and data[2p + BASE + 1] (account id). */
  private data: Float64Array;
  private size = 0;
  private readonly member: Uint8Array;

  constructor(private readonly trigger: Float64Array) {
    const cap = Math.max(16, trigger.length + (trigger.length >> 2));
    this.data = new Float64Array(2 * cap + BASE);
    this.member = new Uint8Array(trigger.length);
  }

  get memoryBytes(): number {
    return this.data.byteLength + this.member.byteLength;
  }

  /** Bulk insert of many accounts in O(n) (Floyd's heapify). */
  addAll(accounts: ArrayLike<number>): void {
    this.ensure(this.size + accounts.length);
    const data = this.data;
    for (let j = 0; j < accounts.length; j++) {
      const i = accounts[j]!;
      this.member[i] = 1;
      const at = 2 * this.size + BASE;
      data[at] = this.trigger[i]!;
      data[at + 1] = i;
      this.size++;
    }
    for (let p = (this.size - 2) >> 2; p >= 0; p--) this.siftDown(p);
  }

  add(i: number): void {
    this.member[i] = 1;
    this.ensure(this.size + 1);
    this.siftUp(this.size++, this.trigger[i]!, i);
  }

  remove(i: number): void {
    this.member[i] = 0;
  }

  has(i: number): boolean {
    return this.member[i] === 1;
  }

  update(i: number): void {
    if (this.member[i] === 1) this.add(i);
  }

  take(price: number, out: IdSink, limit = Infinity): void {
    let taken = 0;
    const data = this.data;
    while (taken < limit && this.size > 0 && data[BASE]! >= price) {
      const key = data[BASE]!;
      const i = data[BASE + 1]!;
      this.popTop();
      // Lazy deletion: an entry counts only if the account is a member and the key is current.
      if (this.member[i] === 1 && this.trigger[i] === key) {
        this.member[i] = 0;
        out.push(i);
        taken++;
      }
    }
  }

  /**
   * Removes the root: the hole walks down to a leaf along the larger children (no comparison with
   * the moved entry on the way), then the last entry fills it and sifts up — it came from the bottom,
   * so it rarely rises.
   */
  private popTop(): void {
    const n = --this.size;
    if (n === 0) return;
    const data = this.data;
    const key = data[2 * n + BASE]!;
    const id = data[2 * n + BASE + 1]!;
    let pos = 0;
    for (;;) {
      const first = 4 * pos + 1;
      if (first >= n) break;
      const c = this.largestChild(first, n);
      const ck = data[2 * c + BASE]!;
      const ci = data[2 * c + BASE + 1]!;
      const to = 2 * pos + BASE;
      data[to] = ck;
      data[to + 1] = ci;
      pos = c;
    }
    this.siftUp(pos, key, id);
  }

  /** Places entry (key, id) at the hole `pos` or above it, moving lower-ordered parents down. */
  private siftUp(pos: number, key: number, id: number): void {
    const data = this.data;
    while (pos > 0) {
      const parent = (pos - 1) >> 2;
      const at = 2 * parent + BASE;
      const pk = data[at]!;
      if (!(key > pk || (key === pk && id < data[at + 1]!))) break;
      const to = 2 * pos + BASE;
      data[to] = pk;
      data[to + 1] = data[at + 1]!;
      pos = parent;
    }
    const to = 2 * pos + BASE;
    data[to] = key;
    data[to + 1] = id;
  }

  /** The first-ordered of the (up to four) children starting at `first`, among the `n` entries. */
  private largestChild(first: number, n: number): number {
    const data = this.data;
    let c = first;
    let at = 2 * first + BASE;
    let ck = data[at]!;
    let ci = data[at + 1]!;
    const last = first + 4 < n ? first + 4 : n;
    for (let j = first + 1; j < last; j++) {
      at += 2;
      const kj = data[at]!;
      if (kj > ck || (kj === ck && data[at + 1]! < ci)) {
        c = j;
        ck = kj;
        ci = data[at + 1]!;
      }
    }
    return c;
  }

  /** Sifts entry `start` down to its place (heapify). */
  private siftDown(start: number): void {
    const data = this.data;
    const n = this.size;
    let pos = start;
    const key = data[2 * pos + BASE]!;
    const id = data[2 * pos + BASE + 1]!;
    for (;;) {
      const first = 4 * pos + 1;
      if (first >= n) break;
      const c = this.largestChild(first, n);
      const ck = data[2 * c + BASE]!;
      const ci = data[2 * c + BASE + 1]!;
      if (!(ck > key || (ck === key && ci < id))) break;
      const to = 2 * pos + BASE;
      data[to] = ck;
      data[to + 1] = ci;
      pos = c;
    }
    const to = 2 * pos + BASE;
    data[to] = key;
    data[to + 1] = id;
  }

  private ensure(cap: number): void {
    if (2 * cap + BASE <= this.data.length) return;
    const next = Math.max(cap, this.data.length - BASE);
    const d = new Float64Array(2 * next + BASE);
    d.set(this.data.subarray(0, 2 * this.size + BASE));
    this.data = d;
  }
}

/** Offset of entry 0 in a heap's data: the children 4p+1…4p+4 of entry p then start at byte 64(p+1). */
const BASE = 6;
