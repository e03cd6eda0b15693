/**
 * `npm run dev` (src-main/tools/dev.js): Vite serves the renderer with hot reload and forwards the
 * API and the event socket to the loopback host, whose token and origin checks still apply. Both
 * listen on 127.0.0.1 only.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { tempDir } from '../store/store-test-support.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Dev {
  url: string;
  origin: string;
  hostOrigin: string;
  token: string;
  close(): Promise<void>;
}
// A computed specifier: the script is plain JS run by node and has no type declarations.
const { startDev } = (await import(pathToFileURL(path.join(root, 'src-main/tools/dev.js')).href)) as {
  startDev(o: { port?: number; env?: Record<string, string>; log?: (l: string) => void }): Promise<Dev>;
};

let dev: Dev;
beforeAll(async () => {
  dev = await startDev({ port: 0, env: { CASCADE_LAB_DATA_DIR: tempDir('cascade-dev-') }, log: () => {} });
});
afterAll(async () => {
  await dev?.close();
});

describe('npm run dev', () => {
  it('serves the renderer from Vite with its hot-reload client, on loopback', async () => {
    expect(dev.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(dev.hostOrigin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const html = await (await fetch(`${dev.origin}/`)).text();
    expect(html).toContain('/@vite/client');
    expect(html).toContain('<div id="app"></div>');
  });

  it('forwards API calls to the host, which still wants its token', async () => {
    const call = (token?: string) =>
      fetch(`${dev.origin}/api/scenarios.list`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Origin: dev.origin,
          ...(token ? { 'X-Cascade-Token': token } : {}),
        },
        body: '{}',
      });
    const ok = await call(dev.token);
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { ok: boolean; value: { id: string }[] };
    expect(body.ok).toBe(true);
    expect(body.value.map((s) => s.id)).toContain('black-thursday-2020');
    expect((await call()).status).toBe(401);
  });

  it('forwards the event socket', async () => {
    const ws = new WebSocket(`${dev.origin.replace('http', 'ws')}/events?token=${dev.token}`, {
      headers: { Origin: dev.origin },
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    ws.close();
  });
});
