/**
 * Several protocols on one crash: one World per protocol (its own population, design, oracle,
 * keepers and books) sharing ONE set of venues (impact, depth, arbitrage), stepped in lockstep.
 * Phase 1 moves the shared markets once (decay, depth) and gives every world the same pre-flow
 * quotes; phase 7 sums every protocol's net flow per asset before moving the shared price once, so
 * one protocol's forced sales move the prices the others see from the next step on, and every fill
 * of the step on an asset executes at the same average fill. Phases 2–6 and 8 are each world's own
 * (the step's PIPELINE, unchanged); the reporters record each world.
 *
 * One protocol alone is `simulate()` (simulate.ts): this driver is used only for two or more, so
 * single-protocol outputs are untouched by it. Pure and deterministic like every pass.
 */
import type { Design } from '../design.ts';
import { AssetMarket } from '../market.ts';
import type { Scenario } from '../scenario.ts';
import { ScenarioError } from '../scenario.ts';
import type { Timeline } from '../timeline.ts';
import type { TriggerIndexKind } from '../trigger-index.ts';
import { createMechanism } from './mechanisms/registry.ts';
import { exogenousMove } from './phases/exogenous.ts';
import { impactAndArbitrage } from './phases/impact.ts';
import type { Reporters } from './simulate.ts';
import { assemble, createReporters, record } from './simulate.ts';
import { PIPELINE, beginStep } from './step.ts';
import type { LiveState, SimulationResult } from './types.ts';
import { CancelledError, DEFAULT_INDEX } from './types.ts';
import { World } from './world.ts';

/** One protocol of a shared crash: its engine scenario (same assets, venues, gas), design and accounts. */
export interface ProtocolPass {
  scenario: Scenario;
  design: Design;
  accounts: number;
  /** Accounts whose state is recorded every step (an autopsy's re-run). */
  trackAccounts?: number[];
}

export interface MultiSimulationOptions {
  protocols: ProtocolPass[];
  timeline: Timeline;
  /** Exogenous log price per asset per step (shared by every protocol). */
  fundamentalLog: Float64Array[];
  /**
   * Calibration's construction pass: per asset, the observed log path to anchor on (F_t = observed_t
   * − the shared composite impact of earlier steps' flows of every protocol), or null: read F.
   */
  anchorLog?: (Float64Array | null)[];
  seed: number;
  index?: TriggerIndexKind;
  leverage?: boolean;
  depthScale?: number;
  /** From this step on every flow fills at the pre-flow prices and moves nothing (attribution). */
  impactOffFromStep?: number;
  /** Called after each step for each protocol k (invariants in tests). */
  onStep?: (protocol: number, state: LiveState) => void;
  shouldCancel?: () => boolean;
}

/** Refuses what the shared driver does not model yet, naming it. */
function checkSupported(protocols: ProtocolPass[]): void {
  if (protocols.length === 0) throw new RangeError('simulateMulti needs at least one protocol');
  const assets = protocols[0]!.scenario.assets.map((a) => a.id).join(',');
  for (const [k, p] of protocols.entries()) {
    const s = p.scenario;
    if (s.assets.map((a) => a.id).join(',') !== assets) {
      throw new ScenarioError(
        `scenario.protocols.${k}: every protocol of one crash must trade the same assets (${assets}); got ${s.assets.map((a) => a.id).join(',')}`,
        `scenario.protocols.${k}`,
      );
    }
    if (s.population.basket !== undefined || p.design.collateralHaircuts !== undefined) {
      throw new ScenarioError(
        `scenario.protocols.${k}.population: a collateral basket is not supported with several protocols yet; give this protocol one collateral asset`,
        `scenario.protocols.${k}.population`,
      );
    }
    if (s.derivatives !== undefined) {
      throw new ScenarioError(
        `scenario.protocols.${k}: options (derivatives) are not supported with several protocols yet`,
        `scenario.protocols.${k}`,
      );
    }
  }
}

