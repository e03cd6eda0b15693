/**
 * Accounts in runs (waiting-for-gas.ts): the accounts keepers pass over come in bursts — a price
 * fall crosses thousands of small accounts in one step while gas is high — and leave in bulk: by
 * trigger (a keeper under its gas cap reads them with the liquidation index) or by size (gas falls).
 * A bucket index filed each of them on its own, a list push into a bucket of its own (~145 ns an
 * account at 1 M, most of it cache misses on thousands of lists). Here the accounts filed between
 * two reads are ordered once, together, and appended as a run; a read walks the runs' heads.
 *
 * Each account is in at most one run of the sets sharing its `runOf` column (its run, or −1); an
 * entry whose account has since left or been filed again (in another run) is stale and skipped when
 * met. Run ids are never reused, so a stale entry cannot become valid again.
 * - `TakeOrderRuns` orders a run by key descending, then account ascending — the trigger indexes'
 *   take order (trigger-index.ts) — and reads the runs merged: exactly what a trigger index holding
 *   the same accounts would return.
 * - `SizeRuns` only groups a run by a coarse bucket of the key (the key's bits: four buckets a
 *   doubling) and reads every account at or above a threshold: the same accounts as such an index,
 *   not in its order (a release's accounts are each filed back or kept by themselves).
 */
import { grown } from '../buffer-pool.ts';
import { FloatList, IntList, sortsBefore, TakeOrderSorter } from '../id-list.ts';

/** Per-run bookkeeping, indexed by run id and shared by the sets that draw ids from it. */
export class RunStore {
  start = new Int32Array(64);
  end = new Int32Array(64);
  head = new Int32Array(64);
  /** Valid entries left (accounts whose `runOf` is this run). */
  live = new Int32Array(64);
  /** Entries head…sortedEnd are in key order (a size run's stretch read once entry by entry). */
  sortedEnd = new Int32Array(64);
  private next = 0;

  /** A new run id (its bookkeeping zeroed). */
  newId(): number {
    const id = this.next++;
    if (id === this.live.length) {
      this.start = grown(this.start, 2 * id);
      this.end = grown(this.end, 2 * id);
      this.head = grown(this.head, 2 * id);
      this.live = grown(this.live, 2 * id);
      this.sortedEnd = grown(this.sortedEnd, 2 * id);
    }
    return id;
  }

  get bytes(): number {
    return 5 * this.live.byteLength;
  }

  /** Account i (its run in `runOf`) leaves the run it is in, if any: its entry goes stale. */
  leave(runOf: Int32Array, i: number): void {
    const r = runOf[i]!;
    if (r < 0) return;
    runOf[i] = -1;
    this.live[r]!--;
  }
}

/** `runOf` of an account while its batch is sealed (never a run id). */
const SEALING = -2;

/** Entries below which a set never compacts its storage. */
const COMPACT_SLACK = 4096;

abstract class RunsBase {
  protected entries = new Int32Array(1024);
  protected len = 0;
  /** Runs with entries left to read, oldest first. */
  protected readonly runs = new IntList(64);
  /** Accounts filed since the last seal (each once), and the id their run will have. */
  protected readonly batch = new IntList(256);
  protected batchId: number;

  constructor(
    protected readonly store: RunStore,
    /** Each account's run in this set (or any set sharing the column), −1 when in none. */
    protected readonly runOf: Int32Array,
    /** The order's key of each account (read when its run is sealed and when runs are read). */
    protected readonly key: Float64Array,
  ) {
    this.batchId = store.newId();
  }

  /** Bytes of the entries' storage and the batch. */
  get bytes(): number {
    return this.entries.byteLength + this.batch.items.byteLength;
  }

  /** Files account i (its key as it is now) in this set's next run, out of any run it was in. */
  file(i: number): void {
    const r = this.runOf[i]!;
    if (r === this.batchId) return;
    this.store.leave(this.runOf, i);
    this.runOf[i] = this.batchId;
    this.store.live[this.batchId]!++;
    this.batch.push(i);
  }

