/**
 * Importing price series from CSV into the store, and making a user scenario from an import.
 *
 * A file goes through the streaming parser (progress, cancel) and, only if every row is good, into
 * the store in ONE transaction (the series and its provenance row together): a failing file writes
 * nothing, and the caller gets the located error (file, row, column, what to fix).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { Design } from '../engine/design.ts';
import type { PopulationSpec, Scenario } from '../engine/scenario.ts';
import { ScenarioError, parseScenario } from '../engine/scenario.ts';
import { upperMedian } from '../engine/medians.ts';
import { BUILTIN_SCENARIOS } from '../scenarios/index.ts';
import {
  findImportsBySha256,
  getImport,
  getSeries,
  listSeries,
  saveUserScenario,
  seriesTimestampsMs,
  StoreError,
  writeSeriesImport,
} from '../store/index.ts';
import type { ImportRecord, ScenarioMeta, SeriesMeta, Store } from '../store/index.ts';
import { parseCsvFile } from './import/index.ts';
import type { ImportError, ImportOptions, ImportPreview, ImportReport, CsvFormat } from './import/index.ts';
import { loadDesign, loadScenario } from './library.ts';
import { InputError } from './replay-service.ts';

/** Asset ids the engine accepts (scenario.ts AssetSpec). */
const ASSET_ID = /^[A-Za-z0-9.-]{1,16}$/;

/** A CSV price file to import. */
export interface PriceFileImport {
  /** Path of the CSV file. */
  path: string;
  /** Asset the prices are for, e.g. `ETH` (letters, digits, `.` and `-`, at most 16). */
  asset: string;
  /** Venue the prices come from; default: the exchange the detected format names, else `imported`. */
  venue?: string;
  /** IANA zone for timestamps without an offset (default UTC, with a warning). */
  timeZone?: string;
  /** Further parser options (delimiter, decimal separator, column mapping, limits). */
  options?: Omit<ImportOptions, 'timeZone' | 'fileName'>;
  /** Attach the series to a scenario (default: free-standing). */
  scenarioId?: string | null;
  onProgress?: (bytesRead: number, totalBytes: number | null) => void;
  signal?: AbortSignal;
}

/** What was stored, or the located reason nothing was. */
export type PriceFileImportOutcome =
  | {
      ok: true;
      importId: string;
      series: SeriesMeta;
      preview: ImportPreview;
      report: ImportReport;
      /** Earlier imports of a file with the same bytes (imported again anyway). */
      earlierImports: ImportRecord[];
    }
  | { ok: false; error: ImportError; preview?: ImportPreview };

const VENUE_OF_FORMAT: Partial<Record<CsvFormat, string>> = {
  'binance-kline': 'Binance',
  'coinbase-candles': 'Coinbase',
  'coinbase-export': 'Coinbase',
  'kraken-ohlcvt': 'Kraken',
  cryptodatadownload: 'CryptoDataDownload',
};

/** `prices.csv row 17, column "close": …` — one line, located, ending with what to do. */
export function formatImportError(error: ImportError): string {
  const located = error.row !== null || error.column !== null;
  return `${error.file}${located ? ' ' : ': '}${error.message}`.replace(/\s*\n\s*/g, ' ');
}

