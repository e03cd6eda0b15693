import { describe, expect, it } from 'vitest';
import { BufferPool, grown } from './buffer-pool.ts';

describe('BufferPool', () => {
  it('lends zeroed arrays, and after reclaim lends the same buffers again, zeroed again', () => {
    const pool = new BufferPool();
    const a = pool.f64(100);
    const b = pool.i32(50);
    a.fill(7);
    b.fill(-3);
    expect(pool.bytes).toEqual({ lent: 1000, free: 0 });
    pool.reclaim();
    expect(pool.bytes).toEqual({ lent: 0, free: 1000 });
    const a2 = pool.f64(100);
    const b2 = pool.like(new Int32Array(0), 50);
    expect(a2.buffer).toBe(a.buffer);
    expect(b2.buffer).toBe(b.buffer);
    expect(a2.every((x) => x === 0)).toBe(true);
    expect(b2.every((x) => x === 0)).toBe(true);
    // A size never lent before is a new buffer.
    expect(pool.u8(7).buffer).not.toBe(a.buffer);
  });

  it('copies an array onto a lent buffer, and drops free buffers beyond its bound', () => {
    const pool = new BufferPool(1024);
    const src = Float32Array.from([1.5, -2, 3]);
    const c = pool.copy(src);
    expect(c).toBeInstanceOf(Float32Array);
    expect(Array.from(c)).toEqual([1.5, -2, 3]);
    pool.f64(100); // 800 bytes
    pool.f64(100); // 800 more: past the bound, not kept
    pool.reclaim();
    expect(pool.bytes.free).toBeLessThanOrEqual(1024);
  });
});

describe('grown', () => {
  it('copies an array into a longer zeroed one of its type, fresh or from a pool', () => {
    const a = Int32Array.from([3, -1, 7]);
    const b = grown(a, 6);
    expect(b).toBeInstanceOf(Int32Array);
    expect(Array.from(b)).toEqual([3, -1, 7, 0, 0, 0]);
    expect(Array.from(a)).toEqual([3, -1, 7]);
    const pool = new BufferPool();
    const lent = pool.f64(4);
    lent.set([9, 9, 9, 9]);
    pool.reclaim();
    const c = grown(Float64Array.from([1.5, 2.5]), 4, pool);
    expect(c.buffer).toBe(lent.buffer);
    expect(Array.from(c)).toEqual([1.5, 2.5, 0, 0]);
  });
});
