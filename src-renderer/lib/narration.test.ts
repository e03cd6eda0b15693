import { describe, expect, it } from 'vitest';
import { fakeRun } from './fixtures.ts';
import { firstLineAtOrAfter, linesAt, narrate, recentLines, sortLog } from './narration.ts';

describe('narration', () => {
  const run = fakeRun(10);

  it('finds the log lines of a step and the recent ones', () => {
    expect(firstLineAtOrAfter(run.log, 1)).toBe(1);
    expect(linesAt(run.log, 2).map((l) => l.kind)).toEqual(['liquidations', 'calls']);
    expect(linesAt(run.log, 3)).toEqual([]);
    expect(recentLines(run.log, 5, 2).map((l) => l.step)).toEqual([2, 2]);
    expect(recentLines(run.log, 100, 10)).toHaveLength(4);
  });

  it('sorts an unsorted log stably', () => {
    const log = [run.log[3]!, run.log[1]!, run.log[2]!, run.log[0]!];
    expect(sortLog(log).map((l) => l.text)).toEqual(run.log.map((l) => l.text));
  });

  it('tells the step and the wave', () => {
    const before = narrate(run, 0);
    expect(before.when).toContain('00:00 UTC');
    expect(before.situation).toContain('unchanged since the start');
    expect(before.wave).toContain('Next wave at 00:02');
    const inWave = narrate(run, 2);
    expect(inWave.wave).toContain('Wave 1 of 2');
    expect(inWave.wave).toContain('Endogenous share 20%');
    expect(inWave.now).toHaveLength(2);
    const after = narrate(run, 4);
    expect(after.wave).toContain('Last wave: 1 of 2');
    expect(after.situation).toContain('Market $');
  });
});
