import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportBundle, importBundle } from './bundles.ts';
import { getDesign, listDesigns, saveDesign, seedPresetDesigns } from './designs.ts';
import { LATEST_SCHEMA_VERSION, runMigrations } from './migrations.ts';
import { addNote, listNotes } from './notes.ts';
import type { Store } from './open-store.ts';
import { getPopulation, listPopulations, savePopulation } from './populations.ts';
import { getRun, listRuns, saveRun } from './runs.ts';
import { getScenario, listScenarios, saveUserScenario, seedBuiltins } from './scenarios.ts';
import { getImport, getSeries, listSeries, writeSeriesImport } from './series.ts';
import { STORE_APPLICATION_ID } from './sqlite-file.ts';
import {
  designJson,
  fakeClock,
  minuteTimestamps,
  openTempStore,
  scenarioJson,
  sha256File,
  tempDir,
} from './store-test-support.ts';

function shipped(store: Store, version: number): void {
  seedBuiltins(store, [
    {
      id: 'black-thursday',
      version,
      json: scenarioJson('black-thursday', version, `Black Thursday v${version}`),
      series: [
        {
          asset: 'ETH',
          venue: 'coinbase',
          kind: 'price',
          source: 'shipped',
          timestampsMs: minuteTimestamps(3),
          values: Float64Array.of(190, 130, 100 + version),
        },
      ],
    },
  ]);
  seedPresetDesigns(store, [
    { id: 'maker-2020', name: 'Maker 2020', json: designJson('Maker 2020', { v: version }) },
  ]);
}

/** Store A: a user scenario with an imported series and a population, a user design, runs, notes. */
async function sourceStore(): Promise<{ store: Store; ids: Record<string, string> }> {
  const store = await openTempStore({ nowMs: fakeClock() });
  shipped(store, 2);
  const scenario = saveUserScenario(store, {
    id: 'my-crash',
    title: 'My crash',
    json: scenarioJson('my-crash', 1),
  });
  const { importId, series } = writeSeriesImport(store, {
    scenarioId: scenario.id,
    fileName: 'eth.csv',
    sha256: 'e'.repeat(64),
    asset: 'ETH',
    venue: 'binance',
    kind: 'price',
    timestampMs: Float64Array.of(0, 1000, 2500),
    values: Float64Array.of(-0, 5e-324, 3),
    report: { warnings: [] },
  });
  const population = savePopulation(store, {
    scenarioId: scenario.id,
    name: 'vaults',
    data: Uint8Array.of(1, 2, 3),
  });
  const design = saveDesign(store, {
    name: 'Slower auctions',
    json: designJson('Slower auctions'),
    basedOn: 'maker-2020',
  });
  const base = {
    designJson: designJson('Slower auctions'),
    designHash: 'h1',
    seed: 7,
    engineVersion: '0.1.0',
    accounts: 10,
    summary: { badDebtUsd: 1 },
    waves: [],
    events: [{ step: 1, text: 'auction opened' }],
    series: { 'price.eth': Float64Array.of(1, 2, 3) },
  };
  const runOnMine = saveRun(store, {
    ...base,
    scenarioId: scenario.id,
    scenarioVersion: 1,
    designId: design.id,
    populationId: population.id,
  });
  const runOnBuiltin = saveRun(store, {
    ...base,
    scenarioId: 'black-thursday',
    scenarioVersion: 2,
    designId: 'maker-2020',
  });
  addNote(store, { targetKind: 'run', targetId: runOnMine.id, text: 'run note' });
  addNote(store, { targetKind: 'scenario', targetId: scenario.id, text: 'scenario note' });
  addNote(store, { targetKind: 'design', targetId: design.id, text: 'design note' });
  return {
    store,
    ids: {
      scenario: scenario.id,
      importId,
      series: series.id,
      population: population.id,
      design: design.id,
      runOnMine: runOnMine.id,
      runOnBuiltin: runOnBuiltin.id,
    },
  };
}

