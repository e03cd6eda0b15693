/**
 * "First step ≥ from whose gas is ≤ cap" in O(log n), for owners whose transaction waits for gas to
 * fall under their cap. `lower[0][s]` is the first step after s with gas strictly below gas[s] (every
 * step in between is at least gas[s], so a search that is above its cap at s can jump there), and
 * `lower[k]` is that jump taken 2^k times. Gas strictly falls along a jump chain, so the chain can be
 * binary-searched for the first value ≤ cap.
 */
import { asDoubles } from '../double-fields.ts';

export class GasIndex {
  private readonly lower: Int32Array[];
  /** The last search's answer `hitAt` holds for every cap in [hitLo, hitHi) from step `hitFrom`. */
  private hitFrom = -1;
  private hitLo = 0;
  private hitHi = 0;
  private hitAt = -1;

  /** `values`: gas price at every step, gwei. */
  constructor(private readonly values: Float64Array) {
    const n = values.length;
    const first = new Int32Array(n).fill(-1);
    const stack = new Int32Array(n);
    let top = 0;
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      while (top > 0 && values[stack[top - 1]!]! > v) first[stack[--top]!] = i;
      stack[top++] = i;
    }
    const lower = [first];
    for (let k = 1; 1 << k < n; k++) {
      const prev = lower[k - 1]!;
      const next = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const j = prev[i]!;
        next[i] = j < 0 ? -1 : prev[j]!;
      }
      lower.push(next);
    }
    this.lower = lower;
    asDoubles(this, ['hitLo', 'hitHi']);
  }

  /** First step ≥ `from` whose gas is ≤ `cap` (gwei), or −1. */
  firstAtOrBelow(from: number, cap: number): number {
    const { values, lower } = this;
    if (from >= values.length) return -1;
    let s = from;
    if (values[s]! <= cap) return s;
    if (from === this.hitFrom && cap >= this.hitLo && cap < this.hitHi) return this.hitAt;
    // Invariant: values[s] > cap. Take the longest jumps that stay above the cap.
    for (let k = lower.length - 1; k >= 0; k--) {
      const j = lower[k]![s]!;
      if (j >= 0 && values[j]! > cap) s = j;
    }
    const at = lower[0]![s]!;
    this.hitFrom = from;
    this.hitLo = at >= 0 ? values[at]! : -Infinity;
    this.hitHi = values[s]!;
    this.hitAt = at;
    return at;
  }
}