  /**
   * The batch's accounts still filed in it, each once, moved to its start; returns how many. An
   * account that left the batch — its wait ended, or it moved to the other set sharing `runOf` —
   * and was filed here again before the seal is in it twice.
   */
  protected batchMembers(): number {
    const batch = this.batch;
    const id = this.batchId;
    let n = 0;
    for (let k = 0; k < batch.size; k++) {
      const i = batch.items[k]!;
      if (this.runOf[i] !== id) continue;
      this.runOf[i] = SEALING;
      batch.items[n++] = i;
    }
    for (let k = 0; k < n; k++) this.runOf[batch.items[k]!] = id;
    return n;
  }

  /** Appends the batch's first n entries (ordered by the caller) as a run; a new batch begins. */
  protected appendRun(n: number): void {
    const id = this.batchId;
    this.reserve(n);
    this.entries.set(this.batch.items.subarray(0, n), this.len);
    const store = this.store;
    store.start[id] = this.len;
    store.head[id] = this.len;
    store.sortedEnd[id] = this.len;
    store.end[id] = this.len + n;
    this.len += n;
    if (n > 0) this.runs.push(id);
    this.batch.clear();
    this.batchId = store.newId();
  }

  /** The accounts filed since the last read become a run. */
  abstract seal(): void;

  private reserve(n: number): void {
    if (this.len + n <= this.entries.length) return;
    let live = 0;
    for (let k = 0; k < this.runs.size; k++) live += this.store.live[this.runs.items[k]!]!;
    if (this.len > 2 * live + COMPACT_SLACK) this.compact();
    if (this.len + n <= this.entries.length) return;
    const next = new Int32Array(Math.max(2 * this.entries.length, this.len + n));
    next.set(this.entries.subarray(0, this.len));
    this.entries = next;
  }

  /** Drops stale entries and emptied runs, keeping each run's order. */
  private compact(): void {
    const { store, entries, runOf } = this;
    let at = 0;
    let kept = 0;
    for (let k = 0; k < this.runs.size; k++) {
      const r = this.runs.items[k]!;
      const from = at;
      let sortedEnd = from;
      for (let e = store.head[r]!; e < store.end[r]!; e++) {
        const i = entries[e]!;
        if (runOf[i] === r) entries[at++] = i;
        if (e + 1 === store.sortedEnd[r]) sortedEnd = at;
      }
      store.start[r] = from;
      store.head[r] = from;
      store.sortedEnd[r] = sortedEnd;
      store.end[r] = at;
      if (at > from) this.runs.items[kept++] = r;
    }
    this.runs.size = kept;
    this.len = at;
  }
}

/** Runs in take order (key descending, then account), read merged. */
export class TakeOrderRuns extends RunsBase {
  private readonly batchKeys = new FloatList();
  private readonly sorter = new TakeOrderSorter();
  /** A merge's heap of runs (by their current entry) and each run's cursor. */
  private heap = new Int32Array(64);
  private cursor = new Int32Array(64);

  seal(): void {
    if (this.batch.size === 0) return;
    const n = this.batchMembers();
    const ids = this.batch.items;
    // A step's accounts come in take order already (taken from the index in it).
    if (n > 1 && !inTakeOrder(ids, this.key, n)) {
      const keys = this.batchKeys;
      keys.clear();
      for (let k = 0; k < n; k++) keys.push(this.key[ids[k]!]!);
      this.sorter.sort(ids, keys.items, n);
    }
    this.appendRun(n);
  }

