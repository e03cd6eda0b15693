/**
 * The derivatives side of a run and of a scenario, shaped for the renderer: the options layer's
 * per-step series and gamma map as plain arrays (they cross IPC and JSON), the totals the metric
 * cards and Compare need (computed here: the engine reports series, not these sums), and a card of
 * who holds options in a scenario.
 */
import type { DerivativesCard, OptionsView } from '../contract/api.ts';
import type { Design } from '../engine/design.ts';
import type { HedgePolicy, OptionsSpec } from '../engine/options/option-book.ts';
import { DEFAULT_OPTIONS_DESIGN } from '../engine/options/option-book.ts';
import type { SimulationResult } from '../engine/simulate.ts';

const list = (a: ArrayLike<number>): number[] => Array.from(a);

/** "every 30 min" / "when |delta| > 5% of notional": a hedging policy in words. */
export function describeHedgePolicy(p: HedgePolicy): string {
  if (p.kind === 'band') return `when net delta exceeds ${+(p.bandDelta * 100).toFixed(2)}% of notional`;
  const s = p.seconds;
  if (s % 3600 === 0) return `every ${s / 3600} h`;
  if (s % 60 === 0) return `every ${s / 60} min`;
  return `every ${s} s`;
}

/** Who holds options in a scenario; null without derivatives. */
export function derivativesCard(spec: OptionsSpec | undefined): DerivativesCard | null {
  if (!spec) return null;
  return {
    asset: spec.asset,
    writersCollateral: spec.writers.collateral,
    writers: spec.writers.totalUnits > 0 ? spec.writers.count : 0,
    dealers:
      spec.dealers.units > 0
        ? {
            gamma: spec.dealers.gamma,
            units: spec.dealers.units,
            hedgePolicy: describeHedgePolicy(spec.dealers.hedgePolicy),
          }
        : null,
    insurers:
      spec.insurers.count > 0 && spec.insurers.insuredUsd > 0
        ? { rule: spec.insurers.rule.kind, insuredUsd: spec.insurers.insuredUsd }
        : null,
  };
}

/** Net sales over the run (sold − bought; the sum of the signed per-step flows). */
function netSold(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return s;
}

/**
 * The options view of a run; null when the run has no derivatives layer. `spec` is the scenario's
 * derivatives spec, `design` the design the run used (its options block, or the engine default).
 */
export function optionsView(
  run: SimulationResult,
  spec: OptionsSpec | undefined,
  design: Design,
): OptionsView | null {
  const report = run.options;
  if (!report || !spec) return null;
  const d = design.options ?? DEFAULT_OPTIONS_DESIGN;
  const os = report.series;
  const g = report.gammaMap;
  const mm = d.marginModel;
  let peak = 0;
  for (const v of os.atmIv) if (Number.isFinite(v) && v > peak) peak = v;
  return {
    asset: spec.asset,
    writersCollateral: spec.writers.collateral,
    design: {
      marginModel: mm.kind === 'per-position' ? 'per-position' : mm.grid.kind,
      hedging: d.hedging
        ? describeHedgePolicy(d.hedging)
        : `scenario (${describeHedgePolicy(spec.dealers.hedgePolicy)})`,
      ivFeedback: d.ivFeedback,
      dealerHedging: d.dealerHedging,
      insurersActive: d.insurersActive,
    },
    hasDealers: spec.dealers.units > 0,
    hasInsurers: spec.insurers.count > 0 && spec.insurers.insuredUsd > 0,
    hasWriters: spec.writers.totalUnits > 0 && spec.writers.count > 0,
    insurerRule: spec.insurers.count > 0 ? spec.insurers.rule.kind : null,
    series: {
      atmIv: list(os.atmIv),
      realisedVol: list(os.realisedVol),
      dealerNetDelta: list(os.dealerNetDelta),
      dealerHedgeUnits: list(os.dealerHedgeUnits),
      dealerGammaUnitsPer1Pct: list(os.dealerGammaUnitsPer1Pct),
      hedgingUnits: list(os.hedgingUnits),
      insuranceUnits: list(os.insuranceUnits),
      liquidationUnits: list(os.liquidationUnits),
      insurerBacklogUnits: list(os.insurerBacklogUnits),
      writersLiquidated: list(os.writersLiquidated),
      collateralUsd: list(os.collateralUsd),
      collateralAssetUnits: list(os.collateralAssetUnits),
      bookValueUsd: list(os.bookValueUsd),
      badDebtUsd: list(os.badDebtUsd),
    },
    gammaMap: {
      levels: list(g.levels),
      everySteps: g.everySteps,
      rows: g.rows,
      units: list(g.units),
      dealers: list(g.dealers),
    },
    totals: {
      writersLiquidated: report.writersLiquidated,
      hedgingSoldUsd: netSold(run.series.flows.hedging),
      insuranceSoldUsd: netSold(run.series.flows.insurance),
      peakAtmIv: peak,
      startAtmIv: os.atmIv[0] ?? 0,
      conservationError: report.conservationError,
    },
  };
}
