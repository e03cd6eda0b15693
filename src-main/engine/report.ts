/**
 * What a run reports (MODEL.md §8): waves, the summary and the readable event log. Metrics are
 * reporter functions over a finished simulation, not side effects buried in the step.
 */
import { capitalEfficiencyOf } from './margin-model.ts';
import type { BasketWeight } from './basket.ts';
import type { Design } from './design.ts';
import type { SimulationResult, StepEvent } from './simulate.ts';
import { fmtUnits, fmtUsd } from './format.ts';
import { PAGE } from './paged-column.ts';
import { recordColumnsOf } from './simulation/record-columns.ts';
import { waveGapSteps } from './simulation/wave-tally.ts';
import { summarizeInsolvency } from './simulation/reporters/insolvency.ts';
import { WAVE_GAP_SECONDS } from './simulation/types.ts';
import type { InsolvencySummary } from './simulation/reporters/insolvency.ts';

export interface Wave {
  index: number;
  startStep: number;
  endStep: number;
  /** ISO times of the first and last step with liquidation activity. */
  start: string;
  end: string;
  /** Oracle price at the wave's first step. */
  triggerPrice: number;
  accounts: number;
  liquidations: number;
  /** Market value of the collateral sent to liquidation during the wave, USD. */
  collateralSoldUsd: number;
  /**
   * Share of the wave's price drop that disappears in the same run with the forced flows' impact
   * switched off from the wave's start (attribution.ts), in [0, 1]; 0 when the price did not fall.
   * 0 as well, with `shareMeasured` false, for a wave the bounded attribution did not measure.
   */
  endogenousShare: number;
  /** Whether `endogenousShare` was measured by a counterfactual pass (attribution.ts). */
  shareMeasured: boolean;
  /** Bad debt realised by the auctions and sales that started in this wave, USD. */
  badDebtUsd: number;
}

/**
 * Backstops and margin dynamics of a run (0, or −1 for a step, where the design has none: the thing
 * never happened).
 */
export interface BackstopSummary {
  /** Debt the stability pool absorbed, and debt redistributed to other accounts once it was empty. */
  poolAbsorbedUsd: number;
  redistributedDebtUsd: number;
  /** Liquidation fees paid into the insurance fund, what it paid out for negative equity, and the first step it was empty. */
  insuranceFeesUsd: number;
  insurancePaidUsd: number;
  fundExhaustedStep: number;
  /** Auto-deleveraging: positions cut, notional at bankruptcy prices, unrealised profit taken, first step. */
  adlAccounts: number;
  adlNotionalUsd: number;
  adlHaircutUsd: number;
  firstAdlStep: number;
  /** Positions the backstop vault took over, and their notional at the oracle price. */
  vaultTakeovers: number;
  vaultTakeoverUsd: number;
  /** Collateral the pool or vault sold back into the market (the `backstop` flow), USD. */
  backstopSoldUsd: number;
  breakerTrips: number;
  /** Steps with liquidations paused by the circuit breaker. */
  pausedSteps: number;
  /** Highest liquidation ratio in force (volatility-scaled margin or a margin breaker), ×. */
  peakRequiredRatio: number;
  shortsLiquidated: number;
  /** Positions opened at the design's minimum because history had them below its liquidation ratio. */
  admittedAccounts: number;
}

export interface Summary {
  drawdown: { observed: number; simulated: number; fundamental: number };
  /** Drawdown of the simulated price / drawdown of F (1 = no amplification). */
  amplification: number;
  liquidatedUsd: number;
  accountsLiquidated: number;
  badDebtUsd: number;
  badDebtPctOfDebt: number;
  /**
   * Unrealised bad debt: accounts underwater (debt above their collateral's value) at the oracle and
   * at the market price, at their worst step and at the end (MODEL.md §8).
   */
  insolvency: InsolvencySummary;
  zeroBidAuctions: number;
  /** Zero-bid auctions / settled auctions. */
  zeroBidShare: number;
  zeroBidCollateralUsd: number;
  auctionsSettled: number;
  openAuctionsAtEnd: number;
  /** Numeraire recovered / collateral value at the oracle price when it was sent to liquidation. */
  recoveryRateVsOracle: number;
  marginCalls: { issued: number; answered: number };
  /**
   * What the design lets a borrower or trader do in calm times (max LTV and the leverage it allows),
   * and the LTV still allowed at the run's tightest requirement (a volatility margin or a breaker).
   */
  capitalEfficiency: { maxLtv: number; maxLeverage: number; stressedMaxLtv: number };
  backstops: BackstopSummary;
  keeperIncentivesUsd: number;
  penaltyIncomeUsd: number;
  waterfall: {
    surplusUsedUsd: number;
    debtAuctionUsd: number;
    govTokensMinted: number;
    socialisedUsd: number;
  };
  /** USD sold per source over the run (hedging and insurance are signed: net of their purchases). */
  flowsUsd: {
    liquidation: number;
    auction: number;
    deleverage: number;
    backstop: number;
    hedging: number;
    insurance: number;
    /** Soft liquidation (LLAMMA bands), signed: net of the buy-backs as the price rises. */
    soft: number;
  };
  /**
   * Losses to borrowers from soft liquidation, USD: what the venues paid or charged for the bands'
   * conversions less what the bands received or paid, net of the AMM fees they earned (0 without bands).
   */
  softLiquidationLossUsd: number;
}

