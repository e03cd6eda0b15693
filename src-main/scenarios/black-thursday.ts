/**
 * Black Thursday, 12–13 March 2020: MakerDAO ETH-A vaults. Authored from public figures; every number
 * below names its source or is marked as an assumption. See ASSUMPTIONS in the scenario for the
 * population, venue and keeper choices, and the published outcomes the replay is compared against.
 */
import type { Scenario } from '../engine/scenario.ts';
import { coinApiBars, cryptoDataDownloadBars, lowestLow, readTable } from './data-files.ts';
import ethTenMinuteJson from './data/2020-03-12-black-thursday/eth_usd_10min_coinapi_stablesims_2020-03-12.json?raw';
import ethHourlyCsv from './data/2020-03-12-black-thursday/binance_ethusdt_1h_2020-03-10_to_2020-03-15.csv?raw';
import gasMinuteCsv from './data/2020-03-12-black-thursday/eth_gas_p60_1min_stablesims_2020-03-12.csv?raw';

const T0 = Date.parse('2020-03-12T00:00:00Z') / 1000;
const T1 = T0 + 86_400;
const T2 = T1 + 86_400;

const WHITERABBIT =
  'Whiterabbit, https://medium.com/@whiterabbit_hq/black-thursday-for-makerdao-8-32-million-was-liquidated-for-0-dai-36b83cac56b6 (2020-03-14)';
const COINAPI_SOURCE =
  'CoinAPI 10-minute ETH/USD OHLC bars for 03-12 (https://www.coinapi.io; exchange not recorded), as published in https://github.com/BerkeleyBlockchain/stablesims';
const BINANCE_SOURCE =
  'Binance ETH/USDT hourly OHLC bars for 03-13 (CryptoDataDownload export, https://www.cryptodatadownload.com)';
const ANYBLOCK_SOURCE =
  'Anyblock Analytics 60th-percentile Ethereum gas price per minute, as published in https://github.com/BerkeleyBlockchain/stablesims';

/** ETH/USD on 03-12: CoinAPI 10-minute bars (src-main/scenarios/data/2020-03-12-black-thursday). */
export const ETH_BARS_2020_03_12 = coinApiBars(
  'eth_usd_10min_coinapi_stablesims_2020-03-12.json',
  ethTenMinuteJson,
);
/**
 * ETH/USDT on 03-13: Binance hourly bars. The export sets each hour's open to the previous close
 * (SOURCES.md); highs, lows and closes are Binance's.
 */
export const ETH_BARS_2020_03_13 = cryptoDataDownloadBars(
  readTable('binance_ethusdt_1h_2020-03-10_to_2020-03-15.csv', ethHourlyCsv),
  3600,
  T1,
  T2,
);
const ETH_BARS = [...ETH_BARS_2020_03_12, ...ETH_BARS_2020_03_13];
const LOW_03_12 = lowestLow(ETH_BARS_2020_03_12);
const LOW_EPISODE = lowestLow(ETH_BARS);

/**
 * Ethereum gas price, 60th percentile, gwei: median of each 20-minute block of the 1-minute series
 * for 2020-03-12, placed at the block midpoints (minutes with no value are skipped).
 */
export function gasMedians20Min(csv: string): [number, number][] {
  const t = readTable('eth_gas_p60_1min_stablesims_2020-03-12.csv', csv);
  const blocks = new Map<number, number[]>();
  for (const [timestamp, p60] of t.rows) {
    if (!p60) continue;
    const k = Math.floor(Date.parse(timestamp!) / 1000 / 1200) * 1200 + 600;
    blocks.set(k, [...(blocks.get(k) ?? []), Number(p60) / 1e9]);
  }
  return [...blocks.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([k, v]) => {
      v.sort((x, y) => x - y);
      const n = v.length;
      return [k, n % 2 ? v[(n - 1) / 2]! : (v[n / 2 - 1]! + v[n / 2]!) / 2];
    });
}

function gasPoints(): [number, number][] {
  const pts = gasMedians20Min(gasMinuteCsv);
  // 2020-03-13 has no gas series: assumed to stay at the late-03-12 level through the 02:00 low,
  // then to ease to 30 gwei by noon and 20 gwei by midnight.
  pts.push([T1 + 6 * 3600, 85], [T1 + 12 * 3600, 30], [T2, 20]);
  return pts;
}

/** Why a miss of the validation targets happens (shown only when the median misses). */
const BAD_DEBT_MISS =
  'Not an artefact of the step or the population: rates are per second and keepers outbid each other within a step as often as their transactions allow. Measured under engine 0.5.3 (medians of seeds 1–5, `npm run bench`, convergence): 40.6 M, 39.5 M and 39.1 M at 30, 60 and 120 s steps with the 20,000-account default, and 40.9 M with 100,000 accounts. The miss is the model’s: with no per-auction data, the keepers’ gas caps and DAI and the venues’ depth are assumptions (their ranges are in the band), and under them ordinary keepers bid on few auctions, leaving most to the zero-bidders.';
