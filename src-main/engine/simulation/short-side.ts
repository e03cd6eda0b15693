/**
 * The short side of a perpetual market in a run (MODEL.md §3, §6): as many units short as the longs
 * hold (perps.ts). A rising price liquidates shorts — the exchange buys their positions back (phase 5,
 * a purchase that nets against the step's sales) — and auto-deleveraging takes profitable shorts when
 * the insurance fund is empty (mechanisms/exchange-close.ts). Owner of the ShortBook.
 */
import type { Accounts } from '../accounts.ts';
import { IntList } from '../id-list.ts';
import { ShortBook, SHORT_ACTIVE } from '../perps.ts';
import type { PopulationSpec } from '../scenario.ts';
import type { TriggerIndexKind } from '../trigger-index.ts';
import type { Design } from '../design.ts';
import type { InsuranceFund } from './mechanisms/insurance-fund.ts';
import type { StepOrders } from './orders.ts';
import type { Waterfall } from './shortfall.ts';
import type { StepTally } from './step-tally.ts';
import type { StepView } from './step-view.ts';
import type { Totals } from './types.ts';

type PerpsSpec = NonNullable<PopulationSpec['perps']>;

/**
 * What the short side reads and writes of the run's world (world.ts satisfies it); named here so
 * this module does not import the world that owns it.
 */
export interface ShortSideContext {
  readonly acc: Accounts;
  readonly P0: number;
  readonly opts: { readonly seed: number };
  readonly design: Design;
  readonly now: StepView;
  readonly orders: StepOrders;
  readonly tally: StepTally;
  readonly totals: Totals;
  readonly fund: InsuranceFund;
  readonly ledger: Waterfall;
}

export class ShortSide {
  readonly book: ShortBook;
  private readonly liquidatable = new IntList();

  constructor(
    private readonly w: ShortSideContext,
    perps: PerpsSpec,
    sameAssetPerps: boolean,
    maintenance: number,
    indexKind: TriggerIndexKind,
  ) {
    const units = longUnits(w.acc, sameAssetPerps, w.P0);
    this.book = new ShortBook(perps, w.acc.count, units, w.P0, maintenance, w.opts.seed, indexKind);
  }

  get memoryBytes(): number {
    return this.book.memoryBytes;
  }

  /** Phase 5: shorts a rising price has pushed below maintenance are closed; the exchange buys them back. */
  liquidateOnTheRise(): void {
    const { now, orders, tally, totals } = this.w;
    if (now.paused) return;
    const found = this.liquidatable;
    found.clear();
    this.book.liquidatable(now.price, found);
    for (let k = 0; k < found.size; k++) {
      const j = found.items[k]!;
      if (this.book.status[j] !== SHORT_ACTIVE) continue;
      const units = this.book.close(j);
      if (units <= 0) continue;
      orders.shortBuyWho.push(j);
      orders.shortBuyUnits.push(units);
      tally.shortsLiquidated++;
    }
    totals.shortsLiquidated += tally.shortsLiquidated;
  }

  /** Phase 8: short j's buy-back of `units` filled at `fill`: its equity less the fee; a deficit is the fund's. */
  settle(j: number, units: number, fill: number): void {
    const { design, fund, totals, ledger, now } = this.w;
    const book = this.book;
    const liq = design.liquidation;
    const feeRate = liq.kind === 'exchange-close' ? liq.liquidationFee : 0;
    const equity = book.margin[j]! + units * (book.entry[j]! - fill);
    book.margin[j] = 0;
    const fee = Math.min(feeRate * units * fill, Math.max(0, equity));
    fund.receiveFee(fee);
    if (equity - fee >= 0) {
      totals.returnedEquityUsd += equity - fee;
      return;
    }
    const owed = fee - equity;
    const deficit = owed - fund.draw(owed);
    if (deficit > 1e-9) {
      // The shorts' loss is bad debt of the exchange, outside the longs' debt ledger.
      ledger.badDebt(deficit, now.t);
      totals.shortsBadDebt += deficit;
    }
  }
}

/** Units the longs hold (the short side matches them). */
function longUnits(acc: Accounts, sameAssetPerps: boolean, P0: number): number {
  let units = 0;
  for (let i = 0; i < acc.count; i++) units += sameAssetPerps ? acc.debt[i]! / P0 : acc.collateral[i]!;
  return units;
}
