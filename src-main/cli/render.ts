/** Text rendering of replay results for the command line (one run, or a comparison table). */
import { fmtUsd } from '../services/format.ts';
import type { ReplayResult } from '../services/replay-service.ts';

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

export function renderReplay(r: ReplayResult): string {
  const s = r.summary;
  const lines = [
    `${r.scenarioId} under ${r.design.id} (${r.design.name})`,
    `seed ${r.seed} · ${r.accounts} accounts · ${r.run.steps} steps of ${r.stepSeconds}s · engine ${r.engineVersion}`,
    `calibration: residual ${r.calibration.residual.toExponential(2)} in log price after ${r.calibration.iterations} iterations (historical design ${r.calibration.historicalDesign})`,
    `note: ${r.timeline.bridge.note}`,
    '',
    `drawdown            observed ${pct(s.drawdown.observed)}  simulated ${pct(s.drawdown.simulated)}  fundamental ${pct(s.drawdown.fundamental)}`,
    `amplification       ${s.amplification.toFixed(3)}×`,
    `liquidated          ${fmtUsd(s.liquidatedUsd)} across ${s.accountsLiquidated} accounts`,
    `bad debt            ${fmtUsd(s.badDebtUsd)} (${s.badDebtPctOfDebt.toFixed(2)}% of debt)`,
    `zero-bid auctions   ${s.zeroBidAuctions} of ${s.auctionsSettled} settled (${pct(s.zeroBidShare)}), ${fmtUsd(s.zeroBidCollateralUsd)} of collateral`,
    `recovery vs oracle  ${pct(s.recoveryRateVsOracle)}`,
    `margin calls        ${s.marginCalls.issued} issued, ${s.marginCalls.answered} answered`,
    `waterfall           surplus ${fmtUsd(s.waterfall.surplusUsedUsd)}, debt auction ${fmtUsd(s.waterfall.debtAuctionUsd)} (${s.waterfall.govTokensMinted.toFixed(0)} gov tokens), socialised ${fmtUsd(s.waterfall.socialisedUsd)}`,
    `capital efficiency  max LTV ${pct(s.capitalEfficiency.maxLtv)}, max leverage ${s.capitalEfficiency.maxLeverage.toFixed(2)}×`,
    '',
    'waves',
    `  ${'#'.padEnd(3)} ${'start'.padEnd(17)} ${'end'.padEnd(17)} ${'trigger'.padStart(9)} ${'accounts'.padStart(8)} ${'collateral'.padStart(11)} ${'endog.'.padStart(7)} ${'bad debt'.padStart(10)}`,
    ...r.waves.map(
      (w) =>
        `  ${String(w.index).padEnd(3)} ${w.start.slice(0, 16).replace('T', ' ').padEnd(17)} ${w.end.slice(0, 16).replace('T', ' ').padEnd(17)} ${fmtUsd(w.triggerPrice).padStart(9)} ${String(w.accounts).padStart(8)} ${fmtUsd(w.collateralSoldUsd).padStart(11)} ${pct(w.endogenousShare).padStart(7)} ${fmtUsd(w.badDebtUsd).padStart(10)}`,
    ),
  ];
  if (r.waves.length === 0) lines.push('  (no liquidations)');
  return `${lines.join('\n')}\n`;
}

export function renderCompare(results: ReplayResult[]): string {
  const rows: [string, (r: ReplayResult) => string][] = [
    ['drawdown (simulated)', (r) => pct(r.summary.drawdown.simulated)],
    ['amplification', (r) => `${r.summary.amplification.toFixed(3)}×`],
    ['liquidated', (r) => fmtUsd(r.summary.liquidatedUsd)],
    ['accounts liquidated', (r) => String(r.summary.accountsLiquidated)],
    ['bad debt', (r) => fmtUsd(r.summary.badDebtUsd)],
    ['bad debt % of debt', (r) => `${r.summary.badDebtPctOfDebt.toFixed(2)}%`],
    ['zero-bid auctions', (r) => String(r.summary.zeroBidAuctions)],
    ['recovery vs oracle', (r) => pct(r.summary.recoveryRateVsOracle)],
    ['margin calls answered', (r) => `${r.summary.marginCalls.answered}/${r.summary.marginCalls.issued}`],
    ['waves', (r) => String(r.waves.length)],
    ['largest wave', (r) => fmtUsd(Math.max(0, ...r.waves.map((w) => w.collateralSoldUsd)))],
    ['max leverage', (r) => `${r.summary.capitalEfficiency.maxLeverage.toFixed(2)}×`],
  ];
  const width = 24;
  const col = Math.max(18, ...results.map((r) => r.design.id.length + 2));
  const first = results[0]!;
  const out = [
    `${first.scenarioId} · seed ${first.seed} · ${first.accounts} accounts · calibration residual ${first.calibration.residual.toExponential(2)} (${first.calibration.iterations} iterations)`,
    '',
    `${''.padEnd(width)}${results.map((r) => r.design.id.padStart(col)).join('')}`,
    ...rows.map(([label, f]) => `${label.padEnd(width)}${results.map((r) => f(r).padStart(col)).join('')}`),
  ];
  return `${out.join('\n')}\n`;
}
