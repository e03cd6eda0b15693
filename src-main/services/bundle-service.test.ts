import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../engine/design.ts';
import { PRESETS } from '../engine/presets.ts';
import { BUILTIN_SCENARIOS } from '../scenarios/index.ts';
import {
  addNote,
  getDesign,
  getRun,
  listNotes,
  listRuns,
  saveDesign,
  saveUserScenario,
  StoreError,
} from '../store/index.ts';
import { fakeClock, openTempStore, tempDir } from '../store/store-test-support.ts';
import { describeBundleImport, exportBundleFile, importBundleFile } from './bundle-service.ts';
import { loadDesign, seedLibrary } from './library.ts';
import { payloadBytes, replayFromStorage, runAndSave } from './runs-service.ts';

async function seededStore() {
  const store = await openTempStore({ nowMs: fakeClock() });
  seedLibrary(store);
  return store;
}

describe('shareable bundles', () => {
  it('carry a user scenario, its user design, a run and notes to another copy, which replays the run identically', async () => {
    const a = await seededStore();
    // A user design and a user scenario calibrated against it.
    const base = PRESETS.get('aave-v2-crv-2023')!;
    const mine = {
      ...base,
      id: 'crv-tighter',
      name: 'CRV, tighter threshold',
      margin: { ...base.margin, liquidationRatio: 2, callRatio: 2.2 },
    };
    saveDesign(a, { id: mine.id, name: mine.name, json: canonicalJson(mine), basedOn: base.id });
    const crv = BUILTIN_SCENARIOS.get('crv-curve-2023')!;
    // A user scenario starts at version 1 in the store (the run records the JSON's version).
    const userScenario = {
      ...crv,
      id: 'crv-what-if',
      title: 'CRV what-if',
      version: 1,
      historicalDesignId: mine.id,
    };
    saveUserScenario(a, {
      id: userScenario.id,
      title: userScenario.title,
      json: JSON.stringify(userScenario),
    });
    const { meta } = runAndSave(a, { scenarioId: 'crv-what-if', seed: 4, accounts: 120 });
    addNote(a, {
      targetKind: 'run',
      targetId: meta.id,
      text: 'tighter threshold liquidates the small suppliers',
    });

    const file = path.join(tempDir(), 'share.cascade.sqlite');
    const counts = exportBundleFile(a, file, { runIds: [meta.id] });
    expect(counts).toMatchObject({ runs: 1, scenarios: 1, designs: 1, notes: 1 });

    const b = await seededStore();
    const report = importBundleFile(b, file);
    expect(report.inserted).toMatchObject({ runs: 1, scenarios: 1, designs: 1, notes: 1 });
    expect(describeBundleImport(report)).toContain('runs: 1 inserted, 0 already here');
    expect(loadDesign(b, 'crv-tighter').margin.liquidationRatio).toBe(2);
    expect(getDesign(b, 'crv-tighter').preset).toBe(false);
    expect(listNotes(b, { targetKind: 'run', targetId: meta.id }).map((n) => n.text)).toEqual([
      'tighter threshold liquidates the small suppliers',
    ]);
    const inA = payloadBytes(getRun(a, meta.id));
    const inB = payloadBytes(getRun(b, meta.id));
    expect(inB.summary).toBe(inA.summary);
    expect(inB.series.equals(inA.series)).toBe(true);
    expect(replayFromStorage(b, meta.id).identical).toBe(true);

    // Importing the same bundle again changes nothing.
    const again = importBundleFile(b, file);
    expect(again.inserted.runs).toBe(0);
    expect(listRuns(b)).toHaveLength(1);
  });

  it('a built-in scenario travels by reference: the receiving copy keeps its own', async () => {
    const a = await seededStore();
    const file = path.join(tempDir(), 'builtin.sqlite');
    const counts = exportBundleFile(a, file, { scenarioIds: ['luna-ust-2022'] });
    expect(counts.scenarios).toBe(1);
    const b = await seededStore();
    const report = importBundleFile(b, file);
    expect(report.skipped.scenarios).toBe(1);
    expect(report.inserted.scenarios).toBe(0);
  });

  it('refuses an empty selection and a file that is not a bundle, changing nothing', async () => {
    const store = await seededStore();
    const dir = tempDir();
    expect(() => exportBundleFile(store, path.join(dir, 'empty.sqlite'), {})).toThrow(
      /would be empty: name at least one/,
    );
    const fake = path.join(dir, 'not-a-bundle.sqlite');
    writeFileSync(fake, 'hello, this is text');
    let error: unknown;
    try {
      importBundleFile(store, fake);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('bundle-invalid');
    expect(listRuns(store)).toEqual([]);
  });
});
