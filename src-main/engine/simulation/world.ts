/**
 * The world of one simulation pass: the run's fixed context and its state, grouped by owner. Every
 * phase of the step (step.ts) receives the world, reads what its descriptor says it reads and
 * changes only what it owns. Fields are typed arrays and plain numbers set once in the constructor,
 * so V8 keeps every access monomorphic.
 *
 * Owners:
 *  - path: the exogenous log price per asset this step and the recorded F (phase 1);
 *  - markets: venues' impact and depth (phases 1 and 7);
 *  - oracle, margin: the protocol's price and requirement (phases 2, 3);
 *  - acc (accounts) with health (triggers, indexes, histogram: account-health.ts) and calls (phase 4);
 *  - keepers (phase 5) and the mechanism with what it holds (mechanisms/, phases 5, 7, 8);
 *  - orders (the step's sales, orders.ts), modifiers (modifiers.ts), fund, shorts, layer (options);
 *  - totals, ledger (the waterfall, shortfall.ts): the run's books;
 *  - now (this step's prices and conditions) and tally (what happened, for the reporters).
 */
import { FRESH_COLUMNS, sharedColumns } from '../buffer-pool.ts';
import type { Columns } from '../buffer-pool.ts';
import type { Accounts } from '../accounts.ts';
import { noteChanged, STATUS_CLOSED } from '../accounts.ts';
import { generateAccounts } from '../population.ts';
import { LiquidationLog } from '../auction-book.ts';
import { IntList } from '../id-list.ts';
import { Basket, BasketOracle, resolveBasket } from '../basket.ts';
import type { Design } from '../design.ts';
import { DesignError, NO_MODIFIERS } from '../design.ts';
import { generateKeepers, keeperEnvironment } from '../keepers.ts';
import type { Keepers } from '../keepers.ts';
import { MarginState } from '../margin-model.ts';
import { AssetMarket } from '../market.ts';
import { DerivativesLayer } from '../options/derivatives-layer.ts';
import { DEFAULT_OPTIONS_DESIGN } from '../options/spec.ts';
import { Oracle } from '../oracle.ts';
import type { KeeperEnvironment, Scenario } from '../scenario.ts';
import type { Timeline } from '../timeline.ts';
import { PathState, StepView } from './step-view.ts';
import { AccountHealth } from './account-health.ts';
import type { LiquidationMechanism } from './mechanisms/mechanism.ts';
import { InsuranceFund } from './mechanisms/insurance-fund.ts';
import { ModifierState } from './modifiers.ts';
import { StepOrders } from './orders.ts';
import { MarginCalls } from './margin-calls.ts';
import { admitToDesign, applyCrossMargin, initialTotals } from './population.ts';
import { Waterfall } from './shortfall.ts';
import { ShortSide } from './short-side.ts';
import { StepTally } from './step-tally.ts';
import { WaitingForGas } from './waiting-for-gas.ts';
import type { SimulationOptions, Totals } from './types.ts';
import { DEFAULT_INDEX } from './types.ts';
import { WaveTally, waveGapSteps } from './wave-tally.ts';

export class World {
  readonly scenario: Scenario;
  readonly design: Design;
  readonly timeline: Timeline;
  readonly steps: number;
  /** Step length, seconds. */
  readonly dt: number;
  /** Index of the population's asset among the scenario's assets. */
  readonly assetIdx: number;
  readonly markets: AssetMarket[];
  readonly market: AssetMarket;
  /** A collateral basket with haircuts (basket.ts), or null: one asset, no haircut. */
  readonly basket: Basket | null;
  readonly basketOracle: BasketOracle | null;
  readonly oracle: Oracle | BasketOracle;
  readonly path: PathState;
  /** Price of a collateral unit at the start, USD. */
  readonly P0: number;
  readonly acc: Accounts;
  /** Positions opened at the design's minimum (admission, population.ts). */
  readonly admitted: number;
  readonly margin: MarginState;
  readonly env: KeeperEnvironment;
  readonly keepers: Keepers;
  /** Steps before a keeper's sale proceeds are capital again. */
  readonly restockSteps: number;
  /** The asset gas is paid in (its price sets a transaction's cost), or −1: a fixed token price. */
  readonly gasAssetIdx: number;
  readonly health: AccountHealth;
  readonly calls: MarginCalls;
  readonly totals: Totals;
  readonly ledger: Waterfall;
  readonly orders = new StepOrders();
  readonly modifiers: ModifierState;
  readonly fund: InsuranceFund;
  /** The short side of a perpetual market, or null. */
  readonly shorts: ShortSide | null;
  /** Option writers, dealers and insurers (scenarios with derivatives, leveraged runs), or null. */
  readonly layer: DerivativesLayer | null;
  readonly mechanism: LiquidationMechanism;
  /** Where the run's columns come from: its options' buffer pool (a sweep's), or new arrays. */
  readonly columns: Columns;
  /** Every liquidation action, as columns (records are built on demand). */
  readonly liqLog: LiquidationLog;
  /** 1 once an account has been liquidated (counts accounts, not actions). */
  readonly everLiquidated: Uint8Array;
  /** Each wave's liquidations and distinct accounts, for the report (wave-tally.ts). */
  readonly waves: WaveTally;
  /** Accounts to file again in the liquidation / call index once the step's fills have settled. */
  readonly deferredLiq = new IntList();
  readonly deferredCall = new IntList();
  /** Accounts keepers passed over for their gas: out of the liquidation index until worth a transaction. */
  readonly waiting: WaitingForGas;
  /** Scratch list of accounts a trigger index released (phases 4 and 5). */
  readonly scratch = new IntList();
  readonly now = new StepView();
  readonly tally = new StepTally();

