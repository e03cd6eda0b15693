/**
 * The loopback host over real HTTP and WebSocket on 127.0.0.1, with real worker threads (bundled
 * from the current sources by the test support).
 */
import { connect } from 'node:net';
import os from 'node:os';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { ApiEvent, Channel, Result, RunView } from '../contract/api.ts';
import { Inputs } from '../contract/api.ts';
import type { RawResponse, Scratch } from './host-test-support.ts';
import { makeScratch, rawRequest } from './host-test-support.ts';
import type { RunningHost } from './server.ts';
import { MAX_BODY_BYTES, startHost } from './server.ts';
import { createAppService } from '../services/app-service.ts';
import { PiscinaEnginePool } from '../services/pool/engine-pool.ts';

let scratch: Scratch;
let host: RunningHost;
const logged: string[] = [];

beforeAll(async () => {
  scratch = await makeScratch();
  const log = (line: string) => logged.push(line);
  host = await startHost({
    port: 0,
    rendererDir: scratch.rendererDir,
    dataDir: scratch.dataDir,
    // A long grace period: a cancelled job must stop through the shared flag, not terminate().
    service: createAppService({
      pool: new PiscinaEnginePool({ workerDir: scratch.workerDir, cancelGraceMs: 30_000 }),
      log,
    }),
    log,
  });
});

afterAll(async () => {
  await host?.close();
  await scratch?.remove();
});

const KNOWN_CODES = new Set([
  'invalid-input',
  'not-found',
  'cancelled',
  'failed',
  'forbidden',
  'unavailable',
]);

function api(channel: string, body: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
  return rawRequest(host.port, {
    method: 'POST',
    path: `/api/${channel}`,
    headers: { 'Content-Type': 'application/json', 'X-Cascade-Token': host.token, ...headers },
    body: body === undefined ? '' : JSON.stringify(body),
  });
}

async function call<T>(channel: Channel, input: unknown): Promise<Result<T>> {
  const res = await api(channel, input);
  expect(res.status).toBe(200);
  return JSON.parse(res.text) as Result<T>;
}

function expectResultError(res: RawResponse, status: number, code: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = JSON.parse(res.text) as Result<unknown>;
  expect(body.ok).toBe(false);
  if (!body.ok) {
    expect(body.error.code).toBe(code);
    expect(body.error.message.length).toBeGreaterThan(0);
    expect(res.text).not.toMatch(/\n\s+at /);
  }
}