  /**
   * Appends to `out`, without removing them, up to `limit` accounts whose key is at least
   * `threshold`, in take order across the runs (key descending, then account): a merge of the runs'
   * heads. Stale entries met at a run's head are dropped.
   */
  peekMerged(threshold: number, out: IntList, limit: number): void {
    this.seal();
    const { store, entries, runOf, key } = this;
    const runs = this.runs;
    if (this.heap.length < runs.size) {
      this.heap = new Int32Array(2 * runs.size);
      this.cursor = new Int32Array(2 * runs.size);
    }
    const heap = this.heap;
    const cursor = this.cursor;
    // Heap entries are positions in `runs`; cursor[p] is run p's next valid entry (its head). Runs
    // with no entry left are dropped from the list as it is read.
    let kept = 0;
    let n = 0;
    for (let k = 0; k < runs.size; k++) {
      const r = runs.items[k]!;
      let h = store.head[r]!;
      const end = store.end[r]!;
      while (h < end && runOf[entries[h]!] !== r) h++;
      store.head[r] = h;
      if (h === end) continue;
      const p = kept++;
      runs.items[p] = r;
      if (!(key[entries[h]!]! >= threshold)) continue;
      cursor[p] = h;
      heap[n] = p;
      this.siftUp(n++);
    }
    runs.size = kept;
    let taken = 0;
    while (n > 0 && taken < limit) {
      const p = heap[0]!;
      const r = runs.items[p]!;
      out.push(entries[cursor[p]!]!);
      taken++;
      let h = cursor[p]! + 1;
      const end = store.end[r]!;
      while (h < end && runOf[entries[h]!] !== r) h++;
      if (h < end && key[entries[h]!]! >= threshold) {
        cursor[p] = h;
        this.siftDown(0, n);
      } else {
        heap[0] = heap[--n]!;
        if (n > 0) this.siftDown(0, n);
      }
    }
  }

  /** Does the current entry of run position p come before that of q (key descending, then account)? */
  private first(p: number, q: number): boolean {
    return sortsBefore(this.entries[this.cursor[p]!]!, this.entries[this.cursor[q]!]!, this.key);
  }

  private siftUp(j: number): void {
    const heap = this.heap;
    while (j > 0) {
      const up = (j - 1) >> 1;
      if (!this.first(heap[j]!, heap[up]!)) break;
      const t = heap[j]!;
      heap[j] = heap[up]!;
      heap[up] = t;
      j = up;
    }
  }

  private siftDown(j: number, n: number): void {
    const heap = this.heap;
    for (;;) {
      const l = 2 * j + 1;
      if (l >= n) return;
      const r = l + 1;
      const c = r < n && this.first(heap[r]!, heap[l]!) ? r : l;
      if (!this.first(heap[c]!, heap[j]!)) return;
      const t = heap[j]!;
      heap[j] = heap[c]!;
      heap[c] = t;
      j = c;
    }
  }
}

/** A size run's bucket of key x ≥ 0: the high word's top bits (exponent, two mantissa bits). */
const SIZE_SHIFT = 18;

const WORD_F64 = new Float64Array(1);
const WORD_I32 = new Int32Array(WORD_F64.buffer);
/** Where a double's high word is in WORD_I32 (1 on a little-endian machine). */
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** The bucket of a size (non-decreasing in x ≥ 0: the bits of a non-negative double order as it does). */
function sizeBucket(x: number): number {
  WORD_F64[0] = x;
  return WORD_I32[HIGH_WORD]! >> SIZE_SHIFT;
}

/**
 * Runs grouped by a bucket of the key, highest first (unordered within a bucket), read for every
 * account at or above a threshold: the buckets above the threshold's whole, its own entry by entry
 * (those below the threshold kept, together, at the end of that bucket's stretch).
 */
export class SizeRuns extends RunsBase {
  private counts = new Int32Array(256);
  private sorted = new Int32Array(256);
  private buckets = new Int32Array(256);
  private readonly kept = new IntList(64);
  private readonly keptKeys = new FloatList();
  private readonly sorter = new TakeOrderSorter();

