/**
 * Insolvency beside realised bad debt (MODEL.md §8): the accounts whose debt exceeds the value of
 * their collateral, and by how much ("unrealised bad debt"), valued at the oracle price the protocol
 * acts on and at the market price a sale would fetch. A design that liquidates nothing realises no
 * bad debt; this is what shows it is not safe.
 *
 * An account's equity is collateral · price − debt for every population the engine generates
 * (lending accounts, perpetual longs margined in the asset or in the numeraire: accounts.ts,
 * account-health.ts), so one rule serves all. Observes; never changes state.
 */
import type { AccountChangeListener, Accounts } from '../../accounts.ts';
import { grown } from '../../buffer-pool.ts';
import { asDoubles } from '../../double-fields.ts';
import { STATUS_ACTIVE } from '../../accounts.ts';

/** Underwater accounts and their shortfall at one step, at the oracle and at the market price. */
export interface InsolvencyReading {
  accountsAtOracle: number;
  shortfallAtOracleUsd: number;
  accountsAtMarket: number;
  shortfallAtMarketUsd: number;
}

/**
 * Shortfalls are summed in whole thousandths of a dollar: each underwater account's gap is rounded
 * to $0.001 before it is added, so the sum is exact (integers below 2⁵³) and does not depend on the
 * order the accounts are read in — the watch below and the full scan give the same bits. An account
 * counts as underwater when its gap is at least half a mill ($0.0005), so that no account is counted
 * with nothing owed beyond its collateral.
 */
const MILLS = 1000;

/**
 * The reference: reads every active indebted account once, O(accounts). `out` is overwritten.
 * `held`: USD each account holds with the mechanism besides its collateral (soft liquidation's
 * bands), or null.
 */
export function measureInsolvency(
  acc: Accounts,
  oraclePrice: number,
  marketPrice: number,
  out: InsolvencyReading = emptyReading(),
  held: Float64Array | null = null,
): InsolvencyReading {
  const sum = new GapSum(oraclePrice, marketPrice, held);
  const { debt, status } = acc;
  for (let i = 0; i < acc.count; i++) {
    if (debt[i]! > 0 && status[i] === STATUS_ACTIVE) sum.add(acc, i);
  }
  return sum.read(out);
}

/** Counts and sums (in mills) the accounts underwater at the two prices. */
class GapSum {
  nO = 0;
  mO = 0;
  nM = 0;
  mM = 0;
  constructor(
    private readonly pO: number,
    private readonly pM: number,
    private readonly held: Float64Array | null,
  ) {
    // Sums of mills pass the small-integer range in a large run.
    asDoubles(this, ['mO', 'mM']);
  }
  /** Account i (active, indebted). */
  add(acc: Accounts, i: number): void {
    const c = acc.collateral[i]!;
    const owed = acc.debt[i]! - (this.held === null ? 0 : this.held[i]!);
    const millsO = Math.round((owed - c * this.pO) * MILLS);
    if (millsO > 0) {
      this.nO++;
      this.mO += millsO;
    }
    const millsM = Math.round((owed - c * this.pM) * MILLS);
    if (millsM > 0) {
      this.nM++;
      this.mM += millsM;
    }
  }
  read(out: InsolvencyReading): InsolvencyReading {
    out.accountsAtOracle = this.nO;
    out.shortfallAtOracleUsd = this.mO / MILLS;
    out.accountsAtMarket = this.nM;
    out.shortfallAtMarketUsd = this.mM / MILLS;
    return out;
  }
}

const BUCKETS = 16384;
/** The buckets span insolvency prices from this far below the price at filing time … */
const SPAN_BELOW = 1e4;
/** … to this far above it (higher ones share the top bucket, read every step). */
const SPAN_ABOVE = 10;
/** Accounts in a block: 2^BLOCK_SHIFT consecutive ones (the order is riskiest first, so neighbours are alike). */
const BLOCK_SHIFT = 6;

/**
 * The same reading without reading every account every step. An account can be underwater at price
 * p only if debt / collateral > p (what it holds in soft-liquidation bands only lowers its gap). The
 * watch keeps, for each block of consecutive accounts, a bound at least the highest such "insolvency
 * price" among its active indebted accounts, and files the blocks by their bounds in log-spaced
 * buckets (doubly linked lists); a step reads every account of the blocks in the buckets above the
 * lower of the two prices, and a block it finds no account underwater in has its bound lowered to
 * the highest price in it. Accounts the step changes are told to it (`noteChanged`, accounts.ts);
 * before the next reading each raises its block's bound if it now exceeds it (a bound only falls to
 * what a reading found, so it never falls below an account's price). Filing blocks, not accounts,
 * costs one division a change and a logarithm only when a bound rises; the accounts read are those
 * of the blocks near the price, alike in risk. Same result as `measureInsolvency`, bit for bit
 * (tested on every preset: the sums are exact in any order). Memory: 18 B per block of 64 accounts
 * and the step's changed accounts.
 */
