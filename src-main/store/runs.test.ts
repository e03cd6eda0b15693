import { sha256Hex } from './blob-checksum.ts';
import { describe, expect, it } from 'vitest';
import { addNote, deleteNote, listNotes, updateNote } from './notes.ts';
import type { Store } from './open-store.ts';
import { deleteRun, getRun, listRuns, saveRun } from './runs.ts';
import type { RunInput } from './runs.ts';
import { seedBuiltins } from './scenarios.ts';
import { StoreError } from './store-errors.ts';
import { fakeClock, openTempStore, scenarioJson } from './store-test-support.ts';

function runInput(overrides: Partial<RunInput> = {}): RunInput {
  const events = Array.from({ length: 2000 }, (_, i) => ({
    step: i,
    text: `14:05 oracle updated to ${129.4 - i / 100}; 312 vaults below 150%`,
  }));
  return {
    scenarioId: 'black-thursday',
    scenarioVersion: 2,
    designId: 'maker-2020',
    designJson: '{"schemaVersion":1,"id":"maker-2020"}',
    designHash: 'sha256:abc',
    seed: 42,
    engineVersion: '0.1.0',
    accounts: 1000,
    summary: { badDebtUsd: 4.5e6, amplification: 1.8 },
    waves: [{ start: 3, end: 9 }],
    events,
    series: new Map([
      ['price.eth', Float64Array.of(200, 150, -0, 5e-324)],
      ['badDebtUsd', Float64Array.of(0, 0, 1e6)],
    ]),
    ...overrides,
  };
}

async function storeWithScenario(): Promise<Store> {
  const store = await openTempStore({ nowMs: fakeClock() });
  seedBuiltins(store, [
    { id: 'black-thursday', version: 2, json: scenarioJson('black-thursday', 2) },
    { id: 'luna', version: 1, json: scenarioJson('luna', 1) },
  ]);
  return store;
}

describe('runs', () => {
  it('saves everything needed to reproduce and replay, and loads it back exactly', async () => {
    const store = await storeWithScenario();
    const input = runInput();
    const meta = saveRun(store, input);
    const run = getRun(store, meta.id);
    expect(run).toMatchObject({
      scenarioId: 'black-thursday',
      scenarioVersion: 2,
      designId: 'maker-2020',
      designJson: input.designJson,
      designHash: 'sha256:abc',
      seed: 42,
      engineVersion: '0.1.0',
      accounts: 1000,
      summary: input.summary,
      waves: input.waves,
      events: input.events,
      notes: [],
    });
    expect([...run.series.keys()]).toEqual(['price.eth', 'badDebtUsd']);
    expect(Object.is(run.series.get('price.eth')?.[2], -0)).toBe(true);
    expect(run.series.get('price.eth')?.[3]).toBe(5e-324);

    const stored = store.db
      .prepare('SELECT length(events_deflate) AS bytes FROM runs WHERE id = ?')
      .get(meta.id) as { bytes: number };
    expect(stored.bytes).toBeLessThan(JSON.stringify(input.events).length / 5); // really compressed
  });

  it('lists newest first, filters by scenario, and deletes a run with its notes', async () => {
    const store = await storeWithScenario();
    const a = saveRun(store, runInput());
    const b = saveRun(store, runInput({ scenarioId: 'luna', scenarioVersion: 1 }));
    const c = saveRun(store, runInput());
    expect(listRuns(store).map((r) => r.id)).toEqual([c.id, b.id, a.id]);
    expect(listRuns(store, { scenarioId: 'black-thursday', limit: 1 }).map((r) => r.id)).toEqual([c.id]);
    addNote(store, { targetKind: 'run', targetId: a.id, text: 'keepers ran out of DAI' });
    expect(getRun(store, a.id).notes.map((n) => n.text)).toEqual(['keepers ran out of DAI']);
    expect(deleteRun(store, a.id)).toBe(true);
    expect(listNotes(store)).toEqual([]);
    expect(() => getRun(store, a.id)).toThrow(/No run with id/);
  });

  it('refuses a run of an unknown scenario, an unsafe seed and a non-JSON summary', async () => {
    const store = await storeWithScenario();
    expect(() => saveRun(store, runInput({ scenarioId: 'nope' }))).toThrow(/No scenario with id "nope"/);
    expect(() => saveRun(store, runInput({ seed: 2 ** 60 }))).toThrow(StoreError);
    expect(() => saveRun(store, runInput({ summary: undefined }))).toThrow(/JSON-serialisable/);
    expect(listRuns(store)).toEqual([]);
  });

  it('reports a damaged event log as such instead of returning garbage', async () => {
    const store = await storeWithScenario();
    const meta = saveRun(store, runInput());
    // Written with a matching checksum: damage the checksum cannot see (e.g. a bug that wrote it so).
    const bytes = Buffer.from('789c0000', 'hex');
    store.db
      .prepare('UPDATE runs SET events_deflate = ?, events_sha256 = ? WHERE id = ?')
      .run(bytes, sha256Hex(bytes), meta.id);
    expect(() => getRun(store, meta.id)).toThrow(/event log of run .* is damaged.*recompute/);
  });
});

describe('notes', () => {
  it('adds, edits, lists and deletes notes on existing targets only', async () => {
    const store = await storeWithScenario();
    const note = addNote(store, {
      targetKind: 'scenario',
      targetId: 'black-thursday',
      text: 'OSM delay: 1 hour',
    });
    const edited = updateNote(store, note.id, 'OSM delay: one hour');
    expect(edited).toMatchObject({ text: 'OSM delay: one hour', createdAtMs: note.createdAtMs });
    expect(edited.updatedAtMs).toBeGreaterThan(note.updatedAtMs);
    expect(listNotes(store, { targetKind: 'scenario', targetId: 'black-thursday' })).toEqual([edited]);
    expect(() => addNote(store, { targetKind: 'run', targetId: 'missing', text: 'x' })).toThrow(
      /No run with id "missing"/,
    );
    expect(() => store.db.prepare("UPDATE notes SET target_id = 'luna' WHERE id = ?").run(note.id)).toThrow(
      /cannot move/,
    );
    expect(deleteNote(store, note.id)).toBe(true);
    expect(listNotes(store)).toEqual([]);
  });
});
