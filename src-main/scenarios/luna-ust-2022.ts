/**
 * LUNA/UST collapse, 7–13 May 2022, through its lending channel: Anchor Protocol borrowers of UST
 * against bLUNA (bonded LUNA). UST lost its peg, LUNA was minted to defend it and fell from ~$73 to
 * fractions of a cent in six days, and Anchor liquidated over $1 B of collateral, three quarters of
 * it LUNA. Price path: Binance LUNA/USDT 1-minute klines from 7 May to the halt of trading at 00:40 UTC
 * on 13 May (src-main/scenarios/data/2022-05-luna-ust).
 */
import type { Scenario } from '../engine/scenario.ts';
import { lazyKlineBars, lowestLow } from './data-files.ts';
import { once } from '../engine/lazy-map.ts';
import lunaMinuteCsv from './data/2022-05-luna-ust/binance_lunausdt_1m_official_2022-05-07_to_2022-05-13.csv?raw';
import btcFiveMinuteCsv from './data/2022-05-luna-ust/binance_btcusdt_5m_freqtrade_2022-05-07_to_2022-05-13.csv?raw';

const START = '2022-05-07T00:00:00Z';
/** Binance halted LUNA/USDT at 00:40 UTC on 13 May: the last bar is 00:39. */
const HALT = '2022-05-13T00:40:00Z';
const BINANCE_LUNA =
  'Binance LUNA/USDT 1-minute klines, Binance public data archive https://data.binance.vision (spot monthly klines LUNAUSDT-1m-2022-05)';

/** LUNA/USDT 1-minute bars, 7 May 00:00 → 13 May 00:39 UTC (parsed on first use). */
export const lunaBars = lazyKlineBars(
  'binance_lunausdt_1m_official_2022-05-07_to_2022-05-13.csv',
  lunaMinuteCsv,
  60,
  Date.parse(START) / 1000,
  Date.parse(HALT) / 1000,
);
const lunaLow = once(() => lowestLow(lunaBars()));
const BINANCE_BTC =
  'Binance spot BTC/USDT 5-minute klines (https://www.binance.com, via freqtrade: https://github.com/MoonEyes/freqtrade)';
/**
 * BTC/USDT 5-minute bars over the same window: the asset the Luna Foundation Guard held its reserve
 * in. Context only: no account holds it and LFG's sales are not simulated (it moves as observed).
 */
export const btcBars2022_05 = lazyKlineBars(
  'binance_btcusdt_5m_freqtrade_2022-05-07_to_2022-05-13.csv',
  btcFiveMinuteCsv,
  300,
  Date.parse(START) / 1000,
  Date.parse(HALT) / 1000,
);
const btcLow = once(() => lowestLow(btcBars2022_05()));
const at = (t: number) => new Date(t * 1000).toISOString().slice(0, 16).replace('T', ' ');

const THE_BLOCK_VIA_BITPUSH = 'The Block data, reported at https://en.bitpush.news/articles/4227348';
const COINDESK_0511 =
  'CoinDesk 2022-05-11 (updated 12:30 UTC), https://www.coindesk.com/markets/2022/05/11/terras-luna-drops-to-under-8-after-90-weekly-plunge/';
const NEWSLANES =
  'https://newslanes.com/2022/05/12/terra-luna-what-happened-to-luna-will-it-bounce-back/ (2022-05-12)';
const CRYPTOMATON =
  'https://cryptomaton.medium.com/terra-luna-and-ust-latest-updates-1b10d04fed6f (2022-05-13)';

