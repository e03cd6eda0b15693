/**
 * Black Monday, 19 October 1987: the S&P 500 fell 20.5% in a day while portfolio insurers — funds
 * replicating a protective put by selling index futures and stocks as prices fell — sold into a
 * market that could not absorb them. This is the options layer's historical scenario: the cascade
 * runs through synthetic-put replication (insurers), index-option writers and short-gamma dealers,
 * not through on-chain loans.
 *
 * The derivatives side (OPTIONS_SPEC below: portfolio insurers, index-option writers and dealers)
 * is the scenario's `derivatives` field; the step loop runs it through engine/options/option-book.ts.
 *
 * Times: New York was on daylight time until 25 October 1987, so the session 09:30–16:00 EDT is
 * 13:30–20:00 UTC.
 */
import type { Scenario } from '../engine/scenario.ts';
import type { OptionsSpec } from '../engine/options/option-book.ts';
import { epochSeconds, pointsAt } from './scenario-support.ts';

const DAILY_CSV = 'shared/data/1987-10-19-black-monday/sp500_gspc_daily_1987-09-01_to_1987-11-30.csv';
const AOL =
  'AOL / The Motley Fool, "The Crash of the Century" (2013-10-19), https://www.aol.com/2013/10/19/the-crash-of-the-century/';
const CNN =
  'CNNfn, "The blackest of Mondays" (1997-10-13), https://money.cnn.com/1997/10/13/markets/crash_main/';
const BRADY_SUMMARY =
  'Report of the Presidential Task Force on Market Mechanisms (Brady Report, January 1988), as summarised at https://alexdenne.com/citations/brady-commission-1988 (report text: https://docslib.org/doc/11250650/report-of-the-presidential-task-force; page numbers unverified)';
const VXO =
  'CBOE, "25 Years Ago the VXO Index Topped 150" (2012-10-22), http://www.cboeoptionshub.com/2012/10/22/25-years-ago-the-vxo-index-topped-150-by-matt-moran-2012-10-22-7-32/';
const FIN_HISTORY =
  'D. B. Henriques, Financial History issue 124 (Winter 2018), https://fhmagazine.org/financial-history-issue-124-winter-2018/0695841001519735985/p26';
const SIEGEL =
  'J. Siegel, Stocks for the Long Run, ch. on the 1987 crash, https://issuhub.com/view/index?id=4264&pageIndex=298';
const TIME_1988 =
  'TIME, "The Culprits Behind the Crash?" (1988-01-25), http://softbeam.net/txt/time/Time1988/1988-01-25/966540.html';
const CITYROOM =
  'NYSE "Black Monday, 20 Years Later" fact sheet (2007), https://it.scribd.com/document/159932194/20071019-CITYROOM';
const BARRONS_REGT =
  'Barron\'s, "Your New Uncle Harry", https://www.barrons.com/articles/SB959987992440581579';

/** DJIA close on Friday 16 October 1987, the base of the day's intraday point moves. */
export const DJIA_CLOSE_1987_10_16 = 2246.74;
/** S&P 500 closes either side of Black Monday (daily CSV). */
const SPX_CLOSE_10_16 = 282.7;
const SPX_CLOSE_10_19 = 224.84;

/**
 * Intraday S&P 500 on 19 October from the DJIA's published point losses: no intraday S&P series
 * was found, so the S&P is assumed to have fallen, at every moment, the same share of its day's
 * fall as the Dow had of its own (S&P −20.47% vs Dow −22.61% at the close).
 */
export function spxFromDowLoss(dowPointsDown: number): number {
  const dowDayFall = 508 / DJIA_CLOSE_1987_10_16;
  const spxDayFall = 1 - SPX_CLOSE_10_19 / SPX_CLOSE_10_16;
  const fall = (dowPointsDown / DJIA_CLOSE_1987_10_16) * (spxDayFall / dowDayFall);
  return Math.round(SPX_CLOSE_10_16 * (1 - fall) * 100) / 100;
}

