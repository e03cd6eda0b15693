/**
 * The app's channels for what users bring: uploads (a file's text in chunks, kept in memory for a
 * while), previews and imports (jobs with progress events and cancel), the stored imports, and
 * user scenarios (validate, create, update, duplicate, export, delete, ledger, template defaults).
 * Every write goes through the same services as the command line, in one transaction.
 */
import { randomUUID } from 'node:crypto';
import type {
  ApiError,
  ApiEvent,
  ImportField,
  ImportPreviewView,
  ImportProblem,
  ImportResultView,
  ImportsList,
  LedgerView,
  SavedScenarioView,
  TemplateDefaults,
} from '../contract/api.ts';
import { ScenarioError } from '../engine/scenario.ts';
import type { Scenario } from '../engine/scenario.ts';
import { upperMedian } from '../engine/medians.ts';
import { listImportedTables, listScenarioDocuments, listSeries } from '../store/index.ts';
import type { ImportedTableMeta, Store } from '../store/index.ts';
import type { Handlers } from './handlers.ts';
import { AppError, invalidInput, notFound, toApiError } from './app-errors.ts';
import type { DataKind, DataSource, SeriesChoices } from './data-import.ts';
import {
  detectKind,
  importDataSource,
  parseLedgerSource,
  parsePositionsSource,
  parseSeriesSource,
} from './data-import.ts';
import { importLines } from './data-import-report.ts';
import { tokenizeCsv } from './import/index.ts';
import type { ImportError } from './import/index.ts';
import { listLibraryScenarios, loadScenario } from './library.ts';
import { templateAsset, templateVenues } from './scenario-file/resolve.ts';
import type { SavedUserScenario } from './user-scenarios.ts';
import { effectiveDesign, publishedTargets } from './scenario-file/compile.ts';
import {
  checkScenarioDocument,
  createUserScenario,
  deleteScenario,
  duplicateUserScenario,
  exportUserScenario,
  getUserScenarioDocument,
  updateUserScenario,
} from './user-scenarios.ts';

export type ScenarioChannel =
  | 'files.upload'
  | 'imports.preview'
  | 'imports.start'
  | 'imports.result'
  | 'imports.cancel'
  | 'imports.list'
  | 'scenarios.validate'
  | 'scenarios.create'
  | 'scenarios.update'
  | 'scenarios.document'
  | 'scenarios.duplicate'
  | 'scenarios.export'
  | 'scenarios.delete'
  | 'scenarios.ledger'
  | 'scenarios.defaults';

/** Largest file kept in memory from an upload, characters. */
const MAX_UPLOAD_CHARS = 200 * 1024 * 1024;
/** Uploads kept at once, all of them together at most this many characters, and how long an idle one is kept. */
const MAX_UPLOADS = 4;
const MAX_UPLOADS_CHARS = 256 * 1024 * 1024;
const UPLOAD_TTL_MS = 30 * 60 * 1000;
/** What a preview reads of a CSV: its head. */
const PREVIEW_CHARS = 256 * 1024;

interface Upload {
  fileName: string;
  chunks: string[];
  chars: number;
  done: boolean;
  touchedMs: number;
}

interface ImportJob {
  state: 'running' | 'done' | 'failed' | 'cancelled';
  controller: AbortController;
  result?: ImportResultView;
  error?: ApiError;
  finished: Promise<void>;
}

export interface ScenarioHandlerDeps {
  /** The app's store; null when it could not be opened (these channels then say so). */
  store: Store | null;
  nowMs?: () => number;
}

/** A user scenario as the Library lists it. */
export interface UserScenarioEntry {
  scenario: Scenario;
  version: number;
  protocols: string[];
  /** Each protocol's design id (with its own oracle), in the same order. */
  protocolDesigns: string[];
  hasLedger: boolean;
  /**
   * Several protocols: the published outcomes the crash's validation compares (each naming its
   * protocol, or the total of every protocol). One protocol: absent (its compiled scenario has them).
   */
  targets?: {
    id: string;
    figure: string;
    published: string;
    source: string;
    status: 'evidence' | 'fitted';
  }[];
}

/** The validation targets of a document with several protocols, as cards list them. */
function crashTargets(
  doc: Parameters<typeof publishedTargets>[0],
): NonNullable<UserScenarioEntry['targets']> {
  try {
    return publishedTargets(doc).map(({ target: t }) => ({
      id: t.id,
      figure: t.figure,
      published: t.published,
      source: t.source,
      status: t.status,
    }));
  } catch {
    return []; // refused when stored; validation itself says why
  }
}

