/**
 * What one step of a pass sees (StepView: this step's prices and conditions) and the exogenous
 * path with the venues' quotes (PathState, owner: phase 1). Kept apart from world.ts so the phases
 * and mechanisms that read them need not import the world that builds them.
 */
import { asDoubles } from '../double-fields.ts';
import type { AssetMarket } from '../market.ts';

/** This step's prices and conditions, set by phases 1–5 and read by every later phase. */
export class StepView {
  /** Step index, and its time in epoch seconds. */
  t = 0;
  tSec = 0;
  /** Exogenous price of a collateral unit (a basket's per unit), and the population asset's composite impact (log). */
  F = 0;
  preImpact = 0;
  /** The market's composite price before this step's flows, USD (what keepers value collateral at). */
  ref = 0;
  gas = 0;
  /** The oracle price the protocol acts on, USD. */
  price = 0;
  /**
   * Query factor of the trigger indexes: LR₀ / LR_t from the margin engine, times a basket's haircut
   * efficiency. Triggers are compared with price × qf.
   */
  qf = 1;
  /** Keepers whose capped transactions land this step, and the gas cost of one transaction, USD. */
  activeKeepers = 0;
  gasUsdPerTx = 0;
  /** Liquidations paused by a circuit breaker this step. */
  paused = false;
  /** The step's average fill price, USD per collateral unit (phase 7). */
  fill = 0;

  constructor() {
    asDoubles(this, ['tSec', 'F', 'preImpact', 'ref', 'gas', 'price', 'qf', 'gasUsdPerTx', 'fill']);
  }
}

/** The exogenous path and the venue quotes of this step (owner: phase 1). */
export class PathState {
  /** Exogenous log price per asset this step. */
  readonly stepLogF: Float64Array;
  /** log F of the population's asset at every step (the input path, or the anchored solution). */
  readonly fundamentalLog: Float64Array;
  /** Pre-flow venue prices per asset this step, USD; `venuePrices` is the population asset's copy. */
  readonly assetVenuePrices: Float64Array[];
  readonly venuePrices: Float64Array;

  constructor(markets: readonly AssetMarket[], assetIdx: number, steps: number) {
    this.stepLogF = new Float64Array(markets.length);
    this.fundamentalLog = new Float64Array(steps);
    this.assetVenuePrices = markets.map((m) => new Float64Array(m.venueCount));
    this.venuePrices = new Float64Array(markets[assetIdx]!.venueCount);
  }
}
