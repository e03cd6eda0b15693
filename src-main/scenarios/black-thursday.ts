/**
 * Black Thursday, 12–13 March 2020: MakerDAO ETH-A vaults. Authored from public figures; every number
 * below names its source or is marked as an assumption. See ASSUMPTIONS in the scenario for the
 * population, venue and keeper choices, and the published outcomes the replay is compared against.
 */
import type { Scenario } from '../engine/scenario.ts';

const T0 = Date.parse('2020-03-12T00:00:00Z') / 1000;

/**
 * ETH/USD on 2020-03-12 every 10 minutes: the open at 00:00, then the close of each 10-minute bar
 * (CoinAPI OHLCV as published in BerkeleyBlockchain/stablesims feeds/eth/03-12-2020.json @29556c7;
 * exchange not recorded by the source).
 */
const ETH_10MIN_2020_03_12 = [
  195.21, 194.52, 193.93, 194.25, 194.14, 192.48, 193.55, 192.35, 192.66, 190.61, 189.08, 188.57, 184.71,
  186.05, 184.81, 183.97, 186.5, 184.71, 183.78, 185.04, 184.15, 184.19, 185, 183.05, 182.84, 181.02, 179.75,
  179.44, 181.11, 181.52, 181.21, 181.79, 181.44, 180.54, 181.14, 181.51, 181.39, 180.46, 177.29, 175.26,
  174.37, 173.06, 173.46, 171.71, 169.92, 171.13, 172.79, 170.84, 171.36, 168.92, 167.44, 170, 170.77, 169.08,
  169.32, 169.94, 167.12, 169.02, 167.97, 168.17, 167.22, 167.64, 163.19, 163.11, 152.81, 154.83, 133.75,
  143.07, 142.08, 140.82, 136.92, 131.95, 136.37, 137.28, 141.67, 141.31, 139.75, 135.8, 137.24, 136.7, 136,
  134.06, 130.72, 128.77, 134.59, 134.96, 139.24, 138.37, 142.9, 143.15, 141.28, 139.12, 140, 139.47, 139.4,
  140.79, 141.13, 138, 137.53, 137.56, 138.14, 135.68, 138.75, 144, 142.14, 142.91, 140.84, 141.77, 141.81,
  142.17, 141.49, 141.12, 138.38, 139.19, 137.03, 138.23, 137.92, 137.81, 138.28, 138.2, 137.45, 136.79,
  136.13, 132.07, 129.39, 126.72, 128.34, 129.85, 128.18, 126.33, 127.08, 127.5, 130.2, 132.58, 130.71,
  128.84, 128.43, 126.45, 126.56, 123.74, 120.86, 111, 106.59, 108.44, 107.52,
];

/** ETH/USDT hourly closes on 2020-03-13, 01:00 … 24:00 (Binance, CryptoDataDownload export). */
const ETH_1H_2020_03_13 = [
  106.89, 96.62, 111.12, 124.24, 109.7, 116.63, 126.13, 127.28, 125.33, 129.46, 131.13, 127.6, 129.26, 131.93,
  126.89, 123.7, 123.46, 123.56, 118.88, 128.32, 126.88, 128.83, 133.04, 134.06,
];

/**
 * Ethereum gas price, 60th percentile, gwei: median of each 20-minute block of the 1-minute series
 * for 2020-03-12 (Anyblock data in BerkeleyBlockchain/stablesims price_feeds/gas/gas_black_thursday_1min.json
 * @8177226), placed at the block midpoints.
 */
const GAS_P60_20MIN_2020_03_12 = [
  6, 10, 10, 10, 10, 10, 12, 12, 11.4, 11, 10.8, 11.2, 20, 21, 20, 17.9, 15, 15, 15, 20.5, 22.9, 26.3, 29.7,
  30, 35.5, 38.5, 38, 37.3, 36.7, 36.5, 40, 48.4, 61.7, 72.3, 80, 100, 108, 110, 110.2, 119, 122.5, 135.2,
  150, 151, 154.8, 185.7, 190, 199.5, 200, 193.5, 173, 178, 162.7, 142.9, 112.9, 81.8, 73, 80, 78.9, 75.1,
  70.5, 67.6, 84.2, 87.1, 80.1, 68.9, 78.5, 75, 62, 69, 73.3, 94,
];

