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
import { bucketOfKey, bucketOfLogKey, fileBuckets, filingRoom } from './bucket-filing.ts';
import type { BucketTask } from './helper-tasks.ts';
import type { IdSink } from './id-list.ts';
import { FloatList, IntList, sortsBefore, TakeOrderSorter } from './id-list.ts';
import { HeapTriggerIndex } from './heap-trigger-index.ts';

export { HeapTriggerIndex };

export interface TriggerIndex {
  add(account: number): void;
  remove(account: number): void;
  /** The account's trigger changed: a member is re-filed under its new trigger. */
  update(account: number): void;
  /** Is the account a member (filed, not taken or removed since)? */
  has(account: number): boolean;
  /**
   * Appends to `out`, in order, the members with trigger ≥ price — at most `limit` of them, the
   * highest triggers first — removing them from the index.
   */
  take(price: number, out: IdSink, limit?: number): void;
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
  has(i: number): boolean {
    return this.member[i] === 1;
  }

  update(_i: number): void {
    // A scan reads the current trigger every step: nothing to re-file.
  }
  take(price: number, out: IdSink, limit = Infinity): void {
    if (limit <= 0) return;
    const m = this.member;
    const t = this.trigger;
    const found: number[] = [];
    for (let i = 0; i < m.length; i++) {
      if (m[i] === 1 && t[i]! >= price) found.push(i);
    }
    const count = Math.min(limit, found.length);
    // Trigger descending, then id: a total order, so the first `count` are the same however they
    // are found. A take capped far below what crossed (a keeper's few transactions, read again after
    // each account passed over) keeps the first `count` instead of sorting them all each time.
    let first = found;
    if (count < found.length >> 3) first = firstInOrder(found, count, t);
    else if (found.length > 1) found.sort((a, b) => t[b]! - t[a]! || a - b);
    for (let j = 0; j < count; j++) {
      const i = first[j]!;
      m[i] = 0;
      out.push(i);
    }
  }
}

/**
 * The first `k` of `ids` in take order (`sortsBefore`: trigger descending, then id): kept in order as
 * they are read, an id entering only ahead of the last kept. O(n k): for a k much smaller than n.
 */
function firstInOrder(ids: readonly number[], k: number, t: Float64Array): number[] {
  const kept: number[] = [];
  for (const i of ids) {
    if (kept.length === k && !sortsBefore(i, kept[k - 1]!, t)) continue;
    let j = Math.min(kept.length, k - 1);
    while (j > 0 && sortsBefore(i, kept[j - 1]!, t)) {
      kept[j] = kept[j - 1]!;
      j--;
    }
    kept[j] = i;
  }
  return kept;
}

/** `filedIn` of an account outside a bucket index, and of one its `take` holds. */
const NOT_FILED = -1;
const TAKING = -2;
/** Stale entries a bucket index holds beyond its members' count before it compacts its lists. */
const COMPACT_SLACK = 4096;
/** Buckets a bucket index may have (its `filedIn` is an Int16 column): a wider range gets wider buckets. */
const MAX_BUCKETS = 32_767;

/**
 * A bucket queue on log(trigger): buckets of fixed width in log price hold unsorted account ids;
 * `take` walks down from the highest non-empty bucket and sorts only the buckets it empties. Ids
 * are filed lazily (a stale entry — the account left the index or its trigger moved to another
 * bucket — is dropped when met). Output order is exactly the heap's: trigger descending, then id.
 */
export class BucketTriggerIndex implements TriggerIndex {
  /** Allocated on first use: most of the price range never holds an account. */
  private readonly buckets: (IntList | undefined)[];
  private top = -1;
  private readonly scale: number;
  private readonly offset: number;
  private readonly count: number;
  /** Entries in the lists, stale ones included. */
  private filed = 0;
  /** Members: accounts filed now (each has one valid entry, in the bucket `filedIn` names). */
  private members = 0;
  private readonly scratch = new IntList();
  /** The triggers of `scratch`'s ids, beside them (read once, sorted with them). */
  private readonly scratchKeys = new FloatList();
  private readonly sorter = new TakeOrderSorter();
  /**
   * Membership and filing in one column (one memory access an entry, where a membership byte
   * beside it made two): the bucket a member was last filed in, NOT_FILED for an account outside
   * the index, TAKING while `take` holds it (a second entry of it in the same list is then skipped).
   * Two bytes an account: an index has at most MAX_BUCKETS buckets.
   */
  private readonly filedIn: Int16Array;
  /**
   * 1 when a bucket's list holds its entries in take order read from the end (trigger descending,
   * then id), every one valid when it was sorted: `take` then pops them without scanning the list.
   * A bucket whose takes are capped (keepers' capacity) would otherwise be scanned whole every step.
   * A bucket a take emptied is sorted; an add keeps it so only when the entry goes first in take order
   * (accounts taken and filed back, lowest first, as nobody would liquidate them: every step).
   * A sorted list holds only valid, distinct entries: an entry that goes stale (its account removed,
   * or filed again, here or elsewhere) unsorts its bucket, so no stale entry can become valid again
   * out of place when its account is filed back into it.
   */
  private readonly sorted: Uint8Array;
  /**
   * Bit b set while bucket b's list holds entries (valid or stale): `take` and the top's descent
   * skip 32 empty buckets a word (thousands lie between a small population's triggers, and the
   * walk over them was most of a small run's step).
   */
  private readonly occupied: Int32Array;

