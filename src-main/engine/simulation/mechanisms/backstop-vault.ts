/**
 * A protocol-owned backstop vault (Hyperliquid's HLP; MODEL.md §6): it takes over, at the oracle
 * price, positions whose equity has fallen below a fraction of maintenance margin — their units and
 * their debt — while its own equity stays ≥ 0 and its holding within a risk limit, and unwinds them on
 * the market with a half-life. Sale proceeds repay the debt it took over first; a loss left when it
 * holds nothing is paid from its capital, and past that is bad debt.
 */
import { asDoubles } from '../../double-fields.ts';
import type { ExchangeCloseDesign } from '../../design.ts';
import { WHO_VAULT } from '../orders.ts';
import type { World } from '../world.ts';
import { sellFraction, sellOff } from './backstop-sale.ts';

type VaultSpec = NonNullable<ExchangeCloseDesign['backstopVault']>;

/** Debt of positions closed or taken over and not yet settled, USD (shared by closes and the vault). */
export class PendingDebt {
  usd = 0;

  constructor() {
    asDoubles(this, ['usd']);
  }
}

export class BackstopVault {
  cash: number;
  /** Units held, and the debt of the positions taken over, USD. */
  units = 0;
  debt = 0;
  private readonly sellFraction: number;

  constructor(
    private readonly w: World,
    readonly spec: VaultSpec,
    private readonly pending: PendingDebt,
  ) {
    asDoubles(this, ['units', 'debt']);
    this.cash = spec.capitalUsd;
    this.sellFraction = sellFraction(w.dt, spec.unwindHalfLifeSeconds);
  }

  /** Equity at `price`: cash + holdings − debt taken over, USD. */
  equityAt(price: number): number {
    return this.cash + this.units * price - this.debt;
  }

  /**
   * Would the vault take over a position of c units and `equity` USD (at the oracle `price`) now,
   * with `haircut` the maintenance margin in force?
   */
  accepts(c: number, equity: number, price: number, haircut: number): boolean {
    const spec = this.spec;
    return (
      equity < spec.belowMaintenanceFraction * haircut * c * price &&
      this.equityAt(price) + equity >= 0 &&
      (this.units + c) * price <= spec.maxHoldingUsd
    );
  }

  /** Takes over a position of c units and d USD of debt. */
  takeOver(c: number, d: number): void {
    this.debt += d;
    this.pending.usd += d;
    this.units += c;
  }

  /** Phase 7: this step's unwinding sale. */
  release(): void {
    this.units -= sellOff(this.w, this.units, this.sellFraction, WHO_VAULT);
  }

  /** The vault's sale filled for `proceeds` USD. */
  settle(proceeds: number, t: number): void {
    const { totals, ledger } = this.w;
    const pending = this.pending;
    const repay = Math.min(this.debt, proceeds);
    this.debt -= repay;
    pending.usd -= repay;
    totals.repaid += repay;
    this.cash += proceeds - repay;
    if (this.units <= 0 && this.debt > 0) {
      const pay = Math.min(this.cash, this.debt);
      this.cash -= pay;
      this.debt -= pay;
      pending.usd -= pay;
      totals.repaid += pay;
      if (this.debt > 1e-9) ledger.badDebt(this.debt, t);
      pending.usd -= this.debt;
      this.debt = 0;
    }
    if (pending.usd < 1e-6) pending.usd = 0;
  }
}
