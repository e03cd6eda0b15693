/**
 * The command line of scenarios users bring: `import` (price and gas series, positions files,
 * ledgers), `scenario create|validate|export|import|delete|schema`, `scenarios` (built-ins, then
 * yours) and `compare` on a stored scenario. Same services as the app; bad input exits 2 with one
 * located line.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DataKind, SeriesChoices } from '../services/data-import.ts';
import { importJson, importLines } from '../services/data-import-report.ts';
import {
  DATA_KINDS,
  detectKind,
  fileSource,
  importDataSource,
  parsePositionsSource,
} from '../services/data-import.ts';
import { formatImportError } from '../services/import-service.ts';
import type { Store } from '../services/library.ts';
import {
  listLibraryScenarios,
  resolveDesignRef,
  resolveRunnable,
  scenarioProtocolCounts,
  storedSeriesAsset,
} from '../services/library.ts';
import type { Scenario } from '../services/replay-service.ts';
import {
  InputError,
  findBuiltinScenario,
  reportJson,
  resolveDesign,
  runReplays,
} from '../services/replay-service.ts';
import { scenarioJsonSchema } from '../services/scenario-file/json-schema.ts';
import { SCENARIO_FORMAT_VERSION } from '../services/scenario-file/format.ts';
import type { ScenarioDocument } from '../services/scenario-file/format.ts';
import { DEFAULT_TEMPLATE } from '../services/scenario-file/resolve.ts';
import type { SavedUserScenario } from '../services/user-scenarios.ts';
import {
  checkScenarioDocument,
  createUserScenario,
  deleteScenario,
  exportUserScenario,
  importScenarioFile,
  readScenarioFile,
} from '../services/user-scenarios.ts';
import type { Parsed } from './args.ts';
import { allowOnly, intFlag, optional, positionals, textFlag } from './args.ts';
import { renderCompare } from './render.ts';
import { compareCrash, refuseProtocolFlag } from './crash-commands.ts';
import { loadCrash } from '../services/crash-store.ts';

/** What these commands need from the caller. */
export interface ScenarioIo {
  out: (text: string) => void;
  err: (text: string) => void;
  readFile?: (path: string) => string;
}

type WithStore = <T>(fn: (store: Store) => Promise<T> | T) => Promise<T>;

const DELIMITERS: Record<string, ',' | ';' | '\t' | '|'> = {
  ',': ',',
  ';': ';',
  tab: '\t',
  '\t': '\t',
  '|': '|',
};

function seriesChoices(p: Parsed): SeriesChoices {
  const barTime = textFlag(p, 'bar-time');
  if (barTime !== undefined && barTime !== 'open' && barTime !== 'close') {
    throw new InputError(`--bar-time must be "open" or "close" (got "${barTime}")`);
  }
  const delimiter = textFlag(p, 'delimiter');
  if (delimiter !== undefined && DELIMITERS[delimiter] === undefined) {
    throw new InputError(`--delimiter must be one of "," ";" "|" or tab (got "${delimiter}")`);
  }
  const dateOrder = textFlag(p, 'date-order');
  if (dateOrder !== undefined && dateOrder !== 'mdy' && dateOrder !== 'dmy') {
    throw new InputError(
      `--date-order must be mdy (9/1/1987 is 1 September) or dmy (9/1/1987 is 9 January), not "${dateOrder}"`,
    );
  }
  const pick = (flag: string, key: keyof SeriesChoices) => {
    const v = textFlag(p, flag);
    return v === undefined ? {} : { [key]: v };
  };
  return {
    ...pick('asset', 'asset'),
    ...pick('venue', 'venue'),
    ...pick('tz', 'timeZone'),
    ...pick('time-column', 'timeColumn'),
    ...pick('value-column', 'valueColumn'),
    ...(barTime !== undefined ? { barTime: barTime as 'open' | 'close' } : {}),
    ...(delimiter !== undefined ? { delimiter: DELIMITERS[delimiter]! } : {}),
    ...(dateOrder !== undefined ? { dateOrder } : {}),
  };
}

