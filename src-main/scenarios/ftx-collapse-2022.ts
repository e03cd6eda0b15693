/**
 * The FTX collapse, November 2022, through its lending channel: BTC-collateral stablecoin loans
 * (Aave v2 WBTC parameters). FTX halted withdrawals on 8 November and filed for bankruptcy on
 * 11 November; BTC fell from ~$21,000 to ~$15,500 in two days and FTT lost ~90%.
 *
 * Price path: Coinbase BTC-USD daily candles (shared/data/2022-11-ftx, from mathaszip/BTCprice
 * @34486739) — the open of 5 November, then each day's close at the following midnight, plus the
 * lows of the three crash days placed at noon (assumption). Resolution: daily.
 */
import type { Scenario } from '../engine/scenario.ts';
import { epochSeconds } from './scenario-support.ts';

/** Coinbase BTC-USD daily closes, 2022-11-05 … 2022-11-14 (each placed at the next 00:00 UTC). */
export const BTC_DAILY_CLOSE_2022_11: readonly (readonly [string, number])[] = [
  ['2022-11-05', 21300.45],
  ['2022-11-06', 20909.17],
  ['2022-11-07', 20593.49],
  ['2022-11-08', 18550.25],
  ['2022-11-09', 15891.96],
  ['2022-11-10', 17553.89],
  ['2022-11-11', 17013.62],
  ['2022-11-12', 16783.33],
  ['2022-11-13', 16301.39],
  ['2022-11-14', 16590.73],
];

/** Coinbase BTC-USD daily lows of the crash days (placed at 12:00 UTC of their day: assumption). */
export const BTC_DAILY_LOW_2022_11: readonly (readonly [string, number])[] = [
  ['2022-11-08', 17500.0],
  ['2022-11-09', 15512.0],
  ['2022-11-10', 15720.0],
];

/** Coinbase BTC-USD open of 2022-11-05. */
export const BTC_OPEN_2022_11_05 = 21149.03;

const DAY = 86_400;

function btcPoints(): [number, number][] {
  const pts: [number, number][] = [[epochSeconds('2022-11-05T00:00:00Z'), BTC_OPEN_2022_11_05]];
  for (const [day, close] of BTC_DAILY_CLOSE_2022_11)
    pts.push([epochSeconds(`${day}T00:00:00Z`) + DAY, close]);
  for (const [day, low] of BTC_DAILY_LOW_2022_11) pts.push([epochSeconds(`${day}T12:00:00Z`), low]);
  return pts.sort((a, b) => a[0] - b[0]);
}

const SHARED_FILE = 'shared/data/2022-11-ftx/coinbase_btcusd_daily_2022-11-01_to_2022-11-30.csv';
const CRASH_FIGURES = 'shared/design/reference/crash-figures.md §5';

