import { describe, expect, it } from 'vitest';
import { PRESETS, withOracle } from '../engine/presets.ts';
import { replay } from '../engine/replay.ts';
import { BUILTIN_SCENARIOS, BUILTIN_SCENARIO_LIST } from '../scenarios/index.ts';
import { addNote, getRun, listRuns } from '../store/index.ts';
import { closeAfter, fakeClock, openTempStore, tempDir } from '../store/store-test-support.ts';
import { parseCsvText } from './import/index.ts';
import { openLibraryStore, seedLibrary } from './library.ts';
import { InputError } from './replay-service.ts';
import {
  exportRunCsv,
  exportRunJson,
  payloadBytes,
  replayFromStorage,
  runAndSave,
  runPayload,
} from './runs-service.ts';

const SCENARIO = 'compound-dai-2020';
const REQUEST = { scenarioId: SCENARIO, seed: 5, accounts: 200 };

async function seededStore(dataDir?: string) {
  const store = await openTempStore({ nowMs: fakeClock(), ...(dataDir ? { dataDir } : {}) });
  seedLibrary(store);
  return store;
}

describe('saved runs', () => {
  it('store what reproduces the run: seed, design JSON and hash, versions, accounts, step, results', async () => {
    const store = await seededStore();
    const { meta, result } = runAndSave(store, REQUEST);
    const run = getRun(store, meta.id);
    expect(run.seed).toBe(5);
    expect(run.accounts).toBe(200);
    expect(run.scenarioVersion).toBe(BUILTIN_SCENARIOS.get(SCENARIO)!.version);
    expect(run.engineVersion).toBe(result.engineVersion);
    expect(run.designHash).toBe(result.designHash);
    expect(JSON.parse(run.designJson).id).toBe('compound-2020-coinbase-oracle');
    const summary = run.summary as {
      inputs: { stepSeconds: number; historicalDesign: { id: string } };
      steps: number;
    };
    expect(summary.inputs.stepSeconds).toBe(60);
    expect(summary.inputs.historicalDesign.id).toBe('compound-2020-coinbase-oracle');
    expect(run.series.get('price_usd')).toHaveLength(summary.steps);
    expect(run.series.get('venue_usd:Coinbase Pro')).toHaveLength(summary.steps);
    expect((run.waves as unknown[]).length).toBe(result.waves.length);
    expect((run.events as unknown[]).length).toBe(result.log.length);
    expect(listRuns(store).map((r) => r.id)).toEqual([meta.id]);
  });

  it('replay from storage is byte-identical to the stored run and to a fresh run with the same seed', async () => {
    const store = await seededStore();
    const design = withOracle(PRESETS.get('compound-2020-coinbase-oracle')!, 'twap-30m');
    const { meta } = runAndSave(store, { ...REQUEST, design });
    const stored = payloadBytes(getRun(store, meta.id));

    const again = replayFromStorage(store, meta.id);
    expect(again.differences).toEqual([]);
    expect(again.identical).toBe(true);

    // A fresh run straight from the engine, same inputs and seed, gives the same bytes.
    const scenario = BUILTIN_SCENARIOS.get(SCENARIO)!;
    const historical = PRESETS.get(scenario.historicalDesignId)!;
    const fresh = replay(scenario, design, historical, { seed: 5, accounts: 200 });
    const freshBytes = payloadBytes(runPayload(scenario, fresh, historical));
    expect(freshBytes.summary).toBe(stored.summary);
    expect(freshBytes.waves).toBe(stored.waves);
    expect(freshBytes.events).toBe(stored.events);
    expect(freshBytes.series.equals(stored.series)).toBe(true);
    expect(stored.series.length).toBeGreaterThan(100_000);
  });

  it('survive closing and reopening the store, and still replay identically', async () => {
    const dataDir = tempDir();
    const first = await openLibraryStore({ dataDir });
    const { meta } = runAndSave(first.store, { scenarioId: 'crv-curve-2023', seed: 2, accounts: 150 });
    const before = payloadBytes(getRun(first.store, meta.id));
    first.store.close();
    const second = await openLibraryStore({ dataDir });
    closeAfter(() => second.store.close());
    const after = payloadBytes(getRun(second.store, meta.id));
    expect(after.summary).toBe(before.summary);
    expect(after.series.equals(before.series)).toBe(true);
    expect(replayFromStorage(second.store, meta.id).identical).toBe(true);
  });

  it('refuse to replay against a scenario version the run did not use, saying why', async () => {
    const store = await seededStore();
    const { meta } = runAndSave(store, { ...REQUEST, accounts: 100 });
    const bumped = BUILTIN_SCENARIO_LIST.map((s) =>
      s.id === SCENARIO ? { ...s, version: s.version + 1 } : s,
    );
    seedLibrary(store, { scenarios: bumped });
    expect(() => replayFromStorage(store, meta.id)).toThrow(InputError);
    const v = BUILTIN_SCENARIO_LIST.find((x) => x.id === SCENARIO)!.version;
    expect(() => replayFromStorage(store, meta.id)).toThrow(
      new RegExp(`version ${v}, but the store now holds version ${v + 1}`),
    );
  });

  it('reject bad run numbers with the allowed range', async () => {
    const store = await seededStore();
    expect(() => runAndSave(store, { ...REQUEST, seed: -1 })).toThrow(/seed must be a whole number from 0/);
    expect(() => runAndSave(store, { ...REQUEST, accounts: 1 })).toThrow(
      /accounts must be a whole number from 2/,
    );
    expect(() => runAndSave(store, { ...REQUEST, scenarioId: 'nope' })).toThrow(/unknown scenario "nope"/);
    expect(listRuns(store)).toEqual([]);
  });
});