export class InsolvencyWatch implements AccountChangeListener {
  private readonly head = new Int32Array(BUCKETS).fill(-1);
  private readonly shift: number;
  /** Per block: its bound (−Infinity: no active indebted account), bucket (−1: not filed), links. */
  private readonly bound: Float64Array;
  private readonly bucket: Int16Array;
  private readonly next: Int32Array;
  private readonly prev: Int32Array;
  /** Accounts changed since the last reading (an account may be told more than once). */
  private pending = new Int32Array(1024);
  private pendingCount = 0;
  /** A reading's blocks and the highest insolvency price read in each. */
  private readBlocks = new Int32Array(64);
  private readMax = new Float64Array(64);
  private logMin = 0;
  private scale = 0;
  private filed = false;
  /** Every bucket above it is empty (lowered as readings find its bucket empty, raised by filing). */
  private top = -1;

  /** `blockShift`: accounts a block as a power of two (tests use small blocks). */
  constructor(
    private readonly acc: Accounts,
    blockShift = BLOCK_SHIFT,
  ) {
    this.shift = blockShift;
    const blocks = (acc.count >> blockShift) + 1;
    this.bound = new Float64Array(blocks).fill(-Infinity);
    this.bucket = new Int16Array(blocks).fill(-1);
    this.next = new Int32Array(blocks);
    this.prev = new Int32Array(blocks);
    asDoubles(this, ['logMin', 'scale']);
    acc.changes = this;
  }

  changed(i: number): void {
    // Before the first reading nothing is filed: `fileAll` will read every account as it is then.
    if (!this.filed) return;
    if (this.pendingCount === this.pending.length) this.pending = grown(this.pending, 2 * this.pendingCount);
    this.pending[this.pendingCount++] = i;
  }

  measure(
    oraclePrice: number,
    marketPrice: number,
    out: InsolvencyReading,
    held: Float64Array | null,
  ): InsolvencyReading {
    const p = Math.min(oraclePrice, marketPrice);
    if (!this.filed) this.fileAll(p > 0 ? p : 1);
    const { collateral, debt, status } = this.acc;
    for (let k = 0; k < this.pendingCount; k++) {
      const i = this.pending[k]!;
      const d = debt[i]!;
      if (d <= 0 || status[i] !== STATUS_ACTIVE) continue;
      const q = insolvencyPrice(d, collateral[i]!);
      const b = i >> this.shift;
      if (q > this.bound[b]!) this.raise(b, q);
    }
    this.pendingCount = 0;
    // The buckets whose blocks may hold an insolvency price above the lower price, highest first.
    const sum = new GapSum(oraclePrice, marketPrice, held);
    const lowest = p > 0 ? this.bucketOf(p) : 0;
    let top = this.top;
    while (top >= lowest && this.head[top]! < 0) top--;
    this.top = top;
    // (Taken out of their buckets as they are read, filed again after: each block read once.)
    let read = 0;
    for (let b = top; b >= lowest; b--) {
      for (let blk = this.head[b]!; blk >= 0; blk = this.next[blk]!) {
        const was = this.bound[blk]!;
        this.bucket[blk] = -1;
        this.bound[blk] = -Infinity;
        if (read === this.readBlocks.length) this.readBlocks = grown(this.readBlocks, 2 * read);
        if (read === this.readMax.length) this.readMax = grown(this.readMax, 2 * read);
        this.readBlocks[read] = blk;
        // A block with an account underwater keeps its bound (it is read again while the price stays
        // under it); one without any falls to its highest price now.
        this.readMax[read++] = this.readBlock(blk, sum, p, held) ? was : this.highestIn(blk);
      }
      this.head[b] = -1;
    }
    for (let k = 0; k < read; k++) {
      if (this.readMax[k]! > -Infinity) this.raise(this.readBlocks[k]!, this.readMax[k]!);
    }
    return sum.read(out);
  }

  /**
   * Adds block `blk`'s underwater accounts to `sum`; true when it handed it any. An account that owes
   * at most its collateral's worth at `p`, the lower of the two prices, is above water at both (as
   * `GapSum` computes them): it is not handed to the sum.
   */
  private readBlock(blk: number, sum: GapSum, p: number, held: Float64Array | null): boolean {
    const { acc } = this;
    const { collateral, debt, status } = acc;
    const to = Math.min(acc.count, (blk + 1) << this.shift);
    let any = false;
    for (let i = blk << this.shift; i < to; i++) {
      const d = debt[i]!;
      if (d <= 0 || status[i] !== STATUS_ACTIVE) continue;
      if ((held === null ? d : d - held[i]!) > collateral[i]! * p) {
        sum.add(acc, i);
        any = true;
      }
    }
    return any;
  }

