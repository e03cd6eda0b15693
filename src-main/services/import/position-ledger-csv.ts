/**
 * Two header-mapped tables users bring beside price series:
 *
 * - Positions file: one position a row, `protocol,collateral_asset,collateral,debt_usd` (and
 *   optionally `owner`, `debt_asset`, `opened_at`); collateral in units of the asset, debt in USD.
 * - Event ledger: what really happened, one liquidation a row,
 *   `time,protocol,account,collateral_sold,debt_repaid,price` (optionally `collateral_asset`);
 *   time as ISO 8601 with an offset or epoch seconds/ms, collateral in units, debt and price in USD.
 *
 * Both are validated like price files: the first bad cell stops the read with its row, column and
 * what to fix, and nothing is stored.
 */
import type { CellResult, TableColumn, TableRead } from './table-csv.ts';
import { assetId, instantMs, positiveNumber, readTableCsv, text } from './table-csv.ts';
import type { ImportError, ParseControl } from './types.ts';

const protocolName = (t: string): CellResult<string> =>
  /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,59}$/.test(t)
    ? { ok: true, value: t }
    : {
        ok: false,
        detail:
          'is not a protocol name; use 1–60 letters, digits, spaces, ".", "_" or "-", starting with a letter or digit',
      };

export const POSITION_COLUMNS: readonly TableColumn[] = [
  { name: 'protocol', required: true, parse: protocolName },
  { name: 'collateral_asset', aliases: ['asset', 'collateral_symbol'], required: true, parse: assetId },
  {
    name: 'collateral',
    aliases: ['collateral_units', 'collateral_amount'],
    required: true,
    parse: positiveNumber('units of the collateral asset'),
  },
  { name: 'debt_usd', aliases: ['debt'], required: true, parse: positiveNumber('USD') },
  { name: 'owner', aliases: ['account', 'address'], required: false, parse: text(200) },
  { name: 'debt_asset', required: false, parse: text(16) },
  { name: 'opened_at', required: false, parse: instantMs },
];

export const LEDGER_COLUMNS: readonly TableColumn[] = [
  { name: 'time', aliases: ['timestamp', 'time_utc', 'date'], required: true, parse: instantMs },
  { name: 'protocol', required: true, parse: protocolName },
  { name: 'account', aliases: ['owner', 'address', 'borrower'], required: true, parse: text(200) },
  {
    name: 'collateral_sold',
    aliases: ['collateral_seized', 'collateral'],
    required: true,
    parse: positiveNumber('units of the collateral asset'),
  },
  {
    name: 'debt_repaid',
    aliases: ['debt_repaid_usd', 'debt_usd'],
    required: true,
    parse: positiveNumber('USD', true),
  },
  { name: 'price', aliases: ['price_usd'], required: true, parse: positiveNumber('USD per unit') },
  { name: 'collateral_asset', aliases: ['asset'], required: false, parse: assetId },
];

/** A positions file, one entry per position in file order. */
export interface PositionTable {
  protocol: string[];
  collateralAsset: string[];
  /** Units of the collateral asset. */
  collateral: number[];
  debtUsd: number[];
  owner: (string | null)[];
  debtAsset: (string | null)[];
  openedAtMs: (number | null)[];
  /** Line of the file each position came from (for later located errors). */
  lines: number[];
}

/** An event ledger, one entry per liquidation, in time order (ties in file order). */
export interface LedgerTable {
  timeMs: number[];
  protocol: string[];
  account: string[];
  /** Units of collateral sold (seized) in the event. */
  collateralSold: number[];
  debtRepaidUsd: number[];
  /** USD per unit of collateral at the event. */
  priceUsd: number[];
  collateralAsset: (string | null)[];
  lines: number[];
}

/** Per protocol in a positions file: how many positions, on which assets, how much debt. */
export interface PositionSummary {
  protocols: { name: string; positions: number; assets: string[]; debtUsd: number }[];
}

/** Per protocol in a ledger, and the time span. */
export interface LedgerSummary {
  protocols: { name: string; events: number; debtRepaidUsd: number }[];
  startMs: number;
  endMs: number;
}

const col = <T>(t: TableRead, name: string): T[] => t.values.get(name) as T[];

