import { describe, expect, it } from 'vitest';
import { fakeRun } from './fixtures.ts';
import { observedPoints, observedSegment, segmentKind } from './observed-segments.ts';

describe('the observed path drawn by what each stretch is', () => {
  // Steps: data, filled, filled, data, data, joined, joined, data, closed, closed.
  const kinds = [1, 0, 0, 1, 1, 3, 3, 1, 2, 2];

  it('tells data, filled, joined and closed segments apart', () => {
    expect(segmentKind(kinds, 0, 1)).toBe('filled');
    expect(segmentKind(kinds, 2, 3)).toBe('filled');
    expect(segmentKind(kinds, 3, 4)).toBe('observed');
    expect(segmentKind(kinds, 4, 5)).toBe('joined');
    expect(segmentKind(kinds, 6, 7)).toBe('joined');
    expect(segmentKind(kinds, 7, 8)).toBe('closed');
  });

  it('styles them apart: solid, faded, dashed, dotted', () => {
    const seg = observedSegment(kinds, '#112233', '#999999');
    const at = (a: number) => ({ p0DataIndex: a, p1DataIndex: a + 1 });
    expect([seg.borderColor(at(3)), seg.borderDash(at(3))]).toEqual(['#112233', undefined]);
    expect([seg.borderColor(at(0)), seg.borderDash(at(0))]).toEqual(['#11223380', undefined]);
    expect(seg.borderDash(at(4))).toEqual([6, 4]);
    expect([seg.borderColor(at(7)), seg.borderDash(at(7))]).toEqual(['#999999', [1, 3]]);
  });

  it('keeps every step of the observed path (not decimated), so kinds and points line up', () => {
    const run = fakeRun(9);
    expect(observedPoints(run).map((p) => p.x)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