export const lunaUst2022: Scenario = {
  id: 'luna-ust-2022',
  version: 3,
  title: 'LUNA/UST collapse — Anchor bLUNA loans, 7–13 May 2022',
  dateLabel: '2022-05-07',
  summary:
    'UST lost its dollar peg on 7 May; holders fled Anchor, LUNA was minted to absorb UST and fell from ~$73 to $0.0001 within a week. Anchor borrowers who had drawn UST against bLUNA were liquidated into a collapsing market: The Block counted $1.048 B of collateral liquidated on Anchor between 7 and 12 May, over $750 M of it LUNA.',
  lesson:
    'Collateral whose value depends on the health of the system that lends against it fails exactly when it is needed: liquidations cannot outrun a reflexive collapse, and the debt is left unbacked.',
  startTime: START,
  endTime: HALT,
  defaultStepSeconds: 60,
  assets: [
    {
      id: 'LUNA',
      observed: {
        get source() {
          return `${BINANCE_LUNA}: 1-minute OHLC bars to the halt of trading at 00:40 UTC on 13 May; low ${lunaLow().low} USDT.`;
        },
        resolutionSeconds: 60,
        points: [],
        get bars() {
          return lunaBars();
        },
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
      arbitrage: { gapHalfLifeSeconds: 60, capitalUsdPerSecond: 5_000_000 / 60, halfCapacityGasGwei: 1e6 },
    },
    {
      // Context: the asset of the Luna Foundation Guard's reserve. No account holds it and no flow
      // of the model reaches it, so it moves exactly as observed.
      id: 'BTC',
      observed: {
        get source() {
          return `${BINANCE_BTC}: 5-minute OHLC bars; low ${btcLow().low} at ${at(btcLow().t)} UTC. Shown for context (the Luna Foundation Guard held its reserve in BTC); its sales are not simulated.`;
        },
        resolutionSeconds: 300,
        points: [],
        get bars() {
          return btcBars2022_05();
        },
      },
      venues: [
        // Assumed: aggregate centralised-exchange BTC books (no flow of this scenario reaches them).
        {
          name: 'BTC books',
          impact: 'sqrt',
          depthUsd: 50_000_000,
          permanentFraction: 0.5,
          transientHalfLifeSeconds: 1800,
          stress: { elasticity: 1, floor: 0.5 },
        },
      ],
      arbitrage: { gapHalfLifeSeconds: 60, capitalUsdPerSecond: 5_000_000 / 60, halfCapacityGasGwei: 1e6 },
    },
  ],
  gas: {
    source:
      'Terra transaction fees are not modelled: a constant placeholder level that no cap reaches, priced at ~0.',
    points: [[Date.parse(START) / 1000, 1]],
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
    // 10 per 5 minutes (2 a minute), as first assumed at a 300 s step.
    txPerSecond: 2 / 60,
    kicksPerSecond: 2 / 60,
    restockDelaySeconds: 300,
    maxTakeUsd: 50_000_000,
    gasUnitsPerTx: 1,
  },
  historicalDesignId: 'anchor-2022-bluna',
  market: { kind: 'on-chain', liquidators: 'liquidation-queue bidders', gas: false },
  published: [
    {
      figure: 'Collateral liquidated on Anchor, 7–12 May',
      value: '$1.048 B: LUNA over $750 M, AVAX $261 M, the rest ETH, SOL and ATOM',
      source: THE_BLOCK_VIA_BITPUSH,
    },
    { figure: 'LUNA on 9 May', value: '$63 → $35', source: THE_BLOCK_VIA_BITPUSH },
    { figure: 'LUNA early on 11 May', value: '$17.38', source: NEWSLANES },
    { figure: 'LUNA low during Asian hours, 11 May', value: '$7.62', source: COINDESK_0511 },
    { figure: 'LUNA at 12:30 UTC, 11 May', value: 'almost $1.30', source: COINDESK_0511 },
    { figure: 'LUNA on 13 May', value: '$0.0001', source: CRYPTOMATON },
    {
      figure: 'Binance LUNA/USDT low before the halt (00:40 UTC, 13 May)',
      get value() {
        return `${lunaLow().low} USDT`;
      },
      source: BINANCE_LUNA,
    },
    {
      figure: 'Binance BTC/USDT low in the window',
      get value() {
        return `${btcLow().low} USDT at ${at(btcLow().t)} UTC`;
      },
      source: BINANCE_BTC,
    },
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
      source: 'https://wiki.defillama.com/wiki/LUNA_Collapse_in_May_2022',
    },
    {
      figure: 'LFG reserves on 7 May',
      value: '80,394 BTC, 39,914 BNB, 26.3 M USDT, 23.6 M USDC, 1.97 M AVAX',
      source: 'LFG thread, quoted at https://www.fxstreet.com (2022-05-16) and https://gadgets360.com',
    },
  ],
  validation: {
    targets: [
      {
        id: 'liquidations-before-9-may',
        figure: 'Anchor’s LUNA liquidations came as LUNA collapsed on 9–12 May, not on 7 May',
        published:
          'liquidated 7–12 May (The Block); on Binance LUNA stayed above $59 until 9 May, within a quarter of its 7 May high, and Anchor loans (60% max LTV) need a fall of 40% or more from where they were drawn',
        source: `${THE_BLOCK_VIA_BITPUSH}; ${BINANCE_LUNA}`,
        measure: { kind: 'liquidated-share', from: START, to: '2022-05-09T00:00:00Z' },
        value: 0.1,
        pass: { kind: 'at-most' },
        status: 'evidence',
        ifMissed:
          'Accounts drawn close to Anchor’s 60% limit are liquidated by the 7–8 May dip: the collateral-ratio histogram (assumed) puts too many there.',
      },
      {
        id: 'liquidated-value',
        figure: 'LUNA collateral liquidated on Anchor, 7–12 May',
        published: 'over $750 M',
        source: THE_BLOCK_VIA_BITPUSH,
        measure: { kind: 'liquidated-value' },
        value: 750_000_000,
        pass: { kind: 'factor', factor: 2 },
        status: 'fitted',
        ifMissed:
          'The population’s debt total was set from this figure, so the liquidated value follows it by construction.',
      },
    ],
    fitted: [
      {
        parameter: 'population.totalDebtUsd',
        value: '750 M UST',
        fittedTo: 'LUNA liquidations on Anchor of over $750 M (The Block)',
      },
    ],
    uncertain: [
      {
        kind: 'depth',
        low: 0.5,
        high: 2,
        why: 'No LUNA order-book depth for May 2022 was found: half to twice the assumed $20 M per 1% on CEX books and $1 M in Terra pools.',
      },
      {
        kind: 'collateral-ratios',
        low: 0.8,
        high: 1.2,
        why: 'No per-loan Anchor data was used: the histogram’s distances above 100% scaled by 0.8–1.2.',
      },
    ],
  },
  assumptions: [
    'bLUNA is priced as LUNA on Binance; the liquidation queue is a market sale of the whole debt at a 5% premium to bidders (the queue’s premium slots are not modelled).',
    'Called borrowers who top up do so with LUNA they hold outside, which is falling too.',
  ],
  get limits() {
    return [
      'UST debt is taken at $1 throughout: the engine has no depegging debt asset. UST traded down to $0.20–0.22, so borrowers’ real debt shrank; losses in dollars are overstated for borrowers and for lenders alike.',
      'The engine’s LUNA path is exogenous: the mint-and-burn reflexivity between UST redemptions and LUNA supply, and LFG’s BTC sales, are not simulated.',
      `BTC/USDT is shown beside LUNA as observed context (the asset of LFG’s reserve; low ${btcLow().low} at ${at(btcLow().t)} UTC): no account holds it and no simulated flow moves it, so its replayed path is the data’s.`,
      'Only bLUNA collateral is modelled; bETH, AVAX, SOL and ATOM collateral (about a quarter of Anchor’s liquidations) is not.',
      'The Terra chain halts of 12–13 May are not modelled (their times were not verified); the window ends when Binance halted LUNA.',
      'Inside each 1-minute bar (merged into longer bars when the step is coarser than 15 s) the path goes through the open, high, low and close; the order of the high and the low inside a bar is a convention, and the steps between are a seeded bridge within the bar’s range.',
    ];
  },
  sources: [
    BINANCE_LUNA,
    BINANCE_BTC,
    THE_BLOCK_VIA_BITPUSH,
    COINDESK_0511,
    NEWSLANES,
    CRYPTOMATON,
    'https://wiki.defillama.com/wiki/LUNA_Collapse_in_May_2022',
  ],
};
