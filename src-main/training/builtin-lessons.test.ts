/**
 * Every built-in lesson against the engine: its positions and figures bind to its run, every
 * prediction can be judged, and every try-it is solvable by changing its one field — and not already
 * solved by the lesson's own design.
 */
import { describe, expect, it } from 'vitest';
import { parseDesign } from '../engine/design.ts';
import { PRESETS } from '../engine/presets.ts';
import { getScenario, runReplays } from '../services/replay-service.ts';
import { BUILTIN_LESSONS } from './builtin-lessons.ts';
import { isPlayable } from './lesson.ts';
import type { TryItStep } from './lesson.ts';
import type { TryItAnswer } from './lesson-runtime.ts';
import { bindSteps, checkPrediction, judgeTryIt, tryItDesign } from './lesson-runtime.ts';
import { measurableReplay } from './measures.ts';

/** An answer to each try-it known to meet its goal on seed 1 (found by hand, checked here). */
const SOLUTIONS: Record<string, TryItAnswer> = {
  'black-thursday-loop/fix-keepers': { value: 200 },
  'oracle-delay-osm/shorter-hop': { value: 5400 },
  'auctions-keepers/longer-window': { value: 43200 },
  'auctions-keepers/switch-mechanism': { option: 1 },
  'same-asset-cliffs/move-cliff': { value: 1.15 },
  'backstops-breakers/add-breaker': { option: 2 },
  'gamma-hedging/hedging-off': { option: 1 },
  'portfolio-insurance-1987/hold-still': { option: 1 },
};

describe('built-in lessons', () => {
  it('include the seven of the issue, all playable now; anything marked coming has nothing behind it', () => {
    const all = [...BUILTIN_LESSONS.values()];
    expect(all.length).toBeGreaterThanOrEqual(7);
    for (const id of ['gamma-hedging', 'portfolio-insurance-1987', 'backstops-breakers'])
      expect(BUILTIN_LESSONS.get(id)?.status).toBe('ready');
    const coming = all.filter((l) => l.status === 'coming');
    for (const l of coming) {
      expect(l.steps).toEqual([]);
      expect(l.scenarioId).toBeUndefined();
      expect(l.needs).toBeTruthy();
    }
  });

  it('carry no bare figures in their narration (numbers come from the engine or a published source)', () => {
    for (const l of BUILTIN_LESSONS.values()) {
      for (const s of l.steps) {
        if (s.kind !== 'narration' && s.kind !== 'debrief') continue;
        const withoutDates = s.text.replace(/\b\d{1,2} (March|June)\b/g, '').replace(/\b(19|20)\d\d\b/g, '');
        expect(withoutDates, `${l.id}/${s.id}`).not.toMatch(/\d/);
      }
    }
  });

  it('point at the gas chart, and name it in hints, only where the scenario’s gas moves (the chart is shown there)', () => {
    let named = 0;
    for (const l of [...BUILTIN_LESSONS.values()].filter(isPlayable)) {
      const gas = new Set(getScenario(l.scenarioId).gas.points.map(([, v]) => v));
      for (const s of l.steps) {
        const points = 'points' in s ? (s.points ?? []) : [];
        const hint = s.kind === 'try-it' ? (s.hint ?? '') : '';
        const pointsAtGas = points.includes('gas') || /gas chart|Gas and keepers chart/i.test(hint);
        if (!pointsAtGas) continue;
        named++;
        expect(
          gas.size,
          `${l.id}/${s.id}: the scenario's gas is flat, so there is no gas chart`,
        ).toBeGreaterThan(1);
        // The chart has its real name: "Gas and keepers".
        if (/gas chart|keepers chart/i.test(hint)) expect(hint).toContain('Gas and keepers chart');
      }
    }
    expect(named).toBeGreaterThanOrEqual(2);
  });

  for (const lesson of [...BUILTIN_LESSONS.values()].filter(isPlayable)) {
    it(`${lesson.id}: binds to its run, judges its predictions, and its try-its are solvable`, () => {
      const scenario = getScenario(lesson.scenarioId);
      const design = PRESETS.get(lesson.designId)!;
      const [r] = runReplays({ scenarioId: lesson.scenarioId, designs: [design], seed: lesson.seed });
      const run = measurableReplay(r!);
      const asset = scenario.population.asset;
      const steps = bindSteps(lesson, run, scenario.published, design, asset);
      expect(steps.map((s) => s.id)).toEqual(lesson.steps.map((s) => s.id));
      for (const s of steps) {
        if (s.kind === 'narration') for (const f of s.figures) expect(f.source.length).toBeGreaterThan(3);
        if (s.kind === 'predict') expect(s.revealStep).toBeGreaterThanOrEqual(s.atStep);
      }
      lesson.steps.forEach((s, i) => {
        if (s.kind !== 'predict') return;
        const answer = s.answer.kind === 'number' ? { value: 1 } : { choice: s.answer.options[0]!.id };
        const result = checkPrediction(lesson, i, run, answer, asset);
        expect(result.actualText).not.toBe('');
        if (s.answer.kind === 'choice') expect(result.rightOptionId).not.toBeNull();
      });
      const tryIts = lesson.steps.filter((s): s is TryItStep => s.kind === 'try-it');
      expect(tryIts.length).toBeGreaterThan(0);
      for (const step of tryIts) {
        const value = SOLUTIONS[`${lesson.id}/${step.id}`];
        expect(value, `a known solution for ${lesson.id}/${step.id}`).toBeDefined();
        const changed = parseDesign(tryItDesign(step, design, value!));
        const [tried, base] = runReplays({
          scenarioId: lesson.scenarioId,
          designs: [changed, design],
          seed: lesson.seed,
        });
        const solved = judgeTryIt(step, value!, measurableReplay(tried!), measurableReplay(base!), asset);
        expect(solved.met, `${lesson.id}/${step.id}: ${solved.measuredText} ${solved.targetText}`).toBe(true);
        const unchanged = judgeTryIt(step, value!, measurableReplay(base!), measurableReplay(base!), asset);
        expect(unchanged.met, `${lesson.id}/${step.id} is already met by the lesson's design`).toBe(false);
      }
    });
  }
});
