/**
 * The bench's full-scan reference: what a competent engineer writes without the engine's event
 * machinery. A fixed-discount market-sale design on one asset, as typed-array columns (collateral,
 * debt, the liquidation and call triggers, and their maximum), and at every step ONE tight loop over
 * EVERY account that compares the maximum (8 bytes an account) with the oracle price, looking at the
 * two triggers only where it is crossed. No per-account objects, no indexes, no records.
 *
 * Same step semantics as the engine for this design family (MODEL.md §7; the unit test checks
 * identical liquidations, debt repaid, bad debt, calls and per-step prices on small runs): phase 1
 * F_t and impact decay, 2 the oracle, 3 the margin engine's query factor, 4 margin calls (counted;
 * the population answers none: run it on a population whose response shares are 0), 5 crossed
 * accounts, highest trigger first (ties: lower account), up to the keepers' transactions, each sold
 * by the most aggressive keeper with the capital and a profit (an account none sells, where no keeper
 * under its gas cap would profit, uses none of them), 7 the net sale moves the venues,
 * 8 keepers' capital returns after the restock delay. Per-market and per-keeper parts (venues'
 * impact, the oracle, keepers' budgets) are the engine's own classes: they cost nothing per account.
 *
 * Refuses what it does not model: other mechanisms, modifiers, baskets, options, perpetuals,
 * margin-call responses, anchored (calibration) passes.
 */
import { generateAccounts } from '../../engine/population.ts';
import type { MarketSaleDesign } from '../../engine/design.ts';
import {
  beginKeeperStep,
  generateKeepers,
  keeperEnvironment,
  returnCapitalLater,
} from '../../engine/keepers.ts';
import { MarginState } from '../../engine/margin-model.ts';
import { AssetMarket } from '../../engine/market.ts';
import { Oracle } from '../../engine/oracle.ts';
import { useTx } from '../../engine/simulation/mechanisms/keeper-actions.ts';
import { admitToDesign } from '../../engine/simulation/population.ts';
import { StepView } from '../../engine/simulation/step-view.ts';
import type { SimulationOptions } from '../../engine/simulate.ts';
import type { Scenario } from '../../engine/scenario.ts';

export interface TypedScanResult {
  /** The market's composite price before each step's flows (the engine's `series.price`). */
  price: Float64Array;
  /** Liquidation actions, accounts ever liquidated, margin calls issued. */
  liquidations: number;
  /** Tries no keeper took where none under its gas cap would profit (they use no capacity), and the steps
   * where the capacity was used up with such tries among them (the accounts behind went on). */
  passedOver: number;
  passedOverBoundSteps: number;
  accountsLiquidated: number;
  callsIssued: number;
  repaidUsd: number;
  badDebtUsd: number;
  setupMs: number;
  stepMs: number;
}

/** Why the reference cannot run these options, or null. */
export function typedScanRefusal(o: SimulationOptions): string | null {
  const { scenario, design } = o;
  const p = scenario.population;
  if (design.liquidation.kind !== 'market-sale') return 'the design is not a fixed-discount market sale';
  if (design.modifiers) return 'the design has modifiers';
  if (design.collateralHaircuts || p.basket) return 'a collateral basket';
  if (scenario.derivatives || p.perps || p.positions) return 'options, perpetuals or a positions file';
  if (design.margin.kind !== 'fixed-ratio') return 'a moving margin';
  if (p.response.topUp > 0 || p.response.deleverage > 0) return 'the population answers margin calls';
  if (o.anchorLog || o.impactOffFromStep !== undefined || o.leverage === false) return 'not a plain pass';
  return null;
}

/** Runs the reference pass (throws naming what it does not model). */
export function typedScanPass(o: SimulationOptions): TypedScanResult {
  const refusal = typedScanRefusal(o);
  if (refusal) throw new Error(`typed-array scan: ${refusal}`);
  const t0 = performance.now();
  const s = setup(o);
  const t1 = performance.now();
  const price = new Float64Array(s.steps);
  for (let t = 0; t < s.steps; t++) price[t] = scanStep(s, t);
  const t2 = performance.now();
  return {
    price,
    liquidations: s.liquidations,
    passedOver: s.passedOver,
    passedOverBoundSteps: s.passedOverBoundSteps,
    accountsLiquidated: s.accountsLiquidated,
    callsIssued: s.callsIssued,
    repaidUsd: s.repaid,
    badDebtUsd: s.badDebt,
    setupMs: t1 - t0,
    stepMs: t2 - t1,
  };
}

type State = ReturnType<typeof setup>;

