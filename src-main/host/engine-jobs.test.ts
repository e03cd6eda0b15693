/**
 * Engine jobs through the real loopback host (a free port, real worker threads bundled from the
 * current sources): many concurrent challenge submissions stay within the pool's bound and a stated
 * memory limit, a call whose HTTP client disconnects stops its engine work, and a page whose event
 * socket goes away has its replay job cancelled. Measured figures are printed (never asserted
 * beyond the stated limits).
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Result } from '../contract/api.ts';
import { PRESETS } from '../engine/presets.ts';
import type { AppService } from '../services/app-service.ts';
import { createAppService } from '../services/app-service.ts';
import { PiscinaEnginePool, defaultMaxThreads } from '../services/pool/engine-pool.ts';
import type { Scratch } from './host-test-support.ts';
import { makeScratch } from './host-test-support.ts';
import type { RunningHost } from './server.ts';
import { CLIENT_HEADER, TOKEN_HEADER, startHost } from './server.ts';

/** RSS growth allowed while 10 challenge submissions run (before the pool: 30 threads, +2.3 GB; measured here: about +200 MB). */
const RSS_GROWTH_LIMIT_MB = 600;

let scratch: Scratch;
let host: RunningHost;
let service: AppService;

beforeAll(async () => {
  scratch = await makeScratch();
  // The pool at its default bound (cores − 1, at least 1), as the host builds it.
  service = createAppService({
    pool: new PiscinaEnginePool({ workerDir: scratch.workerDir }),
    log: () => {},
  });
  host = await startHost({
    port: 0,
    rendererDir: scratch.rendererDir,
    dataDir: scratch.dataDir,
    service,
    clientGraceMs: 200,
    log: () => {},
  });
});

afterAll(async () => {
  await host?.close();
  await scratch?.remove();
});

async function call<T>(
  channel: string,
  input: unknown,
  headers: Record<string, string> = {},
): Promise<Result<T>> {
  const r = await fetch(`${host.origin}/api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [TOKEN_HEADER]: host.token, ...headers },
    body: JSON.stringify(input),
  });
  return (await r.json()) as Result<T>;
}

async function value<T>(channel: string, input: unknown): Promise<T> {
  const r = await call<T>(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.value;
}

/** Polls until `check` holds (or fails after `ms`). */
async function until(check: () => boolean, ms = 60_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A design that meets the 70%-LTV constraint, so judging runs the engine on every hidden seed. */
async function saveJudgeableDesign(): Promise<string> {
  const clip = PRESETS.get('maker-2021-clip')!;
  const design = {
    ...structuredClone(clip),
    id: 'pool-test-clip',
    name: 'Pool test clip',
    margin: { ...clip.margin, liquidationRatio: 1.4, callRatio: 1.5 },
  };
  return (await value<{ id: string }>('designs.save', { design })).id;
}

describe('engine jobs through the host', () => {
  it('judges 10 concurrent challenge submissions within the pool’s bound and memory', async () => {
    const designId = await saveJudgeableDesign();
    const profile = await value<{ id: string }>('profiles.create', { name: 'Load test' });
    const bound = defaultMaxThreads();
    const rssBefore = process.memoryUsage().rss;
    let peakThreads = 0;
    let peakRss = rssBefore;
    const sampler = setInterval(() => {
      peakThreads = Math.max(peakThreads, service.pool.stats().threads);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 25);
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        call<{ score: number }>('challenges.submit', {
          profileId: profile.id,
          challengeId: 'bt-bad-debt-70-ltv',
          designId,
        }),
      ),
    );
    clearInterval(sampler);
    const rssAfter = process.memoryUsage().rss;
    const mb = (b: number) => Math.round(b / 1024 / 1024);
    console.log(
      `10 concurrent challenges.submit: peak ${peakThreads} worker threads (bound ${bound}, pool's own count ${service.pool.stats().peakThreads}); RSS ${mb(rssBefore)} MB before, ${mb(peakRss)} MB peak, ${mb(rssAfter)} MB after`,
    );
    for (const r of results) expect(r.ok, JSON.stringify(r)).toBe(true);
    // The same design always gets the same score.
    expect(new Set(results.map((r) => (r.ok ? r.value.score : -1))).size).toBe(1);
    expect(peakThreads).toBeGreaterThanOrEqual(1);
    expect(peakThreads).toBeLessThanOrEqual(bound);
    expect(service.pool.stats().peakThreads).toBeLessThanOrEqual(bound);
    expect(mb(peakRss - rssBefore)).toBeLessThan(RSS_GROWTH_LIMIT_MB);
  });

  it('stops a challenge’s engine work when its HTTP client disconnects', async () => {
    const designId = await saveJudgeableDesign();
    const profile = await value<{ id: string }>('profiles.create', { name: 'Walks away' });
    const body = JSON.stringify({ profileId: profile.id, challengeId: 'bt-bad-debt-70-ltv', designId });
    const req = httpRequest({
      host: '127.0.0.1',
      port: host.port,
      method: 'POST',
      path: '/api/challenges.submit',
      headers: {
        Host: `127.0.0.1:${host.port}`,
        'Content-Type': 'application/json',
        [TOKEN_HEADER]: host.token,
        'Content-Length': Buffer.byteLength(body),
      },
      agent: false,
    });
    req.on('error', () => {});
    req.end(body);
    await until(() => service.pool.stats().running >= 1);
    req.destroy();
    // The task is stopped (the engine saw its flag, or the worker was terminated) and nothing waits.
    await until(() => service.pool.stats().running === 0 && service.pool.stats().queued === 0);
    // Judging never finished: no attempt was recorded.
    const progress = await value<{ challenges: { challengeId: string; attempts: number }[] }>(
      'progress.get',
      {
        profileId: profile.id,
      },
    );
    expect(progress.challenges.find((c) => c.challengeId === 'bt-bad-debt-70-ltv')!.attempts).toBe(0);
  });

  it('cancels the replay job of a page whose event socket is gone', async () => {
    const clientId = 'engine-jobs-test-page-1';
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/events?token=${host.token}&client=${clientId}`);
    let calibrating!: () => void;
    const seen = new Promise<void>((resolve) => (calibrating = resolve));
    ws.on('message', (data) => {
      if (String(data).includes('calibrating')) calibrating();
    });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    // Large enough that the replay cannot finish between its first event and the socket's close
    // (200,000 accounts took ~0.3 s once the engine got faster, and the race was sometimes lost).
    const started = await call<{ jobId: string }>(
      'replay.start',
      { scenarioId: 'black-thursday-2020', designIds: ['maker-2020-flip'], seed: 1, accounts: 800_000 },
      { [CLIENT_HEADER]: clientId },
    );
    if (!started.ok) throw new Error(started.error.message);
    await seen;
    ws.close();
    const result = await call('replay.result', { jobId: started.value.jobId });
    expect(result).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    await until(() => service.pool.stats().running === 0);
  });

  it('refuses an absurdly expensive replay before it runs, naming the field', async () => {
    const clip = PRESETS.get('maker-2021-clip')!;
    const design = {
      ...structuredClone(clip),
      id: 'dust-lots',
      name: 'Dust lots',
      liquidation: { ...clip.liquidation, lotSize: 0.001 },
    };
    await value('designs.save', { design });
    const r = await call('replay.start', {
      scenarioId: 'black-thursday-2020',
      designIds: ['dust-lots'],
      seed: 1,
    });
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'invalid-input',
        field: 'designIds.0',
        message: expect.stringMatching(/liquidation\.lotSize 0\.001 makes about .*; set it to at least/),
      },
    });
    expect(service.pool.stats().running).toBe(0);
  });
});
