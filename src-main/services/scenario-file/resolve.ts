/**
 * Resolving a scenario document: every reference (a stored series, a positions file, a ledger, a
 * saved design, a file beside the document) replaced by its data, and every default (window, step,
 * venues, keepers, responses, gas) made explicit from the template, with a line in the
 * assumptions saying where each default came from. The result holds everything a replay needs, so
 * it travels (export, bundles) and replays byte for byte on another machine.
 *
 * Files are read only when a base folder is given (the command line); the app references what was
 * imported before, by id.
 */
import path from 'node:path';
import type { Design } from '../../engine/design.ts';
import { parseDesign } from '../../engine/design.ts';
import { ORACLE_VARIANTS, PRESETS, withOracle } from '../../engine/presets.ts';
import type { Scenario } from '../../engine/scenario.ts';
import { ScenarioError } from '../../engine/scenario.ts';
import { upperMedian } from '../../engine/medians.ts';
import { getImportedTable, getSeries, seriesTimestampsMs, StoreError } from '../../store/index.ts';
import type { Store } from '../../store/index.ts';
import { fileSource, parseLedgerSource, parsePositionsSource, parseSeriesSource } from '../data-import.ts';
import type { LedgerTable, PositionTable } from '../import/position-ledger-csv.ts';
import { InputError } from '../replay-service.ts';
import { loadDesign, loadScenario } from '../library.ts';
import type { ResolvedDocument } from './compile.ts';
import type {
  AssetEntry,
  GasEntry,
  LedgerEvents,
  ProtocolEntry,
  ScenarioDocument,
  SeriesEntry,
} from './format.ts';
import { SCENARIO_ID } from './format.ts';

/** The template when a document names none: DeFi lending liquidators with flash liquidity (2022). */
export const DEFAULT_TEMPLATE = 'ftx-collapse-2022';
/** Most steps a default step gives (a longer window gets a coarser step). */
const MAX_DEFAULT_STEPS = 20_000;

export interface ResolveContext {
  store: Store;
  /** Folder that file references are relative to; null: files are refused (the app). */
  baseDir: string | null;
}

const fail = (field: string, message: string): never => {
  throw new ScenarioError(`${field}: ${message}`, field);
};

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}

function filePath(ctx: ResolveContext, file: string, field: string): string {
  if (ctx.baseDir === null) {
    fail(
      field,
      `files are read only from the command line; import "${file}" first (Import view) and refer to it by its id`,
    );
  }
  return path.resolve(ctx.baseDir!, file);
}

function typicalSpacingSeconds(points: [number, number][]): number {
  const d: number[] = [];
  for (let i = 1; i < points.length; i++) d.push(points[i]![0] - points[i - 1]![0]);
  return Math.max(1, Math.round(upperMedian(d)));
}

function toPoints(times: Float64Array, values: Float64Array, field: string): [number, number][] {
  const points: [number, number][] = [];
  for (let i = 0; i < times.length; i++) {
    const t = times[i]!;
    if (t % 1000 !== 0) {
      fail(
        field,
        `point ${i} is at ${new Date(t).toISOString()}, not a whole second; scenarios use whole seconds — resample the series to seconds or coarser`,
      );
    }
    points.push([t / 1000, values[i]!]);
  }
  return points;
}

function storeError<T>(fn: () => T, field: string): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof StoreError && e.code === 'not-found') fail(field, `${e.message}`);
    throw e;
  }
}

async function seriesPoints(
  ctx: ResolveContext,
  entry: SeriesEntry | GasEntry,
  kind: 'price' | 'gas',
  asset: string,
  field: string,
): Promise<{ points: [number, number][]; source: string }> {
  if (entry.points !== undefined) return { points: entry.points, source: entry.source ?? 'given points' };
  if (entry.seriesId !== undefined) {
    const s = storeError(() => getSeries(ctx.store, entry.seriesId!), `${field}.seriesId`);
    if (s.kind !== kind)
      fail(`${field}.seriesId`, `series ${s.id} holds ${s.kind}, not ${kind}; choose a ${kind} series`);
    if (kind === 'price' && s.asset !== asset) {
      fail(
        `${field}.seriesId`,
        `series ${s.id} holds ${s.asset} prices, not ${asset}; choose a ${asset} series or rename the asset`,
      );
    }
    return {
      points: toPoints(seriesTimestampsMs(s), s.values, field),
      source: `${s.source} (series ${s.id})`,
    };
  }
  const file = entry.file!;
  const choices =
    'barTime' in entry
      ? {
          ...(entry.barTime ? { barTime: entry.barTime } : {}),
          ...(entry.timeZone ? { timeZone: entry.timeZone } : {}),
        }
      : {};
  const parsed = await parseSeriesSource(fileSource(filePath(ctx, file, `${field}.file`)), kind, {
    asset,
    ...choices,
  });
  if (!parsed.ok) fail(`${field}.file`, `${parsed.error.file} ${parsed.error.message}`);
  const p = parsed.ok ? parsed.series : undefined;
  return {
    points: toPoints(p!.timestampMs, p!.values, field),
    source: `${file} (${p!.format}; ${p!.notes.join('; ')})`,
  };
}