async function sha256OfFile(path: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  const stream = createReadStream(path, signal ? { signal } : {});
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function optionError(file: string, detail: string): ImportError {
  return { file, row: null, column: null, code: 'invalid-option', message: detail };
}

/**
 * Parses a CSV price file (progress, cancel) and stores its close prices as a series with the
 * file's provenance, in one transaction. Never throws for a bad file: returns `{ ok: false }`
 * with the located error, and nothing is written.
 */
export async function importPriceFile(store: Store, req: PriceFileImport): Promise<PriceFileImportOutcome> {
  const file = basename(req.path);
  if (typeof req.asset !== 'string' || !ASSET_ID.test(req.asset)) {
    return {
      ok: false,
      error: optionError(
        file,
        `asset "${String(req.asset)}" must be 1–16 letters, digits, "." or "-" (e.g. ETH, stETH, USDC.DAI)`,
      ),
    };
  }
  if (req.venue !== undefined && req.venue.trim() === '') {
    return {
      ok: false,
      error: optionError(
        file,
        'venue must not be empty; leave it out to use the exchange the file comes from',
      ),
    };
  }
  const parsed = await parseCsvFile(
    req.path,
    { ...req.options, fileName: file, ...(req.timeZone !== undefined ? { timeZone: req.timeZone } : {}) },
    {
      ...(req.onProgress ? { onProgress: req.onProgress } : {}),
      ...(req.signal ? { signal: req.signal } : {}),
    },
  );
  if (!parsed.ok) return parsed;
  let sha256: string;
  try {
    sha256 = await sha256OfFile(req.path, req.signal);
  } catch (error) {
    const aborted = req.signal?.aborted === true;
    return {
      ok: false,
      error: {
        file,
        row: null,
        column: null,
        code: aborted ? 'aborted' : 'file-unreadable',
        message: aborted
          ? 'the import was cancelled; nothing was stored'
          : `the file could not be read again to fingerprint it (${(error as Error).message}); check that it is a readable local file`,
      },
      preview: parsed.preview,
    };
  }
  const earlierImports = findImportsBySha256(store, sha256);
  const venue = req.venue?.trim() ?? VENUE_OF_FORMAT[parsed.preview.format] ?? 'imported';
  try {
    const { importId, series } = writeSeriesImport(store, {
      fileName: file,
      sha256,
      asset: req.asset,
      venue,
      kind: 'price',
      timestampMs: parsed.series.timestampMs,
      values: parsed.series.close,
      report: { preview: parsed.preview, report: parsed.report },
      ...(req.scenarioId !== undefined ? { scenarioId: req.scenarioId } : {}),
      source: `import: ${file} (close prices, format ${parsed.preview.format})`,
    });
    return { ok: true, importId, series, preview: parsed.preview, report: parsed.report, earlierImports };
  } catch (error) {
    if (error instanceof StoreError && (error.code === 'store-input' || error.code === 'not-found')) {
      return {
        ok: false,
        error: { file, row: null, column: null, code: 'invalid-option', message: error.message },
        preview: parsed.preview,
      };
    }
    throw error;
  }
}

/** A user scenario made from an imported series. */
export interface ScenarioFromImport {
  /** The imported series, by series id or by import id (an import holds one series). */
  seriesId?: string;
  importId?: string;
  title: string;
  /** Default: `import-<first 8 characters of the series id>`. Lowercase letters, digits, dashes. */
  id?: string;
  /** The design the scenario is calibrated against: a preset id or a saved design's id. */
  designId: string;
  /**
   * Scenario whose venues, keepers and population shape are copied (they are assumptions, listed in
   * the new scenario). Default: the built-in Black Thursday scenario.
   */
  templateScenarioId?: string;
  /** Overrides of the copied population. */
  population?: Partial<
    Pick<
      PopulationSpec,
      'defaultAccounts' | 'totalDebtUsd' | 'collateralRatioBins' | 'debtParetoAlpha' | 'whales'
    >
  >;
  /** Constant network gas level, gwei (default 30), and the USD price of the gas token (default: the asset itself when it is ETH, else 2000). */
  gasGwei?: number;
  gasTokenPriceUsd?: number;
  /** Step of a run, seconds (default: the series' spacing, coarsened to keep at most 20,000 steps). */
  stepSeconds?: number;
  summary?: string;
}

/** What {@link createScenarioFromImport} made, with anything the caller should know. */
export interface CreatedScenario {
  meta: ScenarioMeta;
  scenario: Scenario;
  warnings: string[];
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function isoSeconds(sec: number): string {
  return new Date(sec * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * Makes and saves a user scenario whose observed path is an imported series, calibrated against a
 * design, with a population copied from a template scenario (totals and shape overridable). Every
 * copied choice is listed in the scenario's assumptions, and the import's provenance in its sources.
 */
export function createScenarioFromImport(store: Store, req: ScenarioFromImport): CreatedScenario {
  if ((req.seriesId === undefined) === (req.importId === undefined)) {
    throw new InputError('give exactly one of seriesId or importId to say which imported series to use');
  }
  let seriesId = req.seriesId;
  if (seriesId === undefined) {
    getImport(store, req.importId!);
    const found = listSeries(store).filter((s) => s.importId === req.importId);
    if (found.length !== 1)
      throw new InputError(`import ${req.importId} holds ${found.length} series; name one by seriesId`);
    seriesId = found[0]!.id;
  }
  const series = getSeries(store, seriesId);
  if (series.kind !== 'price')
    throw new InputError(`series ${series.id} holds ${series.kind}, not prices; choose a price series`);
  if (!ASSET_ID.test(series.asset))
    throw new InputError(
      `series ${series.id} has asset "${series.asset}", which the engine does not accept as an asset id`,
    );
  const times = seriesTimestampsMs(series);
  if (times.length < 2)
    throw new InputError(`series ${series.id} has ${times.length} point; a scenario needs at least two`);
  const points: [number, number][] = [];
  for (let i = 0; i < times.length; i++) {
    const t = times[i]!;
    if (t % 1000 !== 0) {
      throw new InputError(
        `series ${series.id} point ${i} is at ${new Date(t).toISOString()}, not a whole second; scenarios use whole seconds — resample the file to seconds or coarser and import it again`,
      );
    }
    points.push([t / 1000, series.values[i]!]);
  }
  const design: Design = loadDesign(store, req.designId);
  const template = loadScenario(store, req.templateScenarioId ?? 'black-thursday-2020').scenario;
  const templateAsset =
    template.assets.find((a) => a.id === template.population.asset) ?? template.assets[0]!;
  const warnings: string[] = [];

  const startSec = points[0]![0];
  const endSec = points[points.length - 1]![0];
  const spacings: number[] = [];
  for (let i = 1; i < points.length; i++) spacings.push(points[i]![0] - points[i - 1]![0]);
  const typicalSpacing = Math.max(1, upperMedian(spacings));
  const step = req.stepSeconds ?? Math.max(typicalSpacing, Math.ceil((endSec - startSec) / 20_000));
  if (!Number.isSafeInteger(step) || step < 1 || step > 86_400) {
    throw new InputError(`stepSeconds must be a whole number from 1 to 86400 (got ${step})`);
  }
  const venues = templateAsset.venues;
  if (design.oracle.source === 'venue' && !venues.some((v) => v.name === design.oracle.venue)) {
    throw new InputError(
      `design "${design.id}" reads its oracle from venue "${design.oracle.venue}", which the template scenario "${template.id}" does not have (venues: ${venues.map((v) => v.name).join(', ')}); choose another template or design`,
    );
  }
  const population: PopulationSpec = { ...template.population, ...req.population, asset: series.asset };
  const lowestRatio = Math.min(...population.collateralRatioBins.map((b) => b.from));
  if (lowestRatio < design.margin.liquidationRatio) {
    warnings.push(
      `some accounts start below the design's liquidation ratio (${design.margin.liquidationRatio.toFixed(3)}; lowest bin starts at ${lowestRatio}): they are liquidated at once — pass collateralRatioBins to change it`,
    );
  }
  const id = req.id ?? `import-${slug(series.id).slice(0, 8)}`;
  if (BUILTIN_SCENARIOS.has(id)) throw new InputError(`"${id}" is a built-in scenario id; choose another id`);
  const provenance = series.importId === null ? series.source : `${series.source}, import ${series.importId}`;
  const gasGwei = req.gasGwei ?? 30;
  const gas: Scenario['gas'] =
    series.asset === 'ETH' && req.gasTokenPriceUsd === undefined
      ? { source: `constant ${gasGwei} gwei (assumed)`, points: [[startSec, gasGwei]], tokenAsset: 'ETH' }
      : {
          source: `constant ${gasGwei} gwei (assumed), gas token at $${req.gasTokenPriceUsd ?? 2000} (assumed)`,
          points: [[startSec, gasGwei]],
          tokenPriceUsd: req.gasTokenPriceUsd ?? 2000,
        };
  const candidate: Scenario = {
    id,
    version: 1,
    title: req.title,
    dateLabel: isoSeconds(startSec).slice(0, 10),
    summary:
      req.summary ?? `${series.asset} prices imported from ${series.source}, replayed under ${design.name}.`,
    lesson: '',
    startTime: isoSeconds(startSec),
    endTime: isoSeconds(endSec),
    defaultStepSeconds: step,
    assets: [
      {
        id: series.asset,
        observed: {
          source: `${provenance} (venue ${series.venue}); resolution ${typicalSpacing} s`,
          resolutionSeconds: typicalSpacing,
          points,
        },
        venues,
        arbitrage: templateAsset.arbitrage,
      },
    ],
    gas,
    oracleOutages: [],
    population,
    keepers: template.keepers,
    historicalDesignId: design.id,
    published: [],
    assumptions: [
      `Venues, arbitrage and keepers are copied from the scenario "${template.title}" (assumptions made for that crash).`,
      `The population's shape is copied from "${template.title}"${req.population ? ' with the overrides given' : ''}: ${population.defaultAccounts} accounts, total debt ${population.totalDebtUsd} in the numeraire.`,
      `Network gas is a constant ${gasGwei} gwei.`,
    ],
    limits: [
      'Only the imported close prices are observed; everything else is assumed.',
      'No published outcome is attached: the replay cannot be checked against history.',
    ],
    sources: [provenance],
  };
  let scenario: Scenario;
  try {
    scenario = parseScenario(candidate);
  } catch (error) {
    if (error instanceof ScenarioError)
      throw new InputError(`the scenario made from series ${series.id} is not valid: ${error.message}`);
    throw error;
  }
  const meta = saveUserScenario(store, { id, title: scenario.title, json: JSON.stringify(scenario) });
  return { meta, scenario, warnings };
}
