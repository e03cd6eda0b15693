/**
 * Text rendering of replay results for the command line (one run, a comparison table, a validation
 * table). Amounts are in the scenario's numeraire; the words follow its market (no gas or keepers
 * where it has none); the back-out's residual is never shown as agreement with history.
 */
import { fitWarnings } from '../services/fit-check.ts';
import { fmtMoney } from '../services/format.ts';
import type { ReplayResult, Scenario } from '../services/replay-service.ts';
import { ATTRIBUTION_RULE, findBuiltinScenario, unitsOf } from '../services/replay-service.ts';
import type { MultiReplayResult } from '../services/crash-service.ts';
import type { ValidationReport, ValidationRow } from '../services/validation-service.ts';

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const signedPct = (x: number): string => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}%`;

interface Ctx {
  money: (x: number) => string;
  scenario: Scenario | undefined;
}

function ctxOf(r: ReplayResult, scenario?: Scenario): Ctx {
  const s = scenario ?? findBuiltinScenario(r.scenarioId);
  const numeraire = s ? unitsOf(s).numeraire : 'USD';
  return { money: (x) => fmtMoney(x, numeraire), scenario: s };
}

const isoOf = (r: ReplayResult, step: number): string =>
  new Date((r.timeline.startSec + step * r.stepSeconds) * 1000).toISOString().slice(0, 19).replace('T', ' ');

/** What the calibration can and cannot say, with loud warnings. */
function calibrationLines(r: ReplayResult): string[] {
  const d = r.calibration.diagnostics;
  return [
    `calibration: exogenous path F backed out under ${r.calibration.historicalDesign} (${r.calibration.iterations} passes; the back-out is exact by construction, residual ${r.calibration.residual.toExponential(1)}, so it is not evidence of agreement with history)`,
    `  F over the observed crash  ${signedPct(d.fundamentalMoveOverFall)} while the observed price moves ${signedPct(d.observedFall)}; drawdown F ${pct(d.fundamentalDrawdown)} vs observed ${pct(d.observedDrawdown)}`,
    `  largest impact            ${pct(d.maxImpact)} off F (at ${isoOf(r, d.maxImpactStep)} UTC)`,
    ...d.warnings.map((w) => `  WARNING: ${w}`),
  ];
}

function backstopLines(r: ReplayResult, c: Ctx): string[] {
  const b = r.summary.backstops;
  const out: string[] = [];
  const liq = r.design.liquidation;
  if (liq.kind === 'exchange-close') {
    out.push(
      `insurance fund      fees in ${c.money(b.insuranceFeesUsd)}, paid out ${c.money(b.insurancePaidUsd)}${b.fundExhaustedStep >= 0 ? `, empty from ${isoOf(r, b.fundExhaustedStep)} UTC` : ''}`,
    );
    if (liq.backstopVault)
      out.push(
        `backstop vault      ${b.vaultTakeovers} positions taken over (${c.money(b.vaultTakeoverUsd)}), ${c.money(b.backstopSoldUsd)} sold back`,
      );
    out.push(
      `auto-deleveraging   ${b.adlAccounts} positions, ${c.money(b.adlNotionalUsd)} notional, ${c.money(b.adlHaircutUsd)} of profit taken${b.firstAdlStep >= 0 ? `, first at ${isoOf(r, b.firstAdlStep)} UTC` : ''}`,
    );
  }
  if (liq.kind === 'stability-pool')
    out.push(
      `stability pool      absorbed ${c.money(b.poolAbsorbedUsd)}, redistributed ${c.money(b.redistributedDebtUsd)}, sold ${c.money(b.backstopSoldUsd)}`,
    );
  const f = r.summary.flowsUsd;
  if (c.scenario?.derivatives) {
    out.push(
      `option flows        hedging ${netText(f.hedging, c)}, portfolio insurance ${netText(f.insurance, c)} (net of purchases)`,
    );
  }
  return out;
}

const accountsText = (n: number): string => `${n} account${n === 1 ? '' : 's'}`;

/** Unrealised bad debt (MODEL.md §8): accounts underwater at the oracle and at the market price. */
function insolvencyLines(r: ReplayResult, c: Ctx): string[] {
  const { atOracle: o, atMarket: m } = r.summary.insolvency;
  const at = (step: number) => (step >= 0 ? ` at ${isoOf(r, step)} UTC` : '');
  const peak = (x: typeof o) =>
    x.peakShortfallStep < 0
      ? 'none at any step'
      : `worst ${accountsText(x.accountsAtPeakShortfall)} short ${c.money(x.peakShortfallUsd)}${at(x.peakShortfallStep)}`;
  return [
    `underwater (oracle) ${peak(o)}; at the end ${accountsText(o.endAccounts)}, ${c.money(o.endShortfallUsd)} (unrealised bad debt)`,
    `underwater (market) ${peak(m)}; at the end ${accountsText(m.endAccounts)}, ${c.money(m.endShortfallUsd)}`,
  ];
}

const waveShare = (w: ReplayResult['waves'][number]): string =>
  w.shareMeasured ? pct(w.endogenousShare) : '—';

const netText = (x: number, c: Ctx): string => (x < 0 ? `bought ${c.money(-x)}` : `sold ${c.money(x)}`);

export function renderReplay(r: ReplayResult, scenario?: Scenario): string {
  const c = ctxOf(r, scenario);
  const s = r.summary;
  const auctions =
    r.design.liquidation.kind === 'english-auction' || r.design.liquidation.kind === 'dutch-auction';
  const warnings = c.scenario ? fitWarnings(c.scenario, r.design) : [];
  const lines = [
    `${r.scenarioId} under ${r.design.id} (${r.design.name})`,
    `seed ${r.seed} · ${r.accounts} accounts · ${r.run.steps} steps of ${r.stepSeconds}s · engine ${r.engineVersion}${c.scenario ? ` · amounts in ${unitsOf(c.scenario).numeraire}` : ''}`,
    ...warnings.map((w) => `WARNING (fit): ${w}`),
    `path: ${r.timeline.bridge.note}`,
    ...calibrationLines(r),
    '',
    `drawdown            observed ${pct(s.drawdown.observed)}  simulated ${pct(s.drawdown.simulated)}  fundamental ${pct(s.drawdown.fundamental)}`,
    `amplification       ${s.amplification.toFixed(3)}× (drawdown against the same run with the forced flows' impact switched off, whose price is F)`,
    `liquidated          ${c.money(s.liquidatedUsd)} across ${s.accountsLiquidated} accounts`,
    `bad debt            ${c.money(s.badDebtUsd)} (${s.badDebtPctOfDebt.toFixed(2)}% of debt) realised`,
    ...insolvencyLines(r, c),
    ...(auctions || s.zeroBidAuctions > 0
      ? [
          `zero-bid auctions   ${s.zeroBidAuctions} of ${s.auctionsSettled} settled (${pct(s.zeroBidShare)}), ${c.money(s.zeroBidCollateralUsd)} of collateral`,
        ]
      : []),
    ...(r.design.liquidation.kind === 'soft-liquidation' || s.softLiquidationLossUsd !== 0
      ? [
          `soft liquidation    losses to borrowers ${c.money(s.softLiquidationLossUsd)}; bands sold ${c.money(Math.max(0, s.flowsUsd.soft))} net through arbitrageurs`,
        ]
      : []),
    `recovery vs oracle  ${pct(s.recoveryRateVsOracle)}`,
    `margin calls        ${s.marginCalls.issued} issued, ${s.marginCalls.answered} answered`,
    ...backstopLines(r, c),
    `waterfall           surplus ${c.money(s.waterfall.surplusUsedUsd)}, debt auction ${c.money(s.waterfall.debtAuctionUsd)} (${s.waterfall.govTokensMinted.toFixed(0)} gov tokens), socialised ${c.money(s.waterfall.socialisedUsd)}`,
    `capital efficiency  max LTV ${pct(s.capitalEfficiency.maxLtv)}, max leverage ${s.capitalEfficiency.maxLeverage.toFixed(2)}×`,
    '',
    'waves',
    `  ${'#'.padEnd(3)} ${'start'.padEnd(17)} ${'end'.padEnd(17)} ${'trigger'.padStart(9)} ${'accounts'.padStart(8)} ${'collateral'.padStart(11)} ${'endog.'.padStart(7)} ${'bad debt'.padStart(10)}`,
    ...r.waves.map(
      (w) =>
        `  ${String(w.index).padEnd(3)} ${w.start.slice(0, 16).replace('T', ' ').padEnd(17)} ${w.end.slice(0, 16).replace('T', ' ').padEnd(17)} ${String(Number(w.triggerPrice.toPrecision(6))).padStart(9)} ${String(w.accounts).padStart(8)} ${c.money(w.collateralSoldUsd).padStart(11)} ${waveShare(w).padStart(7)} ${c.money(w.badDebtUsd).padStart(10)}`,
    ),
  ];
  if (r.waves.length === 0) lines.push('  (no liquidations)');
  else lines.push(`  endog.: ${ATTRIBUTION_RULE}; "—" = not measured`);
  return `${lines.join('\n')}\n`;
}

