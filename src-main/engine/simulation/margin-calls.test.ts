/** The responses' schedule (margin-calls.ts): one list per step, in the order scheduled, reused once read. */
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../presets.ts';
import { blackThursday } from '../../scenarios/black-thursday.ts';
import { MarginCalls } from './margin-calls.ts';

const calls = (steps: number): MarginCalls =>
  new MarginCalls(blackThursday, PRESETS.get('maker-2020-flip')!, steps, 60, new Float64Array(steps));

describe('MarginCalls', () => {
  it('hands each step the accounts due then, in the order they were scheduled', () => {
    const c = calls(10);
    c.schedule(5, 3);
    c.schedule(2, 4);
    c.schedule(9, 3);
    c.schedule(1, 3);
    expect(c.dueAt(3)?.toArray()).toEqual([5, 9, 1]);
    expect(c.dueAt(4)?.toArray()).toEqual([2]);
    expect(c.dueAt(5)).toBeUndefined();
  });

  it('drops a response due past the last step', () => {
    const c = calls(4);
    c.schedule(1, 4);
    c.schedule(2, 100);
    for (let t = 0; t < 4; t++) expect(c.dueAt(t)).toBeUndefined();
  });

  it('a read step is emptied and its list serves a later step, in order again', () => {
    const c = calls(10);
    for (let i = 0; i < 100; i++) c.schedule(i, 2);
    const list = c.dueAt(2)!;
    c.done(2);
    expect(c.dueAt(2)).toBeUndefined();
    c.schedule(7, 6);
    c.schedule(3, 6);
    // The same list object, emptied, now holds step 6's accounts.
    expect(c.dueAt(6)).toBe(list);
    expect(c.dueAt(6)!.toArray()).toEqual([7, 3]);
    // done on a step with nothing due is a no-op.
    c.done(8);
    expect(c.dueAt(8)).toBeUndefined();
  });

  it('accounts moved on while a step is read go after those already due at the next step', () => {
    const c = calls(10);
    c.schedule(4, 5);
    c.schedule(8, 4);
    c.schedule(6, 4);
    const due = c.dueAt(4)!;
    for (let k = 0; k < due.size; k++) c.schedule(due.items[k]!, 5);
    c.done(4);
    expect(c.dueAt(5)!.toArray()).toEqual([4, 8, 6]);
  });

  it("a step's new list has room for a 512th of the accounts, from 64 up to 2,048", () => {
    const room = (accounts: number): number => {
      const c = new MarginCalls(
        blackThursday,
        PRESETS.get('maker-2020-flip')!,
        4,
        60,
        new Float64Array(4),
        accounts,
      );
      c.schedule(1, 2);
      return c.dueAt(2)!.items.length;
    };
    expect(room(100)).toBe(64);
    expect(room(200_000)).toBe(390);
    expect(room(1_000_000)).toBe(1953);
    expect(room(5_000_000)).toBe(2048);
    // Without a population size: the small default.
    expect(calls(4).dueAt(0)).toBeUndefined();
    const c = calls(4);
    c.schedule(3, 1);
    expect(c.dueAt(1)!.items.length).toBe(64);
  });
});
