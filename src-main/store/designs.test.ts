import { describe, expect, it } from 'vitest';
import { deleteDesign, getDesign, listDesigns, saveDesign, seedPresetDesigns } from './designs.ts';
import { StoreError } from './store-errors.ts';
import { designJson, fakeClock, openTempStore } from './store-test-support.ts';

async function storeWithPreset() {
  const store = await openTempStore({ nowMs: fakeClock() });
  seedPresetDesigns(store, [
    { id: 'maker-2020', name: 'Maker 2020 (flip)', json: designJson('Maker 2020 (flip)') },
  ]);
  return store;
}

describe('designs', () => {
  it("refuses a user design under a preset's id: a user's edits never overwrite a preset", async () => {
    const store = await storeWithPreset();
    const before = getDesign(store, 'maker-2020');
    let error: unknown;
    try {
      saveDesign(store, { id: 'maker-2020', name: 'My tweak', json: designJson('My tweak', { ratio: 2 }) });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('preset-overwrite');
    expect((error as Error).message).toMatch(
      /A user's edits never overwrite a preset.*Save your design under a new name/,
    );
    expect(getDesign(store, 'maker-2020')).toEqual(before);
  });

  it("refuses a user design under a preset's name, ignoring case and spaces", async () => {
    const store = await storeWithPreset();
    expect(() => saveDesign(store, { name: '  maker 2020 (FLIP) ', json: designJson('x') })).toThrow(
      /never overwrite a preset/,
    );
    expect(listDesigns(store)).toHaveLength(1);
  });

  it('refuses at the SQL level too (triggers), should a caller bypass designs.ts', async () => {
    const store = await storeWithPreset();
    expect(() =>
      store.db.prepare("UPDATE designs SET preset = 0, json = '{}' WHERE id = 'maker-2020'").run(),
    ).toThrow(/never overwrite a preset/);
    expect(() =>
      store.db.prepare("INSERT INTO designs VALUES ('u', 'MAKER 2020 (FLIP)', 1, '{}', 0, NULL, 0, 0)").run(),
    ).toThrow(/never overwrite a preset/);
  });

  it('saves, versions and updates user designs; stores schemaVersion without interpreting the rest', async () => {
    const store = await storeWithPreset();
    const json = designJson('Mine', { schemaVersion: 7, anything: { goes: [1, 2] } });
    const saved = saveDesign(store, { name: 'Mine', json, basedOn: 'maker-2020' });
    expect(saved).toMatchObject({ schemaVersion: 7, preset: false, basedOn: 'maker-2020' });
    expect(getDesign(store, saved.id).json).toBe(json);
    const updated = saveDesign(store, {
      id: saved.id,
      name: 'Mine, renamed',
      json: designJson('Mine, renamed'),
    });
    expect(updated.createdAtMs).toBe(saved.createdAtMs);
    expect(getDesign(store, saved.id)).toMatchObject({ name: 'Mine, renamed', schemaVersion: 1 });
    expect(listDesigns(store).map((d) => [d.name, d.preset])).toEqual([
      ['Maker 2020 (flip)', true],
      ['Mine, renamed', false],
    ]);
  });

  it('refuses JSON without a schemaVersion, with a prototype key, or that is not JSON', async () => {
    const store = await storeWithPreset();
    expect(() => saveDesign(store, { name: 'a', json: '{"name":"a"}' })).toThrow(/schemaVersion/);
    expect(() => saveDesign(store, { name: 'b', json: '{"schemaVersion":1,"constructor":{}}' })).toThrow(
      /"constructor"/,
    );
    expect(() => saveDesign(store, { name: 'c', json: '{oops' })).toThrow(/not valid JSON/);
    expect(listDesigns(store)).toHaveLength(1);
  });

  it('lets presets be refreshed by seeding but never deleted; user designs block a preset id', async () => {
    const store = await storeWithPreset();
    const mine = saveDesign(store, { id: 'aave-v3', name: 'My Aave', json: designJson('My Aave') });
    const report = seedPresetDesigns(store, [
      { id: 'maker-2020', name: 'Maker 2020 (flip)', json: designJson('Maker 2020 (flip)', { fixed: true }) },
      { id: 'aave-v3', name: 'Aave v3', json: designJson('Aave v3') },
    ]);
    expect(report).toEqual({
      inserted: [],
      updated: ['maker-2020'],
      unchanged: [],
      blockedByUserRow: ['aave-v3'],
    });
    expect(getDesign(store, 'aave-v3')).toMatchObject({ name: mine.name, preset: false });
    expect(() => deleteDesign(store, 'maker-2020')).toThrow(/preset and cannot be deleted/);
    deleteDesign(store, mine.id);
    expect(listDesigns(store).map((d) => d.id)).toEqual(['maker-2020']);
  });
});
