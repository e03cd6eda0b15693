/**
 * What a run's backstops and margin did, for the replay's "Backstops & margin" chart, its metric
 * cards and the Compare table: which balances to draw, where the circuit breaker was tripped, where
 * auto-deleveraging hit, and the totals worth a card for the design's mechanisms.
 */
import type { RunView } from './contract.ts';
import { fmtCount, fmtMoney, fmtRatio } from './format.ts';
import { maxOf, minOf } from './series.ts';

export type BalanceKey = 'poolDepositsUsd' | 'backstopHoldingsUsd' | 'insuranceFundUsd' | 'vaultEquityUsd';

export const BALANCES: readonly { key: BalanceKey; label: string }[] = [
  { key: 'poolDepositsUsd', label: 'Pool deposits' },
  { key: 'backstopHoldingsUsd', label: 'Backstop holdings' },
  { key: 'insuranceFundUsd', label: 'Insurance fund' },
  { key: 'vaultEquityUsd', label: 'Vault equity' },
];

/** The balances the run ever held (a lending run under an auction design has none). */
export function balancesOf(run: RunView): BalanceKey[] {
  return BALANCES.filter((b) => maxOf(run.series[b.key]) > 0).map((b) => b.key);
}

/** Whether the liquidation ratio in force moved during the run (volatility-scaled margin, margin breaker). */
export function ratioMoves(run: RunView): boolean {
  const r = run.series.requiredRatio;
  return r.length > 0 && maxOf(r) - minOf(r) > 1e-9;
}

/** [from, to) step ranges during which the circuit breaker was tripped. */
export function breakerBands(run: RunView): [number, number][] {
  const a = run.series.breakerActive;
  const out: [number, number][] = [];
  let start = -1;
  for (let t = 0; t < a.length; t++) {
    if (a[t]! > 0 && start < 0) start = t;
    else if (!(a[t]! > 0) && start >= 0) {
      out.push([start, t]);
      start = -1;
    }
  }
  if (start >= 0) out.push([start, a.length]);
  return out;
}

/** Steps with auto-deleveraging, and what was cut there. */
export function adlSteps(run: RunView): { step: number; accounts: number; notionalUsd: number }[] {
  const n = run.series.adlNotionalUsd;
  const out: { step: number; accounts: number; notionalUsd: number }[] = [];
  for (let t = 0; t < n.length; t++)
    if (n[t]! > 0 || run.series.adlAccounts[t]! > 0)
      out.push({ step: t, accounts: run.series.adlAccounts[t]!, notionalUsd: n[t]! });
  return out;
}

/** Whether the replay shows the "Backstops & margin" chart: the run has a balance, a breaker or a moving ratio. */
export function hasBackstopChart(run: RunView): boolean {
  return (
    balancesOf(run).length > 0 ||
    breakerBands(run).length > 0 ||
    ratioMoves(run) ||
    adlSteps(run).length > 0 ||
    run.mechanism.circuitBreaker ||
    run.mechanism.margin === 'volatility-scaled'
  );
}

export interface MechanismCard {
  key: string;
  label: string;
  slug: string;
  text: string;
}

/**
 * Metric cards for the mechanisms the run's design uses (or that acted anyway): what soft
 * liquidation cost the borrowers, what the pool absorbed, what the insurance fund paid, how much was auto-deleveraged, how often the breaker
 * tripped, how high margins went.
 */
export function mechanismCards(run: RunView): MechanismCard[] {
  const b = run.summary.backstops;
  const m = run.mechanism;
  const cards: MechanismCard[] = [];
  const money = (x: number) => fmtMoney(x, run.units.numeraire);
  const softLoss = run.summary.softLiquidationLossUsd ?? 0;
  if (m.liquidation === 'soft-liquidation' || softLoss !== 0)
    cards.push({
      key: 'softLoss',
      label: 'Borrowers’ soft-liquidation losses',
      slug: 'soft-liquidation',
      text: money(softLoss),
    });
  if (m.liquidation === 'stability-pool' || b.poolAbsorbedUsd > 0) {
    cards.push({
      key: 'poolAbsorbed',
      label: 'Pool absorbed',
      slug: 'stability-pool',
      text: money(b.poolAbsorbedUsd),
    });
    if (b.redistributedDebtUsd > 0)
      cards.push({
        key: 'redistributed',
        label: 'Redistributed',
        slug: 'redistribution',
        text: money(b.redistributedDebtUsd),
      });
  }
  if (m.liquidation === 'exchange-close' || b.insurancePaidUsd > 0 || b.insuranceFeesUsd > 0) {
    cards.push({
      key: 'insurancePaid',
      label: 'Insurance paid',
      slug: 'insurance-fund',
      text: money(b.insurancePaidUsd),
    });
    cards.push({
      key: 'adlNotional',
      label: 'ADL notional',
      slug: 'auto-deleveraging',
      text: money(b.adlNotionalUsd),
    });
  }
  if (b.shortsLiquidated > 0)
    cards.push({
      key: 'shortsLiquidated',
      label: 'Shorts liquidated',
      slug: 'liquidation-cascade',
      text: fmtCount(b.shortsLiquidated),
    });
  if (m.backstopVault || b.vaultTakeovers > 0)
    cards.push({
      key: 'vaultTakeovers',
      label: 'Vault takeovers',
      slug: 'backstop-vault',
      text: fmtCount(b.vaultTakeovers),
    });
  if (m.circuitBreaker || b.breakerTrips > 0)
    cards.push({
      key: 'breakerTrips',
      label: 'Breaker trips',
      slug: 'circuit-breaker',
      text: fmtCount(b.breakerTrips),
    });
  if (m.margin === 'volatility-scaled' || ratioMoves(run))
    cards.push({
      key: 'peakRatio',
      label: 'Peak margin',
      slug: 'volatility-scaled-margin',
      text: fmtRatio(b.peakRequiredRatio),
    });
  return cards;
}
