/**
 * Multi-collateral baskets with per-asset haircuts (MODEL.md §3: "collateral: one asset or a basket
 * with haircuts").
 *
 * The model, as a risk analyst would read it:
 * - Composition. Every account's collateral is the same fixed-composition basket (scenario
 *   `population.basket`: [{ asset, weight }]). One basket unit holds q_a = w_a · P₀ / P_a,0 units of
 *   asset a, where P₀ is the population asset's initial price and P_a,0 asset a's: a basket unit is
 *   worth P₀ at the start, so populations, ratios and totals keep their single-asset meaning and
 *   accounts' `collateral` (and every collateral total and invariant) is counted in basket units.
 *   The composition does not drift: a liquidation or deleveraging of X basket units sells X · q_a
 *   units of every asset, and a top-up adds whole basket units.
 * - Haircuts. The design's `collateralHaircuts` give h_a per asset (absent: 0), as Aave's per-asset
 *   liquidation thresholds (LT_a = 1 − h_a, with the design's liquidationRatio on top) or a CCP's
 *   collateral haircuts. The effective value of a basket unit at oracle prices O_a is
 *   V_eff = Σ_a q_a · O_a · (1 − h_a); the full value is V = Σ_a q_a · O_a. An account is liquidatable
 *   when debt × LR > collateral × V_eff (and called at the call ratio the same way). Seizures, auction
 *   prices, bonuses and keepers' valuations use the full value V: a haircut decides *when* an account
 *   is liquidated, not how much collateral a liquidator receives per dollar repaid (as in Aave).
 * - Oracles. Each basket asset has its own oracle of the design's kind (same source rule, transform,
 *   update rule, gas cap and outages), reading that asset's venues; a `venue` oracle whose venue an
 *   asset lacks reads the median of that asset's venues. The basket's oracle price is V (recorded as
 *   `series.oracle`), the margin engine (volatility, breaker) reads V_eff, and the trigger indexes are
 *   queried at V × (V_eff / V) = V_eff.
 * - Markets. Sales hit each asset's own venues with their own impact; fills are per asset and the
 *   proceeds are summed (the fill per basket unit is Σ_a q_a · fill_a). `series.price` and
 *   `series.fundamental` of a basket run are the basket's market and exogenous values per unit
 *   (Σ q_a P_a and Σ q_a F_a); `series.venues` stay the population asset's venues.
 * - Calibration (replay.ts) anchors only the population asset: the other basket assets run on their
 *   observed paths as exogenous (their historical liquidation impact is not backed out), so a basket
 *   replay double-counts the historical selling on those assets by that impact.
 * - Limits: the liquidity cap modifier is measured against the population asset's depth only.
 */
import type { Design, OracleDesign } from './design.ts';
import type { AssetMarket } from './market.ts';
import { Oracle } from './oracle.ts';
import type { PopulationSpec, Scenario } from './scenario.ts';

export interface BasketWeight {
  asset: string;
  weight: number;
}

export interface BasketLeg {
  asset: string;
  /** Index of the asset in the scenario (and in the run's markets). */
  assetIdx: number;
  weight: number;
  /** Units of the asset in one basket unit (q_a). */
  units: number;
  haircut: number;
}

/** The population's collateral as a basket: its `basket`, or its one asset with weight 1. */
export function collateralBasket(population: Pick<PopulationSpec, 'asset' | 'basket'>): BasketWeight[] {
  return population.basket ?? [{ asset: population.asset, weight: 1 }];
}

/** Σ_a w_a · (1 − h_a): the share of a basket's value that counts as collateral at the start prices. */
export function basketEfficiency(
  basket: readonly BasketWeight[],
  haircuts: Design['collateralHaircuts'] | undefined,
): number {
  let e = 0;
  for (const leg of basket) e += leg.weight * (1 - (haircuts?.[leg.asset] ?? 0));
  return e;
}

export class Basket {
  readonly legs: BasketLeg[];
  /** Effective / full value of a basket unit at the start prices: Σ w_a (1 − h_a). */
  readonly initialEfficiency: number;
  /** Average fill per asset unit of the last sale, per leg (the depth-weighted price when no flow). */
  readonly lastFills: Float64Array;
  /** Asset units sold per leg in the last sale (negative: bought). */
  readonly lastUnits: Float64Array;

  constructor(legs: BasketLeg[]) {
    this.legs = legs;
    this.initialEfficiency = legs.reduce((s, l) => s + l.weight * (1 - l.haircut), 0);
    this.lastFills = new Float64Array(legs.length);
    this.lastUnits = new Float64Array(legs.length);
  }

  /** Exogenous value of a basket unit: Σ q_a F_a. */
  fundamental(stepLogF: Float64Array): number {
    let s = 0;
    for (const l of this.legs) s += l.units * Math.exp(stepLogF[l.assetIdx]!);
    return s;
  }

  /** Market value of a basket unit before this step's flows: Σ q_a F_a exp(I_a) (composite impact). */
  marketPrice(stepLogF: Float64Array, markets: readonly AssetMarket[]): number {
    let s = 0;
    for (const l of this.legs) {
      s += l.units * (Math.exp(stepLogF[l.assetIdx]!) * Math.exp(markets[l.assetIdx]!.compositeImpact()));
    }
    return s;
  }

