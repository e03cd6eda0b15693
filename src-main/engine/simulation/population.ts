/**
 * The population as a design finds it at the start of a run: cross-margined perpetuals back their
 * positions with the owner's free balance, and positions history opened below this design's
 * liquidation ratio are admitted at its minimum. Also the run's books at zero.
 */
import type { Accounts } from '../accounts.ts';
import type { Basket } from '../basket.ts';
import type { Design } from '../design.ts';
import type { Totals } from './types.ts';
import { asDoubles } from '../double-fields.ts';

/**
 * Cross margin: the owner's free balance (its reserve) backs the position from the start, and is lost
 * with it. Same-asset margin adds the reserve to the collateral; numeraire margin lowers the debt (to at
 * least 5% of it).
 */
export function applyCrossMargin(acc: Accounts, sameAssetPerps: boolean, P0: number): void {
  for (let i = 0; i < acc.count; i++) {
    const r = acc.reserve[i]!;
    if (r <= 0) continue;
    if (sameAssetPerps) acc.collateral[i] = acc.collateral[i]! + r;
    else acc.debt[i] = Math.max(acc.debt[i]! * 0.05, acc.debt[i]! - r * P0);
    acc.reserve[i] = 0;
  }
}

/**
 * Admission: the population comes from history, under the historical design. A position that would
 * be liquidatable at once under this design could not have been opened under it: it is opened at 1%
 * above the design's liquidation ratio instead (more collateral, i.e. less leverage). Returns how many.
 */
export function admitToDesign(
  acc: Accounts,
  design: Design,
  basket: Basket | null,
  P0: number,
  sameAssetPerps: boolean,
): number {
  let admitted = 0;
  const LR0 = design.margin.liquidationRatio;
  const mm = 1 - 1 / LR0;
  /** Effective start value of a collateral unit (a basket's haircuts lower it). */
  const P0e = basket ? P0 * basket.initialEfficiency : P0;
  for (let i = 0; i < acc.count; i++) {
    const d = acc.debt[i]!;
    if (d <= 0) continue;
    const need = sameAssetPerps ? (mm * d) / P0 + (1.01 * d) / P0 : (1.01 * LR0 * d) / P0e;
    const c = acc.collateral[i]!;
    if (c < need && (sameAssetPerps ? c <= ((1 + mm) * d) / P0 : c * P0e < LR0 * d)) {
      acc.collateral[i] = need;
      admitted++;
    }
  }
  return admitted;
}

/** The books' amounts (fractions; counts and steps stay integers): stored as doubles from the start. */
const TOTALS_DOUBLES = [
  'initialCollateral',
  'initialDebt',
  'topUps',
  'collateralOut',
  'repaid',
  'badDebt',
  'penaltyIncome',
  'keeperIncentives',
  'surplusUsed',
  'debtAuction',
  'socialised',
  'govTokensMinted',
  'softLiquidationLossUsd',
  'zeroBidCollateralUsd',
  'liquidatedUsd',
  'proceedsUsd',
  'oracleValueAtKickUsd',
  'poolAbsorbedUsd',
  'redistributedDebtUsd',
  'redistributedCollateral',
  'insuranceFees',
  'insurancePaid',
  'adlNotionalUsd',
  'adlHaircutUsd',
  'vaultTakeoverUsd',
  'returnedEquityUsd',
  'shortsBadDebt',
  'peakRequiredRatio',
] as const;

/** The run's books before the first step. */
export function initialTotals(design: Design, admitted: number): Totals {
  const totals: Totals = {
    initialCollateral: 0,
    initialDebt: 0,
    topUps: 0,
    collateralOut: 0,
    repaid: 0,
    badDebt: 0,
    penaltyIncome: 0,
    keeperIncentives: 0,
    surplusUsed: 0,
    debtAuction: 0,
    socialised: 0,
    govTokensMinted: 0,
    softLiquidationLossUsd: 0,
    firstDeficitStep: -1,
    callsIssued: 0,
    callsAnswered: 0,
    zeroBidAuctions: 0,
    zeroBidCollateralUsd: 0,
    auctionsSettled: 0,
    accountsLiquidated: 0,
    liquidatedUsd: 0,
    proceedsUsd: 0,
    oracleValueAtKickUsd: 0,
    openAuctionsAtEnd: 0,
    poolAbsorbedUsd: 0,
    redistributedDebtUsd: 0,
    redistributedCollateral: 0,
    insuranceFees: 0,
    insurancePaid: 0,
    fundExhaustedStep: -1,
    adlAccounts: 0,
    adlNotionalUsd: 0,
    adlHaircutUsd: 0,
    firstAdlStep: -1,
    vaultTakeovers: 0,
    vaultTakeoverUsd: 0,
    returnedEquityUsd: 0,
    shortsLiquidated: 0,
    admittedAccounts: admitted,
    shortsBadDebt: 0,
    breakerTrips: 0,
    pausedSteps: 0,
    peakRequiredRatio: design.margin.liquidationRatio,
  };
  return asDoubles(totals, TOTALS_DOUBLES);
}
