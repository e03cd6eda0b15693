import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../engine/design.ts';
import { PRESETS } from '../engine/presets.ts';
import { observationSeries } from '../engine/observed-path.ts';
import { BUILTIN_SCENARIO_LIST } from '../scenarios/index.ts';
import {
  getDesign,
  getScenario,
  listDesigns,
  listScenarios,
  listSeries,
  saveDesign,
  saveUserScenario,
} from '../store/index.ts';
import { closeAfter, fakeClock, openTempStore, scenarioJson, tempDir } from '../store/store-test-support.ts';
import { loadDesign, loadScenario, openLibraryStore, seedLibrary } from './library.ts';
import { InputError } from './replay-service.ts';

const BUILTIN_IDS = BUILTIN_SCENARIO_LIST.map((s) => s.id);
const PRESET_IDS = [...PRESETS.keys()];

describe('the built-in library in the store', () => {
  it('seeds every built-in scenario (with its observed series) and every preset design', async () => {
    const store = await openTempStore({ nowMs: fakeClock() });
    const report = seedLibrary(store);
    expect(report.scenarios.inserted.sort()).toEqual([...BUILTIN_IDS].sort());
    expect(report.designs.inserted.sort()).toEqual([...PRESET_IDS].sort());
    for (const s of BUILTIN_SCENARIO_LIST) {
      const row = getScenario(store, s.id);
      expect(row.builtin).toBe(true);
      expect(row.version).toBe(s.version);
      expect(JSON.parse(row.json)).toEqual(s);
      const series = listSeries(store, { scenarioId: s.id });
      // The store lists series by asset name; every asset of the scenario has its own.
      expect(series.map((x) => x.asset).sort()).toEqual(s.assets.map((a) => a.id).sort());
      for (const a of s.assets) {
        const own = series.find((x) => x.asset === a.id)!;
        expect(own.count).toBe(observationSeries(a.observed).length);
        expect(own.count).toBeGreaterThan(1);
      }
    }
    for (const id of PRESET_IDS) expect(getDesign(store, id).json).toBe(canonicalJson(PRESETS.get(id)));
    expect(loadScenario(store, 'luna-ust-2022').scenario).toEqual(
      BUILTIN_SCENARIO_LIST.find((s) => s.id === 'luna-ust-2022'),
    );
  });

  it('upgrades a built-in in place when its version rises, and never touches user rows', async () => {
    const store = await openTempStore({ nowMs: fakeClock() });
    seedLibrary(store);
    const mine = saveUserScenario(store, {
      id: 'my-crash',
      title: 'My crash',
      json: scenarioJson('my-crash', 3),
    });
    const clip = PRESETS.get('maker-2021-clip')!;
    const myDesign = saveDesign(store, {
      id: 'my-clip',
      name: 'My clip',
      json: canonicalJson({ ...clip, id: 'my-clip', name: 'My clip' }),
      basedOn: clip.id,
    });
    const before = { scenario: getScenario(store, 'my-crash'), design: getDesign(store, 'my-clip') };

    const again = seedLibrary(store);
    expect(again.scenarios.unchanged.sort()).toEqual([...BUILTIN_IDS].sort());
    expect(again.scenarios.inserted).toEqual([]);
    expect(again.designs.unchanged.sort()).toEqual([...PRESET_IDS].sort());

    // A newer app ships Compound at version 2 and renames a preset.
    const bumped = BUILTIN_SCENARIO_LIST.map((s) =>
      s.id === 'compound-dai-2020' ? { ...s, version: s.version + 1, title: `${s.title} (revised)` } : s,
    );
    const renamed = [...PRESETS.values()].map((d) =>
      d.id === 'maker-2020-flip' ? { ...d, name: `${d.name} (revised)` } : d,
    );
    const upgrade = seedLibrary(store, { scenarios: bumped, designs: renamed });
    expect(upgrade.scenarios.upgraded).toEqual(['compound-dai-2020']);
    expect(upgrade.designs.updated).toEqual(['maker-2020-flip']);
    const compound = getScenario(store, 'compound-dai-2020');
    expect(compound.version).toBe(
      BUILTIN_SCENARIO_LIST.find((s) => s.id === 'compound-dai-2020')!.version + 1,
    );
    expect(compound.title).toMatch(/\(revised\)$/);
    expect(listSeries(store, { scenarioId: 'compound-dai-2020' })).toHaveLength(1);
    expect(getDesign(store, 'maker-2020-flip').name).toMatch(/\(revised\)$/);

    // Never downgraded, and the user's own rows are exactly as they were.
    expect(seedLibrary(store).scenarios.unchanged).toContain('compound-dai-2020');
    expect(getScenario(store, 'compound-dai-2020').version).toBe(compound.version);
    expect(getScenario(store, 'my-crash')).toEqual(before.scenario);
    expect(getDesign(store, 'my-clip')).toEqual(before.design);
    expect(mine.builtin).toBe(false);
    expect(myDesign.preset).toBe(false);
    expect(
      listScenarios(store)
        .filter((s) => !s.builtin)
        .map((s) => s.id),
    ).toEqual(['my-crash']);
    expect(
      listDesigns(store)
        .filter((d) => !d.preset)
        .map((d) => d.id),
    ).toEqual(['my-clip']);
    expect(loadDesign(store, 'my-clip').id).toBe('my-clip');
  });

  it('a user row holding a built-in id blocks that built-in and is left alone', async () => {
    const store = await openTempStore({ nowMs: fakeClock() });
    saveUserScenario(store, {
      id: 'ftx-collapse-2022',
      title: 'Mine',
      json: scenarioJson('ftx-collapse-2022', 1, 'Mine'),
    });
    const report = seedLibrary(store);
    expect(report.scenarios.blockedByUserRow).toEqual(['ftx-collapse-2022']);
    expect(getScenario(store, 'ftx-collapse-2022').title).toBe('Mine');
    // Not a valid engine scenario: loading it says so and how to fix it.
    expect(() => loadScenario(store, 'ftx-collapse-2022')).toThrow(
      /not valid for this engine.*re-import or recreate/,
    );
  });

  it('reopening the store finds everything saved before and re-seeds nothing', async () => {
    const dataDir = tempDir();
    const first = await openLibraryStore({ dataDir });
    expect(first.seed.scenarios.inserted).toHaveLength(BUILTIN_IDS.length);
    saveUserScenario(first.store, { id: 'kept', title: 'Kept', json: scenarioJson('kept', 1) });
    first.store.close();
    const second = await openLibraryStore({ dataDir });
    closeAfter(() => second.store.close());
    expect(second.seed.scenarios.inserted).toEqual([]);
    expect(second.seed.scenarios.unchanged).toHaveLength(BUILTIN_IDS.length);
    expect(getScenario(second.store, 'kept').title).toBe('Kept');
  });

  it('unknown ids are input errors that list what exists', async () => {
    const store = await openTempStore();
    seedLibrary(store);
    expect(() => loadScenario(store, 'nope')).toThrow(InputError);
    expect(() => loadScenario(store, 'nope')).toThrow(
      /unknown scenario "nope" \(known: .*black-thursday-2020/,
    );
    expect(() => loadDesign(store, 'nope')).toThrow(/unknown design "nope" \(presets: .*maker-2020-flip/);
  });
});