export const ftxCollapse2022: Scenario = {
  id: 'ftx-collapse-2022',
  version: 1,
  title: 'FTX collapse — BTC-collateral loans, 5–15 November 2022',
  dateLabel: '2022-11-08',
  summary:
    'A run on FTX after reports on Alameda’s balance sheet: withdrawals halted on 8 November, bankruptcy followed on the 11th. BTC fell from ~$21,000 to a Coinbase low of $15,512 on the 9th, FTT lost ~90%, and lenders against crypto collateral liquidated into a market that had just lost its largest venue.',
  lesson:
    'Counterparty failure is a price shock too: the loans were sound on the 7th, and two daily candles later the collateral of many was not.',
  startTime: '2022-11-05T00:00:00Z',
  endTime: '2022-11-15T00:00:00Z',
  defaultStepSeconds: 300,
  assets: [
    {
      id: 'BTC',
      observed: {
        source: `Coinbase BTC-USD daily candles (${SHARED_FILE}): the 11-05 open, daily closes at the following midnight, and the lows of 11-08/09/10 placed at noon (assumption). Resolution: daily.`,
        resolutionSeconds: DAY,
        points: btcPoints(),
      },
      venues: [
        // Assumed: aggregate centralised-exchange books (FTX itself gone from the 8th).
        {
          name: 'CEX books',
          impact: 'sqrt',
          depthUsd: 30_000_000,
          permanentFraction: 0.5,
          transientHalfLifeSeconds: 1800,
          stress: { elasticity: 1.5, floor: 0.4 },
        },
        // Assumed: on-chain WBTC liquidity (Uniswap v3, Curve) where DeFi liquidators sell.
        {
          name: 'WBTC DEX pools',
          impact: 'cpmm',
          depthUsd: 1_000_000,
          permanentFraction: 1,
          transientHalfLifeSeconds: 3600,
          stress: { elasticity: 0.5, floor: 0.5 },
        },
      ],
      arbitrage: { fractionPerStep: 0.5, capitalUsdPerStep: 5_000_000, halfCapacityGasGwei: 150 },
    },
  ],
  gas: {
    source: 'Assumed constant 25 gwei (no gas series found); ETH taken at $1,300 to cost gas (assumed).',
    points: [[epochSeconds('2022-11-05T00:00:00Z'), 25]],
    tokenPriceUsd: 1300,
  },
  oracleOutages: [],
  population: {
    asset: 'BTC',
    defaultAccounts: 3000,
    // Assumed: 400 M of stablecoin debt against WBTC (not verified).
    totalDebtUsd: 400_000_000,
    // Assumed: liquidation below 133%; borrowers spread above it.
    collateralRatioBins: [
      { from: 1.34, to: 1.45, weight: 8 },
      { from: 1.45, to: 1.7, weight: 17 },
      { from: 1.7, to: 2.0, weight: 20 },
      { from: 2.0, to: 2.5, weight: 20 },
      { from: 2.5, to: 4.0, weight: 20 },
      { from: 4.0, to: 8.0, weight: 15 },
    ],
    debtParetoAlpha: 1.3,
    whales: [],
    response: {
      topUp: 0.4,
      deleverage: 0.15,
      medianDelayMinutes: 60,
      delaySigma: 1,
      reserveMedianRatio: 0.3,
      gasCapMedianGwei: 60,
      gasCapSigma: 0.6,
      targetRatio: 2,
      patienceMinutes: 600,
    },
  },
  keepers: {
    // Assumed: competitive liquidation bots with flash-loan liquidity.
    count: 20,
    capitalUsd: 20_000_000,
    gasCapMedianGwei: 100,
    gasCapSigma: 0.6,
    marginMin: 0.01,
    marginMax: 0.05,
    lowballers: 0,
    lowballerGasCapGwei: 1000,
    txPerStep: 3,
    kicksPerStep: 10,
    restockDelaySeconds: 600,
    maxTakeUsd: 20_000_000,
    gasUnitsPerTx: 700_000,
  },
  historicalDesignId: 'aave-v2-wbtc-2022',
  published: [
    { figure: 'BTC daily low, Coinbase, 9 November', value: '$15,512.00', source: SHARED_FILE },
    {
      figure: 'BTC daily close, Coinbase, 8 and 9 November',
      value: '$18,550.25; $15,891.96',
      source: SHARED_FILE,
    },
    {
      figure: 'BTC low on 10 November',
      value: '~$15,600 to $15,780',
      source: `https://socialbites.ca/business/116157.html ; getblock.net (as cited in ${CRASH_FIGURES})`,
    },
    {
      figure: 'Crypto liquidations per day',
      value: '$717 M, ~330,000 positions (CoinGlass; secondary report)',
      source: 'https://socialbites.ca/business/116157.html',
    },
    {
      figure: 'BTC long liquidations on 8 November',
      value: '10,600 BTC (unverified)',
      source: `Binance Square post (as cited in ${CRASH_FIGURES})`,
    },
    { figure: 'FTT', value: '−90%', source: `coinstelegram.com (as cited in ${CRASH_FIGURES})` },
  ],
  assumptions: [
    'About 400 M of stablecoin debt against WBTC over 3,000 accounts (Pareto sizes, α = 1.3), collateral ratios from the 133% limit upward (histogram assumed).',
    'Called borrowers: 40% top up, 15% sell, the rest wait; median response one hour.',
    'The crash-day lows are placed at noon of their day; the daily closes at the following midnight.',
    'Venue depths (CEX books $30 M per 1%, WBTC pools $1 M) are assumptions; calibration makes the historical replay match the observed path whatever they are.',
    'Gas and the ETH price used to cost it are assumed constant.',
  ],
  limits: [
    'FTX itself — its perpetual futures, FTT-margined accounts, the withdrawal halt and the insurance fund — is not modelled: the engine has no perps, insurance fund or ADL.',
    'FTT-collateral lending (loans against FTT) is not modelled: no FTT price series was found, and the engine runs one collateral asset per scenario.',
    'The Aave v2 WBTC parameters are those at the market’s deployment; the values in force in November 2022 were not verified.',
    'Daily resolution: within each day a seeded Brownian bridge through the close (and the low on crash days) fills in.',
  ],
  sources: [
    SHARED_FILE,
    `${CRASH_FIGURES} and the sources it cites`,
    'aave/protocol-v2 markets/aave/reservesConfigs.ts',
  ],
};
