/**
 * Every lesson has a challenge that puts its mechanism to work, and every such challenge is judged
 * by the engine: a sensible design (found by hand, checked here) meets it on its hidden seeds and
 * the historical design it starts from does not.
 */
import { describe, expect, it } from 'vitest';
import type { Design } from '../engine/design.ts';
import { NO_MODIFIERS, designHash, parseDesign } from '../engine/design.ts';
import { PRESETS } from '../engine/presets.ts';
import { runReplays } from '../services/replay-service.ts';
import { BUILTIN_CHALLENGES } from './builtin-challenges.ts';
import { BUILTIN_LESSONS } from './builtin-lessons.ts';
import type { ChallengeRunner } from './challenge.ts';
import { scoreChallenge } from './challenge.ts';
import { withField } from './design-path.ts';
import type { MeasurableRun } from './measures.ts';
import { measurableReplay } from './measures.ts';

const preset = (id: string): Design => PRESETS.get(id)!;
const named = (d: unknown, id: string): Design => parseDesign({ ...(d as object), id });
const modified = (d: Design, id: string, modifiers: object): Design =>
  named({ ...d, modifiers: { ...NO_MODIFIERS, ...modifiers } }, id);

/** Per challenge: a design a student could reasonably submit that meets every goal. */
const SENSIBLE: Record<string, () => Design> = {
  'bt-bad-debt-70-ltv': () =>
    named(withField(preset('maker-2021-clip'), 'margin.liquidationRatio', 1.4), 'clip-140'),
  'cdai-ride-out-the-spike': () =>
    named(
      withField(preset('compound-2020-coinbase-oracle'), 'oracle.transform', {
        kind: 'osm',
        hopSeconds: 3600,
      }),
      'compound-osm-1h',
    ),
  'bt-no-zero-bids': () => preset('maker-2021-clip'),
  'steth-sell-less-to-pool': () =>
    modified(preset('aave-v2-steth-2022'), 'aave-steth-partial', { partialTargetRatio: 1.25 }),
  'bt-halve-largest-wave': () =>
    named(withField(preset('maker-2021-clip'), 'liquidation.maxActiveTabUsd', 6_000_000), 'clip-hole-6m'),
  'bto-hedge-gently': () => {
    const d = preset('maker-2020-flip-deribit');
    return named(
      { ...d, options: { ...d.options, hedging: { kind: 'band', bandDelta: 0.1 } } },
      'deribit-band-10',
    );
  },
  'bm87-tame-the-loop': () =>
    modified(preset('reg-t-1987'), 'reg-t-breaker', {
      circuitBreaker: {
        dropFraction: 0.07,
        windowSeconds: 3600,
        action: 'pause',
        haircutMultiplier: 1,
        durationSeconds: 7200,
      },
    }),
};

/** Runs each (scenario, seed, design) once: the base design is the baseline of the sensible one's goals. */
const cache = new Map<string, MeasurableRun>();
const runner: ChallengeRunner = async ({ scenarioId, designs, seed, accounts }) => {
  const parsed = designs.map((d) => parseDesign(d));
  const key = (d: Design) => `${scenarioId}/${seed}/${accounts ?? ''}/${designHash(d)}`;
  const missing = parsed.filter((d) => !cache.has(key(d)));
  if (missing.length > 0) {
    runReplays({
      scenarioId,
      designs: missing,
      seed,
      ...(accounts !== undefined ? { accounts } : {}),
    }).forEach((r, i) => cache.set(key(missing[i]!), measurableReplay(r)));
  }
  return parsed.map((d) => cache.get(key(d))!);
};

describe('built-in challenges', () => {
  it('give every lesson a challenge of its own', () => {
    const byLesson = new Map<string, string[]>();
    for (const c of BUILTIN_CHALLENGES.values()) {
      if (!c.lessonId) continue;
      expect(BUILTIN_LESSONS.has(c.lessonId), `${c.id} follows an unknown lesson`).toBe(true);
      byLesson.set(c.lessonId, [...(byLesson.get(c.lessonId) ?? []), c.id]);
    }
    for (const l of BUILTIN_LESSONS.values()) expect(byLesson.get(l.id), l.id).toBeDefined();
    expect(Object.keys(SENSIBLE).sort()).toEqual([...BUILTIN_CHALLENGES.keys()].sort());
  });

  for (const challenge of BUILTIN_CHALLENGES.values()) {
    it(`${challenge.id}: met by a sensible design, missed by the historical design it starts from`, async () => {
      const base = preset(challenge.baseDesignId);
      const good = await scoreChallenge(challenge, SENSIBLE[challenge.id]!(), base, runner);
      expect(good.constraintsOk, JSON.stringify(good.constraints)).toBe(true);
      expect(good.met, JSON.stringify(good.goals)).toBe(true);
      expect(good.score).toBeGreaterThanOrEqual(500);
      const historical = await scoreChallenge(challenge, base, base, runner);
      expect(historical.met).toBe(false);
      expect(historical.score).toBeLessThan(500);
    });
  }
});
