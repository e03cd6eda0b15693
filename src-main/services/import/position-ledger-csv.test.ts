import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  readLedgerCsv,
  readPositionsCsv,
  summarizeLedger,
  summarizePositions,
} from './position-ledger-csv.ts';

const file = { file: 'positions.csv' };

describe('positions file', () => {
  it('reads the required and optional columns, in file order, any delimiter and header case', async () => {
    const csv = [
      'Protocol;Collateral Asset;Collateral;Debt USD;Owner;Extra',
      'aave-like;ETH;10.5;12000;0xabc;x',
      'compound-like;ETH;3;4000.25;;y',
    ].join('\r\n');
    const r = await readPositionsCsv([csv], file);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.positions.protocol).toEqual(['aave-like', 'compound-like']);
    expect(r.positions.collateral).toEqual([10.5, 3]);
    expect(r.positions.debtUsd).toEqual([12000, 4000.25]);
    expect(r.positions.owner).toEqual(['0xabc', null]);
    expect(r.positions.openedAtMs).toEqual([null, null]);
    expect(r.positions.lines).toEqual([2, 3]);
    expect(r.ignoredColumns).toEqual(['Extra']);
    expect(summarizePositions(r.positions).protocols).toEqual([
      { name: 'aave-like', positions: 1, assets: ['ETH'], debtUsd: 12000 },
      { name: 'compound-like', positions: 1, assets: ['ETH'], debtUsd: 4000.25 },
    ]);
  });

  it('refuses a file without the header, naming what is missing and how to fix it', async () => {
    const r = await readPositionsCsv(['aave,ETH,1,2\n'], file);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ row: 1, code: 'missing-column' });
    expect(r.error.message).toMatch(
      /header of a positions file.*protocol, collateral_asset, collateral, debt_usd/,
    );
  });

  it('locates bad cells: row, column and what to write instead', async () => {
    const bad = async (row: string) => {
      const r = await readPositionsCsv(
        [`protocol,collateral_asset,collateral,debt_usd\naave,ETH,1,2\n${row}\n`],
        file,
      );
      if (r.ok) throw new Error('accepted');
      return r.error;
    };
    expect(await bad('aave,ETH,"1,5",2')).toMatchObject({ row: 3, column: 'collateral' });
    expect((await bad('aave,ETH,"1,5",2')).message).toMatch(/'\.' as the decimal point/);
    expect(await bad('aave,ETH,1,-2')).toMatchObject({ row: 3, column: 'debt_usd' });
    expect(await bad('aave,E T H,1,2')).toMatchObject({ row: 3, column: 'collateral_asset' });
    expect(await bad(',ETH,1,2')).toMatchObject({ row: 3, column: 'protocol' });
    expect(await bad('aave,ETH,1')).toMatchObject({ row: 3, code: 'too-few-fields' });
    expect(await bad('aave,ETH,1,"2')).toMatchObject({ row: 3, code: 'quote-not-closed' });
  });

  it('property: any valid file reads back exactly; one corrupted cell is reported at its row and column', async () => {
    const position = fc.record({
      protocol: fc.constantFrom('aave-like', 'compound-like', 'maker'),
      asset: fc.constantFrom('ETH', 'WBTC', 'stETH'),
      collateral: fc.double({ min: 1e-6, max: 1e9, noNaN: true }),
      debt: fc.double({ min: 1e-2, max: 1e10, noNaN: true }),
    });
    const corruption = fc.constantFrom(
      { column: 'collateral', text: 'abc' },
      { column: 'collateral', text: '0' },
      { column: 'debt_usd', text: '1,000.5' },
      { column: 'collateral_asset', text: 'not an asset' },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(position, { minLength: 1, maxLength: 40 }),
        fc.nat(),
        corruption,
        async (rows, at, bad) => {
          const header = ['protocol', 'collateral_asset', 'collateral', 'debt_usd'];
          const lines = rows.map((p) => [p.protocol, p.asset, String(p.collateral), String(p.debt)]);
          const good = await readPositionsCsv([[header, ...lines].map((l) => l.join(',')).join('\n')], file);
          if (!good.ok) return false;
          expect(good.positions.collateral).toEqual(rows.map((p) => p.collateral));
          expect(good.positions.debtUsd).toEqual(rows.map((p) => p.debt));
          const k = at % lines.length;
          const broken = lines.map((l) => [...l]);
          broken[k]![header.indexOf(bad.column)] = `"${bad.text}"`;
          const r = await readPositionsCsv([[header, ...broken].map((l) => l.join(',')).join('\n')], file);
          expect(r.ok).toBe(false);
          if (r.ok) return false;
          expect(r.error.row).toBe(k + 2);
          expect(r.error.column).toBe(bad.column);
          expect(r.error.message).toMatch(new RegExp(`^row ${k + 2}, column "${bad.column}": `));
          return true;
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('event ledger', () => {
  const header = 'time,protocol,account,collateral_sold,debt_repaid,price';

  it('reads events in time order, epoch seconds or ISO with an offset', async () => {
    const csv = [
      header,
      '2024-08-05T06:20:00Z,aave-like,0x1,2,4000,2150.5',
      '1722837600,aave-like,0x2,1,2100,2200',
      '2024-08-05T08:00:00+02:00,compound-like,0x3,3,6000,2180',
    ].join('\n');
    const r = await readLedgerCsv([csv], { file: 'ledger.csv' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.ledger.timeMs).toEqual([
      Date.parse('2024-08-05T06:00:00Z'),
      Date.parse('2024-08-05T06:00:00Z'),
      Date.parse('2024-08-05T06:20:00Z'),
    ]);
    expect(r.ledger.account).toEqual(['0x2', '0x3', '0x1']);
    expect(r.ledger.lines).toEqual([3, 4, 2]);
    expect(summarizeLedger(r.ledger)).toMatchObject({
      startMs: Date.parse('2024-08-05T06:00:00Z'),
      protocols: [
        { name: 'aave-like', events: 2, debtRepaidUsd: 6100 },
        { name: 'compound-like', events: 1, debtRepaidUsd: 6000 },
      ],
    });
  });

  it('refuses a time without a zone rather than guess it', async () => {
    const r = await readLedgerCsv([`${header}\n2024-08-05 06:20:00,aave,0x1,2,4000,2150\n`], {
      file: 'ledger.csv',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ row: 2, column: 'time' });
    expect(r.error.message).toMatch(/no time zone; add Z or an offset/);
  });
});