  /** Files every block by its highest insolvency price, in buckets spanning SPAN_BELOW under to SPAN_ABOVE over `p`. */
  private fileAll(p: number): void {
    this.filed = true;
    this.logMin = Math.log(p / SPAN_BELOW);
    this.scale = BUCKETS / Math.log(SPAN_ABOVE * SPAN_BELOW);
    const blocks = ((this.acc.count - 1) >> this.shift) + 1;
    for (let blk = 0; blk < blocks; blk++) {
      const max = this.highestIn(blk);
      if (max > -Infinity) this.raise(blk, max);
    }
  }

  /**
   * The highest insolvency price among block `blk`'s active indebted accounts (−Infinity: none). A
   * kernel called once a block: run once over every account, the loop would run interpreted until
   * V8 compiled it mid-loop, a heap number per account.
   */
  private highestIn(blk: number): number {
    const { collateral, debt, status, count } = this.acc;
    const to = Math.min(count, (blk + 1) << this.shift);
    let max = -Infinity;
    for (let i = blk << this.shift; i < to; i++) {
      const d = debt[i]!;
      if (d <= 0 || status[i] !== STATUS_ACTIVE) continue;
      max = Math.max(max, insolvencyPrice(d, collateral[i]!));
    }
    return max;
  }

  /** Block `blk`'s bound rises to q (above its bound): filed again if its bucket changes. */
  private raise(blk: number, q: number): void {
    this.bound[blk] = q;
    const b = this.bucketOf(q);
    const was = this.bucket[blk]!;
    if (b === was) return;
    if (was >= 0) {
      const n = this.next[blk]!;
      const pr = this.prev[blk]!;
      if (pr >= 0) this.next[pr] = n;
      else this.head[was] = n;
      if (n >= 0) this.prev[n] = pr;
    }
    const h = this.head[b]!;
    this.next[blk] = h;
    this.prev[blk] = -1;
    if (h >= 0) this.prev[h] = blk;
    this.head[b] = blk;
    this.bucket[blk] = b;
    if (b > this.top) this.top = b;
  }

  /** The bucket an insolvency price q falls in (clamped to the first and last; Infinity: the last). */
  private bucketOf(q: number): number {
    const b = Math.floor((Math.log(q) - this.logMin) * this.scale);
    return b < 0 ? 0 : b >= BUCKETS ? BUCKETS - 1 : b;
  }
}

/** The price under which an account owing `debt` on `collateral` units is underwater (no collateral: any). */
function insolvencyPrice(debt: number, collateral: number): number {
  return collateral > 0 ? debt / collateral : Infinity;
}

export function emptyReading(): InsolvencyReading {
  const reading = {
    accountsAtOracle: 0,
    shortfallAtOracleUsd: 0,
    accountsAtMarket: 0,
    shortfallAtMarketUsd: 0,
  };
  return asDoubles(reading, ['shortfallAtOracleUsd', 'shortfallAtMarketUsd']);
}

/** Insolvency over a run at one valuation (oracle or market). */
export interface InsolvencyAt {
  /** Most accounts underwater at any step, and that step (−1: never). */
  peakAccounts: number;
  peakAccountsStep: number;
  /** Largest shortfall of the underwater accounts at any step, USD, that step (−1: never), and the accounts underwater then. */
  peakShortfallUsd: number;
  peakShortfallStep: number;
  accountsAtPeakShortfall: number;
  /** Underwater at the run's last step: what liquidations had not resolved by the end. */
  endAccounts: number;
  endShortfallUsd: number;
}

/** The summary of a run's insolvency (MODEL.md §8), from its per-step series. */
export interface InsolvencySummary {
  atOracle: InsolvencyAt;
  atMarket: InsolvencyAt;
}

export function summarizeInsolvency(s: {
  underwaterAccountsOracle: Float64Array;
  underwaterShortfallOracleUsd: Float64Array;
  underwaterAccountsMarket: Float64Array;
  underwaterShortfallMarketUsd: Float64Array;
}): InsolvencySummary {
  return {
    atOracle: insolvencyAt(s.underwaterAccountsOracle, s.underwaterShortfallOracleUsd),
    atMarket: insolvencyAt(s.underwaterAccountsMarket, s.underwaterShortfallMarketUsd),
  };
}

function insolvencyAt(accounts: Float64Array, shortfall: Float64Array): InsolvencyAt {
  const out: InsolvencyAt = {
    peakAccounts: 0,
    peakAccountsStep: -1,
    peakShortfallUsd: 0,
    peakShortfallStep: -1,
    accountsAtPeakShortfall: 0,
    endAccounts: accounts.length > 0 ? accounts[accounts.length - 1]! : 0,
    endShortfallUsd: shortfall.length > 0 ? shortfall[shortfall.length - 1]! : 0,
  };
  for (let t = 0; t < accounts.length; t++) {
    if (accounts[t]! > out.peakAccounts) [out.peakAccounts, out.peakAccountsStep] = [accounts[t]!, t];
    if (shortfall[t]! > out.peakShortfallUsd) {
      out.peakShortfallUsd = shortfall[t]!;
      out.peakShortfallStep = t;
      out.accountsAtPeakShortfall = accounts[t]!;
    }
  }
  return out;
}