export function templateAsset(template: Scenario, id: string): Scenario['assets'][number] {
  return (
    template.assets.find((a) => a.id === id) ??
    template.assets.find((a) => a.id === template.population.asset) ??
    template.assets[0]!
  );
}

/**
 * The template's venues for an asset; when they are another asset's, their names say the asset
 * they now stand for ("WBTC DEX pools" of a BTC template become "WETH DEX pools" for ETH).
 */
export function templateVenues(template: Scenario, assetId: string): Scenario['assets'][number]['venues'] {
  const t = templateAsset(template, assetId);
  if (t.id === assetId) return t.venues;
  return t.venues.map((v) => ({ ...v, name: v.name.split(t.id).join(assetId) }));
}

async function resolveAsset(
  ctx: ResolveContext,
  a: AssetEntry,
  i: number,
  template: Scenario,
  notes: string[],
): Promise<AssetEntry> {
  const field = `scenario.assets.${i}.series`;
  const { points, source } = await seriesPoints(ctx, a.series, 'price', a.id, field);
  const t = templateAsset(template, a.id);
  if (a.venues === undefined)
    notes.push(
      `Venues of ${a.id} are the template "${template.id}"'s venues for ${t.id}${t.id !== a.id ? ` (named for ${a.id})` : ''} (assumed for that crash, not measured for this one).`,
    );
  if (a.arbitrage === undefined)
    notes.push(`Arbitrage between ${a.id}'s venues is the template "${template.id}"'s (assumed).`);
  return {
    id: a.id,
    series: {
      points,
      source,
      resolutionSeconds: a.series.resolutionSeconds ?? typicalSpacingSeconds(points),
    },
    venues: a.venues ?? templateVenues(template, a.id),
    arbitrage: a.arbitrage ?? t.arbitrage,
  };
}

function defaultWindow(assets: AssetEntry[]): { start: string; end: string } {
  const from = Math.max(...assets.map((a) => a.series.points![0]![0]));
  const to = Math.min(...assets.map((a) => a.series.points!.at(-1)![0]));
  if (!(to > from))
    fail(
      'scenario.window',
      `the assets' series do not overlap in time; give a window inside all of them, or series that share one`,
    );
  const iso = (s: number) => new Date(s * 1000).toISOString().replace('.000Z', 'Z');
  return { start: iso(from), end: iso(to) };
}

function defaultStep(window: { start: string; end: string }): number {
  const span = (Date.parse(window.end) - Date.parse(window.start)) / 1000;
  if (span / 60 <= MAX_DEFAULT_STEPS) return 60;
  return Math.ceil(span / MAX_DEFAULT_STEPS / 60) * 60;
}

async function resolveGas(
  ctx: ResolveContext,
  doc: ScenarioDocument,
  template: Scenario,
  notes: string[],
): Promise<GasEntry> {
  const g = doc.gas ?? {};
  const token =
    g.tokenAsset !== undefined || g.tokenPriceUsd !== undefined
      ? {}
      : doc.assets.some((a) => a.id === 'ETH')
        ? { tokenAsset: 'ETH' }
        : {
            tokenPriceUsd:
              template.gas.tokenPriceUsd ?? templateAsset(template, 'ETH').observed.points[0]![1],
          };
  if ('tokenPriceUsd' in token)
    notes.push(
      `Gas is paid in a token priced at $${token.tokenPriceUsd} (the template "${template.id}"'s, assumed).`,
    );
  if (g.constantGwei !== undefined || g.points !== undefined) return { ...g, ...token };
  if (g.seriesId !== undefined || g.file !== undefined) {
    const { points, source } = await seriesPoints(ctx, g, 'gas', 'ETH', 'scenario.gas');
    const { seriesId: _s, file: _f, ...rest } = g;
    return { ...rest, ...token, points, source };
  }
  const level = upperMedian(template.gas.points.map(([, v]) => v));
  notes.push(
    `Network gas is held at ${level} gwei, the template "${template.id}"'s median (no gas series given).`,
  );
  return {
    ...g,
    ...token,
    constantGwei: level,
    source: `constant ${level} gwei (the template "${template.id}"'s median, assumed)`,
  };
}