  /**
   * Buckets of width `logWidth` (wider where the range would need more than MAX_BUCKETS) covering
   * triggers from `lowPrice` to `highPrice` (outside: clamped). `logKeys`, when given, supplies
   * log(trigger[i]) as log[i] + shift (the caller keeps logs it has computed anyway). Its rounding
   * can differ from Math.log by an ulp, so `take` also looks one bucket below the price's: a trigger
   * at or above the price is never missed.
   */
  constructor(
    private readonly trigger: Float64Array,
    lowPrice: number,
    highPrice: number,
    private readonly logKeys?: { log: Float64Array; shift: number },
    logWidth = 5e-4,
    /** Stale entries allowed beyond the members' count before the lists are compacted. */
    private readonly compactSlack = COMPACT_SLACK,
  ) {
    // At most MAX_BUCKETS buckets (filedIn is two bytes): a wider range gets wider buckets (which
    // buckets hold which accounts changes only how much a take scans, never what it returns).
    const width = Math.max(logWidth, (Math.log(highPrice) - Math.log(lowPrice)) / (MAX_BUCKETS - 8));
    this.scale = 1 / width;
    this.offset = Math.floor(Math.log(lowPrice) * this.scale);
    this.count = Math.max(2, Math.ceil(Math.log(highPrice) * this.scale) - this.offset + 2);
    this.buckets = new Array<IntList | undefined>(this.count);
    this.filedIn = new Int16Array(trigger.length).fill(NOT_FILED);
    this.sorted = new Uint8Array(this.count);
    this.occupied = new Int32Array((this.count + 31) >> 5);
  }

  /** The highest bucket at or below b whose list holds entries, or −1. */
  private occupiedAtOrBelow(b: number): number {
    if (b < 0) return -1;
    let w = b >> 5;
    let bits = this.occupied[w]! & (-1 >>> (31 - (b & 31)));
    while (bits === 0) {
      if (--w < 0) return -1;
      bits = this.occupied[w]!;
    }
    return (w << 5) + 31 - Math.clz32(bits);
  }

  private setOccupied(b: number): void {
    this.occupied[b >> 5]! |= 1 << (b & 31);
  }

  private clearOccupied(b: number): void {
    this.occupied[b >> 5]! &= ~(1 << (b & 31));
  }

  get memoryBytes(): number {
    return this.filedIn.byteLength + this.filed * 8 + this.count * 32;
  }

  private bucketOf(key: number): number {
    return bucketOfKey(key, this.scale, this.offset, this.count);
  }

  private bucketOfLog(logKey: number): number {
    return bucketOfLogKey(logKey, this.scale, this.offset, this.count);
  }

  private bucketOfAccount(i: number): number {
    const k = this.logKeys;
    return k ? this.bucketOfLog(k.log[i]! + k.shift) : this.bucketOf(this.trigger[i]!);
  }

  add(i: number): void {
    // A member filed again leaves an entry behind (stale, or a duplicate): its bucket is not sorted.
    const was = this.filedIn[i]!;
    if (was >= 0) this.sorted[was] = 0;
    else this.members++;
    const b = this.bucketOfAccount(i);
    this.filedIn[i] = b;
    const list = (this.buckets[b] ??= new IntList(4));
    if (this.sorted[b] === 1 && list.size > 0 && !this.takenBefore(i, list.items[list.size - 1]!)) {
      this.sorted[b] = 0;
    }
    list.push(i);
    this.setOccupied(b);
    this.filed++;
    if (b > this.top) this.top = b;
    if (this.filed > 2 * this.members + this.compactSlack) this.compact();
  }

