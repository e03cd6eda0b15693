/**
 * The app's channels for what users bring, through `dispatch` as both hosts call it: a file sent
 * in chunks, previewed (the problem beside its field), fixed, imported as a job with progress; a
 * scenario made from what was imported, listed as "yours", replayed, exported, deleted. Prices are
 * made-up TEST bars; positions a made-up TEST file.
 */
import { describe, expect, it } from 'vitest';
import type {
  ApiEvent,
  ImportPreviewView,
  ImportsList,
  Result,
  RunView,
  ScenarioCard,
} from '../contract/api.ts';
import { listImports } from '../store/index.ts';
import type { Store } from '../store/index.ts';
import { fakeClock, openTempStore } from '../store/store-test-support.ts';
import { createAppService } from './app-service.ts';
import { StoreDesignRepository } from './design-repository.ts';
import { seedLibrary } from './library.ts';
import { InProcessEnginePool } from './pool/engine-pool.ts';

const T0 = Date.parse('2024-08-05T00:00:00Z');

/** TEST bars (made up): 5-minute ETH bars falling 25% over two hours, stamped with no convention. */
function barsCsv(): string {
  const rows = ['date,open,high,low,close'];
  for (let i = 0; i < 30; i++) {
    const p = 2500 * (1 - 0.25 * Math.max(0, Math.min(1, (i - 5) / 24)));
    rows.push(`${new Date(T0 + i * 300_000).toISOString()},${p + 5},${p + 8},${p - 8},${p}`);
  }
  return `${rows.join('\n')}\n`;
}

const POSITIONS = [
  'protocol,collateral_asset,collateral,debt_usd,owner',
  'aave-like,ETH,1,1900,TEST-1',
  'aave-like,ETH,2,3000,TEST-2',
  'aave-like,ETH,10,12000,TEST-3',
  'aave-like,ETH,0.5,500,TEST-4',
].join('\n');

async function setup() {
  const store: Store = await openTempStore({ nowMs: fakeClock() });
  seedLibrary(store);
  const events: ApiEvent[] = [];
  const service = createAppService({
    pool: new InProcessEnginePool(),
    log: () => {},
    designs: new StoreDesignRepository(store),
    store,
  });
  const ctx = { emit: (e: ApiEvent) => events.push(e) };
  const call = <T>(channel: string, input: unknown) =>
    service.dispatch(channel, input, ctx) as Promise<Result<T>>;
  const value = async <T>(channel: string, input: unknown): Promise<T> => {
    const r = await call<T>(channel, input);
    if (!r.ok) throw new Error(`${channel}: ${r.error.code}: ${r.error.message}`);
    return r.value;
  };
  /** Sends a file in 1,000-character chunks, as the renderer does (it uses larger ones). */
  const send = async (fileName: string, text: string): Promise<string> => {
    let uploadId: string | undefined;
    for (let offset = 0; offset < text.length || uploadId === undefined; offset += 1000) {
      const chunk = text.slice(offset, offset + 1000);
      const done = offset + 1000 >= text.length;
      const r = await value<{ uploadId: string }>('files.upload', {
        ...(uploadId ? { uploadId } : {}),
        fileName,
        offset,
        text: chunk,
        done,
      });
      uploadId = r.uploadId;
    }
    return uploadId;
  };
  return { store, service, events, call, value, send };
}

