/**
 * The population helper's worker thread (bundled from population-worker.ts into the repo's build/
 * folder for this test): a population drawn with it is byte-identical to one drawn alone; a missing
 * bundle or a worker that does not answer leaves the drawing to the caller, with one warning, and
 * the same accounts; and the real CLI, which starts a helper for `replay`, prints the same report
 * as the CLI run in-process without one.
 */
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Accounts } from '../../engine/accounts.ts';
import { generateAccounts } from '../../engine/population.ts';
import { BUILTIN_SCENARIOS } from '../../scenarios/index.ts';
import { bundleForTest } from '../../tools/bundle-test-support.ts';
import { runCli } from '../../cli/cli.ts';
import { RETIRE_AFTER_MS } from './flags.ts';
import { createPopulationHelper, POPULATION_WORKER_FILE } from './population-helper.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const bundleDir = path.join(root, 'build', `test-population-${process.pid}`);
const workerFile = path.join(bundleDir, POPULATION_WORKER_FILE);

function bytesOf(a: Accounts): string {
  const cols = [a.collateral, a.debt, a.reserve, a.responseKind, a.responseDelaySteps, a.gasCapGwei, a.whale];
  return cols.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength).toString('base64')).join('|');
}

beforeAll(async () => {
  await bundleForTest(
    {
      'population-worker': path.join(root, 'src-main/services/population/population-worker.ts'),
      cli: path.join(root, 'src-main/cli/main.ts'),
    },
    bundleDir,
  );
});
afterAll(() => rmSync(bundleDir, { recursive: true, force: true }));

describe('population helper on a worker thread', () => {
  it('draws the same accounts, byte for byte, as drawing alone', () => {
    const warnings: string[] = [];
    const helper = createPopulationHelper({ workerFile, minAccounts: 2, warn: (m) => warnings.push(m) });
    expect(helper).not.toBeNull();
    for (const id of ['black-thursday-2020', 'compound-dai-2020']) {
      const spec = BUILTIN_SCENARIOS.get(id)!.population;
      for (const [n, seed] of [
        [120_001, 1],
        [9_000, 4],
      ] as const) {
        const alone = generateAccounts(spec, n, 170, 60, seed, true);
        const helped = generateAccounts(spec, n, 170, 60, seed, true, helper);
        expect(helped.debt.buffer).toBeInstanceOf(SharedArrayBuffer);
        expect(bytesOf(helped)).toBe(bytesOf(alone));
      }
    }
    expect(warnings).toEqual([]);
  });

  it('retires its worker when idle after a task; a population after that is drawn alone, the same, unwarned', async () => {
    const warnings: string[] = [];
    const helper = createPopulationHelper({ workerFile, minAccounts: 2, warn: (m) => warnings.push(m) })!;
    const retired = () => (helper as unknown as { retired: boolean }).retired;
    const spec = BUILTIN_SCENARIOS.get('black-thursday-2020')!.population;
    const alone = bytesOf(generateAccounts(spec, 30_001, 170, 60, 5, true));
    expect(bytesOf(generateAccounts(spec, 30_001, 170, 60, 5, true, helper))).toBe(alone);
    expect(retired()).toBe(false);
    await new Promise((r) => setTimeout(r, RETIRE_AFTER_MS + 500));
    expect(retired()).toBe(true);
    expect(bytesOf(generateAccounts(spec, 30_001, 170, 60, 5, true, helper))).toBe(alone);
    expect(warnings).toEqual([]);
  });

  it('hands a released buffer out again, zeroed, for the same size only', () => {
    const helper = createPopulationHelper({ workerFile, minAccounts: 2, warn: () => {} })!;
    const a = helper.shared(64);
    new Uint8Array(a).fill(7);
    helper.release!(a);
    expect(helper.shared(32)).not.toBe(a);
    const again = helper.shared(64);
    expect(again).toBe(a);
    expect(new Uint8Array(again).every((b) => b === 0)).toBe(true);
    expect(helper.shared(64)).not.toBe(a);
  });

  it('a helped population gives its three scratch columns back, to be handed out again zeroed', () => {
    const released: number[] = [];
    const helper = createPopulationHelper({ workerFile, minAccounts: 2, warn: () => {} })!;
    const release = helper.release!.bind(helper);
    helper.release = (b) => {
      released.push(b.byteLength);
      release(b);
    };
    const spec = BUILTIN_SCENARIOS.get('black-thursday-2020')!.population;
    generateAccounts(spec, 20_001, 170, 60, 1, true, helper);
    // The ratios, their logs and the ratios in account order: three columns of 8 bytes an account.
    expect(released).toEqual([8 * 20_001, 8 * 20_001, 8 * 20_001]);
    const reused = new Float64Array(helper.shared(8 * 20_001));
    expect(reused.every((x) => x === 0)).toBe(true);
  });

  it('without its bundle there is no helper, and the warning says how to build it', () => {
    const warnings: string[] = [];
    const helper = createPopulationHelper({
      workerFile: path.join(bundleDir, 'missing.js'),
      warn: (m) => warnings.push(m),
    });
    expect(helper).toBeNull();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/npm run build:main/);
  });

  it('a worker that does not answer leaves the rows to the caller: one warning, same accounts', () => {
    const silent = path.join(bundleDir, 'silent-worker.js');
    writeFileSync(
      silent,
      "import { workerData } from 'node:worker_threads';\nworkerData.port.on('message', () => {});\n",
    );
    const warnings: string[] = [];
    const helper = createPopulationHelper({
      workerFile: silent,
      minAccounts: 2,
      waitMs: 200,
      warn: (m) => warnings.push(m),
    })!;
    const spec = BUILTIN_SCENARIOS.get('black-thursday-2020')!.population;
    const alone = generateAccounts(spec, 20_000, 170, 60, 5, true);
    expect(bytesOf(generateAccounts(spec, 20_000, 170, 60, 5, true, helper))).toBe(bytesOf(alone));
    // Given up on: the next population is drawn alone at once, and the warning is not repeated.
    expect(bytesOf(generateAccounts(spec, 20_000, 170, 60, 5, true, helper))).toBe(bytesOf(alone));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/did not answer within 200 ms.*same accounts/);
  });

  it('the CLI replays with its helper and prints what the CLI prints without one', () => {
    const args = ['replay', 'black-thursday-2020', '--accounts', '60000', '--json'];
    const real = spawnSync(process.execPath, [path.join(bundleDir, 'cli.js'), ...args], {
      encoding: 'utf8',
      env: { ...process.env, CASCADE_LAB_DATA_DIR: path.join(bundleDir, 'data') },
    });
    expect(real.stderr).toBe('');
    expect(real.status).toBe(0);
    let out = '';
    expect(runCli(args, { out: (t) => (out += t), err: () => undefined })).toBe(0);
    expect(real.stdout).toBe(out);
  });
});
