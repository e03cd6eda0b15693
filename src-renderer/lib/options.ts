/**
 * The options side of a run for the replay's "Options & hedging" panel, its narration, its metric
 * cards and Compare: which gamma-map row belongs to the cursor, the option book at a step, and the
 * loop at work in words — all computed from the run's own series and events.
 */
import type { OptionsView, RunView } from './contract.ts';
import { fmtClock, fmtCount, fmtMoney, fmtPct, fmtPrice, fmtUsd, stepTimeSec } from './format.ts';

/**
 * The gamma-map row for the cursor: the latest row recorded at or before `step` (rows are recorded
 * after the step's trades every `everySteps` steps, so this is the nearest one that does not look
 * ahead). −1 when the map is empty.
 */
export function gammaRowAt(o: OptionsView, step: number): number {
  const g = o.gammaMap;
  if (g.rows === 0 || g.levels.length === 0) return -1;
  return Math.max(0, Math.min(g.rows - 1, Math.floor(Math.max(0, step) / Math.max(1, g.everySteps))));
}

/** The step a gamma-map row was recorded at. */
export function gammaRowStep(o: OptionsView, row: number, steps: number): number {
  return Math.min(row * o.gammaMap.everySteps, steps - 1);
}

export interface GammaBars {
  levels: number[];
  /** Units forced by a further 1% fall from each level: dealers, insurers (+ = sell). */
  dealers: number[];
  insurers: number[];
}

/** One row of the gamma map, split into dealers and insurers. */
export function gammaBars(o: OptionsView, row: number): GammaBars {
  const g = o.gammaMap;
  const n = g.levels.length;
  const dealers = g.dealers.slice(row * n, row * n + n);
  const total = g.units.slice(row * n, row * n + n);
  return { levels: g.levels, dealers, insurers: total.map((u, k) => u - dealers[k]!) };
}

/** Which hedgers the gamma map shows: insurers can dwarf dealers, so each can be seen alone. */
export type GammaShow = 'both' | 'dealers' | 'insurers';

/** Highest and lowest stacked bar over every row (a fixed axis while the cursor moves). */
export function gammaExtent(o: OptionsView, show: GammaShow = 'both'): { min: number; max: number } {
  const g = o.gammaMap;
  let min = 0;
  let max = 0;
  for (let i = 0; i < g.units.length; i++) {
    const d = show === 'insurers' ? 0 : g.dealers[i]!;
    const ins = show === 'dealers' ? 0 : g.units[i]! - g.dealers[i]!;
    const up = Math.max(0, d) + Math.max(0, ins);
    const down = Math.min(0, d) + Math.min(0, ins);
    if (up > max) max = up;
    if (down < min) min = down;
  }
  return { min, max };
}

/** Fractional index of `price` among log-spaced levels (for a marker between bars). */
export function levelIndexOf(levels: readonly number[], price: number): number {
  const n = levels.length;
  if (n < 2 || !(price > 0)) return 0;
  const lo = Math.log(levels[0]!);
  const hi = Math.log(levels[n - 1]!);
  return Math.max(0, Math.min(n - 1, ((Math.log(price) - lo) / (hi - lo)) * (n - 1)));
}

/** Index of the level nearest `price`. */
export function nearestLevel(levels: readonly number[], price: number): number {
  return Math.round(levelIndexOf(levels, price));
}

/**
 * The gamma map at the cursor in one or two sentences: what a further 1% fall from the level
 * nearest the price forces dealers and insurers to trade, and where the map's forced selling peaks.
 */
export function gammaReading(run: RunView, o: OptionsView, step: number): string {
  const row = gammaRowAt(o, step);
  if (row < 0) return 'No gamma map recorded.';
  const price = run.series.price[Math.max(0, Math.min(run.steps - 1, step))] ?? NaN;
  const bars = gammaBars(o, row);
  const k = nearestLevel(bars.levels, price);
  const d = bars.dealers[k] ?? 0;
  const ins = bars.insurers[k] ?? 0;
  let peak = 0;
  for (let i = 1; i < bars.levels.length; i++)
    if (bars.dealers[i]! + bars.insurers[i]! > bars.dealers[peak]! + bars.insurers[peak]!) peak = i;
  const a = o.asset;
  const side = (u: number) => (u >= 0 ? `sell ${fmtCount(u)} ${a}` : `buy ${fmtCount(-u)} ${a}`);
  const at = fmtClock(stepTimeSec(run, gammaRowStep(o, row, run.steps)));
  const top = bars.dealers[peak]! + bars.insurers[peak]!;
  return (
    `Map of ${at} UTC. From ${fmtPrice(bars.levels[k]!)} (nearest the price ${fmtPrice(price)}), a further 1% fall makes dealers ${side(d)} and insurers ${side(ins)}.` +
    (top > 0 ? ` Most forced selling at ${fmtPrice(bars.levels[peak]!)}: ${fmtCount(top)} ${a}.` : '')
  );
}