const FIELD_OF_CODE: Partial<Record<ImportError['code'], ImportField>> = {
  'bar-time-unknown': 'barTime',
  'undetectable-delimiter': 'delimiter',
  'unknown-time-zone': 'timeZone',
};

/** The Import view field an import error belongs beside. */
export function importProblem(error: ImportError): ImportProblem {
  let field: ImportField = FIELD_OF_CODE[error.code] ?? 'file';
  if (error.code === 'missing-column' && /no time column/.test(error.message)) field = 'timeColumn';
  if (error.code === 'missing-column' && /no (price|gas) column/.test(error.message)) field = 'valueColumn';
  if (error.code === 'invalid-option' && /asset|chain/.test(error.message)) field = 'asset';
  if (error.code === 'invalid-option' && /venue/.test(error.message)) field = 'venue';
  if (error.code === 'invalid-option' && /columns\.timestamp/.test(error.message)) field = 'timeColumn';
  if (error.code === 'invalid-option' && /columns\.close|gas column/.test(error.message))
    field = 'valueColumn';
  // Beside a field the file name is noise; beside the file chooser it says which file.
  const message = field === 'file' ? `${error.file} ${error.message}` : error.message;
  return { field, message, row: error.row, column: error.column };
}

function headText(text: string): string {
  if (text.length <= PREVIEW_CHARS) return text;
  const cut = text.lastIndexOf('\n', PREVIEW_CHARS);
  return text.slice(0, cut > 0 ? cut + 1 : PREVIEW_CHARS);
}

function sampleOf(text: string): { delimiter: string; rows: string[][] } {
  const lines = text.split(/\r\n|\r|\n/, 7).filter((l) => l.trim() !== '');
  const header = lines[0] ?? '';
  const delimiter = [',', ';', '\t', '|'].sort((a, b) => header.split(b).length - header.split(a).length)[0]!;
  const t = tokenizeCsv(lines.join('\n'), { delimiter });
  return { delimiter, rows: t.ok ? t.records.map((r) => r.fields) : lines.map((l) => [l]) };
}

function storeRequired(store: Store | null): Store {
  if (store === null) {
    throw new AppError(
      'unavailable',
      'Cascade Lab could not open its data folder (see the message at start): imports and your scenarios need it; fix the data folder and restart',
    );
  }
  return store;
}

function savedView(saved: SavedUserScenario): SavedScenarioView {
  return {
    id: saved.meta.id,
    version: saved.meta.version,
    title: saved.meta.title,
    protocols: saved.protocols,
    warnings: saved.warnings,
  };
}

function tableItem(t: ImportedTableMeta): ImportsList['positions'][number] {
  const summary = t.summary as {
    protocols?: {
      name: string;
      positions?: number;
      events?: number;
      debtUsd?: number;
      debtRepaidUsd?: number;
      assets?: string[];
    }[];
  } | null;
  return {
    id: t.id,
    name: t.name,
    rows: t.rows,
    createdAtMs: t.createdAtMs,
    protocols: (summary?.protocols ?? []).map((p) => ({
      name: p.name,
      count: p.positions ?? p.events ?? 0,
      debtUsd: p.debtUsd ?? p.debtRepaidUsd ?? 0,
      assets: p.assets ?? [],
    })),
  };
}

