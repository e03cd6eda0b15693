/**
 * A replay session: what to replay (scenario, designs, seed, accounts), the job in flight with its
 * progress, and the finished runs with their shared transport. Replay and Compare each own one, so
 * comparing does not throw away the replay you were stepping through.
 */
import * as api from '../lib/api.ts';
import type { ApiError, RunView } from '../lib/contract.ts';
import { sortLog } from '../lib/narration.ts';
import { prepareRun } from '../lib/prepared.ts';
import { Transport } from './transport.svelte.ts';

export const DEFAULT_SCENARIO = 'black-thursday-2020';

export class Session {
  scenarioId = $state(DEFAULT_SCENARIO);
  designIds = $state<string[]>([]);
  seed = $state(1);
  /** Blank: the scenario's default population. */
  accounts = $state<number | null>(null);
  /** A scenario with several protocols: the one whose design the designs replace (null: the first). */
  protocol = $state<string | null>(null);

  runs = $state.raw<RunView[]>([]);
  running = $state(false);
  progress = $state.raw<api.ReplayProgress | null>(null);
  error = $state.raw<ApiError | null>(null);
  readonly transport = new Transport();

  #abort: AbortController | null = null;

  /**
   * @param cursorAtEnd put the cursor at the end of a new run (Compare shows outcomes first; Replay
   *   starts at the beginning, like a flight recorder).
   */
  constructor(private readonly cursorAtEnd = false) {}

  #current: Promise<void> | null = null;
  #currentKey = '';
  #generation = 0;

  /** What is asked for: scenario, designs, seed and population. */
  #key(): string {
    return JSON.stringify([this.scenarioId, this.designIds, this.seed, this.accounts, this.protocol]);
  }

  /**
   * Runs the replay; a job already running is cancelled first (the latest request wins) — unless
   * it is the very same request, which is simply waited for.
   */
  async run(): Promise<void> {
    const key = this.#key();
    if (this.#current && this.#currentKey === key) return this.#current;
    const generation = ++this.#generation;
    const previous = this.#current;
    if (previous) {
      this.cancel();
      await previous;
    }
    if (generation !== this.#generation) return; // a newer request came in meanwhile
    const current = this.#run();
    this.#current = current;
    this.#currentKey = key;
    await current;
    if (this.#current === current) this.#current = null;
  }

  /**
   * Starts replaying `scenarioId` under `designId` while the user is still reading the Library, so
   * the crash most newcomers open first is ready when they do. Only when nothing else was asked.
   */
  prefetch(scenarioId: string, designId: string): void {
    if (this.runs.length > 0 || this.running || this.#current) return;
    this.scenarioId = scenarioId;
    this.designIds = [designId];
    void this.run();
  }

  async #run(): Promise<void> {
    this.error = null;
    this.running = true;
    this.progress = { done: 0, total: 1, label: 'starting' };
    const abort = new AbortController();
    this.#abort = abort;
    const result = await api.runReplay(
      this.scenarioId,
      [...this.designIds],
      this.seed,
      this.accounts ?? undefined,
      (p) => (this.progress = p),
      abort.signal,
      this.protocol ?? undefined,
    );
    this.#abort = null;
    this.running = false;
    this.progress = null;
    if (!result.ok) {
      this.error = result.error;
      return;
    }
    const runs = result.value.map((r) => ({ ...r, log: sortLog(r.log) }));
    // Decimate before the first frame needs it, not during it.
    for (const r of runs) prepareRun(r);
    this.runs = runs;
    const steps = runs[0]?.steps ?? 0;
    this.transport.reset(steps, runs[0]?.waves ?? [], this.cursorAtEnd ? steps - 1 : 0);
  }

  cancel(): void {
    this.#abort?.abort();
  }
}

export const replaySession = new Session();
export const compareSession = new Session(true);
/** The replay a lesson is bound to (its own transport, so a lesson does not move the Replay view). */
export const lessonSession = new Session();
