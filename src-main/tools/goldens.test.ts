/**
 * The engine's golden runs (goldens.ts), compared byte for byte with what `npm run goldens` recorded.
 * Outputs may change only together with ENGINE_VERSION (src-main/engine/version.ts).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/cli.ts';
import { ENGINE_VERSION } from '../engine/version.ts';
import type { GoldenCase, GoldenManifest, GoldenOutput } from './goldens.ts';
import {
  fingerprintOf,
  GOLDEN_ACCOUNTS,
  GOLDENS_DIR,
  goldenCases,
  groupCases,
  layerCases,
  recordingRefusal,
  REPO_ROOT,
  runGoldenGroup,
  runLayerCase,
  sha256,
} from './goldens.ts';

const dir = path.join(REPO_ROOT, GOLDENS_DIR);
const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as GoldenManifest;
const recorded = new Map(manifest.cases.map((c) => [c.name, c]));
const BUMP =
  'If the change is intended, bump ENGINE_VERSION in src-main/engine/version.ts and run `npm run goldens`; otherwise it is a regression.';

function storedJson(name: string): string {
  return readFileSync(path.join(dir, 'runs', `${name}.json`), 'utf8');
}
function storedLog(name: string): string {
  return gunzipSync(readFileSync(path.join(dir, 'runs', `${name}.log.gz`))).toString('utf8');
}

/** Keeps a failing case's actual output where a developer can diff it, and says where. */
function keepActual(c: GoldenCase, o: GoldenOutput): string {
  const out = path.join(tmpdir(), 'cascade-goldens-actual');
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, `${c.name}.json`), o.json);
  writeFileSync(path.join(out, `${c.name}.log`), o.log);
  return out;
}

/** The first line where two texts differ, for a readable failure. */
function firstDifference(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i])
      return `line ${i + 1}:\n  recorded: ${a[i]?.slice(0, 300)}\n  now:      ${b[i]?.slice(0, 300)}`;
  }
  return 'no line differs';
}

function compare(c: GoldenCase, o: GoldenOutput): string[] {
  const r = recorded.get(c.name);
  if (!r) return [`${c.name}: not recorded; run \`npm run goldens\``];
  const problems: string[] = [];
  if (sha256(o.json) !== r.json) {
    const where = r.stored ? `\n${firstDifference(storedJson(c.name), o.json)}` : '';
    problems.push(`${c.name}: the --json output differs${where}`);
  }
  if (sha256(o.log) !== r.log) {
    const where = r.stored ? `\n${firstDifference(storedLog(c.name), o.log)}` : '';
    problems.push(`${c.name}: the event log differs${where}`);
  }
  if (o.runDigest !== r.run) problems.push(`${c.name}: the run's series, records or totals differ`);
  if (problems.length > 0) problems.push(`(actual output kept in ${keepActual(c, o)})`);
  return problems;
}

describe('golden runs', () => {
  it(`were recorded for the current ENGINE_VERSION (${ENGINE_VERSION})`, () => {
    expect(
      manifest.engineVersion,
      `the goldens were recorded with engine ${manifest.engineVersion} but ENGINE_VERSION is ${ENGINE_VERSION}: run \`npm run goldens\``,
    ).toBe(ENGINE_VERSION);
    expect(manifest.accounts).toBe(GOLDEN_ACCOUNTS);
    // Every version appears once, the current one last, and pins exactly the recorded outputs.
    const versions = manifest.history.map((h) => h.engineVersion);
    expect(new Set(versions).size).toBe(versions.length);
    expect(manifest.history.at(-1)).toEqual({
      engineVersion: ENGINE_VERSION,
      fingerprint: fingerprintOf(manifest),
    });
  });

  it('cover every case, and store one full run per scenario', () => {
    const cases = goldenCases();
    expect(manifest.cases.map((c) => c.name).sort()).toEqual(cases.map((c) => c.name).sort());
    const scenarios = new Set(cases.map((c) => c.scenario));
    for (const s of scenarios) expect(manifest.cases.some((c) => c.scenario === s && c.stored)).toBe(true);
    for (const c of manifest.cases.filter((x) => x.stored)) {
      expect(sha256(storedJson(c.name))).toBe(c.json);
      expect(sha256(storedLog(c.name))).toBe(c.log);
    }
  });

  it('are what the CLI prints for `replay --json`', () => {
    const c = manifest.cases.find((x) => x.stored && x.scenario === 'compound-dai-2020')!;
    let out = '';
    const status = runCli(
      [
        'replay',
        c.scenario,
        '--design',
        c.design,
        '--seed',
        String(c.seed),
        '--accounts',
        String(GOLDEN_ACCOUNTS),
        '--json',
      ],
      { out: (t) => (out += t), err: (t) => (out += t) },
    );
    expect(status).toBe(0);
    expect(out).toBe(storedJson(c.name));
  });

  it('notice a changed output, and refuse to record one under the same ENGINE_VERSION', () => {
    const c = manifest.cases.find((x) => x.stored)!;
    const json = storedJson(c.name);
    const tampered = json.replace(/"seed":1,/, '"seed":1 ,');
    expect(tampered).not.toBe(json);
    const problems = compare(c, { json: tampered, log: storedLog(c.name), runDigest: c.run });
    expect(problems[0]).toMatch(/--json output differs\nline 1:/);
    const cases = manifest.cases.map((x) => (x.name === c.name ? { ...x, json: sha256(tampered) } : x));
    const changed = { cases, layers: manifest.layers };
    expect(recordingRefusal(manifest, changed, manifest.engineVersion)).toMatch(/bump ENGINE_VERSION/);
    expect(recordingRefusal(manifest, manifest, manifest.engineVersion)).toBeNull();
    const layers = manifest.layers.map((l, k) => (k === 0 ? { ...l, digest: 'x' } : l));
    expect(recordingRefusal(manifest, { cases: manifest.cases, layers }, manifest.engineVersion)).toMatch(
      /options-layer/,
    );
    // A new version may record anything once; a version of the history may not be reused.
    expect(recordingRefusal(manifest, changed, `${manifest.engineVersion}-next`)).toBeNull();
    const older = {
      ...manifest,
      engineVersion: 'later',
      history: [...manifest.history, { engineVersion: 'later', fingerprint: 'x' }],
    };
    expect(recordingRefusal(older, changed, manifest.engineVersion)).toMatch(/never used/);
  });

  it('of the options layer on its own (vaults, futures hedges, expiries, portfolio margin) are unchanged', () => {
    const cases = layerCases();
    expect(manifest.layers.map((l) => l.name)).toEqual(cases.map((c) => c.name));
    const changed = cases.filter((c, k) => runLayerCase(c) !== manifest.layers[k]!.digest).map((c) => c.name);
    expect(changed, `the options layer's output differs: ${changed.join(', ')}\n${BUMP}`).toEqual([]);
  });

  for (const group of groupCases(goldenCases())) {
    const { scenario, seed } = group[0]!;
    it(`are byte-identical: ${scenario}, seed ${seed} (${group.length} designs)`, () => {
      const outputs = runGoldenGroup(group);
      const problems = group.flatMap((c, i) => compare(c, outputs[i]!));
      expect(problems, `${problems.join('\n')}\n${BUMP}`).toEqual([]);
    });
  }
});
