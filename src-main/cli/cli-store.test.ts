import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getRun, listImports, listSeries, openStore } from '../store/index.ts';
import { closeAfter, tempDir } from '../store/store-test-support.ts';
import { runCli, runCliAsync } from './cli.ts';

async function cli(args: string[], dataDir: string) {
  let out = '';
  let err = '';
  const code = await runCliAsync(args, { out: (t) => (out += t), err: (t) => (err += t), dataDir });
  return { code, out, err };
}

function hourlyCsv(bad = false): string {
  const rows = ['timestamp,close'];
  const t0 = Date.UTC(2021, 4, 19);
  for (let h = 0; h <= 24; h++) {
    const close = bad && h === 15 ? '"12,5"' : String(3400 - h * 20);
    rows.push(`${new Date(t0 + h * 3_600_000).toISOString()},${close}`);
  }
  return `${rows.join('\n')}\n`;
}

async function storeContents(dataDir: string) {
  const store = await openStore({ dataDir });
  closeAfter(() => store.close());
  return { imports: listImports(store), freeSeries: listSeries(store, { scenarioId: null }) };
}

function expectOneLineError(r: { code: number; err: string }, pattern: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.err.trimEnd().split('\n')).toHaveLength(1);
  expect(r.err).toMatch(/^cascade-lab: /);
  expect(r.err).toMatch(pattern);
  expect(r.err).not.toMatch(/\n\s+at /);
}

describe('cascade-lab import', () => {
  it('prints the preview and the stored series id', async () => {
    const dataDir = tempDir();
    const file = path.join(tempDir(), 'eth.csv');
    writeFileSync(file, hourlyCsv());
    const r = await cli(['import', file, '--asset', 'ETH', '--venue', 'Kraken', '--tz', 'UTC'], dataDir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^format\s+generic-price, delimiter ",", decimal "\.", header on row 1$/m);
    expect(r.out).toMatch(/^time zone\s+UTC/m);
    expect(r.out).toMatch(/^rows\s+25 read, 25 points$/m);
    expect(r.out).toMatch(/^duplicates\s+0 dropped$/m);
    expect(r.out).toMatch(/^gaps\s+none \(every spacing is 3600 s\)$/m);
    const id = /^stored\s+series (\S+) \(import (\S+)\): ETH on Kraken/m.exec(r.out);
    expect(id).not.toBeNull();
    const { imports, freeSeries } = await storeContents(dataDir);
    expect(freeSeries.map((s) => s.id)).toEqual([id![1]]);
    expect(imports.map((i) => i.id)).toEqual([id![2]]);
  });

  it('bad input exits 2 with one located line and stores nothing', async () => {
    const dataDir = tempDir();
    const dir = tempDir();
    const bad = path.join(dir, 'prices.csv');
    writeFileSync(bad, hourlyCsv(true));
    expectOneLineError(
      await cli(['import', bad, '--asset', 'ETH'], dataDir),
      /prices\.csv row 17, column "close": "12,5"/,
    );
    expectOneLineError(
      await cli(['import', path.join(dir, 'missing.csv'), '--asset', 'ETH'], dataDir),
      /missing\.csv: the file does not exist/,
    );
    expectOneLineError(await cli(['import', bad], dataDir), /import needs --asset ID/);
    expectOneLineError(await cli(['import', '--asset', 'ETH'], dataDir), /import needs <file\.csv>/);
    expectOneLineError(
      await cli(['import', bad, '--asset', 'ETH', '--seed', '3'], dataDir),
      /import does not take --seed/,
    );
    expectOneLineError(
      await cli(['import', bad, '--asset', 'ETH', '--tz', 'Nowhere/Land'], dataDir),
      /unknown time zone "Nowhere\/Land"/,
    );
    const { imports, freeSeries } = await storeContents(dataDir);
    expect(imports).toEqual([]);
    expect(freeSeries).toEqual([]);
  });
});