/**
 * S&P 500 knots, UTC. Opens (13:30) and closes (20:00) are the daily CSV's; the 19 October
 * intraday knots come from the Dow's published path (sources in `published`); the 20 October low
 * is the CSV's, placed at 12:30 EDT (Siegel: the market fell below Monday's close "shortly after
 * noon"; time assumed).
 */
export const SPX_POINTS = holdWhileClosed(
  pointsAt([
    ['1987-10-14T20:00:00Z', 305.23],
    ['1987-10-15T13:30:00Z', 305.21],
    ['1987-10-15T20:00:00Z', 298.08],
    ['1987-10-16T13:30:00Z', 298.08],
    ['1987-10-16T20:00:00Z', 282.7],
    ['1987-10-19T13:30:00Z', 282.7],
    // 09:45 EDT: "the Dow falling 200 points soon after the opening bell" (CNN).
    ['1987-10-19T13:45:00Z', spxFromDowLoss(200)],
    // 10:00: "by 10 a.m., the index had crept back up above 2,100" (CNN) → about −147.
    ['1987-10-19T14:00:00Z', spxFromDowLoss(DJIA_CLOSE_1987_10_16 - 2100)],
    // 11:00: "By 11 a.m., the Dow had already lost 250 points" (AOL).
    ['1987-10-19T15:00:00Z', spxFromDowLoss(250)],
    // Noon: "reclaiming 150 points of its initial decline by noon" (AOL) → −100.
    ['1987-10-19T16:00:00Z', spxFromDowLoss(100)],
    // 12:30: "the Dow fell back to a 175-point loss" (AOL).
    ['1987-10-19T16:30:00Z', spxFromDowLoss(175)],
    // 14:05: "new lows, nearly 300 points below the prior day's closing value" (AOL).
    ['1987-10-19T18:05:00Z', spxFromDowLoss(300)],
    // "Shortly after 3:00, the Dow crashed past a loss of 350 points" (AOL).
    ['1987-10-19T19:05:00Z', spxFromDowLoss(350)],
    ['1987-10-19T20:00:00Z', 224.84],
    ['1987-10-20T13:30:00Z', 225.06],
    ['1987-10-20T16:30:00Z', 216.46],
    ['1987-10-20T20:00:00Z', 236.83],
    ['1987-10-21T13:30:00Z', 236.83],
    ['1987-10-21T20:00:00Z', 258.38],
  ]),
);

/**
 * The exchange is closed between a close (20:00 UTC) and the next open: hourly knots hold the last
 * close, so the engine's Brownian bridge (which fills between knots with the path's own volatility)
 * does not invent overnight and weekend moves.
 */
function holdWhileClosed(points: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (let k = 0; k < points.length; k++) {
    const [t, p] = points[k]!;
    out.push([t, p]);
    const next = points[k + 1];
    if (next === undefined || new Date(t * 1000).getUTCHours() !== 20) continue;
    for (let h = t + 3600; h < next[0]; h += 3600) out.push([h, p]);
  }
  return out;
}

const START = '1987-10-14T20:00:00Z';
/** Days from the start to a date's 16:00 EDT (option expiries: third Fridays, settled at the close). */
const daysTo = (iso: string) => (epochSeconds(iso) - epochSeconds(START)) / 86_400;

/**
 * The derivatives side of the day: portfolio insurers, index-option writers and dealers. Typed by
 * OptionsSpecSchema (engine/options/option-book.ts); the insurers are calibrated to the Brady
 * Report's figures, the rest are assumptions stated in the scenario.
 */
