/**
 * User scenarios end to end at the service level, on a made-up TEST crash (a 2-hour fall of 30%,
 * not data): create from a document, replay, several protocols replayed together, export and import
 * into another store with identical output, bad documents refused naming the field with nothing
 * stored.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../engine/scenario.ts';
import { getScenarioDocument, listDesigns, listScenarios } from '../store/index.ts';
import type { Store } from '../store/index.ts';
import { fakeClock, openTempStore, tempDir } from '../store/store-test-support.ts';
import { loadScenario, seedLibrary } from './library.ts';
import { reportJson } from './replay-service.ts';
import { replayFromStorage, runStoredScenario, saveCrashRun } from './runs-service.ts';
import { crashReportJson, designSet, runCrash } from './crash-service.ts';
import { loadCrash } from './crash-store.ts';
import type { ScenarioDocument } from './scenario-file/format.ts';
import {
  createUserScenario,
  deleteScenario,
  duplicateUserScenario,
  exportUserScenario,
  importScenarioFile,
  updateUserScenario,
} from './user-scenarios.ts';

const T0 = Date.parse('2024-08-05T00:00:00Z') / 1000;

/** TEST prices (made up): flat, then −30% over the second hour. */
function testPoints(start: number): [number, number][] {
  return Array.from({ length: 25 }, (_, i) => [
    T0 + i * 300,
    i < 12 ? start : start * (1 - (0.3 * (i - 11)) / 13),
  ]);
}

const response = {
  topUp: 0.2,
  deleverage: 0.1,
  medianDelayMinutes: 10,
  delaySigma: 0.5,
  reserveMedianRatio: 0.3,
  gasCapMedianGwei: 100,
  gasCapSigma: 0.5,
  targetRatio: 1.6,
  patienceMinutes: 60,
};

function testDoc(patch: Partial<ScenarioDocument> = {}): ScenarioDocument {
  return {
    format: 'cascade-lab/scenario',
    version: 2,
    name: 'Test crash',
    assets: [{ id: 'ETH', series: { points: testPoints(2500), source: 'TEST points (made up)' } }],
    gas: { constantGwei: 20 },
    protocols: [
      {
        name: 'aave-like',
        design: 'aave-v3',
        population: {
          kind: 'positions',
          positions: { collateral: [1, 2, 10, 0.5], debtUsd: [1900, 3000, 12000, 500] },
          source: 'TEST positions (made up)',
          response,
        },
      },
    ],
    ...patch,
  };
}

async function store(): Promise<Store> {
  const s = await openTempStore({ nowMs: fakeClock() });
  seedLibrary(s);
  return s;
}

function fieldOf(e: unknown): string {
  if (e instanceof ScenarioError) return e.field;
  throw e;
}

async function refused(s: Store, doc: unknown): Promise<string> {
  const before = listScenarios(s).length;
  try {
    await createUserScenario(s, doc as ScenarioDocument, { baseDir: null });
  } catch (e) {
    expect(listScenarios(s)).toHaveLength(before);
    return fieldOf(e);
  }
  throw new Error('accepted');
}

