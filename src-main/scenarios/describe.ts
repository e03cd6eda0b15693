/**
 * What users read about a scenario, generated from the parameters the engine runs (issue 13, item 7):
 * the population, the responses to calls, who liquidates, the venues' depth, gas, and the options
 * book. A scenario's own `assumptions` keep only what no parameter says (how a path was assembled,
 * why a depth was chosen); the Library, the CLI and the validation show both, generated first.
 * Amounts are in the scenario's numeraire (ETH for stETH, DAI for Compound's DAI story).
 */
import type { Scenario } from '../engine/scenario.ts';
import { marketOf, unitsOf } from '../engine/scenario.ts';

/** An amount of a numeraire, compact: $1.50M, 500.0k ETH, 1.20B DAI. */
export function fmtMoney(amount: number, numeraire: string): string {
  if (!Number.isFinite(amount)) return '—';
  const sign = amount < 0 ? '−' : '';
  const a = Math.abs(amount);
  const body =
    a >= 1e9
      ? `${(a / 1e9).toFixed(2)}B`
      : a >= 1e6
        ? `${(a / 1e6).toFixed(2)}M`
        : a >= 1e4
          ? `${(a / 1e3).toFixed(1)}k`
          : a >= 100
            ? a.toFixed(0)
            : a.toFixed(2);
  return numeraire === 'USD' ? `${sign}$${body}` : `${sign}${body} ${numeraire}`;
}

const pct = (x: number, digits = 0) => `${(x * 100).toFixed(digits)}%`;
const count = (n: number) => n.toLocaleString('en-US');
const num = (x: number) => String(Number(x.toPrecision(3)));

function duration(minutes: number): string {
  if (minutes >= 120 && minutes % 60 === 0) return `${minutes / 60} hours`;
  if (minutes === 60) return 'one hour';
  return `${num(minutes)} minutes`;
}

function seconds(s: number): string {
  return s >= 3600 && s % 3600 === 0 ? `${s / 3600} h` : s >= 60 && s % 60 === 0 ? `${s / 60} min` : `${s} s`;
}

/** "150–175% (3%), 175–200% (6%) …": the collateral-ratio histogram, shares by count. */
function bins(s: Scenario): string {
  const total = s.population.collateralRatioBins.reduce((acc, b) => acc + b.weight, 0);
  return s.population.collateralRatioBins
    .map((b) => `${pct(b.from)}–${pct(b.to)} (${pct(b.weight / total)})`)
    .join(', ');
}

function populationSentence(s: Scenario): string {
  const p = s.population;
  const money = (x: number) => fmtMoney(x, unitsOf(s).numeraire);
  const what = p.perps
    ? `${p.perps.marginMode}-margin perpetual longs (margin in ${p.perps.marginAsset === 'numeraire' ? unitsOf(s).numeraire : p.asset}), ${num(p.perps.shorts.accountsPerLong)} short account per long`
    : marketOf(s).kind === 'traditional'
      ? 'margin accounts'
      : 'borrowers';
  const whales = p.whales
    .map((w) => `${w.label}: ${money(w.debtUsd)} at ${pct(w.collateralRatio)}`)
    .join('; ');
  return `Population: ${count(p.defaultAccounts)} ${what} by default, ${money(p.totalDebtUsd)} of debt (Pareto sizes, α = ${num(p.debtParetoAlpha)})${whales ? `, plus ${whales}` : ''}. Collateral ratios at the start: ${bins(s)} (assumed histogram).`;
}

function responseSentence(s: Scenario): string {
  const r = s.population.response;
  const waitRest = 1 - r.topUp - r.deleverage;
  const gas = marketOf(s).gas
    ? `, delayed while gas is above their cap (median ${num(r.gasCapMedianGwei)} gwei)`
    : '';
  return `Called accounts: ${pct(r.topUp)} top up from a reserve (median ${pct(r.reserveMedianRatio)} of their collateral), ${pct(r.deleverage)} sell to cut their debt, ${pct(Math.max(0, waitRest))} wait; median response ${duration(r.medianDelayMinutes)}${gas}.`;
}

