/**
 * Which accounts a wave liquidated. RunView does not carry per-account liquidation records yet
 * (main keeps them for `runs.account`); when a host adds `liquidations: {account, step, debtUsd,
 * valueUsd}[]` to the run, the list fills in, and until then the view offers an account-number box.
 */
import type { RunView, WaveView } from './contract.ts';

export interface LiquidatedAccount {
  account: number;
  /** First liquidation of the account inside the wave. */
  step: number;
  debtUsd: number;
  valueUsd: number;
  count: number;
}

interface LiquidationRow {
  account: number;
  step: number;
  debtUsd?: number;
  valueUsd?: number;
}

function isRow(x: unknown): x is LiquidationRow {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Record<string, unknown>;
  return typeof r['account'] === 'number' && typeof r['step'] === 'number';
}

/** The run's liquidation records when the host sends them; null when it does not. */
export function liquidationRecords(run: RunView): LiquidationRow[] | null {
  const rows = (run as unknown as { liquidations?: unknown }).liquidations;
  return Array.isArray(rows) ? rows.filter(isRow) : null;
}

/** Accounts liquidated during a wave, largest debt first; null when the run has no records. */
export function waveAccounts(run: RunView, wave: WaveView): LiquidatedAccount[] | null {
  const rows = liquidationRecords(run);
  if (!rows) return null;
  const byAccount = new Map<number, LiquidatedAccount>();
  for (const r of rows) {
    if (r.step < wave.startStep || r.step > wave.endStep) continue;
    const a = byAccount.get(r.account);
    if (a) {
      a.count++;
      a.debtUsd += r.debtUsd ?? 0;
      a.valueUsd += r.valueUsd ?? 0;
      a.step = Math.min(a.step, r.step);
    } else {
      byAccount.set(r.account, {
        account: r.account,
        step: r.step,
        debtUsd: r.debtUsd ?? 0,
        valueUsd: r.valueUsd ?? 0,
        count: 1,
      });
    }
  }
  return [...byAccount.values()].sort((a, b) => b.debtUsd - a.debtUsd || a.account - b.account);
}