/** A design reference: a preset, a preset with an oracle variant, a saved design, or a design. */
export function resolveDesignRef(store: Store, design: ProtocolEntry['design'], field: string): Design {
  if (typeof design !== 'string') return parseDesign(design);
  const [base = '', variant, ...rest] = design.split('+');
  if (rest.length > 0) fail(field, `"${design}": at most one oracle variant can be mixed in`);
  let resolved: Design;
  try {
    resolved = PRESETS.get(base) ?? loadDesign(store, base);
  } catch (e) {
    if (e instanceof InputError) fail(field, e.message);
    throw e;
  }
  if (variant === undefined) return resolved!;
  if (!ORACLE_VARIANTS.has(variant))
    fail(field, `unknown oracle variant "${variant}" (known: ${[...ORACLE_VARIANTS.keys()].join(', ')})`);
  return withOracle(resolved!, variant);
}

function positionsFor(
  table: PositionTable,
  protocol: string,
  file: string,
  field: string,
): { asset: string; collateral: number[]; debtUsd: number[] } {
  const rows = table.protocol.flatMap((p, i) => (p === protocol ? [i] : []));
  if (rows.length === 0) {
    const names = [...new Set(table.protocol)].join(', ');
    fail(
      field,
      `${file} has no positions of protocol "${protocol}" (it holds: ${names}); name the protocol as the file does`,
    );
  }
  const asset = table.collateralAsset[rows[0]!]!;
  const other = rows.find((i) => table.collateralAsset[i] !== asset);
  if (other !== undefined) {
    fail(
      field,
      `${file} row ${table.lines[other]}, column "collateral_asset": protocol "${protocol}" has ${asset} and ${table.collateralAsset[other]} collateral; one collateral asset per protocol for now — split it into two protocols`,
    );
  }
  return {
    asset,
    collateral: rows.map((i) => table.collateral[i]!),
    debtUsd: rows.map((i) => table.debtUsd[i]!),
  };
}

async function positionTable(
  ctx: ResolveContext,
  pop: Extract<ProtocolEntry['population'], { kind: 'positions' }>,
  field: string,
): Promise<{ table: PositionTable; name: string }> {
  if (pop.positionSetId !== undefined) {
    const record = storeError(
      () => getImportedTable(ctx.store, 'positions', pop.positionSetId!),
      `${field}.positionSetId`,
    );
    return {
      table: JSON.parse(record.json) as PositionTable,
      name: `${record.name} (positions file ${record.id})`,
    };
  }
  const parsed = await parsePositionsSource(fileSource(filePath(ctx, pop.file!, `${field}.file`)));
  if (!parsed.ok) fail(`${field}.file`, `${parsed.error.file} ${parsed.error.message}`);
  return { table: (parsed as { positions: PositionTable }).positions, name: pop.file! };
}

async function resolveProtocol(
  ctx: ResolveContext,
  p: ProtocolEntry,
  i: number,
  doc: ScenarioDocument,
  template: Scenario,
  notes: string[],
): Promise<ProtocolEntry> {
  const field = `scenario.protocols.${i}`;
  const design = resolveDesignRef(ctx.store, p.design, `${field}.design`);
  const pop = p.population;
  if (pop.response === undefined)
    notes.push(
      `How ${p.name}'s called accounts respond (top up, sell, wait; delays, gas caps) is the template "${template.id}"'s (assumed).`,
    );
  const response = pop.response ?? template.population.response;
  const assets = new Set(doc.assets.map((a) => a.id));
  if (pop.kind === 'distribution') {
    if (!assets.has(pop.asset))
      fail(
        `${field}.population.asset`,
        `no asset "${pop.asset}" in this scenario (assets: ${[...assets].join(', ')})`,
      );
    return { ...p, design, population: { ...pop, response } };
  }
  let positions = pop.positions;
  let asset = pop.asset;
  let source = pop.source;
  if (positions === undefined) {
    const { table, name } = await positionTable(ctx, pop, `${field}.population`);
    const picked = positionsFor(table, p.name, name, `${field}.population`);
    if (asset !== undefined && asset !== picked.asset)
      fail(`${field}.population.asset`, `is ${asset} but the positions of "${p.name}" hold ${picked.asset}`);
    asset = picked.asset;
    positions = { collateral: picked.collateral, debtUsd: picked.debtUsd };
    source = `${name}, ${picked.debtUsd.length} positions of ${p.name}`;
  }
  if (asset === undefined && doc.assets.length === 1) asset = doc.assets[0]!.id;
  if (asset === undefined)
    fail(`${field}.population.asset`, 'missing; name the collateral asset of the positions');
  if (!assets.has(asset!))
    fail(
      `${field}.population.asset`,
      `no asset "${asset}" in this scenario (assets: ${[...assets].join(', ')}); add its price series`,
    );
  const { file: _f, positionSetId: _p, ...rest } = pop;
  return {
    ...p,
    design,
    population: { ...rest, asset: asset!, positions, source: source ?? 'given positions', response },
  };
}