/** Units, compact for axes: 5.84M, 27.5k, 312. */
export function fmtUnitsCompact(x: number): string {
  const a = Math.abs(x);
  const sign = x < 0 ? '−' : '';
  if (a >= 1e6) return `${sign}${(a / 1e6).toFixed(a >= 1e7 ? 0 : 1)}M`;
  if (a >= 1e4) return `${sign}${(a / 1e3).toFixed(0)}k`;
  return fmtCount(x);
}

/** Sum of a series over steps 0…step. */
function sumTo(values: readonly number[], step: number): number {
  let s = 0;
  for (let i = 0; i <= step && i < values.length; i++) s += values[i]!;
  return s;
}

/** Peak of a series over steps 0…step. */
function peakTo(values: readonly number[], step: number): number {
  let m = -Infinity;
  for (let i = 0; i <= step && i < values.length; i++) if (values[i]! > m) m = values[i]!;
  return m;
}

export interface OptionBookAt {
  atmIv: number;
  startIv: number;
  peakIvSoFar: number;
  realisedVol: number;
  collateralUsd: number;
  bookValueUsd: number;
  writersLiquidatedSoFar: number;
  writersBadDebtUsd: number;
  backlogUnits: number;
  dealerNetDelta: number;
  dealerHedgeUnits: number;
  dealerGamma: number;
  /** Selling up to the cursor, USD (signed sums: − = net bought). */
  hedgingNetUsd: number;
  insuranceNetUsd: number;
}

/** The option book at a step (clamped to the run). */
export function optionBookAt(run: RunView, o: OptionsView, step: number): OptionBookAt {
  const t = Math.max(0, Math.min(run.steps - 1, step));
  const s = o.series;
  return {
    atmIv: s.atmIv[t] ?? NaN,
    startIv: s.atmIv[0] ?? NaN,
    peakIvSoFar: peakTo(s.atmIv, t),
    realisedVol: s.realisedVol[t] ?? NaN,
    collateralUsd: s.collateralUsd[t] ?? NaN,
    bookValueUsd: s.bookValueUsd[t] ?? NaN,
    writersLiquidatedSoFar: sumTo(s.writersLiquidated, t),
    writersBadDebtUsd: s.badDebtUsd[t] ?? 0,
    backlogUnits: s.insurerBacklogUnits[t] ?? 0,
    dealerNetDelta: s.dealerNetDelta[t] ?? 0,
    dealerHedgeUnits: s.dealerHedgeUnits[t] ?? 0,
    dealerGamma: s.dealerGammaUnitsPer1Pct[t] ?? 0,
    hedgingNetUsd: sumTo(run.series.flows.hedging, t),
    insuranceNetUsd: sumTo(run.series.flows.insurance, t),
  };
}

/** Units below which a step's trade is not worth a sentence (a rounding residue). */
function negligible(units: number, scale: number): boolean {
  return Math.abs(units) < Math.max(1e-9, 1e-6 * scale);
}

const units = (x: number, asset: string): string => `${fmtCount(Math.abs(x))} ${asset}`;

/**
 * The loops at work at step t, one sentence each, named by who trades and why: dealers re-hedging
 * their gamma, portfolio insurers following their rule (and what they could not sell), option
 * writers liquidated, implied vol moving margins. A loop the design switched off says so.
 */