export function renderCompare(results: ReplayResult[]): string {
  const first = results[0]!;
  const c = ctxOf(first);
  const rows: [string, (r: ReplayResult) => string][] = [
    ['drawdown (simulated)', (r) => pct(r.summary.drawdown.simulated)],
    ['amplification', (r) => `${r.summary.amplification.toFixed(3)}×`],
    ['liquidated', (r) => c.money(r.summary.liquidatedUsd)],
    ['accounts liquidated', (r) => String(r.summary.accountsLiquidated)],
    ['bad debt', (r) => c.money(r.summary.badDebtUsd)],
    ['bad debt % of debt', (r) => `${r.summary.badDebtPctOfDebt.toFixed(2)}%`],
    ['underwater, worst (oracle)', (r) => String(r.summary.insolvency.atOracle.accountsAtPeakShortfall)],
    ['unrealised bad debt, worst', (r) => c.money(r.summary.insolvency.atOracle.peakShortfallUsd)],
    ['unrealised at market, worst', (r) => c.money(r.summary.insolvency.atMarket.peakShortfallUsd)],
    ['unrealised at the end', (r) => c.money(r.summary.insolvency.atOracle.endShortfallUsd)],
    ['zero-bid auctions', (r) => String(r.summary.zeroBidAuctions)],
    ['recovery vs oracle', (r) => pct(r.summary.recoveryRateVsOracle)],
    ['margin calls answered', (r) => `${r.summary.marginCalls.answered}/${r.summary.marginCalls.issued}`],
    ['auto-deleveraged', (r) => c.money(r.summary.backstops.adlNotionalUsd)],
    ['insurance fund paid', (r) => c.money(r.summary.backstops.insurancePaidUsd)],
    ['waves', (r) => String(r.waves.length)],
    ['largest wave', (r) => c.money(Math.max(0, ...r.waves.map((w) => w.collateralSoldUsd)))],
    ['max leverage', (r) => `${r.summary.capitalEfficiency.maxLeverage.toFixed(2)}×`],
  ];
  const soft = results.some(
    (r) => r.design.liquidation.kind === 'soft-liquidation' || r.summary.softLiquidationLossUsd !== 0,
  );
  // Beside bad debt: what soft liquidation cost the borrowers (0 for the other mechanisms).
  if (soft) rows.splice(6, 0, ['soft-liq. borrower loss', (r) => c.money(r.summary.softLiquidationLossUsd)]);
  const width = 28;
  const col = Math.max(18, ...results.map((r) => r.design.id.length + 2));
  const warnings = c.scenario
    ? results.flatMap((r) => fitWarnings(c.scenario!, r.design)).map((w) => `WARNING (fit): ${w}`)
    : [];
  const out = [
    `${first.scenarioId} · seed ${first.seed} · ${first.accounts} accounts · every design on the exogenous path backed out under ${first.calibration.historicalDesign}`,
    ...warnings,
    ...first.calibration.diagnostics.warnings.map((w) => `WARNING (calibration): ${w}`),
    '',
    `${''.padEnd(width)}${results.map((r) => r.design.id.padStart(col)).join('')}`,
    ...rows.map(([label, f]) => `${label.padEnd(width)}${results.map((r) => f(r).padStart(col)).join('')}`),
  ];
  return `${out.join('\n')}\n`;
}