describe('user scenarios', () => {
  it('are created from a document, fill defaults from the template saying so, and replay', async () => {
    const s = await store();
    const saved = await createUserScenario(s, testDoc(), { baseDir: null });
    expect(saved.meta).toMatchObject({ id: 'test-crash', version: 1, builtin: false });
    expect(saved.document.window).toEqual({ start: '2024-08-05T00:00:00Z', end: '2024-08-05T02:00:00Z' });
    expect(saved.document.stepSeconds).toBe(60);
    expect(saved.scenario.assumptions.join('\n')).toMatch(
      /Venues of ETH are the template "ftx-collapse-2022"/,
    );
    expect(saved.scenario.assumptions.join('\n')).toMatch(/Population of aave-like: 4 positions on ETH/);
    const { result } = runStoredScenario(s, { scenarioId: 'test-crash', seed: 1 });
    expect(result.accounts).toBe(4);
    expect(result.calibration.historicalDesign).toBe('aave-v3');
    expect(result.run.steps).toBe(121);
    // The riskiest position starts at 1.32× collateral: a 30% fall takes it below Aave v3's 1.205.
    expect(result.summary.accountsLiquidated).toBeGreaterThanOrEqual(1);
    expect(result.run.liquidations.some((l) => l.account === 0)).toBe(true);
    // The one at 2.5× never gets near it.
    expect(result.run.liquidations.some((l) => l.account === 3)).toBe(false);
    expect(() => runStoredScenario(s, { scenarioId: 'test-crash', seed: 1, accounts: 10 })).toThrow(
      /runs the 4 positions of its positions file; leave the number of accounts out/,
    );
  });

  it('replays several protocols in one crash together, each with its own design and oracle; stores and exports them', async () => {
    const s = await store();
    const two = testDoc({
      protocols: [
        testDoc().protocols[0]!,
        {
          name: 'compound-like',
          design: 'compound-v2',
          oracle: {
            source: 'median',
            transform: { kind: 'twap', windowSeconds: 1800 },
            update: { kind: 'every-step' },
            maxGasGwei: null,
            honorOutages: true,
          },
          population: {
            kind: 'positions',
            positions: { collateral: [3], debtUsd: [5000] },
            source: 'TEST positions (made up)',
            response,
          },
        },
      ],
    });
    const saved = await createUserScenario(s, two, { baseDir: null });
    expect(saved.warnings).toEqual([]);
    expect(getScenarioDocument(s, 'test-crash')?.protocols).toBe(2);
    // The oracle override runs as its own saved design.
    expect(listDesigns(s).some((d) => d.id === 'compound-v2-compound-like-oracle' && !d.preset)).toBe(true);
    const crash = loadCrash(s, 'test-crash')!;
    expect(
      crash.protocols.map((p) => [p.name, p.historical.id, p.scenario.population.defaultAccounts]),
    ).toEqual([
      ['aave-like', 'aave-v3', 4],
      ['compound-like', 'compound-v2-compound-like-oracle', 1],
    ]);
    expect(loadCrash(s, 'black-thursday-2020')).toBeNull();
    const [run] = runCrash(crash, [designSet(crash, -1)], { seed: 1 });
    expect(run!.protocols.map((p) => p.result.design.id)).toEqual([
      'aave-v3',
      'compound-v2-compound-like-oracle',
    ]);
    expect(run!.total.accounts).toBe(5);
    expect(crashReportJson(run!).protocols.map((p) => p.protocol)).toEqual(['aave-like', 'compound-like']);
    // Saved: one run per protocol; each re-runs the whole crash and matches byte for byte.
    const metas = saveCrashRun(s, crash, run!, null);
    expect(metas.map((m) => m.designId)).toEqual(['aave-v3', 'compound-v2-compound-like-oracle']);
    const again = replayFromStorage(s, metas[1]!.id);
    expect(again).toMatchObject({ identical: true, differences: [] });
    expect(again.result.design.id).toBe('compound-v2-compound-like-oracle');
    // --accounts cannot resize a positions file: said per protocol.
    expect(() => runCrash(crash, [designSet(crash, -1)], { seed: 1, accounts: 50 })).toThrow(
      /protocol aave-like: accounts: this scenario runs the 4 positions/,
    );
    // What still runs one protocol at a time (the one-protocol run path) says so.
    expect(() => runStoredScenario(s, { scenarioId: 'test-crash', seed: 1 })).toThrow(
      /has 2 protocols \(aave-like, compound-like\).*one protocol at a time.*Replay, Compare, validation and sweeps run every protocol together/,
    );
    expect(JSON.parse(exportUserScenario(s, 'test-crash').text).protocols).toHaveLength(2);
  });

  it('export → import into a fresh store replays byte-identically', async () => {
    const a = await store();
    await createUserScenario(a, testDoc(), { baseDir: null });
    const file = path.join(tempDir(), 'crash.scenario.json');
    writeFileSync(file, exportUserScenario(a, 'test-crash').text);
    const b = await store();
    await importScenarioFile(b, file);
    const here = JSON.stringify(
      reportJson(runStoredScenario(a, { scenarioId: 'test-crash', seed: 3 }).result),
    );
    const there = JSON.stringify(
      reportJson(runStoredScenario(b, { scenarioId: 'test-crash', seed: 3 }).result),
    );
    expect(there).toBe(here);
    expect(loadScenario(b, 'test-crash').scenario).toEqual(loadScenario(a, 'test-crash').scenario);
  });

  it('reads files beside the document: a CSV of OHLC bars (bar time given) and a positions file', async () => {
    const s = await store();
    const dir = tempDir();
    const rows = ['date,open,high,low,close'];
    for (let i = 0; i < 24; i++) {
      const t = new Date((T0 + i * 300) * 1000).toISOString();
      rows.push(`${t},${2500 - i * 10},${2505 - i * 10},${2485 - i * 10},${2490 - i * 10}`);
    }
    writeFileSync(path.join(dir, 'eth.csv'), `${rows.join('\n')}\n`);
    writeFileSync(
      path.join(dir, 'positions.csv'),
      'protocol,collateral_asset,collateral,debt_usd\naave-like,ETH,2,3000\nother,ETH,1,100\naave-like,ETH,1,1500\n',
    );
    const doc = testDoc({
      assets: [{ id: 'ETH', series: { file: 'eth.csv', barTime: 'open' } }],
      protocols: [
        { name: 'aave-like', design: 'aave-v3', population: { kind: 'positions', file: 'positions.csv' } },
      ],
    });
    const saved = await createUserScenario(s, doc, { baseDir: dir });
    const observed = saved.scenario.assets[0]!.observed;
    // Open-stamped bars: the first open at 00:00, each close at its bar's end.
    expect(observed.points[0]).toEqual([T0, 2500]);
    expect(observed.points[1]).toEqual([T0 + 300, 2490]);
    expect(observed.source).toMatch(/open times.*open \+ 5 min/);
    expect(saved.scenario.population.positions).toEqual({ collateral: [2, 1], debtUsd: [3000, 1500] });
    // Without the bar time the same file is refused, saying how to answer.
    const again = testDoc({ id: 'again', assets: [{ id: 'ETH', series: { file: 'eth.csv' } }] });
    await expect(createUserScenario(s, again, { baseDir: dir })).rejects.toThrow(/--bar-time open/);
  });

  it('refuses bad documents naming the field, and stores nothing', async () => {
    const s = await store();
    expect(await refused(s, { ...testDoc(), version: 3 })).toBe('scenario.version');
    expect(await refused(s, { ...testDoc(), format: 'other' })).toBe('scenario.format');
    expect(await refused(s, { ...testDoc(), gas: { constantGwei: 20, seriesId: 'x' } })).toBe('scenario.gas');
    expect(await refused(s, testDoc({ assets: [{ id: 'ETH', series: { seriesId: 'nope' } }] }))).toBe(
      'scenario.assets.0.series.seriesId',
    );
    expect(
      await refused(s, testDoc({ protocols: [{ ...testDoc().protocols[0]!, design: 'no-such-design' }] })),
    ).toBe('scenario.protocols.0.design');
    const badDesign = { ...testDoc().protocols[0]!, design: { schemaVersion: 2, id: 'mine' } };
    expect(await refused(s, testDoc({ protocols: [badDesign as never] }))).toMatch(
      /^scenario\.protocols\.0\.design\./,
    );
    expect(await refused(s, testDoc({ id: 'black-thursday-2020' }))).toBe('scenario.id');
    expect(
      await refused(s, testDoc({ window: { start: '2024-08-05T05:00:00Z', end: '2024-08-05T06:00:00Z' } })),
    ).toBe('scenario.assets.0.series');
  });

  it('update raises the version, duplicate copies under a new id, delete refuses built-ins', async () => {
    const s = await store();
    await createUserScenario(s, testDoc(), { baseDir: null });
    const updated = await updateUserScenario(s, 'test-crash', { ...testDoc(), name: 'Test crash, edited' });
    expect(updated.meta).toMatchObject({ version: 2, title: 'Test crash, edited' });
    const copy = await duplicateUserScenario(s, 'test-crash');
    expect(copy.meta.id).toBe('test-crash-2');
    expect(() => deleteScenario(s, 'black-thursday-2020')).toThrow(/built-in scenario and cannot be deleted/);
    deleteScenario(s, 'test-crash-2');
    expect(listScenarios(s).some((m) => m.id === 'test-crash-2')).toBe(false);
  });
});
