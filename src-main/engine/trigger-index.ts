/**
 * Finding the accounts whose trigger price (the oracle price at or below which they must be acted
 * on) has been reached. Two implementations with one contract, so each is the other's test oracle:
 *
 * - `HeapTriggerIndex`: a max-heap on trigger price with lazy deletion. A step costs O(k log n) for
 *   the k accounts it returns, instead of a scan of every account.
 * - `ScanTriggerIndex`: the straightforward reference that scans every account every step.
 *
 * Both return members whose trigger ≥ price, ordered by (trigger descending, account ascending), and
 * remove them; `add` (re)inserts an account with its current trigger.
 */
export interface TriggerIndex {
  add(account: number): void;
  remove(account: number): void;
  /** The account's trigger changed: a member is re-filed under its new trigger. */
  update(account: number): void;
  /**
   * Appends to `out`, in order, the members with trigger ≥ price — at most `limit` of them, the
   * highest triggers first — removing them from the index.
   */
  take(price: number, out: number[], limit?: number): void;
  readonly memoryBytes: number;
}

export type TriggerIndexKind = 'heap' | 'bucket' | 'scan';

/** `priceRange` bounds the bucket queue's buckets (triggers outside it are clamped, still exact). */
export function createTriggerIndex(
  kind: TriggerIndexKind,
  triggers: Float64Array,
  priceRange: [number, number] = [1e-6, 1e9],
  logKeys?: { log: Float64Array; shift: number },
): TriggerIndex {
  if (kind === 'heap') return new HeapTriggerIndex(triggers);
  if (kind === 'bucket') return new BucketTriggerIndex(triggers, priceRange[0], priceRange[1], logKeys);
  return new ScanTriggerIndex(triggers);
}

class ScanTriggerIndex implements TriggerIndex {
  private readonly member: Uint8Array;
  constructor(private readonly trigger: Float64Array) {
    this.member = new Uint8Array(trigger.length);
  }
  get memoryBytes(): number {
    return this.member.byteLength;
  }
  add(i: number): void {
    this.member[i] = 1;
  }
  remove(i: number): void {
    this.member[i] = 0;
  }
  update(_i: number): void {
    // A scan reads the current trigger every step: nothing to re-file.
  }
  take(price: number, out: number[], limit = Infinity): void {
    if (limit <= 0) return;
    const m = this.member;
    const t = this.trigger;
    const found: number[] = [];
    for (let i = 0; i < m.length; i++) {
      if (m[i] === 1 && t[i]! >= price) found.push(i);
    }
    if (found.length > 1) found.sort((a, b) => t[b]! - t[a]! || a - b);
    const count = Math.min(limit, found.length);
    for (let j = 0; j < count; j++) {
      const i = found[j]!;
      m[i] = 0;
      out.push(i);
    }
  }
}

class HeapTriggerIndex implements TriggerIndex {
  private keys: Float64Array;
  private ids: Uint32Array;
  private size = 0;
  private readonly member: Uint8Array;

  constructor(private readonly trigger: Float64Array) {
    const cap = Math.max(16, trigger.length + (trigger.length >> 2));
    this.keys = new Float64Array(cap);
    this.ids = new Uint32Array(cap);
    this.member = new Uint8Array(trigger.length);
  }

  get memoryBytes(): number {
    return this.keys.byteLength + this.ids.byteLength + this.member.byteLength;
  }

  /** Bulk insert of many accounts in O(n) (Floyd's heapify). */
  addAll(accounts: ArrayLike<number>): void {
    for (let j = 0; j < accounts.length; j++) {
      const i = accounts[j]!;
      this.member[i] = 1;
      this.ensure(this.size + 1);
      this.keys[this.size] = this.trigger[i]!;
      this.ids[this.size] = i;
      this.size++;
    }
    for (let p = (this.size - 2) >> 2; p >= 0; p--) this.siftDown(p);
  }

