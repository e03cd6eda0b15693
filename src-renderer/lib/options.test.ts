import { describe, expect, it } from 'vitest';
import type { OptionsView, RunView } from './contract.ts';
import { fakeRun } from './fixtures.ts';
import { narrate } from './narration.ts';
import { compareRows } from './compare.ts';
import {
  describeOptionLoops,
  fmtUnitsCompact,
  gammaBars,
  gammaExtent,
  gammaReading,
  gammaRowAt,
  levelIndexOf,
  optionBookAt,
  flowText,
  optionsCards,
} from './options.ts';

const STEPS = 8;

/** A run of 8 steps (price 200 → 100) with options: dealers short gamma, insurers selling. */
function optionsRun(design: Partial<OptionsView['design']> = {}): RunView {
  const run = fakeRun(STEPS);
  const fill = (v: number) => new Array<number>(STEPS).fill(v);
  const levels = [100, 150, 200];
  const options: OptionsView = {
    asset: 'SPX',
    writersCollateral: 'stable',
    design: {
      marginModel: 'per-position',
      hedging: 'scenario (every 30 min)',
      ivFeedback: true,
      dealerHedging: true,
      insurersActive: true,
      ...design,
    },
    hasDealers: true,
    hasInsurers: true,
    hasWriters: true,
    insurerRule: 'synthetic-put',
    series: {
      atmIv: [0.25, 0.25, 0.26, 0.3, 0.45, 0.6, 0.55, 0.5],
      realisedVol: fill(0.4),
      dealerNetDelta: fill(0),
      dealerHedgeUnits: fill(-1000),
      dealerGammaUnitsPer1Pct: fill(-3100),
      hedgingUnits: [0, 0, 0, 0, 3100, 0, 0, -50],
      insuranceUnits: [0, 0, 0, 0, 5000, 0, 0, 0],
      liquidationUnits: fill(0),
      insurerBacklogUnits: [0, 0, 0, 0, 12000, 12000, 0, 0],
      writersLiquidated: [0, 0, 0, 0, 3, 0, 0, 0],
      collateralUsd: fill(1e6),
      collateralAssetUnits: fill(0),
      bookValueUsd: fill(2e5),
      badDebtUsd: fill(0),
    },
    gammaMap: {
      levels,
      everySteps: 4,
      rows: 2,
      // row 0: dealers 10, 20, 5; total 10, 50, 5 — row 1: dealers 0, 40, 0; total −5, 90, 0
      units: [10, 50, 5, -5, 90, 0],
      dealers: [10, 20, 5, 0, 40, 0],
    },
    totals: {
      writersLiquidated: 3,
      // Net over the run, as main computes them (options-view.ts): sold − bought.
      hedgingSoldUsd: (3100 - 50) * 150,
      insuranceSoldUsd: 5000 * 150,
      peakAtmIv: 0.6,
      startAtmIv: 0.25,
      conservationError: 0,
    },
  };
  run.series.flows.hedging = options.series.hedgingUnits.map((u) => u * 150);
  run.series.flows.insurance = options.series.insuranceUnits.map((u) => u * 150);
  run.summary = { ...run.summary, drawdown: { simulated: 0.5, observed: 0.5, fundamental: 0.2 } };
  return { ...run, options };
}

describe('gamma map at the cursor', () => {
  const run = optionsRun();
  const o = run.options!;
  it('takes the latest row recorded at or before the cursor', () => {
    expect(gammaRowAt(o, 0)).toBe(0);
    expect(gammaRowAt(o, 3)).toBe(0);
    expect(gammaRowAt(o, 4)).toBe(1);
    expect(gammaRowAt(o, 99)).toBe(1);
  });
  it('splits a row into dealers and insurers and keeps a fixed axis over every row', () => {
    expect(gammaBars(o, 1)).toEqual({ levels: [100, 150, 200], dealers: [0, 40, 0], insurers: [-5, 50, 0] });
    expect(gammaExtent(o)).toEqual({ min: -5, max: 90 });
  });
  it('places the price between log-spaced levels', () => {
    expect(levelIndexOf([100, 200, 400], 200)).toBeCloseTo(1, 9);
    expect(levelIndexOf([100, 200, 400], 1000)).toBe(2);
  });
  it('reads the map in words from the run', () => {
    const text = gammaReading(run, o, 5);
    expect(text).toMatch(/a further 1% fall makes dealers sell 40 SPX and insurers sell 50 SPX/);
    expect(text).toMatch(/Most forced selling at \$150\.00: 90 SPX/);
  });
});

