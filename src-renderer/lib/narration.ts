/**
 * "What is happening now": a plain-language account of the step under the cursor and of the wave it
 * belongs to, built from the run's series and its event log (never from anything the run did not
 * record).
 */
import type { LogLineView, RunView, WaveView } from './contract.ts';
import {
  displayPrice,
  fmtClock,
  fmtCount,
  fmtMoney,
  fmtPct,
  fmtPrice,
  priceUnit,
  fmtRatio,
  stepTimeSec,
} from './format.ts';

/** An amount of the run's numeraire (USD, or ETH for stETH, DAI for Compound 2020). */
const money = (run: RunView, x: number): string => fmtMoney(x, run.units.numeraire);
/** A price as users read it (Compound 2020: DAI's dollar price, the inverse of the engine's). */
const price = (run: RunView, p: number): string => {
  return fmtPrice(displayPrice(p, run.units), priceUnit(run.units));
};
import { latestWave, nextWave, waveAt } from './waves.ts';
import { describeOptionLoops } from './options.ts';

/** Index of the first log line whose step is ≥ `step` (the log is sorted by step). */
export function firstLineAtOrAfter(log: readonly LogLineView[], step: number): number {
  let lo = 0;
  let hi = log.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (log[mid]!.step < step) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The log lines of exactly this step. */
export function linesAt(log: readonly LogLineView[], step: number): LogLineView[] {
  const out: LogLineView[] = [];
  for (let i = firstLineAtOrAfter(log, step); i < log.length && log[i]!.step === step; i++) out.push(log[i]!);
  return out;
}

/** The last `n` log lines at or before `step`, oldest first. */
export function recentLines(log: readonly LogLineView[], step: number, n: number): LogLineView[] {
  const end = firstLineAtOrAfter(log, step + 1);
  return log.slice(Math.max(0, end - n), end);
}

/** Sorts a log by step, keeping the order of lines within a step (the host sends it sorted; this is a guard). */
export function sortLog(log: readonly LogLineView[]): LogLineView[] {
  for (let i = 1; i < log.length; i++) {
    if (log[i]!.step < log[i - 1]!.step)
      return log
        .map((l, k) => [l, k] as const)
        .sort((a, b) => a[0].step - b[0].step || a[1] - b[1])
        .map(([l]) => l);
  }
  return log as LogLineView[];
}

export interface Narration {
  /** "14:32 UTC, step 872 of 2,881". */
  when: string;
  /** Market, oracle, keepers and auctions in one or two sentences. */
  situation: string;
  /** Runs with options: the loops at work this step (dealers, insurers, writers, implied vol). */
  loops: string[];
  /** The wave the cursor is in (or the last one), explained; null before the first wave. */
  wave: string | null;
  /** The log lines of this step; empty on a quiet step. */
  now: LogLineView[];
  /** Recent lines for context (up to the cursor). */
  recent: LogLineView[];
}

function describeShare(share: number): string {
  if (share >= 0.5) return 'mostly endogenous: liquidations themselves pushed the price down';
  if (share >= 0.15) return 'partly endogenous: liquidation selling added to a falling market';
  return 'mostly exogenous: the market fell on its own and liquidations followed';
}

export function describeWave(run: RunView, wave: WaveView, inside: boolean): string {
  const n = run.waves.length;
  const span = `${fmtClock(stepTimeSec(run, wave.startStep))}–${fmtClock(stepTimeSec(run, wave.endStep))}`;
  // WaveView.index counts from 1, as the event log does ("wave 2 begins").
  const head = inside
    ? `Wave ${wave.index} of ${n} (${span}) is under way.`
    : `Last wave: ${wave.index} of ${n} (${span}).`;
  const what = `It began when the oracle reached ${price(run, wave.triggerPrice)}: ${fmtCount(wave.accounts)} ${
    wave.accounts === 1 ? 'account' : 'accounts'
  }, ${fmtCount(wave.liquidations)} ${wave.liquidations === 1 ? 'liquidation' : 'liquidations'}, ${money(run, wave.collateralSoldUsd)} of collateral sent to sale.`;
  const why = wave.shareMeasured
    ? `Endogenous share ${fmtPct(wave.endogenousShare, 0)} — ${describeShare(wave.endogenousShare)} (against the same run with the liquidation sales' price impact switched off from the wave's start).`
    : 'Its endogenous share was not measured (only the largest waves get a counterfactual run).';
  const debt =
    wave.badDebtUsd > 0 ? ` Its auctions and sales left ${money(run, wave.badDebtUsd)} of bad debt.` : '';
  return `${head} ${what} ${why}${debt}`;
}

/** Soft liquidation at step t: what the bands' conversions put on the market this step and so far (net). */
function describeBands(run: RunView, t: number): string {
  const soft = run.series.flows.soft;
  let net = 0;
  for (let i = 0; i <= t && i < soft.length; i++) net += soft[i]!;
  const now = soft[t] ?? 0;
  const step =
    now > 0
      ? `this step they sold ${money(run, now)} through arbitrageurs`
      : now < 0
        ? `this step they bought back ${money(run, -now)}`
        : 'nothing converted this step';
  const sofar =
    net >= 0 ? `${money(run, net)} sold net so far` : `${money(run, -net)} bought back net so far`;
  return `Soft liquidation (bands): ${step}; ${sofar}.`;
}

/** The backstops and margin at step t, in words: only what the run's design has. */
export function describeBackstops(run: RunView, t: number): string[] {
  const s = run.series;
  const m = run.mechanism;
  const out: string[] = [];
  if ((s.breakerActive[t] ?? 0) > 0) out.push('The circuit breaker is tripped.');
  const ratio = s.requiredRatio[t] ?? run.liquidationRatio;
  if (Math.abs(ratio - run.liquidationRatio) > 1e-9)
    out.push(
      `Liquidation ratio in force ${fmtRatio(ratio)} (base ${fmtRatio(run.liquidationRatio)}): ${
        ratio > run.liquidationRatio ? 'margins have risen' : 'margins are relaxed'
      }.`,
    );
  if (m.liquidation === 'stability-pool') {
    const holdings = s.backstopHoldingsUsd[t] ?? 0;
    out.push(
      `Stability pool: ${money(run, s.poolDepositsUsd[t] ?? 0)} of deposits${
        holdings > 0 ? `, ${money(run, holdings)} of collateral still to sell` : ''
      }.`,
    );
  }
  if (m.liquidation === 'soft-liquidation') out.push(describeBands(run, t));
  if (m.liquidation === 'exchange-close') {
    const fund = s.insuranceFundUsd[t] ?? 0;
    out.push(fund > 0 ? `Insurance fund ${money(run, fund)}.` : 'The insurance fund is empty.');
    if (m.backstopVault) out.push(`Backstop vault equity ${money(run, s.vaultEquityUsd[t] ?? 0)}.`);
    const adl = s.adlAccounts[t] ?? 0;
    if (adl > 0)
      out.push(
        `${fmtCount(adl)} ${adl === 1 ? 'position' : 'positions'} auto-deleveraged (${money(run, s.adlNotionalUsd[t] ?? 0)}).`,
      );
  }
  return out;
}

export function narrate(run: RunView, step: number): Narration {
  const s = run.series;
  const t = Math.min(Math.max(0, step), run.steps - 1);
  const when = `${fmtClock(stepTimeSec(run, t))} UTC, step ${fmtCount(t + 1)} of ${fmtCount(run.steps)}`;
  const market = s.price[t] ?? NaN;
  const oracle = s.oracle[t] ?? NaN;
  const start = s.price[0] ?? market;
  const parts: string[] = [];
  const change = displayPrice(market, run.units) / displayPrice(start, run.units) - 1;
  const changeText =
    Math.abs(change) < 0.0005 ? 'unchanged' : `${change < 0 ? '−' : '+'}${fmtPct(Math.abs(change))}`;
  parts.push(`Market ${price(run, market)} (${changeText} since the start).`);
  if ((s.observedKind[t] ?? 1) === 2)
    parts.push('The exchange is closed: the price holds at the last close.');
  const gap = oracle / market - 1;
  if (Math.abs(gap) >= 0.01) {
    parts.push(
      `The oracle says ${price(run, oracle)}, ${fmtPct(Math.abs(gap))} ${gap > 0 ? 'above' : 'below'} the market${
        gap > 0 ? ': liquidations lag the fall' : ''
      }.`,
    );
  } else parts.push(`The oracle (${price(run, oracle)}) tracks the market.`);
  if ((s.oracleBlocked[t] ?? 0) > 0) parts.push('Oracle feeds cannot post: the price is stale.');
  // Gas and keepers only where the market has them (not on an exchange's own engine, not in 1987).
  const gas = s.gasGwei[t];
  const keepers = s.activeKeepers[t];
  if (run.market.kind === 'on-chain' && keepers !== undefined) {
    const gasText = run.market.gas !== false && gas !== undefined ? `Gas ${gas.toFixed(0)} gwei; ` : '';
    parts.push(`${gasText}${fmtCount(keepers)} ${run.market.liquidators} can transact.`);
  }
  const open = s.openAuctions[t] ?? 0;
  if (open > 0)
    parts.push(
      `${fmtCount(open)} auctions open, holding ${money(run, s.collateralInAuctionsUsd[t] ?? 0)} of collateral.`,
    );
  const bad = s.badDebtUsd[t] ?? 0;
  if (bad > 0) parts.push(`Bad debt so far ${money(run, bad)}.`);
  parts.push(...describeBackstops(run, t));

  const inWave = waveAt(run.waves, t);
  const last = inWave ?? latestWave(run.waves, t);
  let wave: string | null = last ? describeWave(run, last, inWave !== null) : null;
  if (!inWave) {
    const next = nextWave(run.waves, t);
    const hint = next ? ` Next wave at ${fmtClock(stepTimeSec(run, next.startStep))} (press ] to jump).` : '';
    wave = wave ? `${wave}${hint}` : `No wave yet.${hint}`;
  }
  return {
    when,
    situation: parts.join(' '),
    loops: describeOptionLoops(run, t),
    wave,
    now: linesAt(run.log, t),
    recent: recentLines(run.log, t, 6),
  };
}
