/**
 * Stability pool (Liquity v1; MODEL.md §6): the pool burns deposits equal to a liquidated account's
 * debt and takes its collateral (less the caller's compensation, which the caller keeps); depositors
 * sell their collateral gains with a half-life and put part of the proceeds back. What the deposits
 * cannot absorb is redistributed to the remaining accounts pro rata to collateral at the end of the
 * step — or, with `whenEmpty: market-sale`, the account is sold at market instead.
 */
import { asDoubles } from '../../double-fields.ts';
import { noteChanged, STATUS_ACTIVE } from '../../accounts.ts';
import type { StabilityPoolDesign } from '../../design.ts';
import { fmtUnits, fmtUsd, plural } from '../../format.ts';
import { SRC_BACKSTOP, WHO_NONE, WHO_POOL } from '../orders.ts';
import type { World } from '../world.ts';
import { sellFraction, sellOff } from './backstop-sale.ts';
import { kicksLeft, takeKickTx } from './keeper-actions.ts';
import { marketSale } from './market-sale.ts';
import type { Narration } from './mechanism.ts';
import { MechanismBase } from './mechanism.ts';
import { countedUnits, describeKeeperLiquidations } from './narration.ts';

export class StabilityPool extends MechanismBase {
  /** Deposits, USD, and the collateral the pool holds, units. */
  deposits: number;
  units = 0;
  /** Debt and collateral waiting to be redistributed at the end of the step (pool empty). */
  private redistDebt = 0;
  private redistColl = 0;
  private readonly sellFraction: number;
  // This step: accounts absorbed and their debt; what was redistributed.
  private pooledNow = 0;
  private pooledDebtNow = 0;
  private redistributedDebtNow = 0;
  private redistributedCollNow = 0;

  constructor(
    private readonly w: World,
    private readonly spec: StabilityPoolDesign,
  ) {
    super();
    asDoubles(this, [
      'units',
      'redistDebt',
      'redistColl',
      'pooledDebtNow',
      'redistributedDebtNow',
      'redistributedCollNow',
    ]);
    this.deposits = spec.depositsUsd;
    this.sellFraction = sellFraction(w.dt, spec.sellOffHalfLifeSeconds);
  }

  override get backstopUnits(): number {
    return this.units;
  }
  override get poolDepositsUsd(): number {
    return this.deposits;
  }

  override beginStep(): void {
    this.pooledNow = 0;
    this.pooledDebtNow = 0;
    this.redistributedDebtNow = 0;
    this.redistributedCollNow = 0;
  }

  /** Liquidity's liquidate calls are kicks (they pay the caller's compensation, so they land at any gas). */
  capacity(): number {
    return kicksLeft(this.w.keepers, this.w.now.gas, false);
  }

  liquidate(i: number): number {
    const c = this.w.acc.collateral[i]!;
    const d = this.w.acc.debt[i]!;
    const totals = this.w.totals;
    const before = totals.poolAbsorbedUsd;
    const sold = this.absorb(i, c, d);
    if (totals.poolAbsorbedUsd > before) {
      this.pooledNow++;
      this.pooledDebtNow += totals.poolAbsorbedUsd - before;
    }
    return sold;
  }

  override release(): void {
    this.units -= sellOff(this.w, this.units, this.sellFraction, WHO_POOL);
  }

  /** The depositors' sale filled: they put part of the proceeds back into the pool. */
  override settle(_who: number, proceeds: number, _debt: number): void {
    this.deposits += proceeds * this.spec.reinvestFraction;
  }

  override endStep(): void {
    if (this.redistDebt > 0 || this.redistColl > 0) this.redistribute(this.w.now.t);
  }

  describeLiquidations(): string {
    return describeKeeperLiquidations(this.w, countedUnits(this.w, 'liquidation', 'of'));
  }

  override narrateSettlement(emit: Narration): void {
    if (this.redistributedDebtNow > 0 || this.redistributedCollNow > 0) {
      emit(
        'pool',
        `stability pool empty: ${fmtUsd(this.redistributedDebtNow)} of debt and ${fmtUnits(this.redistributedCollNow)} ${this.w.scenario.population.asset} redistributed to the remaining accounts`,
      );
    }
    if (this.pooledNow > 0) {
      emit(
        'pool',
        `stability pool absorbed ${fmtUsd(this.pooledDebtNow)} of debt from ${this.pooledNow} ${plural(this.pooledNow, 'account')}; deposits left ${fmtUsd(this.deposits)}`,
      );
    }
  }

  /** The pool absorbs what its deposits cover of account i; the rest waits for redistribution. */
  private absorb(i: number, c: number, d: number): number {
    const { w, spec } = this;
    const { now, totals } = w;
    if (this.deposits < d && spec.whenEmpty === 'market-sale') {
      return marketSale(w, i, c, d, { closeFactor: spec.fallbackCloseFactor, bonus: spec.fallbackBonus });
    }
    const compUnits = c * spec.gasCompensationFraction;
    if (!takeKickTx(w.keepers, now, spec.gasCompensationUsd + compUnits * now.price)) {
      w.deferredLiq.push(i);
      return -1;
    }
    const f = d > 0 ? Math.min(1, this.deposits / d) : 1;
    const rest = c - compUnits;
    this.deposits -= d * f;
    if (this.deposits < 1e-9) this.deposits = 0;
    this.units += rest * f;
    totals.repaid += d * f;
    totals.poolAbsorbedUsd += d * f;
    this.redistDebt += d * (1 - f);
    this.redistColl += rest * (1 - f);
    // The caller keeps its collateral compensation (no sale at liquidation time); the flat part comes
    // out of the account's own gas reserve in Liquity, so it is not a protocol cost here.
    w.closeAccount(i);
    w.health.retrigger(i);
    totals.collateralOut += compUnits;
    w.noteKick(c);
    w.logLiquidation(i, c, d);
    return 0;
  }

  /** Spreads the step's unabsorbed debt and collateral over the active accounts, pro rata to collateral. */
  private redistribute(t: number): void {
    const { acc, totals } = this.w;
    let C = 0;
    for (let i = 0; i < acc.count; i++)
      if (acc.status[i] === STATUS_ACTIVE && acc.debt[i]! > 0) C += acc.collateral[i]!;
    const rd = this.redistDebt;
    const rc = this.redistColl;
    this.redistDebt = 0;
    this.redistColl = 0;
    if (C <= 0) {
      // Nobody left to take it: the collateral is the protocol's to sell (next step), the debt is bad debt.
      totals.collateralOut += rc;
      this.w.orders.push(SRC_BACKSTOP, WHO_NONE, rc, 0);
      this.w.ledger.badDebt(rd, t);
      return;
    }
    for (let i = 0; i < acc.count; i++) {
      if (acc.status[i] !== STATUS_ACTIVE || acc.debt[i]! <= 0) continue;
      const share = acc.collateral[i]! / C;
      acc.collateral[i] = acc.collateral[i]! + share * rc;
      acc.debt[i] = acc.debt[i]! + share * rd;
      noteChanged(acc, i);
      this.w.waiting.grew(i);
      this.w.health.retrigger(i);
    }
    totals.redistributedDebtUsd += rd;
    totals.redistributedCollateral += rc;
    this.redistributedDebtNow = rd;
    this.redistributedCollNow = rc;
  }
}
