/**
 * October 10–11, 2025: the perpetual-futures cascade, through a Hyperliquid-like BTC perpetual.
 *
 * After the 100% tariff announcement (14:57 UTC) BTC drifted down from its $122,574 high; at
 * 20:50 UTC a liquidation cascade began that closed $6.93B of positions in 40 minutes across
 * venues, $3.21B of it in the single minute from 21:15 UTC, with order-book depth down about 98% at
 * the worst point. BTC touched $104,782. On Hyperliquid, liquidations overwhelmed the book and the
 * backstop, and the exchange auto-deleveraged profitable positions for the first time in more than
 * two years: the first ADL fill came 61.7 s after the first liquidation fill of the 21:15 burst
 * (shared/data/2025-10-10-crash).
 *
 * Price path: no October 2025 BTC series was found (crash-figures.md §8), so the path is authored
 * from published figures — the day's high, the cascade start, the peak minute and the low — with
 * one-minute knots through the cascade and coarser ones before and after (resolution 60 s; the
 * engine bridges between knots). Every placement in time that is not a published figure is stated in
 * `assumptions`.
 */
import type { Scenario } from '../engine/scenario.ts';
import { pointsAt } from './scenario-support.ts';

const DATA = 'shared/data/2025-10-10-crash';
const TIMING_FILE = `${DATA}/hyperliquid_cascade_timing_2025-10-10.json`;
const ADL_BY_USER = `${DATA}/hyperliquid_adl_by_user_2025-10-10.csv`;
const ADL_BY_COIN = `${DATA}/hyperliquid_adl_by_coin_2025-10-10.csv`;
const AMBERDATA =
  'https://blog.amberdata.io/how-3.21b-vanished-in-60-seconds-october-2025-crypto-crash-explained-through-7-charts';
const AMBERDATA_QUOTED =
  'https://generallink.top/ar/square/post/292165153256930 (quoting Amberdata and CoinGlass)';
const COINGLASS_HL = 'https://www.binance.bh/en-AE/square/post/30850840862433 (quoting CoinGlass)';
const CRASH_FIGURES = 'shared/design/reference/crash-figures.md §8; shared/design/reference/anchors.md §3.8';

/** BTC's high before the crash and its low in the cascade (Amberdata, CoinShares), USD. */
export const BTC_HIGH_2025_10_10 = 122_574;
export const BTC_LOW_2025_10_10 = 104_782;
/** Share of Hyperliquid's liquidated notional that was long positions (CoinGlass, 4-hour window). */
export const HYPERLIQUID_LONG_SHARE = 0.9109;

/**
 * Authored BTC path (UTC). Published: the high (placed at 14:30, before the 14:57 announcement),
 * "< $119k" after the announcement, the cascade start at 20:50, the cross-venue peak minute from
 * 21:15, the low (placed at 21:20, inside the Hyperliquid ADL window 21:15–21:27), the ~$110–112k
 * recovery. Inside 21:15–21:20 the minute-by-minute fall follows the recorded Hyperliquid fills (few
 * in the first minute, then four busy minutes; shared/data/2025-10-10-crash, cascade timing). The
 * levels between published points are interpolated by hand (assumption).
 */
export const BTC_PATH_2025_10_10: readonly (readonly [string, number])[] = [
  ['2025-10-10T14:30:00Z', BTC_HIGH_2025_10_10],
  ['2025-10-10T15:00:00Z', 122_000],
  ['2025-10-10T16:00:00Z', 120_800],
  ['2025-10-10T17:00:00Z', 119_600],
  ['2025-10-10T18:00:00Z', 118_800],
  ['2025-10-10T19:00:00Z', 118_400],
  ['2025-10-10T20:00:00Z', 117_600],
  ['2025-10-10T20:30:00Z', 117_000],
  ['2025-10-10T20:50:00Z', 116_400],
  ['2025-10-10T20:55:00Z', 115_600],
  ['2025-10-10T21:00:00Z', 114_700],
  ['2025-10-10T21:05:00Z', 113_600],
  ['2025-10-10T21:10:00Z', 112_400],
  ['2025-10-10T21:13:00Z', 111_600],
  ['2025-10-10T21:14:00Z', 111_300],
  ['2025-10-10T21:15:00Z', 111_000],
  ['2025-10-10T21:16:00Z', 110_500],
  ['2025-10-10T21:17:00Z', 108_700],
  ['2025-10-10T21:18:00Z', 107_500],
  ['2025-10-10T21:19:00Z', 106_400],
  ['2025-10-10T21:20:00Z', BTC_LOW_2025_10_10],
  ['2025-10-10T21:21:00Z', 105_200],
  ['2025-10-10T21:22:00Z', 105_800],
  ['2025-10-10T21:25:00Z', 106_600],
  ['2025-10-10T21:30:00Z', 107_400],
  ['2025-10-10T21:40:00Z', 108_600],
  ['2025-10-10T22:00:00Z', 110_200],
  ['2025-10-10T22:30:00Z', 111_000],
  ['2025-10-10T23:00:00Z', 111_600],
];

