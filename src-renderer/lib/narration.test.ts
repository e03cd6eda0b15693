import { describe, expect, it } from 'vitest';
import { fakeRun } from './fixtures.ts';
import {
  describeBackstops,
  firstLineAtOrAfter,
  linesAt,
  narrate,
  recentLines,
  sortLog,
} from './narration.ts';

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

  it('says nothing about backstops a plain auction design lacks', () => {
    expect(describeBackstops(run, 5)).toEqual([]);
    expect(narrate(run, 5).situation).not.toMatch(/pool|insurance|breaker|ratio in force/i);
  });

  it('tells what the soft-liquidation bands sold or bought back at the step and net so far', () => {
    const r = fakeRun(4);
    r.mechanism = { ...r.mechanism, liquidation: 'soft-liquidation' };
    r.series.flows.soft = [0, 3e6, 1e6, -2.5e6];
    expect(describeBackstops(r, 0)).toEqual([
      'Soft liquidation (bands): nothing converted this step; $0.00 sold net so far.',
    ]);
    expect(describeBackstops(r, 2)).toEqual([
      'Soft liquidation (bands): this step they sold $1.00M through arbitrageurs; $4.00M sold net so far.',
    ]);
    expect(describeBackstops(r, 3)).toEqual([
      'Soft liquidation (bands): this step they bought back $2.50M; $1.50M sold net so far.',
    ]);
  });

  it('tells the pool, the fund, the breaker, the ratio in force and ADL at the step', () => {
    const r = fakeRun(4);
    r.mechanism = { ...r.mechanism, liquidation: 'exchange-close', backstopVault: true };
    r.series.insuranceFundUsd = [2e6, 1e6, 0, 0];
    r.series.vaultEquityUsd = [5e6, 5e6, 4e6, 4e6];
    r.series.adlAccounts = [0, 0, 3, 0];
    r.series.adlNotionalUsd = [0, 0, 45_000, 0];
    r.series.breakerActive = [0, 1, 0, 0];
    r.series.requiredRatio = [1.5, 1.8, 1.5, 1.2];
    expect(describeBackstops(r, 0)).toEqual(['Insurance fund $2.00M.', 'Backstop vault equity $5.00M.']);
    expect(describeBackstops(r, 1)).toEqual([
      'The circuit breaker is tripped.',
      'Liquidation ratio in force 1.80× (base 1.50×): margins have risen.',
      'Insurance fund $1.00M.',
      'Backstop vault equity $5.00M.',
    ]);
    expect(narrate(r, 2).situation).toContain(
      'The insurance fund is empty. Backstop vault equity $4.00M. 3 positions auto-deleveraged ($45.0k).',
    );
    expect(describeBackstops(r, 3)[0]).toContain('margins are relaxed');
    const pool = fakeRun(2);
    pool.mechanism.liquidation = 'stability-pool';
    pool.series.poolDepositsUsd = [1e6, 4e5];
    pool.series.backstopHoldingsUsd = [0, 7e5];
    expect(describeBackstops(pool, 1)).toEqual([
      'Stability pool: $400.0k of deposits, $700.0k of collateral still to sell.',
    ]);
  });
});

describe('narration in the market’s words and units', () => {
  it('tells about gas and keepers only where the market has them', () => {
    const onChain = narrate(fakeRun(10), 5).situation;
    expect(onChain).toMatch(/gwei/);
    for (const kind of ['traditional', 'exchange'] as const) {
      const run = fakeRun(10, { market: { kind, liquidators: 'brokers’ margin desks' } });
      const text = narrate(run, 5).situation;
      expect(text, kind).not.toMatch(/gwei|keeper/);
    }
  });

  it('states amounts in the scenario’s numeraire and reads an inverted price as users know it', () => {
    const base = fakeRun(10);
    const steth = fakeRun(10, {
      units: { numeraire: 'ETH', priceDisplay: 'direct', priceLabel: 'stETH price (ETH)' },
      series: { ...base.series, badDebtUsd: base.series.badDebtUsd.map(() => 2500) },
    });
    const text = narrate(steth, 5).situation;
    expect(text).toContain('Bad debt so far 2500 ETH');
    expect(text).not.toMatch(/\$/);
    const dai = fakeRun(10, {
      units: { numeraire: 'DAI', priceDisplay: 'inverse', priceLabel: 'DAI on Coinbase Pro (USD)' },
      series: { ...base.series, price: base.series.price.map(() => 0.8) },
    });
    expect(narrate(dai, 5).situation).toContain('Market $1.250');
  });

  it('says when the exchange is closed', () => {
    const base = fakeRun(10);
    const run = fakeRun(10, {
      series: { ...base.series, observedKind: base.series.observedKind.map(() => 2) },
    });
    expect(narrate(run, 5).situation).toMatch(/closed/);
  });
});
