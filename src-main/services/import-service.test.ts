import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getScenario, getSeries, listImports, listSeries } from '../store/index.ts';
import { fakeClock, openTempStore, tempDir } from '../store/store-test-support.ts';
import { createScenarioFromImport, formatImportError, importPriceFile } from './import-service.ts';
import { seedLibrary } from './library.ts';
import { replayFromStorage, runAndSave } from './runs-service.ts';

/** Hourly ETH closes over two days: flat, a 40% fall on day two, partial recovery. */
function hourlyCsv(): string {
  const rows = ['timestamp,close'];
  const t0 = Date.UTC(2021, 4, 19);
  for (let h = 0; h <= 48; h++) {
    const p = h < 24 ? 3400 : h < 34 ? 3400 - (h - 23) * 136 : 2100 + (h - 34) * 40;
    rows.push(`${new Date(t0 + h * 3_600_000).toISOString()},${p}`);
  }
  return `${rows.join('\n')}\n`;
}

function write(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

async function seededStore() {
  const store = await openTempStore({ nowMs: fakeClock() });
  seedLibrary(store);
  return store;
}

const freeSeries = (store: Awaited<ReturnType<typeof seededStore>>) =>
  listSeries(store, { scenarioId: null });

describe('importing a CSV price file', () => {
  it('stores the series and its provenance together, reporting progress', async () => {
    const store = await seededStore();
    const file = write(tempDir(), 'eth.csv', hourlyCsv());
    const progress: number[] = [];
    const outcome = await importPriceFile(store, {
      path: file,
      asset: 'ETH',
      onProgress: (n) => progress.push(n),
    });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(progress.length).toBeGreaterThan(0);
    expect(outcome.report.rows).toBe(49);
    expect(outcome.series.venue).toBe('imported');
    expect(outcome.series.stepMs).toBe(3_600_000);
    const stored = getSeries(store, outcome.series.id);
    expect(stored.importId).toBe(outcome.importId);
    expect(stored.values[0]).toBe(3400);
    expect(stored.values[48]).toBe(2660);
    const [provenance] = listImports(store);
    expect(provenance!.fileName).toBe('eth.csv');
    expect(provenance!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(provenance!.rows).toBe(49);
    // The same bytes again: imported, with the earlier import named.
    const again = await importPriceFile(store, { path: file, asset: 'ETH', venue: 'Kraken' });
    expect(again.ok && again.earlierImports.map((i) => i.id)).toEqual([outcome.importId]);
    expect(again.ok && again.series.venue).toBe('Kraken');
  });

  it('a bad file writes nothing and returns the located error with what to fix', async () => {
    const store = await seededStore();
    const dir = tempDir();
    const text = hourlyCsv().replace(/\n(2021-05-19T02:00:00\.000Z),3400\n/, '\n$1,"12,5"\n');
    const file = write(dir, 'prices.csv', text);
    const outcome = await importPriceFile(store, { path: file, asset: 'ETH' });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error).toMatchObject({
      file: 'prices.csv',
      row: 4,
      column: 'close',
      code: 'invalid-number',
    });
    const line = formatImportError(outcome.error);
    expect(line).toMatch(/^prices\.csv row 4, column "close": "12,5"/);
    expect(line).not.toMatch(/\n/);
    expect(listImports(store)).toEqual([]);
    expect(freeSeries(store)).toEqual([]);
  });

  it('cancelling stops the import and stores nothing', async () => {
    const store = await seededStore();
    const file = write(tempDir(), 'eth.csv', hourlyCsv());
    const controller = new AbortController();
    controller.abort();
    const outcome = await importPriceFile(store, { path: file, asset: 'ETH', signal: controller.signal });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.code).toBe('aborted');
    expect(listImports(store)).toEqual([]);
    expect(freeSeries(store)).toEqual([]);
  });

  it('refuses an asset id the engine cannot use, and an unknown time zone, before reading', async () => {
    const store = await seededStore();
    const file = write(tempDir(), 'eth.csv', hourlyCsv());
    const bad = await importPriceFile(store, { path: file, asset: 'ETH/USD' });
    expect(!bad.ok && bad.error.message).toMatch(/asset "ETH\/USD" must be 1–16 letters, digits/);
    const tz = await importPriceFile(store, { path: file, asset: 'ETH', timeZone: 'Mars/Olympus' });
    expect(!tz.ok && tz.error.code).toBe('unknown-time-zone');
    expect(listImports(store)).toEqual([]);
  });
});