function everything(ids: Record<string, string>) {
  return {
    designIds: [ids['design'] ?? ''],
    runIds: [ids['runOnMine'] ?? '', ids['runOnBuiltin'] ?? ''],
    includeNotes: true,
  };
}

function rowCounts(store: Store): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of ['scenarios', 'imports', 'designs', 'series', 'populations', 'runs', 'notes']) {
    out[t] = (store.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
  }
  return out;
}

describe('bundles', () => {
  it('export writes one self-contained SQLite file with our application_id, atomically', async () => {
    const { store, ids } = await sourceStore();
    const file = path.join(tempDir(), 'share', 'work.cascade');
    const counts = exportBundle(store, file, everything(ids));
    // Runs pull in both scenarios; scenarios pull in their series, the import, the population.
    expect(counts).toEqual({
      scenarios: 2,
      scenario_documents: 0,
      imports: 1,
      designs: 1,
      series: 2,
      populations: 1,
      runs: 2,
      notes: 3,
    });
    expect(fs.readdirSync(path.dirname(file))).toEqual(['work.cascade']);
    const db = new Database(file, { readonly: true });
    expect(db.pragma('application_id', { simple: true })).toBe(STORE_APPLICATION_ID);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('round-trips into a second store: data, blobs, notes; our built-in and preset are never overwritten', async () => {
    const { store: a, ids } = await sourceStore();
    const file = path.join(tempDir(), 'work.cascade');
    exportBundle(a, file, everything(ids));

    const b = await openTempStore({ nowMs: fakeClock() });
    shipped(b, 1); // B ships an older built-in and preset: the bundle's copies must not replace them
    const builtinBefore = getScenario(b, 'black-thursday');
    const presetBefore = getDesign(b, 'maker-2020');

    const report = importBundle(b, file);
    expect(report.inserted).toEqual({
      scenarios: 1,
      scenario_documents: 0,
      imports: 1,
      designs: 1,
      series: 1,
      populations: 1,
      runs: 2,
      notes: 3,
    });
    expect(report.skipped).toMatchObject({ scenarios: 1, series: 1 });
    expect(report.renamed).toEqual({
      scenarios: 0,
      scenario_documents: 0,
      imports: 0,
      designs: 0,
      series: 0,
      populations: 0,
      runs: 0,
      notes: 0,
    });

    expect(getScenario(b, 'black-thursday')).toEqual(builtinBefore);
    expect(getDesign(b, 'maker-2020')).toEqual(presetBefore);
    expect(listSeries(b, { scenarioId: 'black-thursday' }).map((s) => s.source)).toEqual(['shipped']);
    expect(getScenario(b, ids['scenario'] ?? '')).toEqual(getScenario(a, ids['scenario'] ?? ''));
    expect(getImport(b, ids['importId'] ?? '')).toEqual(getImport(a, ids['importId'] ?? ''));
    expect(getSeries(b, ids['series'] ?? '')).toEqual(getSeries(a, ids['series'] ?? ''));
    expect(Object.is(getSeries(b, ids['series'] ?? '').values[0], -0)).toBe(true);
    expect(getPopulation(b, ids['population'] ?? '').data).toEqual(Buffer.from([1, 2, 3]));
    expect(getDesign(b, ids['design'] ?? '')).toEqual(getDesign(a, ids['design'] ?? ''));
    for (const id of [ids['runOnMine'] ?? '', ids['runOnBuiltin'] ?? ''])
      expect(getRun(b, id)).toEqual(getRun(a, id));
    expect(
      listNotes(b)
        .map((n) => n.text)
        .sort(),
    ).toEqual(['design note', 'run note', 'scenario note']);
    expect(b.integrityCheck().ok).toBe(true);
  });

  it('re-importing the same bundle changes nothing', async () => {
    const { store: a, ids } = await sourceStore();
    const file = path.join(tempDir(), 'work.cascade');
    exportBundle(a, file, everything(ids));
    const b = await openTempStore();
    importBundle(b, file);
    const before = rowCounts(b);
    const again = importBundle(b, file);
    expect(Object.values(again.inserted).every((n) => n === 0)).toBe(true);
    expect(rowCounts(b)).toEqual(before);
  });

  it('gives conflicting ids new ids, follows them in references, and renames a design named like a preset', async () => {
    const { store: a, ids } = await sourceStore();
    const file = path.join(tempDir(), 'work.cascade');
    exportBundle(a, file, everything(ids));

    const b = await openTempStore();
    shipped(b, 1);
    // B already has a different scenario with the same id, and a preset named like A's design.
    saveUserScenario(b, { id: 'my-crash', title: "B's own crash", json: scenarioJson('my-crash', 5) });
    seedPresetDesigns(b, [{ id: 'slow', name: 'Slower auctions', json: designJson('Slower auctions') }]);

    const report = importBundle(b, file);
    const newScenarioId = report.idMap.scenarios.get('my-crash') ?? '';
    expect(newScenarioId).not.toBe('my-crash');
    expect(report.renamed.scenarios).toBe(1);
    expect(getScenario(b, 'my-crash').title).toBe("B's own crash");
    expect(getScenario(b, newScenarioId)).toMatchObject({ title: 'My crash', builtin: false });
    expect(listSeries(b, { scenarioId: newScenarioId })).toHaveLength(1);
    expect(listPopulations(b, newScenarioId)).toHaveLength(1);
    expect(getRun(b, ids['runOnMine'] ?? '').scenarioId).toBe(newScenarioId);
    expect(listNotes(b, { targetKind: 'scenario', targetId: newScenarioId }).map((n) => n.text)).toEqual([
      'scenario note',
    ]);
    expect(getDesign(b, ids['design'] ?? '')).toMatchObject({
      name: 'Slower auctions (imported)',
      preset: false,
    });
    expect(getDesign(b, 'slow').preset).toBe(true);
  });

  it('imports an older-schema bundle by migrating a temporary copy', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'old.cascade');
    const old = new Database(file);
    old.pragma('journal_mode = DELETE');
    runMigrations(old, { upTo: 1 });
    old.prepare("INSERT INTO scenarios VALUES ('old-one', 1, 0, 'Old one', '{}', 1, 1)").run();
    old.close();
    const hash = sha256File(file);
    const b = await openTempStore();
    importBundle(b, file);
    expect(listScenarios(b).map((s) => s.id)).toEqual(['old-one']);
    expect(sha256File(file)).toBe(hash);
    expect(fs.readdirSync(b.dataDir).filter((f) => f.startsWith('.bundle-import-'))).toEqual([]);
  });

  it('validates before touching anything: not SQLite, foreign, newer, damaged', async () => {
    const { store: a, ids } = await sourceStore();
    const dir = tempDir();
    const good = path.join(dir, 'good.cascade');
    exportBundle(a, good, everything(ids));
    const variants: [string, (f: string) => void, RegExp][] = [
      ['random bytes', (f) => fs.writeFileSync(f, randomBytes(4096)), /not a SQLite database/],
      [
        'foreign application_id',
        (f) => {
          const db = new Database(f);
          db.pragma('application_id = 77');
          db.close();
        },
        /not written by Cascade Lab/,
      ],
      [
        'newer schema',
        (f) => {
          const db = new Database(f);
          db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
          db.close();
        },
        /newer Cascade Lab .*update the app/,
      ],
      [
        'damaged pages',
        (f) => {
          const fd = fs.openSync(f, 'r+');
          fs.writeSync(fd, randomBytes(4096 * 3), 0, 4096 * 3, 4096);
          fs.closeSync(fd);
        },
        /integrity_check failed|damaged/,
      ],
    ];
    const b = await openTempStore();
    shipped(b, 1);
    const before = rowCounts(b);
    for (const [name, damage, message] of variants) {
      const file = path.join(dir, `${name}.cascade`);
      fs.copyFileSync(good, file);
      damage(file);
      expect(() => importBundle(b, file), name).toThrow(message);
      expect(rowCounts(b), name).toEqual(before);
    }
    expect(listRuns(b)).toEqual([]);
    expect(listDesigns(b).map((d) => d.id)).toEqual(['maker-2020']);
  });
});