/** Opens the event socket and collects events until `until` says stop. */
function openEvents(): Promise<{
  ws: WebSocket;
  events: ApiEvent[];
  waitFor: (p: (e: ApiEvent) => boolean, ms?: number) => Promise<ApiEvent>;
}> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/events?token=${host.token}`);
    const events: ApiEvent[] = [];
    const waiters: { p: (e: ApiEvent) => boolean; resolve: (e: ApiEvent) => void }[] = [];
    ws.on('message', (data) => {
      const e = JSON.parse(String(data)) as ApiEvent;
      events.push(e);
      for (const w of [...waiters]) {
        if (w.p(e)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(e);
        }
      }
    });
    ws.once('open', () =>
      resolve({
        ws,
        events,
        waitFor: (p, ms = 60_000) => {
          const seen = events.find(p);
          if (seen) return Promise.resolve(seen);
          return new Promise<ApiEvent>((res, rej) => {
            const timer = setTimeout(() => rej(new Error('timed out waiting for an event')), ms);
            waiters.push({ p, resolve: (e) => (clearTimeout(timer), res(e)) });
          });
        },
      }),
    );
    ws.once('error', reject);
  });
}

/** The HTTP status a WebSocket upgrade is refused with. */
function wsRefusal(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => {
      ws.close();
      reject(new Error('the socket opened but should have been refused'));
    });
    ws.on('error', () => {});
  });
}

describe('API calls', () => {
  it('answers a valid call with a Result', async () => {
    const scenarios = await call<{ id: string }[]>('scenarios.list', {});
    expect(scenarios.ok).toBe(true);
    if (scenarios.ok) expect(scenarios.value.map((s) => s.id)).toContain('black-thursday-2020');
    const glossary = await call<unknown[]>('glossary.list', {});
    expect(glossary.ok && glossary.value.length).toBeGreaterThanOrEqual(20);
  });

  it('treats an empty body as an empty input', async () => {
    const res = await api('designs.list', undefined);
    expect(res.status).toBe(200);
    expect((JSON.parse(res.text) as Result<unknown[]>).ok).toBe(true);
  });

  it('refuses a missing or wrong token with 401', async () => {
    expectResultError(await api('scenarios.list', {}, { 'X-Cascade-Token': '' }), 401, 'forbidden');
    expectResultError(
      await api('scenarios.list', {}, { 'X-Cascade-Token': 'x'.repeat(host.token.length) }),
      401,
      'forbidden',
    );
    expectResultError(
      await api('scenarios.list', {}, { 'X-Cascade-Token': host.token + 'x' }),
      401,
      'forbidden',
    );
    const noHeader = await rawRequest(host.port, {
      method: 'POST',
      path: '/api/scenarios.list',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expectResultError(noHeader, 401, 'forbidden');
    // The token in the query string is for the WebSocket only.
    const inQuery = await rawRequest(host.port, {
      method: 'POST',
      path: `/api/scenarios.list?token=${host.token}`,
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expectResultError(inQuery, 401, 'forbidden');
  });

  it('refuses a foreign Host header with 403 (DNS rebinding), on the API and on pages', async () => {
    for (const Host of [
      'evil.example',
      `evil.example:${host.port}`,
      `127.0.0.1:${host.port + 1}`,
      `0.0.0.0:${host.port}`,
    ]) {
      expectResultError(await api('scenarios.list', {}, { Host }), 403, 'forbidden');
      expectResultError(await rawRequest(host.port, { path: '/', headers: { Host } }), 403, 'forbidden');
    }
    const viaLocalhost = await api('scenarios.list', {}, { Host: `localhost:${host.port}` });
    expect(viaLocalhost.status).toBe(200);
  });

  it('refuses a foreign Origin with 403 and accepts its own', async () => {
    for (const Origin of [
      'http://evil.example',
      'null',
      `http://127.0.0.1:${host.port + 1}`,
      `https://127.0.0.1:${host.port}`,
    ]) {
      expectResultError(await api('scenarios.list', {}, { Origin }), 403, 'forbidden');
    }
    expect((await api('scenarios.list', {}, { Origin: host.origin })).status).toBe(200);
  });

  it('refuses unknown channels, other methods, non-JSON and oversized bodies with a 4xx Result', async () => {
    expectResultError(await api('nope.nothing', {}), 404, 'not-found');
    expectResultError(await api('__proto__', {}), 404, 'not-found');
    expectResultError(await api('%E0%A4%A', {}), 400, 'invalid-input');
    expectResultError(
      await rawRequest(host.port, {
        path: '/api/scenarios.list',
        headers: { 'X-Cascade-Token': host.token },
      }),
      405,
      'invalid-input',
    );
    expectResultError(
      await rawRequest(host.port, {
        method: 'POST',
        path: '/api/scenarios.list',
        headers: { 'X-Cascade-Token': host.token, 'Content-Type': 'application/json' },
        body: '{not json',
      }),
      400,
      'invalid-input',
    );
    expectResultError(
      await rawRequest(host.port, {
        method: 'POST',
        path: '/api/scenarios.list',
        headers: { 'X-Cascade-Token': host.token, 'Content-Type': 'text/plain' },
        body: '{}',
      }),
      415,
      'invalid-input',
    );
    const big = JSON.stringify({ design: 'x'.repeat(MAX_BODY_BYTES + 10) });
    expectResultError(await api('designs.validate', JSON.parse(big)), 413, 'invalid-input');
    // A channel's own validation is a Result too (200, ok: false, field named).
    const bad = await call('scenarios.get', { id: 42 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'id' } });
    // The server still works afterwards.
    expect((await api('scenarios.list', {})).status).toBe(200);
  });

  it('answers hostile payloads on every channel with a Result error and keeps serving', async () => {
    const channels = Object.keys(Inputs) as Channel[];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...channels), fc.anything(), async (channel, value) => {
        let body: string;
        try {
          body = JSON.stringify(value) ?? '';
        } catch {
          body = '';
        }
        const res = await rawRequest(host.port, {
          method: 'POST',
          path: `/api/${channel}`,
          headers: { 'Content-Type': 'application/json', 'X-Cascade-Token': host.token },
          body,
        });
        expect(res.status).toBeLessThan(500);
        const result = JSON.parse(res.text) as Result<unknown>;
        expect(typeof result.ok).toBe('boolean');
        if (!result.ok) {
          expect(KNOWN_CODES.has(result.error.code)).toBe(true);
          expect(result.error.code).not.toBe('failed');
          expect(res.text).not.toMatch(/\n\s+at /);
        }
      }),
      { numRuns: 300 },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...channels), fc.string({ maxLength: 200 }), async (channel, text) => {
        const res = await rawRequest(host.port, {
          method: 'POST',
          path: `/api/${channel}`,
          headers: { 'Content-Type': 'application/json', 'X-Cascade-Token': host.token },
          body: text,
        });
        expect(res.status).toBeLessThan(500);
        expect(typeof (JSON.parse(res.text) as Result<unknown>).ok).toBe('boolean');
      }),
      { numRuns: 150 },
    );
    // Deep nesting just under the size limit (a classic stack-overflow probe).
    const deepArray = `{"design":${'['.repeat(300_000)}${']'.repeat(300_000)}}`;
    const deepObject = `{"design":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`;
    for (const channel of channels) {
      for (const body of [deepArray, deepObject]) {
        const res = await rawRequest(host.port, {
          method: 'POST',
          path: `/api/${channel}`,
          headers: { 'Content-Type': 'application/json', 'X-Cascade-Token': host.token },
          body,
        });
        expect(res.status, channel).toBe(200);
        const result = JSON.parse(res.text) as Result<unknown>;
        if (result.ok) expect(channel).toBe('designs.validate');
        else expect(result.error.code).toBe('invalid-input');
      }
    }
    expect(logged.filter((l) => l.includes('failed'))).toEqual([]);
    expect((await api('scenarios.list', {})).status).toBe(200);
  });
});