  /**
   * `mechanismOf` builds the liquidation mechanism (simulate.ts passes the registry's, which knows
   * every mechanism; the world itself knows only the interface, so no mechanism imports back into it).
   */
  constructor(
    readonly opts: SimulationOptions,
    mechanismOf: (w: World) => LiquidationMechanism,
    /**
     * Venues shared with other worlds (several protocols on one crash: multi.ts steps them in
     * lockstep and moves these markets once per step with every protocol's flows); default: its own.
     */
    sharedMarkets?: AssetMarket[],
  ) {
    const { scenario, design, timeline } = opts;
    this.scenario = scenario;
    this.design = design;
    this.timeline = timeline;
    this.steps = timeline.steps;
    this.dt = timeline.stepSeconds;
    this.assetIdx = scenario.assets.findIndex((a) => a.id === scenario.population.asset);
    this.markets =
      sharedMarkets ?? scenario.assets.map((a) => new AssetMarket(a, this.dt, opts.depthScale ?? 1));
    this.market = this.markets[this.assetIdx]!;
    this.path = new PathState(this.markets, this.assetIdx, this.steps);
    this.basket = resolveBasket(scenario, design, timeline.observedLog);
    this.basketOracle = this.createBasketOracle();
    this.oracle =
      this.basketOracle ?? new Oracle(design.oracle, this.market.names, this.dt, timeline.startSec);
    this.P0 = Math.exp(timeline.observedLog[this.assetIdx]![0]!);
    const population = [
      scenario.population,
      opts.accounts,
      this.P0,
      this.dt,
      opts.seed,
      opts.leverage ?? true,
    ] as const;
    this.columns = opts.buffers ?? FRESH_COLUMNS;
    this.liqLog = new LiquidationLog(this.columns);
    this.acc = opts.populations
      ? opts.populations.accounts(...population, this.columns)
      : generateAccounts(...population);
    const perps = scenario.population.perps ?? null;
    const sameAssetPerps = perps?.marginAsset === 'same-asset';
    if (perps?.marginMode === 'cross') applyCrossMargin(this.acc, sameAssetPerps, this.P0);
    const mods = design.modifiers ?? NO_MODIFIERS;
    this.margin = new MarginState(design.margin, this.dt, mods.circuitBreaker);
    this.admitted = admitToDesign(this.acc, design, this.basket, this.P0, sameAssetPerps);
    /** Maintenance margin of a perpetual (the haircut of the base ratio). */
    const maintenance = 1 - 1 / design.margin.liquidationRatio;
    this.env = keeperEnvironment(scenario.keepers, design);
    this.keepers = generateKeepers(
      this.env,
      this.acc.count / scenario.population.defaultAccounts,
      this.dt,
      opts.seed,
    );
    this.restockSteps = Math.max(1, Math.round(this.env.restockDelaySeconds / this.dt));
    this.gasAssetIdx =
      scenario.gas.tokenAsset === undefined
        ? -1
        : scenario.assets.findIndex((a) => a.id === scenario.gas.tokenAsset);
    this.calls = new MarginCalls(scenario, design, this.steps, this.dt, timeline.gasGwei, this.acc.count);
    this.health = new AccountHealth(
      this.acc,
      {
        liquidationRatio: design.margin.liquidationRatio,
        callRatio: design.margin.callRatio,
        sameAssetPerps,
        maintenance,
        initialPrice: this.P0,
      },
      opts.index ?? DEFAULT_INDEX,
      this.healthColumns(),
    );
    this.waiting = new WaitingForGas(this.acc, this.health, design.margin.liquidationRatio);
    this.totals = initialTotals(design, this.admitted);
    this.indexAccounts();
    this.everLiquidated = new Uint8Array(this.acc.count);
    this.waves = new WaveTally(waveGapSteps(this.dt), this.acc.count);
    this.ledger = new Waterfall(design.shortfall, this.totals);
    this.layer = this.createDerivativesLayer();
    this.shorts =
      perps && (opts.leverage ?? true)
        ? new ShortSide(this, perps, sameAssetPerps, maintenance, opts.index ?? DEFAULT_INDEX)
        : null;
    const liq = design.liquidation;
    this.fund = new InsuranceFund(liq.kind === 'exchange-close' ? liq.insuranceFundUsd : 0, this.totals);
    this.modifiers = new ModifierState(mods, this.dt, this.acc.count);
    this.mechanism = mechanismOf(this);
  }

