import { describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../contract/api.ts';
import { closeAfter, tempDir } from '../../store/store-test-support.ts';
import { createAppService } from '../app-service.ts';
import { openAppStore } from '../open-app-store.ts';
import { InProcessEnginePool } from '../pool/engine-pool.ts';
import { InProcessSweepExecutor } from './sweep-executor.ts';

async function app() {
  const appStore = await openAppStore(tempDir());
  closeAfter(() => appStore.close());
  const service = createAppService({
    pool: new InProcessEnginePool(),
    designs: appStore.designs,
    sweepStore: appStore.store,
    sweepExecutor: () => new InProcessSweepExecutor(),
    log: () => {},
  });
  closeAfter(() => void service.close());
  const events: ApiEvent[] = [];
  const ctx = { emit: (e: ApiEvent) => events.push(e) };
  const call = async (channel: string, input: unknown) => service.dispatch(channel, input, ctx);
  return { call, events };
}

const spec = {
  format: 'cascade-lab-sweep',
  version: 1,
  scenarios: ['black-thursday-2020'],
  designs: ['maker-2021-clip'],
  axes: [{ path: 'margin.liquidationRatio', values: [1.5, 1.6] }],
  seeds: { from: 1, to: 3 },
  accounts: 300,
};

describe('sweep channels', () => {
  it('estimate → start → progress events → report; a point opens as a saved design; the seed band covers 3 seeds', async () => {
    const { call, events } = await app();
    const est = await call('sweeps.estimate', { spec });
    expect(est).toMatchObject({ ok: true, value: { points: 2, gridRuns: 6, needsConfirmation: false } });
    const started = await call('sweeps.start', { spec });
    expect(started.ok).toBe(true);
    const { sweepId } = (started as { value: { sweepId: string } }).value;
    for (let i = 0; i < 600 && !events.some((e) => e.type === 'sweep.done'); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(events.find((e) => e.type === 'sweep.done')).toMatchObject({ sweepId, status: 'done' });
    expect(events.some((e) => e.type === 'sweep.progress' && e.done === 6 && e.total === 6)).toBe(true);
    const report = await call('sweeps.report', { sweepId });
    expect(report).toMatchObject({
      ok: true,
      value: { active: false, sweep: { gridDone: 6, status: 'done' } },
    });
    const opened = await call('sweeps.openPoint', { sweepId, point: 1 });
    expect(opened).toMatchObject({
      ok: true,
      value: { scenarioId: 'black-thursday-2020', designId: `${sweepId}-p1`, seed: 1, accounts: 300 },
    });
    const band = await call('sweeps.seedBand', {
      scenarioId: 'black-thursday-2020',
      designId: `${sweepId}-p1`,
    });
    expect(band).toMatchObject({ ok: true, value: { sweepId, seeds: 3 } });
    const v = (band as { value: { p10: number[]; p90: number[] } }).value;
    v.p10.forEach((lo, i) => expect(lo).toBeLessThanOrEqual(v.p90[i]!));
    const none = await call('sweeps.seedBand', { scenarioId: 'black-thursday-2020', designId: 'aave-v3' });
    expect(none).toEqual({ ok: true, value: null });
  });

  it('refuses a design file path, a bad axis and an unconfirmed huge sweep, with messages naming the field', async () => {
    const { call } = await app();
    expect(await call('sweeps.estimate', { spec: { ...spec, designs: ['/etc/passwd.json'] } })).toMatchObject(
      {
        ok: false,
        error: { code: 'invalid-input', message: expect.stringMatching(/sweep\.designs: .* is a file path/) },
      },
    );
    expect(
      await call('sweeps.estimate', { spec: { ...spec, axes: [{ path: 'margin.nope', values: [1] }] } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: expect.stringMatching(/no field "margin\.nope"/) },
    });
    const huge = { ...spec, seeds: { from: 1, to: 5000 }, accounts: 1_000_000 };
    expect(await call('sweeps.start', { spec: huge })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: expect.stringMatching(/confirm/) },
    });
    expect(await call('sweeps.list', {})).toEqual({ ok: true, value: [] });
  });
});
