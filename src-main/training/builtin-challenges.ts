/**
 * The built-in design challenges. Goals are judged by the engine on hidden seeds; constraints speak
 * about design fields by path, so mechanisms the engine adds later can be constrained as data.
 */
import { builtinsById } from '../engine/lazy-map.ts';
import type { Challenge } from './challenge.ts';
import { parseChallenge } from './challenge.ts';

const base = { format: 'cascade-lab.challenge', schemaVersion: 1, version: 1 } as const;
const ltv = {
  label: 'allowed loan-to-value (1 / liquidation ratio)',
  quantity: { field: 'margin.liquidationRatio', transform: 'reciprocal' },
  worst: 0.6,
  best: 0.9,
} as const;

/** Allowed LTV as a constraint: at least `min` (liquidation ratio at most 1 / min). */
const ltvAtLeast = (min: number) =>
  ({
    label: `allowed LTV at least ${Math.round(min * 1000) / 10}%`,
    field: 'margin.liquidationRatio',
    transform: 'reciprocal',
    op: 'ge',
    value: min,
  }) as const;
/** Allowed LTV at most `max`: the threshold cannot be lowered to dodge the crash. */
const ltvAtMost = (max: number, why: string) =>
  ({
    label: `allowed LTV at most ${Math.round(max * 1000) / 10}% (${why})`,
    field: 'margin.liquidationRatio',
    transform: 'reciprocal',
    op: 'le',
    value: max,
  }) as const;
/** The scenario's keepers as they were: a challenge about the mechanism, not about better keepers. */
const keepersAsTheyWere = ['count', 'capitalUsd', 'gasCapMedianGwei', 'lowballers'].map(
  (k) => ({ label: `keepers.${k} as in the scenario`, field: `keepers.${k}`, op: 'absent' }) as const,
);

