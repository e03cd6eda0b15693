/**
 * The mechanism interface can express a mechanism that acts continuously, every step, on accounts
 * whose price band the oracle is in — converting collateral gradually as the price falls and back as
 * it rises (the shape of crvUSD's LLAMMA soft liquidation) — not only at a trigger. The mechanism below
 * is a test fixture, not a product mechanism: it exists to prove the interface (advance, flows,
 * settle) carries such a design through the same pipeline, with its flows moving the price and the
 * model's invariants holding.
 */
import { describe, expect, it } from 'vitest';
import { STATUS_ACTIVE } from '../../accounts.ts';
import { checkInvariants } from '../../invariants.ts';
import { PRESETS } from '../../presets.ts';
import { parseScenario } from '../../scenario.ts';
import { testAsset, testScenarioInput } from '../../test-support.ts';
import { buildTimeline } from '../../timeline.ts';
import { SRC_LIQUIDATION } from '../orders.ts';
import { runPass } from '../simulate.ts';
import { World } from '../world.ts';
import { MechanismBase } from './mechanism.ts';

/** Owner code of the band converter's orders. */
const WHO_BANDS = -4;

/**
 * Each indebted account's collateral is spread over a price band [low, high] starting just above its
 * liquidation trigger. With the oracle inside the band, the share (high − price) / (high − low) of the
 * account's starting collateral is held as stablecoin (sold), the rest as collateral; the converter
 * trades every step toward that split — selling on the way down, buying back on the way up.
 */
class BandConverter extends MechanismBase {
  private readonly low: Float64Array;
  private readonly high: Float64Array;
  private readonly start: Float64Array;
  /** Stablecoin each account holds from converted collateral, USD. */
  readonly stable: Float64Array;
  /** Units each account trades this step (+ sold, − bought). */
  private readonly trade: Float64Array;

  constructor(private readonly w: World) {
    super();
    const n = w.acc.count;
    this.low = new Float64Array(n);
    this.high = new Float64Array(n);
    this.start = Float64Array.from(w.acc.collateral);
    this.stable = new Float64Array(n);
    this.trade = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const trigger = w.health.liqTrigger[i]!;
      this.low[i] = trigger * 1.05;
      this.high[i] = trigger * 1.3;
    }
  }

  /** Soft liquidation needs no keepers and takes nobody from the hard-liquidation index. */
  capacity(): number {
    return 0;
  }
  liquidate(): number {
    return -1;
  }
  describeLiquidations(): string {
    return `${this.w.tally.kicks} accounts converted in their bands`;
  }

  /** Every step: each account in its band trades toward its split at the oracle price. */
  override advance(): void {
    const { acc, now, orders, totals } = this.w;
    let units = 0;
    for (let i = 0; i < acc.count; i++) {
      this.trade[i] = 0;
      if (acc.status[i] !== STATUS_ACTIVE || acc.debt[i]! <= 0) continue;
      const share = Math.min(1, Math.max(0, (this.high[i]! - now.price) / (this.high[i]! - this.low[i]!)));
      const q = this.start[i]! * share - (this.start[i]! - acc.collateral[i]!);
      if (q === 0 || (q < 0 && this.stable[i]! <= 0)) continue;
      this.trade[i] = q;
      acc.collateral[i] = acc.collateral[i]! - q;
      this.w.health.retrigger(i);
      totals.collateralOut += q;
      units += q;
      this.w.noteKick(Math.abs(q));
    }
    if (units !== 0) orders.push(SRC_LIQUIDATION, WHO_BANDS, units, 0);
  }

  /** The step's net trade filled: each account's stablecoin moves by its own trade at the fill. */
  override settle(): void {
    const fill = this.w.now.fill;
    for (let i = 0; i < this.trade.length; i++) {
      if (this.trade[i] !== 0) this.stable[i] = this.stable[i]! + this.trade[i]! * fill;
    }
  }
}

/** One account, collateral ratio 2 at $100 (liquidation trigger $66.67 at 1/0.75: band $70–$86.67), one venue. */
function run(prices: number[]) {
  const scenario = parseScenario(
    testScenarioInput('bands', [testAsset('ETH', 100, 2e6)], [{ debtUsd: 1e6, collateralRatio: 2 }]),
  );
  const timeline = buildTimeline(scenario, 60, 1);
  const path = Float64Array.from({ length: timeline.steps }, (_, t) =>
    Math.log(prices[Math.min(t, prices.length - 1)]!),
  );
  timeline.observedLog[0] = path;
  const violations: string[] = [];
  let converter: BandConverter | null = null;
  const world = new World(
    {
      scenario,
      design: PRESETS.get('compound-market-sale')!,
      timeline,
      fundamentalLog: [path],
      seed: 1,
      accounts: 2,
      trackAccounts: [0],
      onStep: (s) => {
        for (const v of checkInvariants(s)) violations.push(`${v.step}: ${v.invariant}: ${v.detail}`);
      },
    },
    (w) => (converter = new BandConverter(w)),
  );
  const result = runPass(world);
  return { result, violations, converter: converter! };
}

describe('a continuous mechanism through the LiquidationMechanism interface', () => {
  // 100 → 70 over ten steps, back to 100 by step 19.
  const prices = [100, 97, 94, 91, 88, 85, 82, 79, 76, 73, 70, 73, 76, 79, 82, 85, 88, 91, 94, 97];

  it('converts collateral gradually as the price falls through the band, and back as it rises', () => {
    const { result, violations, converter } = run(prices);
    expect(violations).toEqual([]);
    const coll = result.tracked[0]!.collateral;
    let falls = 0;
    let rises = 0;
    for (let t = 1; t < coll.length; t++) {
      if (coll[t]! < coll[t - 1]! - 1e-9) falls++;
      if (coll[t]! > coll[t - 1]! + 1e-9) rises++;
    }
    // Several steps of partial conversion each way, not one liquidation at a trigger.
    expect(falls).toBeGreaterThanOrEqual(4);
    expect(rises).toBeGreaterThanOrEqual(4);
    // Below the band, everything is converted; inside it, a part.
    expect(Math.min(...coll)).toBe(0);
    expect(coll.filter((c) => c > 0 && c < coll[0]! - 1e-9).length).toBeGreaterThanOrEqual(6);
    // Back above the band, the collateral is bought back in full; the round trip sold into its own
    // impact on the way down and bought into it on the way up: a band loss the borrower bears.
    expect(coll[coll.length - 1]!).toBeCloseTo(coll[0]!, 6);
    expect(converter.stable[0]!).toBeLessThan(0);
  });

  it("its flows go through the step's impact: the price moves away from F while it converts", () => {
    const { result } = run(prices);
    const sold = result.series.flows.liquidation;
    expect(sold.some((x) => x > 0)).toBe(true);
    expect(sold.some((x) => x < 0)).toBe(true);
    let gap = 0;
    for (let t = 0; t < result.steps; t++)
      gap = Math.max(gap, Math.abs(result.series.price[t]! / result.series.fundamental[t]! - 1));
    expect(gap).toBeGreaterThan(1e-4);
  });
});