  add(i: number): void {
    this.member[i] = 1;
    this.ensure(this.size + 1);
    let pos = this.size++;
    const key = this.trigger[i]!;
    const keys = this.keys;
    const ids = this.ids;
    while (pos > 0) {
      const parent = (pos - 1) >> 2;
      const pk = keys[parent]!;
      if (!(key > pk || (key === pk && i < ids[parent]!))) break;
      keys[pos] = pk;
      ids[pos] = ids[parent]!;
      pos = parent;
    }
    keys[pos] = key;
    ids[pos] = i;
  }

  remove(i: number): void {
    this.member[i] = 0;
  }

  update(i: number): void {
    if (this.member[i] === 1) this.add(i);
  }

  take(price: number, out: number[], limit = Infinity): void {
    let taken = 0;
    while (taken < limit && this.size > 0 && this.keys[0]! >= price) {
      const key = this.keys[0]!;
      const i = this.ids[0]!;
      this.popTop();
      // Lazy deletion: an entry counts only if the account is a member and the key is current.
      if (this.member[i] === 1 && this.trigger[i] === key) {
        this.member[i] = 0;
        out.push(i);
        taken++;
      }
    }
  }

  private popTop(): void {
    this.size--;
    if (this.size === 0) return;
    this.keys[0] = this.keys[this.size]!;
    this.ids[0] = this.ids[this.size]!;
    this.siftDown(0);
  }

  /** 4-ary heap: half the depth of a binary heap and children on one cache line. */
  private siftDown(start: number): void {
    const keys = this.keys;
    const ids = this.ids;
    const n = this.size;
    let pos = start;
    const key = keys[pos]!;
    const id = ids[pos]!;
    for (;;) {
      const first = 4 * pos + 1;
      if (first >= n) break;
      let c = first;
      let ck = keys[first]!;
      let ci = ids[first]!;
      const last = Math.min(first + 4, n);
      for (let j = first + 1; j < last; j++) {
        const kj = keys[j]!;
        if (kj > ck || (kj === ck && ids[j]! < ci)) {
          c = j;
          ck = kj;
          ci = ids[j]!;
        }
      }
      if (!(ck > key || (ck === key && ci < id))) break;
      keys[pos] = ck;
      ids[pos] = ci;
      pos = c;
    }
    keys[pos] = key;
    ids[pos] = id;
  }

  private ensure(cap: number): void {
    if (cap <= this.keys.length) return;
    const next = Math.max(cap, this.keys.length * 2);
    const k = new Float64Array(next);
    k.set(this.keys.subarray(0, this.size));
    const d = new Uint32Array(next);
    d.set(this.ids.subarray(0, this.size));
    this.keys = k;
    this.ids = d;
  }
}

export { HeapTriggerIndex };

/**
 * A bucket queue on log(trigger): buckets of fixed width in log price hold unsorted account ids;
 * `take` walks down from the highest non-empty bucket and sorts only the buckets it empties. Ids
 * are filed lazily (a stale entry — the account left the index or its trigger moved to another
 * bucket — is dropped when met). Output order is exactly the heap's: trigger descending, then id.
 */
export class BucketTriggerIndex implements TriggerIndex {
  /** Allocated on first use: most of the price range never holds an account. */
  private readonly buckets: (number[] | undefined)[];
  private readonly member: Uint8Array;
  private top = -1;
  private readonly scale: number;
  private readonly offset: number;
  private readonly count: number;
  private filed = 0;
  private readonly scratch: number[] = [];
  /** The bucket each account was last filed in (valid while it is a member). */
  private readonly filedIn: Int32Array;

