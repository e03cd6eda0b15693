/**
 * The margin engine's state (MODEL.md §5, step 3): the requirement in force at each step and the
 * circuit breaker.
 *
 * Every account's liquidation trigger is computed once with the design's base ratio LR₀ (and re-filed
 * only when the account's own balances change). A requirement that moves over time — a volatility-
 * scaled margin, or a breaker that scales margins — moves every trigger by the same factor
 * LR_t / LR₀, so the indexes are queried at price × LR₀ / LR_t instead of re-filing a million
 * accounts: exact for lending accounts (trigger = debt × LR / collateral), and for perpetuals margined
 * in the numeraire; for perpetuals margined in the same asset it scales the liquidation price the same
 * way (documented approximation).
 *
 * Requirements are expressed as a haircut h = 1 − 1/LR (the share of collateral value that must stay
 * unborrowed; for a perpetual, the maintenance margin). A volatility-scaled margin sets
 * h_t = h₀ × clamp(m_t, floorMultiple, capMultiple), with m_t = σ_t / σ_ref from an EWMA of the
 * oracle's squared log returns sampled every `returnIntervalMinutes`, limited to rise at most `maxRisePerHour` per hour. Anti-procyclical
 * variants: a buffer the posted multiple keeps over the computed one in calm times and spends first in
 * stress (hysteresis band), or a stressed-volatility floor blended into σ.
 */
import { asDoubles } from './double-fields.ts';
import { basketEfficiency } from './basket.ts';
import type { BasketWeight } from './basket.ts';
import type { CircuitBreakerSchema, Design, MarginDesign } from './design.ts';
import type { z } from 'zod';

type CircuitBreaker = z.infer<typeof CircuitBreakerSchema>;

const SECONDS_PER_YEAR = 365 * 86_400;
/** Haircuts are kept below this so ratios stay finite. */
const MAX_HAIRCUT = 0.95;

export class MarginState {
  /** Base liquidation ratio LR₀ (triggers are computed with it). */
  readonly baseRatio: number;
  readonly baseHaircut: number;
  /** Liquidation ratio in force this step. */
  ratio: number;
  /** Posted multiple of the base haircut (1 in calm for every model). */
  multiple = 1;
  /** EWMA annualised volatility of the oracle. */
  volatility: number;
  /** Highest ratio in force so far. */
  peakRatio: number;
  breakerActive = false;
  breakerTrips = 0;
  /** Step at which the breaker trips off, when active. */
  breakerUntil = -1;

  private variance: number;
  private readonly lambda: number;
  private sampleSteps = 1;
  private readonly refVol: number;
  private lastPrice = 0;
  private readonly breaker: CircuitBreaker | null;
  private readonly windowSteps: number;
  private readonly durationSteps: number;
  /** Monotone deque of (step, price) for the window maximum. */
  private readonly dqStep: Int32Array;
  private readonly dqPrice: Float64Array;
  private dqHead = 0;
  private dqTail = 0;

  constructor(
    private readonly margin: MarginDesign,
    private readonly stepSeconds: number,
    breaker: CircuitBreaker | null,
  ) {
    this.baseRatio = margin.liquidationRatio;
    this.baseHaircut = 1 - 1 / margin.liquidationRatio;
    this.ratio = this.baseRatio;
    this.peakRatio = this.baseRatio;
    if (margin.kind === 'volatility-scaled') {
      const v = margin.volatility;
      this.volatility = v.referenceVolatility;
      this.refVol =
        v.antiProcyclical.kind === 'stressed-floor'
          ? (1 - v.antiProcyclical.weight) * v.referenceVolatility +
            v.antiProcyclical.weight * v.antiProcyclical.stressedVolatility
          : v.referenceVolatility;
      this.sampleSteps = Math.max(1, Math.round((v.returnIntervalMinutes * 60) / stepSeconds));
      this.lambda = Math.pow(0.5, (this.sampleSteps * stepSeconds) / (v.ewmaHalfLifeHours * 3600));
    } else {
      this.volatility = 0;
      this.refVol = 1;
      this.lambda = 1;
    }
    this.variance = (this.volatility * this.volatility) / SECONDS_PER_YEAR;
    this.breaker = breaker;
    this.windowSteps = breaker ? Math.max(1, Math.round(breaker.windowSeconds / stepSeconds)) : 0;
    this.durationSteps = breaker ? Math.max(1, Math.round(breaker.durationSeconds / stepSeconds)) : 0;
    this.dqStep = new Int32Array(breaker ? this.windowSteps + 2 : 0);
    this.dqPrice = new Float64Array(breaker ? this.windowSteps + 2 : 0);
    asDoubles(this, ['ratio', 'multiple', 'volatility', 'peakRatio', 'variance', 'lastPrice']);
  }