/** Maximal peak-to-trough fall of a path, as a fraction (0.5 = −50%). */
export function maxDrawdown(path: ArrayLike<number>): number {
  let peak = -Infinity;
  let worst = 0;
  for (let i = 0; i < path.length; i++) {
    const p = path[i]!;
    if (p > peak) peak = p;
    const dd = 1 - p / peak;
    if (dd > worst) worst = dd;
  }
  return worst;
}

/**
 * Groups steps with liquidation activity into waves (gaps of up to `gapSeconds` quiet): in time, so
 * waves do not change with the step. Their endogenous shares are left unmeasured here:
 * attribution.ts measures them by counterfactual passes.
 */
export function findWaves(run: SimulationResult, gapSeconds = WAVE_GAP_SECONDS): Wave[] {
  const gapSteps = waveGapSteps(run.stepSeconds, gapSeconds);
  const kicks = run.series.liquidations;
  const spans: [number, number][] = [];
  let start = -1;
  let last = -1;
  for (let t = 0; t < run.steps; t++) {
    if (kicks[t]! <= 0) continue;
    if (start < 0) start = t;
    else if (t - last > gapSteps + 1) {
      spans.push([start, last]);
      start = t;
    }
    last = t;
  }
  if (start >= 0) spans.push([start, last]);

  const waveOfStep = new Int32Array(run.steps).fill(-1);
  spans.forEach(([a, b], w) => {
    for (let t = a; t <= b; t++) waveOfStep[t] = w;
  });
  const { accounts, bad, liqs } = waveRecordSums(run, waveOfStep, spans.length, gapSteps);
  // Market-sale bad debt (accounts emptied by a liquidator) is booked at the liquidation's step.
  const badSeries = run.series.badDebtUsd;
  if (recordColumnsOf(run).auctions.size === 0) {
    for (let t = 0; t < run.steps; t++) {
      const w = waveOfStep[t]!;
      if (w < 0) continue;
      bad[w]! += badSeries[t]! - (t > 0 ? badSeries[t - 1]! : 0);
    }
  }

  return spans.map(([a, b], w) => {
    let usd = 0;
    for (let t = a; t <= b; t++) usd += run.series.collateralLiquidatedUsd[t]!;
    return {
      index: w + 1,
      startStep: a,
      endStep: b,
      start: isoAt(run, a),
      end: isoAt(run, b),
      triggerPrice: run.series.oracle[a]!,
      accounts: accounts[w]!,
      liquidations: liqs[w]!,
      collateralSoldUsd: usd,
      endogenousShare: 0,
      shareMeasured: false,
      badDebtUsd: bad[w]!,
    };
  });
}

/**
 * Per wave: distinct accounts liquidated, liquidations, and the shortfall of auctions kicked in it,
 * read from the run's record columns (no record objects). The first two are the counts the pass
 * made as it logged (wave-tally.ts) when it made them for these waves; otherwise, as liquidations
 * are logged in step order, an account seen in the current wave is marked with the wave's number.
 */
