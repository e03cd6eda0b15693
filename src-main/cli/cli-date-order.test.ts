/** `cascade-lab import --date-order mdy|dmy`: the 1987 S&P 500 CSV (`9/1/1987`) can be imported. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../store/store-test-support.ts';
import { runCliAsync } from './cli.ts';

async function cli(args: string[], dataDir: string) {
  let out = '';
  let err = '';
  const code = await runCliAsync(args, { out: (t) => (out += t), err: (t) => (err += t), dataDir });
  return { code, out, err };
}

describe('cascade-lab import --date-order', () => {
  it('refuses 9/1/1987 without it, saying how to state it; imports it with mdy', async () => {
    const dataDir = tempDir();
    const file = path.join(tempDir(), 'sp500.csv');
    writeFileSync(
      file,
      'Date,Open,High,Low,Close,Adj Close,\n9/1/1987,329.81,332.18,322.83,323.40,323.40,\n9/2/1987,323.40,324.53,318.76,321.68,321.68,\n',
    );
    // Daily bars stamped with the trading day's date: the bar opens on that date.
    const refused = await cli(['import', file, '--asset', 'SPX', '--bar-time', 'open'], dataDir);
    expect(refused.code).toBe(2);
    expect(refused.err.trimEnd().split('\n')).toHaveLength(1);
    expect(refused.err).toMatch(
      /row 2, column "Date": "9\/1\/1987" could be month\/day\/year .*--date-order mdy or dmy/,
    );

    const bad = await cli(
      ['import', file, '--asset', 'SPX', '--bar-time', 'open', '--date-order', 'ymd'],
      dataDir,
    );
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--date-order must be mdy .* or dmy/);

    const imported = await cli(
      [
        'import',
        file,
        '--asset',
        'SPX',
        '--bar-time',
        'open',
        '--date-order',
        'mdy',
        '--tz',
        'America/New_York',
        '--json',
      ],
      dataDir,
    );
    expect(imported.err).toBe('');
    expect(imported.code).toBe(0);
    const report = JSON.parse(imported.out) as { rows: number; start: string; seriesId: string };
    // Two rows, read month first: 1 and 2 September 1987 (New York time), not 9 January.
    expect(report.rows).toBe(2);
    expect(report.start.slice(0, 10)).toBe('1987-09-01');
    const runs = await cli(['runs'], dataDir);
    expect(runs.code).toBe(0);
  });
});