/** A row's number as users read it. */
export function validationValue(row: ValidationRow, numeraire: string, x: number): string {
  if (!Number.isFinite(x)) return '—';
  switch (row.unit) {
    case 'money':
      return fmtMoney(x, numeraire);
    case 'share':
      return pct(x);
    case 'seconds':
      return `${x.toFixed(0)} s`;
    case 'ratio':
      return `${x.toFixed(2)}×`;
    case 'price':
      return String(Number(x.toPrecision(8)));
  }
}

const STATUS: Record<ValidationRow['status'], string> = {
  pass: 'pass',
  miss: 'MISS',
  fitted: 'fitted, not evidence',
};

/** The validation table of one scenario, as text. */
export function renderValidation(v: ValidationReport, scenarioTitle: string): string {
  const val = (row: ValidationRow, x: number) => validationValue(row, v.numeraire, x);
  const lines = [
    `${v.scenarioId} — ${scenarioTitle}`,
    `historical design ${v.historicalDesign} · engine ${v.engineVersion} · ${v.counts.pass} pass, ${v.counts.miss} miss, ${v.counts.fitted} fitted (not evidence)`,
    ...v.calibrationWarnings.map((w) => `WARNING (calibration): ${w}`),
    '',
  ];
  for (const row of v.rows) {
    lines.push(
      `  [${STATUS[row.status]}] ${row.figure}`,
      `      published ${row.published}; passes if the median is ${row.passRule} ${val(row, row.value)}`,
      `      simulated median ${val(row, row.median)}, 10–90% band ${val(row, row.p10)} – ${val(row, row.p90)}${row.undefinedRuns > 0 ? ` (${row.undefinedRuns} of ${v.runs} runs had no value)` : ''}`,
      `      source: ${row.source}`,
    );
    if (row.note)
      lines.push(`      ${row.status === 'miss' ? 'why it misses' : 'why it is not evidence'}: ${row.note}`);
  }
  if (v.fitted.length > 0) {
    lines.push('', 'fitted parameters (their figures are never counted as evidence):');
    for (const f of v.fitted) lines.push(`  ${f.parameter} = ${f.value}, fitted to ${f.fittedTo}`);
  }
  if (v.uncertain.length > 0) {
    lines.push('', 'assumptions no source pins down (each run at its low and high):');
    for (const u of v.uncertain) lines.push(`  ${u.label}: ${u.low} – ${u.high}. ${u.why}`);
  }
  lines.push('', v.note);
  return `${lines.join('\n')}\n`;
}

