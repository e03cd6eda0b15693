/**
 * Saved designs are designs everywhere in the command line: `designs` lists them, and `replay`,
 * `compare` and `challenge check` accept their ids (with an oracle variant too), through the one
 * design resolver the app uses as well (services/replay-service.ts resolveDesign).
 */
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../engine/design.ts';
import type { Design } from '../engine/design.ts';
import { PRESETS } from '../engine/presets.ts';
import { openLibraryStore } from '../services/library.ts';
import { saveDesign } from '../store/index.ts';
import { tempDir } from '../store/store-test-support.ts';
import { runCliAsync } from './cli.ts';

async function cli(args: string[], dataDir: string) {
  let out = '';
  let err = '';
  const code = await runCliAsync(args, { out: (t) => (out += t), err: (t) => (err += t), dataDir });
  return { code, out, err };
}

/** A data folder holding one saved design, "my-clip": Maker's clip with a 170% liquidation ratio. */
async function folderWithSavedDesign(): Promise<string> {
  const dataDir = tempDir();
  const { store } = await openLibraryStore({ dataDir });
  try {
    const base = PRESETS.get('maker-2021-clip')!;
    const mine: Design = {
      ...structuredClone(base),
      id: 'my-clip',
      name: 'My clip at 170%',
      margin: { ...base.margin, liquidationRatio: 1.7, callRatio: 1.8 },
    };
    saveDesign(store, { id: mine.id, name: mine.name, json: canonicalJson(mine) });
  } finally {
    store.close();
  }
  return dataDir;
}

const BT = ['black-thursday-2020', '--accounts', '300'];

describe('saved designs in the command line', () => {
  it('designs lists the saved design beside the presets', async () => {
    const dataDir = await folderWithSavedDesign();
    const r = await cli(['designs'], dataDir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^saved designs \(use the id like a preset\):\n {2}my-clip\s+My clip at 170%$/m);
    expect(r.out).toMatch(/^ {2}maker-2021-clip\s/m);
  });

  it('compare accepts a saved design id, and gives the same run as replay with that id', async () => {
    const dataDir = await folderWithSavedDesign();
    const compared = await cli(
      ['compare', ...BT, '--design', 'maker-2021-clip', '--design', 'my-clip', '--json'],
      dataDir,
    );
    expect(compared.err).toBe('');
    expect(compared.code).toBe(0);
    const runs = (JSON.parse(compared.out) as { runs: { design: string; badDebtUsd: number }[] }).runs;
    expect(runs.map((r) => r.design)).toEqual(['maker-2021-clip', 'my-clip']);
    const replayed = await cli(['replay', ...BT, '--design', 'my-clip', '--json'], dataDir);
    expect(replayed.code).toBe(0);
    expect(JSON.parse(replayed.out)).toEqual(runs[1]);
    // The saved design really is a different design: its capital efficiency follows its ratio.
    const mine = JSON.parse(replayed.out) as { capitalEfficiency: { maxLtv: number } };
    expect(mine.capitalEfficiency.maxLtv).toBeCloseTo(1 / 1.7, 6);
  });

  it('a saved design takes an oracle variant like a preset', async () => {
    const dataDir = await folderWithSavedDesign();
    const r = await cli(
      ['compare', ...BT, '--design', 'my-clip', '--design', 'my-clip+twap-30m', '--json'],
      dataDir,
    );
    expect(r.err).toBe('');
    const runs = (JSON.parse(r.out) as { runs: { design: string }[] }).runs;
    expect(runs).toHaveLength(2);
    expect(runs[1]!.design).not.toBe(runs[0]!.design);
  });

  it('an unknown id is refused in one line that says saved designs are accepted', async () => {
    const dataDir = await folderWithSavedDesign();
    for (const command of ['compare', 'replay']) {
      const args =
        command === 'compare' ? ['--design', 'maker-2021-clip', '--design', 'nope'] : ['--design', 'nope'];
      const r = await cli([command, ...BT, ...args], dataDir);
      expect(r.code).toBe(2);
      expect(r.err.trimEnd().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(/unknown design "nope" \(presets: .*; or the id of a saved design; or a path/);
    }
  });
});
