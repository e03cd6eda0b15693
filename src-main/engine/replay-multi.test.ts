import { describe, expect, it } from 'vitest';
import { ftxCollapse2022 } from '../scenarios/ftx-collapse-2022.ts';
import type { Design } from './design.ts';
import { checkInvariants } from './invariants.ts';
import { PRESETS } from './presets.ts';
import type { CrashProtocol } from './replay-multi.ts';
import { calibrateMulti, replayMulti, runMultiOnCalibration } from './replay-multi.ts';
import { calibrate } from './replay.ts';
import type { Scenario } from './scenario.ts';
import { simulateMulti } from './simulation/multi.ts';
import { DEFAULT_INDEX, simulate } from './simulate.ts';
import { buildTimeline } from './timeline.ts';

/** Everything a run returns, typed arrays as plain arrays, without its wall-clock timings. */
function serialise(value: object): string {
  const { timings: _t, ...rest } = value as { timings?: unknown };
  return JSON.stringify(rest, (_k, v: unknown) =>
    ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v,
  );
}

const base: Scenario = ftxCollapse2022;
const aave = PRESETS.get(base.historicalDesignId)!;
const compound = PRESETS.get('compound-v2')!;
/** A second protocol on the same crash and venues: its own, more leveraged population. */
const second: Scenario = {
  ...base,
  population: {
    ...base.population,
    totalDebtUsd: base.population.totalDebtUsd * 1.5,
    collateralRatioBins: base.population.collateralRatioBins.map((b) => ({
      ...b,
      from: 1 + (b.from - 1) * 0.8,
      to: 1 + (b.to - 1) * 0.8,
    })),
  },
  historicalDesignId: compound.id,
};
const STEP = base.defaultStepSeconds * 5;
const ACCOUNTS = 300;
const timeline = buildTimeline(base, STEP, 2);
const protocols: CrashProtocol[] = [
  { name: 'A', scenario: base, historical: aave },
  { name: 'B', scenario: second, historical: compound },
];
const opts = { seed: 2, accountsPerProtocol: [ACCOUNTS, ACCOUNTS], stepSeconds: STEP };

function pass(designs: Design[], scenarios: Scenario[], fundamentalLog: Float64Array[]) {
  return simulateMulti({
    protocols: scenarios.map((scenario, k) => ({ scenario, design: designs[k]!, accounts: ACCOUNTS })),
    timeline,
    fundamentalLog,
    seed: 2,
  });
}

