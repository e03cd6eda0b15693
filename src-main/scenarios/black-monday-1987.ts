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
import { readTable, sessionBars } from './data-files.ts';
import spxDailyCsv from './data/1987-10-19-black-monday/sp500_gspc_daily_1987-10-01_to_1987-10-30.csv?raw';

const DAILY_CSV =
  'S&P 500 daily OHLC (Yahoo Finance ^GSPC, https://finance.yahoo.com/quote/%5EGSPC/history, via https://github.com/andrew-j-millward/GSPC-Backtest-Utility)';
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
const GABAIX_KOIJEN =
  'X. Gabaix and R. Koijen, "In Search of the Origins of Financial Fluctuations: The Inelastic Markets Hypothesis" (NBER WP 28967, 2021), https://www.nber.org/papers/w28967';
const BARRONS_REGT =
  'Barron\'s, "Your New Uncle Harry", https://www.barrons.com/articles/SB959987992440581579';

/** DJIA close on Friday 16 October 1987, the base of the day's intraday point moves. */
export const DJIA_CLOSE_1987_10_16 = 2246.74;
/** S&P 500 closes either side of Black Monday (daily CSV). */
const SPX_CLOSE_10_16 = 282.7;
const SPX_CLOSE_10_14 = 305.23;
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

/** NYSE session in UTC while New York was on daylight time (until 25 October 1987): 09:30–16:00 EDT. */
const OPEN_UTC = '13:30';
const CLOSE_UTC = '20:00';

/** S&P 500 daily bars of October 1987, each spanning its session (src-main/scenarios/data/1987-10-19-black-monday). */
export const SPX_DAILY_BARS = sessionBars(
  readTable('sp500_gspc_daily_1987-10-01_to_1987-10-30.csv', spxDailyCsv),
  OPEN_UTC,
  CLOSE_UTC,
);

/**
 * Intraday knots inside the daily bars, UTC. 19 October: the DJIA's published path scaled to the S&P
 * (spxFromDowLoss). 20 October: the day's high (CSV) in the morning rally and its low (CSV) "shortly
 * after noon" (Siegel); both times assumed.
 */
export const SPX_KNOTS = pointsAt([
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
  // 20 October: the high in the morning rally (10:30 EDT assumed), the low after noon (12:30 assumed).
  ['1987-10-20T14:30:00Z', 245.62],
  ['1987-10-20T16:30:00Z', 216.46],
]);

/** Trading sessions of the scenario's days (one bar per session). */
const sessionsOf = (bars: readonly (readonly number[])[]): [number, number][] =>
  bars.map((b) => [b[0]!, b[0]! + b[1]!]);

/** Monday 19 October 1987, the open: the window holds no weekend (the market was shut on the 17th–18th). */
const START = '1987-10-19T13:30:00Z';
const END = '1987-10-21T20:00:00Z';
const WINDOW_BARS = SPX_DAILY_BARS.filter(([t]) => t >= epochSeconds(START) && t < epochSeconds(END));
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
    rule: {
      kind: 'synthetic-put',
      // Struck 30% below the 14 Oct close (305.23) for one year from that close; the window opens on
      // 19 Oct at 282.70, so the fraction and the horizon are restated from there (same put).
      strikeFraction: (0.7 * SPX_CLOSE_10_14) / SPX_CLOSE_10_16,
      horizonDays: 365 - (epochSeconds(START) - epochSeconds('1987-10-14T20:00:00Z')) / 86_400,
      assumedVol: 0.2,
    },
    rebalanceBand: 0.005,
    rebalanceIntervalSeconds: 1800,
    // Brady: ~$4 B of futures + ~$2 B of stock sold on 19 Oct over a 6.5-hour session ≈ $77 M per
    // 5-minute step (at the scenario's default step).
    maxSaleUsdPerSecond: 80e6 / 300,
  },
};

