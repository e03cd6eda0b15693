/**
 * The browser host refuses what a hostile page or process would try: calls without the launch
 * token, calls from another origin (CSRF) or through another Host name (DNS rebinding), malformed
 * payloads, and paths outside the renderer — and keeps serving the real app afterwards.
 */
import { test, expect } from './support/host.ts';

test('hostile API calls are rejected by the host and the app keeps working', async ({
  app,
  page,
  playwright,
}) => {
  test.skip(app.target !== 'browser', 'the loopback host is the browser target');
  const host = app.host!;
  const api = await playwright.request.newContext();
  try {
    const body = { data: {}, headers: { 'content-type': 'application/json' } };

    const noToken = await api.post(`${host.origin}/api/scenarios.list`, body);
    expect(noToken.status()).toBe(401);

    const wrongToken = await api.post(`${host.origin}/api/scenarios.list`, {
      ...body,
      headers: { ...body.headers, 'x-cascade-token': 'guess' },
    });
    expect(wrongToken.status()).toBe(401);

    const authed = { ...body.headers, 'x-cascade-token': host.token };
    const foreignOrigin = await api.post(`${host.origin}/api/scenarios.list`, {
      data: {},
      headers: { ...authed, origin: 'https://evil.example' },
    });
    expect(foreignOrigin.status()).toBe(403);

    const rebound = await api.post(`${host.origin}/api/scenarios.list`, {
      data: {},
      headers: { ...authed, host: 'evil.example' },
    });
    expect(rebound.status()).toBe(403);

    const malformed = await api.post(`${host.origin}/api/replay.start`, {
      data: { scenarioId: 'black-thursday-2020', designIds: [], seed: -1, extra: { __proto__: { x: 1 } } },
      headers: authed,
    });
    const result = (await malformed.json()) as { ok: boolean; error?: { code: string } };
    expect(result.ok).toBe(false);
    expect(result.error?.code).toBe('invalid-input');

    const traversal = await api.get(`${host.origin}/..%2f..%2fpackage.json`);
    expect([400, 403, 404]).toContain(traversal.status());
    expect(await traversal.text()).not.toContain('"name": "cascade-lab"');

    // The real page, with its token, still works.
    await expect(page.getByRole('heading', { name: 'Library' })).toBeVisible({ timeout: 15_000 });
  } finally {
    await api.dispose();
  }
});
