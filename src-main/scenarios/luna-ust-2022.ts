/**
 * LUNA/UST collapse, 7–13 May 2022, through its lending channel: Anchor Protocol borrowers of UST
 * against bLUNA (bonded LUNA). UST lost its peg, LUNA was minted to defend it and fell from ~$73 to
 * fractions of a cent in six days, and Anchor liquidated over $1 B of collateral, three quarters of
 * it LUNA. No LUNA or UST price series was found: the path is authored from dated published prices.
 */
import type { Scenario } from '../engine/scenario.ts';
import { pointsAt } from './scenario-support.ts';

const THE_BLOCK_VIA_BITPUSH = 'The Block data, reported at https://en.bitpush.news/articles/4227348';
const COINDESK_0511 =
  'CoinDesk 2022-05-11 (updated 12:30 UTC), https://www.coindesk.com/markets/2022/05/11/terras-luna-drops-to-under-8-after-90-weekly-plunge/';
const NEWSLANES =
  'https://newslanes.com/2022/05/12/terra-luna-what-happened-to-luna-will-it-bounce-back/ (2022-05-12)';
const CRYPTOMATON =
  'https://cryptomaton.medium.com/terra-luna-and-ust-latest-updates-1b10d04fed6f (2022-05-13)';

/**
 * LUNA/USD, UTC: every point is a published dated price; the hour within the day is assumed where
 * the source gives only the day ("early hours", "Asian hours", the article's date).
 */
export const LUNA_USD_POINTS = pointsAt([
  // "$73 to $0.83" over Anchor's liquidation period of 7–12 May.
  ['2022-05-07T00:00:00Z', 73],
  // "When LUNA went from $63 to $35 on May 9".
  ['2022-05-09T00:00:00Z', 63],
  ['2022-05-10T00:00:00Z', 35],
  // "$17.38 in the early hours" of 11 May (hour assumed).
  ['2022-05-11T02:00:00Z', 17.38],
  // Low of $7.62 "during Asian hours" on 11 May (hour assumed).
  ['2022-05-11T04:00:00Z', 7.62],
  // "almost $1.30 at the time of writing", CoinDesk update of 12:30 UTC.
  ['2022-05-11T12:30:00Z', 1.3],
  // $0.02863 on 12 May (hour assumed).
  ['2022-05-12T12:00:00Z', 0.02863],
  // $0.0001 on 13 May (hour assumed).
  ['2022-05-13T12:00:00Z', 0.0001],
]);