export function describeOptionLoops(run: RunView, t: number): string[] {
  const o = run.options;
  if (!o) return [];
  const step = Math.max(0, Math.min(run.steps - 1, t));
  const s = o.series;
  const a = o.asset;
  const price = run.series.price[step] ?? NaN;
  const out: string[] = [];

  if (o.hasDealers) {
    const h = s.hedgingUnits[step] ?? 0;
    const g = s.dealerGammaUnitsPer1Pct[step] ?? 0;
    const scale = Math.abs(s.dealerHedgeUnits[step] ?? 0) + Math.abs(g) * 100;
    const gammaText = `${g < 0 ? 'short' : 'long'} ${units(g, a)} per 1%`;
    if (!o.design.dealerHedging) {
      out.push(
        `Dealers do not hedge in this design: their gamma at ${fmtPrice(price)} is ${gammaText}, but they trade none of it — the gamma loop is cut.`,
      );
    } else if (!negligible(h, scale)) {
      out.push(
        `Dealers ${h > 0 ? 'sold' : 'bought'} ${units(h, a)} (${fmtUsd(Math.abs(h) * price)}) this step to re-hedge: their gamma at ${fmtPrice(price)} is ${gammaText}, so each further 1% fall ${g < 0 ? `forces about ${units(g, a)} more selling` : `makes them buy about ${units(g, a)}`}.`,
      );
    } else if (Math.abs(g) > 0) {
      out.push(
        `Dealers' gamma at ${fmtPrice(price)} is ${gammaText}; they re-hedge ${o.design.hedging.replace(/^scenario \((.*)\)$/, '$1')}.`,
      );
    }
  }

  if (o.hasInsurers) {
    const ins = s.insuranceUnits[step] ?? 0;
    const backlog = s.insurerBacklogUnits[step] ?? 0;
    const rule = o.insurerRule === 'cppi' ? 'CPPI' : 'synthetic put';
    if (!o.design.insurersActive) {
      out.push('Portfolio insurers are off in this design: they hold what they have and sell nothing.');
    } else if (!negligible(ins, Math.abs(ins) + backlog)) {
      out.push(
        `Portfolio insurers (${rule}) ${ins > 0 ? 'sold' : 'bought'} ${units(ins, a)} (${fmtUsd(Math.abs(ins) * price)}) this step` +
          (backlog > 0
            ? `; their models called for ${units(backlog, a)} (${fmtUsd(backlog * price)}) more that the market could not take (backlog).`
            : ': their rule sells as the price falls.'),
      );
    } else if (backlog > 0) {
      out.push(
        `Portfolio insurers' models still call for ${units(backlog, a)} (${fmtUsd(backlog * price)}) of sales (backlog).`,
      );
    }
  }

  const liq = s.writersLiquidated[step] ?? 0;
  if (liq > 0) {
    const sold = s.liquidationUnits[step] ?? 0;
    out.push(
      `${fmtCount(liq)} option ${liq === 1 ? 'writer' : 'writers'} liquidated this step: their short options were bought back` +
        (sold > 0 ? `, and ${units(sold, a)} of their collateral sold to pay for it.` : '.'),
    );
  }

  const iv = s.atmIv[step] ?? NaN;
  const hour = Math.max(1, Math.round(3600 / run.stepSeconds));
  const before = s.atmIv[Math.max(0, step - hour)] ?? iv;
  const rv = s.realisedVol[step] ?? NaN;
  if (!o.design.ivFeedback) {
    out.push(`Implied vol stays at ${fmtPct(iv, 0)}: IV feedback is off in this design.`);
  } else if (iv - before >= 0.01) {
    out.push(
      `Implied vol rose to ${fmtPct(iv, 0)} (${fmtPct(before, 0)} an hour earlier; realised ${fmtPct(rv, 0)}): option margins rise with it.`,
    );
  } else if (before - iv >= 0.01) {
    out.push(`Implied vol eased to ${fmtPct(iv, 0)} (realised ${fmtPct(rv, 0)}).`);
  }
  return out;
}

export interface OptionsCard {
  key: string;
  label: string;
  slug: string;
  text: string;
}

/** Net selling as a phrase: "sold $4.11B", "bought $12.0M". The header and the panel both use it. */
export function flowText(net: number, numeraire = 'USD'): string {
  return net < 0 ? `bought ${fmtMoney(-net, numeraire)}` : `sold ${fmtMoney(net, numeraire)}`;
}

/**
 * The run summary's options cards: writers liquidated, what hedgers and insurers sold net over the
 * run (the same figure the panel shows "so far" at the last step), peak IV.
 */
export function optionsCards(run: RunView): OptionsCard[] {
  const o = run.options;
  if (!o) return [];
  const cards: OptionsCard[] = [];
  if (o.hasWriters)
    cards.push({
      key: 'writersLiquidated',
      label: 'Writers liquidated',
      slug: 'naked-call-writing',
      text: fmtCount(o.totals.writersLiquidated),
    });
  if (o.hasDealers)
    cards.push({
      key: 'hedgingSold',
      label: 'Dealers’ hedging, net',
      slug: 'delta-hedging',
      text: flowText(o.totals.hedgingSoldUsd, run.units.numeraire),
    });
  if (o.hasInsurers)
    cards.push({
      key: 'insuranceSold',
      label: 'Insurers, net',
      slug: 'portfolio-insurance',
      text: flowText(o.totals.insuranceSoldUsd, run.units.numeraire),
    });
  cards.push({
    key: 'peakIv',
    label: 'Peak ATM IV',
    slug: 'implied-volatility-feedback',
    text: fmtPct(o.totals.peakAtmIv, 0),
  });
  return cards;
}

/** The simulated drawdown of a run (0.3 = −30%), from its summary; NaN when absent. */
export function simulatedDrawdown(run: RunView): number {
  const d = run.summary['drawdown'];
  const v = d !== null && typeof d === 'object' ? (d as Record<string, unknown>)['simulated'] : undefined;
  return typeof v === 'number' && Number.isFinite(v) ? v : NaN;
}