function waveRecordSums(run: SimulationResult, waveOfStep: Int32Array, waves: number, gapSteps: number) {
  const { liquidations: l, auctions: a, waves: counted } = recordColumnsOf(run);
  const accounts = new Float64Array(waves);
  const bad = new Float64Array(waves);
  const liqs = new Float64Array(waves);
  for (let p = 0; p * PAGE < a.size; p++) {
    const kicks = a.kickStep.page(p);
    const shortfalls = a.shortfallUsd.page(p);
    const n = Math.min(PAGE, a.size - p * PAGE);
    for (let j = 0; j < n; j++) {
      const w = waveOfStep[kicks[j]!]!;
      if (w >= 0) bad[w]! += shortfalls[j]!;
    }
  }
  if (counted && counted.gapSteps === gapSteps && counted.accounts.length === waves) {
    for (let w = 0; w < waves; w++) {
      accounts[w] = counted.accounts[w]!;
      liqs[w] = counted.liquidations[w]!;
    }
    return { accounts, bad, liqs };
  }
  // Read a page at a time (the columns of one record table share their page boundaries).
  let maxAccount = -1;
  for (let p = 0; p * PAGE < l.size; p++) {
    const ids = l.account.page(p);
    const n = Math.min(PAGE, l.size - p * PAGE);
    for (let j = 0; j < n; j++) if (ids[j]! > maxAccount) maxAccount = ids[j]!;
  }
  const seenIn = new Int32Array(maxAccount + 1);
  for (let p = 0; p * PAGE < l.size; p++) {
    const ids = l.account.page(p);
    const steps = l.step.page(p);
    const n = Math.min(PAGE, l.size - p * PAGE);
    for (let j = 0; j < n; j++) {
      const w = waveOfStep[steps[j]!]!;
      if (w < 0) continue;
      const acc = ids[j]!;
      if (seenIn[acc] !== w + 1) {
        seenIn[acc] = w + 1;
        accounts[w]!++;
      }
      liqs[w]!++;
    }
  }
  return { accounts, bad, liqs };
}

export function isoAt(run: { startSec: number; stepSeconds: number }, step: number): string {
  return new Date((run.startSec + step * run.stepSeconds) * 1000).toISOString().replace('.000Z', 'Z');
}

/** `basket`: the population's collateral (collateralBasket), for the capital efficiency of haircuts. */
export function summarize(
  run: SimulationResult,
  design: Design,
  observedLog: Float64Array,
  basket?: readonly BasketWeight[],
): Summary {
  const T = run.totals;
  const observed = Array.from(observedLog, (x) => Math.exp(x));
  const dSim = maxDrawdown(run.series.price);
  const dF = maxDrawdown(run.series.fundamental);
  const sum = (a: Float64Array): number => a.reduce((s, x) => s + x, 0);
  return {
    drawdown: { observed: maxDrawdown(observed), simulated: dSim, fundamental: dF },
    amplification: dF > 0 ? dSim / dF : 1,
    liquidatedUsd: T.liquidatedUsd,
    accountsLiquidated: T.accountsLiquidated,
    badDebtUsd: T.badDebt,
    badDebtPctOfDebt: T.initialDebt > 0 ? (100 * T.badDebt) / T.initialDebt : 0,
    insolvency: summarizeInsolvency(run.series),
    zeroBidAuctions: T.zeroBidAuctions,
    zeroBidShare: T.auctionsSettled > 0 ? T.zeroBidAuctions / T.auctionsSettled : 0,
    zeroBidCollateralUsd: T.zeroBidCollateralUsd,
    auctionsSettled: T.auctionsSettled,
    openAuctionsAtEnd: T.openAuctionsAtEnd,
    recoveryRateVsOracle: T.oracleValueAtKickUsd > 0 ? T.proceedsUsd / T.oracleValueAtKickUsd : 1,
    marginCalls: { issued: T.callsIssued, answered: T.callsAnswered },
    capitalEfficiency: {
      ...capitalEfficiencyOf(design, undefined, basket),
      stressedMaxLtv: capitalEfficiencyOf(design, T.peakRequiredRatio, basket).maxLtv,
    },
    backstops: {
      poolAbsorbedUsd: T.poolAbsorbedUsd,
      redistributedDebtUsd: T.redistributedDebtUsd,
      insuranceFeesUsd: T.insuranceFees,
      insurancePaidUsd: T.insurancePaid,
      fundExhaustedStep: T.fundExhaustedStep,
      adlAccounts: T.adlAccounts,
      adlNotionalUsd: T.adlNotionalUsd,
      adlHaircutUsd: T.adlHaircutUsd,
      firstAdlStep: T.firstAdlStep,
      vaultTakeovers: T.vaultTakeovers,
      vaultTakeoverUsd: T.vaultTakeoverUsd,
      backstopSoldUsd: sum(run.series.flows.backstop),
      breakerTrips: T.breakerTrips,
      pausedSteps: T.pausedSteps,
      peakRequiredRatio: T.peakRequiredRatio,
      shortsLiquidated: T.shortsLiquidated,
      admittedAccounts: T.admittedAccounts,
    },
    keeperIncentivesUsd: T.keeperIncentives,
    penaltyIncomeUsd: T.penaltyIncome,
    waterfall: {
      surplusUsedUsd: T.surplusUsed,
      debtAuctionUsd: T.debtAuction,
      govTokensMinted: T.govTokensMinted,
      socialisedUsd: T.socialised,
    },
    flowsUsd: {
      liquidation: sum(run.series.flows.liquidation),
      auction: sum(run.series.flows.auction),
      deleverage: sum(run.series.flows.deleverage),
      backstop: sum(run.series.flows.backstop),
      hedging: sum(run.series.flows.hedging),
      insurance: sum(run.series.flows.insurance),
      soft: sum(run.series.flows.soft),
    },
    softLiquidationLossUsd: T.softLiquidationLossUsd,
  };
}