describe('run exports', () => {
  it('CSV: one row per step, numbers as numbers (negatives unescaped), readable by the importer', async () => {
    const store = await seededStore();
    const { meta } = runAndSave(store, { ...REQUEST, accounts: 100 });
    const run = getRun(store, meta.id);
    const steps = (run.summary as { steps: number }).steps;
    const { fileName, csv } = exportRunCsv(store, meta.id);
    expect(fileName).toMatch(
      /^compound-dai-2020_compound-2020-coinbase-oracle_seed5_100acc_[A-Za-z0-9-]+\.csv$/,
    );
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(steps + 1);
    const header = lines[0]!.split(',');
    expect(header.slice(0, 4)).toEqual(['step', 'time_utc', 'observed_usd', 'fundamental_usd']);
    expect(header).toContain('impact_log');
    expect(lines[1]!.split(',')[1]).toBe('2020-11-26T00:00:00Z');
    // impact_log is negative after liquidations: written as a number, never as escaped text.
    const col = header.indexOf('impact_log');
    const impacts = lines.slice(1).map((l) => l.split(',')[col]!);
    expect(impacts.some((v) => v.startsWith('-'))).toBe(true);
    expect(impacts.some((v) => v.startsWith("'"))).toBe(false);
    // A chart's data: just the columns asked for; the importer reads the price back exactly.
    const chart = exportRunCsv(store, meta.id, { columns: ['price_usd'] }).csv;
    const parsed = await parseCsvText(chart.replace('time_utc', 'timestamp').replace('price_usd', 'close'), {
      columns: { timestamp: 'timestamp', close: 'close' },
    });
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(Array.from(parsed.series.close)).toEqual(Array.from(run.series.get('price_usd')!));
    expect(() => exportRunCsv(store, meta.id, { columns: ['nope'] })).toThrow(/has no series "nope"/);
  });

  it('JSON: inputs, summary, waves, events, notes and series in one document', async () => {
    const store = await seededStore();
    const { meta, result } = runAndSave(store, { ...REQUEST, accounts: 100 });
    addNote(store, { targetKind: 'run', targetId: meta.id, text: '=cmd|/C calc' });
    const { fileName, json } = exportRunJson(store, meta.id);
    expect(fileName).toMatch(/\.json$/);
    const doc = JSON.parse(json) as {
      id: string;
      seed: number;
      design: { id: string };
      stepSeconds: number;
      summary: { liquidatedUsd: number };
      waves: unknown[];
      events: unknown[];
      notes: { text: string }[];
      series: Record<string, number[]>;
    };
    expect(doc.id).toBe(meta.id);
    expect(doc.seed).toBe(5);
    expect(doc.design.id).toBe('compound-2020-coinbase-oracle');
    expect(doc.stepSeconds).toBe(60);
    expect(doc.summary.liquidatedUsd).toBe(result.summary.liquidatedUsd);
    expect(doc.waves).toHaveLength(result.waves.length);
    expect(doc.events).toHaveLength(result.log.length);
    expect(doc.notes).toEqual([expect.objectContaining({ text: '=cmd|/C calc' })]);
    expect(doc.series.price_usd).toHaveLength(result.run.steps);
    expect(doc.series.price_usd?.[10]).toBe(result.run.series.price[10]);
  });
});
