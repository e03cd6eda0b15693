/**
 * Non-finite numbers are refused before a run instead of being written as null: a keeper tip of
 * 1e308 made keeperIncentivesUsd Infinity, a liquidation ratio of 1 made the allowed leverage
 * Infinity, and `--json` printed both as null. Now the design is refused, naming the field, and a
 * report can never carry a non-finite number.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Design } from '../engine/design.ts';
import { PRESETS } from '../engine/presets.ts';
import { tempDir } from '../store/store-test-support.ts';
import { assertDesignRunnable, assertFiniteReport, InputError } from '../services/replay-service.ts';
import { runCliAsync } from './cli.ts';

function variant(edit: (d: Design) => void): Design {
  const d = structuredClone(PRESETS.get('maker-2021-clip')!);
  edit(d);
  return d;
}

const hugeTip = variant((d) => {
  if (d.liquidation.kind === 'dutch-auction') d.liquidation.keeperTipUsd = 1e308;
});
const noMargin = variant((d) => {
  d.margin = { ...d.margin, liquidationRatio: 1, callRatio: 1 };
});

describe('designs that would give non-finite results', () => {
  it('are refused before a run, naming the field', () => {
    expect(() => assertDesignRunnable(hugeTip)).toThrow(
      /^design\.liquidation\.keeperTipUsd: 1e\+308 is too large to simulate/,
    );
    expect(() => assertDesignRunnable(noMargin)).toThrow(
      /^design\.margin\.liquidationRatio: 1 leaves no margin at all, so leverage would be infinite; use a ratio above 1/,
    );
    for (const preset of PRESETS.values()) expect(() => assertDesignRunnable(preset)).not.toThrow();
  });

  it('are refused by replay --json with exit 2 and one line, printing no JSON', async () => {
    const dir = tempDir();
    for (const [name, design, field] of [
      ['tip.json', hugeTip, 'keeperTipUsd'],
      ['no-margin.json', noMargin, 'liquidationRatio'],
    ] as const) {
      const file = path.join(dir, name);
      writeFileSync(file, JSON.stringify(design));
      let out = '';
      let err = '';
      const code = await runCliAsync(
        ['replay', 'black-thursday-2020', '--accounts', '200', '--design', file, '--json'],
        { out: (t) => (out += t), err: (t) => (err += t), dataDir: tempDir() },
      );
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err.trimEnd().split('\n')).toHaveLength(1);
      expect(err).toContain(field);
    }
  });

  it('a report with a non-finite number is refused, naming where', () => {
    expect(() => assertFiniteReport({ a: 1, waterfall: { debtAuctionUsd: Infinity } })).toThrow(InputError);
    expect(() => assertFiniteReport({ waves: [{ x: 1 }, { x: NaN }] })).toThrow(
      /report\.waves\.1\.x came out as NaN/,
    );
    expect(assertFiniteReport({ a: [1, 2], b: null })).toEqual({ a: [1, 2], b: null });
  });
});