  /**
   * Step 7 for a basket: a net sale of `units` basket units sells units · q_a on every asset's own
   * venues (each with its own impact), then arbitrage runs on each of those markets. Returns the fill
   * per basket unit, Σ q_a · fill_a (so proceeds = units × fill are the per-asset proceeds summed).
   */
  applySale(markets: readonly AssetMarket[], units: number, stepLogF: Float64Array, gasGwei: number): number {
    let fill = 0;
    for (let j = 0; j < this.legs.length; j++) {
      const l = this.legs[j]!;
      const m = markets[l.assetIdx]!;
      const u = units * l.units;
      const f = m.applySale(u, Math.exp(stepLogF[l.assetIdx]!));
      m.arbitrage(gasGwei);
      this.lastUnits[j] = u;
      this.lastFills[j] = f;
      fill += l.units * f;
    }
    return fill;
  }
}

/**
 * The run's collateral basket, or null for a single asset without a haircut (the engine's original
 * path, kept byte-identical). A single asset with a haircut runs as a one-asset basket. Throws a
 * RangeError naming the field when a haircut names an asset the scenario does not have.
 */
export function resolveBasket(
  scenario: Scenario,
  design: Design,
  observedLog: readonly Float64Array[],
): Basket | null {
  const haircuts = design.collateralHaircuts ?? {};
  const ids = scenario.assets.map((a) => a.id);
  for (const id of Object.keys(haircuts)) {
    if (!ids.includes(id)) {
      throw new RangeError(
        `design.collateralHaircuts.${id}: no asset "${id}" in scenario "${scenario.id}" (assets: ${ids.join(', ')})`,
      );
    }
  }
  const pop = scenario.population;
  if (!pop.basket && (haircuts[pop.asset] ?? 0) === 0) return null;
  if (pop.perps)
    throw new RangeError('design.collateralHaircuts: haircuts apply to lending collateral, not perpetuals');
  const popIdx = ids.indexOf(pop.asset);
  const P0 = Math.exp(observedLog[popIdx]![0]!);
  const legs = collateralBasket(pop).map((w): BasketLeg => {
    const assetIdx = ids.indexOf(w.asset);
    if (assetIdx < 0)
      throw new RangeError(`scenario.population.basket: no asset "${w.asset}" in this scenario`);
    const Pa0 = Math.exp(observedLog[assetIdx]![0]!);
    return {
      asset: w.asset,
      assetIdx,
      weight: w.weight,
      units: assetIdx === popIdx && w.weight === 1 ? 1 : (w.weight * P0) / Pa0,
      haircut: haircuts[w.asset] ?? 0,
    };
  });
  return new Basket(legs);
}

/**
 * Log of the observed value of one basket unit, Σ_a q_a · observed_a, for comparing with a basket
 * run's `series.price` (the population asset's observed path when the scenario has no basket).
 */
export function observedCollateralLog(
  scenario: Scenario,
  observedLog: readonly Float64Array[],
): Float64Array {
  const ids = scenario.assets.map((a) => a.id);
  const popIdx = ids.indexOf(scenario.population.asset);
  const basket = scenario.population.basket;
  if (!basket) return observedLog[popIdx]!;
  const P0 = Math.exp(observedLog[popIdx]![0]!);
  const out = new Float64Array(observedLog[popIdx]!.length);
  for (const w of basket) {
    const obs = observedLog[ids.indexOf(w.asset)]!;
    const q = (w.weight * P0) / Math.exp(obs[0]!);
    for (let t = 0; t < out.length; t++) out[t] = out[t]! + q * Math.exp(obs[t]!);
  }
  for (let t = 0; t < out.length; t++) out[t] = Math.log(out[t]!);
  return out;
}

/**
 * The basket's oracle: one Oracle of the design's kind per basket asset, each reading its own
 * asset's venues. Offers the single-asset Oracle's interface to the step loop (`init`, `update`,
 * `value`, `changed`, `blocked`); the venue prices it is handed are ignored in favour of each asset's
 * own (the path's `assetVenuePrices`).
 */
export class BasketOracle {
  /** Full value of a basket unit at the oracle prices, Σ q_a O_a. */
  value = 0;
  /** Effective (haircut) value, Σ q_a O_a (1 − h_a). */
  effective = 0;
  /** effective / value. */
  efficiency = 1;
  changed = false;
  blocked = false;
  readonly oracles: Oracle[];

  constructor(
    private readonly basket: Basket,
    design: OracleDesign,
    markets: readonly AssetMarket[],
    /** The world's path: pre-flow venue prices per asset this step, read at every update. */
    private readonly path: { readonly assetVenuePrices: readonly Float64Array[] },
    stepSeconds: number,
    startSec: number,
  ) {
    this.oracles = basket.legs.map((l) => {
      const names = markets[l.assetIdx]!.names;
      const d: OracleDesign =
        design.source === 'venue' && !names.includes(design.venue ?? '')
          ? { ...design, source: 'median' }
          : design;
      return new Oracle(d, names, stepSeconds, startSec);
    });
  }

  private combine(): void {
    let v = 0;
    let e = 0;
    let changed = false;
    let blocked = false;
    this.basket.legs.forEach((l, j) => {
      const o = this.oracles[j]!;
      v += l.units * o.value;
      e += l.units * o.value * (1 - l.haircut);
      changed ||= o.changed;
      blocked ||= o.blocked;
    });
    this.value = v;
    this.effective = e;
    this.efficiency = v > 0 ? e / v : 1;
    this.changed = changed;
    this.blocked = blocked;
  }

  init(_venuePrices: Float64Array): void {
    this.basket.legs.forEach((l, j) => this.oracles[j]!.init(this.path.assetVenuePrices[l.assetIdx]!));
    this.combine();
    this.changed = false;
  }

  update(step: number, _venuePrices: Float64Array, gasGwei: number, outage: boolean): void {
    this.basket.legs.forEach((l, j) =>
      this.oracles[j]!.update(step, this.path.assetVenuePrices[l.assetIdx]!, gasGwei, outage),
    );
    this.combine();
  }
}
