/**
 * A ledger of what really happened set beside a replay: per hour of the run, the liquidations the
 * ledger records and those the replay simulated (events, and collateral sold at its price, USD),
 * and each ledger event placed on the run's step axis for the price overlay. Only events of the
 * protocols the scenario runs are compared; the rest are counted apart. Pure.
 */
import type { LedgerView, RunView } from './contract.ts';

export interface HourRow {
  /** Start of the hour, epoch seconds (UTC). */
  startSec: number;
  realEvents: number;
  /** Collateral sold × its price in the ledger, USD. */
  realUsd: number;
  simulatedLiquidations: number;
  /** Collateral liquidated in the replay, USD at the step's price. */
  simulatedUsd: number;
}

export interface LedgerComparison {
  rows: HourRow[];
  /** Events of the compared protocols that fall outside the replayed window. */
  outside: number;
  /** Events of protocols the scenario does not run (shown on the price chart, not compared). */
  otherProtocols: number;
  /** Ledger events as points on the run's step axis: x = step, y = price, USD. */
  points: { x: number; y: number; compared: boolean }[];
  totals: { realEvents: number; realUsd: number; simulatedLiquidations: number; simulatedUsd: number };
}

const HOUR = 3600;

/** Compares the ledger with the run, hour by hour over the run's window. */
export function compareWithLedger(
  run: RunView,
  ledger: LedgerView,
  protocols: readonly string[],
): LedgerComparison {
  const endSec = run.startSec + (run.steps - 1) * run.stepSeconds;
  const firstHour = Math.floor(run.startSec / HOUR) * HOUR;
  const hours = Math.floor(endSec / HOUR) - firstHour / HOUR + 1;
  const rows: HourRow[] = Array.from({ length: hours }, (_, h) => ({
    startSec: firstHour + h * HOUR,
    realEvents: 0,
    realUsd: 0,
    simulatedLiquidations: 0,
    simulatedUsd: 0,
  }));
  for (let t = 0; t < run.steps; t++) {
    const row = rows[Math.floor((run.startSec + t * run.stepSeconds - firstHour) / HOUR)];
    if (!row) continue;
    row.simulatedLiquidations += run.series.liquidations[t] ?? 0;
    row.simulatedUsd += run.series.collateralLiquidatedUsd[t] ?? 0;
  }
  const compared = new Set(protocols);
  let outside = 0;
  let otherProtocols = 0;
  const points: LedgerComparison['points'] = [];
  ledger.timeMs.forEach((ms, i) => {
    const sec = ms / 1000;
    const mine = compared.has(ledger.protocol[i]!);
    const inWindow = sec >= run.startSec && sec <= endSec;
    if (inWindow)
      points.push({ x: (sec - run.startSec) / run.stepSeconds, y: ledger.priceUsd[i]!, compared: mine });
    if (!mine) {
      otherProtocols++;
      return;
    }
    if (!inWindow) {
      outside++;
      return;
    }
    const row = rows[Math.floor((sec - firstHour) / HOUR)]!;
    row.realEvents++;
    row.realUsd += ledger.collateralSold[i]! * ledger.priceUsd[i]!;
  });
  const totals = rows.reduce(
    (acc, r) => ({
      realEvents: acc.realEvents + r.realEvents,
      realUsd: acc.realUsd + r.realUsd,
      simulatedLiquidations: acc.simulatedLiquidations + r.simulatedLiquidations,
      simulatedUsd: acc.simulatedUsd + r.simulatedUsd,
    }),
    { realEvents: 0, realUsd: 0, simulatedLiquidations: 0, simulatedUsd: 0 },
  );
  return { rows, outside, otherProtocols, points, totals };
}
