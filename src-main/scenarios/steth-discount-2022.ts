/**
 * The stETH discount of June 2022 (Celsius, Three Arrows Capital), through its lending channel:
 * Aave v2 borrowers of ETH against stETH, the leveraged staking loop. stETH could not be redeemed
 * before the Merge; the Curve pool that was its exit drained, and stETH traded at a discount to ETH
 * that peaked near 8% in the week Celsius froze withdrawals.
 *
 * Engine fit: the numeraire of this scenario is ETH. The asset is stETH priced in ETH and debts are
 * in ETH, so ETH/USD moves cancel out of every collateral ratio. No stETH/ETH series was found: the
 * path is authored from dated published figures.
 */
import type { Scenario } from '../engine/scenario.ts';
import { pointsAt } from './scenario-support.ts';

const NANSEN = 'Nansen, https://nansen.ai/research/on-chain-forensics-demystifying-steth-depeg';
const COINDESK_0713 =
  'CoinDesk 2022-07-13, https://www.coindesk.com/markets/2022/07/13/wobble-in-steth-price-shows-fear-celsius-might-dump-435m-stake/';
const BRED =
  'https://bred-finance.medium.com/potential-consequences-of-steth-price-action-928405db2265 (2022-06-10)';
const FORKLOG =
  'https://forklog.com/en/news/since-early-may-the-largest-steth-liquidity-pool-has-shrunk-sevenfold';

/** Celsius's stETH (Nansen, via ForkLog); its ETH debt against it on Aave is not published (assumed). */
const CELSIUS_STETH = 409_000;

/** stETH/ETH, UTC; hours within the day assumed. */
export const STETH_ETH_POINTS = pointsAt([
  // "its current price of 0.96 ETH" (10 June).
  ['2022-06-10T12:00:00Z', 0.96],
  // Low of 0.94 on 11 June (Nansen summary).
  ['2022-06-11T12:00:00Z', 0.94],
  // Record discount of ~8% "during the week when Celsius suspended withdrawals and Three Arrows
  // Capital blew up" (Celsius paused on 12 June); the day is assumed.
  ['2022-06-15T12:00:00Z', 0.92],
]);

/** Collateral ratio of the Celsius account at the first observed price, for an assumed 200,000 ETH of debt. */
const CELSIUS_DEBT_ETH = 200_000;

