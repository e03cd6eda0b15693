/**
 * Insolvency beside realised bad debt (MODEL.md §8): the accounts whose debt exceeds the value of
 * their collateral, and by how much ("unrealised bad debt"), valued at the oracle price the protocol
 * acts on and at the market price a sale would fetch. A design that liquidates nothing realises no
 * bad debt; this is what shows it is not safe.
 *
 * An account's equity is collateral · price − debt for every population the engine generates
 * (lending accounts, perpetual longs margined in the asset or in the numeraire: accounts.ts,
 * account-health.ts), so one rule serves all. Observes; never changes state.
 */
import type { Accounts } from '../../accounts.ts';
import { STATUS_ACTIVE } from '../../accounts.ts';

/** Underwater accounts and their shortfall at one step, at the oracle and at the market price. */
export interface InsolvencyReading {
  accountsAtOracle: number;
  shortfallAtOracleUsd: number;
  accountsAtMarket: number;
  shortfallAtMarketUsd: number;
}

/**
 * Reads every active indebted account once: O(accounts), two multiplies per account. `out` is
 * overwritten (reused by the recorder so a step allocates nothing).
 */
export function measureInsolvency(
  acc: Accounts,
  oraclePrice: number,
  marketPrice: number,
  out: InsolvencyReading = emptyReading(),
  /** USD each account holds with the mechanism besides its collateral (soft liquidation's bands), or null. */
  held: Float64Array | null = null,
): InsolvencyReading {
  const { collateral, debt, status } = acc;
  let nO = 0;
  let sO = 0;
  let nM = 0;
  let sM = 0;
  for (let i = 0; i < acc.count; i++) {
    const d = debt[i]!;
    if (d <= 0 || status[i] !== STATUS_ACTIVE) continue;
    const c = collateral[i]!;
    const h = held === null ? 0 : held[i]!;
    const gapO = d - h - c * oraclePrice;
    if (gapO > 0) {
      nO++;
      sO += gapO;
    }
    const gapM = d - h - c * marketPrice;
    if (gapM > 0) {
      nM++;
      sM += gapM;
    }
  }
  out.accountsAtOracle = nO;
  out.shortfallAtOracleUsd = sO;
  out.accountsAtMarket = nM;
  out.shortfallAtMarketUsd = sM;
  return out;
}

export function emptyReading(): InsolvencyReading {
  return { accountsAtOracle: 0, shortfallAtOracleUsd: 0, accountsAtMarket: 0, shortfallAtMarketUsd: 0 };
}

/** Insolvency over a run at one valuation (oracle or market). */
export interface InsolvencyAt {
  /** Most accounts underwater at any step, and that step (−1: never). */
  peakAccounts: number;
  peakAccountsStep: number;
  /** Largest shortfall of the underwater accounts at any step, USD, that step (−1: never), and the accounts underwater then. */
  peakShortfallUsd: number;
  peakShortfallStep: number;
  accountsAtPeakShortfall: number;
  /** Underwater at the run's last step: what liquidations had not resolved by the end. */
  endAccounts: number;
  endShortfallUsd: number;
}

/** The summary of a run's insolvency (MODEL.md §8), from its per-step series. */
export interface InsolvencySummary {
  atOracle: InsolvencyAt;
  atMarket: InsolvencyAt;
}

export function summarizeInsolvency(s: {
  underwaterAccountsOracle: Float64Array;
  underwaterShortfallOracleUsd: Float64Array;
  underwaterAccountsMarket: Float64Array;
  underwaterShortfallMarketUsd: Float64Array;
}): InsolvencySummary {
  return {
    atOracle: insolvencyAt(s.underwaterAccountsOracle, s.underwaterShortfallOracleUsd),
    atMarket: insolvencyAt(s.underwaterAccountsMarket, s.underwaterShortfallMarketUsd),
  };
}

function insolvencyAt(accounts: Float64Array, shortfall: Float64Array): InsolvencyAt {
  const out: InsolvencyAt = {
    peakAccounts: 0,
    peakAccountsStep: -1,
    peakShortfallUsd: 0,
    peakShortfallStep: -1,
    accountsAtPeakShortfall: 0,
    endAccounts: accounts.length > 0 ? accounts[accounts.length - 1]! : 0,
    endShortfallUsd: shortfall.length > 0 ? shortfall[shortfall.length - 1]! : 0,
  };
  for (let t = 0; t < accounts.length; t++) {
    if (accounts[t]! > out.peakAccounts) [out.peakAccounts, out.peakAccountsStep] = [accounts[t]!, t];
    if (shortfall[t]! > out.peakShortfallUsd) {
      out.peakShortfallUsd = shortfall[t]!;
      out.peakShortfallStep = t;
      out.accountsAtPeakShortfall = accounts[t]!;
    }
  }
  return out;
}
