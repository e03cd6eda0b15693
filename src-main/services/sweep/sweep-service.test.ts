import { describe, expect, it } from 'vitest';
import { closeAfter, tempDir } from '../../store/store-test-support.ts';
import { listSweepRuns } from '../../store/sweeps.ts';
import { openLibraryStore } from '../library.ts';
import { runReplays } from '../replay-service.ts';
import { InProcessSweepExecutor, SweepCancelled } from './sweep-executor.ts';
import { planSweep } from './sweep-plan.ts';
import { buildSweepReport, exportSweepCsv, exportSweepJson } from './sweep-report.ts';
import type { SweepExecutor } from './sweep-executor.ts';
import {
  checkLimits,
  createStoredSweep,
  estimateSweep,
  resolveSweep,
  runStoredSweep,
  SweepNeedsConfirmation,
} from './sweep-service.ts';
import { parseSweepSpec, SweepSpecError } from './sweep-spec.ts';

const ACCOUNTS = 300;

async function libraryStore() {
  const { store } = await openLibraryStore({ dataDir: tempDir() });
  closeAfter(() => store.close());
  return store;
}

const smallSpec = (extra: Record<string, unknown> = {}) =>
  parseSweepSpec({
    format: 'cascade-lab-sweep',
    version: 1,
    scenarios: ['black-thursday-2020'],
    designs: ['maker-2020-flip', 'maker-2021-clip'],
    axes: [{ path: 'margin.liquidationRatio', values: [1.5, 1.7] }],
    seeds: { from: 1, to: 2 },
    shocks: [0.6, 1.2],
    accounts: ACCOUNTS,
    threshold: { tolerance: 0.25 },
    ...extra,
  });

async function runFresh(spec = smallSpec(), executor: SweepExecutor = new InProcessSweepExecutor()) {
  const store = await libraryStore();
  const resolved = resolveSweep(store, spec);
  const meta = createStoredSweep(store, resolved, planSweep(resolved));
  await runStoredSweep(store, meta.id, executor, { batchRuns: 3 });
  return { store, id: meta.id };
}

describe('sweep runs', () => {
  it('a run at shock 1 gives exactly the replay of the same scenario, design and seed', async () => {
    const store = await libraryStore();
    const spec = smallSpec({
      designs: ['maker-2021-clip'],
      axes: [],
      seeds: [3],
      shocks: [1],
      threshold: null,
    });
    const resolved = resolveSweep(store, spec);
    const meta = createStoredSweep(store, resolved, planSweep(resolved));
    await runStoredSweep(store, meta.id, new InProcessSweepExecutor());
    const [run] = listSweepRuns(store, meta.id);
    const [replay] = runReplays({
      scenarioId: 'black-thursday-2020',
      designs: [resolved.designs[0]!.design],
      seed: 3,
      accounts: ACCOUNTS,
    });
    const s = replay!.summary;
    expect(run!.metrics.slice(0, 5)).toEqual([
      s.badDebtUsd,
      s.badDebtPctOfDebt,
      s.liquidatedUsd,
      s.amplification,
      s.capitalEfficiency.maxLtv,
    ]);
    expect(run!.pricePath[0]).toBe(replay!.run.series.price[0]);
    expect(run!.pricePath.at(-1)).toBe(replay!.run.series.price.at(-1));
  });

  it('a stopped sweep resumes without redoing finished runs and ends with the same table as an uninterrupted one', async () => {
    const reference = await runFresh();
    const refCsv = exportSweepCsv(reference.store, reference.id);

    const store = await libraryStore();
    const resolved = resolveSweep(store, smallSpec());
    const meta = createStoredSweep(store, resolved, planSweep(resolved));
    const stop = new AbortController();
    let seen = 0;
    await expect(
      runStoredSweep(store, meta.id, new InProcessSweepExecutor(), {
        signal: stop.signal,
        runsPerTask: 1,
        batchRuns: 1,
        onProgress: (p) => {
          if (p.phase === 'grid' && p.done > 0 && ++seen === 3) stop.abort();
        },
      }),
    ).rejects.toBeInstanceOf(SweepCancelled);
    const partial = listSweepRuns(store, meta.id);
    expect(partial.length).toBeGreaterThanOrEqual(3);
    expect(partial.length).toBeLessThan(16);

    const ran: number[] = [];
    const counting: SweepExecutor = {
      kind: 'counting',
      concurrency: 1,
      run: (task, signal) => {
        ran.push(...task.runs.map((r) => r.index));
        return new InProcessSweepExecutor().run(task, signal);
      },
      close: async () => {},
    };
    const done = await runStoredSweep(store, meta.id, counting);
    expect(done.status).toBe('done');
    const partialIdx = new Set(partial.map((r) => r.runIndex));
    for (const i of ran) expect(partialIdx.has(i)).toBe(false);
    expect(exportSweepCsv(store, meta.id)).toBe(refCsv);
  });

  it('reports stats, frontier, tornado and a cascade threshold from the committed runs', async () => {
    const { store, id } = await runFresh();
    const report = await buildSweepReport(store, id);
    expect(report.points).toHaveLength(4);
    for (const p of report.points) {
      expect(p.runs).toBe(4); // 2 seeds × 2 shocks
      const bd = p.stats.badDebtUsd!;
      expect(bd.var99).toBeGreaterThanOrEqual(bd.var95);
      expect(bd.es1).toBe(bd.max);
      expect(p.larUsd).toBe(p.stats.liquidatedUsd!.var95);
      expect(p.threshold).not.toBeNull();
    }
    // a lower liquidation ratio is more capital-efficient
    const eff = (label: string) => report.points.find((p) => p.label === label)!.efficiency!;
    expect(eff('maker-2021-clip · margin.liquidationRatio=1.5')).toBeCloseTo(1 / 1.5, 12);
    expect(eff('maker-2021-clip · margin.liquidationRatio=1.7')).toBeCloseTo(1 / 1.7, 12);
    expect(report.points.some((p) => !p.dominated)).toBe(true);
    expect(report.tornado.bars.map((b) => b.axis).sort()).toEqual(['design', 'margin.liquidationRatio']);
    const json = JSON.parse(exportSweepJson(store, id)) as { columns: string[]; rows: unknown[][] };
    expect(json.columns.slice(0, 9)).toEqual([
      'run',
      'phase',
      'point',
      'scenario',
      'design',
      'margin.liquidationRatio',
      'seed',
      'shock',
      'inputsHash',
    ]);
    expect(json.rows.filter((r) => r[1] === 'grid')).toHaveLength(16);
  });
});

