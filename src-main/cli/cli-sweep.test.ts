import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../store/store-test-support.ts';
import { runCliAsync } from './cli.ts';

async function cli(args: string[], dataDir: string) {
  let out = '';
  let err = '';
  const code = await runCliAsync(args, { out: (t) => (out += t), err: (t) => (err += t), dataDir });
  return { code, out, err };
}

function expectOneLineError(r: { code: number; err: string }, pattern: RegExp): void {
  expect(r.code).toBe(2);
  const lines = r.err
    .trimEnd()
    .split('\n')
    .filter((l) => !l.includes('IN-PROCESS SWEEP FALLBACK'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^cascade-lab: /);
  expect(lines[0]).toMatch(pattern);
}

const FLAGS = [
  '--scenario',
  'black-thursday-2020',
  '--design',
  'maker-2021-clip',
  '--vary',
  'margin.liquidationRatio=1.4:1.6:2',
  '--seeds',
  '1-2',
  '--accounts',
  '300',
];

describe('cascade-lab sweep', () => {
  it('run --json prints the sweep id; list --json gives the sweeps oldest first; export writes one row per run', async () => {
    const dataDir = tempDir();
    const first = await cli(['sweep', 'run', ...FLAGS, '--json'], dataDir);
    expect(first.code).toBe(0);
    const a = JSON.parse(first.out) as { sweepId: string; status: string; runs: number };
    expect(a).toMatchObject({ status: 'done', runs: 4 });
    expect(a.sweepId).toMatch(/^sw-[0-9a-f]{10}$/);

    const file = path.join(tempDir(), 'sweep.json');
    writeFileSync(
      file,
      JSON.stringify({
        format: 'cascade-lab-sweep',
        version: 1,
        name: 'from a file',
        scenarios: ['black-thursday-2020'],
        designs: ['maker-2021-clip'],
        axes: [{ path: 'margin.liquidationRatio', range: { from: 1.4, to: 1.6, count: 2 } }],
        seeds: [1, 2],
        accounts: 300,
      }),
    );
    const second = await cli(['sweep', 'run', file, '--json'], dataDir);
    expect(second.code).toBe(0);
    const b = JSON.parse(second.out) as { sweepId: string };

    const list = await cli(['sweep', 'list', '--json'], dataDir);
    const ids = (JSON.parse(list.out) as { id: string }[]).map((s) => s.id);
    expect(ids).toEqual([a.sweepId, b.sweepId]);

    const out = path.join(tempDir(), 'a.csv');
    expect((await cli(['sweep', 'export', a.sweepId, '--csv', '--out', out], dataDir)).code).toBe(0);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'run,phase,point,scenario,design,margin.liquidationRatio,seed,shock,inputsHash,badDebtUsd,badDebtPctOfDebt,liquidatedUsd,amplification,maxLtv,stressedMaxLtv,accountsLiquidated,zeroBidShare,drawdown,unrealisedBadDebtUsd,underwaterAccounts',
    );
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 8).join(','))).toEqual([
      '0,grid,0,black-thursday-2020,maker-2021-clip,1.4,1,1',
      '1,grid,0,black-thursday-2020,maker-2021-clip,1.4,2,1',
      '2,grid,1,black-thursday-2020,maker-2021-clip,1.6,1,1',
      '3,grid,1,black-thursday-2020,maker-2021-clip,1.6,2,1',
    ]);
    // The file and the flags describe the same runs: the same results, row for row.
    const fromFile = await cli(['sweep', 'export', b.sweepId, '--csv'], dataDir);
    expect(fromFile.out).toBe(readFileSync(out, 'utf8'));

    const status = await cli(['sweep', 'status', a.sweepId], dataDir);
    expect(status.out).toMatch(/^sweep sw-\S+ \(done\): 4\/4 runs/);
    expect(status.out).toMatch(/maker-2021-clip · margin\.liquidationRatio=1\.4/);
    expect(status.out).toMatch(/FRONTIER/);
    // Unrealised bad debt and accounts underwater stand beside realised bad debt, and say what they are.
    expect(status.out).toMatch(/bad debt mean .* unreal\. +underw\. /);
    expect(status.out).toMatch(
      /^columns: .*unrealised bad debt \(mean over runs of the worst step’s shortfall at the oracle\)/m,
    );
  });

  it('bad input: one line naming what to fix, exit 2, nothing stored', async () => {
    const dataDir = tempDir();
    expectOneLineError(
      await cli(['sweep', 'run', ...FLAGS, '--vary', 'margin.nope=1:2:2'], dataDir),
      /design "maker-2021-clip" has no field "margin\.nope"/,
    );
    expectOneLineError(
      await cli(
        ['sweep', 'run', ...FLAGS.slice(0, 4), '--vary', 'margin.liquidationRatio=0.2:1.5:3'],
        dataDir,
      ),
      /margin\.liquidationRatio=0\.2 is outside what design "maker-2021-clip" allows/,
    );
    expectOneLineError(
      await cli(
        ['sweep', 'run', ...FLAGS.slice(0, 4), '--seeds', '1-4000', '--accounts', '1000000'],
        dataDir,
      ),
      /would take about .* confirm with --yes/,
    );
    expectOneLineError(
      await cli(['sweep', 'run', ...FLAGS, '--shock', 'big'], dataDir),
      /--shock "big": write FROM:TO:COUNT/,
    );
    expectOneLineError(
      await cli(['sweep', 'status', 'sw-nothere00'], dataDir),
      /No sweep with id "sw-nothere00"/,
    );
    const file = path.join(tempDir(), 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({ format: 'cascade-lab-sweep', version: 1, scenarios: ['x'], designs: [] }),
    );
    expectOneLineError(
      await cli(['sweep', 'run', file], dataDir),
      /sweep file .*bad\.json: sweep\.designs: /,
    );
    const list = await cli(['sweep', 'list', '--json'], dataDir);
    expect(JSON.parse(list.out)).toEqual([]);
  });
});
