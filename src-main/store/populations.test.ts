import { describe, expect, it } from 'vitest';
import { deletePopulation, getPopulation, listPopulations, savePopulation } from './populations.ts';
import { deleteUserScenario, saveUserScenario } from './scenarios.ts';
import { openTempStore, scenarioJson } from './store-test-support.ts';

describe('populations', () => {
  it('stores JSON or bytes (exactly one), replaces by id, and goes with its scenario', async () => {
    const store = await openTempStore();
    saveUserScenario(store, { id: 'mine', title: 'Mine', json: scenarioJson('mine', 1) });
    const generated = savePopulation(store, {
      scenarioId: 'mine',
      name: 'generated',
      json: '{"seed":1,"accounts":1000}',
    });
    const packed = savePopulation(store, {
      scenarioId: 'mine',
      name: 'packed',
      data: Float64Array.of(1.5, 2),
    });
    expect(listPopulations(store, 'mine').map((p) => [p.name, p.format])).toEqual([
      ['generated', 'json'],
      ['packed', 'blob'],
    ]);
    expect(getPopulation(store, packed.id).data?.length).toBe(16);
    savePopulation(store, { id: generated.id, scenarioId: 'mine', name: 'generated', json: '{"seed":2}' });
    expect(getPopulation(store, generated.id).json).toBe('{"seed":2}');
    expect(() =>
      savePopulation(store, { scenarioId: 'mine', name: 'both', json: '{}', data: Uint8Array.of(1) }),
    ).toThrow(/exactly one of json/);
    expect(() => savePopulation(store, { scenarioId: 'nope', name: 'x', json: '{}' })).toThrow(
      /No scenario with id "nope"/,
    );
    expect(deletePopulation(store, packed.id)).toBe(true);
    deleteUserScenario(store, 'mine');
    expect(listPopulations(store, 'mine')).toEqual([]);
  });
});