  /** Factor the indexes' query price is multiplied by: LR₀ / LR_t. */
  get queryFactor(): number {
    return this.baseRatio / this.ratio;
  }

  /** Whether liquidations are paused this step (a tripped `pause` breaker). */
  get paused(): boolean {
    return this.breakerActive && this.breaker?.action === 'pause';
  }

  /**
   * Step 3 of MODEL §7: reads the oracle price of step t, updates volatility, the breaker and the
   * requirement. Returns 'tripped' or 'reset' when the breaker changes state this step, else null.
   */
  update(t: number, oracle: number): 'tripped' | 'reset' | null {
    let change: 'tripped' | 'reset' | null = null;
    // Volatility: EWMA of squared log returns over the sampling interval, per second, annualised.
    if (t === 0) this.lastPrice = oracle;
    else if (this.margin.kind === 'volatility-scaled' && t % this.sampleSteps === 0 && this.lastPrice > 0) {
      const r = Math.log(oracle / this.lastPrice);
      this.variance =
        this.lambda * this.variance + ((1 - this.lambda) * r * r) / (this.sampleSteps * this.stepSeconds);
      this.volatility = Math.sqrt(this.variance * SECONDS_PER_YEAR);
      this.lastPrice = oracle;
    }
    // Circuit breaker: the oracle's fall from its maximum over the window.
    if (this.breaker) {
      const b = this.breaker;
      while (this.dqTail > this.dqHead && this.dqPrice[(this.dqTail - 1) % this.dqPrice.length]! <= oracle)
        this.dqTail--;
      this.dqStep[this.dqTail % this.dqStep.length] = t;
      this.dqPrice[this.dqTail % this.dqPrice.length] = oracle;
      this.dqTail++;
      while (this.dqStep[this.dqHead % this.dqStep.length]! < t - this.windowSteps) this.dqHead++;
      const peak = this.dqPrice[this.dqHead % this.dqPrice.length]!;
      if (this.breakerActive && t >= this.breakerUntil) {
        this.breakerActive = false;
        change = 'reset';
        // A new trip needs a new fall: the window restarts from here.
        this.dqHead = this.dqTail - 1;
      }
      if (!this.breakerActive && change === null && 1 - oracle / peak >= b.dropFraction) {
        this.breakerActive = true;
        this.breakerUntil = t + this.durationSteps;
        this.breakerTrips++;
        change = 'tripped';
      }
    }
    // Requirement.
    let multiple = 1;
    if (this.margin.kind === 'volatility-scaled') {
      const v = this.margin.volatility;
      const apc = v.antiProcyclical;
      const sigma =
        apc.kind === 'stressed-floor'
          ? (1 - apc.weight) * this.volatility + apc.weight * apc.stressedVolatility
          : this.volatility;
      let computed = sigma / this.refVol;
      if (apc.kind === 'buffer') {
        // The posted multiple is 1 in calm (= computed × (1 + buffer)) and moves only when the
        // computed multiple leaves [posted / (1 + buffer), posted].
        computed /= 1 + apc.buffer;
        multiple = Math.min(Math.max(this.multiple, computed), computed * (1 + apc.buffer));
      } else multiple = computed;
      multiple = Math.min(Math.max(multiple, v.floorMultiple), v.capMultiple);
      if (v.maxRisePerHour !== null) {
        const maxUp = this.multiple + (v.maxRisePerHour * this.stepSeconds) / 3600;
        if (multiple > maxUp) multiple = maxUp;
      }
    }
    this.multiple = multiple;
    let h = this.baseHaircut * multiple;
    if (this.breakerActive && this.breaker?.action === 'scale-margin') h *= this.breaker.haircutMultiplier;
    if (h > MAX_HAIRCUT) h = MAX_HAIRCUT;
    this.ratio = Math.max(1, 1 / (1 - h));
    if (this.ratio > this.peakRatio) this.peakRatio = this.ratio;
    return change;
  }
}