describe('a scenario made from an import', () => {
  it('uses the imported path, the chosen design and a copied population with the totals given', async () => {
    const store = await seededStore();
    const outcome = await importPriceFile(store, {
      path: write(tempDir(), 'eth.csv', hourlyCsv()),
      asset: 'ETH',
    });
    if (!outcome.ok) throw new Error(outcome.error.message);
    const created = createScenarioFromImport(store, {
      importId: outcome.importId,
      title: 'ETH, 19–20 May 2021 (imported)',
      id: 'may-2021-eth',
      designId: 'aave-v2-wbtc-2022',
      population: { totalDebtUsd: 50_000_000, defaultAccounts: 300 },
    });
    expect(created.warnings).toEqual([]);
    const s = created.scenario;
    expect(s.assets[0]!.observed.points).toHaveLength(49);
    expect(s.assets[0]!.observed.points[0]).toEqual([Date.UTC(2021, 4, 19) / 1000, 3400]);
    expect(s.assets[0]!.observed.resolutionSeconds).toBe(3600);
    expect(s.assets[0]!.observed.source).toContain(outcome.importId);
    expect(s.historicalDesignId).toBe('aave-v2-wbtc-2022');
    expect(s.population).toMatchObject({ asset: 'ETH', totalDebtUsd: 50_000_000, defaultAccounts: 300 });
    expect(s.startTime).toBe('2021-05-19T00:00:00Z');
    expect(s.endTime).toBe('2021-05-21T00:00:00Z');
    expect(getScenario(store, 'may-2021-eth').builtin).toBe(false);

    // It replays, saves and replays from storage like a built-in.
    const { meta, result } = runAndSave(store, { scenarioId: 'may-2021-eth', seed: 3, accounts: 150 });
    expect(result.calibration.residual).toBeLessThan(1e-4);
    expect(result.summary.accountsLiquidated).toBeGreaterThan(0);
    expect(replayFromStorage(store, meta.id).identical).toBe(true);
  });

  it('warns when the copied population starts below the design’s liquidation ratio', async () => {
    const store = await seededStore();
    const outcome = await importPriceFile(store, {
      path: write(tempDir(), 'eth.csv', hourlyCsv()),
      asset: 'ETH',
    });
    if (!outcome.ok) throw new Error(outcome.error.message);
    const created = createScenarioFromImport(store, {
      seriesId: outcome.series.id,
      title: 'Tight',
      designId: 'maker-2020-flip',
      population: { collateralRatioBins: [{ from: 1.2, to: 2, weight: 1 }] },
    });
    expect(created.warnings[0]).toMatch(/start below the design's liquidation ratio \(1\.500/);
    expect(created.meta.id).toBe(`import-${outcome.series.id.slice(0, 8)}`);
  });

  it('explains what to fix for a missing design, an unknown import or a built-in id', async () => {
    const store = await seededStore();
    const outcome = await importPriceFile(store, {
      path: write(tempDir(), 'eth.csv', hourlyCsv()),
      asset: 'ETH',
    });
    if (!outcome.ok) throw new Error(outcome.error.message);
    const base = { importId: outcome.importId, title: 'x' };
    expect(() => createScenarioFromImport(store, { ...base, designId: 'nope' })).toThrow(
      /unknown design "nope"/,
    );
    expect(() =>
      createScenarioFromImport(store, { ...base, designId: 'compound-market-sale', id: 'luna-ust-2022' }),
    ).toThrow(/built-in scenario id; choose another id/);
    expect(() => createScenarioFromImport(store, { title: 'x', designId: 'compound-market-sale' })).toThrow(
      /exactly one of seriesId or importId/,
    );
    expect(() =>
      createScenarioFromImport(store, { ...base, designId: 'compound-2020-coinbase-oracle' }),
    ).toThrow(/reads its oracle from venue "Coinbase Pro", which the template scenario/);
  });
});
