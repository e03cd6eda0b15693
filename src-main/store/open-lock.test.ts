/** The open lock (open-lock.ts): mutual exclusion, abandoned locks taken over, a clear timeout. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { STALE_LOCK_MS, withOpenLock } from './open-lock.ts';
import { tempDir } from './store-test-support.ts';

describe('withOpenLock', () => {
  it('lets one holder in at a time and removes the lock file after', async () => {
    const lock = path.join(tempDir(), 'db.sqlite.lock');
    let inside = 0;
    let most = 0;
    const holder = async () =>
      withOpenLock(lock, async () => {
        inside++;
        most = Math.max(most, inside);
        await new Promise((r) => setTimeout(r, 5));
        inside--;
      });
    await Promise.all(Array.from({ length: 8 }, holder));
    expect(most).toBe(1);
    expect(fs.existsSync(lock)).toBe(false);
  });

  it('releases the lock when the holder throws', async () => {
    const lock = path.join(tempDir(), 'db.sqlite.lock');
    await expect(
      withOpenLock(lock, () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(fs.existsSync(lock)).toBe(false);
  });

  it('takes over a lock whose process is gone', async () => {
    const lock = path.join(tempDir(), 'db.sqlite.lock');
    // A pid far above any real one on this machine: no such process.
    fs.writeFileSync(
      lock,
      JSON.stringify({ pid: 2 ** 22 + 12345, host: os.hostname(), sinceMs: Date.now() }),
    );
    expect(await withOpenLock(lock, () => 'got it', { timeoutMs: 1000 })).toBe('got it');
  });

  it('takes over a lock older than the stale limit, whoever holds it', async () => {
    const lock = path.join(tempDir(), 'db.sqlite.lock');
    fs.writeFileSync(lock, JSON.stringify({ pid: process.pid, host: 'another-machine', sinceMs: 0 }));
    const old = new Date(Date.now() - STALE_LOCK_MS - 1000);
    fs.utimesSync(lock, old, old);
    expect(await withOpenLock(lock, () => 'got it', { timeoutMs: 1000 })).toBe('got it');
  });

  it('gives up on a live lock after the timeout, naming the lock file and what to do', async () => {
    const lock = path.join(tempDir(), 'db.sqlite.lock');
    fs.writeFileSync(lock, JSON.stringify({ pid: process.pid, host: os.hostname(), sinceMs: Date.now() }));
    await expect(withOpenLock(lock, () => 'never', { timeoutMs: 50 })).rejects.toMatchObject({
      code: 'store-busy',
      message: expect.stringMatching(
        new RegExp(
          `pid ${process.pid}.*lock file ${lock.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*delete that lock file`,
        ),
      ),
    });
    expect(fs.existsSync(lock)).toBe(true);
  });
});