export const lunaUst2022: Scenario = {
  id: 'luna-ust-2022',
  version: 1,
  title: 'LUNA/UST collapse — Anchor bLUNA loans, 7–13 May 2022',
  dateLabel: '2022-05-07',
  summary:
    'UST lost its dollar peg on 7 May; holders fled Anchor, LUNA was minted to absorb UST and fell from ~$73 to $0.0001 within a week. Anchor borrowers who had drawn UST against bLUNA were liquidated into a collapsing market: The Block counted $1.048 B of collateral liquidated on Anchor between 7 and 12 May, over $750 M of it LUNA.',
  lesson:
    'Collateral whose value depends on the health of the system that lends against it fails exactly when it is needed: liquidations cannot outrun a reflexive collapse, and the debt is left unbacked.',
  startTime: '2022-05-07T00:00:00Z',
  endTime: '2022-05-13T12:00:00Z',
  defaultStepSeconds: 300,
  assets: [
    {
      id: 'LUNA',
      observed: {
        source:
          'Dated published LUNA prices (The Block/bitpush, CoinDesk, newslanes, cryptomaton): about daily, intraday on 11 May; hours within a day assumed where the source gives only the day.',
        resolutionSeconds: 86_400,
        points: LUNA_USD_POINTS,
      },
      venues: [
        // Assumed: aggregate centralised-exchange books for LUNA.
        {
          name: 'CEX books',
          impact: 'sqrt',
          depthUsd: 20_000_000,
          permanentFraction: 0.6,
          transientHalfLifeSeconds: 1800,
          stress: { elasticity: 1, floor: 0.1 },
        },
        // Assumed: Terra on-chain pools (Terraswap/Astroport LUNA-UST).
        {
          name: 'Terra DEX pools',
          impact: 'cpmm',
          depthUsd: 1_000_000,
          permanentFraction: 1,
          transientHalfLifeSeconds: 3600,
          stress: { elasticity: 1, floor: 0.1 },
        },
      ],
      arbitrage: { fractionPerStep: 0.5, capitalUsdPerStep: 5_000_000, halfCapacityGasGwei: 1e6 },
    },
  ],
  gas: {
    source:
      'Terra transaction fees are not modelled: a constant placeholder level that no keeper cap reaches, priced at ~0.',
    points: pointsAt([['2022-05-07T00:00:00Z', 1]]),
    tokenPriceUsd: 1e-9,
  },
  oracleOutages: [],
  population: {
    asset: 'LUNA',
    defaultAccounts: 3000,
    // Assumed: ~750 M UST drawn against bLUNA (not verified; LUNA liquidations alone exceeded $750 M).
    totalDebtUsd: 750_000_000,
    // Assumed: Anchor's 60% LTV limit is a 167% collateral ratio; its UI encouraged staying well below.
    collateralRatioBins: [
      { from: 1.67, to: 1.9, weight: 10 },
      { from: 1.9, to: 2.2, weight: 15 },
      { from: 2.2, to: 2.6, weight: 20 },
      { from: 2.6, to: 3.2, weight: 20 },
      { from: 3.2, to: 4.5, weight: 20 },
      { from: 4.5, to: 8.0, weight: 15 },
    ],
    debtParetoAlpha: 1.3,
    whales: [],
    response: {
      topUp: 0.3,
      deleverage: 0.2,
      medianDelayMinutes: 60,
      delaySigma: 1,
      reserveMedianRatio: 0.2,
      gasCapMedianGwei: 1000,
      gasCapSigma: 0.1,
      targetRatio: 2.5,
      patienceMinutes: 600,
    },
  },
  keepers: {
    // Assumed: bidders in the Orca liquidation queue holding UST, acting whenever the premium pays.
    count: 30,
    capitalUsd: 20_000_000,
    gasCapMedianGwei: 1000,
    gasCapSigma: 0.1,
    marginMin: 0.005,
    marginMax: 0.04,
    lowballers: 0,
    lowballerGasCapGwei: 1000,
    txPerStep: 10,
    kicksPerStep: 10,
    restockDelaySeconds: 300,
    maxTakeUsd: 50_000_000,
    gasUnitsPerTx: 1,
  },
  historicalDesignId: 'anchor-2022-bluna',
  published: [
    {
      figure: 'Collateral liquidated on Anchor, 7–12 May',
      value: '$1.048 B: LUNA over $750 M, AVAX $261 M, the rest ETH, SOL and ATOM',
      source: THE_BLOCK_VIA_BITPUSH,
    },
    { figure: 'LUNA on 9 May', value: '$63 → $35', source: THE_BLOCK_VIA_BITPUSH },
    {
      figure: 'LUNA over the liquidation period',
      value: '$73 → $0.83',
      source: 'https://bitcoindynamic.com/news/anchor-lost-1-billion-during-ust-and-lunas-death-spiral/',
    },
    { figure: 'LUNA on 5 May', value: '~$85', source: NEWSLANES },
    { figure: 'LUNA early on 11 May', value: '$17.38', source: NEWSLANES },
    { figure: 'LUNA low during Asian hours, 11 May', value: '$7.62', source: COINDESK_0511 },
    { figure: 'LUNA at 12:30 UTC, 11 May', value: 'almost $1.30', source: COINDESK_0511 },
    { figure: 'LUNA on 12 May', value: '$0.02863', source: NEWSLANES },
    { figure: 'LUNA on 13 May', value: '$0.0001', source: CRYPTOMATON },
    {
      figure: 'UST low',
      value: '$0.22 (DefiLlama); $0.20 on 11 May and $0.037 on 13 May (cryptomaton)',
      source: `https://wiki.defillama.com/wiki/LUNA_Collapse_in_May_2022 ; ${CRYPTOMATON}`,
    },
    {
      figure: 'Anchor value locked',
      value: 'fell by $11 B in two days after peaking at $17 B a week earlier',
      source: COINDESK_0511,
    },
    {
      figure: 'Anchor deposit rate',
      value: '19.45% APY',
      source:
        'https://wiki.defillama.com/wiki/LUNA_Collapse_in_May_2022 (as cited in shared/design/reference/crash-figures.md §3)',
    },
    {
      figure: 'LFG reserves on 7 May',
      value: '80,394 BTC, 39,914 BNB, 26.3 M USDT, 23.6 M USDC, 1.97 M AVAX',
      source:
        'LFG thread quoted by FXStreet and Gadgets360 (as cited in shared/design/reference/crash-figures.md §3)',
    },
    {
      figure: 'Anchor bLUNA liquidations as a separate figure',
      value: 'unverified (not found)',
      source: 'shared/design/reference/crash-figures.md §3',
    },
  ],
  assumptions: [
    'About 750 M UST of debt against bLUNA over 3,000 accounts (Pareto sizes, α = 1.3), collateral ratios from the 167% limit upward (histogram assumed).',
    'bLUNA is priced as LUNA; the liquidation queue is a market sale of the whole debt at a 5% premium to bidders (the queue’s premium slots are not modelled).',
    'Called borrowers: 30% top up with LUNA they hold outside (which is falling too), 20% sell, the rest wait; median response one hour.',
    'Thirty queue bidders with 20 M UST each; Terra fees never block a transaction.',
    'Venue depths (CEX books $20 M per 1%, Terra pools $1 M) are assumptions; calibration makes the historical replay match the observed path whatever they are.',
  ],
  limits: [
    'UST debt is taken at $1 throughout: the engine has no depegging debt asset. UST traded down to $0.20–0.22, so borrowers’ real debt shrank; losses in dollars are overstated for borrowers and for lenders alike.',
    'The engine’s LUNA path is exogenous: the mint-and-burn reflexivity between UST redemptions and LUNA supply, and LFG’s BTC sales, are not simulated.',
    'Only bLUNA collateral is modelled; bETH, AVAX, SOL and ATOM collateral (about a quarter of Anchor’s liquidations) is not.',
    'The Terra chain halts of 12–13 May are not modelled (their times were not verified).',
    'The path has eight published points, about daily; between them a seeded Brownian bridge with the volatility of the points themselves fills in, which is wide for a collapse of this size.',
  ],
  sources: [
    THE_BLOCK_VIA_BITPUSH,
    COINDESK_0511,
    NEWSLANES,
    CRYPTOMATON,
    'shared/design/reference/crash-figures.md §3 and the sources it cites',
  ],
};
