import { describe, expect, it } from 'vitest';
import { MIN_SPAN, clampRange, follow, panBy, zoomAround } from './zoom.ts';

describe('step-axis zoom', () => {
  it('zooms in around a step, keeping it at the same place on screen', () => {
    const r = zoomAround(null, 1001, 0.5, 250)!;
    expect(r.max - r.min).toBeCloseTo(500);
    // 250 was a quarter of the way across; it still is.
    expect((250 - r.min) / (r.max - r.min)).toBeCloseTo(0.25);
  });

  it('never goes narrower than MIN_SPAN, nor outside the run, and zooming out to the whole run is null', () => {
    let r = zoomAround(null, 1001, 0.5, 990);
    for (let i = 0; i < 20; i++) r = zoomAround(r, 1001, 0.5, 990);
    expect(r!.max - r!.min).toBe(MIN_SPAN);
    expect(r!.max).toBeLessThanOrEqual(1000);
    expect(zoomAround(r, 1001, 1e6, 500)).toBeNull();
    expect(clampRange({ min: -50, max: 2000 }, 1001)).toBeNull();
    expect(clampRange({ min: -50, max: 50 }, 1001)).toEqual({ min: 0, max: 100 });
  });

  it('pans within the run and follows a cursor that leaves the view', () => {
    const r = { min: 100, max: 200 };
    expect(panBy(r, 1001, 50)).toEqual({ min: 150, max: 250 });
    expect(panBy(r, 1001, -500)).toEqual({ min: 0, max: 100 });
    expect(panBy(r, 1001, 5000)).toEqual({ min: 900, max: 1000 });
    expect(panBy(null, 1001, 50)).toBeNull();
    expect(follow(r, 1001, 150)).toBe(r);
    expect(follow(r, 1001, 260)).toEqual({ min: 160, max: 260 });
    expect(follow(r, 1001, 40)).toEqual({ min: 40, max: 140 });
  });
});
