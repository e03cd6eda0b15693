/**
 * The contract's channels for what users bring: files uploaded in chunks (the app never hands main
 * a path), previews and imports of price/gas series, positions files and ledgers (imports run as
 * jobs with progress and cancel), and user scenarios (validate, create, update, duplicate, export,
 * delete, their ledger). Merged into api.ts's Inputs and Outputs. Pure.
 */
import { z } from 'zod';

const id = z.string().min(1).max(200);

/** Text of one upload chunk, characters (a JSON body stays under the host's 1 MiB limit). */
export const UPLOAD_CHUNK_CHARS = 256 * 1024;

export const DataKindSchema = z.enum(['price', 'gas', 'positions', 'ledger']);

/** What the user chose in the Import view; left out = detected (or asked, for the bar time). */
export const ImportChoicesSchema = z.strictObject({
  asset: z.string().trim().min(1).max(16).optional(),
  venue: z.string().trim().min(1).max(60).optional(),
  timeZone: z.string().trim().min(1).max(64).optional(),
  barTime: z.enum(['open', 'close']).optional(),
  delimiter: z.enum([',', ';', '\t', '|']).optional(),
  timeColumn: z.string().min(1).max(200).optional(),
  valueColumn: z.string().min(1).max(200).optional(),
});

export const UserScenarioInputs = {
  /** Appends a chunk of a file's text; the first call (no uploadId) starts an upload. */
  'files.upload': z.strictObject({
    uploadId: id.optional(),
    fileName: z.string().min(1).max(260),
    /** Characters already sent (checked, so a lost chunk is an error, not a corrupt file). */
    offset: z.number().int().min(0),
    text: z.string().max(UPLOAD_CHUNK_CHARS),
    done: z.boolean(),
  }),
  'imports.preview': z.strictObject({
    uploadId: id,
    kind: DataKindSchema.optional(),
    choices: ImportChoicesSchema,
  }),
  'imports.start': z.strictObject({ uploadId: id, kind: DataKindSchema, choices: ImportChoicesSchema }),
  'imports.result': z.strictObject({ jobId: id }),
  'imports.cancel': z.strictObject({ jobId: id }),
  'imports.list': z.strictObject({}),
  /** Checks a scenario document (any JSON); answers its summary or the field at fault. */
  'scenarios.validate': z.strictObject({ document: z.unknown() }),
  'scenarios.create': z.strictObject({ document: z.unknown() }),
  'scenarios.update': z.strictObject({ id, document: z.unknown() }),
  'scenarios.document': z.strictObject({ id }),
  'scenarios.duplicate': z.strictObject({ id, name: z.string().trim().min(1).max(200).optional() }),
  'scenarios.export': z.strictObject({ id }),
  'scenarios.delete': z.strictObject({ id }),
  'scenarios.ledger': z.strictObject({ id }),
  /** What a template would fill in for these assets (the New-scenario flow shows it, editable). */
  'scenarios.defaults': z.strictObject({ template: id, assets: z.array(z.string().min(1).max(16)).max(4) }),
} as const;

/** Which Import view field an error belongs beside. */
export type ImportField =
  'file' | 'kind' | 'asset' | 'venue' | 'timeZone' | 'barTime' | 'delimiter' | 'timeColumn' | 'valueColumn';

export interface ImportProblem {
  field: ImportField;
  message: string;
  row: number | null;
  column: string | null;
}

/** What the head of a file looks like, as the Import view shows it before storing. */
export interface ImportPreviewView {
  fileName: string;
  kind: 'price' | 'gas' | 'positions' | 'ledger';
  /** Detected layout ('binance-kline', 'generic-ohlcv', 'json-pairs', 'positions', 'ledger'). */
  format: string;
  delimiter: string | null;
  /** Columns (CSV) with the role each plays; keys for JSON. */
  columns: { name: string; role: string }[];
  /** The first rows, as text. */
  sampleRows: string[][];
  /** One line each: how times, bars, units are read. */
  notes: string[];
  /** Whether the rows are OHLC bars, and what the file says about their time stamps. */
  bars: { said: 'open' | 'close' | null; reason: string | null } | null;
  warnings: string[];
  /** The first problem (the import would stop there), beside its field; null when ready. */
  problem: ImportProblem | null;
}

/** What an import stored. */
export interface ImportResultView {
  kind: 'price' | 'gas' | 'positions' | 'ledger';
  /** The stored series, positions file or ledger. */
  id: string;
  importId: string;
  /** What was read and stored, one line each. */
  lines: string[];
  warnings: string[];
}

export interface StoredSeriesItem {
  id: string;
  kind: 'price' | 'gas' | 'depth';
  asset: string;
  venue: string;
  startMs: number;
  endMs: number;
  count: number;
  stepMs: number | null;
  source: string;
}

export interface StoredTableItem {
  id: string;
  name: string;
  rows: number;
  createdAtMs: number;
  /** Per protocol: positions (or events) and debt. */
  protocols: { name: string; count: number; debtUsd: number; assets: string[] }[];
}

export interface ImportsList {
  series: StoredSeriesItem[];
  positions: StoredTableItem[];
  ledgers: StoredTableItem[];
}

export type ScenarioValidation =
  | {
      ok: true;
      id: string;
      protocols: string[];
      window: { start: string; end: string };
      stepSeconds: number;
      warnings: string[];
    }
  | { ok: false; field: string; message: string };

export interface SavedScenarioView {
  id: string;
  version: number;
  title: string;
  protocols: string[];
  warnings: string[];
}

/** A ledger of what really happened (columns of equal length, time order). */
export interface LedgerView {
  source: string;
  timeMs: number[];
  protocol: string[];
  account: string[];
  collateralSold: number[];
  debtRepaidUsd: number[];
  priceUsd: number[];
}

/** What a template fills in (shown editable in the New-scenario flow). */
export interface TemplateDefaults {
  template: string;
  templateTitle: string;
  /** Per asset asked for: the venues and arbitrage it would get. */
  venues: Record<string, unknown[]>;
  arbitrage: Record<string, unknown>;
  keepers: unknown;
  response: unknown;
  /** The template's population (a starting point for a distribution). */
  population: unknown;
  gasGwei: number;
  historicalDesignId: string;
}

export interface UserScenarioOutputs {
  'files.upload': { uploadId: string; receivedChars: number };
  'imports.preview': ImportPreviewView;
  'imports.start': { jobId: string };
  'imports.result': ImportResultView;
  'imports.cancel': { cancelled: boolean };
  'imports.list': ImportsList;
  'scenarios.validate': ScenarioValidation;
  'scenarios.create': SavedScenarioView;
  'scenarios.update': SavedScenarioView;
  'scenarios.document': unknown;
  'scenarios.duplicate': SavedScenarioView;
  'scenarios.export': { fileName: string; text: string };
  'scenarios.delete': { deleted: boolean };
  'scenarios.ledger': LedgerView | null;
  'scenarios.defaults': TemplateDefaults;
}