const challenges: unknown[] = [
  {
    ...base,
    id: 'bt-bad-debt-70-ltv',
    lessonId: 'black-thursday-loop',
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
    lessonId: 'backstops-breakers',
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
  {
    ...base,
    id: 'cdai-ride-out-the-spike',
    lessonId: 'oracle-delay-osm',
    title: 'Ride out the Coinbase spike',
    brief:
      'On 26 November 2020 DAI traded briefly at about $1.30 on Coinbase Pro, the one venue Compound’s oracle read, and borrowers were liquidated for a price nobody else saw. Keep the collateral factor at 75% and the market-sale liquidation, change the oracle, and liquidate at most a quarter as many accounts as Compound’s 2020 design. Judged on hidden seeds; among designs that ride it out, the least delay (a shorter OSM hop) scores more: delay is what it costs.',
    status: 'ready',
    scenarioId: 'compound-dai-2020',
    baseDesignId: 'compound-2020-coinbase-oracle',
    hiddenSeeds: 3,
    constraints: [
      ltvAtLeast(0.75),
      ltvAtMost(0.75, 'the collateral factor stays'),
      { label: 'market-sale liquidation', field: 'liquidation.kind', op: 'eq', value: 'market-sale' },
    ],
    goals: [
      {
        label: 'accounts liquidated at most a quarter of Compound 2020’s on the same seed',
        measure: { of: 'run', metric: 'accounts-liquidated' },
        op: '<=',
        baselineFactor: 0.25,
      },
    ],
    efficiency: {
      label: 'oracle delay (OSM hop, seconds; shorter is better)',
      quantity: { field: 'oracle.transform.hopSeconds' },
      worst: 7200,
      best: 300,
    },
  },
  {
    ...base,
    id: 'bt-no-zero-bids',
    lessonId: 'auctions-keepers',
    title: 'Auctions nobody wins for nothing',
    brief:
      'Black Thursday with its keepers as they were — the same bots, gas caps, capital and zero-bid opportunists: design the liquidation so that no auction is won at a zero bid and bad debt stays under 0.5% of debt, at an allowed loan-to-value of at least two thirds. Judged on hidden seeds; a higher allowed LTV scores more.',
    status: 'ready',
    scenarioId: 'black-thursday-2020',
    baseDesignId: 'maker-2020-flip',
    hiddenSeeds: 3,
    constraints: [ltvAtLeast(2 / 3), ...keepersAsTheyWere],
    goals: [
      {
        label: 'no zero-bid auction',
        measure: { of: 'run', metric: 'zero-bid-auctions' },
        op: '<=',
        value: 0,
      },
      {
        label: 'bad debt under 0.5% of debt',
        measure: { of: 'run', metric: 'bad-debt-pct-of-debt' },
        op: '<',
        value: 0.5,
      },
    ],
    efficiency: { ...ltv, worst: 2 / 3 },
  },
  {
    ...base,
    id: 'steth-sell-less-to-pool',
    lessonId: 'same-asset-cliffs',
    title: 'Sell less into a draining pool',
    brief:
      'June 2022: stETH slips below its peg and looped positions reach the same threshold together, selling into the same thin pool. Keep Aave’s liquidation threshold (81%: do not move the cliff) and send at most half as much collateral to liquidation as Aave’s 2022 design, with no bad debt. Judged on hidden seeds; a threshold kept at 81% scores more than a stricter one.',
    status: 'ready',
    scenarioId: 'steth-discount-2022',
    baseDesignId: 'aave-v2-steth-2022',
    hiddenSeeds: 3,
    constraints: [ltvAtMost(0.81, 'the threshold stays')],
    goals: [
      {
        label: 'collateral liquidated at most half of Aave 2022’s on the same seed',
        measure: { of: 'run', metric: 'liquidated-usd' },
        op: '<=',
        baselineFactor: 0.5,
      },
      {
        label: 'bad debt under 0.1% of debt',
        measure: { of: 'run', metric: 'bad-debt-pct-of-debt' },
        op: '<',
        value: 0.1,
      },
    ],
    efficiency: { ...ltv, worst: 0.7, best: 0.81 },
  },
  {
    ...base,
    id: 'bto-hedge-gently',
    lessonId: 'gamma-hedging',
    title: 'Hedge without feeding the fall',
    brief:
      'Black Thursday with an options market on the same ETH venues. Dealers must stay hedged (no switching the hedging off), yet the forced flows should amplify the fall less than under the 2020 design. Choose how the dealers re-hedge (a delta band, or an interval) and anything else. Judged on hidden seeds; a tighter band (dealers closer to delta-neutral) scores more.',
    status: 'ready',
    scenarioId: 'black-thursday-options-2020',
    baseDesignId: 'maker-2020-flip-deribit',
    hiddenSeeds: 2,
    constraints: [
      { label: 'dealers delta-hedge', field: 'options.dealerHedging', op: 'eq', value: true },
      {
        label: 'portfolio insurers follow their rule',
        field: 'options.insurersActive',
        op: 'eq',
        value: true,
      },
    ],
    goals: [
      {
        label: 'amplification at most 0.998 × the 2020 design’s on the same seed',
        measure: { of: 'run', metric: 'amplification' },
        op: '<=',
        baselineFactor: 0.998,
      },
    ],
    efficiency: {
      label: 'dealers’ delta band (fraction of option notional; tighter is better)',
      quantity: { field: 'options.hedging.bandDelta' },
      worst: 0.5,
      best: 0.05,
    },
  },
  {
    ...base,
    // Version 2: judged on the margin accounts' forced sales (v1's amplification goal could not be met).
    version: 2,
    id: 'bm87-tame-the-loop',
    lessonId: 'portfolio-insurance-1987',
    title: 'The reform after 1987',
    brief:
      'You cannot ban portfolio insurance: the insurers keep following their rule, and margin accounts keep at least the NYSE’s 25% maintenance. Change the market’s rules so that margin accounts are forced to sell at most three quarters as much into the fall of 19 October 1987 as under the rules of the day. (Try to shrink the fall itself too: with the insurers selling by their rule, no rule of the market modelled here takes a quarter off its amplification.) Judged on hidden seeds; among designs that do it, a shorter pause (if you use a circuit breaker) scores more.',
    status: 'ready',
    scenarioId: 'black-monday-1987',
    baseDesignId: 'reg-t-1987',
    hiddenSeeds: 2,
    constraints: [
      {
        label: 'portfolio insurers follow their rule',
        field: 'options.insurersActive',
        op: 'eq',
        value: true,
      },
      ltvAtMost(0.75, 'maintenance margin at least 25%'),
    ],
    goals: [
      {
        label: 'margin liquidations at most 0.75 × the rules of the day’s on the same seed',
        measure: { of: 'run', metric: 'liquidated-usd' },
        op: '<=',
        baselineFactor: 0.75,
      },
    ],
    efficiency: {
      label: 'circuit-breaker pause (seconds; shorter is better)',
      quantity: { field: 'modifiers.circuitBreaker.durationSeconds' },
      worst: 14_400,
      best: 1800,
    },
  },
];

export const BUILTIN_CHALLENGES: ReadonlyMap<string, Challenge> = builtinsById(
  challenges,
  parseChallenge,
  'builtin challenge',
);