  /** Closes account i: it holds nothing and cannot be liquidated again. */
  closeAccount(i: number): void {
    this.acc.collateral[i] = 0;
    this.acc.debt[i] = 0;
    this.acc.status[i] = STATUS_CLOSED;
    noteChanged(this.acc, i);
  }

  /** Counts a liquidation action on `units` of collateral, valued at this step's market and oracle prices. */
  noteKick(units: number): void {
    const tally = this.tally;
    tally.kicks++;
    this.waves.kick(this.now.t);
    tally.kickedUnits += units;
    tally.kickedUsd += units * this.now.ref;
    this.totals.oracleValueAtKickUsd += units * this.now.price;
  }

  /** Logs a liquidation of account i outside an auction: `units` sent (valued at the market), `debtUsd` covered. */
  logLiquidation(i: number, units: number, debtUsd: number): void {
    this.liqLog.push(i, this.now.t, units, units * this.now.ref, debtUsd);
    this.waves.logged(i);
  }

  /**
   * Logs a liquidation of account i that opened auction `id` (≥ 1) of the mechanism's book, at this
   * step's market price: its lot, debt and the lot's value are the auction's record.
   */
  logAuction(i: number, id: number): void {
    this.liqLog.pushAuction(i, this.now.t, id);
    this.waves.logged(i);
  }

  /** A basket's oracle (one oracle per asset of the basket), or null. */
  private createBasketOracle(): BasketOracle | null {
    const { basket, scenario, design } = this;
    if (!basket) return null;
    if (scenario.derivatives) {
      // The options layer values its flows in units of the population asset, a basket in basket units.
      throw new DesignError(
        scenario.population.basket
          ? `scenario "${scenario.id}": a collateral basket together with options (derivatives) is not supported yet`
          : 'design.collateralHaircuts: haircuts are not supported together with options (derivatives) yet',
        'design.collateralHaircuts',
      );
    }
    return new BasketOracle(basket, design.oracle, this.markets, this.path, this.dt, this.timeline.startSec);
  }

  /**
   * Where the trigger columns live: in shared memory when the population helper will set part of
   * them (a large population drawn with it, no buffer pool), else with the run's other columns.
   */
  private healthColumns(): Columns {
    const helper = this.opts.populations?.helper ?? null;
    return this.helped() ? sharedColumns(helper!.shared.bind(helper)) : this.columns;
  }

  /** A population helper shares the accounts' first triggers and filing (a large population, no buffer pool). */
  private helped(): boolean {
    const helper = this.opts.populations?.helper ?? null;
    return helper !== null && !this.opts.buffers && this.acc.count >= helper.minAccounts;
  }

  /** Initial totals and triggers of every account; the indebted ones are filed in both indexes. */
  private indexAccounts(): void {
    const { acc, totals, health } = this;
    const helper = this.opts.populations?.helper ?? null;
    // In shared memory when the helper sets part of the triggers and files the call index
    // (account-health.ts `initAll`, `indexAll`).
    const members = this.helped()
      ? new Uint32Array(helper!.shared(4 * acc.count))
      : new Uint32Array(acc.count);
    let memberCount = 0;
    for (let i = 0; i < acc.count; i++) {
      totals.initialCollateral += acc.collateral[i]!;
      totals.initialDebt += acc.debt[i]!;
      if (acc.debt[i]! > 0) members[memberCount++] = i;
    }
    health.initAll(helper, totals.initialDebt);
    health.indexAll(members.subarray(0, memberCount), helper);
  }

  /**
   * Options: writers, delta-hedging dealers and portfolio insurers on the population's asset. The
   * no-leverage control removes every forced flow, theirs included.
   */
  private createDerivativesLayer(): DerivativesLayer | null {
    const { scenario, design, opts } = this;
    if (!scenario.derivatives || !(opts.leverage ?? true)) return null;
    return new DerivativesLayer(scenario.derivatives, design.options ?? DEFAULT_OPTIONS_DESIGN, {
      seed: opts.seed,
      stepSeconds: this.dt,
      initialPrice: this.P0,
      startTime: this.timeline.startSec,
    });
  }
}
