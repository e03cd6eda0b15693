/**
 * The replay transport (one per view that replays): the cursor step, play/pause, speed, and wave
 * navigation. Playback advances on animation frames by elapsed time, so speed is the same at any
 * frame rate and a slow frame skips steps instead of slowing the replay down.
 */
import { getContext, setContext } from 'svelte';
import type { WaveView } from '../lib/contract.ts';
import { advance, clampStep, fasterSpeed, slowerSpeed } from '../lib/transport-logic.ts';
import type { Speed } from '../lib/transport-logic.ts';
import { nextWave, previousWave } from '../lib/waves.ts';
import { clampRange, follow, panBy, zoomAround } from '../lib/zoom.ts';
import type { StepRange } from '../lib/zoom.ts';

export class Transport {
  steps = $state(0);
  step = $state(0);
  playing = $state(false);
  speed = $state<Speed>(4);
  waves = $state.raw<readonly WaveView[]>([]);
  /** The part of the run the view's step-axis charts show (null: all of it); shared, so they zoom together. */
  zoom = $state.raw<StepRange | null>(null);

  #frame = 0;
  #lastMs = 0;
  #carry = 0;
  /** Where playback stops by itself (a lesson's reveal), if anywhere before the end. */
  #stopAt: number | null = null;

  /** Loads a new set of runs' timeline; the cursor goes to the start (or to `at`). */
  reset(steps: number, waves: readonly WaveView[], at = 0): void {
    this.pause();
    this.steps = steps;
    this.waves = waves;
    this.zoom = null;
    this.step = clampStep(at, steps);
  }

  seek(step: number): void {
    this.step = clampStep(step, this.steps);
    // A zoomed view scrolls to keep the cursor in sight.
    this.zoom = follow(this.zoom, this.steps, this.step);
  }

  /** Shows `range` of the run (clamped; null or the whole run: everything). */
  setZoom(range: StepRange | null): void {
    this.zoom = range ? clampRange(range, this.steps) : null;
  }

  /** Zooms in (factor < 1) or out around `at` (default: the cursor). */
  zoomBy(factor: number, at = this.step): void {
    this.zoom = zoomAround(this.zoom, this.steps, factor, at);
  }

  panBy(deltaSteps: number): void {
    this.zoom = panBy(this.zoom, this.steps, deltaSteps);
  }

  stepBy(delta: number): void {
    this.pause();
    this.seek(this.step + delta);
  }

  nextWave(): void {
    const w = nextWave(this.waves, this.step);
    this.pause();
    if (w) this.seek(w.startStep);
  }

  previousWave(): void {
    const w = previousWave(this.waves, this.step);
    this.pause();
    this.seek(w ? w.startStep : 0);
  }

  faster(): void {
    this.speed = fasterSpeed(this.speed);
  }

  slower(): void {
    this.speed = slowerSpeed(this.speed);
  }

  play(): void {
    if (this.playing || this.steps === 0) return;
    if (this.step >= this.steps - 1) this.step = 0;
    this.playing = true;
    this.#carry = 0;
    this.#lastMs = performance.now();
    this.#frame = requestAnimationFrame(this.#tick);
  }

  /** Plays from the cursor to `step` and stops there (a lesson revealing what happened). */
  playTo(step: number): void {
    const target = clampStep(step, this.steps);
    if (target <= this.step) {
      this.seek(target);
      return;
    }
    this.play();
    this.#stopAt = target;
  }

  pause(): void {
    this.#stopAt = null;
    this.playing = false;
    if (this.#frame) cancelAnimationFrame(this.#frame);
    this.#frame = 0;
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  #tick = (now: number): void => {
    if (!this.playing) return;
    const { steps, carry } = advance(now - this.#lastMs, this.speed, this.#carry);
    this.#lastMs = now;
    this.#carry = carry;
    if (steps > 0) this.seek(this.step + steps);
    if (this.#stopAt !== null && this.step >= this.#stopAt) {
      this.seek(this.#stopAt);
      this.pause();
      return;
    }
    if (this.step >= this.steps - 1) {
      this.pause();
      return;
    }
    this.#frame = requestAnimationFrame(this.#tick);
  };
}

const TRANSPORT = Symbol('transport');

/** Makes `t` the transport of the charts inside the calling component (click to seek, shared zoom). */
export function provideTransport(t: Transport): void {
  setContext(TRANSPORT, t);
}

/** The transport of the view a chart sits in, or null (a chart on its own: no seek, no zoom). */
export function chartTransport(): Transport | null {
  return getContext<Transport | undefined>(TRANSPORT) ?? null;
}
