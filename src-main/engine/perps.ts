/**
 * The short side of a perpetual-futures market (MODEL.md §3, §6): the accounts a falling price makes
 * profitable, which auto-deleveraging (ADL) reduces by rank once the insurance fund is exhausted, and
 * which a rising price can liquidate.
 *
 * A short of size s (units) opened at entry e with margin m (USD) has equity m + s·(e − P) and is
 * liquidated when that falls below the maintenance margin mm·s·P, i.e. when P ≥ (m + s·e) / (s·(1 + mm)).
 * Shorts fire on a *rising* price, so they are filed in the same trigger index as the longs with
 * inverted keys (1 / trigger, queried at 1 / P).
 *
 * ADL rank (Hyperliquid, dYdX v4): unrealised PnL as a share of margin × leverage, highest first —
 * the most profitable, most leveraged shorts are reduced first. A reduction of q units closes at the
 * bankrupt long's bankruptcy price P_b: the short realises q·(e − P_b) into its margin. The ranking is a
 * max-heap rebuilt when the mark has moved 0.5% (see rank).
 */
import { asDoubles } from './double-fields.ts';
import { Rng } from './random.ts';
import type { IdSink } from './id-list.ts';
import type { PopulationSpec } from './scenario.ts';
import { createTriggerIndex, type TriggerIndex, type TriggerIndexKind } from './trigger-index.ts';

export const SHORT_ACTIVE = 0;
export const SHORT_CLOSED = 1;

type PerpsSpec = NonNullable<PopulationSpec['perps']>;

export class ShortBook {
  readonly count: number;
  /** Position size, units. */
  readonly size: Float64Array;
  readonly entry: Float64Array;
  /** Margin balance, USD (realised PnL from ADL is added to it). */
  readonly margin: Float64Array;
  readonly status: Uint8Array;
  /** 1 / liquidation price (inverted key: the index fires when 1/P ≤ this). */
  private readonly invTrigger: Float64Array;
  private readonly index: TriggerIndex;
  /** Max-heap of profitable shorts by ADL score (see rank). */
  private ranked: Uint32Array = new Uint32Array(0);
  private keys: Float64Array = new Float64Array(0);
  private rankedCount = 0;
  private rankMark = 0;

