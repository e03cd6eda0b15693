import { describe, expect, it } from 'vitest';
import { fakeRun, wave } from './fixtures.ts';
import { waveAccounts } from './wave-accounts.ts';

describe('wave accounts', () => {
  it('is null when the run carries no liquidation records (an older host), empty when none fall in the wave', () => {
    const { liquidations: _none, ...older } = fakeRun(10);
    expect(waveAccounts(older as unknown as ReturnType<typeof fakeRun>, wave(0, 2, 3))).toBeNull();
    expect(waveAccounts(fakeRun(10), wave(0, 2, 3))).toEqual([]);
  });

  it('groups a wave’s liquidations by account, largest debt first', () => {
    const run = {
      ...fakeRun(10),
      liquidations: [
        { account: 7, step: 2, debtUsd: 10, valueUsd: 15 },
        { account: 3, step: 3, debtUsd: 50, valueUsd: 60 },
        { account: 7, step: 3, debtUsd: 5, valueUsd: 7 },
        { account: 9, step: 6, debtUsd: 99, valueUsd: 99 },
      ],
    };
    const list = waveAccounts(run, wave(0, 2, 3))!;
    expect(list.map((a) => [a.account, a.count, a.debtUsd])).toEqual([
      [3, 1, 50],
      [7, 2, 15],
    ]);
  });
});
