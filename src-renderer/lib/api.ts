/**
 * The renderer's only door to main. In Electron the preload exposes `window.cascade` (the
 * contract's CascadeApi); in a browser the same contract is spoken over the loopback host:
 * `POST /api/<channel>` with the session token in `X-Cascade-Token`, events over a WebSocket at
 * `/events?token=…`. Every function here answers a Result and never throws, so views can show
 * errors in place. The page names itself with a random client id (header `X-Cascade-Client`, and
 * `&client=` on the event socket): when its socket is gone for good, the host stops the engine work
 * this page started.
 */
import type {
  AccountAutopsy,
  ApiError,
  ApiEvent,
  CascadeApi,
  Channel,
  DesignFormSpec,
  DesignSummary,
  DesignValidation,
  GlossaryEntry,
  Input,
  Outputs,
  Result,
  RunView,
  ScenarioCard,
  ScenarioDetail,
  ValidationReportView,
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
  readonly #clientId = newClientId();

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
        headers: {
          'Content-Type': 'application/json',
          'X-Cascade-Token': this.token,
          'X-Cascade-Client': this.#clientId,
        },
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
      `${scheme}://${location.host}/events?token=${encodeURIComponent(this.token)}&client=${this.#clientId}`,
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

/** A random id for this page (letters, digits and dashes, as the host requires). */
function newClientId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return `c-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 14)}`;
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
/** Main's verdict on a design (every issue) and its capital efficiency, on the scenario's collateral. */
export const validateDesign = (design: unknown, scenarioId?: string): Promise<Result<DesignValidation>> =>
  call('designs.validate', scenarioId ? { design, scenarioId } : { design });
/** What the design editor needs from main: the schema's bounds and the starting values (asked once). */
let designForm: Promise<Result<DesignFormSpec>> | null = null;
export const getDesignForm = (): Promise<Result<DesignFormSpec>> => {
  designForm ??= call('designs.form', {}).then((r) => {
    if (!r.ok) designForm = null; // ask again next time
    return r;
  });
  return designForm;
};
export const saveDesign = (design: unknown): Promise<Result<{ id: string }>> =>
  call('designs.save', { design });
export const cancelJob = (jobId: string): Promise<Result<{ cancelled: boolean }>> =>
  call('jobs.cancel', { jobId });
export const exportCsv = (runId: string): Promise<Result<{ fileName: string; csv: string }>> =>
  call('runs.exportCsv', { runId });
export const accountAutopsy = (
  runId: string,
  account: number,
  onProgress?: (p: ReplayProgress) => void,
  signal?: AbortSignal,
): Promise<Result<AccountAutopsy>> =>
  callWithProgress('runs.account', { runId, account }, onProgress, signal);
export const listGlossary = (): Promise<Result<GlossaryEntry[]>> => call('glossary.list', {});

// The data folder: a banner while there is something to say (a database moved aside, no saving).
export const storeStatus = () => call('store.status', {});
export const dismissStoreNotice = () => call('store.dismissNotice', {});
export const restoreBackup = (backupId: string) => call('store.restore', { backupId });

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
  onProgress?: (p: ReplayProgress) => void,
  signal?: AbortSignal,
) => callWithProgress('lessons.tryIt', { profileId, lessonId, stepId, answer }, onProgress, signal);
export const saveLessonPosition = (profileId: string, lessonId: string, step: number, completed: boolean) =>
  call('lessons.position', { profileId, lessonId, step, completed });
export const lessonDebrief = (profileId: string, lessonId: string) =>
  call('lessons.debrief', { profileId, lessonId });
export const importLessonFile = (fileName: string, text: string) =>
  call('lessons.import', { fileName, text });
export const listChallenges = () => call('challenges.list', {});
export const submitChallenge = (
  profileId: string,
  challengeId: string,
  designId: string,
  onProgress?: (p: ReplayProgress) => void,
  signal?: AbortSignal,
) => callWithProgress('challenges.submit', { profileId, challengeId, designId }, onProgress, signal);
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

/** Channels that run the engine under a caller's progress id (see the contract's `progressId`). */
type ProgressChannel = 'runs.account' | 'lessons.tryIt' | 'challenges.submit';