describe('sweep bad input', () => {
  it('names an unknown field, a value out of bounds, an unknown scenario or design', async () => {
    const store = await libraryStore();
    const bad = (extra: Record<string, unknown>) => () => planSweep(resolveSweep(store, smallSpec(extra)));
    expect(bad({ axes: [{ path: 'margin.liquidationRatioo', values: [1.5] }] })).toThrow(
      /sweep\.axes\.0\.path: design "maker-2020-flip" has no field "margin\.liquidationRatioo"/,
    );
    expect(
      bad({ axes: [{ path: 'margin.liquidationRatio', range: { from: 0.5, to: 1.5, count: 3 } }] }),
    ).toThrow(
      /margin\.liquidationRatio=0\.5 is outside what design "maker-2020-flip" allows .*liquidationRatio must be ≥ 1/,
    );
    expect(bad({ axes: [{ path: 'liquidation.kind', range: { from: 1, to: 2 } }] })).toThrow(
      /is not a number .*list its values instead of a range/,
    );
    expect(bad({ scenarios: ['no-such-crash'] })).toThrow(/unknown scenario "no-such-crash"/);
    expect(bad({ designs: ['no-such-design'] })).toThrow(/unknown design "no-such-design"/);
    expect(() =>
      parseSweepSpec({ format: 'cascade-lab-sweep', version: 1, scenarios: [], designs: ['x'] }),
    ).toThrow(SweepSpecError);
    expect(() =>
      parseSweepSpec({ format: 'cascade-lab-sweep', version: 2, scenarios: ['a'], designs: ['x'] }),
    ).toThrow(/newer Cascade Lab/);
    expect(() =>
      parseSweepSpec({
        format: 'cascade-lab-sweep',
        version: 1,
        scenarios: ['a'],
        designs: ['x'],
        colour: 1,
      }),
    ).toThrow(/sweep: unknown field "colour"/);
  });

  it('asks for confirmation past the time limit and refuses what the memory cannot hold', async () => {
    const store = await libraryStore();
    const spec = smallSpec({ seeds: { from: 1, to: 2000 }, accounts: 1_000_000, threshold: null });
    const resolved = resolveSweep(store, spec);
    const plan = planSweep(resolved);
    const e = estimateSweep(resolved, plan, 2);
    expect(e.gridRuns).toBe(4 * 2000 * 2);
    expect(e.needsConfirmation).toBe(true);
    expect(() => checkLimits(e, false)).toThrow(SweepNeedsConfirmation);
    expect(() => checkLimits(e, false)).toThrow(/confirm with --yes/);
    expect(() => checkLimits(e, true)).not.toThrow();
    expect(() => checkLimits({ ...e, memoryBytes: 2 ** 34 }, true, 2 ** 33)).toThrow(
      /more than this machine's 8\.0 GiB allows: lower "accounts" or --workers/,
    );
  });
});