describe('static files', () => {
  it('serves the renderer with a strict CSP and the right content types', async () => {
    const page = await rawRequest(host.port, { path: '/' });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('Cascade Lab test page');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}`);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
    const js = await rawRequest(host.port, { path: '/assets/app.js' });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const css = await rawRequest(host.port, { path: '/assets/style.css?v=1' });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await rawRequest(host.port, { path: '/assets/missing.js' })).status).toBe(404);
  });

  it('refuses path traversal in every spelling', async () => {
    const attempts = [
      '/../package.json',
      '/../../package.json',
      '/%2e%2e/package.json',
      '/%2E%2E/%2E%2E/package.json',
      '/..%2fpackage.json',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '/assets/..\\..\\secret.txt',
      '/%252e%252e/secret.txt',
      '/%c0%ae%c0%ae/secret.txt',
      '//etc/passwd',
      '/link-out/secret.txt',
      '/.hidden',
      '/secret.txt%00.js',
      '/C:/Windows/win.ini',
      'http://127.0.0.1/../secret.txt',
    ];
    for (const p of attempts) {
      const res = await rawRequest(host.port, { path: p });
      expect([400, 403, 404], `${p} → ${res.status}`).toContain(res.status);
      expect(res.text).not.toContain(scratch.secretText);
      expect(res.text).not.toContain('"name": "cascade-lab"');
    }
  });
});

describe('network exposure', () => {
  it('listens on 127.0.0.1 only', async () => {
    const reachable = (address: string) =>
      new Promise<boolean>((resolve) => {
        const socket = connect({ host: address, port: host.port, timeout: 2000 });
        socket.once('connect', () => (socket.destroy(), resolve(true)));
        socket.once('error', () => resolve(false));
        socket.once('timeout', () => (socket.destroy(), resolve(false)));
      });
    expect(await reachable('127.0.0.1')).toBe(true);
    // Linux routes all of 127/8 to lo: a server bound to 0.0.0.0 would answer here.
    expect(await reachable('127.0.0.2')).toBe(false);
    expect(await reachable('::1')).toBe(false);
    const external = Object.values(os.networkInterfaces())
      .flat()
      .filter((i) => i && !i.internal)
      .map((i) => i!.address);
    for (const address of external) expect(await reachable(address), address).toBe(false);
  });
});

describe('events and replay jobs', () => {
  it('refuses the event socket without the token, from a foreign origin or host', async () => {
    const base = `ws://127.0.0.1:${host.port}/events`;
    expect(await wsRefusal(base)).toBe(401);
    expect(await wsRefusal(`${base}?token=wrong`)).toBe(401);
    expect(await wsRefusal(`${base}?token=${host.token}`, { Origin: 'http://evil.example' })).toBe(403);
    expect(await wsRefusal(`${base}?token=${host.token}`, { Host: `evil.example:${host.port}` })).toBe(403);
    expect(await wsRefusal(`ws://127.0.0.1:${host.port}/other?token=${host.token}`)).toBe(404);
  });

  it('runs a replay job in a worker to completion, with progress over the WebSocket', async () => {
    const events = await openEvents();
    try {
      const started = await call<{ jobId: string }>('replay.start', {
        scenarioId: 'black-thursday-2020',
        designIds: ['maker-2020-flip', 'maker-2021-clip'],
        seed: 7,
        accounts: 300,
      });
      expect(started.ok).toBe(true);
      if (!started.ok) return;
      const { jobId } = started.value;
      const done = await events.waitFor((e) => e.type === 'job.done' && e.jobId === jobId);
      expect(done).toEqual({ type: 'job.done', jobId, ok: true });
      const progress = events.events.filter((e) => e.type === 'job.progress' && e.jobId === jobId);
      expect(progress.length).toBeGreaterThan(2);
      expect(progress.some((e) => e.type === 'job.progress' && e.label.includes('replaying'))).toBe(true);

      const result = await call<RunView[]>('replay.result', { jobId });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.value.map((r) => r.designId)).toEqual(['maker-2020-flip', 'maker-2021-clip']);
      for (const run of result.value) {
        expect(run.seed).toBe(7);
        expect(run.accounts).toBe(300);
        expect(run.series.observed).toHaveLength(run.steps);
        expect(run.series.price).toHaveLength(run.steps);
        expect(run.triggerHistogram.counts).toHaveLength(run.steps * run.triggerHistogram.buckets);
      }
      const csv = await call<{ fileName: string; csv: string }>('runs.exportCsv', {
        runId: result.value[1]!.runId,
      });
      expect(csv.ok && csv.value.csv.split('\r\n')[0]).toMatch(/^step,time_utc,observed_usd/);
      const autopsy = await call<{ account: number }>('runs.account', {
        runId: result.value[0]!.runId,
        account: 0,
      });
      expect(autopsy.ok && autopsy.value.account).toBe(0);
    } finally {
      events.ws.close();
    }
  });

  it('cancels a running job; main stays responsive meanwhile', async () => {
    const events = await openEvents();
    try {
      const started = await call<{ jobId: string }>('replay.start', {
        scenarioId: 'black-thursday-2020',
        designIds: ['maker-2020-flip', 'maker-2021-clip', 'compound-market-sale'],
        seed: 1,
        // Long enough to be still running when the cancel arrives, however fast the engine gets.
        accounts: 500_000,
      });
      if (!started.ok) throw new Error(started.error.message);
      const { jobId } = started.value;
      await events.waitFor(
        (e) => e.type === 'job.progress' && e.jobId === jobId && e.label.includes('calibrating'),
      );
      // The replay runs on a worker thread, so main answers at once.
      const t0 = performance.now();
      expect((await api('scenarios.list', {})).status).toBe(200);
      expect(performance.now() - t0).toBeLessThan(1000);

      const cancel = await call<{ cancelled: boolean }>('jobs.cancel', { jobId });
      expect(cancel).toEqual({ ok: true, value: { cancelled: true } });
      const t1 = performance.now();
      const done = await events.waitFor((e) => e.type === 'job.done' && e.jobId === jobId, 10_000);
      // The host's pool waits 30 s before terminating a worker, so this was the engine seeing
      // the shared cancel flag, not the last-resort terminate().
      expect(performance.now() - t1).toBeLessThan(5000);
      expect(done).toMatchObject({ type: 'job.done', jobId, ok: false, error: { code: 'cancelled' } });
      const result = await call('replay.result', { jobId });
      expect(result).toMatchObject({ ok: false, error: { code: 'cancelled' } });
      expect(await call('jobs.cancel', { jobId })).toEqual({ ok: true, value: { cancelled: false } });
    } finally {
      events.ws.close();
    }
  });
});

