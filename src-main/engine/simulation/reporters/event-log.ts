/**
 * Phase 9 reporter: the readable event log (MODEL.md §8: "14:05 oracle updated to 129.40; 312 vaults
 * below 150%; 71 auctions opened; 3 keepers bidding"), written from what the step's phases counted
 * (StepTally), the mechanism's own narration and the state after the step. Observes; never changes
 * the simulation's state (it remembers only the previous oracle value and feed state, for its wording).
 */
import { asDoubles } from '../../double-fields.ts';
import { fmtUnits, fmtUsd, pct, plural } from '../../format.ts';
import type { StepEvent } from '../types.ts';
import type { World } from '../world.ts';

export class EventLog {
  readonly events: StepEvent[] = [];
  private lastOracle = 0;
  private wasBlocked = false;
  /** Why accounts are passed over for their gas is told once a run; later steps give the count. */
  private toldPassOver = false;

  constructor(private readonly w: World) {
    asDoubles(this, ['lastOracle']);
  }

  /** Appends the events of the step just run, in the order they happened. */
  record(): void {
    const t = this.w.now.t;
    const emit = (kind: StepEvent['kind'], text: string): void => {
      this.events.push({ step: t, kind, text });
    };
    this.narrateOracle(emit);
    this.narrateMargin(emit);
    this.narrateLiquidations(emit);
    this.w.mechanism.narrateSettlement(emit);
    const { tally, totals, ledger } = this.w;
    if (tally.shortsLiquidated > 0) {
      emit(
        'liquidations',
        `${tally.shortsLiquidated} ${plural(tally.shortsLiquidated, 'short')} liquidated on the rise: the exchange bought their positions back`,
      );
    }
    if (tally.auctionBadDebtUsd > 0) {
      emit(
        'bad-debt',
        `bad debt +${fmtUsd(tally.auctionBadDebtUsd)} (total ${fmtUsd(totals.badDebt)}); surplus buffer ${fmtUsd(ledger.surplus)}`,
      );
    }
  }

  /** Phase 2: the oracle's moves, the population's admission (first step), a feed that cannot post. */
  private narrateOracle(emit: (kind: StepEvent['kind'], text: string) => void): void {
    const { now, oracle, timeline, design, admitted } = this.w;
    const t = now.t;
    const price = now.price;
    if (t === 0 || oracle.changed) {
      emit(
        'oracle',
        t === 0
          ? `oracle starts at ${fmtUsd(price)}`
          : `oracle updated to ${fmtUsd(price)} (was ${fmtUsd(this.lastOracle)}; market ${fmtUsd(now.ref)})`,
      );
    }
    if (t === 0 && admitted > 0) {
      emit(
        'admission',
        `${admitted} ${plural(admitted, 'position')} would start below this design's liquidation ratio (${design.margin.liquidationRatio.toFixed(3)}): opened just above it instead, with less leverage`,
      );
    }
    if (oracle.blocked && !this.wasBlocked) {
      emit(
        'oracle-blocked',
        timeline.outage[t] === 1 && design.oracle.honorOutages
          ? 'oracle feed is down (outage window): the protocol keeps acting on a stale price'
          : `oracle feeds cannot post: gas ${now.gas.toFixed(0)} gwei is above their ${design.oracle.maxGasGwei ?? 0} gwei cap; price goes stale`,
      );
    }
    this.wasBlocked = oracle.blocked;
    this.lastOracle = price;
  }

  /** Phases 3 and 4: the circuit breaker, margin calls and their answers. */
  private narrateMargin(emit: (kind: StepEvent['kind'], text: string) => void): void {
    const { tally, now, margin, design } = this.w;
    const b = design.modifiers?.circuitBreaker;
    if (tally.breakerChange !== null && b) {
      emit(
        'breaker',
        tally.breakerChange === 'reset'
          ? 'circuit breaker reset: liquidations and margins back to normal'
          : `circuit breaker tripped: oracle fell ${pct(b.dropFraction)} or more within ${Math.round(b.windowSeconds / 60)} min; ` +
              (b.action === 'pause'
                ? `liquidations paused for ${Math.round(b.durationSeconds / 60)} min`
                : `haircuts ×${b.haircutMultiplier} for ${Math.round(b.durationSeconds / 60)} min (liquidation ratio ${margin.ratio.toFixed(3)})`),
      );
    }
    if (tally.callsIssued > 0) {
      emit(
        'calls',
        `${tally.callsIssued} ${plural(tally.callsIssued, 'account')} called below ${pct(design.margin.callRatio / now.qf)} collateral`,
      );
    }
    if (tally.callsAnswered > 0) {
      const parts: string[] = [];
      if (tally.topUps > 0) parts.push(`${tally.topUps} topped up from reserves`);
      if (tally.deleverages > 0) parts.push(`${tally.deleverages} sold collateral to cut debt`);
      emit('responses', `margin calls answered: ${parts.join(', ')}`);
    }
    if (tally.givenUp > 0) {
      emit(
        'responses',
        `${tally.givenUp} ${plural(tally.givenUp, 'owner')} gave up waiting for gas below their limit (${now.gas.toFixed(0)} gwei now): their calls go unanswered`,
      );
    }
  }

  /** Phase 5: the mechanism's liquidations, keepers who cannot act, auctions settled. */
  private narrateLiquidations(emit: (kind: StepEvent['kind'], text: string) => void): void {
    const { tally, now, scenario } = this.w;
    if (tally.kicks > 0) emit('liquidations', this.w.mechanism.describeLiquidations());
    if (
      tally.deferredAfterTriggers > 0 &&
      tally.kicks === 0 &&
      tally.liquidatable > 0 &&
      now.activeKeepers === 0
    ) {
      emit(
        'keepers',
        `${tally.liquidatable} ${plural(tally.liquidatable, 'account')} liquidatable but no keeper transaction lands at ${now.gas.toFixed(0)} gwei`,
      );
    }
    if (tally.waitingForGas > 0) {
      const n = tally.waitingForGas;
      const accounts = `${n} ${plural(n, 'account')}`;
      emit(
        'keepers',
        this.toldPassOver
          ? `${accounts} passed over at ${now.gas.toFixed(0)} gwei (not worth a transaction's gas)`
          : `${accounts} passed over at ${now.gas.toFixed(0)} gwei: no keeper under its gas cap would liquidate at a profit, and an atomic transaction lands only where the profit pays twice the gas; ${n === 1 ? 'it waits' : 'they wait'} for lower gas or a better price without holding up the accounts behind`,
      );
      this.toldPassOver = true;
    }
    if (tally.auctionsSettled > 0) {
      emit(
        'auctions',
        `${tally.auctionsSettled} ${plural(tally.auctionsSettled, 'auction')} settled` +
          (tally.zeroBids > 0
            ? `, ${tally.zeroBids} at a zero bid (${fmtUnits(tally.zeroBidUnits)} ${scenario.population.asset} for nothing)`
            : ''),
      );
    }
  }
}
