/**
 * A date order can be stated: the 1987 S&P 500 CSV writes `9/1/1987`, which was refused as
 * ambiguous with no way out. Without an order it is still refused — with the code the app answers
 * by asking ('ambiguous-date-order') and both readings shown; with `dateOrder` it is read that way.
 */
import { describe, expect, it } from 'vitest';
import { parseCsvText } from './index.ts';
import type { ImportError, ImportResult } from './index.ts';

/** The head of Yahoo's ^GSPC daily export as it is (trailing comma included). */
const SP500 = `Date,Open,High,Low,Close,Adj Close,
9/1/1987,329.81,332.18,322.83,323.40,323.40,
9/2/1987,323.40,324.53,318.76,321.68,321.68,
9/3/1987,321.47,324.29,317.39,320.21,320.21,
9/4/1987,320.21,322.03,316.53,316.70,316.70,
9/8/1987,316.70,316.70,308.56,313.56,313.56,
`;

function failed(r: ImportResult): ImportError {
  if (r.ok) throw new Error('expected the import to fail');
  return r.error;
}

const days = (r: ImportResult) =>
  r.ok ? [...r.series.timestampMs].map((t) => new Date(t).toISOString().slice(0, 10)) : [];

describe('date order', () => {
  it('without one, 9/1/1987 is refused as ambiguous, showing both readings and how to choose', async () => {
    const error = failed(await parseCsvText(SP500, { fileName: 'sp500.csv' }));
    expect(error.code).toBe('ambiguous-date-order');
    expect(error.row).toBe(2);
    expect(error.message).toContain(
      '"9/1/1987" could be month/day/year (1987-09-01) or day/month/year (1987-01-09)',
    );
    expect(error.message).toMatch(/--date-order mdy or dmy/);
  });

  it('mdy reads the file as the US dates it holds', async () => {
    const r = await parseCsvText(SP500, {
      fileName: 'sp500.csv',
      dateOrder: 'mdy',
      timeZone: 'America/New_York',
    });
    expect(r.ok).toBe(true);
    expect(days(r)).toEqual(['1987-09-01', '1987-09-02', '1987-09-03', '1987-09-04', '1987-09-08']);
    if (r.ok) expect(r.series.close[0]).toBe(323.4);
  });

  it('dmy reads the same text as day first; a date impossible in the stated order is located', async () => {
    const dmy = await parseCsvText('Date,Close\n1/9/1987,1\n2/9/1987,2\n31.12.1987 16:00,3\n', {
      dateOrder: 'dmy',
    });
    expect(days(dmy)).toEqual(['1987-09-01', '1987-09-02', '1987-12-31']);
    const error = failed(await parseCsvText('Date,Close\n9/1/1987,1\n9/13/1987,2\n', { dateOrder: 'dmy' }));
    expect(error).toMatchObject({ code: 'invalid-timestamp', row: 3 });
    expect(error.message).toContain('"9/13/1987" is not a date in day/month/year order');
  });

  it('an unknown order is refused as an option', async () => {
    const error = failed(await parseCsvText(SP500, { dateOrder: 'ymd' as never }));
    expect(error.code).toBe('invalid-option');
    expect(error.message).toMatch(/dateOrder must be 'mdy'/);
  });
});