describe('the data folder', () => {
  it('keeps a saved design across a restart of the host', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { PRESETS } = await import('../engine/presets.ts');
    const dataDir = mkdtempSync(join(tmpdir(), 'cascade-host-data-'));
    const call = async (h: { origin: string; token: string }, channel: string, body: unknown) => {
      const r = await fetch(`${h.origin}/api/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-cascade-token': h.token },
        body: JSON.stringify(body),
      });
      return (await r.json()) as { ok: boolean; value?: unknown; error?: unknown };
    };
    const design = { ...PRESETS.get('maker-2021-clip')!, id: 'my-clip', name: 'My clip' };
    const first = await startHost({ port: 0, dataDir, log: () => {} });
    try {
      const saved = await call(first, 'designs.save', { design });
      expect(saved.ok).toBe(true);
    } finally {
      await first.close();
    }
    const second = await startHost({ port: 0, dataDir, log: () => {} });
    try {
      const got = await call(second, 'designs.get', { id: 'my-clip' });
      expect(got.ok).toBe(true);
      expect((got.value as { name: string }).name).toBe('My clip');
      const list = await call(second, 'designs.list', {});
      expect((list.value as { id: string }[]).some((d) => d.id === 'my-clip')).toBe(true);
    } finally {
      await second.close();
    }
  });
});