  constructor(
    spec: PerpsSpec,
    longAccounts: number,
    totalUnits: number,
    initialPrice: number,
    private maintenance: number,
    seed: number,
    indexKind: TriggerIndexKind,
  ) {
    asDoubles(this, ['rankMark']);
    const n = Math.max(1, Math.round(longAccounts * spec.shorts.accountsPerLong));
    this.count = n;
    this.size = new Float64Array(n);
    this.entry = new Float64Array(n).fill(initialPrice);
    this.margin = new Float64Array(n);
    this.status = new Uint8Array(n);
    this.invTrigger = new Float64Array(n);
    const rng = new Rng(seed, 7);
    const bins = spec.shorts.leverageBins;
    const wsum = bins.reduce((s, b) => s + b.weight, 0);
    const invAlpha = 1 / spec.shorts.sizeParetoAlpha;
    let raw = 0;
    const lev = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let pick = rng.fast() * wsum;
      let b = 0;
      while (b < bins.length - 1 && pick >= bins[b]!.weight) {
        pick -= bins[b]!.weight;
        b++;
      }
      const bin = bins[b]!;
      // A short more leveraged than the design allows could not have been opened under it: capped
      // just inside the maintenance margin (admission, as for the longs).
      lev[i] = Math.min(bin.from + (bin.to - bin.from) * rng.fast(), 1 / (maintenance * 1.05));
      const s = Math.min(Math.exp(-invAlpha * Math.log(1 - rng.fast())), 1e6);
      this.size[i] = s;
      raw += s;
    }
    const scale = raw > 0 ? totalUnits / raw : 0;
    for (let i = 0; i < n; i++) {
      this.size[i] = this.size[i]! * scale;
      this.margin[i] = (this.size[i]! * initialPrice) / lev[i]!;
      this.retrigger(i);
    }
    this.index = createTriggerIndex(indexKind, this.invTrigger, [
      1 / (initialPrice * 1000),
      1000 / initialPrice,
    ]);
    for (let i = 0; i < n; i++) this.index.add(i);
  }

  get memoryBytes(): number {
    return this.count * (8 * 4 + 1) + this.index.memoryBytes + this.ranked.byteLength + this.keys.byteLength;
  }

  /** Liquidation price of short i (∞ when it cannot be liquidated). */
  liquidationPrice(i: number): number {
    const s = this.size[i]!;
    if (s <= 0) return Infinity;
    return (this.margin[i]! + s * this.entry[i]!) / (s * (1 + this.maintenance));
  }

  private retrigger(i: number): void {
    const lp = this.liquidationPrice(i);
    this.invTrigger[i] = this.status[i] === SHORT_ACTIVE && Number.isFinite(lp) ? 1 / lp : 0;
  }

  /** Shorts liquidatable at `price` (removed from the index). */
  liquidatable(price: number, out: IdSink, limit = Infinity): void {
    this.index.take(1 / price, out, limit);
  }

  /** Closes short i entirely (its liquidation or full ADL); returns its size. */
  close(i: number): number {
    const s = this.size[i]!;
    this.size[i] = 0;
    this.status[i] = SHORT_CLOSED;
    this.retrigger(i);
    this.index.remove(i);
    return s;
  }

  /**
   * Ranks profitable shorts at `mark` (highest PnL% × leverage first) into a max-heap. The ranking is
   * rebuilt when the mark has moved more than 0.5% since it was built; in between, the order of the previous ranking stands (the scores of the shorts it holds move
   * together with the price, so their order changes little inside 0.5%). O(S) to build, O(log S) per
   * short taken.
   */
  private rank(mark: number): void {
    // Within 0.5% of the last build nothing new can have become the best candidate: keep the heap,
    // even when it is empty (every profitable short was taken).
    if (this.rankMark > 0 && Math.abs(Math.log(mark / this.rankMark)) < 0.005) return;
    this.rankMark = mark;
    const n = this.count;
    if (this.ranked.length !== n) {
      this.ranked = new Uint32Array(n);
      this.keys = new Float64Array(n);
    }
    let k = 0;
    for (let i = 0; i < n; i++) {
      if (this.status[i] !== SHORT_ACTIVE || this.size[i]! <= 0) continue;
      const pnl = this.size[i]! * (this.entry[i]! - mark);
      const eq = this.margin[i]! + pnl;
      if (pnl <= 0 || eq <= 0 || this.margin[i]! <= 0) continue;
      const leverage = (this.size[i]! * mark) / eq;
      this.keys[i] = (pnl / this.margin[i]!) * leverage;
      this.ranked[k++] = i;
    }
    this.rankedCount = k;
    for (let j = (k >> 1) - 1; j >= 0; j--) this.siftDown(j);
  }

  /** Heap order: higher score first, ties by lower account number. */
  private before(a: number, b: number): boolean {
    const ka = this.keys[a]!;
    const kb = this.keys[b]!;
    return ka > kb || (ka === kb && a < b);
  }

  private siftDown(j: number): void {
    const h = this.ranked;
    const n = this.rankedCount;
    const x = h[j]!;
    for (;;) {
      let c = 2 * j + 1;
      if (c >= n) break;
      if (c + 1 < n && this.before(h[c + 1]!, h[c]!)) c++;
      if (!this.before(h[c]!, x)) break;
      h[j] = h[c]!;
      j = c;
    }
    h[j] = x;
  }

  /** The highest-ranked short still open, or −1. */
  private top(): number {
    while (this.rankedCount > 0) {
      const i = this.ranked[0]!;
      if (this.status[i] === SHORT_ACTIVE && this.size[i]! > 0) return i;
      this.popTop();
    }
    return -1;
  }

  private popTop(): void {
    this.rankedCount--;
    if (this.rankedCount > 0) {
      this.ranked[0] = this.ranked[this.rankedCount]!;
      this.siftDown(0);
    }
  }

  /**
   * Auto-deleverages `units` of short exposure at the bankruptcy price `pb` (the price at which the
   * bankrupt long's equity is zero), taking shorts in rank order at `mark`. Returns the units actually
   * reduced (less than asked only when no profitable short is left) and counts the accounts touched.
   */
  deleverage(units: number, pb: number, mark: number): { units: number; accounts: number } {
    this.rank(mark);
    let left = units;
    let accounts = 0;
    while (left > 1e-12) {
      const i = this.top();
      if (i < 0) break;
      const q = Math.min(left, this.size[i]!);
      this.margin[i] = this.margin[i]! + q * (this.entry[i]! - pb);
      if (this.margin[i]! < 0) this.margin[i] = 0;
      this.size[i] = this.size[i]! - q;
      left -= q;
      accounts++;
      if (this.size[i]! <= 1e-12 * Math.max(1, q)) {
        this.size[i] = 0;
        this.status[i] = SHORT_CLOSED;
        this.index.remove(i);
        this.popTop();
      }
      this.retrigger(i);
      if (this.status[i] === SHORT_ACTIVE) this.index.update(i);
    }
    return { units: units - left, accounts };
  }

  /**
   * Takes `usd` of a loss the insurance fund could not cover from profitable shorts' unrealised PnL
   * at `mark`, in rank order (a socialised ADL haircut). Returns the USD covered.
   */
  haircut(usd: number, mark: number): { usd: number; accounts: number } {
    this.rank(mark);
    let left = usd;
    let accounts = 0;
    while (left > 1e-9) {
      const i = this.top();
      if (i < 0) break;
      const profit = this.size[i]! * (this.entry[i]! - mark);
      const take = Math.min(left, profit, this.margin[i]!);
      if (take <= 0) {
        // Nothing left to give at this mark: out of the ranking until the next rebuild.
        this.popTop();
        continue;
      }
      this.margin[i] = this.margin[i]! - take;
      left -= take;
      accounts++;
      this.retrigger(i);
      this.index.update(i);
      // Demand left over means this short gave all it could: out of the ranking; else it stays on top.
      if (left > 1e-9 || this.margin[i]! <= 0) this.popTop();
    }
    return { usd: usd - left, accounts };
  }
}