/**
 * Capital efficiency of a design (MODEL §8): the largest loan-to-value it allows and the leverage
 * that gives. Lending: max LTV = 1/LR, and looping the loan gives leverage LR/(LR − 1). Perpetual
 * exchanges (exchange-close): the call ratio stands for the initial margin IM = 1 − 1/callRatio (the
 * level below which a position could not be opened), so leverage = 1/IM and LTV = 1 − IM (the share of
 * the notional not posted as margin). `ratio` overrides the liquidation ratio (e.g. the peak one).
 * `basket` (the population's collateral, see basket.ts collateralBasket): with the design's
 * collateral haircuts, max LTV = Σ_a w_a (1 − h_a) / LR and leverage 1 / (1 − LTV) (the same
 * LR/(LR − 1) when there is no haircut). Soft liquidation (LLAMMA): the loan crvUSD allows at N bands.
 */
export function capitalEfficiencyOf(
  design: Design,
  ratio?: number,
  basket?: readonly BasketWeight[],
): { maxLtv: number; maxLeverage: number } {
  const scale = ratio === undefined ? 1 : ratio / design.margin.liquidationRatio;
  if (design.liquidation.kind === 'exchange-close') {
    const im = Math.min(0.999, (1 - 1 / design.margin.callRatio) * scale);
    return { maxLtv: 1 - im, maxLeverage: im > 0 ? 1 / im : Infinity };
  }
  if (design.liquidation.kind === 'soft-liquidation') {
    // crvUSD: the most a loan can borrow is its collateral through N bands from the current price,
    // less the loan discount: (1 − loanDiscount) · (1 − e^(−NΔ)) / (NΔ), Δ = ln(A / (A − 1)).
    const { bands, bandWidthFactor: A, loanDiscount } = design.liquidation;
    const nd = bands * Math.log(A / (A - 1));
    const e = basket === undefined ? 1 : basketEfficiency(basket, design.collateralHaircuts);
    const ltv = (e * (1 - loanDiscount) * (1 - Math.exp(-nd))) / nd / scale;
    return { maxLtv: ltv, maxLeverage: ltv < 1 ? 1 / (1 - ltv) : Infinity };
  }
  const lr = ratio ?? design.margin.liquidationRatio;
  if (basket === undefined) return { maxLtv: 1 / lr, maxLeverage: lr > 1 ? lr / (lr - 1) : Infinity };
  // Collateral basket with haircuts: max LTV = Σ w_a (1 − h_a) / LR; looping gives 1 / (1 − LTV).
  // (e / LR and LR / (LR − e): exactly the single-asset figures when e = 1.)
  const e = basketEfficiency(basket, design.collateralHaircuts);
  return { maxLtv: e / lr, maxLeverage: lr > e ? lr / (lr - e) : Infinity };
}

/**
 * The liquidation ratio a volatility-scaled margin reaches at its cap (the haircut 1 − 1/LR times
 * `capMultiple`, at most MAX_HAIRCUT, as the model applies it); null for a fixed ratio.
 */
export function ratioAtCap(design: Design): number | null {
  if (design.margin.kind !== 'volatility-scaled') return null;
  const haircut = Math.min(
    MAX_HAIRCUT,
    (1 - 1 / design.margin.liquidationRatio) * design.margin.volatility.capMultiple,
  );
  return 1 / (1 - haircut);
}
