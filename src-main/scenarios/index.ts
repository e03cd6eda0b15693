/** The built-in scenario library (each checked against the engine's schema by scenarios.test.ts). */
import type { Scenario } from '../engine/scenario.ts';
import { parseScenario } from '../engine/scenario.ts';
import { blackMonday1987 } from './black-monday-1987.ts';
import { blackThursday } from './black-thursday.ts';
import { blackThursdayOptions } from './black-thursday-options.ts';
import { compoundDai2020 } from './compound-dai-2020.ts';
import { crvCurve2023 } from './crv-curve-2023.ts';
import { ftxCollapse2022 } from './ftx-collapse-2022.ts';
import { lunaUst2022 } from './luna-ust-2022.ts';
import { october2025 } from './october-2025.ts';
import { stethDiscount2022 } from './steth-discount-2022.ts';

/**
 * Built-in scenarios: Black Thursday first (the flagship the newcomer path and the lessons start
 * from), then the later crashes by date, then 1987 (the seed story of portfolio insurance).
 */
export const BUILTIN_SCENARIO_LIST: readonly Scenario[] = [
  blackThursday,
  blackThursdayOptions,
  compoundDai2020,
  lunaUst2022,
  stethDiscount2022,
  ftxCollapse2022,
  crvCurve2023,
  october2025,
  blackMonday1987,
];

/**
 * The built-ins by id, each validated by the engine's schema the first time it is read (validating
 * all nine at load cost a command-line replay ~0.1–0.4 s of startup for scenarios it never reads).
 */
class ValidatedScenarios implements ReadonlyMap<string, Scenario> {
  readonly #raw = new Map(BUILTIN_SCENARIO_LIST.map((s) => [s.id, s]));
  readonly #parsed = new Map<string, Scenario>();

  get size(): number {
    return this.#raw.size;
  }
  get(id: string): Scenario | undefined {
    const done = this.#parsed.get(id);
    if (done) return done;
    const raw = this.#raw.get(id);
    if (!raw) return undefined;
    const parsed = parseScenario(raw);
    this.#parsed.set(id, parsed);
    return parsed;
  }
  has(id: string): boolean {
    return this.#raw.has(id);
  }
  *keys(): MapIterator<string> {
    yield* this.#raw.keys();
  }
  *values(): MapIterator<Scenario> {
    for (const id of this.#raw.keys()) yield this.get(id)!;
  }
  *entries(): MapIterator<[string, Scenario]> {
    for (const id of this.#raw.keys()) yield [id, this.get(id)!];
  }
  [Symbol.iterator](): MapIterator<[string, Scenario]> {
    return this.entries();
  }
  forEach(fn: (value: Scenario, key: string, map: ReadonlyMap<string, Scenario>) => void): void {
    for (const [id, s] of this.entries()) fn(s, id, this);
  }
}

export const BUILTIN_SCENARIOS: ReadonlyMap<string, Scenario> = new ValidatedScenarios();