/** A crash with several protocols: each protocol's replay, then the totals across them. */
export function renderCrash(r: MultiReplayResult, scenarios?: Scenario[]): string {
  const first = r.protocols[0]!.result;
  const c = ctxOf(first, scenarios?.[0]);
  const t = r.total;
  const parts = r.protocols.map(
    (p, k) =>
      `── protocol ${p.name} (${p.result.design.id}; calibrated under ${p.historicalDesign}) ──\n${renderReplay(p.result, scenarios?.[k])}`,
  );
  const o = t.insolvency.atOracle;
  const m = t.insolvency.atMarket;
  const at = (step: number) => (step >= 0 ? ` at ${isoOf(first, step)} UTC` : '');
  const total = [
    `── total across ${r.protocols.length} protocols (${r.protocols.map((p) => p.name).join(', ')}), on the same venues ──`,
    `accounts            ${t.accounts}`,
    `liquidated          ${c.money(t.liquidatedUsd)} across ${t.accountsLiquidated} accounts`,
    `bad debt            ${c.money(t.badDebtUsd)} realised`,
    `underwater (oracle) ${o.peakShortfallStep < 0 ? 'none at any step' : `worst ${accountsText(o.accountsAtPeakShortfall)} short ${c.money(o.peakShortfallUsd)}${at(o.peakShortfallStep)}`}; at the end ${accountsText(o.endAccounts)}, ${c.money(o.endShortfallUsd)} (unrealised bad debt)`,
    `underwater (market) ${m.peakShortfallStep < 0 ? 'none at any step' : `worst ${accountsText(m.accountsAtPeakShortfall)} short ${c.money(m.peakShortfallUsd)}${at(m.peakShortfallStep)}`}; at the end ${accountsText(m.endAccounts)}, ${c.money(m.endShortfallUsd)}`,
    'every protocol trades on the same venues: the price each sees carries all their forced sales',
  ];
  return `${parts.join('\n')}\n${total.join('\n')}\n`;
}

