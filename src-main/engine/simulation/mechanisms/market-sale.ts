/**
 * Fixed-discount market sale (Compound, Aave; MODEL.md §6): a liquidator repays part of the debt (the
 * close factor, or the partial target) and receives collateral worth repay × (1 + bonus) at the oracle
 * price, which it sells on the venues. The liquidator must have the capital and a profit at the
 * market price after its required margin; an emptied account's remaining debt is bad debt.
 */
import { noteChanged, STATUS_ACTIVE } from '../../accounts.ts';
import type { MarketSaleDesign } from '../../design.ts';
import { fmtUnits, plural } from '../../format.ts';
import { firstCapped } from '../../keepers.ts';
import { SRC_LIQUIDATION } from '../orders.ts';
import { WAITS_FOR_GAS } from '../waiting-for-gas.ts';
import type { World } from '../world.ts';
import { txLeftTotal, useTx } from './keeper-actions.ts';
import { MechanismBase } from './mechanism.ts';
import { describeKeeperLiquidations } from './narration.ts';

/**
 * One market-sale liquidation (also the stability pool's fallback and LLAMMA's hard liquidation),
 * selling at most what the liquidity cap allows and counting what it sold against it. Returns 0;
 * −1 when no keeper acts and the account is deferred (it used one
 * of the step's capacity); or WAITS_FOR_GAS when no keeper with a transaction under its gas cap would
 * profit and no atomic one pays its gas: keepers pass it over, it waits out of the index
 * (waiting-for-gas.ts).
 */
export function marketSale(
  w: World,
  i: number,
  c: number,
  d: number,
  sale: { closeFactor: number; bonus: number },
): number {
  const { now, keepers, acc, totals } = w;
  const { price, ref } = now;
  const maxUnits = w.modifiers.maxUnits(ref);
  const bonus = sale.bonus;
  let repay = d * sale.closeFactor;
  if (repay < 1 || d * w.design.margin.liquidationRatio < 100) repay = d;
  const partial = w.modifiers.partialUnits(c, d, bonus, price, now.qf);
  if (partial !== Infinity) repay = Math.min(repay, (partial * price) / (1 + bonus));
  let seize = (repay * (1 + bonus)) / price;
  if (seize > maxUnits) {
    seize = maxUnits;
    repay = (seize * price) / (1 + bonus);
  }
  if (seize > c) {
    seize = c;
    repay = Math.min(d, (c * price) / (1 + bonus));
  }
  const chosen = chooseLiquidator(w, repay, seize);
  if (chosen === WAITS_FOR_GAS) {
    w.waiting.add(i, sale.closeFactor, bonus, price);
    return WAITS_FOR_GAS;
  }
  if (chosen < 0) {
    w.deferredLiq.push(i);
    return -1;
  }
  keepers.capital[chosen]! -= repay;
  acc.collateral[i] = c - seize;
  acc.debt[i] = d - repay;
  noteChanged(acc, i);
  totals.repaid += repay;
  totals.collateralOut += seize;
  w.modifiers.sell(w.orders, SRC_LIQUIDATION, chosen, seize, 0, ref);
  w.noteKick(seize);
  totals.proceedsUsd += repay;
  w.logLiquidation(i, seize, repay);
  if (acc.collateral[i]! <= 1e-12 * Math.max(1, c)) {
    const left = acc.debt[i]!;
    w.closeAccount(i);
    if (left > 0) w.ledger.badDebt(left, now.t);
  }
  w.health.retrigger(i);
  if (acc.status[i] === STATUS_ACTIVE && acc.debt[i]! > 0) w.deferredLiq.push(i);
  w.modifiers.usedUsd += seize * ref;
  return 0;
}

/**
 * The most aggressive keeper with the capital and a profit that can transact now; −1 when none can
 * but one with a transaction under its gas cap would profit (it lacks the capital); WAITS_FOR_GAS
 * when no keeper with such a transaction would profit: only an atomic transaction could act, and
 * none pays twice its gas (waiting-for-gas.ts).
 */
function chooseLiquidator(w: World, repay: number, seize: number): number {
  const { keepers, now } = w;
  let from = 0;
  if (keepers.count > 0) {
    // Keepers with no capped transaction left can act only atomically, where the profit pays twice
    // the gas; if even the best margin's does not, the loop below would pass over every one of them
    // (and with none left at all it would end in WAITS_FOR_GAS: most accounts keepers pass over,
    // a whole burst of them, come this way). It starts at the first with a capped transaction.
    const best = seize * now.ref * (1 - keepers.margin[keepers.byMargin[0]!]!) - repay;
    if (!(best >= 2 * now.gasUsdPerTx)) from = firstCapped(keepers);
  }
  let cappedWouldProfit = false;
  for (let j = from; j < keepers.count; j++) {
    const k = keepers.byMargin[j]!;
    const profit = seize * now.ref * (1 - keepers.margin[k]!) - repay;
    // Sorted by margin: every keeper further on would make no more.
    if (profit < 0) break;
    if (keepers.txLeft[k]! > 0) cappedWouldProfit = true;
    if (keepers.capital[k]! < repay) continue;
    if (!useTx(keepers, now, k, profit)) continue;
    return k;
  }
  return cappedWouldProfit ? -1 : WAITS_FOR_GAS;
}

export class MarketSale extends MechanismBase {
  constructor(
    private readonly w: World,
    private readonly spec: MarketSaleDesign,
  ) {
    super();
  }

  /** Every keeper transaction left, capped or atomic. */
  capacity(): number {
    return txLeftTotal(this.w.keepers);
  }

  liquidate(i: number): number {
    const c = this.w.acc.collateral[i]!;
    const d = this.w.acc.debt[i]!;
    return marketSale(this.w, i, c, d, this.spec);
  }

  describeLiquidations(): string {
    const { tally, scenario } = this.w;
    const what = `${tally.kicks} ${plural(tally.kicks, 'liquidation')} sold ${fmtUnits(tally.kickedUnits)} ${scenario.population.asset} to liquidators`;
    return describeKeeperLiquidations(this.w, what);
  }
}
