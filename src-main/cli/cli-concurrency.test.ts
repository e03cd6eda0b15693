/**
 * Twenty `cascade-lab replay --save` processes started together on a data folder that does not
 * exist yet all succeed: exactly one creates the database (built under its own name and linked into
 * place under the open lock, store/open-lock.ts), the others wait and open it; every run is saved,
 * nothing is judged corrupt or moved aside, and no lock or temporary file is left behind.
 * (Before: "disk I/O error", "table scenarios already exists" and two `.corrupt-*` files.)
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRuns, openStore } from '../store/index.ts';
import { tempDir } from '../store/store-test-support.ts';
import { bundleForTest } from '../tools/bundle-test-support.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const child = path.join(here, 'test-fixtures', 'concurrent-child.mjs');
const PROCESSES = 20;
let bundleDir = '';
let bundledCli = '';

beforeAll(async () => {
  // The CLI's TypeScript bundled for a plain `node` child, inside the checkout as the real build
  // makes it (packages from node_modules: better-sqlite3 on first use, store/lazy-package.ts).
  const buildDir = path.join(here, '..', '..', 'build');
  fs.mkdirSync(buildDir, { recursive: true });
  bundleDir = fs.mkdtempSync(path.join(buildDir, 'test-cli-bundle-'));
  await bundleForTest({ 'cli-module': path.join(here, 'cli.ts') }, bundleDir);
  bundledCli = path.join(bundleDir, 'cli-module.js');
});

afterAll(() => {
  if (bundleDir !== '') fs.rmSync(bundleDir, { recursive: true, force: true });
});

interface ChildResult {
  code: number;
  out: string;
  err: string;
}

/** Starts one child; resolves `ready` when it has loaded, `done` with its CLI result. */
function startChild(dataDir: string, args: string[]) {
  const proc = spawn(process.execPath, [child, bundledCli, dataDir, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  proc.stdout.setEncoding('utf8');
  proc.stderr.setEncoding('utf8');
  proc.stdout.on('data', (chunk: string) => {
    stdout += chunk;
    if (stdout.startsWith('ready\n')) markReady();
  });
  proc.stderr.on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<ChildResult>((resolve, reject) => {
    proc.on('error', reject);
    // 'close', not 'exit': the child's output can still be in the pipe when it has exited (under
    // load the parent then found no result line, though the child had written it).
    proc.on('close', (status) => {
      markReady();
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (line === undefined) reject(new Error(`child exited ${status} without a result: ${stderr}`));
      else resolve(JSON.parse(line) as ChildResult);
    });
  });
  return { ready, done, go: () => proc.stdin.end('go\n') };
}

describe('concurrent first opens of a data folder', () => {
  it(`${PROCESSES} replay --save processes on a fresh folder all succeed`, async () => {
    const dataDir = path.join(tempDir(), 'fresh', 'data');
    const args = ['replay', 'black-thursday-2020', '--accounts', '100', '--step', '600', '--save', '--json'];
    const children = Array.from({ length: PROCESSES }, () => startChild(dataDir, args));
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.go();
    const results = await Promise.all(children.map((c) => c.done));

    for (const r of results) {
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
    }
    const runIds = results.map((r) => (JSON.parse(r.out) as { runId: string }).runId);
    expect(new Set(runIds).size).toBe(PROCESSES);

    const leftovers = fs
      .readdirSync(dataDir)
      .filter((f) => f !== 'backups' && !/\.sqlite(-wal|-shm)?$/.test(f));
    expect(leftovers).toEqual([]);
    const store = await openStore({ dataDir });
    try {
      expect(store.integrityCheck().ok).toBe(true);
      expect(
        listRuns(store)
          .map((r) => r.id)
          .sort(),
      ).toEqual([...runIds].sort());
    } finally {
      store.close();
    }
  });
});
