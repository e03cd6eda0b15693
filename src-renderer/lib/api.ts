/**
 * The renderer's only door to main. In Electron the preload exposes `window.cascade` (the
 * contract's CascadeApi); in a browser the same contract is spoken over the loopback host:
 * `POST /api/<channel>` with the session token in `X-Cascade-Token`, events over a WebSocket at
 * `/events?token=…`. Every function here answers a Result and never throws, so views can show
 * errors in place.
 */
import type {
  AccountAutopsy,
  ApiError,
  ApiEvent,
  CascadeApi,
  Channel,
  DesignSummary,
  DesignValidation,
  GlossaryEntry,
  Input,
  Outputs,
  Result,
  RunView,
  ScenarioCard,
  ScenarioDetail,
} from './contract.ts';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in the browser host. */
    cascade?: CascadeApi;
  }
}

/** Error codes the renderer adds to the contract's own ('unreachable': no answer from main). */
export const UNREACHABLE = 'unreachable';

const TOKEN_KEY = 'cascade-lab.token';

export function failure(code: string, message: string, field?: string): { ok: false; error: ApiError } {
  return { ok: false, error: field ? { code, message, field } : { code, message } };
}

/**
 * Takes the session token from `?token=` in the page URL, else from what the tab stored earlier.
 * Answers the token and, when the URL carried it, the same URL without it (to show instead, so the
 * token does not linger in the address bar or history).
 */
export function takeToken(
  href: string,
  stored: string | null,
): { token: string | null; cleanUrl: string | null } {
  const url = new URL(href);
  const fromUrl = url.searchParams.get('token');
  if (!fromUrl) return { token: stored, cleanUrl: null };
  url.searchParams.delete('token');
  return { token: fromUrl, cleanUrl: url.pathname + url.search + url.hash };
}

function isResult(body: unknown): body is Result<unknown> {
  if (typeof body !== 'object' || body === null || !('ok' in body)) return false;
  const b = body as { ok: unknown; error?: unknown };
  if (b.ok === true) return 'value' in b;
  return b.ok === false && typeof b.error === 'object' && b.error !== null;
}

/** The browser host's client: HTTP for calls, one shared WebSocket (reconnecting) for events. */
class HttpApi implements CascadeApi {
  readonly #listeners = new Set<(event: ApiEvent) => void>();
  #socket: WebSocket | null = null;
  #retryMs = 500;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #openWaiters: (() => void)[] = [];

  constructor(private readonly token: string | null) {}