function setup(o: SimulationOptions) {
  const { scenario, design, timeline } = o;
  const dt = timeline.stepSeconds;
  const assetIdx = scenario.assets.findIndex((a) => a.id === scenario.population.asset);
  const markets = scenario.assets.map((a) => new AssetMarket(a, dt, o.depthScale ?? 1));
  const market = markets[assetIdx]!;
  const P0 = Math.exp(timeline.observedLog[assetIdx]![0]!);
  const acc = generateAccounts(scenario.population, o.accounts, P0, dt, o.seed, true);
  admitToDesign(acc, design, null, P0, false);
  const env = keeperEnvironment(scenario.keepers, design);
  const n = acc.count;
  const LR = design.margin.liquidationRatio;
  const CR = design.margin.callRatio;
  // Live triggers: an account that cannot be liquidated (called) any more holds −1, below any price.
  const liqT = new Float64Array(n);
  const callT = new Float64Array(n);
  /** max(liqT, callT): the one column the scan reads per account (8 bytes, not 16). */
  const hot = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = acc.collateral[i]!;
    const d = acc.debt[i]!;
    liqT[i] = d > 0 ? (c > 0 ? (d * LR) / c : Infinity) : -1;
    callT[i] = d > 0 ? (c > 0 ? (d * CR) / c : Infinity) : -1;
    hot[i] = Math.max(liqT[i]!, callT[i]!);
  }
  return {
    o,
    design,
    sale: design.liquidation as MarketSaleDesign,
    LR,
    steps: timeline.steps,
    assetIdx,
    markets,
    market,
    venuePrices: new Float64Array(market.venueCount),
    stepLogF: new Float64Array(markets.length),
    gasAssetIdx:
      scenario.gas.tokenAsset === undefined
        ? -1
        : scenario.assets.findIndex((a) => a.id === scenario.gas.tokenAsset),
    oracle: new Oracle(design.oracle, market.names, dt, timeline.startSec),
    margin: new MarginState(design.margin, dt, null),
    keepers: generateKeepers(env, n / scenario.population.defaultAccounts, dt, o.seed),
    restockSteps: Math.max(1, Math.round(env.restockDelaySeconds / dt)),
    now: new StepView(),
    collateral: acc.collateral,
    debt: acc.debt,
    liqT,
    callT,
    hot,
    everLiquidated: new Uint8Array(n),
    crossed: new Uint32Array(1024),
    saleWho: [] as number[],
    saleUnits: [] as number[],
    liquidations: 0,
    passedOver: 0,
    passedOverBoundSteps: 0,
    accountsLiquidated: 0,
    callsIssued: 0,
    repaid: 0,
    badDebt: 0,
  };
}

/** One step; returns the market price before its flows. */
function scanStep(s: State, t: number): number {
  const { o, markets, market, now, keepers } = s;
  const tl = o.timeline;
  // 1. Exogenous move, impact decay, pre-flow quotes.
  now.t = t;
  for (let a = 0; a < markets.length; a++) {
    const m = markets[a]!;
    m.decay();
    const lf = o.fundamentalLog[a]![t]!;
    s.stepLogF[a] = lf;
    m.setFundamental(lf);
  }
  const Fa = Math.exp(s.stepLogF[s.assetIdx]!);
  for (let v = 0; v < market.venueCount; v++) s.venuePrices[v] = Fa * Math.exp(market.impact(v));
  now.F = Fa;
  now.ref = Fa * Math.exp(market.compositeImpact());
  now.gas = tl.gasGwei[t]!;
  // 2. Oracle; 3. margin engine.
  if (t === 0) s.oracle.init(s.venuePrices);
  else s.oracle.update(t, s.venuePrices, now.gas, tl.outage[t] === 1);
  now.price = s.oracle.value;
  s.margin.update(t, now.price);
  const p = now.price * s.margin.queryFactor;
  // Keepers whose transactions land this step, and the gas cost of one.
  beginKeeperStep(keepers, t, now.gas);
  const gi = s.gasAssetIdx;
  const tokenPrice =
    gi >= 0
      ? Math.exp(s.stepLogF[gi]! + markets[gi]!.compositeImpact())
      : (o.scenario.gas.tokenPriceUsd ?? 0);
  now.gasUsdPerTx = now.gas * 1e-9 * keepers.gasUnitsPerTx * tokenPrice;
  // 4 and 5: the full scan — every account's call and liquidation trigger against the price.
  const k = scanAccounts(s, p);
  let budget = 0;
  for (let j = 0; j < keepers.count; j++) budget += keepers.txLeft[j]! + keepers.txLeftAtomic[j]!;
  if (!s.margin.paused) liquidateCrossed(s, k, budget);
  // 7. The step's net sale moves the venues; 8. keepers' proceeds return after the restock delay.
  let units = 0;
  for (let j = 0; j < s.saleUnits.length; j++) units += s.saleUnits[j]!;
  const fill = market.applySale(units, now.F);
  market.arbitrage(now.gas);
  for (let j = 0; j < s.saleWho.length; j++) {
    returnCapitalLater(keepers, s.saleWho[j]!, s.saleUnits[j]! * fill, t + s.restockSteps);
  }
  s.saleWho.length = 0;
  s.saleUnits.length = 0;
  return now.ref;
}