/** A fresh progress id (a UUID where the platform has one). */
function newProgressId(): string {
  const c = globalThis.crypto;
  if (c && 'randomUUID' in c) return c.randomUUID();
  return `p-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

/**
 * Calls a channel that runs the engine: its progress arrives through `onProgress`, and aborting
 * `signal` cancels it in main (the call then answers code 'cancelled').
 */
export async function callWithProgress<C extends ProgressChannel>(
  channel: C,
  input: Omit<Input<C>, 'progressId'>,
  onProgress?: (p: ReplayProgress) => void,
  signal?: AbortSignal,
): Promise<Result<Outputs[C]>> {
  if (signal?.aborted) return failure('cancelled', 'Cancelled.');
  const progressId = newProgressId();
  const off = onEvent((e) => {
    if (e.type === 'job.progress' && e.jobId === progressId)
      onProgress?.({ done: e.done, total: e.total, label: e.label });
  });
  const onAbort = (): void => void call('jobs.cancel', { jobId: progressId });
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await call(channel, { ...input, progressId } as Input<C>);
  } finally {
    off();
    signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * Runs a replay job: starts it, reports progress, cancels it when `signal` aborts, and answers the
 * finished runs (one per design, in the order asked; the first is the baseline).
 */
export function runReplay(
  scenarioId: string,
  designIds: string[],
  seed: number,
  accounts: number | undefined,
  onProgress: (progress: ReplayProgress) => void,
  signal?: AbortSignal,
  /** A scenario with several protocols: the protocol whose design `designIds` replace. */
  protocol?: string,
): Promise<Result<RunView[]>> {
  return runJob(
    'The replay was cancelled.',
    () =>
      call('replay.start', {
        scenarioId,
        designIds,
        seed,
        ...(accounts !== undefined ? { accounts } : {}),
        ...(protocol !== undefined ? { protocol } : {}),
      }),
    (jobId) => call('replay.result', { jobId }),
    onProgress,
    signal,
  );
}

/**
 * Validates a built-in scenario as a job (a bounded grid of replays of its historical design, cached
 * in main per scenario and engine version): progress, cancel through `signal`, and the table.
 */
export function runValidationJob(
  scenarioId: string,
  onProgress: (progress: ReplayProgress) => void,
  signal?: AbortSignal,
): Promise<Result<ValidationReportView>> {
  return runJob(
    'The validation was cancelled.',
    () => call('validation.start', { scenarioId }),
    (jobId) => call('validation.result', { jobId }),
    onProgress,
    signal,
  );
}

/** Starts a job, follows its events, cancels it on abort, and fetches its result when done. */
async function runJob<R>(
  cancelledText: string,
  start: () => Promise<Result<{ jobId: string }>>,
  fetchResult: (jobId: string) => Promise<Result<R>>,
  onProgress: (progress: ReplayProgress) => void,
  signal?: AbortSignal,
): Promise<Result<R>> {
  const cancelled = failure('cancelled', cancelledText);
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
    else settle({ ok: false, error: event.error ?? { code: 'failed', message: 'The job failed.' } });
  };
  // Listen before starting: a short job may finish before the start call's answer arrives.
  const off = client.onEvent((event) => (jobId === null ? early.push(event) : handle(event)));
  const onAbort = (): void => {
    if (jobId !== null) void call('jobs.cancel', { jobId });
    settle(cancelled);
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  let watchdog: ReturnType<typeof setInterval> | null = null;
  let polled: Result<R> | null = null;
  try {
    if (client.whenConnected) await client.whenConnected(3000);
    if (signal?.aborted) return cancelled;
    const started = await start();
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
      void fetchResult(id).then((r) => {
        if (r.ok) {
          polled = r;
          settle({ ok: true, value: true });
        }
      });
    }, 2_000);
    const outcome = await finished;
    if (!outcome.ok) return outcome;
    return polled ?? (await fetchResult(jobId));
  } finally {
    if (watchdog) clearInterval(watchdog);
    off();
    signal?.removeEventListener('abort', onAbort);
  }
}

// What users bring: uploads, imports, user scenarios.

/** Characters per upload call (the contract's limit; a JSON body stays under the host's 1 MiB). */
export const UPLOAD_CHUNK_CHARS = 256 * 1024;

/**
 * Sends a file's text to main in chunks (progress per chunk; `signal` stops between chunks).
 * Answers the upload id the preview and the import refer to.
 */
export async function uploadText(
  fileName: string,
  text: string,
  onProgress: (sent: number, total: number) => void,
  signal?: AbortSignal,
): Promise<Result<{ uploadId: string }>> {
  let uploadId: string | undefined;
  for (let offset = 0; offset < text.length || uploadId === undefined; offset += UPLOAD_CHUNK_CHARS) {
    if (signal?.aborted) return failure('cancelled', 'The upload was cancelled; nothing was stored.');
    const chunk = text.slice(offset, offset + UPLOAD_CHUNK_CHARS);
    const r = await call('files.upload', {
      ...(uploadId !== undefined ? { uploadId } : {}),
      fileName,
      offset,
      text: chunk,
      done: offset + UPLOAD_CHUNK_CHARS >= text.length,
    });
    if (!r.ok) return r;
    uploadId = r.value.uploadId;
    onProgress(Math.min(text.length, offset + chunk.length), text.length);
  }
  return { ok: true, value: { uploadId } };
}

export const previewImport = (input: Input<'imports.preview'>) => call('imports.preview', input);
export const listImports = () => call('imports.list', {});
export const validateScenario = (document: unknown) => call('scenarios.validate', { document });
export const createScenario = (document: unknown) => call('scenarios.create', { document });
export const updateScenario = (id: string, document: unknown) => call('scenarios.update', { id, document });
export const scenarioDocument = (id: string) => call('scenarios.document', { id });
export const duplicateScenario = (id: string) => call('scenarios.duplicate', { id });
export const exportScenario = (id: string) => call('scenarios.export', { id });
export const deleteScenario = (id: string) => call('scenarios.delete', { id });
export const scenarioLedger = (id: string) => call('scenarios.ledger', { id });
export const scenarioDefaults = (template: string, assets: string[]) =>
  call('scenarios.defaults', { template, assets });

/**
 * Runs an import job: starts it, reports progress (characters read), cancels it when `signal`
 * aborts, and answers what was stored.
 */
export async function runImport(
  input: Input<'imports.start'>,
  onProgress: (done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<Result<Outputs['imports.result']>> {
  const client = api();
  let jobId: string | null = null;
  const off = client.onEvent((event) => {
    if (event.type === 'job.progress' && event.jobId === jobId) onProgress(event.done, event.total);
  });
  const onAbort = (): void => {
    if (jobId !== null) void call('imports.cancel', { jobId });
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (client.whenConnected) await client.whenConnected(3000);
    const started = await call('imports.start', input);
    if (!started.ok) return started;
    jobId = started.value.jobId;
    if (signal?.aborted) onAbort();
    return await call('imports.result', { jobId });
  } finally {
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