function liquidatorSentence(s: Scenario): string {
  const k = s.keepers;
  const m = marketOf(s);
  const money = (x: number) => fmtMoney(x, unitsOf(s).numeraire);
  if (m.kind === 'exchange') return `Liquidations: ${m.liquidators} closes positions itself.`;
  if (m.kind === 'traditional')
    return `Liquidations: ${count(k.count)} ${m.liquidators} with ${money(k.capitalUsd)} each sell accounts out at market.`;
  const low =
    k.lowballers > 0
      ? `, plus ${k.lowballers} opportunist${k.lowballers > 1 ? 's' : ''} bidding one wei and paying up to ${num(k.lowballerGasCapGwei)} gwei`
      : '';
  const gas = m.gas
    ? `, gas caps around ${num(k.gasCapMedianGwei)} gwei (log-normal σ ${num(k.gasCapSigma)})`
    : '';
  return `Liquidations: ${count(k.count)} ${m.liquidators} with ${money(k.capitalUsd)} each${gas}${low}; each lands at most ${num(k.txPerSecond * 60)} transactions and ${num(k.kicksPerSecond * 60)} kicks a minute (at the default population).`;
}

function venueSentences(s: Scenario): string[] {
  const money = (x: number) => fmtMoney(x, unitsOf(s).numeraire);
  return s.assets.map((a) => {
    const venues = a.venues
      .map(
        (v) =>
          `${v.name} ${money(v.depthUsd)} per 1% (${v.impact} impact, ${pct(v.permanentFraction)} permanent, transient half-life ${seconds(v.transientHalfLifeSeconds)}, thinning to ${pct(v.stress.floor)} of itself under stress)`,
      )
      .join('; ');
    return `${a.id} venues (assumed depth): ${venues}.`;
  });
}

function gasSentence(s: Scenario): string | null {
  if (!marketOf(s).gas) return null;
  return `Gas: ${s.gas.source}`;
}

function derivativesSentences(s: Scenario): string[] {
  const d = s.derivatives;
  if (!d) return [];
  const out: string[] = [];
  const money = (x: number) => fmtMoney(x, unitsOf(s).numeraire);
  if (d.insurers.count > 0) {
    const rule =
      d.insurers.rule.kind === 'synthetic-put'
        ? `a synthetic put struck at ${pct(d.insurers.rule.strikeFraction, 1)} of the start for ${num(d.insurers.rule.horizonDays)} days at an assumed ${pct(d.insurers.rule.assumedVol)} vol`
        : `CPPI with a floor at ${pct(d.insurers.rule.floorFraction)} and multiplier ${num(d.insurers.rule.multiplier)}`;
    const cap =
      d.insurers.maxSaleUsdPerSecond !== null
        ? `; execution capped at ${money(d.insurers.maxSaleUsdPerSecond * 60)} a minute`
        : '';
    out.push(
      `Portfolio insurers: ${count(d.insurers.count)} programmes, ${money(d.insurers.insuredUsd)} insured, replicating ${rule}, rebalancing at most every ${seconds(d.insurers.rebalanceIntervalSeconds)} beyond a ${pct(d.insurers.rebalanceBand, 1)} gap${cap}.`,
    );
  }
  if (d.writers.count > 0)
    out.push(
      `Option writers: ${count(d.writers.count)} accounts writing ${count(d.writers.totalUnits)} ${d.asset} of options (${pct(d.writers.putShare)} puts, ${pct(d.writers.nakedShare)} naked), collateral in ${d.writers.collateral === 'same-asset' ? d.asset : 'stablecoins'} at ${num(d.writers.initialMarginMultiple)}× the per-position charge (illustrative sizes).`,
    );
  if (d.dealers)
    out.push(
      `Dealers: net ${d.dealers.gamma} gamma, ${count(d.dealers.units)} ${d.asset} of ${d.dealers.right}s, hedging ${d.dealers.hedgePolicy.kind === 'band' ? `on a ${pct(d.dealers.hedgePolicy.bandDelta)} delta band` : `every ${seconds(d.dealers.hedgePolicy.seconds)}`} (illustrative size).`,
    );
  out.push(
    `Implied vol: ${pct(d.iv.baseVol)} at the money at the start, skew ${num(d.iv.skew)}, rising by ${num(d.iv.stressBeta)} per point of realised vol above ${pct(d.iv.calmVol)} (returns over ${d.iv.returnIntervalSeconds ? seconds(d.iv.returnIntervalSeconds) : 'one step'}), relaxing with a ${seconds(d.iv.relaxHalfLifeSeconds)} half-life.`,
  );
  return out;
}

/** The parameter sentences of a scenario, generated from its values. */
export function parameterAssumptions(s: Scenario): string[] {
  return [
    populationSentence(s),
    responseSentence(s),
    liquidatorSentence(s),
    ...venueSentences(s),
    ...derivativesSentences(s),
    gasSentence(s),
  ].filter((x): x is string => x !== null);
}

/** Everything users read as the scenario's assumptions: generated from parameters, then authored. */
export function scenarioAssumptions(s: Scenario): string[] {
  return [...parameterAssumptions(s), ...s.assumptions];
}
