/**
 * Fixed-discount market sale (Compound, Aave; MODEL.md §6): a liquidator repays part of the debt (the
 * close factor, or the partial target) and receives collateral worth repay × (1 + bonus) at the oracle
 * price, which it sells on the venues. The liquidator must have the capital and a profit at the
 * market price after its required margin; an emptied account's remaining debt is bad debt.
 */
import { noteChanged, STATUS_ACTIVE } from '../../accounts.ts';
import type { MarketSaleDesign } from '../../design.ts';
import { fmtUnits, plural } from '../../format.ts';
import { SRC_LIQUIDATION } from '../orders.ts';
import type { World } from '../world.ts';
import { txLeftTotal, useTx } from './keeper-actions.ts';
import { MechanismBase } from './mechanism.ts';
import { describeKeeperLiquidations } from './narration.ts';

/** One market-sale liquidation (also the stability pool's fallback). Returns the USD put on the market, or −1. */
export function marketSale(
  w: World,
  i: number,
  c: number,
  d: number,
  sale: { closeFactor: number; bonus: number },
  maxUnits: number,
): number {
  const { now, keepers, acc, totals } = w;
  const { price, ref } = now;
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
  return seize * ref;
}

/** The most aggressive keeper with the capital and a profit that can transact now, or −1. */
function chooseLiquidator(w: World, repay: number, seize: number): number {
  const { keepers, now } = w;
  for (let j = 0; j < keepers.count; j++) {
    const k = keepers.byMargin[j]!;
    if (keepers.capital[k]! < repay) continue;
    const profit = seize * now.ref * (1 - keepers.margin[k]!) - repay;
    // Sorted by margin: every keeper further on would make no more (an account no keeper would
    // liquidate at this price is tried again every step, so this loop ran millions of times).
    if (profit < 0) break;
    if (!useTx(keepers, now, k, profit)) continue;
    return k;
  }
  return -1;
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

  liquidate(i: number, c: number, d: number, maxUnits: number): number {
    return marketSale(this.w, i, c, d, this.spec, maxUnits);
  }

  describeLiquidations(): string {
    const { tally, scenario } = this.w;
    const what = `${tally.kicks} ${plural(tally.kicks, 'liquidation')} sold ${fmtUnits(tally.kickedUnits)} ${scenario.population.asset} to liquidators`;
    return describeKeeperLiquidations(this.w, what);
  }
}
