/**
 * Seeded pseudo-random numbers for the engine. Never Math.random: a run is a pure function of its
 * inputs and seed (MODEL.md §9). xoshiro128** over 32-bit integers, seeded by splitmix32, gives the
 * same sequence on every JavaScript engine.
 */
export class Rng {
  /**
   * The four 32-bit words of state, in a typed array: as object fields, words of 2^30 and more are
   * stored boxed (V8's small integers are 31 bits), and every draw paid for it.
   */
  private readonly s = new Int32Array(4);
  private spareNormal: number | null = null;

  constructor(seed: number, stream = 0) {
    let s = (Math.trunc(seed) ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    const st = this.s;
    for (let k = 0; k < 4; k++) st[k] = next();
    if ((st[0]! | st[1]! | st[2]! | st[3]!) === 0) st[0] = 1;
  }

  /** A generator that continues from `state` (four words from {@link Rng.state}). */
  static fromState(state: Int32Array): Rng {
    const r = new Rng(0);
    r.s.set(state.subarray(0, 4));
    return r;
  }

  /**
   * A copy of the generator's four words of state: `Rng.fromState` continues the same sequence of
   * 32-bit draws (a spare normal the polar method holds is not part of it).
   */
  state(): Int32Array {
    return this.s.slice();
  }

  /** Advances the generator by `count` 32-bit draws (as if they were drawn and discarded). */
  skip(count: number): void {
    // nextUint32's state update on locals (a helper skips millions of draws to reach its rows).
    const st = this.s;
    let a = st[0]!;
    let b = st[1]!;
    let c = st[2]!;
    let d = st[3]!;
    for (let k = 0; k < count; k++) {
      const c2 = c ^ a;
      const d2 = d ^ b;
      a ^= d2;
      c = c2 ^ (b << 9);
      b ^= c2;
      d = (d2 << 11) | (d2 >>> 21);
    }
    st[0] = a;
    st[1] = b;
    st[2] = c;
    st[3] = d;
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const st = this.s;
    const a = st[0]!;
    const b = st[1]!;
    const c = st[2]! ^ a;
    const d = st[3]! ^ b;
    st[0] = a ^ d;
    st[1] = b ^ c;
    st[2] = c ^ (b << 9);
    st[3] = (d << 11) | (d >>> 21);
    return Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
  }

  /** Uniform in [0, 1) with 53 bits of precision. */
  next(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform in (0, 1) from one 32-bit draw: for bulk sampling where 32 bits of resolution suffice. */
  fast(): number {
    return (this.nextUint32() + 0.5) * 2.3283064365386963e-10;
  }

  /**
   * Writes the next `count` values of {@link Rng.fast} to `out[0…count − 1]`, in order: the same
   * values and the same state after as `count` calls, without a call (and a boxed result) per value.
   * In chunks of FILL_CHUNK (see {@link fillChunk}).
   */
  fillFast(out: Float64Array, count: number): void {
    for (let from = 0; from < count; from += FILL_CHUNK) {
      fillChunk(this.s, out, from, Math.min(count, from + FILL_CHUNK));
    }
  }

  /** Standard normal by inversion of one 32-bit uniform (cheaper than the polar method for bulk draws). */
  fastNormal(): number {
    return inverseNormal(this.fast());
  }

  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Standard normal (Marsaglia polar method). */
  normal(): number {
    if (this.spareNormal !== null) {
      const v = this.spareNormal;
      this.spareNormal = null;
      return v;
    }
    for (;;) {
      const u = 2 * this.next() - 1;
      const v = 2 * this.next() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const m = Math.sqrt((-2 * Math.log(s)) / s);
        this.spareNormal = v * m;
        return u * m;
      }
    }
  }

  /** Log-normal with the given median and log-space standard deviation. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }
}

/**
 * Values per {@link fillChunk} call. Below the iterations after which V8 compiles a running loop
 * on the stack (on-stack replacement): the first calls run to their end interpreted, so the state's
 * stores after the loop have been seen when the kernel is compiled. One loop over a whole block was
 * compiled mid-loop before those stores had ever run, and that code deoptimised at them at the end
 * of nearly every block (742 times in a 1 M replay).
 */
const FILL_CHUNK = 256;

/** {@link Rng.fillFast}'s kernel: values `from`…`to − 1` of `out` from state `st`, which it advances. */
function fillChunk(st: Int32Array, out: Float64Array, from: number, to: number): void {
  let a = st[0]!;
  let b = st[1]!;
  let c = st[2]!;
  let d = st[3]!;
  for (let k = from; k < to; k++) {
    const r = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const b0 = b;
    const c2 = c ^ a;
    const d2 = d ^ b0;
    a ^= d2;
    b = b0 ^ c2;
    c = c2 ^ (b0 << 9);
    d = (d2 << 11) | (d2 >>> 21);
    out[k] = (r + 0.5) * 2.3283064365386963e-10;
  }
  st[0] = a;
  st[1] = b;
  st[2] = c;
  st[3] = d;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/**
 * Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9). The
 * coefficients are written inline (no per-call arrays): bulk generation calls this millions of times.
 *
 * Written so that TurboFan keeps its result an unboxed double where it is inlined: the usual case
 * first, the constant returns last, and the upper tail as the lower one mirrored (−x(1 − p), the sign
 * applied to the numerator: exact) rather than a recursive call. Early returns of ±Infinity, or a
 * call's result, merged into the return value made every result a heap number — one allocation per
 * draw. It is still too large to be inlined at more than two call sites of one function.
 */
export function inverseNormal(p: number): number {
  if (!(p > 0 && p < 1)) return p <= 0 ? -Infinity : p >= 1 ? Infinity : NaN;
  let x = p;
  let sign = 1;
  if (p >= NORMAL_TAIL && p > 1 - NORMAL_TAIL) {
    x = 1 - p;
    sign = -1;
  }
  if (x < NORMAL_TAIL) {
    const q = Math.sqrt(-2 * Math.log(x));
    const num =
      ((((-0.007784894002430293 * q + -0.3223964580411365) * q + -2.400758277161838) * q +
        -2.549732539343734) *
        q +
        4.374664141464968) *
        q +
      2.938163982698783;
    const den =
      (((0.007784695709041462 * q + 0.3224671290700398) * q + 2.445134137142996) * q + 3.754408661907416) *
        q +
      1;
    return (sign * num) / den;
  }
  const q = x - 0.5;
  const r = q * q;
  const num =
    (((((-39.69683028665376 * r + 220.9460984245205) * r + -275.9285104469687) * r + 138.357751867269) * r +
      -30.66479806614716) *
      r +
      2.506628277459239) *
    q;
  const den =
    ((((-54.47609879822406 * r + 161.5858368580409) * r + -155.6989798598866) * r + 66.80131188771972) * r +
      -13.28068155288572) *
      r +
    1;
  return (sign * num) / den;
}

/** Below it (and above 1 − it) {@link inverseNormal} uses the tail formula. */
const NORMAL_TAIL = 0.02425;
