/**
 * The host's body limit is the contract's (MAX_REQUEST_BODY_BYTES, contract/api.ts): every request
 * the contract accepts reaches the app, even a classroom file of the largest size written in the
 * most expensive JSON escapes; one character more is refused by the contract, in a Result. (Before:
 * the host refused bodies over 1 MB while the contract allowed 4 MB pack files.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../contract/api.ts';
import { MAX_FILE_TEXT_CHARS, MAX_REQUEST_BODY_BYTES } from '../contract/api.ts';
import type { Scratch } from './host-test-support.ts';
import { makeScratch, rawRequest } from './host-test-support.ts';
import type { RunningHost } from './server.ts';
import { MAX_BODY_BYTES, startHost } from './server.ts';

let scratch: Scratch;
let host: RunningHost;

beforeAll(async () => {
  scratch = await makeScratch();
  host = await startHost({
    port: 0,
    rendererDir: scratch.rendererDir,
    dataDir: scratch.dataDir,
    log: () => {},
  });
});

afterAll(async () => {
  await host?.close();
  await scratch?.remove();
});

async function importPack(
  text: string,
): Promise<{ status: number; bodyBytes: number; result: Result<unknown> }> {
  const body = JSON.stringify({ fileName: 'week1.cascade-pack.json', text });
  const res = await rawRequest(host.port, {
    method: 'POST',
    path: '/api/packs.import',
    headers: { 'Content-Type': 'application/json', 'X-Cascade-Token': host.token },
    body,
  });
  return {
    status: res.status,
    bodyBytes: Buffer.byteLength(body),
    result: JSON.parse(res.text) as Result<unknown>,
  };
}

describe('the host body limit', () => {
  it('is the contract’s constant', () => {
    expect(MAX_BODY_BYTES).toBe(MAX_REQUEST_BODY_BYTES);
    expect(MAX_REQUEST_BODY_BYTES).toBeGreaterThan(MAX_FILE_TEXT_CHARS * 6);
  });

  it('lets a pack file of the largest size through to the app, even in 6-byte JSON escapes', async () => {
    for (const char of ['a\n', '\u0001']) {
      const text = char.repeat(Math.floor(MAX_FILE_TEXT_CHARS / char.length));
      const { status, bodyBytes, result } = await importPack(text);
      expect(bodyBytes).toBeGreaterThan(1024 * 1024);
      expect(status).toBe(200);
      // The app read it and judged its content (not a pack), not its size.
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.message).not.toMatch(/request body is over|over \d+ characters/);
    }
  });

  it('one character over the contract is refused by the contract, in a Result', async () => {
    const { status, result } = await importPack('a'.repeat(MAX_FILE_TEXT_CHARS + 1));
    expect(status).toBe(200);
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'invalid-input',
        field: 'text',
        message: expect.stringMatching(/over 4000000 characters/),
      },
    });
  });
});