describe('cascade-lab replay --save, runs, export-run', () => {
  it('saves a run, lists it, and exports it as CSV and JSON', async () => {
    const dataDir = tempDir();
    const saved = await cli(
      ['replay', 'luna-ust-2022', '--accounts', '120', '--seed', '4', '--save'],
      dataDir,
    );
    expect(saved.code).toBe(0);
    expect(saved.out).toMatch(/^luna-ust-2022 under anchor-2022-bluna/);
    const runId = /^saved run (\S+)$/m.exec(saved.out)![1]!;

    const json = await cli(['replay', 'crv-curve-2023', '--accounts', '100', '--save', '--json'], dataDir);
    const report = JSON.parse(json.out) as { runId: string; scenario: string; seed: number };
    expect(report.scenario).toBe('crv-curve-2023');
    expect(report.seed).toBe(1);

    const runs = await cli(['runs'], dataDir);
    expect(runs.code).toBe(0);
    expect(runs.out).toContain(runId);
    expect(runs.out).toContain(report.runId);
    expect(runs.out).toMatch(
      /luna-ust-2022 v\d+ {2}anchor-2022-bluna {2}seed 4 {2}120 accounts {2}liquidated \$/,
    );
    const onlyLuna = JSON.parse(
      (await cli(['runs', '--scenario', 'luna-ust-2022', '--json'], dataDir)).out,
    ) as { id: string }[];
    expect(onlyLuna.map((r) => r.id)).toEqual([runId]);

    const csv = await cli(['export-run', runId, '--csv'], dataDir);
    expect(csv.code).toBe(0);
    expect(csv.out.split('\r\n')[0]).toMatch(
      /^step,time_utc,observed_usd,fundamental_usd,price_usd,oracle_usd/,
    );
    const out = path.join(tempDir(), 'run.json');
    const written = await cli(['export-run', runId, '--json', '--out', out], dataDir);
    expect(written.out).toMatch(/^wrote .*run\.json \(\d+ bytes\)$/m);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { id: string; accounts: number };
    expect(doc).toMatchObject({ id: runId, accounts: 120 });

    expectOneLineError(await cli(['export-run', runId], dataDir), /exactly one of --csv or --json/);
    expectOneLineError(await cli(['export-run', 'nope', '--csv'], dataDir), /No run with id "nope"/);
    expectOneLineError(
      await cli(['replay', 'luna-ust-2022', '--save', '--seed', 'x'], dataDir),
      /--seed must be a whole number/,
    );
    expectOneLineError(
      await cli(['replay', 'no-such', '--save'], dataDir),
      /unknown scenario "no-such" \(known: [^)]*black-thursday-2020/,
    );
  });

  it('without --save a built-in replay does not touch the data folder; the sync entry refuses database commands', async () => {
    const dataDir = path.join(tempDir(), 'never-created');
    const r = await cli(['replay', 'compound-dai-2020', '--accounts', '100', '--json'], dataDir);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ scenario: 'compound-dai-2020', accounts: 100 });
    expect(existsSync(dataDir)).toBe(false);
    let err = '';
    expect(runCli(['runs'], { out: () => undefined, err: (t) => (err += t) })).toBe(1);
    expect(err).toMatch(/uses the database: call runCliAsync/);
  });
});

describe('cascade-lab bundle', () => {
  it('exports runs with their scenarios to a file another data folder imports', async () => {
    const a = tempDir();
    const saved = await cli(['replay', 'ftx-collapse-2022', '--accounts', '100', '--save'], a);
    const runId = /^saved run (\S+)$/m.exec(saved.out)![1]!;
    const file = path.join(tempDir(), 'share.sqlite');
    const exported = await cli(['bundle', 'export', file, '--run', runId], a);
    expect(exported.code).toBe(0);
    expect(exported.out).toMatch(/^wrote .*share\.sqlite: .*1 scenarios.*1 runs/);

    const b = tempDir();
    const imported = await cli(['bundle', 'import', file], b);
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/runs: 1 inserted, 0 already here/);
    const store = await openStore({ dataDir: b });
    closeAfter(() => store.close());
    expect(getRun(store, runId).accounts).toBe(100);

    expectOneLineError(
      await cli(['bundle', 'send', file], a),
      /bundle needs "export <file>" or "import <file>" \(got "send"\)/,
    );
    expectOneLineError(
      await cli(['bundle', 'export', path.join(tempDir(), 'x.sqlite')], a),
      /would be empty/,
    );
    expectOneLineError(await cli(['bundle', 'import', path.join(tempDir(), 'missing.sqlite')], a), /bundle/i);
  });
});

describe('cascade-lab db', () => {
  it('checks, backs up and restores the database', async () => {
    const dataDir = tempDir();
    const check = await cli(['db', 'check'], dataDir);
    expect(check.code).toBe(0);
    expect(check.out).toMatch(/^integrity\s+ok$/m);
    expect(check.out).toMatch(/^foreign keys ok$/m);

    const backup = await cli(['db', 'backup'], dataDir);
    expect(backup.code).toBe(0);
    const file = /^backup (\S+) \(\d+ bytes, schema \d+\)$/m.exec(backup.out)![1]!;
    expect(existsSync(file)).toBe(true);

    // A run saved after the backup is gone once the backup is restored.
    const saved = await cli(['replay', 'compound-dai-2020', '--accounts', '100', '--save'], dataDir);
    const runId = /^saved run (\S+)$/m.exec(saved.out)![1]!;
    const restored = await cli(['db', 'restore', file], dataDir);
    expect(restored.code).toBe(0);
    expect(restored.out).toMatch(/^restored .* \(schema \d+\); the previous database was moved to /);
    expect((await cli(['runs'], dataDir)).out).not.toContain(runId);

    expectOneLineError(
      await cli(['db', 'restore', path.join(tempDir(), 'nope.sqlite')], dataDir),
      /backup|nope\.sqlite/i,
    );
    expectOneLineError(
      await cli(['db', 'vacuum'], dataDir),
      /db needs "check", "backup", "restore <file>" or "dismiss" \(got "vacuum"\)/,
    );
  });
});
