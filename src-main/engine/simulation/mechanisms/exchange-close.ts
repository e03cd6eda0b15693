/**
 * Exchange close (perpetuals; MODEL.md §6): the exchange's own liquidation engine (no keepers) closes
 * a long at market and charges a fee to the insurance fund from what equity is left; negative equity
 * is paid by the fund; once it is empty, bankrupt positions are auto-deleveraged against the most
 * profitable, most leveraged shorts at their bankruptcy price (perps.ts), and a loss still left is
 * taken from shorts' unrealised profit, then bad debt. A backstop vault (backstop-vault.ts) can take
 * positions deep below maintenance first. Large positions are cut in slices with a cooldown
 * (`partialClose`), or down to the partial target.
 */
import { asDoubles } from '../../double-fields.ts';
import { noteChanged, STATUS_ACTIVE } from '../../accounts.ts';
import type { ExchangeCloseDesign } from '../../design.ts';
import { fmtUsd, pct, plural } from '../../format.ts';
import { SRC_LIQUIDATION, WHO_CLOSE_BASE, WHO_VAULT } from '../orders.ts';
import type { World } from '../world.ts';
import { BackstopVault, PendingDebt } from './backstop-vault.ts';
import type { Narration } from './mechanism.ts';
import { MechanismBase } from './mechanism.ts';
import { countedUnits } from './narration.ts';

export class ExchangeClose extends MechanismBase {
  private readonly pending = new PendingDebt();
  readonly vault: BackstopVault | null;
  /** An account may not be cut again before this step (partial closes). */
  private readonly cooldownUntil: Int32Array | null;
  private readonly cooldownSteps: number;
  private fundWasEmpty = false;
  // This step: accounts auto-deleveraged and their notional; vault takeovers; the fund emptied.
  private adlNow = 0;
  private adlUsdNow = 0;
  private vaultNow = 0;
  private fundExhaustedNow = false;

  constructor(
    private readonly w: World,
    private readonly spec: ExchangeCloseDesign,
  ) {
    super();
    asDoubles(this, ['adlUsdNow']);
    this.vault = spec.backstopVault ? new BackstopVault(w, spec.backstopVault, this.pending) : null;
    const partial = spec.partialClose;
    this.cooldownUntil = partial ? new Int32Array(w.acc.count).fill(-1) : null;
    this.cooldownSteps = partial ? Math.round(partial.cooldownSeconds / w.dt) : 0;
  }

  override get backstopUnits(): number {
    return this.vault?.units ?? 0;
  }
  override get pendingDebtUsd(): number {
    return this.pending.usd;
  }
  override get adlAccountsNow(): number {
    return this.adlNow;
  }
  override get adlNotionalNowUsd(): number {
    return this.adlUsdNow;
  }
  override vaultEquityUsd(ref: number): number {
    return this.vault ? this.vault.equityAt(ref) : 0;
  }

  override beginStep(): void {
    this.adlNow = 0;
    this.adlUsdNow = 0;
    this.vaultNow = 0;
    this.fundExhaustedNow = false;
  }

  /** The exchange's own engine needs no keepers. */
  capacity(): number {
    return Infinity;
  }

  liquidate(i: number): number {
    const c = this.w.acc.collateral[i]!;
    const d = this.w.acc.debt[i]!;
    const { w } = this;
    if (this.cooldownUntil && w.now.t < this.cooldownUntil[i]!) {
      w.deferredLiq.push(i);
      return -1;
    }
    const { price } = w.now;
    const equity = c * price - d;
    if (this.vault && this.vault.accepts(c, equity, price, 1 - 1 / w.margin.ratio)) {
      this.takeOver(i, c, d);
      return 0;
    }
    let cNow = c;
    let dNow = d;
    // Bankrupt (equity ≤ 0 at the oracle) with the fund empty: auto-deleverage at the bankruptcy price.
    if (this.spec.autoDeleverage && w.shorts && w.fund.balance <= 1e-9 && c > 0 && equity <= 0) {
      if (this.deleverage(i, c, d)) return 0;
      cNow = w.acc.collateral[i]!;
      dNow = w.acc.debt[i]!;
    }
    return this.close(i, cNow, dNow);
  }