export const OPTIONS_SPEC: OptionsSpec = {
  asset: 'SPX',
  // Assumed: short-term US rates of about 6.5–7% in October 1987.
  riskFreeRate: 0.065,
  iv: {
    // VXO (30-day OEX implied vol) closed at 27.86 on 15 Oct and 36.37 on 16 Oct, 150.19 on 19 Oct.
    baseVol: 0.25,
    // Pre-crash index smiles were nearly flat; the steep put skew is a post-1987 phenomenon.
    skew: 0.05,
    // Realised vol of the bridged hourly path runs near 50% on quiet days: that is the calm level, and
    // IV adds 0.3 points per point above it (both assumed; the replay reports IV against the VXO).
    stressBeta: 0.3,
    calmVol: 0.5,
    realisedHalfLifeSeconds: 4 * 3600,
    // Hourly returns: the 5-minute path between the authored intraday knots is bridged, and its
    // step-level noise is not market volatility (per-step returns put calm IV near 100%).
    returnIntervalSeconds: 3600,
    relaxHalfLifeSeconds: 2 * 86_400,
    termPower: 0.3,
    floor: 0.08,
    cap: 2,
  },
  writers: {
    // Assumed: naked index-put writing by individuals and small funds (OEX/SPX), ~$0.6 B notional.
    count: 5_000,
    totalUnits: 2_000_000,
    sizeParetoAlpha: 1.6,
    strikeBins: [
      { from: 0.85, to: 0.95, weight: 2 },
      { from: 0.95, to: 1.02, weight: 1 },
    ],
    strikeStep: 5 / 305,
    // November (20 Nov) and December (18 Dec) series; October's expired on Friday 16 October.
    expiries: [
      { days: daysTo('1987-11-20T21:00:00Z'), weight: 2 },
      { days: daysTo('1987-12-18T21:00:00Z'), weight: 1 },
    ],
    putShare: 0.7,
    nakedShare: 0.6,
    collateral: 'stable',
    initialMarginMultiple: 1.4,
    marginMultipleSigma: 0.3,
  },
  dealers: {
    // Assumed: option market makers net short November puts bought as crash protection.
    gamma: 'short',
    units: 3_000_000,
    right: 'put',
    strikes: [
      { moneyness: 0.9, weight: 1 },
      { moneyness: 0.95, weight: 1 },
    ],
    expiryDays: daysTo('1987-11-20T21:00:00Z'),
    hedgePolicy: { kind: 'interval', seconds: 1800 },
  },
  insurers: {
    // 30 programmes sharing ~$80 B of insured assets (TIME; Brady: $60–90 B).
    count: 30,
    insuredUsd: 80e9,
    // Calibrated (see assumptions): a one-year synthetic put struck 30% below the 14 Oct close at
    // an assumed 20% vol asks for sales on 19 Oct of the order of the Brady figures (~$6 B done,
    // ~$12 B more called for); black-monday-1987.test.ts checks the order of magnitude.
    rule: { kind: 'synthetic-put', strikeFraction: 0.7, horizonDays: 365, assumedVol: 0.2 },
    rebalanceBand: 0.005,
    rebalanceIntervalSeconds: 1800,
    // Brady: ~$4 B of futures + ~$2 B of stock sold on 19 Oct over a 6.5-hour session ≈ $77 M per
    // 5-minute step (at the scenario's default step).
    maxSaleUsdPerStep: 80e6,
  },
};