function ethPoints(): [number, number][] {
  const pts: [number, number][] = ETH_10MIN_2020_03_12.map((p, i) => [T0 + i * 600, p]);
  // The published lows fall inside bars; they are placed at the middle of their bar (assumption).
  pts.push([T0 + 23 * 3600 + 25 * 60, 101.01]);
  pts.sort((a, b) => a[0] - b[0]);
  ETH_1H_2020_03_13.forEach((p, i) => {
    if (i === 2) pts.push([T0 + 86400 + 2 * 3600 + 30 * 60, 86.0]);
    pts.push([T0 + 86400 + (i + 1) * 3600, p]);
  });
  return pts;
}

function gasPoints(): [number, number][] {
  const pts: [number, number][] = GAS_P60_20MIN_2020_03_12.map((g, i) => [T0 + 600 + i * 1200, g]);
  // 2020-03-13 has no gas series: assumed to stay at the late-03-12 level through the 02:00 low,
  // then to ease to 30 gwei by noon and 20 gwei by midnight.
  pts.push([T0 + 86400 + 6 * 3600, 85], [T0 + 86400 + 12 * 3600, 30], [T0 + 2 * 86400, 20]);
  return pts;
}

export const blackThursday: Scenario = {
  id: 'black-thursday-2020',
  version: 1,
  title: 'Black Thursday — MakerDAO, 12–13 March 2020',
  dateLabel: '2020-03-12',
  summary:
    'ETH fell by half in a day as COVID-19 panic hit every market. Ethereum congested, Maker’s oracle feeds stalled above ~100 gwei, the 1-hour OSM lagged, and keepers priced out by gas or short of DAI left English auctions to bidders who won ETH for zero DAI.',
  lesson:
    'A liquidation mechanism is only as good as the keepers who can reach it: congestion and a delayed oracle turned an over-collateralised system into one with millions in bad debt.',
  startTime: '2020-03-12T00:00:00Z',
  endTime: '2020-03-14T00:00:00Z',
  defaultStepSeconds: 60,
  assets: [
    {
      id: 'ETH',
      observed: {
        source:
          'CoinAPI 10-minute ETH/USD for 03-12 (stablesims) and Binance hourly ETH/USDT for 03-13 (CryptoDataDownload); lows 101.01 (03-12 23:20 bar) and 86.00 (Binance, 03-13 02:00 hour)',
        resolutionSeconds: 600,
        points: ethPoints(),
      },
      venues: [
        // Assumed: aggregate centralised-exchange books; square-root impact; depth thins up to 70%.
        {
          name: 'CEX books',
          impact: 'sqrt',
          depthUsd: 10_000_000,
          permanentFraction: 0.5,
          transientHalfLifeSeconds: 1800,
          stress: { elasticity: 1.4, floor: 0.3 },
        },
        // Assumed: Oasis DEX order book used by Maker keepers.
        {
          name: 'Oasis',
          impact: 'linear',
          depthUsd: 300_000,
          permanentFraction: 0.6,
          transientHalfLifeSeconds: 1200,
          stress: { elasticity: 1.4, floor: 0.3 },
        },
        // Assumed: Uniswap v1 ETH/DAI pool (~$1.5M reserves → ~$7.5k per 1%).
        {
          name: 'Uniswap v1',
          impact: 'cpmm',
          depthUsd: 7_500,
          permanentFraction: 1,
          transientHalfLifeSeconds: 3600,
          stress: { elasticity: 0, floor: 1 },
        },
      ],
      arbitrage: { fractionPerStep: 0.5, capitalUsdPerStep: 2_000_000, halfCapacityGasGwei: 100 },
    },
  ],
  gas: {
    source:
      'Anyblock 60th-percentile gas price, 1-minute (stablesims), medians per 20 minutes; 03-13 assumed',
    points: gasPoints(),
    tokenAsset: 'ETH',
  },
  oracleOutages: [],
  population: {
    asset: 'ETH',
    defaultAccounts: 4000,
    // Assumed: ETH-A debt of ~100M DAI, under its 150M ceiling (spell archive 2020-03-12).
    totalDebtUsd: 100_000_000,
    // Assumed histogram of collateral ratios (share of vaults), consistent with a system far above 150% on average.
    collateralRatioBins: [
      { from: 1.5, to: 1.75, weight: 3 },
      { from: 1.75, to: 2.0, weight: 6 },
      { from: 2.0, to: 2.5, weight: 10 },
      { from: 2.5, to: 3.0, weight: 12 },
      { from: 3.0, to: 4.0, weight: 20 },
      { from: 4.0, to: 6.0, weight: 24 },
      { from: 6.0, to: 10.0, weight: 25 },
    ],
    debtParetoAlpha: 1.3,
    whales: [
      // "Largest single vault loss ~35,000 ETH" (Whiterabbit): a vault of ~34,700 ETH at 205% (ratio assumed).
      { label: 'largest vault (~35,000 ETH)', debtUsd: 3_300_000, collateralRatio: 2.05 },
    ],
    response: {
      topUp: 0.35,
      deleverage: 0.15,
      medianDelayMinutes: 45,
      delaySigma: 1,
      reserveMedianRatio: 0.3,
      gasCapMedianGwei: 40,
      gasCapSigma: 0.8,
      targetRatio: 2,
      patienceMinutes: 180,
    },
  },
  keepers: {
    // Assumed: a handful of keeper bots (2021 Maker stats: ~3.3 bidders per auction), capped gas, limited DAI.
    count: 12,
    capitalUsd: 1_000_000,
    gasCapMedianGwei: 50,
    gasCapSigma: 0.6,
    marginMin: 0.03,
    marginMax: 0.1,
    lowballers: 2,
    lowballerGasCapGwei: 400,
    txPerStep: 4,
    kicksPerStep: 10,
    restockDelaySeconds: 1800,
    maxTakeUsd: 2_000_000,
    gasUnitsPerTx: 300_000,
  },
  historicalDesignId: 'maker-2020-flip',
  published: [
    {
      figure: 'Maker protocol loss (uncollateralised DAI)',
      value: '5.67 M DAI',
      source:
        'Whiterabbit, https://medium.com/@whiterabbit_hq/black-thursday-for-makerdao-8-32-million-was-liquidated-for-0-dai-36b83cac56b6 (2020-03-14)',
    },
    { figure: 'Share of liquidations won with zero bids', value: '36%', source: 'Whiterabbit (as above)' },
    { figure: 'Value of ETH won with zero bids', value: '$8.32 M', source: 'Whiterabbit (as above)' },
    {
      figure: 'ETH/USD low on 03-12',
      value: '101.01 at 23:20 UTC',
      source: 'CoinAPI 10-minute series (stablesims)',
    },
    {
      figure: 'ETH low of the episode',
      value: '86.00 (Binance), 03-13 02:00 hour',
      source: 'Binance ETHUSDT hourly (CryptoDataDownload)',
    },
    {
      figure: 'Gas, 60th percentile',
      value: '≈9 gwei at 00:00–01:00; peak 300 gwei at 14:35; ≈85 gwei at 23:00',
      source: 'Anyblock 1-minute gas (stablesims)',
    },
    {
      figure: 'Debt auctions',
      value: '~20,980 MKR sold for ~5.3 M DAI',
      source: 'Smith + Crown, https://smithandcrown.com/briefings/makerdao-completes-mkr-auction-',
    },
  ],
  assumptions: [
    'ETH-A debt of 100 M DAI spread over 4,000 vaults (Pareto sizes, α = 1.3) plus one ~35,000 ETH vault; collateral-ratio histogram assumed.',
    'Called vault owners: 35% top up from ETH held outside (median 30% of their collateral), 15% sell ETH to cut debt, 50% do nothing; median response 45 minutes, delayed further while gas exceeds their cap.',
    'Eight keeper bots with 1.5 M DAI each, gas caps around 60 gwei, and two opportunists who bid one wei and pay any gas.',
    'Venue depth (CEX books $3 M per 1%, Oasis $0.3 M, Uniswap v1 $7.5 k) and its thinning under stress are assumptions; calibration makes the historical replay match the observed path whatever they are, but they set how much of the fall is attributed to the cascade.',
    'DAI is taken at $1 (it traded up to $1.10–1.12 that day).',
    'Gas on 03-13 is assumed (no series was found).',
  ],
  limits: [
    'No per-auction Maker data exists in the public figures used: auction counts and winners are modelled, not replayed.',
    'ETH price between 10-minute (03-12) and hourly (03-13) observations is a seeded Brownian bridge.',
    'Only ETH-A is modelled; BAT-A and SAI are left out. Stability fees are ignored over the 48 hours.',
    'The debt auction is reported as the MKR it would mint at ~$265; its own dynamics are not simulated.',
  ],
  sources: [
    'shared/design/reference/crash-figures.md §1 and the sources it cites',
    'BerkeleyBlockchain/stablesims (ETH and gas feeds)',
    'makerdao/dss-deploy-scripts and makerdao/spells-mainnet (parameters)',
  ],
};
