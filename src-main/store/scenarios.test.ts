import { describe, expect, it } from 'vitest';
import { saveRun } from './runs.ts';
import {
  deleteUserScenario,
  getScenario,
  listScenarios,
  saveUserScenario,
  seedBuiltins,
} from './scenarios.ts';
import { listSeries, writeSeriesImport } from './series.ts';
import { fakeClock, minuteTimestamps, openTempStore, scenarioJson } from './store-test-support.ts';

function series(values: number[]) {
  return {
    asset: 'ETH',
    venue: 'coinbase',
    kind: 'price' as const,
    source: 'shipped',
    timestampsMs: minuteTimestamps(values.length),
    values: Float64Array.from(values),
  };
}

describe('seedBuiltins', () => {
  it('inserts missing built-ins, upgrades in place, never downgrades, never touches user rows', async () => {
    const store = await openTempStore({ nowMs: fakeClock() });
    saveUserScenario(store, { id: 'my-crash', title: 'My crash', json: scenarioJson('my-crash', 1) });
    saveUserScenario(store, { id: 'ftx', title: 'My own FTX', json: scenarioJson('ftx', 7) });

    const first = seedBuiltins(store, [
      {
        id: 'black-thursday',
        version: 1,
        json: scenarioJson('black-thursday', 1, 'Black Thursday'),
        series: [series([200, 150])],
      },
      { id: 'luna', version: 2, json: scenarioJson('luna', 2, 'LUNA') },
      { id: 'ftx', version: 1, json: scenarioJson('ftx', 1, 'FTX') },
    ]);
    expect(first).toEqual({
      inserted: ['black-thursday', 'luna'],
      upgraded: [],
      unchanged: [],
      blockedByUserRow: ['ftx'],
    });
    const created = getScenario(store, 'black-thursday');
    expect(created).toMatchObject({ version: 1, builtin: true, title: 'Black Thursday' });

    const userBefore = [getScenario(store, 'my-crash'), getScenario(store, 'ftx')];
    const second = seedBuiltins(store, [
      {
        id: 'black-thursday',
        version: 2,
        json: scenarioJson('black-thursday', 2, 'Black Thursday (revised)'),
        series: [series([200, 120, 90])],
      },
      { id: 'luna', version: 1, json: scenarioJson('luna', 1, 'LUNA (old)') },
      { id: 'ftx', version: 9, json: scenarioJson('ftx', 9, 'FTX') },
    ]);
    expect(second).toEqual({
      inserted: [],
      upgraded: ['black-thursday'],
      unchanged: ['luna'],
      blockedByUserRow: ['ftx'],
    });

    const upgraded = getScenario(store, 'black-thursday');
    expect(upgraded).toMatchObject({
      version: 2,
      title: 'Black Thursday (revised)',
      createdAtMs: created.createdAtMs,
    });
    expect(upgraded.updatedAtMs).toBeGreaterThan(created.updatedAtMs);
    expect(listSeries(store, { scenarioId: 'black-thursday' }).map((s) => s.count)).toEqual([3]);
    expect(getScenario(store, 'luna')).toMatchObject({ version: 2, title: 'LUNA' });
    expect([getScenario(store, 'my-crash'), getScenario(store, 'ftx')]).toEqual(userBefore);
  });

  it('keeps a user import attached to a built-in when the built-in is upgraded', async () => {
    const store = await openTempStore();
    seedBuiltins(store, [{ id: 'bt', version: 1, json: scenarioJson('bt', 1), series: [series([1, 2])] }]);
    writeSeriesImport(store, {
      scenarioId: 'bt',
      fileName: 'mine.csv',
      sha256: 'd'.repeat(64),
      asset: 'ETH',
      venue: 'mine',
      kind: 'price',
      timestampMs: minuteTimestamps(2),
      values: Float64Array.of(5, 6),
      report: {},
    });
    seedBuiltins(store, [{ id: 'bt', version: 2, json: scenarioJson('bt', 2), series: [series([3, 4, 5])] }]);
    expect(listSeries(store, { scenarioId: 'bt' }).map((s) => [s.venue, s.count])).toEqual([
      ['coinbase', 3],
      ['mine', 2],
    ]);
  });

  it('reads no definition content for built-ins already stored at their version', async () => {
    const store = await openTempStore({ nowMs: fakeClock() });
    seedBuiltins(store, [
      { id: 'a', version: 2, json: scenarioJson('a', 2, 'A'), series: [series([1, 2])] },
      { id: 'b', version: 1, json: scenarioJson('b', 1, 'B') },
    ]);
    const read: string[] = [];
    const counted = (id: string, version: number) => ({
      id,
      version,
      get json() {
        read.push(`${id} json`);
        return scenarioJson(id, version, id.toUpperCase());
      },
      get series() {
        read.push(`${id} series`);
        return [series([5, 6, 7])];
      },
    });
    // a: same version (left alone, nothing read); b: newer (read once each, and written).
    const report = seedBuiltins(store, [counted('a', 2), counted('b', 2)]);
    expect(report).toMatchObject({ inserted: [], upgraded: ['b'], unchanged: ['a'] });
    expect(read).toEqual(['b json', 'b series']);
    expect(getScenario(store, 'b')).toMatchObject({ version: 2, title: 'B' });
    expect(getScenario(store, 'a').json).toBe(scenarioJson('a', 2, 'A'));
    expect(listSeries(store, { scenarioId: 'b' }).map((m) => m.count)).toEqual([3]);
    // A bad definition is still refused when it would be written, before anything is.
    expect(() => seedBuiltins(store, [{ id: 'c', version: 1, json: '{"c":' }])).toThrow(/not valid JSON/);
    expect(listScenarios(store).map((s) => s.id)).toEqual(['a', 'b']);
  });

  it('rolls back the whole seeding when one definition is bad', async () => {
    const store = await openTempStore();
    expect(() =>
      seedBuiltins(store, [
        { id: 'a', version: 1, json: scenarioJson('a', 1) },
        {
          id: 'b',
          version: 1,
          json: scenarioJson('b', 1),
          series: [{ ...series([1]), kind: 'volume' as 'price' }],
        },
      ]),
    ).toThrow(/kind/);
    expect(listScenarios(store)).toEqual([]);
  });
});

