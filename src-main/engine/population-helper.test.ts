/**
 * A population helper (population.ts `PopulationHelper`) draws the second half of step 1's collateral
 * ratios and the last rows of step 2's on another thread: the accounts must be byte-identical to drawing them
 * alone, whales wherever they fall, for odd sizes, and when the helper gives up (the caller then
 * draws the rows itself). The
 * helpers here run their task in this thread, when started or never; the worker thread's is tested
 * in services/population.
 */
import { describe, expect, it } from 'vitest';
import type { Accounts } from './accounts.ts';
import type {
  AttributeTask,
  BucketTask,
  HelperTask,
  PopulationHelper,
  RatioTask,
  RowTask,
  TriggerTask,
} from './helper-tasks.ts';
import { helperFrom } from './helper-tasks.ts';
import { runHelperTask } from './helper-run.ts';
import { generateAccounts, PopulationCache } from './population.ts';
import { PRESETS } from './presets.ts';
import { calibrate } from './replay.ts';
import { DEFAULT_INDEX, simulate } from './simulate.ts';
import { buildTimeline } from './timeline.ts';
import { Rng } from './random.ts';
import { BUILTIN_SCENARIOS } from '../scenarios/index.ts';

/** Runs each task when it is started (`mode: 'now'`), or never and says so at `finish`. */
class InThreadHelper implements PopulationHelper {
  tasks: HelperTask[] = [];
  buffers = 0;
  constructor(
    readonly minAccounts: number,
    private readonly mode: 'now' | 'never',
  ) {}
  shared(bytes: number): ArrayBuffer {
    this.buffers++;
    return new ArrayBuffer(bytes);
  }
  start(task: HelperTask): void {
    this.tasks.push(task);
    if (this.mode === 'now') {
      runHelperTask(task);
    }
  }
  finish(): boolean {
    return this.mode === 'now';
  }
}

function bytesOf(a: Accounts): string[] {
  const cols = [
    a.collateral,
    a.debt,
    a.reserve,
    a.responseKind,
    a.responseDelaySteps,
    a.gasCapGwei,
    a.status,
    a.calledAt,
    a.selling,
    a.whale,
  ];
  return cols.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength).toString('base64'));
}

const withWhales = [...BUILTIN_SCENARIOS.values()].filter(
  (s) => s.population.whales.length > 0 && !s.population.positions,
);

describe('population helper', () => {
  it('there are built-in scenarios with whales to test on', () => {
    expect(withWhales.length).toBeGreaterThanOrEqual(2);
  });

  for (const s of withWhales) {
    it(`${s.id}: the same accounts, byte for byte, with the second half drawn by a helper`, () => {
      for (const [n, seed] of [
        [2_001, 1],
        [3_333, 7],
        [s.population.whales.length + 1, 2],
      ] as const) {
        const alone = generateAccounts(s.population, n, 100, 60, seed, true);
        const helper = new InThreadHelper(2, 'now');
        const helped = generateAccounts(s.population, n, 100, 60, seed, true, helper);
        // The rows past the caller's share of each step: ordinary ratios (draw order), the accounts'
        // other attributes, the scaling.
        const attrSplit = helperFrom('attributes', n);
        expect((helper.tasks as RowTask[]).map((t) => [t.kind, t.from, t.to])).toEqual([
          ['ratios', Math.max(s.population.whales.length, helperFrom('ratios', n)), n],
          ['attributes', attrSplit, n],
          ['scale', helperFrom('scale', n), n],
        ]);
        const ratioTask = helper.tasks[0] as RatioTask;
        expect(ratioTask.skip).toBe(2 * (ratioTask.from - s.population.whales.length));
        expect(helper.buffers).toBeGreaterThan(0);
        expect(bytesOf(helped)).toEqual(bytesOf(alone));
        // The whales are where drawing alone put them, and the helper's rows name the ones it drew.
        const whaleRows = [...alone.whale.keys()].filter((j) => alone.whale[j]! >= 0);
        expect(whaleRows).toHaveLength(s.population.whales.length);
        const theirs = (helper.tasks[1] as AttributeTask).whaleRows.filter((_, k) => k % 2 === 0);
        expect(theirs).toEqual(whaleRows.filter((j) => j >= attrSplit));
      }
    });
  }

  it('a helper that cannot help leaves the rows to the caller: same accounts', () => {
    const s = withWhales[0]!;
    const alone = generateAccounts(s.population, 5_000, 100, 60, 3, true);
    const helper = new InThreadHelper(2, 'never');
    expect(bytesOf(generateAccounts(s.population, 5_000, 100, 60, 3, true, helper))).toEqual(bytesOf(alone));
    expect(helper.tasks.map((t) => t.kind)).toEqual(['ratios', 'attributes', 'scale']);
  });

  it('a population smaller than the helper’s minimum is drawn alone', () => {
    const s = withWhales[0]!;
    const helper = new InThreadHelper(10_000, 'now');
    const helped = generateAccounts(s.population, 9_999, 100, 60, 3, true, helper);
    expect(helper.tasks).toHaveLength(0);
    expect(helper.buffers).toBe(0);
    expect(bytesOf(helped)).toEqual(bytesOf(generateAccounts(s.population, 9_999, 100, 60, 3, true)));
  });

  it('the no-leverage control is the same with a helper', () => {
    const s = withWhales[1]!;
    const alone = generateAccounts(s.population, 4_001, 50, 30, 9, false);
    const helped = generateAccounts(s.population, 4_001, 50, 30, 9, false, new InThreadHelper(2, 'now'));
    expect(bytesOf(helped)).toEqual(bytesOf(alone));
    expect(alone.debt.every((d) => d === 0)).toBe(true);
  });
});