const ZERO_BID_MISS =
  'Zero bids are auctions no ordinary keeper bids on (gas above its cap, DAI tied up in earlier bids, transactions spent): the share depends on the keepers’ gas caps and DAI, which no source gives. It is not a step or population artefact: 94.6%, 93.6% and 93.0% at 30, 60 and 120 s steps with 20,000 accounts, and 92.9% with 100,000 (medians of seeds 1–5, engine 0.5.3). Letting keepers bid repeatedly within a step (Maker’s `beg`, `ttl` and `tau` in seconds) moved its median by 0.1 point in the validation’s 21 runs (93.5% → 93.6%; bad debt 40.2 M → 40.4 M): ordinary keepers are kept off most auctions by their gas caps and DAI, not by the step.';

const hhmm = (t: number) => new Date(t * 1000).toISOString().slice(11, 16);

export const blackThursday: Scenario = {
  id: 'black-thursday-2020',
  version: 2,
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
        source: `${COINAPI_SOURCE}; ${BINANCE_SOURCE}. Lows ${LOW_03_12.low} (03-12 ${hhmm(LOW_03_12.t)} bar) and ${LOW_EPISODE.low} (03-13 ${hhmm(LOW_EPISODE.t)} hour).`,
        resolutionSeconds: 600,
        points: [],
        bars: ETH_BARS,
      },
      venues: [
        // Assumed: aggregate centralised-exchange books; square-root impact; depth thins up to 70%.
        // Assumed, not sourced: $3 M per 1% is the scenario's first assumption. A tuning commit
        // (b2cab2a) had raised it to $10 M together with the keepers' count and gas caps to bring bad
        // debt toward the published 5.67 M DAI; that fit is reverted so the published figures can
        // serve as evidence (validation.uncertain gives the range run over instead).
        {
          name: 'CEX books',
          impact: 'sqrt',
          depthUsd: 3_000_000,
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
      arbitrage: { gapHalfLifeSeconds: 60, capitalUsdPerSecond: 2_000_000 / 60, halfCapacityGasGwei: 100 },
    },
  ],
  gas: {
    source: `${ANYBLOCK_SOURCE}, medians per 20 minutes; 03-13 has no series (assumed 85 gwei to 06:00, 30 by noon, 20 by midnight)`,
    points: gasPoints(),
    tokenAsset: 'ETH',
  },
  oracleOutages: [],
  population: {
    asset: 'ETH',
    // 20,000 accounts: bad debt's median over seeds 1–5 is within 3% of the 1 M-account result there,
    // 12% short at 10,000 and 20% at 4,000 (the earlier default); `npm run bench`, "convergence".
    defaultAccounts: 20_000,
    // Assumed: ETH-A debt of ~100M DAI, under its 150M ceiling (spell archive 2020-03-12).
    totalDebtUsd: 100_000_000,
    // Assumed histogram of collateral ratios (share of vaults), consistent with a system far above 150% on average.
    collateralRatioBins: [
      { from: 1.5, to: 1.75, weight: 5 },
      { from: 1.75, to: 2.0, weight: 9 },
      { from: 2.0, to: 2.5, weight: 16 },
      { from: 2.5, to: 3.0, weight: 14 },
      { from: 3.0, to: 4.0, weight: 19 },
      { from: 4.0, to: 6.0, weight: 19 },
      { from: 6.0, to: 10.0, weight: 18 },
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
    // Assumed: a handful of keeper bots (2021 Maker stats: ~3.3 bidders per auction), capped gas, limited
    // DAI. The scenario's first assumptions (8 bots, gas caps around 35 gwei): see the depth note above.
    count: 8,
    capitalUsd: 1_000_000,
    gasCapMedianGwei: 35,
    gasCapSigma: 0.5,
    marginMin: 0.03,
    marginMax: 0.1,
    lowballers: 2,
    lowballerGasCapGwei: 400,
    // Keeper throughput scales with the population simulated (an account stands for a share of the
    // real vaults): 4 transactions and 10 kicks a minute per keeper per 4,000 accounts, as before.
    txPerSecond: (4 / 60) * 5,
    kicksPerSecond: (10 / 60) * 5,
    restockDelaySeconds: 1800,
    maxTakeUsd: 2_000_000,
    gasUnitsPerTx: 300_000,
  },
  historicalDesignId: 'maker-2020-flip',
  market: { kind: 'on-chain', liquidators: 'keepers' },
  published: [
    { figure: 'Maker protocol loss (uncollateralised DAI)', value: '5.67 M DAI', source: WHITERABBIT },
    { figure: 'Share of liquidations won with zero bids', value: '36%', source: WHITERABBIT },
    { figure: 'Value of ETH won with zero bids', value: '$8.32 M', source: WHITERABBIT },
    {
      figure: 'ETH/USD low on 03-12',
      value: `${LOW_03_12.low} in the ${hhmm(LOW_03_12.t)} UTC bar`,
      source: COINAPI_SOURCE,
    },
    {
      figure: 'ETH low of the episode',
      value: `${LOW_EPISODE.low} (Binance), 03-13 ${hhmm(LOW_EPISODE.t)} hour`,
      source: BINANCE_SOURCE,
    },
    {
      figure: 'Gas, 60th percentile',
      value: '≈9 gwei at 00:00–01:00; peak 300 gwei at 14:35; ≈85 gwei at 23:00',
      source: ANYBLOCK_SOURCE,
    },
    {
      figure: 'Oracle feeds and zero-bid keepers',
      value: 'feeds could not post above 100 gwei; the zero-bid keeper paid 300 gwei',
      source:
        'MakerDAO governance call of 2020-03-12, https://github.com/makerdao/community/blob/master/governance/governance-and-risk-meetings/summaries/episode-77.md',
    },
    {
      figure: 'Debt auctions',
      value: '~20,980 MKR sold for ~5.3 M DAI',
      source: 'Smith + Crown, https://smithandcrown.com/briefings/makerdao-completes-mkr-auction-',
    },
  ],
  validation: {
    targets: [
      {
        id: 'bad-debt',
        figure: 'Maker protocol loss (bad debt)',
        published: '5.67 M DAI',
        source: WHITERABBIT,
        measure: { kind: 'bad-debt' },
        value: 5_670_000,
        pass: { kind: 'relative', within: 0.25 },
        status: 'evidence',
        ifMissed: BAD_DEBT_MISS,
      },
      {
        id: 'zero-bid-share',
        figure: 'Share of liquidations won with zero bids',
        published: '36%',
        source: WHITERABBIT,
        measure: { kind: 'zero-bid-share' },
        value: 0.36,
        pass: { kind: 'absolute', within: 0.09 },
        status: 'evidence',
        ifMissed: ZERO_BID_MISS,
      },
    ],
    fitted: [],
    uncertain: [
      {
        kind: 'keeper-gas-cap',
        low: 20,
        high: 80,
        why: 'No source gives the keeper bots’ gas settings. On the day, oracle feeds stopped posting above 100 gwei and the zero-bid keeper paid 300 gwei (governance call of 03-12); ordinary bots were set well below that.',
      },
      {
        kind: 'depth',
        low: 1 / 3,
        high: 10 / 3,
        why: 'No order-book depth for March 2020 was found: $1 M to $10 M per 1% for the aggregate CEX books (the range spans the scenario’s first assumption and the value a tuning commit once used).',
      },
      {
        kind: 'collateral-ratios',
        low: 0.8,
        high: 1.2,
        why: 'No vault-level data for ETH-A on 03-12 was used: the histogram’s distances above 100% scaled by 0.8–1.2.',
      },
    ],
  },
  assumptions: [
    'DAI is taken at $1 (it traded up to $1.10–1.13 that day), so DAI amounts and dollars are the same.',
    'The price path switches source at 03-13 00:00 UTC, from CoinAPI’s 10-minute bars (exchange not recorded) to Binance’s hourly bars; the 03-12 close was 107.52 and Binance’s 03-13 open 107.82.',
    'Keeper throughput is a rate in time: a keeper lands 4 transactions and 10 kicks a minute per 4,000 accounts simulated (20 and 50 at the default 20,000), the engine giving each step its share with the fraction carried. An account stands for a share of the real vaults, so throughput scales with the number simulated.',
  ],
  limits: [
    'No per-auction Maker data exists in the public figures used: auction counts and winners are modelled, not replayed.',
    'Inside each 10-minute (03-12) and hourly (03-13) bar the path goes through the open, high, low and close; when in the bar the high and the low came is not in the data (a bar that closes down is taken to rally first), and the steps between are a seeded bridge within the bar’s range.',
    'Only ETH-A is modelled; BAT-A and SAI are left out. Stability fees are ignored over the 48 hours.',
    'The debt auction is reported as the MKR it would mint at ~$265; its own dynamics are not simulated.',
  ],
  sources: [
    WHITERABBIT,
    COINAPI_SOURCE,
    BINANCE_SOURCE,
    ANYBLOCK_SOURCE,
    'MakerDAO parameters: https://github.com/makerdao/dss-deploy-scripts (config/main.json) and https://github.com/makerdao/spells-mainnet (archive/2020-03-12-DssSpell)',
    'Maker OSM: https://docs.makerdao.com/smart-contract-modules/oracle-module/oracle-security-module-osm-detailed-documentation',
    'Smith + Crown, https://smithandcrown.com/briefings/makerdao-completes-mkr-auction-',
  ],
};
