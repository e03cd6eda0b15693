/**
 * The margin calls' schedule of one run (owner: phase 4, phases/health-and-calls.ts): which owners'
 * responses fall due at which step, and the gas index their transactions wait on.
 */
import type { Design } from '../design.ts';
import type { Scenario } from '../scenario.ts';
import { IntList } from '../id-list.ts';
import { objectArray } from '../double-fields.ts';
import { GasIndex } from './gas-index.ts';

/**
 * Responses due, as one FIFO list of accounts per step (owner: phase 4). A step's list is read as an
 * array (the accounts' columns are then read independently of one another, not along a chain of
 * pointers) and handed back for reuse once read; a list is made only for a step something is due at.
 */
export class MarginCalls {
  /** Steps an owner keeps trying after its response was due. */
  readonly patienceSteps: number;
  /** Collateral ratio an answering owner restores. */
  readonly targetRatio: number;
  readonly gasIndex: GasIndex;
  private readonly due: (IntList | undefined)[];
  /** Lists read and emptied, for steps scheduled next. */
  private readonly spare: IntList[] = objectArray<IntList>();

  /**
   * Room a step's new list starts with: a 512th of the accounts, 64 to 2,048. A wave's calls fall due
   * over the following steps by the thousand at a million accounts; lists that started at 64 grew by
   * doubling, about 2,300 times in a 1 M Black Thursday replay (each a fresh array and a copy).
   */
  private readonly listRoom: number;

  constructor(
    scenario: Scenario,
    design: Design,
    steps: number,
    stepSeconds: number,
    gasGwei: Float64Array,
    accounts = 0,
  ) {
    this.listRoom = Math.min(2048, Math.max(64, accounts >> 9));
    const response = scenario.population.response;
    this.patienceSteps = Math.max(1, Math.round((response.patienceMinutes * 60) / stepSeconds));
    this.targetRatio = Math.max(response.targetRatio, design.margin.callRatio * 1.05);
    this.gasIndex = new GasIndex(gasGwei);
    this.due = new Array<IntList | undefined>(steps).fill(undefined);
  }

  /** Account i's response falls due at `step` (dropped past the last step), after those already due then. */
  schedule(i: number, step: number): void {
    if (step >= this.due.length) return;
    let list = this.due[step];
    if (list === undefined) this.due[step] = list = this.spare.pop() ?? new IntList(this.listRoom);
    list.push(i);
  }

  /**
   * The accounts due at step t, in the order they were scheduled (undefined: none). Read it before
   * anything is scheduled at t again; `done(t)` then recycles it.
   */
  dueAt(t: number): IntList | undefined {
    return this.due[t];
  }

  /** Step t's list has been read: emptied and kept for another step. */
  done(t: number): void {
    const list = this.due[t];
    if (list === undefined) return;
    this.due[t] = undefined;
    list.clear();
    this.spare.push(list);
  }
}