describe('user scenarios', () => {
  it('refuses to overwrite or delete a built-in, and to delete a scenario that has runs', async () => {
    const store = await openTempStore();
    seedBuiltins(store, [{ id: 'bt', version: 1, json: scenarioJson('bt', 1) }]);
    expect(() => saveUserScenario(store, { id: 'bt', title: 'Mine', json: scenarioJson('bt', 1) })).toThrow(
      /built-in scenario and cannot be overwritten: save your edits as a new scenario/,
    );
    expect(() => deleteUserScenario(store, 'bt')).toThrow(/built-in/);
    const mine = saveUserScenario(store, { title: 'Mine', json: scenarioJson('x', 1) });
    saveRun(store, {
      scenarioId: mine.id,
      scenarioVersion: 1,
      designJson: '{"schemaVersion":1}',
      designHash: 'h',
      seed: 1,
      engineVersion: 'e',
      accounts: 0,
      summary: {},
      waves: [],
      events: [],
      series: {},
    });
    expect(() => deleteUserScenario(store, mine.id)).toThrow(/has 1 saved run\(s\): delete them first/);
    expect(getScenario(store, 'bt').builtin).toBe(true);
  });

  it('updates a user scenario in place and deletes it with its series', async () => {
    const store = await openTempStore({ nowMs: fakeClock() });
    const first = saveUserScenario(store, { id: 'mine', title: 'Mine', json: scenarioJson('mine', 1) });
    const second = saveUserScenario(store, {
      id: 'mine',
      title: 'Mine v2',
      version: 2,
      json: scenarioJson('mine', 2),
    });
    expect(second.createdAtMs).toBe(first.createdAtMs);
    expect(getScenario(store, 'mine')).toMatchObject({ title: 'Mine v2', version: 2, builtin: false });
    expect(() => saveUserScenario(store, { title: 'Bad', json: '{"__proto__":{"x":1}}' })).toThrow(
      /"__proto__"/,
    );
    deleteUserScenario(store, 'mine');
    expect(listScenarios(store)).toEqual([]);
  });
});
