/**
 * The command line never runs an absurd design unbounded: a dust lot is refused by the schema, a
 * design that would open millions of auctions by the run budget, both with exit status 2 and one
 * line naming the field and a value to use, before any engine work starts.
 */
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../engine/presets.ts';
import { runCli } from './cli.ts';

function run(args: string[], files: Record<string, string>) {
  let out = '';
  let err = '';
  const code = runCli(args, {
    out: (t) => (out += t),
    err: (t) => (err += t),
    readFile: (p) => {
      const text = files[p];
      if (text === undefined) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
      return text;
    },
  });
  return { code, out, err };
}

const clip = PRESETS.get('maker-2021-clip')!;
const withLot = (lotSize: number) =>
  JSON.stringify({ ...clip, id: 'dust', name: 'Dust', liquidation: { ...clip.liquidation, lotSize } });

describe('cascade-lab on absurd designs', () => {
  it('refuses a lot of 5e-324 naming the schema minimum', () => {
    const r = run(['replay', 'black-thursday-2020', '--design', 'dust.json'], {
      'dust.json': withLot(5e-324),
    });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /^cascade-lab: design file dust\.json: design\.liquidation\.lotSize: lotSize must be at least 0\.000001/,
    );
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.out).toBe('');
  });

  it('refuses a lot that would open millions of auctions, naming the field and a lot that fits', () => {
    const r = run(
      ['compare', 'black-thursday-2020', '--design', 'maker-2020-flip', '--design', 'dust.json'],
      {
        'dust.json': withLot(0.001),
      },
    );
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /^cascade-lab: design "dust" on black-thursday-2020: liquidation\.lotSize 0\.001 makes about .* auctions .*; set it to at least [\d.]+ ETH\n$/,
    );
    expect(r.out).toBe('');
  });

  it('refuses too many account-steps, naming the accounts', () => {
    const r = run(['replay', 'black-thursday-2020', '--accounts', '5000000'], {});
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /^cascade-lab: design "maker-2020-flip" on black-thursday-2020: 5,000,000 accounts × 2,880 steps/,
    );
    expect(r.err).toMatch(/use at most [\d,]+ accounts at this step\n$/);
  });
});