/** `cascade-lab import FILE [--asset SYMBOL] [--kind …] [--venue] [--tz] [--bar-time open|close] [--json]`. */
export async function cmdImportData(p: Parsed, io: ScenarioIo, withStore: WithStore): Promise<number> {
  allowOnly(p, 'import', [
    'asset',
    'venue',
    'tz',
    'json',
    'kind',
    'bar-time',
    'delimiter',
    'time-column',
    'value-column',
    'date-order',
  ]);
  const [file] = positionals(p, 'import', ['file.csv']);
  const kindFlag = textFlag(p, 'kind');
  if (kindFlag !== undefined && !DATA_KINDS.includes(kindFlag as DataKind)) {
    throw new InputError(`--kind must be one of ${DATA_KINDS.join(', ')} (got "${kindFlag}")`);
  }
  const choices = seriesChoices(p);
  const source = fileSource(path.resolve(file!));
  return withStore(async (store) => {
    let kind = kindFlag as DataKind | undefined;
    if (kind === undefined) {
      try {
        kind = await detectKind(source);
      } catch {
        kind = 'price'; // an unreadable file: the import below says why, located
      }
    }
    if (kind === 'price' && choices.asset === undefined) {
      throw new InputError('import needs --asset ID (the asset the prices are for, e.g. --asset ETH)');
    }
    const outcome = await importDataSource(store, source, { ...choices, kind });
    if (!outcome.ok) {
      io.err(`cascade-lab: ${formatImportError(outcome.error)}\n`);
      return 2;
    }
    if (p.bools.has('json')) io.out(`${JSON.stringify(importJson(outcome))}\n`);
    else io.out(`${importLines(outcome).join('\n')}\n`);
    return 0;
  });
}

