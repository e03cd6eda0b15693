/**
 * The FTX collapse, November 2022, through its lending channel: BTC-collateral stablecoin loans
 * (Aave v2 WBTC parameters). FTX halted withdrawals on 8 November and filed for bankruptcy on
 * 11 November; BTC fell from ~$21,000 to ~$15,500 in two days and FTT lost ~90%.
 *
 * Price path: Binance USD-M BTCUSDT perpetual hourly bars (no spot BTC series for November 2022
 * was found; the perpetual traded about 0.3% under Coinbase spot at the low), and Binance spot
 * ETH/USDT 5-minute bars for the ETH that pays keepers' gas (src-main/scenarios/data/2022-11-ftx).
 */
import type { Scenario } from '../engine/scenario.ts';
import { epochSeconds } from './scenario-support.ts';
import { lazyKlineBars, lowestLow } from './data-files.ts';
import { once } from '../engine/lazy-map.ts';
import btcHourlyCsv from './data/2022-11-ftx/binance_usdm_btcusdt_perp_1h_freqtrade_2022-11-05_to_2022-11-15.csv?raw';
import ethFiveMinuteCsv from './data/2022-11-ftx/binance_ethusdt_5m_freqtrade_2022-11-05_to_2022-11-15.csv?raw';

const START = epochSeconds('2022-11-05T00:00:00Z');
const END = epochSeconds('2022-11-15T00:00:00Z');
const BINANCE_BTC_PERP =
  'Binance USD-M BTCUSDT perpetual hourly klines (https://www.binance.com, via freqtrade: https://github.com/MoonEyes/freqtrade)';
const BINANCE_ETH =
  'Binance spot ETH/USDT 5-minute klines (https://www.binance.com, via freqtrade: https://github.com/MoonEyes/freqtrade)';
const COINBASE_DAILY =
  'Coinbase BTC-USD daily candles (https://exchange.coinbase.com, via https://github.com/mathaszip/BTCprice)';

/** BTC perpetual hourly bars, 5 November 00:00 → 14 November 23:00 UTC. */
export const btcBars2022_11 = lazyKlineBars(
  'binance_usdm_btcusdt_perp_1h_freqtrade_2022-11-05_to_2022-11-15.csv',
  btcHourlyCsv,
  3600,
  START,
  END,
);
/** ETH/USDT 5-minute bars over the same window (gas is paid in ETH). */
export const ethBars2022_11 = lazyKlineBars(
  'binance_ethusdt_5m_freqtrade_2022-11-05_to_2022-11-15.csv',
  ethFiveMinuteCsv,
  300,
  START,
  END,
);
const btcLow = once(() => lowestLow(btcBars2022_11()));
const at = (t: number) => new Date(t * 1000).toISOString().slice(0, 16).replace('T', ' ');