export const october2025: Scenario = {
  id: 'october-2025',
  version: 1,
  title: 'October 10–11, 2025: the perp cascade',
  dateLabel: '2025-10-10',
  summary:
    'A tariff headline at 14:57 UTC, a slow afternoon slide, then at 20:50 UTC the largest liquidation cascade crypto had seen: $19.1B closed across venues in 24 hours, $3.21B of it in the minute from 21:15, with order books about 98% thinner at the worst point. On Hyperliquid, $9.3B was liquidated in four hours, 91% of it longs; liquidations swamped the book and the backstop, and the exchange auto-deleveraged profitable traders for the first time in more than two years.',
  lesson:
    'On a perpetual exchange the last line of defence is the other side of the trade: once the book is empty and the backstop is spent, the winners are closed to pay for the losers — and how fast that point comes depends on how thin the book gets, not on how far the price falls.',
  startTime: '2025-10-10T14:30:00Z',
  endTime: '2025-10-10T23:00:00Z',
  defaultStepSeconds: 3,
  assets: [
    {
      id: 'BTC',
      observed: {
        source: `Authored from published figures (no October 2025 BTC series was found; ${CRASH_FIGURES}): high $122,574 and low $104,782 (Amberdata via ${AMBERDATA_QUOTED}), cascade start 20:50 UTC and peak minute 21:15 UTC (${AMBERDATA}). One-minute knots through the cascade, coarser before and after; resolution 60 s. Levels between the published points are assumptions.`,
        resolutionSeconds: 60,
        points: pointsAt(BTC_PATH_2025_10_10),
      },
      venues: [
        // The BTC market Hyperliquid's mark follows and its liquidations sell into (one venue).
        {
          name: 'BTC books',
          impact: 'sqrt',
          depthUsd: 20_000_000,
          permanentFraction: 0.05,
          transientHalfLifeSeconds: 30,
          stress: { elasticity: 10, floor: 0.02 },
        },
      ],
      arbitrage: { fractionPerStep: 0.5, capitalUsdPerStep: 2_000_000, halfCapacityGasGwei: 1000 },
    },
  ],
  gas: {
    source:
      'Irrelevant for an exchange-run liquidation engine: a flat 1 gwei at a nominal $1 token (assumed).',
    points: [[Date.parse('2025-10-10T14:30:00Z') / 1000, 1]],
    tokenPriceUsd: 1,
  },
  oracleOutages: [],
  population: {
    asset: 'BTC',
    defaultAccounts: 4000,
    // Longs of leverage L are held at collateral ratio L/(L−1) (numeraire margin).
    totalDebtUsd: 2_500_000_000,
    collateralRatioBins: [
      { from: 40 / 39, to: 20 / 19, weight: 10 }, // 20–40×
      { from: 20 / 19, to: 10 / 9, weight: 18 }, // 10–20×
      { from: 10 / 9, to: 5 / 4, weight: 27 }, // 5–10×
      { from: 5 / 4, to: 3 / 2, weight: 22 }, // 3–5×
      { from: 3 / 2, to: 3, weight: 23 }, // 1.5–3×
    ],
    debtParetoAlpha: 1.1,
    whales: [],
    response: {
      topUp: 0.2,
      deleverage: 0.1,
      medianDelayMinutes: 10,
      delaySigma: 1,
      reserveMedianRatio: 0.03,
      gasCapMedianGwei: 1000,
      gasCapSigma: 0,
      targetRatio: 1.1,
      patienceMinutes: 60,
    },
    perps: {
      marginAsset: 'numeraire',
      marginMode: 'cross',
      shorts: {
        accountsPerLong: 1,
        leverageBins: [
          { from: 1, to: 1.35, weight: 75.3 },
          { from: 1.35, to: 3.3, weight: 9.8 },
          { from: 3.3, to: 6.25, weight: 4.3 },
          { from: 6.25, to: 22.7, weight: 3.7 },
          { from: 22.7, to: 40, weight: 6.9 },
        ],
        sizeParetoAlpha: 1.1,
      },
    },
  },
  keepers: {
    // The exchange's own liquidation engine needs no keepers; the block is required by the schema.
    count: 0,
    capitalUsd: 0,
    gasCapMedianGwei: 1000,
    gasCapSigma: 0,
    marginMin: 0,
    marginMax: 0,
    lowballers: 0,
    lowballerGasCapGwei: 1000,
    txPerStep: 1,
    kicksPerStep: 1,
    restockDelaySeconds: 0,
    maxTakeUsd: 1,
    gasUnitsPerTx: 1,
  },
  historicalDesignId: 'hyperliquid-2025',
  published: [
    {
      figure: 'Liquidations across venues, 24 hours',
      value: '$19.13B; 1,618,240 traders',
      source: COINGLASS_HL,
    },
    {
      figure: 'Cascade: start, 40-minute total, peak minute',
      value: '20:50 UTC; $6.93B in 40 min; $3.21B in 60 s at 21:15 UTC',
      source: AMBERDATA,
    },
    {
      figure: 'Order-book depth at the worst point',
      value: 'down about 98%',
      source: `${AMBERDATA}; shared/design/reference/anchors.md §3.8`,
    },
    {
      figure: 'BTC high before and low in the crash',
      value: `$${BTC_HIGH_2025_10_10.toLocaleString('en-US')} → $${BTC_LOW_2025_10_10.toLocaleString('en-US')}`,
      source: `${AMBERDATA_QUOTED}; CoinShares $122.6k → $104.8k (anchors §3.8)`,
    },
    {
      figure: 'Hyperliquid liquidations, 4 hours; share longs',
      value: '$9.297B (55.42% of all venues); 91.09% longs ($8.469B)',
      source: COINGLASS_HL,
    },
    {
      figure: 'Hyperliquid liquidation fills, 21:15–21:27 UTC',
      value: '63,637 fills, $5.511B notional (incl. ADL fills)',
      source: `${TIMING_FILE}; ${CRASH_FIGURES}`,
    },
    {
      figure: 'Hyperliquid ADL, 21:15–21:27 UTC',
      value: '34,983 fills, $2.103B notional, 19,337 users, 162 tickers; BTC $620.9M from 2,081 users',
      source: `${ADL_BY_USER}; ${ADL_BY_COIN}; https://www.tektonic.company/blog/hyperliquid-adl-cascade-october-10`,
    },
    {
      figure: 'First ADL after the first liquidation of the 21:15 burst',
      value: '61.7 s (21:15:03 → 21:16:04 UTC)',
      source: TIMING_FILE,
    },
    {
      figure: 'First cross-margin ADL on Hyperliquid',
      value: 'first in more than 2 years of operation',
      source: 'https://web3.ouchyi.blue/nl/discover/post/57484884932608 (Hyperliquid statement, translated)',
    },
    {
      figure: 'HLP vault during the crash',
      value: 'about $40M profit (>10% in a day); TVL about $300M in October 2025',
      source:
        'https://kappalab.webflow.io/insights/hlp-vs-llp-how-perpetual-dex-vaults-performed-in-the-20b-crypto-crash-october-2025 ; http://bitchainhorizon.com/understanding-hyperliquids-hlp-vault',
    },
    {
      figure: 'BTC 1% order-book depth across major venues before the crash',
      value: 'about $20M (CoinDesk Research)',
      source:
        'https://quickfeed.io/article/crypto-liquidity-remains-hollow-after-october-crash-risking-sharp-price-swings',
    },
  ],
  assumptions: [
    'Price path authored from published points (high, “< $119k” after the announcement, cascade start, peak minute, low); the high is placed at 14:30 UTC and the low at 21:20 UTC. Inside 21:15–21:20 the per-minute fall (−0.5%, −1.6%, −1.1%, −1.0%, −1.7%) is placed so that the fall is small in the first minute of the recorded Hyperliquid window and spread over the next four, as the recorded fills are (1% of the window’s fills in 21:15:03–21:16:03, then 27%, 20%, 16%, 26%); the cross-venue peak minute (Amberdata, 21:15) starts the window.',
    'One market: Hyperliquid-like BTC perpetual. Longs are the generated accounts; their leverage at the 14:30 start is a histogram from 1.5× to the 40× maximum (10% at 20–40×, 18% at 10–20×, 27% at 5–10×, 22% at 3–5×, 23% at 1.5–3× by count; assumed — the liquidation-fill file that would give it was not copied), encoded as collateral ratio L/(L−1) for USDC margin.',
    'Cross margin (the data record cross-margin ADL): each long’s free balance backs the position from the start, a log-normal share of the notional with median 3% (assumed); a liquidation takes all of it.',
    'Population: 4,000 longs (the default; each stands for several traders), $2.5B of USDC borrowed before cross-margin balances, about $3.5B of long notional at the start (assumed, of the order of Hyperliquid BTC open interest before the crash; not verified); position sizes Pareto α = 1.1 so that many positions are under the 100k USDC partial-close size, as most real ones are.',
    'Shorts hold as many BTC as the longs, one short account per long. Their leverage bins are derived from the ADL’d users’ realtime leverage in hyperliquid_adl_by_user_2025-10-10.csv (75% below 1×, 10% 1–2×, 4% 2–3×, 4% 3–5×, 7% above 5×, by count), converted back to leverage at entry through a 13% fall: L₀ = 1/((1 − 0.13)/L_rt − 0.13), i.e. ≤1×→1–1.35×, 1–2×→1.35–3.3×, 2–3×→3.3–6.25×, 3–5×→6.25–22.7×, >5×→22.7–40×.',
    'Short sizes Pareto with α = 1.1, the heaviest tail the schema allows: the ADL’d users’ account values (median $941, 90th percentile $43.7k, 99th $1.67M) imply α ≈ 0.4.',
    'One venue, the BTC market Hyperliquid’s mark follows and its liquidations sell into: $20M per 1% before the crash (CoinDesk Research: BTC 1% depth about $20M across major venues in early October); square-root impact with 5% permanent (a deep, resilient market: most of the fall is exogenous), 30 s transient half-life (assumed).',
    'Stress thinning: depth × max(0.02, 1 − 10 × drawdown of F from its running peak): the floor is the published “down about 98% at the worst point”; the calibrated F falls about 10%, so the floor is reached near the low (tuned to that figure, not fitted to book data).',
    'Called longs: 20% would top up (their free balance is already in the account under cross margin, so this adds nothing), 10% deleverage by selling, after a median 10 minutes (assumed; most calls in the cascade cannot be answered in time).',
    'Tuned, with the reasons: the historical design’s backstop vault’s risk limit ($20M of BTC held at once) and nominal $1k fund (hyperliquid-2025) are sized so that the backstop is full in the steepest minutes and the first ADL comes about a minute into the recorded window (61.7 s in the file) — without a limit the vault absorbs every BTC loss and nothing is auto-deleveraged, because the losses that saturated Hyperliquid’s vaults came mostly from other markets; the depth and its floor are the published figures; the per-minute placement of the fall is described above.',
    'Gas is irrelevant: flat 1 gwei at a nominal $1; keepers are not used by an exchange’s own liquidation engine.',
  ],
  limits: [
    'No BTC price series for October 2025 was available: the path is authored, so the timing of liquidations follows the authored knots, and the bridge between knots adds seeded noise.',
    'One market (BTC) stands for the whole exchange: the published $9.3B Hyperliquid and $19.1B cross-venue totals include ETH, SOL and 150+ altcoins (BTC was $620.9M of the $2.1B ADL notional), so simulated totals are compared as shapes and orders of magnitude only.',
    'Counts are not fills: the timing file counts fills (one liquidation or ADL produces many), the engine counts positions closed, partial closes and ADL’d positions per step; shape comparisons use shares of each total, not levels.',
    'Funding, the mark price’s blend of CEX and book prices, cross-margin contagion from other positions, and the liquidator vault’s own ADL (95% of ADL fills were against the HLP and liquidator vaults) are not modelled; the insurance-fund buffer and the vault stand in for them.',
    'ADL onset comes later in the fall than recorded (about 1 minute later): in the data 1% of the window’s fills precede the first ADL, in the simulation about 40% of the positions reached do. Hyperliquid’s first ADL at 21:16:04 followed vault losses across many markets; in one market the backstop runs out only when BTC losses reach it.',
    'Calibration attributes the part of the fall the venue’s impact explains to the simulated flows (amplification about 1.4 on the default seed); with one venue standing for the whole BTC market this mixes Hyperliquid’s liquidations with the rest of the market’s.',
    'Shorts all enter at the start price, so a rebound below that price cannot liquidate them: the simulated long share of liquidations is near 100% against the published 91%.',
    'ADL in the engine closes a long against shorts at the long’s bankruptcy price; Hyperliquid closed at the previous oracle price, which the academic estimate says over-haircut winners by $45–52M (arXiv 2512.01112).',
  ],
  sources: [
    `${DATA} (Hyperliquid ADL aggregates and per-second cascade timing, from ConejoCapital/HyperMultiAssetedADL @79bad0fa; see shared/data/SOURCES.md)`,
    AMBERDATA,
    COINGLASS_HL,
    CRASH_FIGURES,
    'https://www.tektonic.company/blog/hyperliquid-adl-cascade-october-10',
  ],
};