describe('several protocols on one crash (shared venues, lockstep)', () => {
  it('one protocol through the shared driver is byte-identical to simulate()', () => {
    const F = timeline.observedLog.map((p) => Float64Array.from(p));
    const [multi] = pass([aave], [base], F);
    const single = simulate({
      scenario: base,
      design: aave,
      timeline,
      fundamentalLog: F,
      seed: 2,
      accounts: ACCOUNTS,
      index: DEFAULT_INDEX,
      leverage: true,
      depthScale: 1,
    });
    expect(serialise(multi!)).toBe(serialise(single));
  });

  it('holds every invariant per protocol at every step, deterministically', () => {
    const F = timeline.observedLog.map((p) => Float64Array.from(p));
    const violations: string[] = [];
    let checked = 0;
    const run = () =>
      simulateMulti({
        protocols: [
          { scenario: base, design: aave, accounts: ACCOUNTS },
          { scenario: second, design: compound, accounts: ACCOUNTS },
        ],
        timeline,
        fundamentalLog: F,
        seed: 2,
        onStep: (k, s) => {
          checked++;
          for (const v of checkInvariants(s)) violations.push(`protocol ${k}: ${v.invariant} (${v.detail})`);
        },
      });
    const first = run();
    expect(violations).toEqual([]);
    expect(checked).toBe(2 * timeline.steps);
    expect(first.map(serialise)).toEqual(run().map(serialise));
  });

  it("one protocol's forced sales move the price the other sees", () => {
    const F = timeline.observedLog.map((p) => Float64Array.from(p));
    const [alone] = pass([aave], [base], F);
    const [together, other] = pass([aave, compound], [base, second], F);
    expect(other!.totals.initialDebt).toBeGreaterThan(0);
    // Both protocols see the same prices every step.
    expect(Array.from(together!.series.price)).toEqual(Array.from(other!.series.price));
    // B's sales push the shared price lower than A alone ever pushes it, and A's results change.
    const low = (r: typeof alone) => Math.min(...r!.series.price);
    expect(low(together)).toBeLessThan(low(alone));
    expect(together!.totals.liquidatedUsd).not.toBe(alone!.totals.liquidatedUsd);
  });

  it('calibration backs F out of every protocol’s flows, and reproduces the observed path', () => {
    const cal = calibrateMulti(protocols, timeline, opts);
    expect(cal.residual).toBeLessThan(1e-9);
    const a = base.assets.findIndex((x) => x.id === base.population.asset);
    const single = calibrate(base, aave, timeline, { seed: 2, accounts: ACCOUNTS });
    // With B's sales in the observed path too, more of the fall is put on flows: F sits higher.
    const lastGap = (f: Float64Array) => f[f.length - 1]! - timeline.observedLog[a]![f.length - 1]!;
    expect(lastGap(cal.fundamentalLog[a]!)).toBeGreaterThan(lastGap(single.fundamentalLog[a]!));
    // A design change on B only: A keeps its design, both runs are on the same F.
    const swapped = runMultiOnCalibration(protocols, [undefined, aave], timeline, cal, opts);
    const hist = runMultiOnCalibration(protocols, [undefined, undefined], timeline, cal, opts);
    expect(swapped.protocols[0]!.result.design.id).toBe(aave.id);
    expect(swapped.protocols[1]!.result.design.id).toBe(aave.id);
    expect(hist.protocols[1]!.result.design.id).toBe(compound.id);
    expect(swapped.protocols[1]!.result.summary.liquidatedUsd).not.toBe(
      hist.protocols[1]!.result.summary.liquidatedUsd,
    );
  });

  it('totals add the protocols up; underwater accounts are summed step by step', () => {
    const r = replayMulti(protocols, [], opts);
    const [pa, pb] = r.protocols.map((p) => p.result);
    expect(r.total.liquidatedUsd).toBeCloseTo(pa!.summary.liquidatedUsd + pb!.summary.liquidatedUsd, 6);
    expect(r.total.badDebtUsd).toBeCloseTo(pa!.summary.badDebtUsd + pb!.summary.badDebtUsd, 6);
    expect(r.total.accounts).toBe(2 * ACCOUNTS);
    const peak = r.total.insolvency.atOracle.peakAccounts;
    expect(peak).toBeGreaterThanOrEqual(
      Math.max(pa!.summary.insolvency.atOracle.peakAccounts, pb!.summary.insolvency.atOracle.peakAccounts),
    );
    expect(peak).toBeLessThanOrEqual(
      pa!.summary.insolvency.atOracle.peakAccounts + pb!.summary.insolvency.atOracle.peakAccounts,
    );
  });

  it('an ordinary pass on the backed-out F repeats the construction pass value for value', () => {
    const cal = calibrateMulti(protocols, timeline, opts);
    const again = pass([aave, compound], [base, second], cal.fundamentalLog);
    expect(again.map(serialise)).toEqual(cal.historical.map(serialise));
  });

  it("measures each protocol's main waves with every protocol's impact switched off", () => {
    const r = replayMulti(protocols, [], opts);
    for (const p of r.protocols) {
      const waves = p.result.waves;
      expect(waves.length).toBeGreaterThan(0);
      expect(waves.some((w) => w.shareMeasured)).toBe(true);
      for (const w of waves) {
        expect(w.endogenousShare).toBeGreaterThanOrEqual(0);
        expect(w.endogenousShare).toBeLessThanOrEqual(1);
      }
    }
    const none = replayMulti(protocols, [], { ...opts, attributeWaves: 0 });
    expect(none.protocols.every((p) => p.result.waves.every((w) => !w.shareMeasured))).toBe(true);
  });

  it("tracking an account of one protocol (the autopsy's re-run) changes nothing else", () => {
    const F = timeline.observedLog.map((p) => Float64Array.from(p));
    const plain = pass([aave, compound], [base, second], F);
    const tracked = simulateMulti({
      protocols: [
        { scenario: base, design: aave, accounts: ACCOUNTS },
        { scenario: second, design: compound, accounts: ACCOUNTS, trackAccounts: [7] },
      ],
      timeline,
      fundamentalLog: F,
      seed: 2,
    });
    expect(tracked[1]!.tracked.map((t) => t.account)).toEqual([7]);
    const without = (r: object) => serialise({ ...r, tracked: [] });
    expect(tracked.map(without)).toEqual(plain.map(without));
  });

  it('protocols on different assets: each asset is backed out of its own protocols’ flows', () => {
    const onEth: Scenario = {
      ...second,
      population: {
        ...second.population,
        asset: 'ETH',
        whales: [],
      },
    };
    const mixed: CrashProtocol[] = [
      { name: 'A', scenario: base, historical: aave },
      { name: 'B', scenario: onEth, historical: compound },
    ];
    const cal = calibrateMulti(mixed, timeline, opts);
    expect(cal.residual).toBeLessThan(1e-9);
    const eth = base.assets.findIndex((x) => x.id === 'ETH');
    const btc = base.assets.findIndex((x) => x.id === 'BTC');
    // Both assets carry forced flows, so both backed-out paths leave the observed ones somewhere.
    const moved = (a: number) =>
      cal.fundamentalLog[a]!.some((f, t) => Math.abs(f - timeline.observedLog[a]![t]!) > 1e-6);
    expect(moved(eth)).toBe(true);
    expect(moved(btc)).toBe(true);
    const [pa, pb] = cal.historical;
    expect(pa!.asset).toBe('BTC');
    expect(pb!.asset).toBe('ETH');
    // Each protocol's run sees its own asset's price: the observed path, by construction.
    const last = timeline.steps - 1;
    expect(Math.log(pb!.series.price[last]!)).toBeCloseTo(timeline.observedLog[eth]![last]!, 9);
  });
});
