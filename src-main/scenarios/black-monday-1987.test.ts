import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_OPTIONS_DESIGN,
  DerivativesLayer,
  parseOptionsSpec,
  type OptionsDesign,
} from '../engine/options/option-book.ts';
import { parseScenario } from '../engine/scenario.ts';
import { blackMonday1987, OPTIONS_SPEC, SPX_POINTS, spxFromDowLoss } from './black-monday-1987.ts';
import { epochSeconds } from './scenario-support.ts';

const data = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  'data/1987-10-19-black-monday/sp500_gspc_daily_1987-10-01_to_1987-10-30.csv',
);

interface Day {
  open: number;
  high: number;
  low: number;
  close: number;
}

/** CSV rows by ISO date (M/D/YYYY in the file). */
function readDays(): Map<string, Day> {
  const rows = readFileSync(data, 'utf8').trim().split('\n').slice(1);
  const days = new Map<string, Day>();
  for (const r of rows) {
    const [date, open, high, low, close] = r.split(',');
    const [m, d, y] = date!.split('/');
    days.set(`${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`, {
      open: Number(open),
      high: Number(high),
      low: Number(low),
      close: Number(close),
    });
  }
  return days;
}

/** Tolerance of authored knots against the CSV, index points (the CSV has two decimals). */
const TOLERANCE = 0.005;
const CITATION = /https?:\/\/\S+|shared\/(data|design)\/\S+/;

