/**
 * Each wave's liquidations and distinct accounts, counted as the pass logs them (owner: the ledger,
 * beside the liquidation log). A wave is report.ts `findWaves`'s: steps with liquidations (kicks)
 * whose gaps are at most `gapSteps` + 1 quiet steps, in time. Every logged liquidation follows its
 * kick in the same step (`World.noteKick`, then `logLiquidation` / `logAuction`), so a record belongs
 * to the wave its step's kick opened or continued. `findWaves` counted these from the records after
 * the pass, in loops over every record that run once, mostly before V8 has compiled them (its record
 * sums took 24–49 ms of a fresh 1 M Black Thursday replay, 7–27 ms with these counts); it reads these
 * counts when they are for its gap, and counts from the records otherwise (a result from a worker).
 * The pass's wave forks (wave-forks.ts) read from it which step opened the current wave and its last kick.
 */
import { IntList } from '../id-list.ts';
import { WAVE_GAP_SECONDS } from './types.ts';

/** findWaves' gap in steps: liquidations after more than this many quiet steps, plus one, open a wave. */
export function waveGapSteps(stepSeconds: number, gapSeconds = WAVE_GAP_SECONDS): number {
  return Math.max(1, Math.round(gapSeconds / stepSeconds));
}

/** Waves a byte's mark tells apart (0: none): the marks are cleared every 255 waves. */
const MARKS = 255;

export class WaveTally {
  /** Per wave, in order: liquidations logged. */
  readonly liquidations = new IntList(8);
  /** Per wave: distinct accounts among them. */
  readonly accounts = new IntList(8);
  /** The last step with a kick, and the first step of the wave it is in (−1: none yet). */
  lastKickStep = -1;
  openedAt = -1;
  private wave = -1;
  private mark = 0;
  /** Per account: the mark of the last wave it was logged in (made at the first record). */
  private seen: Uint8Array | null = null;

  constructor(
    /** Quiet steps a wave's gaps may reach, less one (findWaves' `gapSteps`). */
    readonly gapSteps: number,
    private readonly accountCount: number,
  ) {}

  /** A kick at step t (steps only increase): it continues the open wave or opens the next. */
  kick(t: number): void {
    if (t === this.lastKickStep) return;
    if (this.lastKickStep < 0 || t - this.lastKickStep > this.gapSteps + 1) {
      this.wave++;
      this.openedAt = t;
      this.liquidations.push(0);
      this.accounts.push(0);
      this.mark = (this.wave % MARKS) + 1;
      if (this.mark === 1 && this.wave > 0) this.seen?.fill(0);
    }
    this.lastKickStep = t;
  }

  /** A liquidation of account i, logged after this step's kick. */
  logged(i: number): void {
    const w = this.wave;
    this.liquidations.items[w]!++;
    const seen = (this.seen ??= new Uint8Array(this.accountCount));
    if (seen[i] !== this.mark) {
      seen[i] = this.mark;
      this.accounts.items[w]!++;
    }
  }
}