describe('loops at work', () => {
  it('names the dealers’ gamma, the insurers’ backlog, writers liquidated and rising IV', () => {
    const lines = describeOptionLoops(optionsRun(), 4);
    expect(lines.join(' ')).toMatch(
      /Dealers sold 3,100 SPX .* this step to re-hedge: their gamma at \$\S+ is short 3,100 SPX per 1%/,
    );
    expect(lines.join(' ')).toMatch(
      /Portfolio insurers \(synthetic put\) sold 5,000 SPX .*called for 12,000 SPX .* more .*\(backlog\)/,
    );
    expect(lines.join(' ')).toMatch(/3 option writers liquidated this step/);
    expect(lines.join(' ')).toMatch(/Implied vol rose to 45%/);
    expect(narrate(optionsRun(), 4).loops).toEqual(lines);
  });
  it('says a loop is off when the design switches it off', () => {
    const lines = describeOptionLoops(
      optionsRun({ dealerHedging: false, insurersActive: false, ivFeedback: false }),
      4,
    ).join(' ');
    expect(lines).toMatch(/Dealers do not hedge in this design/);
    expect(lines).toMatch(/Portfolio insurers are off in this design/);
    expect(lines).toMatch(/IV feedback is off/);
    expect(lines).not.toMatch(/sold/);
  });
  it('is empty for a run without options', () => {
    expect(describeOptionLoops(fakeRun(4), 2)).toEqual([]);
  });
});

describe('option book, cards and Compare rows', () => {
  it('sums what happened up to the cursor', () => {
    const run = optionsRun();
    const b = optionBookAt(run, run.options!, 5);
    expect(b).toMatchObject({ atmIv: 0.6, startIv: 0.25, peakIvSoFar: 0.6, writersLiquidatedSoFar: 3 });
    expect(b.insuranceNetUsd).toBe(750_000);
    expect(b.backlogUnits).toBe(12000);
    expect(optionBookAt(run, run.options!, 3).writersLiquidatedSoFar).toBe(0);
  });
  it('shows a card per loop and Compare rows only for runs with options', () => {
    const run = optionsRun();
    expect(optionsCards(run).map((c) => [c.label, c.text])).toEqual([
      ['Writers liquidated', '3'],
      ['Dealers’ hedging, net', 'sold $457.5k'],
      ['Insurers, net', 'sold $750.0k'],
      ['Peak ATM IV', '60%'],
    ]);
    expect(optionsCards(fakeRun(3))).toEqual([]);
    const keys = compareRows([run, run]).map((r) => r.key);
    expect(keys).toEqual(
      expect.arrayContaining(['drawdown', 'writersLiquidated', 'hedgingSold', 'insuranceSold', 'peakIv']),
    );
    expect(compareRows([fakeRun(3)]).some((r) => r.key === 'insuranceSold')).toBe(false);
  });
  it('the header’s totals are the panel’s at the last step (one net figure, not gross in one place and net in the other)', () => {
    const run = optionsRun();
    const last = optionBookAt(run, run.options!, run.steps - 1);
    const cards = new Map(optionsCards(run).map((c) => [c.key, c.text]));
    expect(cards.get('hedgingSold')).toBe(flowText(last.hedgingNetUsd));
    expect(cards.get('insuranceSold')).toBe(flowText(last.insuranceNetUsd));
    // Compare shows the same net totals.
    const rows = new Map(compareRows([run]).map((r) => [r.key, r.cells[0]!.value]));
    expect(rows.get('insuranceSold')).toBe(last.insuranceNetUsd);
    expect(rows.get('hedgingSold')).toBe(last.hedgingNetUsd);
    const steth = { ...run, units: { numeraire: 'ETH', priceDisplay: 'direct' as const, priceLabel: 'x' } };
    expect(optionsCards(steth).find((c) => c.key === 'insuranceSold')?.text).toBe('sold 750.0k ETH');
  });
  it('formats units compactly for axes', () => {
    expect(fmtUnitsCompact(5_841_746)).toBe('5.8M');
    expect(fmtUnitsCompact(-27_450)).toBe('−27k');
    expect(fmtUnitsCompact(312)).toBe('312');
  });
});
