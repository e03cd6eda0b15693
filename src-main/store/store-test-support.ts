/**
 * Shared test helpers: every test gets its own temporary data folder, removed afterwards.
 * Imported only by *.test.ts files.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { openStore } from './open-store.ts';
import type { OpenStoreOptions, Store } from './open-store.ts';

const cleanups: (() => void)[] = [];

afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** A fresh temporary folder, removed after the current test. */
export function tempDir(prefix = 'cascade-lab-store-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Registers something to close after the current test (before its folder is removed). */
export function closeAfter(close: () => void): void {
  cleanups.push(close);
}

/** Opens a store in a fresh temporary data folder; closed after the test. */
export async function openTempStore(options: Partial<OpenStoreOptions> = {}): Promise<Store> {
  const dataDir = options.dataDir ?? tempDir();
  const store = await openStore({ ...options, dataDir });
  closeAfter(() => store.close());
  return store;
}

/** A deterministic clock: starts at 2024-01-01 and advances 1 ms per call. */
export function fakeClock(startMs = Date.UTC(2024, 0, 1)): () => number {
  let now = startMs;
  return () => now++;
}

/** SHA-256 of a file's bytes, hex. */
export function sha256File(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Minimal valid scenario JSON for tests (the store does not interpret it). */
export function scenarioJson(id: string, version: number, title = `Scenario ${id}`): string {
  return JSON.stringify({ id, version, title, assumptions: [], limits: [], sources: [] });
}

/** Minimal design JSON with a schemaVersion. */
export function designJson(name: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ schemaVersion: 1, name, ...extra });
}

/** Strictly increasing whole-ms timestamps, one minute apart. */
export function minuteTimestamps(count: number, startMs = Date.UTC(2020, 2, 12)): Float64Array {
  return Float64Array.from({ length: count }, (_, i) => startMs + i * 60_000);
}