/** Runs each task when started, on shared memory (as the worker's are), and keeps the tasks. */
class SharedInThreadHelper extends InThreadHelper {
  override shared(bytes: number): ArrayBuffer {
    this.buffers++;
    return new SharedArrayBuffer(bytes) as unknown as ArrayBuffer;
  }
}

describe('a run with a population helper', () => {
  it('is the run without one, value for value: ratios, attributes and first triggers split with it', () => {
    const scenario = BUILTIN_SCENARIOS.get('black-thursday-2020')!;
    const design = PRESETS.get(scenario.historicalDesignId)!;
    const timeline = buildTimeline(scenario, 60, 1);
    const { fundamentalLog } = calibrate(scenario, design, timeline, { seed: 1, accounts: 3_001 });
    const run = (helper: PopulationHelper | null) =>
      simulate({
        scenario,
        design,
        timeline,
        fundamentalLog,
        seed: 1,
        accounts: 3_001,
        index: DEFAULT_INDEX,
        populations: new PopulationCache(undefined, true, helper),
      });
    const alone = run(null);
    const helper = new SharedInThreadHelper(2, 'now');
    const helped = run(helper);
    expect(helper.tasks.map((t) => t.kind)).toEqual(['ratios', 'attributes', 'scale', 'triggers', 'buckets']);
    const triggers = helper.tasks[3] as TriggerTask;
    expect(triggers.from).toBe(helperFrom('triggers', 3_001));
    expect(triggers.from).toBeGreaterThan(1_500);
    // The helper filed the call index (its keys are the liquidation triggers' logs shifted by log(CR/LR)).
    const buckets = helper.tasks[4] as BucketTask;
    expect(buckets.shift).toBeCloseTo(Math.log(design.margin.callRatio / design.margin.liquidationRatio), 12);
    expect(buckets.members.length).toBeGreaterThan(2_900);
    expect(helped.totals).toEqual(alone.totals);
    expect(Array.from(helped.triggerHistogram.counts)).toEqual(Array.from(alone.triggerHistogram.counts));
    expect(Array.from(helped.triggerHistogram.debtUsd)).toEqual(Array.from(alone.triggerHistogram.debtUsd));
    expect(Array.from(helped.series.price)).toEqual(Array.from(alone.series.price));
    expect(helped.liquidations.length).toBe(alone.liquidations.length);
  });
});

describe('generator state', () => {
  it('skip(k) lands where k draws land, and fromState(state()) continues the same sequence', () => {
    for (const k of [0, 1, 5, 1_000, 77_777]) {
      const drawn = new Rng(42, 1);
      for (let i = 0; i < k; i++) drawn.nextUint32();
      const skipped = new Rng(42, 1);
      skipped.skip(k);
      const copy = Rng.fromState(skipped.state());
      for (let i = 0; i < 100; i++) {
        const x = drawn.nextUint32();
        expect(skipped.nextUint32()).toBe(x);
        expect(copy.nextUint32()).toBe(x);
      }
    }
  });

  it('fillFast(out, k) writes the next k values of fast() and leaves the state k draws on', () => {
    for (const k of [0, 1, 7, 255, 256, 257, 4_096, 10_001]) {
      const one = new Rng(11, 3);
      const bulk = new Rng(11, 3);
      one.nextUint32(); // not at the seed's first word
      bulk.nextUint32();
      const out = new Float64Array(k + 2).fill(-1);
      bulk.fillFast(out, k);
      for (let i = 0; i < k; i++) expect(out[i]).toBe(one.fast());
      // Nothing written past k; the next draws agree.
      expect(out[k]).toBe(-1);
      for (let i = 0; i < 50; i++) expect(bulk.nextUint32()).toBe(one.nextUint32());
      expect(Array.from(bulk.state())).toEqual(Array.from(one.state()));
    }
  });

  it('state() is a copy: drawing on does not change it', () => {
    const r = new Rng(3);
    const s = r.state();
    const before = Array.from(s);
    r.next();
    expect(Array.from(s)).toEqual(before);
    expect(Array.from(r.state())).not.toEqual(before);
  });
});
