/**
 * The Sweep view's state: the form, its estimate, the sweep running (progress, stop), the sweeps
 * stored, and the report of the one shown. Kept across view switches.
 */
import * as api from '../lib/api.ts';
import type { ApiError, SweepEstimateView, SweepMetaView, SweepReportView } from '../lib/contract.ts';
import type { AxisField, SweepForm } from '../lib/sweep-form.ts';
import { axisFields, specOf } from '../lib/sweep-form.ts';

/** Accounts per run a new sweep starts with (small: a sweep runs many). */
export const DEFAULT_SWEEP_ACCOUNTS = 1000;

class SweepStore {
  form = $state<SweepForm>({
    scenarioId: 'black-thursday-2020',
    protocol: null,
    designIds: ['maker-2021-clip'],
    axes: [{ path: 'margin.liquidationRatio', from: 1.3, to: 1.7, count: 3 }],
    sampling: 'grid',
    samplePoints: 20,
    sampleSeed: 1,
    seedFrom: 1,
    seedTo: 3,
    shockFrom: 0.5,
    shockTo: 1.5,
    shockCount: 3,
    accounts: DEFAULT_SWEEP_ACCOUNTS,
  });
  /** Number fields of the first design (the axes a user can pick). */
  fields = $state.raw<AxisField[]>([]);
  estimate = $state.raw<SweepEstimateView | null>(null);
  estimateError = $state.raw<ApiError | null>(null);
  confirmed = $state(false);
  list = $state.raw<SweepMetaView[]>([]);
  report = $state.raw<SweepReportView | null>(null);
  error = $state.raw<ApiError | null>(null);
  running = $state<string | null>(null);
  progress = $state.raw<{ phase: 'grid' | 'threshold'; done: number; total: number } | null>(null);
  #fieldsFor = '';
  #estimateSeq = 0;
  #listening = false;
  /** Sweeps whose done event has arrived (it can come before their start or their report is answered). */
  #finished = new Set<string>();

  spec(): Record<string, unknown> {
    const ints = new Set(this.fields.filter((f) => f.integer).map((f) => f.path));
    return specOf(this.form, ints);
  }

  async loadFields(): Promise<void> {
    const id = this.form.designIds[0];
    if (!id || id === this.#fieldsFor) return;
    this.#fieldsFor = id;
    const [r, form] = await Promise.all([api.getDesign(id), api.getDesignForm()]);
    if (r.ok && form.ok) this.fields = axisFields(r.value, form.value);
  }

  async refreshEstimate(): Promise<void> {
    const seq = ++this.#estimateSeq;
    const r = await api.estimateSweep(this.spec());
    if (seq !== this.#estimateSeq) return;
    this.estimate = r.ok ? r.value : null;
    this.estimateError = r.ok ? null : r.error;
  }

  listen(): void {
    if (this.#listening) return;
    this.#listening = true;
    api.onEvent((e) => {
      if (e.type === 'sweep.progress' && e.sweepId === this.running) {
        this.progress = { phase: e.phase, done: e.done, total: e.total };
      } else if (e.type === 'sweep.done') {
        this.#finished.add(e.sweepId);
        if (e.sweepId === this.running) {
          this.running = null;
          this.progress = null;
          if (e.error) this.error = e.error;
        }
        void this.loadList();
        if (this.report?.sweep.id === e.sweepId) void this.show(e.sweepId);
      }
    });
  }

  async loadList(): Promise<void> {
    const r = await api.listSweeps();
    if (r.ok) this.list = r.value;
  }

  async start(): Promise<void> {
    this.error = null;
    const r = await api.startSweep(this.spec(), this.confirmed);
    if (!r.ok) {
      this.error = r.error;
      return;
    }
    // A short sweep can finish before its start is answered: its done event came first.
    const done = this.#finished.has(r.value.sweepId);
    this.running = done ? null : r.value.sweepId;
    this.progress = done ? null : { phase: 'grid', done: 0, total: this.estimate?.gridRuns ?? 1 };
    await this.loadList();
    await this.show(r.value.sweepId);
  }

  async stop(): Promise<void> {
    if (this.running) await api.cancelSweep(this.running);
  }

  async resume(id: string): Promise<void> {
    this.error = null;
    const r = await api.resumeSweep(id);
    if (!r.ok) {
      this.error = r.error;
      return;
    }
    this.#finished.delete(id);
    this.running = id;
    this.progress = null;
    await this.show(id);
  }

  async show(id: string, retries = 3): Promise<void> {
    const r = await api.sweepReport(id);
    if (!r.ok) {
      this.error = r.error;
      return;
    }
    // It finished while this report was on the way (its done event found no report to refresh):
    // read it again rather than show a finished sweep as running.
    if (r.value.sweep.status === 'running' && this.#finished.has(id) && retries > 0)
      return this.show(id, retries - 1);
    this.report = r.value;
  }
}

export const sweepStore = new SweepStore();