  /**
   * Drops the stale entries and duplicates from every list, keeping each member's first entry in its
   * order. Entries go stale where no take reads them (a merged take reads the waiting index only down
   * to its cutoff): without this a long run's lists held several entries a member. What a take returns
   * does not change: it sorts what it reads, and a sorted list holds no stale entry (see `sorted`).
   */
  private compact(): void {
    let filed = 0;
    for (let b = this.occupiedAtOrBelow(this.top); b >= 0; b = this.occupiedAtOrBelow(b - 1)) {
      const list = this.buckets[b]!;
      if (this.sorted[b] === 0) {
        const entries = list.items;
        let kept = 0;
        for (let j = 0; j < list.size; j++) {
          const i = entries[j]!;
          if (this.filedIn[i] !== b) continue;
          this.filedIn[i] = TAKING; // a later duplicate is then skipped
          entries[kept++] = i;
        }
        for (let j = 0; j < kept; j++) this.filedIn[entries[j]!] = b;
        list.size = kept;
        if (kept === 0) {
          this.sorted[b] = 1;
          this.clearOccupied(b);
        }
      }
      filed += list.size;
    }
    this.filed = filed;
    this.top = this.occupiedAtOrBelow(this.top);
  }

  /**
   * Bulk insert: the same lists as adding one by one, each bucket's allocated at its final size
   * (a million accounts filed one by one would grow thousands of lists by doubling): a counting sort
   * of the accounts by bucket (`fileBuckets`, bucket-filing.ts), adopted.
   */
  addAll(accounts: ArrayLike<number>): void {
    // With nothing filed (no account's filedIn set) the sort writes the index's own column.
    const task = this.task(accounts, (bytes) => new ArrayBuffer(bytes), this.filed === 0);
    fileBuckets(task);
    this.adopt(task);
  }

  /**
   * The first filing of `members` (no account filed here yet, ever) as a task for `fileBuckets`, its
   * out columns from `alloc`: run it here or on a helper's thread, then `adopt` it — the same lists
   * as `addAll(members)`. Null when this index has no log keys or has had entries.
   */
  filingTask(members: Uint32Array, alloc: (bytes: number) => ArrayBufferLike): BucketTask | null {
    if (!this.logKeys || this.filed > 0 || this.top >= 0 || this.buckets.some((l) => l !== undefined))
      return null;
    return this.task(members, alloc, false);
  }

  /** Filing `members` as a task for `fileBuckets`, its out columns from `alloc` (`ownColumn`: filedIn is this index's). */
  private task(
    members: ArrayLike<number>,
    alloc: (bytes: number) => ArrayBufferLike,
    ownColumn: boolean,
  ): BucketTask {
    const count = this.count;
    // The new lists start in one array (thousands of small allocations cost more).
    const room = filingRoom(members.length, count);
    return {
      kind: 'buckets',
      members,
      trigger: this.trigger,
      log: this.logKeys?.log ?? null,
      shift: this.logKeys?.shift ?? 0,
      scale: this.scale,
      offset: this.offset,
      count,
      filedIn: ownColumn ? this.filedIn : new Int16Array(alloc(2 * this.filedIn.length)),
      starts: new Int32Array(alloc(4 * (count + 1))),
      sizes: new Int32Array(alloc(4 * count)),
      storage: new Int32Array(alloc(4 * room)),
    };
  }

  /**
   * Files what `fileBuckets` computed for a task of this index: the members' buckets (unless the
   * sort wrote this index's column itself), a bucket without a list gets a view of the task's
   * storage, one with a list gets the entries appended; an account filed again leaves its old entry
   * behind (stale), as `add` does.
   */
  adopt(task: BucketTask): void {
    const { members, filedIn, starts, sizes, storage } = task;
    if (filedIn === this.filedIn) this.members += members.length;
    else {
      for (let j = 0; j < members.length; j++) {
        const i = members[j]!;
        const was = this.filedIn[i]!;
        if (was >= 0) this.sorted[was] = 0;
        else this.members++;
        this.filedIn[i] = filedIn[i]!;
      }
    }
    for (let b = 0; b < this.count; b++) {
      const size = sizes[b]!;
      if (size === 0) continue;
      const from = starts[b]!;
      const list = this.buckets[b];
      if (list === undefined) {
        const fresh = new IntList(0, storage.subarray(from, starts[b + 1]!));
        fresh.size = size;
        this.buckets[b] = fresh;
      } else {
        list.reserve(list.size + size);
        for (let k = from; k < from + size; k++) list.push(storage[k]!);
      }
      this.setOccupied(b);
      this.sorted[b] = 0;
      if (b > this.top) this.top = b;
    }
    this.filed += members.length;
  }