describe('importing in the app', () => {
  it('previews with the problem beside its field, imports after the fix with progress, lists it', async () => {
    const { store, events, call, value, send } = await setup();
    const uploadId = await send('eth.csv', barsCsv());
    const first = await value<ImportPreviewView>('imports.preview', { uploadId, choices: {} });
    expect(first).toMatchObject({ kind: 'price', format: 'generic-ohlcv', delimiter: ',' });
    expect(first.columns.map((c) => c.role)).toEqual(['timestamp', 'open', 'high', 'low', 'close']);
    expect(first.problem).toMatchObject({ field: 'barTime' });
    expect(first.problem!.message).toMatch(/does not say whether "date" is each bar's open or close/);
    const fixed = await value<ImportPreviewView>('imports.preview', {
      uploadId,
      choices: { barTime: 'open' },
    });
    expect(fixed.problem).toMatchObject({ field: 'asset' });
    const ready = await value<ImportPreviewView>('imports.preview', {
      uploadId,
      choices: { barTime: 'open', asset: 'ETH' },
    });
    expect(ready.problem).toBeNull();
    expect(ready.notes.join()).toMatch(/open \+ 5 min/);

    const { jobId } = await value<{ jobId: string }>('imports.start', {
      uploadId,
      kind: 'price',
      choices: { barTime: 'open', asset: 'ETH' },
    });
    const result = await value<{ id: string; lines: string[] }>('imports.result', { jobId });
    expect(result.lines.join('\n')).toMatch(/stored {6}series/);
    expect(events.some((e) => e.type === 'job.progress' && e.jobId === jobId)).toBe(true);
    expect(events.find((e) => e.type === 'job.done' && e.jobId === jobId)).toMatchObject({ ok: true });
    const list = await value<ImportsList>('imports.list', {});
    expect(list.series.map((s) => s.id)).toEqual([result.id]);
    expect(list.series[0]).toMatchObject({ asset: 'ETH', count: 31 });

    // A bad file: refused with its row and column, nothing stored.
    const before = listImports(store).length;
    const bad = await send('positions.csv', POSITIONS.replace('12000', '"12,000"'));
    const preview = await value<ImportPreviewView>('imports.preview', { uploadId: bad, choices: {} });
    expect(preview.kind).toBe('positions');
    expect(preview.problem).toMatchObject({ field: 'file', row: 4, column: 'debt_usd' });
    const started = await value<{ jobId: string }>('imports.start', {
      uploadId: bad,
      kind: 'positions',
      choices: {},
    });
    const failed = await call('imports.result', { jobId: started.jobId });
    expect(failed).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(listImports(store)).toHaveLength(before);
  });

  it('refuses a chunk out of order and an upload it no longer has', async () => {
    const { call, value } = await setup();
    const { uploadId } = await value<{ uploadId: string }>('files.upload', {
      fileName: 'a.csv',
      offset: 0,
      text: 'abc',
      done: false,
    });
    expect(
      await call('files.upload', { uploadId, fileName: 'a.csv', offset: 5, text: 'x', done: true }),
    ).toMatchObject({
      ok: false,
      error: { field: 'offset' },
    });
    expect(await call('imports.preview', { uploadId: 'gone', choices: {} })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
  });
});

describe('user scenarios in the app', () => {
  it('made from imports, listed as yours, replayed, exported and deleted', async () => {
    const { value, call, send } = await setup();
    const upload = await send('eth.csv', barsCsv());
    const series = await value<{ id: string }>('imports.result', {
      jobId: (
        await value<{ jobId: string }>('imports.start', {
          uploadId: upload,
          kind: 'price',
          choices: { asset: 'ETH', barTime: 'open' },
        })
      ).jobId,
    });
    const positionsUpload = await send('positions.csv', POSITIONS);
    const positions = await value<{ id: string }>('imports.result', {
      jobId: (
        await value<{ jobId: string }>('imports.start', {
          uploadId: positionsUpload,
          kind: 'positions',
          choices: {},
        })
      ).jobId,
    });
    const document = {
      format: 'cascade-lab/scenario',
      version: 1,
      name: 'My crash',
      assets: [{ id: 'ETH', series: { seriesId: series.id } }],
      gas: { constantGwei: 20 },
      protocols: [
        {
          name: 'aave-like',
          design: 'aave-v3',
          population: { kind: 'positions', positionSetId: positions.id },
        },
      ],
    };
    expect(await value('scenarios.validate', { document: { ...document, assets: [] } })).toMatchObject({
      ok: false,
      field: 'scenario.assets',
    });
    expect(await value('scenarios.validate', { document })).toMatchObject({
      ok: true,
      id: 'my-crash',
      protocols: ['aave-like'],
    });
    const created = await value<{ id: string; version: number }>('scenarios.create', { document });
    expect(created).toMatchObject({ id: 'my-crash', version: 1 });

    const cards = await value<ScenarioCard[]>('scenarios.list', {});
    const mine = cards.find((c) => c.id === 'my-crash')!;
    // Built from a positions file: a run (a sweep's too) takes exactly its positions.
    expect(mine).toMatchObject({ origin: 'user', protocols: ['aave-like'], hasLedger: false, positions: 4 });
    expect(cards.find((c) => c.id === 'black-thursday-2020')).toMatchObject({
      origin: 'builtin',
      positions: null,
    });

    const { jobId } = await value<{ jobId: string }>('replay.start', {
      scenarioId: 'my-crash',
      designIds: ['aave-v3'],
      seed: 1,
    });
    const [run] = await value<RunView[]>('replay.result', { jobId });
    expect(run).toMatchObject({ scenarioId: 'my-crash', accounts: 4, designId: 'aave-v3' });
    // The account autopsy and the validation grid run on the pool with the scenario from the store.
    const autopsy = await value<{ account: number; health: (number | null)[] }>('runs.account', {
      runId: run!.runId,
      account: 0,
    });
    expect(autopsy.health).toHaveLength(run!.steps);
    const validation = await value<{ jobId: string }>('validation.start', { scenarioId: 'my-crash' });
    const report = await value<{ scenarioId: string; runs: number; rows: unknown[] }>('validation.result', {
      jobId: validation.jobId,
    });
    expect(report.scenarioId).toBe('my-crash');
    expect(report.runs).toBeGreaterThan(0);

    const exported = await value<{ fileName: string; text: string }>('scenarios.export', { id: 'my-crash' });
    expect(exported.fileName).toBe('my-crash.scenario.json');
    expect(JSON.parse(exported.text).protocols[0].population.positions.debtUsd).toEqual([
      1900, 3000, 12000, 500,
    ]);

    const copy = await value<{ id: string }>('scenarios.duplicate', { id: 'my-crash' });
    expect(copy.id).toBe('my-crash-2');
    expect(await call('scenarios.delete', { id: 'black-thursday-2020' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    expect(await value('scenarios.delete', { id: 'my-crash-2' })).toEqual({ deleted: true });
    expect((await value<ScenarioCard[]>('scenarios.list', {})).some((c) => c.id === 'my-crash-2')).toBe(
      false,
    );
  });

  it('several protocols on one crash: Replay and Compare run them together on the pool, per protocol and total', async () => {
    const { value, call, send } = await setup();
    const upload = await send('eth.csv', barsCsv());
    const series = await value<{ id: string }>('imports.result', {
      jobId: (
        await value<{ jobId: string }>('imports.start', {
          uploadId: upload,
          kind: 'price',
          choices: { asset: 'ETH', barTime: 'open' },
        })
      ).jobId,
    });
    const both = [
      POSITIONS,
      'compound-like,ETH,3,4200,TEST-5',
      'compound-like,ETH,1.5,2400,TEST-6',
      'compound-like,ETH,8,11000,TEST-7',
    ].join('\n');
    const positions = await value<{ id: string }>('imports.result', {
      jobId: (
        await value<{ jobId: string }>('imports.start', {
          uploadId: await send('positions.csv', both),
          kind: 'positions',
          choices: {},
        })
      ).jobId,
    });
    const population = { kind: 'positions', positionSetId: positions.id };
    await value('scenarios.create', {
      document: {
        format: 'cascade-lab/scenario',
        version: 1,
        name: 'Two protocols',
        assets: [{ id: 'ETH', series: { seriesId: series.id } }],
        gas: { constantGwei: 20 },
        protocols: [
          { name: 'aave-like', design: 'aave-v3', population },
          { name: 'compound-like', design: 'compound-v2', population },
        ],
      },
    });
    const card = (await value<ScenarioCard[]>('scenarios.list', {})).find((c) => c.id === 'two-protocols')!;
    expect(card).toMatchObject({
      protocols: ['aave-like', 'compound-like'],
      protocolDesigns: ['aave-v3', 'compound-v2'],
      targets: [],
    });

    const replay = await value<{ jobId: string }>('replay.start', {
      scenarioId: 'two-protocols',
      designIds: ['aave-v3'],
      seed: 1,
    });
    const runs = await value<RunView[]>('replay.result', { jobId: replay.jobId });
    expect(runs.map((r) => [r.crash?.protocol, r.designId, r.accounts])).toEqual([
      ['aave-like', 'aave-v3', 4],
      ['compound-like', 'compound-v2', 3],
    ]);
    const total = runs[0]!.crash!.total;
    expect(total.accounts).toBe(7);
    expect(total.liquidatedUsd).toBeCloseTo(
      runs[0]!.summary.liquidatedUsd + runs[1]!.summary.liquidatedUsd,
      6,
    );
    // Both protocols see the same prices: they trade on the same venues.
    expect(runs[1]!.series.price).toEqual(runs[0]!.series.price);

    // The autopsy re-runs the whole crash with one of compound-like's accounts tracked.
    const autopsy = await value<{ account: number; health: (number | null)[] }>('runs.account', {
      runId: runs[1]!.runId,
      account: 2,
    });
    expect(autopsy.health).toHaveLength(runs[1]!.steps);
    expect(autopsy.health.some((h) => h !== null)).toBe(true);

    const compare = await value<{ jobId: string }>('replay.start', {
      scenarioId: 'two-protocols',
      designIds: ['compound-v2', 'aave-v3'],
      seed: 1,
      protocol: 'compound-like',
    });
    const compared = await value<RunView[]>('replay.result', { jobId: compare.jobId });
    expect(compared.map((r) => [r.crash?.designSet, r.crash?.protocol, r.designId])).toEqual([
      [0, 'aave-like', 'aave-v3'],
      [0, 'compound-like', 'compound-v2'],
      [1, 'aave-like', 'aave-v3'],
      [1, 'compound-like', 'aave-v3'],
    ]);
    expect(compared.every((r) => r.crash?.swapped === 'compound-like')).toBe(true);
    expect(compared[1]!.summary.liquidatedUsd).toBe(runs[1]!.summary.liquidatedUsd);

    expect(
      await call('replay.start', {
        scenarioId: 'two-protocols',
        designIds: ['aave-v3'],
        seed: 1,
        protocol: 'maker',
      }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'invalid-input',
        field: 'protocol',
        message: expect.stringMatching(/aave-like, compound-like/),
      },
    });
    // Validation runs the grid over the crash; with no published outcome to compare, it says so.
    expect(await call('validation.start', { scenarioId: 'two-protocols' })).toMatchObject({
      ok: false,
      error: { field: 'scenarioId', message: expect.stringMatching(/nothing to validate against/) },
    });
    await value('scenarios.create', {
      document: {
        format: 'cascade-lab/scenario',
        version: 1,
        name: 'Two protocols, published',
        assets: [{ id: 'ETH', series: { seriesId: series.id } }],
        gas: { constantGwei: 20 },
        protocols: [
          { name: 'aave-like', design: 'aave-v3', population },
          { name: 'compound-like', design: 'compound-v2', population },
        ],
        // Made-up TEST figures: one total, one naming a protocol.
        published: [
          {
            figure: 'Collateral liquidated',
            value: 'TEST',
            source: 'TEST',
            measure: { kind: 'liquidated-value' },
            amount: 1000,
          },
          {
            figure: 'Bad debt',
            value: 'TEST',
            source: 'TEST',
            measure: { kind: 'bad-debt' },
            amount: 0,
            pass: { kind: 'at-most' },
            protocol: 'compound-like',
          },
        ],
      },
    });
    // The card carries the outcomes the crash's validation compares (the Validation panel lists them).
    const published = (await value<ScenarioCard[]>('scenarios.list', {})).find(
      (c) => c.id === 'two-protocols-published',
    )!;
    expect(published.targets).toEqual([
      {
        id: 'published-1',
        figure: 'Collateral liquidated (total of every protocol)',
        published: 'TEST',
        source: 'TEST',
        status: 'evidence',
      },
      {
        id: 'published-2',
        figure: 'Bad debt (compound-like)',
        published: 'TEST',
        source: 'TEST',
        status: 'evidence',
      },
    ]);
    const validation = await value<{ jobId: string }>('validation.start', {
      scenarioId: 'two-protocols-published',
    });
    const report = await value<{
      scenarioId: string;
      runs: number;
      rows: { figure: string; median: number; status: string }[];
    }>('validation.result', { jobId: validation.jobId });
    expect(report.scenarioId).toBe('two-protocols-published');
    expect(report.runs).toBe(3);
    expect(report.rows.map((r) => r.figure)).toEqual([
      'Collateral liquidated (total of every protocol)',
      'Bad debt (compound-like)',
    ]);
    // The total sums both protocols run by run.
    expect(report.rows[0]!.median).toBeGreaterThan(0);
  });
});