describe('Black Monday 1987 scenario', () => {
  it('parses with the engine schema and cites every published figure', () => {
    const s = parseScenario(blackMonday1987);
    expect(s.id).toBe('black-monday-1987');
    expect(s.published.length).toBeGreaterThanOrEqual(5);
    for (const p of s.published) expect(p.source, p.figure).toMatch(CITATION);
    expect(s.assumptions.length).toBeGreaterThanOrEqual(4);
    expect(s.limits.length).toBeGreaterThanOrEqual(3);
    expect(s.assets[0]!.observed.source).toMatch(/daily/);
  });

  it('its OPTIONS_SPEC parses with the options schema', () => {
    expect(parseOptionsSpec(OPTIONS_SPEC)).toEqual(OPTIONS_SPEC);
    expect(OPTIONS_SPEC.asset).toBe(blackMonday1987.assets[0]!.id);
  });

  it('intraday knots follow the Dow’s published path: monotone in the Dow loss, ending at the close', () => {
    expect(spxFromDowLoss(0)).toBe(282.7);
    expect(spxFromDowLoss(508)).toBeCloseTo(224.84, 2);
    expect(spxFromDowLoss(300)).toBeLessThan(spxFromDowLoss(250));
  });

  it('knots match the daily CSV: closes at 16:00 EDT, opens at 09:30, the 20 Oct low', () => {
    const days = readDays();
    const byTime = new Map(SPX_POINTS.map(([t, p]) => [t, p]));
    let closes = 0;
    for (const [date, day] of days) {
      const close = byTime.get(epochSeconds(`${date}T20:00:00Z`));
      if (close !== undefined) {
        expect(Math.abs(close - day.close), date).toBeLessThanOrEqual(TOLERANCE);
        closes++;
      }
      const open = byTime.get(epochSeconds(`${date}T13:30:00Z`));
      if (open !== undefined) expect(Math.abs(open - day.open), date).toBeLessThanOrEqual(TOLERANCE);
    }
    expect(closes).toBe(6);
    const monday = days.get('1987-10-19')!;
    const mondayStart = epochSeconds('1987-10-19T13:30:00Z');
    const mondayEnd = epochSeconds('1987-10-19T20:00:00Z');
    for (const [t, p] of SPX_POINTS) {
      if (t < mondayStart || t > mondayEnd) continue;
      expect(p).toBeGreaterThanOrEqual(monday.low - TOLERANCE);
      expect(p).toBeLessThanOrEqual(monday.high + TOLERANCE);
    }
    expect(Math.min(...SPX_POINTS.map(([, p]) => p))).toBeCloseTo(days.get('1987-10-20')!.low, 2);
  });

  it('holds the price flat while the exchange is closed, and replays in the current engine', async () => {
    const closes = SPX_POINTS.filter(([t]) => new Date(t * 1000).getUTCHours() === 20 && t % 3600 === 0);
    let held = 0;
    for (const [t, p] of SPX_POINTS) {
      const lastClose = closes.filter(([tc]) => tc <= t).pop();
      const hour = new Date(t * 1000).getUTCHours();
      const closed = hour > 20 || hour < 13 || (hour === 13 && new Date(t * 1000).getUTCMinutes() < 30);
      if (closed && lastClose !== undefined) {
        expect(p).toBe(lastClose[1]);
        held++;
      }
    }
    expect(held).toBeGreaterThan(50);
    // The lending side runs today under the stand-in design (until the layer is wired in).
    const { PRESETS } = await import('../engine/presets.ts');
    const { replay } = await import('../engine/replay.ts');
    const design = PRESETS.get(blackMonday1987.historicalDesignId)!;
    const r = replay(blackMonday1987, design, design, { seed: 1, accounts: 300 });
    expect(r.calibration.converged).toBe(true);
    expect(r.calibration.residual).toBeLessThan(1e-4);
    expect(r.summary.accountsLiquidated).toBeGreaterThan(0);
  });

  it('the insurers are calibrated to the Brady figures: ~$6 B sold on 19 Oct, with a backlog of the order of $12 B', () => {
    // The layer on the observed path, no impact: what the rules want and what the cap lets through.
    // The standard per-position margin, 2% liquidation penalty, every loop on.
    const design: OptionsDesign = DEFAULT_OPTIONS_DESIGN;
    const step = blackMonday1987.defaultStepSeconds;
    const start = epochSeconds(blackMonday1987.startTime);
    const end = epochSeconds(blackMonday1987.endTime);
    const layer = new DerivativesLayer(OPTIONS_SPEC, design, {
      seed: 1,
      stepSeconds: step,
      initialPrice: SPX_POINTS[0]![1],
      startTime: start,
    });
    const priceAt = (t: number): number => {
      for (let k = 1; k < SPX_POINTS.length; k++) {
        const [t1, p1] = SPX_POINTS[k]!;
        const [t0, p0] = SPX_POINTS[k - 1]!;
        if (t <= t1) return p0 + ((p1 - p0) * (t - t0)) / (t1 - t0);
      }
      return SPX_POINTS[SPX_POINTS.length - 1]![1];
    };
    const mondayOpen = epochSeconds('1987-10-19T13:30:00Z');
    const mondayClose = epochSeconds('1987-10-19T20:00:00Z');
    let soldMondayUsd = 0;
    let backlogAtCloseUsd = 0;
    let ivAtClose = 0;
    for (let t = start + step; t <= end; t += step) {
      const p = priceAt(t);
      layer.beginStep(t, p);
      layer.marginAndLiquidations(t, p);
      const flows = layer.hedgingFlows(t, p);
      layer.settle(t, p);
      layer.record(t);
      if (t > mondayOpen && t <= mondayClose) soldMondayUsd += flows.insurance * p;
      if (t === mondayClose) {
        const s = layer.series();
        backlogAtCloseUsd = s.insurerBacklogUnits[s.insurerBacklogUnits.length - 1]! * p;
        ivAtClose = s.atmIv[s.atmIv.length - 1]!;
      }
    }
    // Brady: ~$4 B of futures + ~$2 B of stock; models called for ~$12 B more.
    expect(soldMondayUsd).toBeGreaterThan(4e9);
    expect(soldMondayUsd).toBeLessThan(8e9);
    expect(backlogAtCloseUsd).toBeGreaterThan(6e9);
    expect(backlogAtCloseUsd).toBeLessThan(24e9);
    // IV rose with the crash (VXO 36.37 on 16 Oct → 150.19 on 19 Oct): the model must at least
    // exceed Friday's level; how close it gets to 150 is reported by the replay, not asserted here.
    expect(ivAtClose).toBeGreaterThan(0.3637);
    expect(layer.conservationError()).toBeLessThan(1e-9);
    expect(layer.events().some((e) => e.kind === 'insurance')).toBe(true);
  });
});