  async call<C extends Channel>(channel: C, input: Input<C>): Promise<Result<Outputs[C]>> {
    if (!this.token) {
      return failure(
        'forbidden',
        'This page has no session token. Open Cascade Lab from the link the host printed when it started (it ends in ?token=…).',
      );
    }
    let response: Response;
    try {
      response = await fetch(`/api/${channel}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Cascade-Token': this.token },
        body: JSON.stringify(input ?? {}),
      });
    } catch {
      return failure(
        UNREACHABLE,
        'Cannot reach the Cascade Lab host. Check that it is still running (restart it if not), then try again.',
      );
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      return failure(
        'failed',
        `The host answered ${response.status} ${response.statusText} without a result.`,
      );
    }
    if (isResult(body)) return body as Result<Outputs[C]>;
    return failure('failed', `The host answered ${response.status} with something that is not a result.`);
  }

  onEvent(listener: (event: ApiEvent) => void): () => void {
    this.#listeners.add(listener);
    this.#connect();
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Resolves once the event socket is open (or after `timeoutMs`, answering false). */
  whenConnected(timeoutMs: number): Promise<boolean> {
    this.#connect();
    if (this.#socket?.readyState === WebSocket.OPEN) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.#openWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  #connect(): void {
    if (!this.token || this.#socket || this.#retryTimer) return;
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(
      `${scheme}://${location.host}/events?token=${encodeURIComponent(this.token)}`,
    );
    this.#socket = socket;
    socket.addEventListener('open', () => {
      this.#retryMs = 500;
      for (const w of this.#openWaiters.splice(0)) w();
    });
    socket.addEventListener('message', (message) => {
      let event: ApiEvent;
      try {
        event = JSON.parse(String(message.data)) as ApiEvent;
      } catch {
        return;
      }
      for (const l of [...this.#listeners]) l(event);
    });
    socket.addEventListener('close', () => {
      this.#socket = null;
      // Reconnect while anyone listens; back off up to 8 s so a stopped host is not hammered.
      if (this.#listeners.size === 0) return;
      this.#retryTimer = setTimeout(() => {
        this.#retryTimer = null;
        this.#connect();
      }, this.#retryMs);
      this.#retryMs = Math.min(this.#retryMs * 2, 8000);
    });
  }
}

function readStoredToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null; // storage disabled: only a token in the URL works
  }
}

let instance: (CascadeApi & { whenConnected?(timeoutMs: number): Promise<boolean> }) | null = null;

function api(): CascadeApi & { whenConnected?(timeoutMs: number): Promise<boolean> } {
  if (instance) return instance;
  if (typeof window !== 'undefined' && window.cascade) {
    instance = window.cascade;
    return instance;
  }
  const { token, cleanUrl } = takeToken(location.href, readStoredToken());
  if (token) {
    try {
      sessionStorage.setItem(TOKEN_KEY, token);
    } catch {
      // Storage may be disabled; the token then lives only as long as this page.
    }
  }
  if (cleanUrl !== null) history.replaceState(history.state, '', cleanUrl);
  instance = new HttpApi(token);
  return instance;
}

/** Calls one channel; never throws (a failed transport answers a Result with code 'unreachable'). */
export async function call<C extends Channel>(channel: C, input: Input<C>): Promise<Result<Outputs[C]>> {
  try {
    return await api().call(channel, input);
  } catch (e) {
    return failure(
      UNREACHABLE,
      `Main did not answer ${channel}: ${(e as Error).message ?? String(e)}. Restart the app.`,
    );
  }
}

/** Listens to main's events (job progress, desktop menu commands); answers the unsubscribe function. */
export function onEvent(listener: (event: ApiEvent) => void): () => void {
  return api().onEvent(listener);
}

export const listScenarios = (): Promise<Result<ScenarioCard[]>> => call('scenarios.list', {});
export const getScenario = (id: string): Promise<Result<ScenarioDetail>> => call('scenarios.get', { id });
export const listDesigns = (): Promise<Result<DesignSummary[]>> => call('designs.list', {});
export const getDesign = (id: string): Promise<Result<unknown>> => call('designs.get', { id });
export const validateDesign = (design: unknown): Promise<Result<DesignValidation>> =>
  call('designs.validate', { design });
export const saveDesign = (design: unknown): Promise<Result<{ id: string }>> =>
  call('designs.save', { design });
export const cancelJob = (jobId: string): Promise<Result<{ cancelled: boolean }>> =>
  call('jobs.cancel', { jobId });
export const exportCsv = (runId: string): Promise<Result<{ fileName: string; csv: string }>> =>
  call('runs.exportCsv', { runId });
export const accountAutopsy = (runId: string, account: number): Promise<Result<AccountAutopsy>> =>
  call('runs.account', { runId, account });
export const listGlossary = (): Promise<Result<GlossaryEntry[]>> => call('glossary.list', {});

// Training.
export const listProfiles = () => call('profiles.list', {});
export const createProfile = (name: string) => call('profiles.create', { name });
export const listLessons = () => call('lessons.list', {});
export const openLesson = (profileId: string, lessonId: string, runId: string) =>
  call('lessons.open', { profileId, lessonId, runId });
export const answerPrediction = (
  profileId: string,
  lessonId: string,
  stepId: string,
  runId: string,
  answer: { value: number } | { choice: string },
) => call('lessons.answer', { profileId, lessonId, stepId, runId, answer });
export const tryIt = (
  profileId: string,
  lessonId: string,
  stepId: string,
  answer: { value: number } | { option: number },
) => call('lessons.tryIt', { profileId, lessonId, stepId, answer });
export const saveLessonPosition = (profileId: string, lessonId: string, step: number, completed: boolean) =>
  call('lessons.position', { profileId, lessonId, step, completed });
export const lessonDebrief = (profileId: string, lessonId: string) =>
  call('lessons.debrief', { profileId, lessonId });
export const importLessonFile = (fileName: string, text: string) =>
  call('lessons.import', { fileName, text });
export const listChallenges = () => call('challenges.list', {});
export const submitChallenge = (profileId: string, challengeId: string, designId: string) =>
  call('challenges.submit', { profileId, challengeId, designId });
export const leaderboard = (challengeId: string) => call('challenges.leaderboard', { challengeId });
export const getProgress = (profileId: string) => call('progress.get', { profileId });
export const exportPack = (title: string, lessonIds: string[], challengeIds: string[]) =>
  call('packs.export', { title, lessonIds, challengeIds });
export const importPack = (fileName: string, text: string) => call('packs.import', { fileName, text });
export const exportResults = (profileId: string) => call('results.export', { profileId });
export const importResults = (fileName: string, text: string) => call('results.import', { fileName, text });
export const classTable = () => call('results.class', {});

export interface ReplayProgress {
  done: number;
  total: number;
  label: string;
}

/**
 * Runs a replay job: starts it, reports progress, cancels it when `signal` aborts, and answers the
 * finished runs (one per design, in the order asked; the first is the baseline).
 */
export async function runReplay(
  scenarioId: string,
  designIds: string[],
  seed: number,
  accounts: number | undefined,
  onProgress: (progress: ReplayProgress) => void,
  signal?: AbortSignal,
): Promise<Result<RunView[]>> {
  const cancelled = failure('cancelled', 'The replay was cancelled.');
  const client = api();
  let jobId: string | null = null;
  const early: ApiEvent[] = [];
  let settle: (r: Result<true>) => void = () => {};
  const finished = new Promise<Result<true>>((resolve) => (settle = resolve));
  let lastHeardMs = Date.now();
  const handle = (event: ApiEvent): void => {
    if (event.type !== 'job.progress' && event.type !== 'job.done') return;
    if (event.jobId !== jobId) return;
    lastHeardMs = Date.now();
    if (event.type === 'job.progress')
      onProgress({ done: event.done, total: event.total, label: event.label });
    else if (event.ok) settle({ ok: true, value: true });
    else settle({ ok: false, error: event.error ?? { code: 'failed', message: 'The replay failed.' } });
  };
  // Listen before starting: a short job may finish before replay.start's answer arrives.
  const off = client.onEvent((event) => (jobId === null ? early.push(event) : handle(event)));
  const onAbort = (): void => {
    if (jobId !== null) void call('jobs.cancel', { jobId });
    settle(cancelled);
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  let watchdog: ReturnType<typeof setInterval> | null = null;
  let polled: Result<RunView[]> | null = null;
  try {
    if (client.whenConnected) await client.whenConnected(3000);
    if (signal?.aborted) return cancelled;
    const started = await call('replay.start', {
      scenarioId,
      designIds,
      seed,
      ...(accounts !== undefined ? { accounts } : {}),
    });
    if (!started.ok) return started;
    jobId = started.value.jobId;
    if (signal?.aborted) {
      void call('jobs.cancel', { jobId });
      return cancelled;
    }
    for (const e of early.splice(0)) handle(e);
    // If the event stream drops (host restarted, socket closed), ask for the result after a silence
    // rather than waiting forever; a job still running answers an error, which is ignored.
    const id = jobId;
    watchdog = setInterval(() => {
      if (Date.now() - lastHeardMs < 10_000) return;
      lastHeardMs = Date.now();
      void call('replay.result', { jobId: id }).then((r) => {
        if (r.ok) {
          polled = r;
          settle({ ok: true, value: true });
        }
      });
    }, 2_000);
    const outcome = await finished;
    if (!outcome.ok) return outcome;
    return polled ?? (await call('replay.result', { jobId }));
  } finally {
    if (watchdog) clearInterval(watchdog);
    off();
    signal?.removeEventListener('abort', onAbort);
  }
}

// Sweeps.
export const estimateSweep = (spec: unknown) => call('sweeps.estimate', { spec });
export const startSweep = (spec: unknown, confirmed: boolean) => call('sweeps.start', { spec, confirmed });
export const listSweeps = () => call('sweeps.list', {});
export const sweepReport = (sweepId: string) => call('sweeps.report', { sweepId });
export const cancelSweep = (sweepId: string) => call('sweeps.cancel', { sweepId });
export const resumeSweep = (sweepId: string) => call('sweeps.resume', { sweepId });
export const exportSweepCsv = (sweepId: string) => call('sweeps.exportCsv', { sweepId });
export const openSweepPoint = (sweepId: string, point: number) =>
  call('sweeps.openPoint', { sweepId, point });
export const seedBand = (scenarioId: string, designId: string) =>
  call('sweeps.seedBand', { scenarioId, designId });