  seal(): void {
    if (this.batch.size === 0) return;
    const n = this.batchMembers();
    const ids = this.batch.items;
    const key = this.key;
    if (this.sorted.length < n) {
      this.sorted = new Int32Array(2 * n);
      this.buckets = new Int32Array(2 * n);
    }
    const buckets = this.buckets;
    let lo = 0x7fffffff;
    let hi = -0x80000000;
    for (let k = 0; k < n; k++) {
      const b = sizeBucket(key[ids[k]!]!);
      buckets[k] = b;
      if (b < lo) lo = b;
      if (b > hi) hi = b;
    }
    if (n > 1 && hi > lo) {
      // A counting sort by bucket, the highest first.
      const m = hi - lo + 1;
      if (this.counts.length < m + 1) this.counts = new Int32Array(2 * m + 1);
      const counts = this.counts;
      counts.fill(0, 0, m + 1);
      for (let k = 0; k < n; k++) counts[hi - buckets[k]! + 1]!++;
      for (let b = 0; b < m; b++) counts[b + 1]! += counts[b]!;
      const sorted = this.sorted;
      for (let k = 0; k < n; k++) sorted[counts[hi - buckets[k]!]!++] = ids[k]!;
      ids.set(sorted.subarray(0, n));
    }
    this.appendRun(n);
  }

  /** Appends to `out` and removes every account whose key is at least `threshold` (sealing first). */
  takeAtLeast(threshold: number, out: IntList): void {
    this.seal();
    const { store, entries, runOf, key, runs } = this;
    const bT = sizeBucket(threshold);
    let keptRuns = 0;
    for (let k = 0; k < runs.size; k++) {
      const r = runs.items[k]!;
      let h = store.head[r]!;
      const end = store.end[r]!;
      // A stretch sorted by an earlier read: down to the first account below the threshold (every
      // account after it is lower: the rest of its bucket, then lower buckets).
      const sortedEnd = store.sortedEnd[r]!;
      while (h < sortedEnd) {
        const i = entries[h]!;
        if (runOf[i] === r) {
          if (!(key[i]! >= threshold)) break;
          this.take(r, i, out);
        }
        h++;
      }
      if (h < sortedEnd) {
        store.head[r] = h;
        runs.items[keptRuns++] = r;
        continue;
      }
      // Buckets above the threshold's: every account in them.
      while (h < end) {
        const i = entries[h]!;
        if (runOf[i] === r) {
          if (sizeBucket(key[i]!) <= bT) break;
          this.take(r, i, out);
        }
        h++;
      }
      if (h < end && sizeBucket(key[entries[h]!]!) === bT) h = this.takeInBucket(r, h, bT, threshold, out);
      store.head[r] = h;
      if (store.live[r]! > 0) runs.items[keptRuns++] = r;
    }
    runs.size = keptRuns;
  }

  /** Account i, a valid entry of run r, is read: out of the run, into `out`. */
  private take(r: number, i: number, out: IntList): void {
    out.push(i);
    this.runOf[i] = -1;
    this.store.live[r]!--;
  }

  /**
   * Run r's stretch of bucket bT from entry h: takes the accounts at or above the threshold, moves
   * the others to the stretch's end, sorted by key descending (the next reads stop at the first one
   * below their threshold); returns the new head (the first of those kept).
   */
  private takeInBucket(r: number, h: number, bT: number, threshold: number, out: IntList): number {
    const { store, entries, runOf, key } = this;
    const end = store.end[r]!;
    const kept = this.kept;
    kept.clear();
    let g = h;
    for (; g < end; g++) {
      const i = entries[g]!;
      if (runOf[i] !== r) continue;
      const x = key[i]!;
      if (sizeBucket(x) < bT) break;
      if (x >= threshold) this.take(r, i, out);
      else kept.push(i);
    }
    const n = kept.size;
    const keys = this.keptKeys;
    keys.clear();
    for (let k = 0; k < n; k++) keys.push(key[kept.items[k]!]!);
    if (n > 1) this.sorter.sort(kept.items, keys.items, n);
    const from = g - n;
    entries.set(kept.items.subarray(0, n), from);
    store.sortedEnd[r] = g;
    return from;
  }
}

/** Are ids[0, n) (distinct) in take order already (key[id] descending, then id)? A step's accounts mostly are. */
function inTakeOrder(ids: Int32Array, key: Float64Array, n: number): boolean {
  for (let k = 1; k < n; k++) if (sortsBefore(ids[k]!, ids[k - 1]!, key)) return false;
  return true;
}
