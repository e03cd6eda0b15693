/**
 * The built-in design challenges. Goals are judged by the engine on hidden seeds; constraints speak
 * about design fields by path, so mechanisms the engine adds later can be constrained as data.
 */
import type { Challenge } from './challenge.ts';
import { parseChallenge } from './challenge.ts';

const base = { format: 'cascade-lab.challenge', schemaVersion: 1, version: 1 } as const;
const ltv = {
  label: 'allowed loan-to-value (1 / liquidation ratio)',
  quantity: { field: 'margin.liquidationRatio', transform: 'reciprocal' },
  worst: 0.6,
  best: 0.9,
} as const;

const challenges: unknown[] = [
  {
    ...base,
    id: 'bt-bad-debt-70-ltv',
    title: 'No hole at 70% LTV',
    brief:
      'Keep bad debt under 0.5% of debt on Black Thursday while allowing at least 70% loan-to-value (a liquidation ratio of at most 1/0.7 ≈ 1.43). Any liquidation mechanism, oracle and parameters are allowed. Judged on hidden seeds of the crash; a higher allowed LTV scores more.',
    status: 'ready',
    scenarioId: 'black-thursday-2020',
    baseDesignId: 'maker-2020-flip',
    hiddenSeeds: 3,
    constraints: [
      {
        label: 'allowed LTV at least 70%',
        field: 'margin.liquidationRatio',
        transform: 'reciprocal',
        op: 'ge',
        value: 0.7,
      },
    ],
    goals: [
      {
        label: 'bad debt under 0.5% of debt',
        measure: { of: 'run', metric: 'bad-debt-pct-of-debt' },
        op: '<',
        value: 0.5,
      },
    ],
    efficiency: { ...ltv, worst: 0.7 },
  },
  {
    ...base,
    id: 'bt-halve-largest-wave',
    title: 'Halve the largest wave',
    brief:
      'On Black Thursday, halve the largest liquidation wave (collateral sent to liquidation in one wave) compared with Maker’s 2020 design, without a circuit breaker, and keep bad debt under 1% of debt. Judged on hidden seeds; a higher allowed LTV scores more.',
    status: 'ready',
    scenarioId: 'black-thursday-2020',
    baseDesignId: 'maker-2020-flip',
    hiddenSeeds: 3,
    constraints: [
      // Absent or null: a design without modifiers, or with `circuitBreaker: null`, has none.
      { label: 'no circuit breaker', field: 'modifiers.circuitBreaker', op: 'absent' },
    ],
    goals: [
      {
        label: 'largest wave at most half of Maker 2020’s on the same seed',
        measure: { of: 'run', metric: 'largest-wave-usd' },
        op: '<=',
        baselineFactor: 0.5,
      },
      {
        label: 'bad debt under 1% of debt',
        measure: { of: 'run', metric: 'bad-debt-pct-of-debt' },
        op: '<',
        value: 1,
      },
    ],
    efficiency: ltv,
  },
];

export const BUILTIN_CHALLENGES: ReadonlyMap<string, Challenge> = new Map(
  challenges.map((c, i) => {
    const challenge = parseChallenge(c, `builtin challenge ${i}`);
    return [challenge.id, challenge];
  }),
);
