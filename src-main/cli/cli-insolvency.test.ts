/**
 * Insolvency beside realised bad debt in the CLI (issue 13 item 4): a design that liquidates nothing
 * reports no bad debt, and the text, the JSON and Compare show the accounts underwater instead.
 */
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../engine/presets.ts';
import { runCli } from './cli.ts';

const regT = PRESETS.get('reg-t-1987')!;
const files: Record<string, string> = {
  'reg-t-no-keepers.json': JSON.stringify({
    ...regT,
    id: 'reg-t-no-keepers',
    keepers: { count: 0 },
    liquidation: { kind: 'market-sale', closeFactor: 1, bonus: 0.02 },
  }),
};

function run(args: string[]) {
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

const BT = ['black-thursday-2020', '--accounts', '1500', '--step', '300'];

describe('unrealised bad debt in the CLI', () => {
  it('replay: zero keepers liquidate nothing, yet the text and JSON show accounts underwater', () => {
    const text = run(['replay', ...BT, '--design', 'reg-t-no-keepers.json']);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/bad debt +\$0\.00 \(0\.00% of debt\) realised/);
    const m = /underwater \(oracle\) worst (\d+) accounts? short \$([\d.]+)([kM]?)/.exec(text.out);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(0);
    expect(text.out).toMatch(/underwater \(market\) worst \d+ accounts? short/);

    const json = run(['replay', ...BT, '--design', 'reg-t-no-keepers.json', '--json']);
    expect(json.code).toBe(0);
    const r = JSON.parse(json.out) as {
      badDebtUsd: number;
      accountsLiquidated: number;
      unrealisedBadDebt: {
        atOracle: { peakAccounts: number; peakShortfallUsd: number; peakShortfallAt: string };
      };
    };
    expect(r.badDebtUsd).toBe(0);
    expect(r.accountsLiquidated).toBe(0);
    expect(r.unrealisedBadDebt.atOracle.peakAccounts).toBe(Number(m![1]));
    expect(r.unrealisedBadDebt.atOracle.peakShortfallUsd).toBeGreaterThan(0);
    expect(r.unrealisedBadDebt.atOracle.peakShortfallAt).toMatch(/^2020-03-1[23]T/);
  });

  it('compare lists unrealised bad debt beside realised bad debt', () => {
    const c = run(['compare', ...BT, '--design', 'maker-2020-flip', '--design', 'reg-t-no-keepers.json']);
    expect(c.code).toBe(0);
    expect(c.out).toMatch(/unrealised bad debt, worst/);
    expect(c.out).toMatch(/underwater, worst \(oracle\)/);
    const row = c.out.split('\n').find((l) => l.startsWith('underwater, worst (oracle)'))!;
    const [flipCount, regTCount] = row.trim().split(/\s+/).slice(-2).map(Number);
    expect(regTCount).toBeGreaterThan(flipCount!);
  });
});
