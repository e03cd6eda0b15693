import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseScenario } from '../engine/scenario.ts';
import type { Scenario } from '../engine/scenario.ts';
import { maxDrawdown } from '../engine/report.ts';
import { buildTimeline } from '../engine/timeline.ts';
import { BUILTIN_SCENARIO_LIST } from '../scenarios/index.ts';
import { CARD_DRAWDOWNS_FILE, readCardDrawdowns, recordCardDrawdowns } from './card-drawdowns.ts';
import { createAppService } from './app-service.ts';
import { InProcessEnginePool } from './pool/engine-pool.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cascade-card-drawdowns-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const raws = BUILTIN_SCENARIO_LIST.slice(0, 2);

/** The drawdown straight from the engine, as a card shows it. */
function direct(raw: Scenario): number {
  const s = parseScenario(raw);
  const a = Math.max(
    0,
    s.assets.findIndex((x) => x.id === s.population.asset),
  );
  return maxDrawdown(Array.from(buildTimeline(s, s.defaultStepSeconds, 1).observedLog[a]!, Math.exp));
}

describe('card drawdowns recorded by the build', () => {
  it('reads back what was recorded for the same build and scenarios, equal to the engine figure', () => {
    recordCardDrawdowns(dir, 'build-a', raws, parseScenario);
    const read = readCardDrawdowns(dir, 'build-a', raws);
    expect([...read.keys()]).toEqual(raws.map((r) => `${r.id}@${r.version}`));
    for (const raw of raws) {
      const facts = read.get(`${raw.id}@${raw.version}`)!;
      expect(facts.drawdown).toBeGreaterThan(0);
      expect(facts.drawdown).toBe(direct(raw));
      expect(facts.parsedUnchanged).toBe(true);
    }
  });

  it('never uses a value from another engine build, engine version or an edited scenario', () => {
    recordCardDrawdowns(dir, 'build-a', raws, parseScenario);
    expect(readCardDrawdowns(dir, 'build-b', raws).size).toBe(0);

    // The same id and version with other content: its entry is ignored, the other one still used.
    const edited = { ...raws[0]!, summary: `${raws[0]!.summary} (edited)` };
    const read = readCardDrawdowns(dir, 'build-a', [edited, raws[1]!]);
    expect(read.has(`${edited.id}@${edited.version}`)).toBe(false);
    expect(read.has(`${raws[1]!.id}@${raws[1]!.version}`)).toBe(true);

    const file = path.join(dir, CARD_DRAWDOWNS_FILE);
    const json = JSON.parse(readFileSync(file, 'utf8')) as { engineVersion: string };
    writeFileSync(file, JSON.stringify({ ...json, engineVersion: '0.0.0-other' }));
    expect(readCardDrawdowns(dir, 'build-a', raws).size).toBe(0);
  });

  it('records a scenario the schema changes, or refuses, as needing its check', () => {
    const changes = (raw: Scenario): Scenario => ({ ...parseScenario(raw), summary: 'normalised' });
    recordCardDrawdowns(dir, 'build-a', raws, changes);
    const read = readCardDrawdowns(dir, 'build-a', raws);
    expect([...read.values()].map((f) => f.parsedUnchanged)).toEqual([false, false]);
    recordCardDrawdowns(dir, 'build-a', raws, () => {
      throw new Error('invalid');
    });
    expect(readCardDrawdowns(dir, 'build-a', raws).size).toBe(0);
  });

  it('falls back to nothing on a missing or damaged file', () => {
    expect(readCardDrawdowns(dir, 'build-a', raws).size).toBe(0);
    writeFileSync(path.join(dir, CARD_DRAWDOWNS_FILE), '{"format":1,"engineVer');
    expect(readCardDrawdowns(dir, 'build-a', raws).size).toBe(0);
  });

  it("scenarios.list shows the recorded value when it matches, and the engine's otherwise", async () => {
    const first = raws[0]!;
    recordCardDrawdowns(dir, 'build-a', BUILTIN_SCENARIO_LIST, parseScenario);
    // Mark the recorded value so the test sees which one the card used.
    const file = path.join(dir, CARD_DRAWDOWNS_FILE);
    const json = JSON.parse(readFileSync(file, 'utf8')) as {
      scenarios: Record<string, { drawdown: number }>;
    };
    json.scenarios[`${first.id}@${first.version}`]!.drawdown = 0.123;
    writeFileSync(file, JSON.stringify(json));
    const ctx = { emit: () => {}, signal: new AbortController().signal };
    const list = async (cardDrawdowns: { dir: string; codeFingerprint: string } | null) => {
      const service = createAppService({ pool: new InProcessEnginePool(), log: () => {}, cardDrawdowns });
      try {
        const res = await service.dispatch('scenarios.list', {}, ctx);
        if (!res.ok) throw new Error(res.error.message);
        return res.value as { id: string; observedDrawdown: number }[];
      } finally {
        await service.close();
      }
    };
    const cardOf = async (codeFingerprint: string) =>
      (await list({ dir, codeFingerprint })).find((c) => c.id === first.id)!;
    expect((await cardOf('build-a')).observedDrawdown).toBe(0.123);
    expect((await cardOf('build-b')).observedDrawdown).toBe(direct(first));
    // Cards built from the recorded facts (no schema check, no timeline) are the checked ones.
    recordCardDrawdowns(dir, 'build-a', BUILTIN_SCENARIO_LIST, parseScenario);
    const fromBuild = await list({ dir, codeFingerprint: 'build-a' });
    expect(fromBuild.map((c) => c.id)).toEqual(BUILTIN_SCENARIO_LIST.map((s) => s.id));
    expect(fromBuild).toEqual(await list(null));
  });
});