export const blackMonday1987: Scenario = {
  id: 'black-monday-1987',
  version: 1,
  title: 'Black Monday — S&P 500 and portfolio insurance, 19 October 1987',
  dateLabel: '1987-10-19',
  summary:
    'After a week of falls, the S&P 500 lost 20.5% on Monday 19 October 1987, the largest one-day fall in its history. Portfolio insurers, replicating protective puts with Black–Scholes, sold index futures and stocks into a falling market; futures traded far below the index, arbitrage broke down, and the models kept calling for sales the market could not take.',
  lesson:
    'A hedge that sells as prices fall is a liquidation engine in disguise: when everyone runs the same rule, the insurance creates the crash it insures against, and the market cannot deliver the prices the models assumed.',
  startTime: START,
  endTime: '1987-10-21T20:00:00Z',
  defaultStepSeconds: 300,
  assets: [
    {
      id: 'SPX',
      observed: {
        source:
          'S&P 500 daily resolution opens, closes and lows (Yahoo ^GSPC via andrew-j-millward/GSPC-Backtest-Utility); intraday knots on 19 Oct derived from the DJIA path published by CNNfn and AOL (S&P scaled to its own day fall).',
        resolutionSeconds: 900,
        points: SPX_POINTS,
      },
      venues: [
        // Assumed: NYSE stocks and CME S&P 500 futures as one composite venue; index units.
        {
          name: 'NYSE + CME (composite)',
          impact: 'linear',
          depthUsd: 400_000_000,
          permanentFraction: 0.6,
          transientHalfLifeSeconds: 3600,
          stress: { elasticity: 2, floor: 0.3 },
        },
      ],
      arbitrage: { fractionPerStep: 0, capitalUsdPerStep: 0, halfCapacityGasGwei: 1 },
    },
  ],
  gas: {
    source: 'No blockchain in 1987: a nominal constant that never gates anyone.',
    points: [[epochSeconds(START), 1]],
    tokenPriceUsd: 1e-9,
  },
  oracleOutages: [],
  derivatives: OPTIONS_SPEC,
  population: {
    // Assumed: broker margin accounts (Reg T 50% initial margin; 25% maintenance equity → liquidation
    // below a 1.33 collateral ratio), ~$40 B of margin debt.
    asset: 'SPX',
    defaultAccounts: 5_000,
    totalDebtUsd: 40e9,
    collateralRatioBins: [
      { from: 1.4, to: 1.6, weight: 2 },
      { from: 1.6, to: 2.0, weight: 5 },
      { from: 2.0, to: 3.0, weight: 8 },
      { from: 3.0, to: 6.0, weight: 6 },
    ],
    debtParetoAlpha: 1.5,
    whales: [],
    response: {
      topUp: 0.55,
      deleverage: 0.25,
      medianDelayMinutes: 240,
      delaySigma: 0.8,
      reserveMedianRatio: 0.3,
      gasCapMedianGwei: 1_000,
      gasCapSigma: 0,
      targetRatio: 2,
      patienceMinutes: 1_440,
    },
  },
  keepers: {
    // Brokers' margin desks sell out accounts themselves: many, well funded, never gas-gated.
    count: 50,
    capitalUsd: 1e9,
    gasCapMedianGwei: 1_000,
    gasCapSigma: 0,
    marginMin: 0,
    marginMax: 0.01,
    lowballers: 0,
    lowballerGasCapGwei: 1_000,
    txPerStep: 100,
    kicksPerStep: 100,
    restockDelaySeconds: 0,
    maxTakeUsd: 1e9,
    gasUnitsPerTx: 1,
  },
  historicalDesignId: 'reg-t-1987',
  published: [
    { figure: 'S&P 500, 19 Oct 1987', value: '282.70 → 224.84 (−20.47%)', source: DAILY_CSV },
    { figure: 'S&P 500 daily change, 19 Oct 1987', value: '−20.5%', source: VXO },
    {
      figure: 'DJIA, 19 Oct 1987',
      value: '−508 points (−22.6%) to 1,738.74 from 2,246.74',
      source: `${CNN}; ${CITYROOM}`,
    },
    {
      figure: 'NYSE volume, 19 Oct 1987',
      value: '604.3 M shares (1987 average to date 181.5 M)',
      source: CITYROOM,
    },
    {
      figure: 'Portfolio-insurance sales, 19 Oct',
      value:
        '~$2 B of NYSE stock by three insurers and ~$4 B of futures equivalent (>40% of futures volume); models called for ~$12 B more',
      source: BRADY_SUMMARY,
    },
    {
      figure: 'Assets under portfolio insurance',
      value: '$60–90 B (Brady); ~$80 B (TIME)',
      source: `${BRADY_SUMMARY}; ${TIME_1988}`,
    },
    {
      figure: 'Opening of 19 Oct',
      value:
        'S&P futures −7% on the first trade; insurers sold >3,000 contracts in the first 30 minutes; Dow −208 in the first 90 minutes',
      source: FIN_HISTORY,
    },
    {
      figure: 'Intraday DJIA path, 19 Oct',
      value:
        '−250 by 11:00; −100 by noon; −175 at 12:30; about −300 at 14:05; past −350 shortly after 15:00; −508 at the close',
      source: AOL,
    },
    {
      figure: 'VXO (30-day OEX implied vol), closes',
      value: '27.86 (15 Oct), 36.37 (16 Oct), 150.19 (19 Oct), 140.00 (20 Oct), 73.91 (21 Oct)',
      source: VXO,
    },
    {
      figure: 'S&P futures discount, 20 Oct',
      value:
        'futures fell to 181, ~40 points (22%) below the index; 16 Oct close: December futures 6 points (~3%) under spot',
      source: SIEGEL,
    },
    { figure: 'Reg T initial margin on stocks', value: '50% since 1974', source: BARRONS_REGT },
  ],
  assumptions: [
    'The S&P 500 intraday path on 19 Oct is the DJIA’s published path scaled to the S&P’s own day fall (20.47% vs 22.61%); the hours of the 20 Oct low (12:30 EDT) and of the DJIA knots given as "soon after the opening bell" (09:45) or "shortly after 3:00" (15:05) are assumed.',
    'Overnight and over the weekend the price is held flat at the last close by hourly knots (the source’s opens mostly equal the previous close, an artefact of that era’s data); without them the engine’s Brownian bridge would invent moves while the exchange was shut.',
    'Portfolio insurers: 30 programmes, $80 B insured, replicating a one-year put struck 30% below the 14 Oct close at an assumed 20% vol, each rebalancing at most every 30 minutes (staggered) beyond a 0.5% gap. Strike, horizon and vol are calibrated so that, on the observed path, the rule sells $4–8 B on 19 Oct and leaves $6–24 B unsold at the close — the Brady Report’s ~$6 B done and ~$12 B more called for; execution is capped at $80 M per 5-minute step (~$6 B per session), which leaves the rest as a reported backlog.',
    'Insurers’ futures sales are treated as sales of the index itself (no futures basis): the 7% opening discount and the 22% discount of 20 Oct are reported, not simulated.',
    'Index-option writers (5,000 accounts, 2 M index units of mostly November puts struck 5–15% out of the money, 60% naked, cash collateral at 1.4× the per-position charge) and short-gamma dealers (3 M units of November puts at 90% and 95%, re-hedged every 30 minutes) are illustrative sizes, not data.',
    'Implied vol: calm level 25% (between the VXO’s 27.86 of 15 Oct and lower pre-October levels), nearly flat skew, rising with realised vol above 20% at β = 0.6 and relaxing with a 2-day half-life; these are model choices, to be compared with the VXO closes in `published`.',
    'The lending population stands for broker margin accounts: $40 B of margin debt with a Reg T 50% initial margin and a 25% maintenance requirement; the debt total and the ratio histogram are assumptions.',
    'NYSE stocks and CME futures are one composite venue with $400 M per 1% of depth that thins to 30% of itself under stress; impact 60% permanent. Assumed; the historical replay calibrates F so the observed path is reproduced whatever the depth.',
  ],
  limits: [
    'No intraday S&P 500 data was found: the 19 Oct path has 8 knots from DJIA reports, the other days only opens, closes and the 20 Oct low; within a session the engine fills between knots with a seeded Brownian bridge, so simulated intraday lows can undershoot the published ones.',
    'The Brady Report figures are taken from a secondary summary; page numbers in the report are unverified.',
    'The futures/cash split, the futures discount, NYSE DOT order-routing delays and late openings of stocks (a third of the Dow unopened for nearly an hour) are not modelled.',
    'The historical design (reg-t-1987) models margin accounts as one population of leveraged index holders under Reg T / NYSE maintenance rules, sold out at market; specialists, program-trading arbitrage and the futures discount to cash are not modelled (insurers’ futures sales are treated as sales of the index).',
    'Specialists, index arbitrageurs and value buyers appear only through the venue’s depth and resilience.',
  ],
  sources: [
    DAILY_CSV,
    BRADY_SUMMARY,
    AOL,
    CNN,
    VXO,
    FIN_HISTORY,
    SIEGEL,
    TIME_1988,
    CITYROOM,
    'shared/design/reference/crash-figures.md §9',
  ],
};