  /** Buckets of width `logWidth` covering triggers from `lowPrice` to `highPrice` (outside: clamped). */
  /**
   * `logKeys`, when given, supplies log(trigger[i]) as log[i] + shift (the caller keeps logs it has
   * computed anyway). Its rounding can differ from Math.log by an ulp, so `take` also looks one
   * bucket below the price's: a trigger at or above the price is never missed.
   */
  constructor(
    private readonly trigger: Float64Array,
    lowPrice: number,
    highPrice: number,
    private readonly logKeys?: { log: Float64Array; shift: number },
    logWidth = 5e-4,
  ) {
    this.scale = 1 / logWidth;
    this.offset = Math.floor(Math.log(lowPrice) * this.scale);
    this.count = Math.max(2, Math.ceil(Math.log(highPrice) * this.scale) - this.offset + 2);
    this.buckets = new Array<number[] | undefined>(this.count);
    this.member = new Uint8Array(trigger.length);
    this.filedIn = new Int32Array(trigger.length);
  }

  get memoryBytes(): number {
    return this.member.byteLength + this.filedIn.byteLength + this.filed * 8 + this.count * 32;
  }

  private bucketOf(key: number): number {
    if (!(key > 0)) return 0;
    if (key === Infinity) return this.count - 1;
    return this.bucketOfLog(Math.log(key));
  }

  private bucketOfLog(logKey: number): number {
    if (logKey === Infinity) return this.count - 1;
    if (!(logKey > -Infinity)) return 0;
    const b = Math.floor(logKey * this.scale) - this.offset;
    return b < 0 ? 0 : b >= this.count ? this.count - 1 : b;
  }

  private bucketOfAccount(i: number): number {
    const k = this.logKeys;
    return k ? this.bucketOfLog(k.log[i]! + k.shift) : this.bucketOf(this.trigger[i]!);
  }

  add(i: number): void {
    this.member[i] = 1;
    const b = this.bucketOfAccount(i);
    this.filedIn[i] = b;
    (this.buckets[b] ??= []).push(i);
    this.filed++;
    if (b > this.top) this.top = b;
  }

  /** Bulk insert (same as adding one by one). */
  addAll(accounts: ArrayLike<number>): void {
    for (let j = 0; j < accounts.length; j++) this.add(accounts[j]!);
  }

  remove(i: number): void {
    this.member[i] = 0;
  }

  update(i: number): void {
    if (this.member[i] === 1) this.add(i);
  }

  take(price: number, out: number[], limit = Infinity): void {
    if (limit <= 0) return;
    const floorBucket = Math.max(0, this.bucketOf(price) - (this.logKeys ? 1 : 0));
    const trig = this.trigger;
    let taken = 0;
    for (let b = this.top; b >= floorBucket && taken < limit; b--) {
      const list = this.buckets[b];
      if (list === undefined || list.length === 0) continue;
      // Valid entries: members still filed here (first occurrence only) with trigger ≥ price; the
      // list is compacted in place to the entries that stay.
      const valid = this.scratch;
      valid.length = 0;
      let kept = 0;
      const before = list.length;
      for (let j = 0; j < before; j++) {
        const i = list[j]!;
        // Every trigger change of a member re-files it (update → add), so filedIn is current.
        if (this.member[i] !== 1 || this.filedIn[i] !== b) continue;
        if (trig[i]! >= price) {
          this.member[i] = 2; // mark to drop duplicates of i in this list
          valid.push(i);
        } else list[kept++] = i;
      }
      if (valid.length > 1) {
        valid.sort((x, y) => {
          const a = trig[x]!;
          const c = trig[y]!;
          return a > c ? -1 : a < c ? 1 : x - y;
        });
      }
      const n = Math.min(valid.length, limit - taken);
      for (let j = 0; j < n; j++) {
        const i = valid[j]!;
        this.member[i] = 0;
        out.push(i);
      }
      taken += n;
      for (let j = n; j < valid.length; j++) {
        this.member[valid[j]!] = 1;
        list[kept++] = valid[j]!;
      }
      list.length = kept;
      this.filed -= before - kept;
    }
    while (this.top >= 0 && (this.buckets[this.top]?.length ?? 0) === 0) this.top--;
  }
}