/** A comparison of design swaps on one protocol of a crash: per protocol and total, per design. */
export function renderCrashCompare(results: MultiReplayResult[], protocol: string): string {
  const first = results[0]!;
  const c = ctxOf(first.protocols[0]!.result);
  const k = first.protocols.findIndex((p) => p.name === protocol);
  const heads = results.map((r) => r.protocols[k]!.result.design.id);
  const col = Math.max(18, ...heads.map((h) => h.length + 2));
  const width = 34;
  const rows: [string, (r: MultiReplayResult) => string][] = [];
  first.protocols.forEach((p, i) => {
    const of = (r: MultiReplayResult) => r.protocols[i]!.result.summary;
    rows.push(
      [`${p.name}: design`, (r) => r.protocols[i]!.result.design.id],
      [`${p.name}: liquidated`, (r) => c.money(of(r).liquidatedUsd)],
      [`${p.name}: accounts liquidated`, (r) => String(of(r).accountsLiquidated)],
      [`${p.name}: bad debt`, (r) => c.money(of(r).badDebtUsd)],
      [`${p.name}: unrealised, worst`, (r) => c.money(of(r).insolvency.atOracle.peakShortfallUsd)],
      [`${p.name}: drawdown (simulated)`, (r) => pct(of(r).drawdown.simulated)],
    );
  });
  rows.push(
    ['total: liquidated', (r) => c.money(r.total.liquidatedUsd)],
    ['total: bad debt', (r) => c.money(r.total.badDebtUsd)],
    ['total: unrealised, worst', (r) => c.money(r.total.insolvency.atOracle.peakShortfallUsd)],
    ['total: underwater, worst', (r) => String(r.total.insolvency.atOracle.accountsAtPeakShortfall)],
  );
  const out = [
    `${first.scenarioId} · seed ${first.seed} · ${protocol}'s design swapped, the other protocols keep theirs · every run on the exogenous path backed out under every protocol's historical design`,
    ...first.protocols[0]!.result.calibration.diagnostics.warnings.map((w) => `WARNING (calibration): ${w}`),
    '',
    `${''.padEnd(width)}${heads.map((h) => h.padStart(col)).join('')}`,
    ...rows.map(([label, f]) => `${label.padEnd(width)}${results.map((r) => f(r).padStart(col)).join('')}`),
  ];
  return `${out.join('\n')}\n`;
}