  /** Does account i come before account j in take order (trigger descending, then id)? */
  private takenBefore(i: number, j: number): boolean {
    return sortsBefore(i, j, this.trigger);
  }

  remove(i: number): void {
    // Its entry stays behind, stale: the bucket is no longer sorted (see `sorted`).
    const was = this.filedIn[i]!;
    if (was >= 0) {
      this.sorted[was] = 0;
      this.members--;
    }
    this.filedIn[i] = NOT_FILED;
  }

  has(i: number): boolean {
    return this.filedIn[i]! >= 0;
  }

  update(i: number): void {
    if (this.filedIn[i]! >= 0) this.add(i);
  }

  take(price: number, out: IdSink, limit = Infinity): void {
    if (limit <= 0) return;
    const floorBucket = Math.max(0, this.bucketOf(price) - (this.logKeys ? 1 : 0));
    const trig = this.trigger;
    let taken = 0;
    for (
      let b = this.occupiedAtOrBelow(this.top);
      b >= floorBucket && taken < limit;
      b = this.occupiedAtOrBelow(b - 1)
    ) {
      const list = this.buckets[b]!;
      if (this.sorted[b] === 1) {
        taken += this.takeSorted(b, list, price, out, limit - taken);
        if (list.size === 0) this.clearOccupied(b);
        continue;
      }
      // Valid entries: members still filed here (first occurrence only) with trigger ≥ price; the
      // list is compacted in place to the entries that stay.
      const scratch = this.scratch;
      const scratchKeys = this.scratchKeys;
      scratch.clear();
      scratchKeys.clear();
      let kept = 0;
      const before = list.size;
      const entries = list.items;
      for (let j = 0; j < before; j++) {
        const i = entries[j]!;
        // Every trigger change of a member re-files it (update → add), so filedIn is current.
        if (this.filedIn[i] !== b) continue;
        const key = trig[i]!;
        if (key >= price) {
          this.filedIn[i] = TAKING; // drops duplicates of i in this list
          scratch.push(i);
          scratchKeys.push(key);
        } else entries[kept++] = i;
      }
      const valid = scratch.items;
      const count = scratch.size;
      if (count > 1) this.sorter.sort(valid, scratchKeys.items, count);
      const n = Math.min(count, limit - taken);
      for (let j = 0; j < n; j++) {
        const i = valid[j]!;
        this.filedIn[i] = NOT_FILED;
        out.push(i);
      }
      taken += n;
      this.members -= n;
      if (kept === 0 && n < count) {
        // Every entry left is valid: kept sorted, the next to take last, for the next steps' takes.
        for (let j = count - 1; j >= n; j--) {
          this.filedIn[valid[j]!] = b;
          entries[kept++] = valid[j]!;
        }
        this.sorted[b] = 1;
      } else {
        for (let j = n; j < count; j++) {
          this.filedIn[valid[j]!] = b;
          entries[kept++] = valid[j]!;
        }
      }
      list.size = kept;
      // Emptied: sorted (adds in take order keep it so).
      if (kept === 0) {
        this.sorted[b] = 1;
        this.clearOccupied(b);
      }
      this.filed -= before - kept;
    }
    this.top = this.occupiedAtOrBelow(this.top);
  }

  /**
   * Takes up to `limit` entries from sorted bucket b, popping from the end: stale entries are dropped;
   * the first valid entry below the price stops it (every valid entry under it is lower). The same
   * entries, in the same order, as scanning and sorting the bucket. Returns how many it took.
   */
  private takeSorted(b: number, list: IntList, price: number, out: IdSink, limit: number): number {
    const trig = this.trigger;
    const entries = list.items;
    let len = list.size;
    let taken = 0;
    while (len > 0 && taken < limit) {
      const i = entries[len - 1]!;
      if (this.filedIn[i] === b) {
        if (!(trig[i]! >= price)) break;
        this.filedIn[i] = NOT_FILED;
        out.push(i);
        taken++;
        this.members--;
      }
      len--;
      this.filed--;
    }
    list.size = len;
    return taken;
  }
}
