import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../engine/presets.ts';
import { listImports, listSeries, openStore } from '../store/index.ts';
import { closeAfter, tempDir } from '../store/store-test-support.ts';
import { runCli } from './cli.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function run(args: string[], files: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const code = runCli(args, {
    out: (t) => (out += t),
    err: (t) => (err += t),
    readFile: (p) => {
      if (p in files) return files[p]!;
      throw Object.assign(new Error('missing'), { code: 'ENOENT' });
    },
  });
  return { code, out, err };
}

describe('cascade-lab CLI (in process)', () => {
  it('lists scenarios and designs', () => {
    const s = run(['scenarios']);
    expect(s.code).toBe(0);
    expect(s.out).toMatch(/black-thursday-2020/);
    const d = run(['designs']);
    expect(d.out).toMatch(/maker-2021-clip/);
    expect(d.out).toMatch(/twap-30m/);
  });

  it('bad input exits with status 2 and one line naming the problem', () => {
    const cases: [string[], RegExp][] = [
      [['replay', 'no-such-crash'], /unknown scenario "no-such-crash"/],
      [['replay', 'black-thursday-2020', '--design', 'nope'], /unknown design "nope"/],
      [['replay', 'black-thursday-2020', '--seed', '-3'], /--seed must be a whole number/],
      [['replay', 'black-thursday-2020', '--accounts', '1'], /accounts must be a whole number from 2/],
      [
        ['replay', 'black-thursday-2020', '--design', 'missing.json'],
        /design file missing.json: cannot be read/,
      ],
      [['replay', 'black-thursday-2020', '--design', 'bad.json'], /design file bad.json: not valid JSON/],
      [['replay', 'black-thursday-2020', '--design', 'neg.json'], /design\.margin\.liquidationRatio/],
      [['replay', 'black-thursday-2020', '--design', 'extra.json'], /unknown field "surprise"/],
      [['replay', 'black-thursday-2020', '--wat'], /unknown option --wat/],
      [['compare', 'black-thursday-2020', '--design', 'maker-2020-flip'], /at least two/],
      [['frobnicate'], /unknown command/],
    ];
    const flip = PRESETS.get('maker-2020-flip')!;
    const files = {
      'bad.json': '{ nope',
      'neg.json': JSON.stringify({ ...flip, margin: { ...flip.margin, liquidationRatio: -1.5 } }),
      'extra.json': JSON.stringify({ ...flip, surprise: 1 }),
    };
    for (const [args, msg] of cases) {
      const r = run(args, files);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(msg);
      expect(r.err.trimEnd().split('\n')[0]).toMatch(/^cascade-lab: /);
      expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
    }
  });

  it('replay reads a calibration by what can fail, never the residual as agreement; October shows its ADL, vault and fund', () => {
    const r = run(['replay', 'october-2025', '--accounts', '600']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/not evidence of agreement with history/);
    expect(r.out).toMatch(/F over the observed crash/);
    expect(r.out).toMatch(/largest impact/);
    expect(r.out).toMatch(/^auto-deleveraging\s+\d+ positions, \$[\d.]+[kMB]? notional/m);
    expect(r.out).toMatch(/^backstop vault\s+\d+ positions taken over/m);
    expect(r.out).toMatch(/^insurance fund\s+fees in/m);
    expect(r.out).not.toMatch(/gwei|keepers/);
    const j = JSON.parse(run(['replay', 'october-2025', '--accounts', '600', '--json']).out);
    expect(j.backstops.adlNotionalUsd).toBeGreaterThan(0);
    expect(j.backstops.firstAdlAt).toMatch(/^2025-10-10T21:/);
    expect(j.market.kind).toBe('exchange');
  });

  it('states stETH amounts in ETH', () => {
    const r = run(['replay', 'steth-discount-2022', '--accounts', '300']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/amounts in ETH/);
    expect(r.out).toMatch(/^liquidated\s+[\d.]+[kMB]? ETH across/m);
    expect(r.out).not.toMatch(/^liquidated\s+\$/m);
  });

  it('refuses, before running, a design whose mechanism cannot act on the population (naming both)', () => {
    for (const [scenario, design] of [
      ['october-2025', 'maker-2020-flip'],
      ['october-2025', 'aave-v3'],
    ]) {
      const r = run(['replay', scenario!, '--design', design!]);
      expect(r.code).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toContain(design!);
      expect(r.err).toContain(scenario!);
    }
    const c = run(['compare', 'october-2025', '--design', 'hyperliquid-2025', '--design', 'aave-v3']);
    expect(c.code).toBe(2);
    expect(c.err).toMatch(/aave-v3.*october-2025/);
    // A design that runs but carries settings the market never had is run with a warning.
    const w = run(['replay', 'black-monday-1987', '--design', 'maker-2020-flip', '--accounts', '200']);
    expect(w.code).toBe(0);
    expect(w.out).toMatch(/^WARNING \(fit\): .*no blockchain/m);
    const x = run(['replay', 'black-thursday-2020', '--design', 'hyperliquid-2025', '--accounts', '200']);
    expect(x.code).toBe(0);
    expect(x.out).toMatch(/^WARNING \(fit\): .*hyperliquid-2025.*black-thursday-2020.*no opposite side/m);
  });

  it('validate prints each published outcome beside the simulated median and band, fitted ones as not evidence', () => {
    const r = run(['validate', 'compound-dai-2020']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\[pass\] Highest DAI on Coinbase Pro \(USD\) in the window/);
    expect(r.out).toMatch(/\[fitted, not evidence\] Liquidations of DAI borrowers/);
    expect(r.out).toMatch(/simulated median [\d.]+[kMB]? DAI, 10–90% band/);
    expect(r.out).toMatch(/fitted parameters/);
    const j = JSON.parse(run(['validate', 'compound-dai-2020', '--json']).out);
    expect(j.rows.map((x: { status: string }) => x.status)).toEqual(['pass', 'fitted']);
    expect(j.counts).toEqual({ pass: 1, miss: 0, fitted: 1 });
    expect(run(['validate', 'nope']).code).toBe(2);
  });

  it('--json carries the documented fields and the clip design beats flip on Black Thursday', () => {
    const r = run([
      'compare',
      'black-thursday-2020',
      '--design',
      'maker-2020-flip',
      '--design',
      'maker-2021-clip',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { runs: Record<string, unknown>[] };
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parsed JSON report, checked field by field below
    const [flip, clip] = j.runs as Record<string, any>[];
    for (const key of [
      'scenario',
      'design',
      'seed',
      'engineVersion',
      'steps',
      'calibration',
      'drawdown',
      'amplification',
      'liquidatedUsd',
      'accountsLiquidated',
      'badDebtUsd',
      'zeroBidAuctions',
      'marginCalls',
      'waves',
    ]) {
      expect(flip, key).toHaveProperty(key);
    }
    // The back-out's residual is labelled for what it is; the diagnostics say what can fail.
    expect(flip!.calibration).toHaveProperty('backOutResidual');
    expect(flip!.calibration.backOutResidualNote).toMatch(/not evidence/);
    expect(flip!.calibration).not.toHaveProperty('residual');
    expect(flip!.calibration).toHaveProperty('iterations');
    expect(Object.keys(flip!.calibration.diagnostics)).toEqual([
      'observedDrawdown',
      'fundamentalDrawdown',
      'observedFall',
      'fundamentalMoveOverFall',
      'maxImpact',
      'maxImpactAt',
      'warnings',
    ]);
    expect(Object.keys(flip!.drawdown)).toEqual(['observed', 'simulated', 'fundamental']);
    expect(Object.keys(flip!.marginCalls)).toEqual(['issued', 'answered']);
    expect(Object.keys(flip!.waves[0])).toEqual(
      expect.arrayContaining([
        'start',
        'end',
        'accounts',
        'collateralSoldUsd',
        'endogenousShare',
        'badDebtUsd',
      ]),
    );
    expect(flip!.zeroBidAuctions).toBeGreaterThan(0);
    expect(clip!.zeroBidAuctions).toBe(0);
    expect(clip!.badDebtUsd).toBeLessThan(flip!.badDebtUsd / 5);
    const table = run([
      'compare',
      'black-thursday-2020',
      '--design',
      'maker-2020-flip',
      '--design',
      'maker-2021-clip',
    ]);
    expect(table.out).toMatch(/bad debt/);
    expect(table.out).toMatch(/maker-2021-clip/);
  });
});

describe('cascade-lab CLI (built binary, fresh processes)', () => {
  it('same inputs and seed give byte-identical --json output across processes', () => {
    const args = [
      path.join(root, 'src-main/cli/bin.js'),
      'replay',
      'black-thursday-2020',
      '--design',
      'maker-2021-clip',
      '--seed',
      '9',
      '--accounts',
      '800',
      '--json',
    ];
    const a = spawnSync(process.execPath, args, { encoding: 'utf8' });
    const b = spawnSync(process.execPath, args, { encoding: 'utf8' });
    expect(a.status).toBe(0);
    expect(a.stdout.length).toBeGreaterThan(500);
    expect(a.stdout).toBe(b.stdout);
  });

  it('exits 2 with one line on bad input, reading a real design file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cascade-cli-'));
    const file = path.join(dir, 'd.json');
    writeFileSync(file, JSON.stringify({ schemaVersion: 1 }));
    const r = spawnSync(
      process.execPath,
      [path.join(root, 'src-main/cli/bin.js'), 'replay', 'black-thursday-2020', '--design', file],
      {
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/design file .*d\.json: design\.id/);
  });

  it('import of a bad file exits 2 with one located line and stores nothing', async () => {
    const dataDir = tempDir();
    const file = path.join(tempDir(), 'prices.csv');
    writeFileSync(file, 'timestamp,close\n2021-05-19T00:00:00Z,3400\n2021-05-19T01:00:00Z,"12,5"\n');
    const r = spawnSync(
      process.execPath,
      [path.join(root, 'src-main/cli/bin.js'), 'import', file, '--asset', 'ETH'],
      {
        encoding: 'utf8',
        env: { ...process.env, CASCADE_LAB_DATA_DIR: dataDir },
      },
    );
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^cascade-lab: prices\.csv row 3, column "close": "12,5" is not a number/);
    const store = await openStore({ dataDir });
    closeAfter(() => store.close());
    expect(listImports(store)).toEqual([]);
    expect(listSeries(store, { scenarioId: null })).toEqual([]);
  });
});