export const blackMonday1987: Scenario = {
  id: 'black-monday-1987',
  version: 2,
  title: 'Black Monday — S&P 500 and portfolio insurance, 19 October 1987',
  dateLabel: '1987-10-19',
  summary:
    'After a week of falls, the S&P 500 lost 20.5% on Monday 19 October 1987, the largest one-day fall in its history. Portfolio insurers, replicating protective puts with Black–Scholes, sold index futures and stocks into a falling market; futures traded far below the index, arbitrage broke down, and the models kept calling for sales the market could not take.',
  lesson:
    'A hedge that sells as prices fall is a liquidation engine in disguise: when everyone runs the same rule, the insurance creates the crash it insures against, and the market cannot deliver the prices the models assumed.',
  startTime: START,
  endTime: END,
  defaultStepSeconds: 300,
  assets: [
    {
      id: 'SPX',
      observed: {
        source: `${DAILY_CSV}: daily OHLC bars, one per NYSE session (09:30–16:00 EDT = 13:30–20:00 UTC); intraday knots on 19 Oct from the DJIA path published by CNNfn and AOL (scaled to the S&P’s own day fall), and the 20 Oct high and low at assumed times. Closed outside the sessions.`,
        resolutionSeconds: 900,
        points: SPX_KNOTS,
        bars: WINDOW_BARS,
        sessions: sessionsOf(WINDOW_BARS),
      },
      venues: [
        // Assumed: NYSE stocks and CME S&P 500 futures as one composite venue. $2 B per 1% is of the
        // order of the inelastic-markets estimate (Gabaix & Koijen: a flow of 1% of the market's value
        // moves it ~5%, ~$5.6 B per 1% of a $2.8 T market, long-run), taken lower intraday. The first
        // assumption, $400 M, made the backed-out fundamental RISE while the index fell 23%.
        {
          name: 'NYSE + CME (composite)',
          impact: 'linear',
          depthUsd: 2_000_000_000,
          permanentFraction: 0.6,
          transientHalfLifeSeconds: 3600,
          stress: { elasticity: 2, floor: 0.3 },
        },
      ],
      arbitrage: { gapHalfLifeSeconds: null, capitalUsdPerSecond: 0, halfCapacityGasGwei: 1 },
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
    txPerSecond: 100 / 300,
    kicksPerSecond: 100 / 300,
    restockDelaySeconds: 0,
    maxTakeUsd: 1e9,
    gasUnitsPerTx: 1,
  },
  historicalDesignId: 'reg-t-1987',
  market: { kind: 'traditional', liquidators: 'brokers’ margin desks' },
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
  validation: {
    targets: [
      {
        id: 'insurance-sold-19-oct',
        figure: 'Portfolio-insurance sales on 19 October',
        published: '~$2 B of NYSE stock and ~$4 B of futures (~$6 B)',
        source: BRADY_SUMMARY,
        measure: { kind: 'insurance-sold', from: '1987-10-19T13:30:00Z', to: '1987-10-19T20:00:00Z' },
        value: 6e9,
        pass: { kind: 'factor', factor: 1.5 },
        status: 'fitted',
        ifMissed:
          'the insurers’ strike, horizon and assumed volatility, and the execution cap ($80 M per 5 minutes), were chosen so that the rule sells about this much on 19 October.',
      },
    ],
    fitted: [
      {
        parameter:
          'derivatives.insurers.rule (synthetic put 30% below the 14 Oct close, one year, 20% vol) and maxSaleUsdPerSecond ($80 M per 5 minutes)',
        value: 'strike 213.66, 360 days, 20%; $80 M per 5 minutes',
        fittedTo: 'the Brady Report’s ~$6 B sold on 19 October and ~$12 B more called for',
      },
    ],
    uncertain: [
      {
        kind: 'depth',
        low: 0.5,
        high: 2,
        why: 'No intraday depth of the 1987 market is published: $1 B to $4 B per 1% around the assumed $2 B (the inelastic-markets estimate gives ~$5.6 B per 1% in the long run).',
      },
      {
        kind: 'collateral-ratios',
        low: 0.8,
        high: 1.2,
        why: 'Margin accounts’ equity ratios in October 1987 are not published: the histogram’s distances above 100% scaled by 0.8–1.2.',
      },
    ],
  },
  assumptions: [
    'The S&P 500 intraday path on 19 Oct is the DJIA’s published path scaled to the S&P’s own day fall (20.47% vs 22.61%); the hours of the DJIA knots given as "soon after the opening bell" (09:45) or "shortly after 3:00" (15:05) and of the 20 Oct high (10:30) and low (12:30) are assumed.',
    'The window opens on Monday 19 October: the insurers start at the position their rule asks for at the open, so a backlog left from Friday is not carried in.',
    'Insurers’ futures sales are treated as sales of the index itself (no futures basis): the 7% opening discount and the 22% discount of 20 Oct are reported, not simulated.',
    'The option writers’ and dealers’ sizes are illustrative, not data; the implied-vol parameters are model choices, compared with the VXO closes in the published figures.',
    'The lending population stands for broker margin accounts under Reg T 50% initial margin and 25% maintenance; its debt total and ratio histogram are assumptions.',
    'Depth: the first assumption ($400 M per 1%) made the backed-out fundamental rise while the index fell; $2 B per 1% is of the order of the inelastic-markets estimate (Gabaix & Koijen, “In Search of the Origins of Financial Fluctuations”, 2021: ~5% per 1% of market value, ~$5.6 B per 1% of the $2.8 T market, long-run), taken lower intraday, and gives a fundamental that falls with the index.',
  ],
  limits: [
    'No intraday S&P 500 data was found: 19 Oct has 7 knots from DJIA reports, 20 Oct its high and low at assumed hours; inside each session the path goes through the day’s open, high, low and close and the knots, and the steps between are a seeded bridge within the day’s range.',
    'The market is closed overnight (and the window, Monday to Wednesday, holds no weekend): the price holds at the close and the next session opens with its gap. Nothing trades while it is closed: no liquidation, no insurer’s or dealer’s sale, and the responses to margin calls that fall due at night wait for the open. The transient part of a session’s impact still decays overnight (time passes), so the backed-out fundamental moves a little while the price is held.',
    'The Brady Report figures are taken from a secondary summary; page numbers in the report are unverified.',
    'The futures/cash split, the futures discount, NYSE DOT order-routing delays and late openings of stocks (a third of the Dow unopened for nearly an hour) are not modelled.',
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
    BARRONS_REGT,
    GABAIX_KOIJEN,
  ],
};