export function positionTable(t: TableRead): PositionTable {
  return {
    protocol: col(t, 'protocol'),
    collateralAsset: col(t, 'collateral_asset'),
    collateral: col(t, 'collateral'),
    debtUsd: col(t, 'debt_usd'),
    owner: col(t, 'owner'),
    debtAsset: col(t, 'debt_asset'),
    openedAtMs: col(t, 'opened_at'),
    lines: t.lines,
  };
}

export function ledgerTable(t: TableRead): LedgerTable {
  const raw = {
    timeMs: col<number>(t, 'time'),
    protocol: col<string>(t, 'protocol'),
    account: col<string>(t, 'account'),
    collateralSold: col<number>(t, 'collateral_sold'),
    debtRepaidUsd: col<number>(t, 'debt_repaid'),
    priceUsd: col<number>(t, 'price'),
    collateralAsset: col<string | null>(t, 'collateral_asset'),
    lines: t.lines,
  };
  const order = raw.timeMs.map((_, i) => i).sort((a, b) => raw.timeMs[a]! - raw.timeMs[b]! || a - b);
  const pick = <T>(values: T[]): T[] => order.map((i) => values[i]!);
  return {
    timeMs: pick(raw.timeMs),
    protocol: pick(raw.protocol),
    account: pick(raw.account),
    collateralSold: pick(raw.collateralSold),
    debtRepaidUsd: pick(raw.debtRepaidUsd),
    priceUsd: pick(raw.priceUsd),
    collateralAsset: pick(raw.collateralAsset),
    lines: pick(raw.lines),
  };
}

export function summarizePositions(p: PositionTable): PositionSummary {
  const by = new Map<string, { positions: number; assets: Set<string>; debtUsd: number }>();
  p.protocol.forEach((name, i) => {
    const entry = by.get(name) ?? { positions: 0, assets: new Set<string>(), debtUsd: 0 };
    entry.positions++;
    entry.assets.add(p.collateralAsset[i]!);
    entry.debtUsd += p.debtUsd[i]!;
    by.set(name, entry);
  });
  return {
    protocols: [...by].map(([name, e]) => ({
      name,
      positions: e.positions,
      assets: [...e.assets].sort(),
      debtUsd: e.debtUsd,
    })),
  };
}

export function summarizeLedger(l: LedgerTable): LedgerSummary {
  const by = new Map<string, { events: number; debtRepaidUsd: number }>();
  l.protocol.forEach((name, i) => {
    const entry = by.get(name) ?? { events: 0, debtRepaidUsd: 0 };
    entry.events++;
    entry.debtRepaidUsd += l.debtRepaidUsd[i]!;
    by.set(name, entry);
  });
  return {
    protocols: [...by].map(([name, e]) => ({ name, ...e })),
    startMs: l.timeMs[0]!,
    endMs: l.timeMs[l.timeMs.length - 1]!,
  };
}

type Input = Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>;

/** Reads a positions file; `{ ok: false }` with a located error for a bad one. */
export async function readPositionsCsv(
  input: Input,
  options: { file: string; totalBytes?: number | null },
  control: ParseControl = {},
): Promise<
  { ok: true; positions: PositionTable; ignoredColumns: string[] } | { ok: false; error: ImportError }
> {
  const r = await readTableCsv(
    input,
    { what: 'positions file', columns: POSITION_COLUMNS },
    options,
    control,
  );
  if (!r.ok) return r;
  return { ok: true, positions: positionTable(r.table), ignoredColumns: r.table.ignoredColumns };
}

/** Reads an event ledger; `{ ok: false }` with a located error for a bad one. */
export async function readLedgerCsv(
  input: Input,
  options: { file: string; totalBytes?: number | null },
  control: ParseControl = {},
): Promise<{ ok: true; ledger: LedgerTable; ignoredColumns: string[] } | { ok: false; error: ImportError }> {
  const r = await readTableCsv(input, { what: 'ledger', columns: LEDGER_COLUMNS }, options, control);
  if (!r.ok) return r;
  return { ok: true, ledger: ledgerTable(r.table), ignoredColumns: r.table.ignoredColumns };
}
