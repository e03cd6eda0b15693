/**
 * Column views of a finished run's liquidation and auction records, for reporters that only count
 * and sum them (waves): reading the columns builds no per-record object. A run made by `simulate`
 * carries them (kept beside the result, not in it, so they never reach JSON or a worker message);
 * any other result (one cloned from a worker, a fixture) falls back to its record arrays.
 */
import { PAGE } from '../paged-column.ts';

export interface RecordColumns {
  liquidations: { size: number; step: Column; account: Column };
  auctions: { size: number; kickStep: Column; shortfallUsd: Column };
  /**
   * The waves' counts the pass made as it logged the records (wave-tally.ts), for waves of this gap;
   * absent for a result that did not come from a pass in this thread.
   */
  waves?: { gapSteps: number; liquidations: ArrayLike<number>; accounts: ArrayLike<number> };
}

/**
 * Entry k (below `size`), or page p (entries p·PAGE … p·PAGE + PAGE − 1, for readers of many): a
 * record column of the run (paged-column.ts), or an array cut into pages.
 */
export interface Column {
  at(k: number): number | undefined;
  page(p: number): ArrayLike<number>;
}

/** An array as a column. */
export function arrayColumn(values: number[]): Column {
  return {
    at: (k) => values[k],
    page: (p) => values.slice(p * PAGE, (p + 1) * PAGE),
  };
}

interface RunRecords {
  liquidations: readonly { step: number; account: number }[];
  auctions: readonly { kickStep: number; shortfallUsd: number }[];
}

const attached = new WeakMap<object, RecordColumns>();

export function attachRecordColumns(run: object, columns: RecordColumns): void {
  attached.set(run, columns);
}

export function recordColumnsOf(run: RunRecords): RecordColumns {
  const own = attached.get(run);
  if (own) return own;
  const l = run.liquidations;
  const a = run.auctions;
  return {
    liquidations: {
      size: l.length,
      step: arrayColumn(l.map((r) => r.step)),
      account: arrayColumn(l.map((r) => r.account)),
    },
    auctions: {
      size: a.length,
      kickStep: arrayColumn(a.map((r) => r.kickStep)),
      shortfallUsd: arrayColumn(a.map((r) => r.shortfallUsd)),
    },
  };
}
