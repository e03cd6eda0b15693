/**
 * The invariants of MODEL.md §9, checked against a live simulation state (tests call this from
 * `onStep`). Floats are compared with a tolerance scaled to the quantities involved.
 */
import { STATUS_ACTIVE } from './accounts.ts';
import type { LiveState } from './simulate.ts';

export interface InvariantViolation {
  step: number;
  invariant: string;
  detail: string;
}

/** Returns the violated invariants at this step (empty when all hold). O(accounts). */
export function checkInvariants(s: LiveState, relTol = 1e-9): InvariantViolation[] {
  const out: InvariantViolation[] = [];
  const a = s.accounts;
  let coll = 0;
  let debt = 0;
  let underwater = 0;
  let gap = 0;
  const held = s.heldForAccountsUsd;
  for (let i = 0; i < a.count; i++) {
    const c = a.collateral[i]!;
    const d = a.debt[i]!;
    const r = a.reserve[i]!;
    if (!Number.isFinite(c) || !Number.isFinite(d) || !Number.isFinite(r) || c < 0 || d < 0 || r < 0) {
      out.push({
        step: s.step,
        invariant: 'no NaN or negative balance',
        detail: `account ${i}: collateral ${c}, debt ${d}, reserve ${r}`,
      });
      break;
    }
    coll += c;
    debt += d;
    const h = held === null ? 0 : held[i]!;
    // Underwater by the recorded reading's rule (reporters/insolvency.ts): a gap of at least half a
    // mill ($0.0005), so a gap of a rounding error (1e-9 USD) counts as nothing owed on either side.
    const g = d - h - c * s.oracle;
    if (a.status[i] === STATUS_ACTIVE && d > 0 && Math.round(g * 1000) > 0) {
      underwater++;
      gap += g;
    }
  }
  out.push(...checkInsolvency(s, debt, underwater, gap, relTol));
  const T = s.totals;
  // Collateral in the stability pool or backstop vault is the protocol's until it is sold.
  const collLhs = coll + s.auctionLots + s.backstopUnits + T.collateralOut;
  const collRhs = T.initialCollateral + T.topUps;
  if (Math.abs(collLhs - collRhs) > relTol * Math.max(1, collRhs) * 1e3) {
    out.push({
      step: s.step,
      invariant: 'collateral conserved (accounts + auctions + pools + sold = initial + top-ups)',
      detail: `${collLhs} vs ${collRhs}`,
    });
  }
  // Debt of closes still settling (tiered slices) is outstanding; shorts' losses are not the longs' debt.
  const debtLhs = debt + s.auctionDebt + s.pendingDebt + T.repaid + T.badDebt - T.shortsBadDebt;
  if (Math.abs(debtLhs - T.initialDebt) > relTol * Math.max(1, T.initialDebt) * 1e3) {
    out.push({
      step: s.step,
      invariant: 'initial debt = outstanding + repaid + bad debt',
      detail: `${debtLhs} vs ${T.initialDebt}`,
    });
  }
  for (const p of [...s.prices, s.oracle, s.surplus, s.insuranceFund, s.poolDeposits, s.backstopUnits]) {
    if (!Number.isFinite(p) || p < 0) {
      out.push({ step: s.step, invariant: 'no NaN or negative price or fund', detail: String(p) });
      break;
    }
  }
  if (s.derivatives) {
    // Option writers' collateral ledgers (asset units and USD) balance, and no balance is negative.
    if (!(s.derivatives.conservationError < 1e-9)) {
      out.push({
        step: s.step,
        invariant: 'option collateral conserved',
        detail: `relative error ${s.derivatives.conservationError}`,
      });
    }
    if (!(s.derivatives.minBalance >= -1e-9)) {
      out.push({
        step: s.step,
        invariant: 'no negative option balance',
        detail: String(s.derivatives.minBalance),
      });
    }
  }
  if (
    s.auctionLots < -1e-9 * Math.max(1, T.initialCollateral) ||
    s.auctionDebt < -1e-6 * Math.max(1, T.initialDebt)
  ) {
    out.push({
      step: s.step,
      invariant: 'auction balances ≥ 0',
      detail: `lots ${s.auctionLots}, debt ${s.auctionDebt}`,
    });
  }
  return out;
}

/**
 * Insolvency as recorded (MODEL.md §8) against a recount from the accounts at the oracle price:
 * the same accounts and shortfall; at either price the shortfall is ≥ 0, at most the debt outstanding,
 * and zero exactly when no account is underwater.
 */
function checkInsolvency(
  s: LiveState,
  outstandingDebt: number,
  underwater: number,
  gap: number,
  relTol: number,
): InvariantViolation[] {
  const r = s.insolvency;
  const out: InvariantViolation[] = [];
  const tol = relTol * Math.max(1, outstandingDebt) * 1e3;
  if (r.accountsAtOracle !== underwater || Math.abs(r.shortfallAtOracleUsd - gap) > tol) {
    out.push({
      step: s.step,
      invariant: 'insolvency recorded = recount at the oracle price',
      detail: `${r.accountsAtOracle} accounts, ${r.shortfallAtOracleUsd} USD vs ${underwater}, ${gap}`,
    });
  }
  const pairs: [number, number][] = [
    [r.accountsAtOracle, r.shortfallAtOracleUsd],
    [r.accountsAtMarket, r.shortfallAtMarketUsd],
  ];
  for (const [n, usd] of pairs) {
    if (!(usd >= 0) || usd > outstandingDebt + tol || (n === 0) !== (usd === 0)) {
      out.push({
        step: s.step,
        invariant: '0 ≤ unrealised bad debt ≤ debt outstanding, 0 exactly when no account is underwater',
        detail: `${n} accounts, ${usd} USD, outstanding ${outstandingDebt}`,
      });
    }
  }
  return out;
}