  override release(): void {
    this.vault?.release();
  }

  override settle(who: number, proceeds: number, debt: number): void {
    if (who === WHO_VAULT) this.vault!.settle(proceeds, this.w.now.t);
    else if (debt < 0) this.settlePartial(WHO_CLOSE_BASE - who, proceeds);
    else this.settleWhole(proceeds, debt, this.w.now.t);
  }

  override endStep(): void {
    const { fund, totals, now } = this.w;
    if (!this.fundWasEmpty && fund.balance <= 1e-9 && totals.insurancePaid > 0) {
      this.fundWasEmpty = true;
      if (totals.fundExhaustedStep < 0) totals.fundExhaustedStep = now.t;
      this.fundExhaustedNow = true;
    }
  }

  describeLiquidations(): string {
    const { now, tally } = this.w;
    return `${countedUnits(this.w, 'position', 'closed by the exchange:')}; mark ${fmtUsd(now.price)} vs book ${fmtUsd(now.ref)}; insurance fund ${fmtUsd(tally.fundAfterTriggers)}`;
  }

  override narrateSettlement(emit: Narration): void {
    const { totals, now } = this.w;
    if (this.fundExhaustedNow) {
      emit(
        'fund',
        `insurance fund exhausted after paying ${fmtUsd(totals.insurancePaid)} of negative equity: further losses go to auto-deleveraging${this.spec.autoDeleverage ? '' : ' (off in this design: they become bad debt)'}`,
      );
    }
    if (this.adlNow > 0) {
      emit(
        'adl',
        `auto-deleveraging: ${this.adlNow} profitable ${plural(this.adlNow, 'short')} cut (${fmtUsd(this.adlUsdNow)} at bankruptcy prices); the insurance fund is empty`,
      );
    }
    if (this.vaultNow > 0) {
      emit(
        'pool',
        `backstop vault took over ${this.vaultNow} ${plural(this.vaultNow, 'position')} below ${pct(this.vault?.spec.belowMaintenanceFraction ?? 0)} of maintenance; vault equity ${fmtUsd(this.vaultEquityUsd(now.ref))}`,
      );
    }
  }

  /** The vault takes account i over (its units and its debt), at the oracle price. */
  private takeOver(i: number, c: number, d: number): void {
    const { w } = this;
    this.vault!.takeOver(c, d);
    w.totals.vaultTakeovers++;
    w.totals.vaultTakeoverUsd += c * w.now.price;
    this.vaultNow++;
    w.closeAccount(i);
    w.health.retrigger(i);
    w.noteKick(c);
    w.logLiquidation(i, c, d);
  }

  /** Auto-deleverages account i against profitable shorts at its bankruptcy price; true when it is gone. */
  private deleverage(i: number, c: number, d: number): boolean {
    const { w } = this;
    const { acc, totals, now } = w;
    if (totals.fundExhaustedStep < 0) totals.fundExhaustedStep = now.t;
    const pb = d / c;
    const r = w.shorts!.book.deleverage(c, pb, now.price);
    if (r.units <= 0) return false;
    const debtPart = r.units >= c ? d : (d * r.units) / c;
    acc.collateral[i] = c - r.units;
    acc.debt[i] = d - debtPart;
    noteChanged(acc, i);
    totals.collateralOut += r.units;
    totals.repaid += debtPart;
    totals.adlAccounts += r.accounts;
    totals.adlNotionalUsd += r.units * pb;
    if (totals.firstAdlStep < 0) totals.firstAdlStep = now.t;
    this.adlNow += r.accounts;
    this.adlUsdNow += r.units * pb;
    w.noteKick(r.units);
    w.logLiquidation(i, r.units, debtPart);
    if (r.units >= c) {
      w.closeAccount(i);
      w.health.retrigger(i);
      return true;
    }
    w.health.retrigger(i);
    return false;
  }