export interface LogLine {
  step: number;
  time: string;
  kind: StepEvent['kind'] | 'wave';
  text: string;
}

/** The words of a scenario's market (MODEL.md §8: the log must read right for the market it shows). */
export interface LogVocabulary {
  /** What amounts and prices are counted in ('USD' keeps the engine's "$"). */
  numeraire: string;
  /** Off-chain markets (an exchange, 1987's NYSE) have no gas and no keepers to tell about. */
  onChain: boolean;
  /** Whether gas is part of the story (on-chain markets whose fees are modelled). */
  gas?: boolean;
  /** Who liquidates there, for lines that would name keepers. */
  liquidators: string;
}

/**
 * Rewrites a step's event text for its market: amounts in the numeraire, and no gas or keeper
 * clauses where the market has none. (The step pipeline writes one text for every market; a
 * structured event would let it say the right thing in the first place.)
 */
export function localizeEventText(text: string, v: LogVocabulary): string {
  let out = text;
  if (!v.onChain || v.gas === false) {
    out = out.replace(
      /; (\d+) of (\d+) keepers can transact at [\d.]+ gwei/g,
      v.onChain ? `; $1 of $2 ${v.liquidators} can act` : '',
    );
  }
  if (!v.onChain) {
    out = out
      .replace(/no keeper transaction lands at [\d.]+ gwei/g, `no ${v.liquidators} can act`)
      .replace(/ gave up waiting for gas below their limit \([\d.]+ gwei now\)/g, ' gave up waiting');
  }
  if (v.numeraire !== 'USD') {
    out = out.replace(
      /(\u2212|-)?\$([\d.,]+(?:[kMB])?)/g, // \u2212 is the minus sign (the bundle stays ASCII)
      (_m, sign: string | undefined, n: string) => `${sign ?? ''}${n} ${v.numeraire}`,
    );
  }
  return out;
}

/** The readable event log: one line per step that had anything to say, waves marked. */
export function eventLog(
  run: SimulationResult,
  waves: Wave[],
  vocabulary: LogVocabulary = { numeraire: 'USD', onChain: true, liquidators: 'keepers' },
): LogLine[] {
  const say = (text: string) => localizeEventText(text, vocabulary);
  const lines: LogLine[] = [];
  let w = 0;
  let e = 0;
  const events = run.events;
  for (let t = 0; t < run.steps; t++) {
    const wave = waves[w];
    // The step's time, formatted once for all its lines.
    let time = '';
    const at = (): string => (time ||= isoAt(run, t));
    if (wave && wave.startStep === t) {
      lines.push({
        step: t,
        time: at(),
        kind: 'wave',
        text: say(`wave ${wave.index} begins: oracle at ${fmtUsd(wave.triggerPrice)}`),
      });
    }
    const parts: string[] = [];
    while (e < events.length && events[e]!.step === t) {
      const ev = events[e++]!;
      lines.push({ step: t, time: at(), kind: ev.kind, text: say(ev.text) });
      parts.push(ev.text);
    }
    if (wave && wave.endStep === t) {
      lines.push({
        step: t,
        time: at(),
        kind: 'wave',
        text: say(
          `wave ${wave.index} ends: ${wave.accounts} accounts, ${fmtUsd(wave.collateralSoldUsd)} of collateral, ${shareText(wave)}, bad debt ${fmtUsd(wave.badDebtUsd)}`,
        ),
      });
      w++;
    }
  }
  return lines;
}

/** A wave's endogenous share in words, or that it was not measured. */
export function shareText(wave: Pick<Wave, 'endogenousShare' | 'shareMeasured'>): string {
  return wave.shareMeasured
    ? `${Math.round(wave.endogenousShare * 100)}% of the drop endogenous (against the run without the feedback)`
    : 'endogenous share not measured (not among the waves attributed)';
}

export { fmtUnits, fmtUsd };
export type { InsolvencySummary };