export const ftxCollapse2022: Scenario = {
  id: 'ftx-collapse-2022',
  version: 2,
  title: 'FTX collapse — BTC-collateral loans, 5–15 November 2022',
  dateLabel: '2022-11-08',
  get summary() {
    return `A run on FTX after reports on Alameda’s balance sheet: withdrawals halted on 8 November, bankruptcy followed on the 11th. BTC fell from ~$21,000 to a Coinbase low of $15,512 on the 9th (the Binance perpetual touched ${btcLow().low.toLocaleString('en-US')}), FTT lost ~90%, and lenders against crypto collateral liquidated into a market that had just lost its largest venue.`;
  },
  lesson:
    'Counterparty failure is a price shock too: the loans were sound on the 7th, and two days later the collateral of many was not.',
  startTime: '2022-11-05T00:00:00Z',
  endTime: '2022-11-15T00:00:00Z',
  defaultStepSeconds: 300,
  assets: [
    {
      id: 'BTC',
      observed: {
        get source() {
          return `${BINANCE_BTC_PERP}: hourly OHLC bars; low ${btcLow().low} at ${at(btcLow().t)} UTC (Coinbase spot’s daily low that day: 15,512).`;
        },
        resolutionSeconds: 3600,
        points: [],
        get bars() {
          return btcBars2022_11();
        },
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
      arbitrage: { gapHalfLifeSeconds: 300, capitalUsdPerSecond: 5_000_000 / 300, halfCapacityGasGwei: 150 },
    },
    {
      // ETH prices the gas keepers pay; no population holds it (it moves only as observed).
      id: 'ETH',
      observed: {
        source: `${BINANCE_ETH}: 5-minute OHLC bars (used to price gas).`,
        resolutionSeconds: 300,
        points: [],
        get bars() {
          return ethBars2022_11();
        },
      },
      venues: [
        {
          name: 'ETH books',
          impact: 'sqrt',
          depthUsd: 50_000_000,
          permanentFraction: 0.5,
          transientHalfLifeSeconds: 1800,
          stress: { elasticity: 1, floor: 0.5 },
        },
      ],
      arbitrage: { gapHalfLifeSeconds: 300, capitalUsdPerSecond: 5_000_000 / 300, halfCapacityGasGwei: 150 },
    },
  ],
  gas: {
    source: 'Assumed constant 25 gwei (no gas series found), paid in ETH at its observed price.',
    points: [[START, 25]],
    tokenAsset: 'ETH',
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
    txPerSecond: 3 / 300,
    kicksPerSecond: 10 / 300,
    restockDelaySeconds: 600,
    maxTakeUsd: 20_000_000,
    gasUnitsPerTx: 700_000,
  },
  historicalDesignId: 'aave-v2-wbtc-2022',
  market: { kind: 'on-chain', liquidators: 'liquidation bots' },
  published: [
    { figure: 'BTC daily low, Coinbase, 9 November', value: '$15,512.00', source: COINBASE_DAILY },
    {
      figure: 'BTC daily close, Coinbase, 8 and 9 November',
      value: '$18,550.25; $15,891.96',
      source: COINBASE_DAILY,
    },
    {
      figure: 'BTCUSDT perpetual low (Binance)',
      get value() {
        return `${btcLow().low.toLocaleString('en-US')} at ${at(btcLow().t)} UTC`;
      },
      source: BINANCE_BTC_PERP,
    },
    {
      figure: 'BTC low on 10 November',
      value: '~$15,600 to $15,780',
      source: 'https://socialbites.ca/business/116157.html ; https://getblock.net',
    },
    {
      figure: 'Crypto liquidations per day',
      value: '$717 M, ~330,000 positions (CoinGlass; secondary report)',
      source: 'https://socialbites.ca/business/116157.html',
    },
    { figure: 'FTT', value: '−90%', source: 'https://coinstelegram.com' },
  ],
  validation: {
    targets: [],
    fitted: [],
    uncertain: [
      {
        kind: 'keeper-gas-cap',
        low: 40,
        high: 250,
        why: 'Liquidation bots’ gas settings are not published; Aave liquidators in 2022 ran competitive bots (the range spans cautious to aggressive).',
      },
      {
        kind: 'depth',
        low: 0.5,
        high: 2,
        why: 'No order-book depth for November 2022 was found: half to twice the assumed $30 M per 1% on CEX books and $1 M in WBTC pools.',
      },
      {
        kind: 'collateral-ratios',
        low: 0.8,
        high: 1.2,
        why: 'No per-loan Aave data was used: the histogram’s distances above 100% scaled by 0.8–1.2.',
      },
    ],
  },
  assumptions: [
    'The path is the Binance perpetual, not spot: at the low it traded about 0.3% under Coinbase spot.',
  ],
  limits: [
    'No published liquidation total for Aave’s WBTC loans in these days was found: the replay is checked only against the path (the validation has no outcome target).',
    'FTX itself — its perpetual futures, FTT-margined accounts, the withdrawal halt and the insurance fund — is not modelled.',
    'FTT-collateral lending (loans against FTT) is not modelled: no FTT price series was found.',
    'The Aave v2 WBTC parameters are those at the market’s deployment; the values in force in November 2022 were not verified.',
    'Inside each hourly bar the path goes through the open, high, low and close; the order of the high and the low inside a bar is a convention, and the steps between are a seeded bridge within the bar’s range.',
  ],
  sources: [
    BINANCE_BTC_PERP,
    BINANCE_ETH,
    COINBASE_DAILY,
    'https://socialbites.ca/business/116157.html',
    'Aave v2 WBTC parameters: https://github.com/aave/protocol-v2 (markets/aave/reservesConfigs.ts)',
  ],
};