/** Phase 1, shared: the markets decay and thin once; every world reads the same pre-flow quotes. */
function sharedExogenous(
  worlds: World[],
  markets: AssetMarket[],
  logF: Float64Array,
  opts: MultiSimulationOptions,
  t: number,
): void {
  for (let a = 0; a < markets.length; a++) {
    const m = markets[a]!;
    m.decay();
    const anchor = opts.anchorLog?.[a] ?? null;
    const lf = anchor ? anchor[t]! - m.compositeImpact() : opts.fundamentalLog[a]![t]!;
    logF[a] = lf;
    m.setFundamental(lf);
  }
  for (const w of worlds) {
    const { path, now } = w;
    for (let a = 0; a < markets.length; a++) {
      const m = markets[a]!;
      path.stepLogF[a] = logF[a]!;
      const vp = path.assetVenuePrices[a]!;
      const Fa = Math.exp(logF[a]!);
      for (let v = 0; v < m.venueCount; v++) vp[v] = Fa * Math.exp(m.impact(v));
    }
    const lf = logF[w.assetIdx]!;
    path.fundamentalLog[t] = lf;
    now.F = Math.exp(lf);
    path.venuePrices.set(path.assetVenuePrices[w.assetIdx]!);
    now.preImpact = w.market.compositeImpact();
    now.ref = now.F * Math.exp(now.preImpact);
    now.gas = w.timeline.gasGwei[t]!;
  }
}

/**
 * Phase 7, shared: each world queues its releases and counts its flows; the net sale of every
 * protocol on an asset moves that asset's venues once; every world's orders fill at that fill.
 */
function sharedImpact(
  worlds: World[],
  markets: AssetMarket[],
  logF: Float64Array,
  active: Uint8Array,
  units: Float64Array,
  opts: MultiSimulationOptions,
  t: number,
): void {
  units.fill(0);
  const off = opts.impactOffFromStep;
  for (const w of worlds) {
    w.mechanism.release();
    w.modifiers.releaseSlices(w.orders);
    const { orders, tally } = w;
    tally.flowUnits.set(orders.sourceUnits);
    tally.boughtUnits = orders.boughtUnits();
    if (off === undefined || t < off) units[w.assetIdx]! += orders.netUnits(tally.boughtUnits);
  }
  const gas = worlds[0]!.now.gas;
  const fills = new Float64Array(markets.length);
  for (let a = 0; a < markets.length; a++) {
    if (active[a] === 0) continue;
    fills[a] = markets[a]!.applySale(units[a]!, Math.exp(logF[a]!));
    markets[a]!.arbitrage(gas);
  }
  for (const w of worlds) w.now.fill = fills[w.assetIdx]!;
}

/** Runs every protocol on the shared venues; returns each protocol's result, in order. */
export function simulateMulti(opts: MultiSimulationOptions): SimulationResult[] {
  checkSupported(opts.protocols);
  const { timeline } = opts;
  const first = opts.protocols[0]!.scenario;
  const markets = first.assets.map((a) => new AssetMarket(a, timeline.stepSeconds, opts.depthScale ?? 1));
  const worlds = opts.protocols.map(
    (p, k) =>
      new World(
        {
          scenario: p.scenario,
          design: p.design,
          timeline,
          fundamentalLog: opts.fundamentalLog,
          seed: opts.seed,
          accounts: p.accounts,
          ...(p.trackAccounts ? { trackAccounts: p.trackAccounts } : {}),
          index: opts.index ?? DEFAULT_INDEX,
          leverage: opts.leverage ?? true,
          depthScale: opts.depthScale ?? 1,
          ...(opts.impactOffFromStep !== undefined ? { impactOffFromStep: opts.impactOffFromStep } : {}),
          ...(opts.onStep ? { onStep: (s: LiveState) => opts.onStep!(k, s) } : {}),
        },
        createMechanism,
        markets,
      ),
  );
  const reporters: Reporters[] = worlds.map((w) => createReporters(w));
  const active = new Uint8Array(markets.length);
  for (const w of worlds) active[w.assetIdx] = 1;
  const logF = new Float64Array(markets.length);
  const units = new Float64Array(markets.length);
  const own = PIPELINE.filter((p) => p !== exogenousMove && p !== impactAndArbitrage);
  const at7 = PIPELINE.indexOf(impactAndArbitrage);
  const before = own.filter((p) => PIPELINE.indexOf(p) < at7);
  const after = own.filter((p) => PIPELINE.indexOf(p) > at7);
  const steps = timeline.steps;
  for (let t = 0; t < steps; t++) {
    if (opts.shouldCancel && (t & 63) === 0 && opts.shouldCancel()) throw new CancelledError();
    for (const w of worlds) beginStep(w, t);
    sharedExogenous(worlds, markets, logF, opts, t);
    for (const w of worlds) for (const phase of before) phase.run(w);
    sharedImpact(worlds, markets, logF, active, units, opts, t);
    for (const w of worlds) for (const phase of after) phase.run(w);
    worlds.forEach((w, k) => record(w, reporters[k]!));
  }
  return worlds.map((w, k) => assemble(w, reporters[k]!));
}
