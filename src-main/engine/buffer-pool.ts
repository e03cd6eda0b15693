/**
 * Buffers lent to passes that run one after another (a sweep worker's runs) and given back when a
 * run's result has been read, so the next run writes over them instead of allocating its columns
 * again. Every run of a sweep at 100 k accounts otherwise allocates some 30 MB of typed arrays (its
 * population's copy, its auction book and liquidation log); that much memory outside the JavaScript
 * heap makes V8 collect every two or three runs, and its collector's helper threads then take the
 * cores the other workers need.
 *
 * A buffer handed out is zeroed, as a new typed array is, so a pass computes the same with or
 * without a pool. `reclaim` is the caller's promise that nothing reads what was lent any more.
 */

type View = Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Uint8Array;

/** Where a pass's columns come from: fresh typed arrays, or a pool's reused buffers. Both zeroed. */
export interface Columns {
  f64(n: number): Float64Array<ArrayBuffer>;
  i32(n: number): Int32Array<ArrayBuffer>;
  i16(n: number): Int16Array<ArrayBuffer>;
  u8(n: number): Uint8Array<ArrayBuffer>;
  /** A zeroed array of `a`'s type and `n` elements. */
  like<T extends View>(a: T, n: number): T;
  /** A copy of `a` (its elements only). */
  copy<T extends View>(a: T): T;
}

/** New typed arrays: a pass that reuses nothing. */
export const FRESH_COLUMNS: Columns = {
  f64: (n) => new Float64Array(n),
  i32: (n) => new Int32Array(n),
  i16: (n) => new Int16Array(n),
  u8: (n) => new Uint8Array(n),
  like: <T extends View>(a: T, n: number): T => new (a.constructor as new (n: number) => T)(n),
  copy: <T extends View>(a: T): T => a.slice() as T,
};

/**
 * Columns in memory from `shared` (a population helper's SharedArrayBuffers), so that another
 * thread can write part of them. Zeroed, as new typed arrays are.
 */
export function sharedColumns(shared: (bytes: number) => ArrayBufferLike): Columns {
  // The views are typed as over an ArrayBuffer, as every other column's: nothing here transfers or
  // resizes a column's buffer, and element access is the same on shared memory.
  const view = <T extends View>(Type: new (b: ArrayBufferLike) => T, bytes: number): T =>
    new Type(shared(bytes));
  return {
    f64: (n) => view(Float64Array, 8 * n) as Float64Array<ArrayBuffer>,
    i32: (n) => view(Int32Array, 4 * n) as Int32Array<ArrayBuffer>,
    i16: (n) => view(Int16Array, 2 * n) as Int16Array<ArrayBuffer>,
    u8: (n) => view(Uint8Array, n) as Uint8Array<ArrayBuffer>,
    like: <T extends View>(a: T, n: number): T =>
      view(a.constructor as new (b: ArrayBufferLike) => T, n * a.BYTES_PER_ELEMENT),
    copy: <T extends View>(a: T): T => {
      const c = view(a.constructor as new (b: ArrayBufferLike) => T, a.byteLength);
      c.set(a as never);
      return c;
    },
  };
}

/** `a`'s elements in a zeroed array of its type and `n` (≥ its length) elements, from `columns`. */
export function grown<T extends View>(a: T, n: number, columns: Columns = FRESH_COLUMNS): T {
  const next = columns.like(a, n);
  next.set(a);
  return next;
}

export class BufferPool implements Columns {
  /** Buffers free to lend, by byte length. */
  private readonly free = new Map<number, ArrayBuffer[]>();
  private lent: ArrayBuffer[] = [];
  private freeBytes = 0;

  /** `maxFreeBytes`: free buffers beyond it are dropped (left to the collector) at `reclaim`. */
  constructor(private readonly maxFreeBytes = 512 * 1024 * 1024) {}

  /** A zeroed buffer of `bytes` bytes, lent until `reclaim`. */
  buffer(bytes: number): ArrayBuffer {
    const reused = this.free.get(bytes)?.pop();
    let b: ArrayBuffer;
    if (reused) {
      this.freeBytes -= bytes;
      new Uint8Array(reused).fill(0);
      b = reused;
    } else b = new ArrayBuffer(bytes);
    this.lent.push(b);
    return b;
  }

  f64(n: number): Float64Array<ArrayBuffer> {
    return new Float64Array(this.buffer(n * 8));
  }

  i32(n: number): Int32Array<ArrayBuffer> {
    return new Int32Array(this.buffer(n * 4));
  }

  i16(n: number): Int16Array<ArrayBuffer> {
    return new Int16Array(this.buffer(n * 2));
  }

  u8(n: number): Uint8Array<ArrayBuffer> {
    return new Uint8Array(this.buffer(n));
  }

  /** A zeroed array of `a`'s type and `n` elements. */
  like<T extends View>(a: T, n: number): T {
    const Ctor = a.constructor as { new (b: ArrayBuffer): T; BYTES_PER_ELEMENT: number };
    return new Ctor(this.buffer(n * Ctor.BYTES_PER_ELEMENT));
  }

  /** A copy of `a` (its elements only) on a lent buffer. */
  copy<T extends View>(a: T): T {
    const c = this.like(a, a.length);
    c.set(a as unknown as ArrayLike<number>);
    return c;
  }

  /** Everything lent since the last call may be lent again: nothing reads it any more. */
  reclaim(): void {
    for (const b of this.lent) {
      if (this.freeBytes + b.byteLength > this.maxFreeBytes) continue;
      const list = this.free.get(b.byteLength);
      if (list) list.push(b);
      else this.free.set(b.byteLength, [b]);
      this.freeBytes += b.byteLength;
    }
    this.lent = [];
  }

  /** Bytes lent now and held free (for tests and callers bounding their memory). */
  get bytes(): { lent: number; free: number } {
    return { lent: this.lent.reduce((s, b) => s + b.byteLength, 0), free: this.freeBytes };
  }
}