function seriesIds(p: Parsed): string[] {
  const ids = (p.flags.get('series') ?? [])
    .flatMap((v) => v.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (ids.length === 0)
    throw new InputError('scenario create needs --series ID[,ID…] (the ids `cascade-lab import` printed)');
  return ids;
}

function protocolFlags(p: Parsed): { name: string; design: string }[] {
  return (p.flags.get('protocol') ?? []).map((v) => {
    const eq = v.indexOf('=');
    if (eq <= 0 || eq === v.length - 1) {
      throw new InputError(`--protocol must be NAME=DESIGN (e.g. --protocol aave-like=aave-v3), not "${v}"`);
    }
    return { name: v.slice(0, eq), design: v.slice(eq + 1) };
  });
}

async function protocolsOf(
  p: Parsed,
  store: Store,
  template: Scenario,
  firstAsset: string,
  populationFile: string | undefined,
): Promise<ScenarioDocument['protocols']> {
  let named = protocolFlags(p);
  if (named.length === 0 && populationFile !== undefined) {
    const parsed = await parsePositionsSource(fileSource(populationFile));
    if (!parsed.ok) throw new InputError(formatImportError(parsed.error));
    named = [...new Set(parsed.positions.protocol)].map((name) => ({
      name,
      design: template.historicalDesignId,
    }));
  }
  if (named.length === 0)
    named = [{ name: template.historicalDesignId, design: template.historicalDesignId }];
  const { positions: _positions, basket: _basket, ...distribution } = template.population;
  return named.map(({ name, design }) => ({
    name,
    design: /\.json$/i.test(design) ? resolveDesign(design) : design,
    population:
      populationFile !== undefined
        ? { kind: 'positions' as const, file: populationFile }
        : { ...distribution, asset: firstAsset, kind: 'distribution' as const },
  }));
}

function templateScenario(store: Store, id: string): Scenario {
  return resolveRunnable(store, id).scenario;
}

/** The document `scenario create` builds from its flags (defaults come from the template). */
async function documentFromFlags(p: Parsed, store: Store): Promise<ScenarioDocument> {
  const name = textFlag(p, 'name');
  if (name === undefined) throw new InputError('scenario create needs --name NAME');
  const ids = seriesIds(p);
  const templateId = textFlag(p, 'template') ?? DEFAULT_TEMPLATE;
  const template = templateScenario(store, templateId);
  const assets = ids.map((id) => {
    const asset = storedSeriesAsset(store, id, `--series ${id}`);
    return { id: asset, series: { seriesId: id } };
  });
  const population = textFlag(p, 'population');
  const gas = textFlag(p, 'gas');
  const ledger = textFlag(p, 'ledger');
  const start = textFlag(p, 'start');
  const end = textFlag(p, 'end');
  if ((start === undefined) !== (end === undefined))
    throw new InputError('give both --start and --end (ISO times), or neither');
  const step = intFlag(p, 'step');
  const abs = (f: string) => path.resolve(f);
  return {
    format: 'cascade-lab/scenario',
    version: SCENARIO_FORMAT_VERSION,
    name,
    ...(textFlag(p, 'id') !== undefined ? { id: textFlag(p, 'id')! } : {}),
    template: templateId,
    ...(start !== undefined ? { window: { start, end: end! } } : {}),
    ...(step !== undefined ? { stepSeconds: step } : {}),
    assets,
    ...(gas !== undefined ? { gas: { file: abs(gas) } } : {}),
    protocols: await protocolsOf(
      p,
      store,
      template,
      assets[0]!.id,
      population !== undefined ? abs(population) : undefined,
    ),
    ...(ledger !== undefined ? { ledger: { file: abs(ledger) } } : {}),
  };
}

function savedLines(saved: SavedUserScenario, verb: string): string {
  const d = saved.document;
  return [
    `${verb} scenario ${saved.meta.id} (version ${saved.meta.version}): ${saved.meta.title}`,
    `window      ${d.window.start} → ${d.window.end}, step ${d.stepSeconds} s`,
    `assets      ${d.assets.map((a) => `${a.id} (${a.series.points!.length} points)`).join(', ')}`,
    `protocols   ${saved.scenario ? d.protocols.map((p) => p.name).join(', ') : ''}`,
    ...saved.warnings.map((w) => `warning     ${w}`),
    '',
  ].join('\n');
}

function savedJson(saved: SavedUserScenario): string {
  return `${JSON.stringify({
    scenarioId: saved.meta.id,
    version: saved.meta.version,
    title: saved.meta.title,
    protocols: saved.protocols,
    window: saved.document.window,
    stepSeconds: saved.document.stepSeconds,
    warnings: saved.warnings,
  })}\n`;
}

function writeOut(io: ScenarioIo, text: string, out: string | undefined): number {
  if (out === undefined) {
    io.out(text);
    return 0;
  }
  const file = path.resolve(out);
  try {
    writeFileSync(file, text, 'utf8');
  } catch (e) {
    throw new InputError(
      `--out ${out}: cannot be written (${(e as NodeJS.ErrnoException).code ?? String(e)}); choose a writable path`,
    );
  }
  io.out(`wrote ${file} (${Buffer.byteLength(text)} bytes)\n`);
  return 0;
}

/** `cascade-lab scenario create|validate|export|import|delete|schema …`. */
export async function cmdScenario(p: Parsed, io: ScenarioIo, withStore: WithStore): Promise<number> {
  const [action, ...rest] = p.positional;
  const sub: Parsed = { ...p, positional: rest };
  const json = p.bools.has('json');
  switch (action) {
    case 'create':
      allowOnly(p, 'scenario create', [
        'name',
        'series',
        'template',
        'population',
        'protocol',
        'gas',
        'ledger',
        'start',
        'end',
        'step',
        'id',
        'json',
      ]);
      positionals(sub, 'scenario create', []);
      return withStore(async (store) => {
        const saved = await createUserScenario(store, await documentFromFlags(p, store), {
          baseDir: process.cwd(),
        });
        io.out(json ? savedJson(saved) : savedLines(saved, 'created'));
        return 0;
      });
    case 'validate': {
      allowOnly(p, 'scenario validate', ['json']);
      const [file] = positionals(sub, 'scenario validate', ['file']);
      return withStore(async (store) => {
        const checked = await checkScenarioDocument(store, readScenarioFile(file!), {
          baseDir: path.dirname(path.resolve(file!)),
        });
        const d = checked.document;
        if (json)
          io.out(
            `${JSON.stringify({ valid: true, id: d.id, protocols: d.protocols.map((x) => x.name), window: d.window, stepSeconds: d.stepSeconds, warnings: checked.warnings })}\n`,
          );
        else
          io.out(
            `${file}: valid — scenario ${d.id}, ${d.protocols.length} protocol(s) (${d.protocols.map((x) => x.name).join(', ')}), ${d.window.start} → ${d.window.end}\n${checked.warnings.map((w) => `warning: ${w}\n`).join('')}`,
          );
        return 0;
      });
    }
    case 'export': {
      allowOnly(p, 'scenario export', ['out']);
      const [id] = positionals(sub, 'scenario export', ['scenario id']);
      return withStore((store) => writeOut(io, exportUserScenario(store, id!).text, textFlag(p, 'out')));
    }
    case 'import': {
      allowOnly(p, 'scenario import', ['id', 'json']);
      const [file] = positionals(sub, 'scenario import', ['file']);
      const id = textFlag(p, 'id');
      return withStore(async (store) => {
        const saved = await importScenarioFile(store, file!, id !== undefined ? { id } : {});
        io.out(json ? savedJson(saved) : savedLines(saved, 'imported'));
        return 0;
      });
    }
    case 'delete': {
      allowOnly(p, 'scenario delete', []);
      const [id] = positionals(sub, 'scenario delete', ['scenario id']);
      return withStore((store) => {
        deleteScenario(store, id!);
        io.out(`deleted scenario ${id}\n`);
        return 0;
      });
    }
    case 'schema':
      allowOnly(p, 'scenario schema', ['out']);
      positionals(sub, 'scenario schema', []);
      return writeOut(io, `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`, textFlag(p, 'out'));
    default:
      throw new InputError(
        `scenario needs create, validate, export, import, delete or schema${action ? ` (got "${action}")` : ''}`,
      );
  }
}

/** `cascade-lab scenarios [--json]`: built-ins, then yours (with their protocols). */
export async function cmdScenarios(p: Parsed, io: ScenarioIo, withStore: WithStore): Promise<number> {
  allowOnly(p, 'scenarios', ['json']);
  positionals(p, 'scenarios', []);
  return withStore((store) => {
    const protocols = scenarioProtocolCounts(store);
    const all = listLibraryScenarios(store);
    const builtins = all.filter((s) => s.builtin);
    const yours = all.filter((s) => !s.builtin);
    if (p.bools.has('json')) {
      const row = (s: (typeof all)[number]) => {
        const builtin = findBuiltinScenario(s.id);
        return {
          id: s.id,
          title: s.title,
          origin: s.builtin ? 'builtin' : 'user',
          version: s.version,
          ...(builtin
            ? {
                date: builtin.dateLabel,
                historicalDesign: builtin.historicalDesignId,
                summary: builtin.summary,
              }
            : {}),
          protocols: protocols.get(s.id) ?? 1,
        };
      };
      io.out(`${JSON.stringify([...builtins, ...yours].map(row))}\n`);
      return 0;
    }
    io.out('built-in:\n');
    for (const s of builtins) {
      const b = findBuiltinScenario(s.id);
      io.out(
        `  ${s.id.padEnd(28)} ${b?.dateLabel ?? ''}  ${s.title}\n${' '.repeat(31)}historical design: ${b?.historicalDesignId ?? '?'}\n`,
      );
    }
    io.out(
      yours.length === 0
        ? 'yours: none yet (cascade-lab scenario create … or scenario import FILE)\n'
        : 'yours:\n',
    );
    for (const s of yours) {
      const n = protocols.get(s.id) ?? 1;
      io.out(
        `  ${s.id.padEnd(28)} v${s.version}  ${s.title}${n > 1 ? `  (${n} protocols on the same venues)` : ''}\n`,
      );
    }
    return 0;
  });
}

/** `compare` on a scenario in the store (a user scenario, or designs saved in the store). */
export async function cmdCompareStored(p: Parsed, io: ScenarioIo, withStore: WithStore): Promise<number> {
  allowOnly(p, 'compare', ['design', 'seed', 'accounts', 'step', 'json', 'protocol']);
  const [scenarioId] = positionals(p, 'compare', ['scenario']);
  const refs = p.flags.get('design') ?? [];
  if (refs.length < 2) throw new InputError('compare needs at least two --design options');
  if (refs.length > 4) throw new InputError('compare takes at most four designs');
  return withStore((store) => {
    const crash = loadCrash(store, scenarioId!);
    if (crash) return compareCrash(store, crash, p, io);
    refuseProtocolFlag(p, scenarioId!);
    const { scenario, historical } = resolveRunnable(store, scenarioId!);
    const designs = refs.map((ref) => resolveDesignRef(ref, store, io.readFile));
    const results = runReplays({
      scenarioId: scenario.id,
      scenario,
      historical,
      designs,
      seed: intFlag(p, 'seed') ?? 1,
      ...optional('accounts', intFlag(p, 'accounts')),
      ...optional('stepSeconds', intFlag(p, 'step')),
    });
    if (p.bools.has('json')) {
      io.out(
        `${JSON.stringify({ scenario: scenario.id, seed: results[0]!.seed, runs: results.map(reportJson) })}\n`,
      );
    } else io.out(renderCompare(results));
    return 0;
  });
}