export const stethDiscount2022: Scenario = {
  id: 'steth-discount-2022',
  version: 2,
  title: 'stETH discount — Aave stETH loops, Celsius and 3AC, June 2022',
  dateLabel: '2022-06-10',
  summary:
    'After Terra fell, large holders left the Curve stETH/ETH pool, stETH’s only liquid exit before the Merge. stETH slid to a discount against ETH — 0.96 on 10 June, 0.94 on 11 June, a record ~8% in the week Celsius froze withdrawals and Three Arrows Capital failed. Aave accounts that had looped stETH against borrowed ETH moved toward liquidation on a discount, not on an ETH price move.',
  lesson:
    'A “pegged” collateral is only as pegged as its exit liquidity: when the exit drains, a small discount is enough to liquidate leveraged loops into the same thin pool.',
  startTime: '2022-06-10T00:00:00Z',
  endTime: '2022-06-17T00:00:00Z',
  defaultStepSeconds: 300,
  assets: [
    {
      id: 'stETH',
      observed: {
        source:
          'stETH/ETH from dated published figures: 0.96 on 06-10 (Bred Finance), 0.94 on 06-11 (Nansen), ~0.92 (the record 8% discount) in the week from 06-12 (CoinDesk). Resolution about one to four days; hours within the day assumed; straight in log price between the points and held after the last.',
        resolutionSeconds: 86_400,
        points: STETH_ETH_POINTS,
      },
      venues: [
        // Assumed: the Curve stETH/ETH pool (~$1.2 B, skewed 76/24 to stETH on 06-10), in ETH per 1%.
        {
          name: 'Curve stETH/ETH',
          impact: 'linear',
          depthUsd: 40_000,
          permanentFraction: 0.8,
          transientHalfLifeSeconds: 21_600,
          stress: { elasticity: 5, floor: 0.3 },
        },
        // Assumed: centralised exchanges and other pools, in ETH per 1%.
        {
          name: 'CEX and other pools',
          impact: 'linear',
          depthUsd: 5_000,
          permanentFraction: 0.8,
          transientHalfLifeSeconds: 7200,
          stress: { elasticity: 5, floor: 0.3 },
        },
      ],
      arbitrage: {
        gapHalfLifeSeconds: 932 /* was 20% per 300 s step */,
        capitalUsdPerSecond: 5_000 / 300,
        halfCapacityGasGwei: 100,
      },
    },
  ],
  gas: {
    source:
      'Assumed profile (no gas series found): 40 gwei, rising to 120 gwei around the Celsius freeze; gas is paid in ETH, the numeraire.',
    points: pointsAt([
      ['2022-06-10T00:00:00Z', 40],
      ['2022-06-13T00:00:00Z', 120],
      ['2022-06-15T00:00:00Z', 80],
      ['2022-06-17T00:00:00Z', 40],
    ]),
    tokenPriceUsd: 1,
  },
  oracleOutages: [],
  population: {
    asset: 'stETH',
    defaultAccounts: 2000,
    // Assumed: 500,000 ETH borrowed against stETH on Aave (Bred Finance reports ~$2.5 B of stETH collateral there).
    totalDebtUsd: 500_000,
    // Assumed: loopers near the 69% max LTV (145%); liquidation below 123.5%.
    collateralRatioBins: [
      { from: 1.24, to: 1.3, weight: 10 },
      { from: 1.3, to: 1.45, weight: 25 },
      { from: 1.45, to: 1.7, weight: 25 },
      { from: 1.7, to: 2.2, weight: 20 },
      { from: 2.2, to: 4.0, weight: 20 },
    ],
    debtParetoAlpha: 1.3,
    whales: [
      {
        label: 'Celsius (~409,000 stETH; ETH debt assumed)',
        debtUsd: CELSIUS_DEBT_ETH,
        collateralRatio: (CELSIUS_STETH * 0.96) / CELSIUS_DEBT_ETH,
      },
    ],
    response: {
      topUp: 0.4,
      deleverage: 0.2,
      medianDelayMinutes: 120,
      delaySigma: 1,
      reserveMedianRatio: 0.2,
      gasCapMedianGwei: 100,
      gasCapSigma: 0.6,
      targetRatio: 1.5,
      patienceMinutes: 720,
    },
  },
  keepers: {
    // Assumed: liquidation bots holding ETH, slow to turn stETH back into ETH through the thin pool.
    count: 15,
    capitalUsd: 20_000,
    gasCapMedianGwei: 150,
    gasCapSigma: 0.6,
    marginMin: 0.01,
    marginMax: 0.05,
    lowballers: 0,
    lowballerGasCapGwei: 1000,
    txPerSecond: 3 / 300,
    kicksPerSecond: 10 / 300,
    restockDelaySeconds: 3600,
    maxTakeUsd: 20_000,
    gasUnitsPerTx: 600_000,
  },
  historicalDesignId: 'aave-v2-steth-2022',
  units: { numeraire: 'ETH', priceDisplay: 'direct', priceLabel: 'stETH price (ETH)' },
  market: { kind: 'on-chain', liquidators: 'liquidation bots' },
  published: [
    { figure: 'stETH/ETH on 10 June', value: '0.96', source: BRED },
    {
      figure: 'stETH/ETH low on 11 June',
      value: '0.94',
      source: 'Nansen summary, via https://www.chaincatcher.com/en/article/2075943',
    },
    {
      figure: 'Record stETH discount',
      value: '~8%, in the week Celsius suspended withdrawals and Three Arrows Capital failed',
      source: COINDESK_0713,
    },
    {
      figure: 'Curve stETH pool during the Terra collapse (7–16 May)',
      value: 'lost more than half its TVL; Three Arrows Capital and Celsius withdrew ~$800 M combined',
      source: NANSEN,
    },
    {
      figure: 'Curve stETH/ETH pool value',
      value: '$4.5 B at the start of May → ~$620 M; discount over 6% at the time of writing',
      source: `${FORKLOG} (Dune Analytics data)`,
    },
    { figure: 'Celsius stETH holdings', value: 'at least 409,000 stETH', source: `Nansen, via ${FORKLOG}` },
    {
      figure: 'Celsius stETH position vs customer liabilities',
      value: '~$1.5 B against ~$1.2 B owed (unverified)',
      source:
        '@SmallCapScience, via https://coinscreed.com/lido-staked-ethereum-steth-price-falls-depegs-from-ethereum-trade-ratio.html',
    },
    { figure: 'stETH collateral on Aave', value: '~$2.5 B', source: BRED },
    {
      figure: 'Celsius repaid Aave and withdrew its stETH (12 July)',
      value: '416,000 stETH (~$435 M); discount 2.6% → 4%',
      source: COINDESK_0713,
    },
  ],
  validation: {
    targets: [],
    fitted: [],
    uncertain: [
      {
        kind: 'keeper-gas-cap',
        low: 60,
        high: 300,
        why: 'Liquidation bots’ gas settings are not published (the range spans cautious to aggressive bots of 2022).',
      },
      {
        kind: 'depth',
        low: 0.5,
        high: 2,
        why: 'The Curve pool’s depth in ETH per 1% near a 6–8% discount is not published (it needs the pool’s amplification and balances hour by hour): half to twice the assumed depth.',
      },
      {
        kind: 'collateral-ratios',
        low: 0.8,
        high: 1.2,
        why: 'No per-account Aave data was used: the histogram’s distances above 100% scaled by 0.8–1.2.',
      },
    ],
  },
  assumptions: [
    'The numeraire is ETH: the stETH price is in ETH and every debt is ETH borrowed on Aave; amounts are shown in ETH.',
    'Celsius’s ~409,000 stETH are one account against an assumed 200,000 ETH of debt (196% at 0.96).',
  ],
  limits: [
    'No stETH/ETH series was found, only three published points over a week: the path runs straight (in log price) between them and is held after 15 June, so it never goes below the lowest published figure (0.92) and invents no intraday moves. The record discount’s day is assumed.',
    'No published liquidation total for Aave’s stETH loans in June 2022 was found: the replay is checked only against the path (the validation has no outcome target).',
    'Celsius’s and Three Arrows Capital’s other positions (stablecoin debt against stETH, CeFi obligations) and their forced selling outside Aave are not modelled; Celsius’s ETH debt on Aave is assumed.',
    'ETH/USD fell sharply the same week; it does not enter stETH/ETH loans and is not modelled, but it drove the stablecoin-debt positions that are left out.',
    'The Chainlink stETH/ETH feed’s deviation threshold, heartbeat and latency are assumed.',
  ],
  sources: [
    NANSEN,
    COINDESK_0713,
    BRED,
    FORKLOG,
    'Nansen summary, via https://www.chaincatcher.com/en/article/2075943',
  ],
};