  /** Closes account i at market: whole, a slice (partial close), or down to the partial target. */
  private close(i: number, c: number, d: number): number {
    const { w } = this;
    const { acc, now, totals } = w;
    const { price, ref } = now;
    let units = Math.min(c, w.modifiers.partialUnits(c, d, 0, price, now.qf), w.modifiers.maxUnits(ref));
    const partial = this.spec.partialClose;
    // A position with no equity left is closed whole: slicing it would only defer the loss.
    if (partial && c * price > partial.aboveUsd && c * price > d) {
      units = Math.min(units, c * partial.fraction);
      this.cooldownUntil![i] = now.t + this.cooldownSteps;
    }
    if (units <= 0) {
      w.deferredLiq.push(i);
      return -1;
    }
    totals.collateralOut += units;
    w.noteKick(units);
    if (units >= c * (1 - 1e-12)) {
      // Whole close: the account is gone; the fill settles its debt (and fee, fund, ADL).
      w.logLiquidation(i, c, d);
      w.closeAccount(i);
      w.health.retrigger(i);
      w.modifiers.sell(w.orders, SRC_LIQUIDATION, WHO_CLOSE_BASE - i, c, d, ref);
      if (d > 0) this.pending.usd += d;
    } else {
      // Partial close: the proceeds repay the account's debt when they settle.
      w.logLiquidation(i, units, Math.min(d, units * price));
      acc.collateral[i] = c - units;
      noteChanged(acc, i);
      acc.selling[i] = 1;
      w.orders.push(SRC_LIQUIDATION, WHO_CLOSE_BASE - i, units, -1);
      w.health.retrigger(i);
    }
    w.modifiers.usedUsd += units * ref;
    return 0;
  }

  /** A partial close of account i filled: the fee comes out of the equity left, the rest repays its debt. */
  private settlePartial(i: number, proceeds: number): void {
    const { acc, totals, now, fund } = this.w;
    const equityAfter = acc.collateral[i]! * now.ref + proceeds - acc.debt[i]!;
    const fee = Math.min(this.spec.liquidationFee * proceeds, Math.max(0, equityAfter));
    fund.receiveFee(fee);
    const repay = Math.min(acc.debt[i]!, proceeds - fee);
    acc.debt[i] = acc.debt[i]! - repay;
    noteChanged(acc, i);
    totals.repaid += repay;
    totals.proceedsUsd += proceeds;
    totals.returnedEquityUsd += proceeds - fee - repay;
    acc.selling[i] = 0;
    this.w.health.retrigger(i);
    if (acc.status[i] === STATUS_ACTIVE && acc.debt[i]! > 0) this.w.deferredLiq.push(i);
  }

  /** A whole close filled against its debt: fee, equity back, or a deficit for the fund, ADL, bad debt. */
  private settleWhole(proceeds: number, debt: number, t: number): void {
    const { totals, fund } = this.w;
    this.pending.usd -= debt;
    if (this.pending.usd < 1e-6) this.pending.usd = 0;
    totals.proceedsUsd += proceeds;
    const fee = Math.min(this.spec.liquidationFee * proceeds, Math.max(0, proceeds - debt));
    fund.receiveFee(fee);
    const rem = proceeds - debt - fee;
    if (rem >= 0) {
      totals.repaid += debt;
      totals.returnedEquityUsd += rem;
      return;
    }
    totals.repaid += proceeds;
    let deficit = -rem;
    const fromFund = fund.draw(deficit);
    totals.repaid += fromFund;
    deficit -= fromFund;
    if (deficit <= 0) return;
    if (totals.fundExhaustedStep < 0) totals.fundExhaustedStep = t;
    if (this.spec.autoDeleverage && this.w.shorts) deficit -= this.haircutShorts(deficit, t);
    if (deficit > 1e-9) this.w.ledger.badDebt(deficit, t);
  }

  /** Takes a deficit from profitable shorts' unrealised PnL (a socialised ADL haircut); returns the USD covered. */
  private haircutShorts(deficit: number, t: number): number {
    const { totals, now } = this.w;
    const h = this.w.shorts!.book.haircut(deficit, now.price);
    if (h.usd <= 0) return 0;
    totals.repaid += h.usd;
    totals.adlHaircutUsd += h.usd;
    totals.adlAccounts += h.accounts;
    this.adlNow += h.accounts;
    this.adlUsdNow += h.usd;
    if (totals.firstAdlStep < 0) totals.firstAdlStep = t;
    return h.usd;
  }
}