/** The scan: calls the newly crossed accounts, collects the liquidatable ones; returns how many. */
function scanAccounts(s: State, p: number): number {
  const { liqT, callT, hot } = s;
  let crossed = s.crossed;
  let k = 0;
  let calls = 0;
  const n = hot.length;
  for (let i = 0; i < n; i++) {
    if (hot[i]! < p) continue;
    if (callT[i]! >= p) {
      callT[i] = -1; // called once: nobody answers, and a pending call is not issued again
      hot[i] = liqT[i]!;
      calls++;
    }
    if (liqT[i]! >= p) {
      if (k === crossed.length) {
        const grown = new Uint32Array(crossed.length * 2);
        grown.set(crossed);
        crossed = s.crossed = grown;
      }
      crossed[k++] = i;
    }
  }
  s.callsIssued += calls;
  return k;
}

/** Phase 5: the crossed accounts, highest trigger first, as far as the keepers' transactions go. */
function liquidateCrossed(s: State, k: number, budget: number): void {
  if (k === 0 || budget <= 0) return;
  const { liqT } = s;
  const list = s.crossed.subarray(0, k);
  if (k > 1) list.sort((a, b) => liqT[b]! - liqT[a]! || a - b);
  // An account no keeper liquidates, where none under its gas cap would profit, uses no capacity.
  let used = 0;
  let passed = 0;
  let j = 0;
  for (; j < k && used < budget; j++) {
    if (marketSale(s, list[j]!)) used++;
    else passed++;
  }
  s.passedOver += passed;
  if (passed > 0 && j < k) s.passedOverBoundSteps++;
}

/**
 * One fixed-discount sale of account i (the engine's market-sale.ts for an unmodified design). False
 * when no keeper acts and none with a transaction under its gas cap would profit (the account waits
 * without using capacity; tried again next step).
 */
function marketSale(s: State, i: number): boolean {
  const { now, keepers, collateral, debt, sale } = s;
  const { price, ref } = now;
  const c = collateral[i]!;
  const d = debt[i]!;
  let repay = d * sale.closeFactor;
  if (repay < 1 || d * s.LR < 100) repay = d;
  let seize = (repay * (1 + sale.bonus)) / price;
  if (seize > c) {
    seize = c;
    repay = Math.min(d, (c * price) / (1 + sale.bonus));
  }
  let chosen = -1;
  let cappedWouldProfit = false;
  for (let j = 0; j < keepers.count; j++) {
    const kk = keepers.byMargin[j]!;
    const profit = seize * ref * (1 - keepers.margin[kk]!) - repay;
    if (profit < 0) continue;
    if (keepers.txLeft[kk]! > 0) cappedWouldProfit = true;
    if (keepers.capital[kk]! < repay) continue;
    if (!useTx(keepers, now, kk, profit)) continue;
    chosen = kk;
    break;
  }
  // Waits: still crossed next step. It used capacity only if a keeper under its gas cap would profit.
  if (chosen < 0) return cappedWouldProfit;
  keepers.capital[chosen]! -= repay;
  collateral[i] = c - seize;
  debt[i] = d - repay;
  s.repaid += repay;
  s.saleWho.push(chosen);
  s.saleUnits.push(seize);
  s.liquidations++;
  if (s.everLiquidated[i] === 0) {
    s.everLiquidated[i] = 1;
    s.accountsLiquidated++;
  }
  if (collateral[i]! <= 1e-12 * Math.max(1, c)) {
    if (debt[i]! > 0) s.badDebt += debt[i]!;
    collateral[i] = 0;
    debt[i] = 0;
  }
  const c2 = collateral[i]!;
  const d2 = debt[i]!;
  s.liqT[i] = d2 > 0 ? (c2 > 0 ? (d2 * s.LR) / c2 : Infinity) : -1;
  if (s.callT[i]! >= 0) {
    const CR = s.design.margin.callRatio;
    s.callT[i] = d2 > 0 ? (c2 > 0 ? (d2 * CR) / c2 : Infinity) : -1;
  }
  s.hot[i] = Math.max(s.liqT[i]!, s.callT[i]!);
  return true;
}

/** The scenario with a population that answers no margin call (what the reference models). */
export function noResponses(scenario: Scenario): Scenario {
  const p = scenario.population;
  return { ...scenario, population: { ...p, response: { ...p.response, topUp: 0, deleverage: 0 } } };
}
