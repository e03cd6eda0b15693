/**
 * The handler map through `dispatch`, as both hosts call it. Replays here use the in-process
 * engine pool (small populations); worker threads, progress over the wire, cancel of a running job
 * and work stopped when its client goes are covered by src-main/host/server.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { ApiEvent, Result, RunView } from '../contract/api.ts';
import { PRESETS } from '../engine/presets.ts';
import { HIST_BUCKETS, HIST_LOG_HI, HIST_LOG_LO } from '../engine/simulate.ts';
import { buildTimeline } from '../engine/timeline.ts';
import { BUILTIN_SCENARIOS } from '../scenarios/index.ts';
import type { AppServiceOptions } from './app-service.ts';
import { LruMap, createAppService } from './app-service.ts';
import type { EnginePool } from './pool/engine-pool.ts';
import { InProcessEnginePool } from './pool/engine-pool.ts';

const SCENARIO = 'black-thursday-2020';

function setup(options: AppServiceOptions = {}) {
  const events: ApiEvent[] = [];
  const logs: string[] = [];
  const service = createAppService({
    pool: new InProcessEnginePool(),
    log: (l) => logs.push(l),
    ...options,
  });
  const ctx = { emit: (e: ApiEvent) => events.push(e) };
  const call = <T>(channel: unknown, input: unknown) =>
    service.dispatch(channel, input, ctx) as Promise<Result<T>>;
  const value = async <T>(channel: string, input: unknown): Promise<T> => {
    const r = await call<T>(channel, input);
    if (!r.ok) throw new Error(`${channel}: ${r.error.code}: ${r.error.message}`);
    return r.value;
  };
  const doneOf = (jobId: string) =>
    new Promise<ApiEvent>((resolve) => {
      const timer = setInterval(() => {
        const e = events.find((x) => x.type === 'job.done' && x.jobId === jobId);
        if (e) {
          clearInterval(timer);
          resolve(e);
        }
      }, 5);
    });
  return { service, events, logs, call, value, doneOf };
}

function customDesign(id: string) {
  return { ...structuredClone(PRESETS.get('maker-2021-clip')!), id, name: `Custom ${id}` };
}

describe('dispatch', () => {
  it('refuses unknown channels and invalid input with a Result naming the field', async () => {
    const { call } = setup();
    expect(await call('nope', {})).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await call('toString', {})).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await call(42, {})).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await call('scenarios.get', { id: '' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', field: 'id' },
    });
    expect(await call('scenarios.list', { extra: 1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    expect(await call('replay.start', { scenarioId: SCENARIO, designIds: [], seed: 1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', field: 'designIds' },
    });
  });

  it('maps an unexpected error to "failed" without a stack, and logs the stack', async () => {
    const broken: EnginePool = {
      run: async () => {
        throw new Error('boom\n    at secret (/home/user/file.ts:1:1)');
      },
      stats: () => ({ kind: 'in-process', maxThreads: 1, threads: 0, peakThreads: 0, running: 0, queued: 0 }),
      close: async () => {},
    };
    const { value, call, doneOf, logs } = setup({ pool: broken });
    const { jobId } = await value<{ jobId: string }>('replay.start', {
      scenarioId: SCENARIO,
      designIds: ['maker-2020-flip'],
      seed: 1,
    });
    const done = await doneOf(jobId);
    expect(done).toMatchObject({ ok: false, error: { code: 'failed' } });
    const result = await call('replay.result', { jobId });
    expect(result).toMatchObject({ ok: false, error: { code: 'failed' } });
    expect(JSON.stringify(result)).not.toContain('/home/user');
    expect(logs.join('\n')).toContain('/home/user/file.ts');
  });
});

describe('scenarios', () => {
  it('lists cards and answers details; unknown ids are not-found', async () => {
    const { value, call } = setup();
    const cards = await value<{ id: string; resolution: string; historicalDesignId: string }[]>(
      'scenarios.list',
      {},
    );
    expect(cards.map((c) => c.id)).toEqual([...BUILTIN_SCENARIOS.keys()]);
    expect(cards.find((c) => c.id === 'black-thursday-2020')!.resolution).toMatch(
      /observed every .*; simulated in 1 min steps/,
    );
    // Cards name the scenario's derivatives: the 1987 writers post cash; lending scenarios have none.
    const withDerivatives = cards as unknown as { id: string; derivatives: unknown }[];
    expect(withDerivatives.find((c) => c.id === 'black-monday-1987')!.derivatives).toMatchObject({
      asset: 'SPX',
      writersCollateral: 'stable',
      dealers: { gamma: 'short', hedgePolicy: 'every 30 min' },
      insurers: { rule: 'synthetic-put' },
    });
    expect(withDerivatives.find((c) => c.id === 'black-thursday-2020')!.derivatives).toBeNull();
    const detail = await value<{ defaultAccounts: number; venues: string[]; sources: string[] }>(
      'scenarios.get',
      {
        id: SCENARIO,
      },
    );
    expect(detail.defaultAccounts).toBe(BUILTIN_SCENARIOS.get(SCENARIO)!.population.defaultAccounts);
    expect(detail.venues.length).toBeGreaterThan(0);
    expect(await call('scenarios.get', { id: 'atlantis' })).toMatchObject({
      ok: false,
      error: { code: 'not-found', field: 'id' },
    });
  });
});

describe('designs', () => {
  it('lists presets, gets presets and oracle variants, never reads files', async () => {
    const { value, call } = setup();
    const list = await value<{ id: string; preset: boolean; mechanism: string }[]>('designs.list', {});
    expect(list.filter((d) => d.preset).map((d) => d.id)).toEqual([...PRESETS.keys()]);
    expect(list.find((d) => d.id === 'maker-2021-clip')!.mechanism).toBe('dutch-auction');
    const variant = await value<{ id: string; oracle: { transform: { kind: string } } }>('designs.get', {
      id: 'maker-2021-clip+twap-30m',
    });
    expect(variant.oracle.transform.kind).toBe('twap');
    expect(await call('designs.get', { id: '/etc/passwd.json' })).toMatchObject({
      ok: false,
      error: { code: 'not-found', field: 'id' },
    });
    expect(await call('designs.get', { id: 'maker-2021-clip+nope' })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
  });

  it('validates a design: the parsed design and its efficiency, or every field and message', async () => {
    const { value, call } = setup();
    const good = await value<{ ok: boolean; design: { id: string } }>('designs.validate', {
      design: customDesign('mine'),
      scenarioId: SCENARIO,
    });
    expect(good).toMatchObject({
      ok: true,
      design: { id: 'mine' },
      capitalEfficiency: { maxLtv: 1 / PRESETS.get('maker-2021-clip')!.margin.liquidationRatio },
    });
    const bad = customDesign('mine');
    bad.margin = { ...bad.margin, callRatio: 1.1, liquidationRatio: 1.5 };
    expect(await value('designs.validate', { design: bad })).toEqual({
      ok: false,
      field: 'design.margin.callRatio',
      message: expect.stringContaining('callRatio'),
      issues: [{ field: 'design.margin.callRatio', message: expect.stringContaining('callRatio') }],
      capitalEfficiency: expect.objectContaining({ maxLtv: 1 / 1.5 }),
    });
    expect(await call('designs.validate', { design: bad, scenarioId: 'nowhere' })).toMatchObject({
      ok: false,
      error: { code: 'not-found', field: 'scenarioId' },
    });
    expect(await value('designs.validate', { design: 'not a design' })).toMatchObject({
      ok: false,
      field: 'design',
    });
  });

  it('saves user designs, refuses preset ids and invalid designs', async () => {
    const { value, call } = setup();
    expect(await value('designs.save', { design: customDesign('my-clip') })).toEqual({ id: 'my-clip' });
    const list = await value<{ id: string; preset: boolean }[]>('designs.list', {});
    expect(list.find((d) => d.id === 'my-clip')).toMatchObject({ preset: false });
    expect(await value<{ name: string }>('designs.get', { id: 'my-clip' })).toMatchObject({
      name: 'Custom my-clip',
    });
    expect(await call('designs.save', { design: customDesign('maker-2020-flip') })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', field: 'design.id' },
    });
    expect(await call('designs.save', { design: { ...customDesign('x'), margin: null } })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', field: 'design.margin' },
    });
  });
});

describe('replay jobs', () => {
  it('runs a job to RunViews with progress then done; export and autopsy work on its runs', async () => {
    const { value, call, events, doneOf } = setup();
    await value('designs.save', { design: customDesign('my-clip') });
    const { jobId } = await value<{ jobId: string }>('replay.start', {
      scenarioId: SCENARIO,
      designIds: ['maker-2020-flip', 'my-clip+spot'],
      seed: 3,
      accounts: 250,
    });
    expect(await doneOf(jobId)).toEqual({ type: 'job.done', jobId, ok: true });
    const mine = events.filter((e) => 'jobId' in e && e.jobId === jobId);
    expect(mine[0]).toMatchObject({ type: 'job.progress', label: 'queued' });
    expect(mine.at(-1)!.type).toBe('job.done');
    expect(mine.filter((e) => e.type === 'job.progress').length).toBeGreaterThan(2);

    const runs = await value<RunView[]>('replay.result', { jobId });
    expect(runs.map((r) => r.designId)).toEqual(['maker-2020-flip', 'my-clip-spot']);
    const scenario = BUILTIN_SCENARIOS.get(SCENARIO)!;
    const timeline = buildTimeline(scenario, scenario.defaultStepSeconds, 3);
    const assetIdx = scenario.assets.findIndex((a) => a.id === scenario.population.asset);
    for (const run of runs) {
      expect(run.steps).toBe(timeline.steps);
      expect(run.series.observed).toHaveLength(run.steps);
      expect(run.series.observed[100]).toBeCloseTo(Math.exp(timeline.observedLog[assetIdx]![100]!), 9);
      expect(run.triggerHistogram).toMatchObject({
        buckets: HIST_BUCKETS,
        logLo: HIST_LOG_LO,
        logHi: HIST_LOG_HI,
      });
      expect(run.triggerHistogram.logLo).toBeCloseTo(Math.log(0.2), 12);
      expect(run.triggerHistogram.counts).toHaveLength(run.steps * HIST_BUCKETS);
      expect(Array.isArray(run.series.price)).toBe(true);
      expect(run.summary.badDebtUsd).toBeGreaterThanOrEqual(0);
    }
    // The historical design reproduces the observed path up to the calibration residual.
    const hist = runs[0]!;
    const worst = Math.max(
      ...hist.series.price.map((p, t) => Math.abs(Math.log(p / hist.series.observed[t]!))),
    );
    expect(worst).toBeCloseTo(hist.calibration.residual, 9);

    const csv = await value<{ fileName: string; csv: string }>('runs.exportCsv', { runId: hist.runId });
    expect(csv.fileName).toBe('black-thursday-2020_maker-2020-flip_seed3_250acc.csv');
    const lines = csv.csv.split('\r\n');
    expect(lines).toHaveLength(hist.steps + 2); // header, one per step, and the final CRLF
    expect(lines[1]!.split(',')[0]).toBe('0');

    const liquidated = await value<{
      liquidations: { step: number }[];
      triggerStep: number | null;
      health: unknown[];
    }>('runs.account', { runId: hist.runId, account: 0, progressId: 'autopsy-0001' });
    expect(liquidated.health).toHaveLength(hist.steps);
    // The re-run behind the autopsy reports under the caller's progress id.
    expect(
      events.some(
        (e) =>
          e.type === 'job.progress' && e.jobId === 'autopsy-0001' && /re-running account 0/.test(e.label),
      ),
    ).toBe(true);
    expect(await call('runs.account', { runId: hist.runId, account: 250 })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', field: 'account' },
    });
    expect(await call('runs.exportCsv', { runId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not-found', field: 'runId' },
    });
  });

  it('refuses unknown scenarios, designs and too few accounts before starting a job', async () => {
    const { call, events } = setup();
    expect(
      await call('replay.start', { scenarioId: 'x', designIds: ['maker-2020-flip'], seed: 1 }),
    ).toMatchObject({
      ok: false,
      error: { code: 'not-found', field: 'scenarioId' },
    });
    expect(
      await call('replay.start', { scenarioId: SCENARIO, designIds: ['maker-2020-flip', 'ghost'], seed: 1 }),
    ).toMatchObject({ ok: false, error: { code: 'not-found', field: 'designIds.1' } });
    // Below the contract's minimum (the scenario's own minimum, whales + 1, is 2 here as well).
    expect(
      await call('replay.start', {
        scenarioId: SCENARIO,
        designIds: ['maker-2020-flip'],
        seed: 1,
        accounts: 1,
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'accounts' } });
    expect(events).toEqual([]);
  });

  it('queues jobs beyond the pool’s bound and cancels a queued job', async () => {
    // The in-process pool runs one task at a time: the second job waits behind the first.
    const { value, call, doneOf } = setup();
    const input = { scenarioId: SCENARIO, designIds: ['maker-2020-flip'], seed: 1, accounts: 100 };
    const first = await value<{ jobId: string }>('replay.start', input);
    const second = await value<{ jobId: string }>('replay.start', input);
    expect(await value('jobs.cancel', { jobId: second.jobId })).toEqual({ cancelled: true });
    expect(await doneOf(first.jobId)).toMatchObject({ ok: true });
    expect(await call('replay.result', { jobId: second.jobId })).toMatchObject({
      ok: false,
      error: { code: 'cancelled' },
    });
    expect(await value('jobs.cancel', { jobId: first.jobId })).toEqual({ cancelled: false });
    expect(await call('jobs.cancel', { jobId: 'never' })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
  });

  it('keeps only the most recent runs', async () => {
    const { value, call, doneOf } = setup({ runCacheSize: 1 });
    const { jobId } = await value<{ jobId: string }>('replay.start', {
      scenarioId: SCENARIO,
      designIds: ['maker-2020-flip', 'maker-2021-clip'],
      seed: 1,
      accounts: 100,
    });
    await doneOf(jobId);
    expect(await call('runs.exportCsv', { runId: `${jobId}-1` })).toMatchObject({ ok: true });
    expect(await call('runs.exportCsv', { runId: `${jobId}-0` })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    // replay.result names the evicted run instead of answering half a comparison.
    expect(await call('replay.result', { jobId })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('refuses new jobs after close', async () => {
    const { service, call } = setup();
    await service.close();
    expect(
      await call('replay.start', { scenarioId: SCENARIO, designIds: ['maker-2020-flip'], seed: 1 }),
    ).toMatchObject({ ok: false, error: { code: 'failed' } });
  });
});

describe('glossary', () => {
  it('has at least twenty entries with unique slugs and real definitions', async () => {
    const { value } = setup();
    const entries = await value<{ term: string; slug: string; definition: string }[]>('glossary.list', {});
    expect(entries.length).toBeGreaterThanOrEqual(20);
    expect(new Set(entries.map((e) => e.slug)).size).toBe(entries.length);
    for (const e of entries) {
      expect(e.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(e.definition.length).toBeGreaterThan(60);
    }
    for (const slug of [
      'margin-call',
      'liquidation-cascade',
      'osm',
      'zero-bid-auction',
      'close-factor',
      'bad-debt',
      'stability-pool',
      'redistribution',
      'insurance-fund',
      'auto-deleveraging',
      'backstop-vault',
      'circuit-breaker',
      'volatility-scaled-margin',
      'anti-procyclical-margin',
      'partial-liquidation',
      'liquidity-cap',
      'tiered-liquidation',
      'grace-period',
      'cross-margin',
      'isolated-margin',
      'gamma',
      'delta-hedging',
      'gamma-exposure-map',
      'implied-volatility-feedback',
      'portfolio-margin',
      'portfolio-insurance',
      'inverse-collateral',
    ]) {
      expect(entries.map((e) => e.slug)).toContain(slug);
    }
  });
});

describe('LruMap', () => {
  it('evicts the least recently used entry', () => {
    const lru = new LruMap<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.get('a')).toBe(1);
    lru.set('c', 3);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe(1);
    expect(lru.get('c')).toBe(3);
    expect(lru.size).toBe(2);
    expect(() => new LruMap(0)).toThrow(RangeError);
  });
});

describe('faithful history in the app (issue 13)', () => {
  it('validates a scenario as a job with progress, and answers its table', async () => {
    const { value, events, doneOf } = setup();
    const { jobId } = await value<{ jobId: string }>('validation.start', { scenarioId: 'compound-dai-2020' });
    expect(await doneOf(jobId)).toMatchObject({ ok: true });
    expect(events.some((e) => e.type === 'job.progress' && e.jobId === jobId && e.total > 1)).toBe(true);
    const report = await value<{ rows: { id: string; status: string }[]; runs: number }>(
      'validation.result',
      {
        jobId,
      },
    );
    expect(report.rows.map((r) => [r.id, r.status])).toEqual([
      ['replayed-low', 'pass'],
      ['dai-borrower-liquidations', 'fitted'],
    ]);
    expect(report.runs).toBeGreaterThan(1);
  });

  it('refuses a replay whose design cannot act on the scenario, naming both, before any job starts', async () => {
    const { call, events } = setup();
    const r = await call('replay.start', {
      scenarioId: 'october-2025',
      designIds: ['maker-2020-flip'],
      seed: 1,
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'designIds.0' } });
    if (!r.ok) expect(r.error.message).toMatch(/maker-2020-flip.*october-2025/);
    expect(events).toEqual([]);
  });

  it('describes a scenario from its parameters, with its units, targets and unpinned ranges', async () => {
    const { value } = setup();
    const bt = await value<{ assumptions: string[]; targets: { status: string }[]; uncertain: unknown[] }>(
      'scenarios.get',
      { id: SCENARIO },
    );
    const s = BUILTIN_SCENARIOS.get(SCENARIO)!;
    expect(bt.assumptions.join(' ')).toContain(`${s.keepers.count} keepers with $1.00M each`);
    expect(bt.targets.map((t) => t.status)).toEqual(['evidence', 'evidence']);
    expect(bt.uncertain).toHaveLength(3);
    const steth = await value<{ units: { numeraire: string } }>('scenarios.get', {
      id: 'steth-discount-2022',
    });
    expect(steth.units.numeraire).toBe('ETH');
  });
});
