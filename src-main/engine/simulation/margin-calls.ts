/**
 * The margin calls' schedule of one run (owner: phase 4, phases/health-and-calls.ts): which owners'
 * responses fall due at which step, and the gas index their transactions wait on.
 */
import type { Design } from '../design.ts';
import type { Scenario } from '../scenario.ts';
import { GasIndex } from './gas-index.ts';

/** Responses due, as one FIFO list per step threaded through the accounts (owner: phase 4). */
export class MarginCalls {
  /** Steps an owner keeps trying after its response was due. */
  readonly patienceSteps: number;
  /** Collateral ratio an answering owner restores. */
  readonly targetRatio: number;
  readonly gasIndex: GasIndex;
  // An account waits on at most one response at a time, so scheduling allocates nothing.
  private readonly dueHead: Int32Array;
  private readonly dueTail: Int32Array;
  private readonly dueNext: Int32Array;

  constructor(
    scenario: Scenario,
    design: Design,
    steps: number,
    accounts: number,
    stepSeconds: number,
    gasGwei: Float64Array,
  ) {
    const response = scenario.population.response;
    this.patienceSteps = Math.max(1, Math.round((response.patienceMinutes * 60) / stepSeconds));
    this.targetRatio = Math.max(response.targetRatio, design.margin.callRatio * 1.05);
    this.gasIndex = new GasIndex(gasGwei);
    this.dueHead = new Int32Array(steps).fill(-1);
    this.dueTail = new Int32Array(steps).fill(-1);
    this.dueNext = new Int32Array(accounts).fill(-1);
  }

  /** Account i's response falls due at `step` (dropped past the last step). */
  schedule(i: number, step: number): void {
    if (step >= this.dueHead.length) return;
    this.dueNext[i] = -1;
    if (this.dueTail[step]! < 0) this.dueHead[step] = i;
    else this.dueNext[this.dueTail[step]!] = i;
    this.dueTail[step] = i;
  }

  /** First account due at step t, or −1. */
  firstDue(t: number): number {
    return this.dueHead[t]!;
  }

  /** The account due after i in its step's list, or −1. */
  nextDue(i: number): number {
    return this.dueNext[i]!;
  }
}