async function resolveLedger(
  ctx: ResolveContext,
  doc: ScenarioDocument,
  notes: string[],
): Promise<ScenarioDocument['ledger']> {
  const l = doc.ledger;
  if (l === undefined || l.events !== undefined) return l;
  let table: LedgerTable;
  let name: string;
  if (l.ledgerId !== undefined) {
    const record = storeError(
      () => getImportedTable(ctx.store, 'ledger', l.ledgerId!),
      'scenario.ledger.ledgerId',
    );
    table = JSON.parse(record.json) as LedgerTable;
    name = `${record.name} (ledger ${record.id})`;
  } else {
    const parsed = await parseLedgerSource(fileSource(filePath(ctx, l.file!, 'scenario.ledger.file')));
    if (!parsed.ok) fail('scenario.ledger.file', `${parsed.error.file} ${parsed.error.message}`);
    table = (parsed as { ledger: LedgerTable }).ledger;
    name = l.file!;
  }
  const names = new Set(doc.protocols.map((p) => p.name));
  const unknown = [...new Set(table.protocol)].filter((p) => !names.has(p));
  if (unknown.length > 0)
    notes.push(
      `The ledger also names ${unknown.join(', ')}, which this scenario does not run: those events are shown, not compared.`,
    );
  const events: LedgerEvents = {
    timeMs: table.timeMs,
    protocol: table.protocol,
    account: table.account,
    collateralSold: table.collateralSold,
    debtRepaidUsd: table.debtRepaidUsd,
    priceUsd: table.priceUsd,
  };
  return { events, source: l.source ?? name };
}

function loadTemplate(store: Store, id: string): Scenario {
  try {
    return loadScenario(store, id, { allowSeveralProtocols: true }).scenario;
  } catch (e) {
    if (e instanceof InputError) fail('scenario.template', e.message);
    throw e;
  }
}

/**
 * Resolves a document (see the module comment). Throws ScenarioError naming the document's field
 * (and, for a bad file, the file's row and column).
 */
export async function resolveDocument(doc: ScenarioDocument, ctx: ResolveContext): Promise<ResolvedDocument> {
  const template = loadTemplate(ctx.store, doc.template ?? DEFAULT_TEMPLATE);
  const notes: string[] = [];
  const assets: AssetEntry[] = [];
  for (const [i, a] of doc.assets.entries()) assets.push(await resolveAsset(ctx, a, i, template, notes));
  const window = doc.window ?? defaultWindow(assets);
  const stepSeconds = doc.stepSeconds ?? defaultStep(window);
  const gas = await resolveGas(ctx, doc, template, notes);
  if (gas.tokenAsset !== undefined && !assets.some((a) => a.id === gas.tokenAsset)) {
    fail(
      'scenario.gas.tokenAsset',
      `no asset "${gas.tokenAsset}" in this scenario; give tokenPriceUsd instead`,
    );
  }
  if (doc.keepers === undefined)
    notes.push(`Keepers (count, capital, gas caps, margins) are the template "${template.id}"'s (assumed).`);
  const protocols: ProtocolEntry[] = [];
  for (const [i, p] of doc.protocols.entries())
    protocols.push(await resolveProtocol(ctx, p, i, doc, template, notes));
  const ledger = await resolveLedger(ctx, doc, notes);
  const id = doc.id ?? (slug(doc.name) || 'scenario');
  if (!SCENARIO_ID.test(id)) fail('scenario.id', `"${id}" must be lowercase letters, digits and dashes`);
  return {
    ...doc,
    id,
    template: template.id,
    window,
    stepSeconds,
    assets,
    gas,
    keepers: doc.keepers ?? template.keepers,
    protocols,
    ...(ledger !== undefined ? { ledger } : {}),
    assumptions: [...(doc.assumptions ?? []), ...notes],
  };
}