/** The handlers, and what app-service needs to list and run user scenarios. */
export function createScenarioHandlers(deps: ScenarioHandlerDeps) {
  const now = deps.nowMs ?? (() => Date.now());
  const uploads = new Map<string, Upload>();
  const jobs = new Map<string, ImportJob>();

  function forgetStaleUploads(): void {
    for (const [key, u] of uploads) if (now() - u.touchedMs > UPLOAD_TTL_MS) uploads.delete(key);
  }

  function upload(uploadId: string): Upload {
    const u = uploads.get(uploadId);
    if (!u)
      throw notFound(
        `no upload "${uploadId}" (it expired or was never started); choose the file again`,
        'uploadId',
      );
    if (!u.done)
      throw invalidInput('the file is still being sent; wait for the upload to finish', 'uploadId');
    u.touchedMs = now();
    return u;
  }

  function sourceOf(u: Upload, head = false): DataSource {
    const text = u.chunks.join('');
    return { fileName: u.fileName, text: head ? headText(text) : text };
  }

  async function previewSeries(
    source: DataSource,
    kind: 'price' | 'gas',
    choices: SeriesChoices,
    json: boolean,
  ): Promise<ImportPreviewView> {
    const parsed = await parseSeriesSource(source, kind, choices);
    const base: ImportPreviewView = {
      fileName: source.fileName,
      kind,
      format: json ? 'json' : 'csv',
      delimiter: null,
      columns: [],
      sampleRows: [],
      notes: [],
      bars: null,
      warnings: [],
      problem: null,
    };
    const preview = parsed.ok ? parsed.series.preview : (parsed.preview ?? null);
    if (preview) {
      base.format = preview.format;
      base.delimiter = preview.delimiter === '\t' ? 'tab' : preview.delimiter;
      base.columns = preview.columns.map((c) => ({ name: c.name, role: c.role }));
      base.sampleRows = preview.sampleRows.map((r) => r.fields);
    } else if (!json) {
      // Detection stopped before a layout (no time or price column): show the raw head, so the
      // user can pick the columns from what is there.
      const sample = sampleOf(source.text ?? '');
      base.delimiter = sample.delimiter === '\t' ? 'tab' : sample.delimiter;
      base.columns = (sample.rows[0] ?? []).map((name) => ({ name, role: 'column' }));
      base.sampleRows = sample.rows.slice(1);
    }
    if (!parsed.ok) return { ...base, problem: importProblem(parsed.error) };
    const s = parsed.series;
    if (json) {
      base.format = s.format;
      base.sampleRows = Array.from({ length: Math.min(5, s.timestampMs.length) }, (_, i) => [
        new Date(s.timestampMs[i]!).toISOString(),
        String(s.values[i]),
      ]);
      base.columns = [
        { name: 'time', role: 'timestamp' },
        { name: 'value', role: 'close' },
      ];
    }
    base.notes = s.notes;
    base.warnings = s.warnings;
    base.bars =
      s.bars.kind === 'bars'
        ? {
            said: s.bars.source === 'file' ? s.bars.barTime : null,
            reason: s.bars.source === 'file' ? s.bars.note : null,
          }
        : null;
    if (kind === 'price' && choices.asset === undefined) {
      base.problem = {
        field: 'asset',
        message: 'name the asset the prices are for (e.g. ETH)',
        row: null,
        column: null,
      };
    }
    return base;
  }

  async function previewTable(source: DataSource, kind: 'positions' | 'ledger'): Promise<ImportPreviewView> {
    const parsed =
      kind === 'positions' ? await parsePositionsSource(source) : await parseLedgerSource(source);
    const sample = sampleOf(source.text ?? '');
    const view: ImportPreviewView = {
      fileName: source.fileName,
      kind,
      format: kind,
      delimiter: sample.delimiter === '\t' ? 'tab' : sample.delimiter,
      columns: (sample.rows[0] ?? []).map((name) => ({ name, role: 'column' })),
      sampleRows: sample.rows.slice(1),
      notes: [],
      bars: null,
      warnings: [],
      problem: null,
    };
    if (!parsed.ok) return { ...view, problem: importProblem(parsed.error) };
    const rows = 'positions' in parsed ? parsed.positions.lines.length : parsed.ledger.lines.length;
    const names = 'positions' in parsed ? parsed.positions.protocol : parsed.ledger.protocol;
    view.notes = [`${rows} rows in the first part of the file; protocols: ${[...new Set(names)].join(', ')}`];
    if (parsed.ignoredColumns.length > 0)
      view.warnings = [`columns not used: ${parsed.ignoredColumns.join(', ')}`];
    return view;
  }

  function startImport(
    uploadId: string,
    kind: DataKind,
    choices: SeriesChoices,
    emit: (e: ApiEvent) => void,
  ): string {
    const store = storeRequired(deps.store);
    const source = sourceOf(upload(uploadId));
    const jobId = randomUUID();
    const controller = new AbortController();
    let finish!: () => void;
    const job: ImportJob = { state: 'running', controller, finished: new Promise((r) => (finish = r)) };
    jobs.set(jobId, job);
    const total = source.text!.length;
    const safeEmit = (e: ApiEvent) => {
      try {
        emit(e);
      } catch {
        // A closed window misses the event; the result stays here for imports.result.
      }
    };
    safeEmit({ type: 'job.progress', jobId, done: 0, total, label: 'reading' });
    void importDataSource(
      store,
      source,
      { ...choices, kind },
      {
        signal: controller.signal,
        onProgress: (done) =>
          safeEmit({ type: 'job.progress', jobId, done: Math.min(done, total), total, label: 'reading' }),
      },
    )
      .then((outcome) => {
        if (outcome.ok) {
          job.state = 'done';
          const lines = importLines(outcome);
          const id = 'table' in outcome ? outcome.table.id : outcome.series.id;
          job.result = {
            kind: outcome.kind,
            id,
            importId: outcome.importId,
            lines,
            warnings: 'parsed' in outcome ? outcome.parsed.warnings : [],
          };
        } else {
          job.state = outcome.error.code === 'aborted' ? 'cancelled' : 'failed';
          const problem = importProblem(outcome.error);
          job.error = {
            code: job.state === 'cancelled' ? 'cancelled' : 'invalid-input',
            message: problem.message,
            field: problem.field,
          };
        }
      })
      .catch((e: unknown) => {
        job.state = 'failed';
        job.error = toApiError(e);
      })
      .finally(() => {
        finish();
        safeEmit({
          type: 'job.done',
          jobId,
          ok: job.state === 'done',
          ...(job.error ? { error: job.error } : {}),
        });
      });
    return jobId;
  }

  /** User scenarios for the Library (several protocols listed too: they replay together). */
  function userScenarios(): UserScenarioEntry[] {
    if (deps.store === null) return [];
    const store = deps.store;
    const docs = new Map(listScenarioDocuments(store).map((d) => [d.scenarioId, d]));
    return listLibraryScenarios(store)
      .filter((m) => !m.builtin)
      .flatMap((m) => {
        try {
          const { scenario, version } = loadScenario(store, m.id, { allowSeveralProtocols: true });
          const doc = docs.has(m.id) ? getUserScenarioDocument(store, m.id) : null;
          return [
            {
              scenario,
              version,
              protocols: doc ? doc.protocols.map((p) => p.name) : [scenario.historicalDesignId],
              protocolDesigns: doc
                ? doc.protocols.map((p) => effectiveDesign(p).id)
                : [scenario.historicalDesignId],
              hasLedger: doc?.ledger?.events !== undefined,
              ...(doc && doc.protocols.length > 1 ? { targets: crashTargets(doc) } : {}),
            },
          ];
        } catch {
          return []; // a stored scenario this engine cannot read is left out of the list (replay says why)
        }
      });
  }

  function defaults(template: string, assets: string[]): TemplateDefaults {
    const store = storeRequired(deps.store);
    const t = loadScenario(store, template, { allowSeveralProtocols: true }).scenario;
    const venues: Record<string, unknown[]> = {};
    const arbitrage: Record<string, unknown> = {};
    for (const a of assets) {
      venues[a] = templateVenues(t, a);
      arbitrage[a] = templateAsset(t, a).arbitrage;
    }
    return {
      template: t.id,
      templateTitle: t.title,
      venues,
      arbitrage,
      keepers: t.keepers,
      response: t.population.response,
      population: t.population,
      // The template's gas level as a scenario file without a gas series holds it (resolve.ts); a
      // parsed scenario has at least one gas point.
      gasGwei: upperMedian(t.gas.points.map(([, v]) => v)),
      historicalDesignId: t.historicalDesignId,
    };
  }

  const handlers: Pick<Handlers, ScenarioChannel> = {
    'files.upload': async ({ uploadId, fileName, offset, text, done }) => {
      forgetStaleUploads();
      let id = uploadId;
      if (id === undefined) {
        if (uploads.size >= MAX_UPLOADS) {
          const oldest = [...uploads.entries()].sort((a, b) => a[1].touchedMs - b[1].touchedMs)[0];
          if (oldest) uploads.delete(oldest[0]);
        }
        id = randomUUID();
        uploads.set(id, { fileName, chunks: [], chars: 0, done: false, touchedMs: now() });
      }
      const u = uploads.get(id);
      if (!u) throw notFound(`no upload "${id}" (it expired); choose the file again`, 'uploadId');
      if (u.done) throw invalidInput('this upload is finished; start a new one', 'uploadId');
      if (offset !== u.chars)
        throw invalidInput(
          `a chunk went missing (expected offset ${u.chars}, got ${offset}); choose the file again`,
          'offset',
        );
      const held = [...uploads.values()].reduce((sum, x) => sum + x.chars, 0);
      if (held + text.length > MAX_UPLOADS_CHARS) {
        uploads.delete(id);
        throw invalidInput(
          'too many large files are open for import at once; import the ones sent, then try again',
          'text',
        );
      }
      if (u.chars + text.length > MAX_UPLOAD_CHARS) {
        uploads.delete(id);
        throw invalidInput(
          `the file is larger than ${MAX_UPLOAD_CHARS / 1024 / 1024} MB; import it from the command line (cascade-lab import FILE)`,
          'text',
        );
      }
      u.chunks.push(text);
      u.chars += text.length;
      u.done = done;
      u.touchedMs = now();
      return { uploadId: id, receivedChars: u.chars };
    },

    'imports.preview': async ({ uploadId, kind, choices }) => {
      const source = sourceOf(upload(uploadId));
      const json = /\.json$/i.test(source.fileName) || /^\s*[[{]/.test(source.text!.slice(0, 100));
      const k = kind ?? (await detectKind(source));
      if (k === 'positions' || k === 'ledger')
        return previewTable({ ...source, text: headText(source.text!) }, k);
      return previewSeries(json ? source : { ...source, text: headText(source.text!) }, k, choices, json);
    },

    'imports.start': async ({ uploadId, kind, choices }, ctx) => ({
      jobId: startImport(uploadId, kind, choices, (e) => ctx.emit(e)),
    }),

    'imports.result': async ({ jobId }) => {
      const job = jobs.get(jobId);
      if (!job) throw notFound(`no import "${jobId}"`, 'jobId');
      await job.finished;
      if (job.state !== 'done') {
        const e = job.error ?? { code: 'failed', message: 'the import did not finish' };
        throw new AppError(e.code, e.message, e.field);
      }
      return job.result!;
    },

    'imports.cancel': async ({ jobId }) => {
      const job = jobs.get(jobId);
      if (!job) throw notFound(`no import "${jobId}"`, 'jobId');
      if (job.state !== 'running') return { cancelled: false };
      job.controller.abort();
      return { cancelled: true };
    },

    'imports.list': async () => {
      const store = storeRequired(deps.store);
      return {
        series: listSeries(store, { scenarioId: null })
          .filter((s) => s.importId !== null)
          .map((s) => ({
            id: s.id,
            kind: s.kind,
            asset: s.asset,
            venue: s.venue,
            startMs: s.startMs,
            endMs: s.endMs,
            count: s.count,
            stepMs: s.stepMs,
            source: s.source,
          })),
        positions: listImportedTables(store, 'positions').map(tableItem),
        ledgers: listImportedTables(store, 'ledger').map(tableItem),
      };
    },

    'scenarios.validate': async ({ document }) => {
      try {
        const checked = await checkScenarioDocument(storeRequired(deps.store), document, { baseDir: null });
        const d = checked.document;
        return {
          ok: true,
          id: d.id,
          protocols: d.protocols.map((p) => p.name),
          window: d.window,
          stepSeconds: d.stepSeconds,
          warnings: checked.warnings,
        };
      } catch (e) {
        if (e instanceof ScenarioError) return { ok: false, field: e.field, message: e.message };
        throw e;
      }
    },

    'scenarios.create': async ({ document }) =>
      savedView(await createUserScenario(storeRequired(deps.store), document, { baseDir: null })),
    'scenarios.update': async ({ id, document }) =>
      savedView(await updateUserScenario(storeRequired(deps.store), id, document)),
    'scenarios.document': async ({ id }) => getUserScenarioDocument(storeRequired(deps.store), id),
    'scenarios.duplicate': async ({ id, name }) =>
      savedView(await duplicateUserScenario(storeRequired(deps.store), id, name)),
    'scenarios.export': async ({ id }) => exportUserScenario(storeRequired(deps.store), id),
    'scenarios.delete': async ({ id }) => {
      deleteScenario(storeRequired(deps.store), id);
      return { deleted: true };
    },
    'scenarios.ledger': async ({ id }): Promise<LedgerView | null> => {
      if (deps.store === null) return null;
      const entry = listLibraryScenarios(deps.store).find((m) => m.id === id);
      if (!entry || entry.builtin) return null;
      const ledger = getUserScenarioDocument(deps.store, id).ledger;
      if (!ledger?.events) return null;
      return { source: ledger.source ?? 'ledger', ...ledger.events };
    },
    'scenarios.defaults': async ({ template, assets }) => defaults(template, assets),
  };

  return { handlers, userScenarios };
}
