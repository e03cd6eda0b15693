/**
 * The stETH discount of June 2022 (Celsius, Three Arrows Capital), through its lending channel:
 * Aave v2 borrowers of ETH against stETH, the leveraged staking loop. stETH could not be redeemed
 * before the Merge; the Curve pool that was its exit drained, and stETH traded at a discount to ETH
 * that peaked near 8% in the week Celsius froze withdrawals.
 *
 * Engine fit: the numeraire of this scenario is ETH. The asset is stETH priced in ETH and debts are
 * in ETH, so ETH/USD moves cancel out of every collateral ratio. Price path: the Curve stETH/ETH
 * pool's balances, read on chain about once a day (src-main/scenarios/data/2022-06-steth-depeg),
 * turned into the pool's marginal stETH/ETH price by the StableSwap invariant (stableSwapPrice).
 */
import type { Scenario } from '../engine/scenario.ts';
import { epochSeconds, pointsAt } from './scenario-support.ts';
import { cell, klineBars, readTable } from './data-files.ts';
import poolCsv from './data/2022-06-steth-depeg/curve_steth_pool_daily_onchain_miguelbits_2022-06-08_to_2022-06-18.csv?raw';
import ethHourlyCsv from './data/2022-06-steth-depeg/binance_ethusdt_1h_freqtrade_2022-06-10_to_2022-06-17.csv?raw';

const NANSEN = 'Nansen, https://nansen.ai/research/on-chain-forensics-demystifying-steth-depeg';
const COINDESK_0713 =
  'CoinDesk 2022-07-13, https://www.coindesk.com/markets/2022/07/13/wobble-in-steth-price-shows-fear-celsius-might-dump-435m-stake/';
const BRED =
  'https://bred-finance.medium.com/potential-consequences-of-steth-price-action-928405db2265 (2022-06-10)';
const FORKLOG =
  'https://forklog.com/en/news/since-early-may-the-largest-steth-liquidity-pool-has-shrunk-sevenfold';
const POOL_READS =
  'Curve stETH/ETH pool 0xDC24316b9AE028F1497c275EB9192a3Ea0f67022: stETH.balanceOf(pool) and the pool’s ETH balance, read at one mainnet block a day (https://github.com/MiguelBits/curve-studies-depegs, finished/stETH.csv)';
const POOL_COMPOSITION_0512 =
  'The Block, 2022-05-12, as reported at https://cryptonews100.com/2022/05/13/lido-increases-liquidity-incentives-as-steth-trades-at-discount-to-eth/';
const BINANCE_ETH =
  'Binance spot ETH/USDT hourly klines (https://www.binance.com, via freqtrade: https://github.com/MoonEyes/freqtrade)';

/** Celsius's stETH (Nansen, via ForkLog); its ETH debt against it on Aave is not published (assumed). */
const CELSIUS_STETH = 409_000;

const START = '2022-06-10T00:00:00Z';
const END = '2022-06-17T00:00:00Z';

/**
 * The pool's amplification parameter A as the contract stores it. It is not in the data file and no
 * source for its June 2022 value was found; 50 is fitted: it gives the published "2% discount" at the
 * published 68.3% stETH / 31.7% ETH composition of 12 May (1.9%; a "2%" read as 1.5–2.5% allows A of
 * about 40–60). A Lido proposal of 2023 gives A = 30 then; with 30 that composition would have been a
 * 3.1% discount.
 */
export const CURVE_STETH_A = 50;

/**
 * Marginal price of coin 0 in units of coin 1 in a two-coin Curve StableSwap pool holding x of coin 0
 * and y of coin 1, with amplification `a` as the contract stores it (A·n^(n−1); the invariant's
 * A·n^n is 2a). The invariant F(x, y) = 2a(x + y) + D − 2aD − D³/(4xy) = 0 fixes D; the price is
 * −dy/dx along it = ∂F/∂x ÷ ∂F/∂y = (2a + D³/(4x²y)) / (2a + D³/(4xy²)). Fees are left out.
 */
export function stableSwapPrice(x: number, y: number, a: number): number {
  if (!(x > 0 && y > 0 && a > 0))
    throw new RangeError(`stableSwapPrice: balances and A must be > 0 (x ${x}, y ${y}, A ${a})`);
  const ann = 2 * a;
  const s = x + y;
  let d = s;
  for (let k = 0; k < 255; k++) {
    const dp = (d * d * d) / (4 * x * y);
    const next = ((ann * s + 2 * dp) * d) / ((ann - 1) * d + 3 * dp);
    if (Math.abs(next - d) <= d * 1e-15) {
      d = next;
      break;
    }
    d = next;
  }
  const d3 = d * d * d;
  return (ann + d3 / (4 * x * x * y)) / (ann + d3 / (4 * x * y * y));
}

const POOL = readTable('curve_steth_pool_daily_onchain_miguelbits_2022-06-08_to_2022-06-18.csv', poolCsv);

/** The pool's daily reads, oldest first: [epoch s, stETH balance, ETH balance, stETH/ETH price]. */
export const STETH_POOL_READS: [number, number, number, number][] = POOL.rows
  .map((_, r): [number, number, number, number] => {
    const steth = cell(POOL, r, 'stETH Balance') / 1e18;
    const eth = cell(POOL, r, 'ETH Balance') / 1e18;
    return [cell(POOL, r, 'UNIX TimeStamp'), steth, eth, stableSwapPrice(steth, eth, CURVE_STETH_A)];
  })
  .sort((p, q) => p[0] - q[0]);

/** Straight in log price between the reads on either side of t (the path's rule between points). */
function between(t: number): number {
  const after = STETH_POOL_READS.findIndex((r) => r[0] > t);
  const [t0, , , p0] = STETH_POOL_READS[after - 1]!;
  const [t1, , , p1] = STETH_POOL_READS[after]!;
  return Math.exp(Math.log(p0) + ((Math.log(p1) - Math.log(p0)) * (t - t0)) / (t1 - t0));
}

/**
 * stETH/ETH inside the window: the pool price at every read, and at the window's two edges the value
 * on the straight line between the reads either side (so the path does not hold flat to the first read).
 */
export const STETH_ETH_POINTS: [number, number][] = [
  [epochSeconds(START), between(epochSeconds(START))],
  ...STETH_POOL_READS.filter(([t]) => t > epochSeconds(START) && t < epochSeconds(END)).map(
    ([t, , , p]): [number, number] => [t, p],
  ),
  [epochSeconds(END), between(epochSeconds(END))],
];
const FIRST_READ = STETH_POOL_READS.find(([t]) => t >= epochSeconds(START))!;
const LOW_READ = STETH_POOL_READS.filter(([t]) => t < epochSeconds(END)).reduce((a, b) =>
  b[3] < a[3] ? b : a,
);
const day = (t: number) => new Date(t * 1000).toISOString().slice(0, 16).replace('T', ' ');
const share = (r: readonly number[]) => `${((100 * r[1]!) / (r[1]! + r[2]!)).toFixed(0)}%`;

/** ETH/USDT hourly over the window: context only (no stETH/ETH loan depends on it). */
const ETH_USD = klineBars(
  readTable('binance_ethusdt_1h_freqtrade_2022-06-10_to_2022-06-17.csv', ethHourlyCsv),
  3600,
  epochSeconds(START),
  epochSeconds(END),
);
const ETH_USD_OPEN = ETH_USD[0]![2];
const ETH_USD_LOW = Math.min(...ETH_USD.map((b) => b[4]));

/** Collateral ratio of the Celsius account at the first observed price, for an assumed 200,000 ETH of debt. */
const CELSIUS_DEBT_ETH = 200_000;

export const stethDiscount2022: Scenario = {
  id: 'steth-discount-2022',
  version: 3,
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
        source: `stETH/ETH: the Curve pool’s marginal price from its balances, one on-chain read a day (${POOL_READS}), by the StableSwap invariant with A = ${CURVE_STETH_A} (fitted, see the validation); resolution one read a day, straight in log price between reads, no intraday moves invented. From ${FIRST_READ[3].toFixed(4)} (${day(FIRST_READ[0])} UTC, pool ${share(FIRST_READ)} stETH) to a low of ${LOW_READ[3].toFixed(4)} (${day(LOW_READ[0])} UTC, ${share(LOW_READ)} stETH).`,
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
        collateralRatio: (CELSIUS_STETH * STETH_ETH_POINTS[0]![1]) / CELSIUS_DEBT_ETH,
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
    {
      figure: 'Curve stETH pool on 12 May (used to fit the pool’s A)',
      value: '68.3% stETH / 31.7% ETH, stETH at a 2% discount',
      source: POOL_COMPOSITION_0512,
    },
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
    fitted: [
      {
        parameter: 'Curve pool amplification A (turns the pool’s balances into the stETH/ETH path)',
        value: String(CURVE_STETH_A),
        fittedTo:
          'stETH at a 2% discount with the pool at 68.3% stETH / 31.7% ETH on 12 May 2022 (The Block)',
      },
    ],
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
    `Celsius’s ~409,000 stETH are one account against an assumed 200,000 ETH of debt (${((100 * CELSIUS_STETH * STETH_ETH_POINTS[0]![1]) / CELSIUS_DEBT_ETH).toFixed(0)}% at the window’s first price).`,
    `The pool price is the market price: Kaiko counted 98.5% of stETH’s exchange volume in the Curve pool (via ForkLog). It is the pool’s marginal price from its balances and A = ${CURVE_STETH_A}, without the 0.04% fee.`,
  ],
  limits: [
    `The path has one point a day (the pool read at one block a day, times drifting between 09:00 and 12:00 UTC): intraday lows are missed. The published 0.94 low of 11 June and the record ~8% discount (0.92) lie below the daily reads (${LOW_READ[3].toFixed(4)} at the lowest), so the replay’s low is the data’s low, not the published one.`,
    `The pool’s amplification A for June 2022 is not in the data and no source for it was found: A = ${CURVE_STETH_A} is fitted to the 12 May composition and its "2%" discount (A = 30, the value a 2023 Lido proposal gives, would put the June reads 2.5–4 points lower, below the published lows). Checks against figures not used in the fit: 10 June read ${STETH_POOL_READS.find(([t]) => day(t).startsWith('2022-06-10'))![3].toFixed(3)} (published 0.96); ForkLog's ~491,000 stETH against ~111,300 ETH gives ${stableSwapPrice(491_000, 111_300, CURVE_STETH_A).toFixed(3)} (published: a discount over 6%).`,
    'No published liquidation total for Aave’s stETH loans in June 2022 was found: the replay is checked only against the path (the validation has no outcome target).',
    'Celsius’s and Three Arrows Capital’s other positions (stablecoin debt against stETH, CeFi obligations) and their forced selling outside Aave are not modelled; Celsius’s ETH debt on Aave is assumed.',
    `ETH/USD fell sharply the same week (Binance hourly: ${ETH_USD_OPEN.toFixed(0)} at the window’s start, low ${ETH_USD_LOW.toFixed(2)}); it does not enter stETH/ETH loans and is not modelled, but it drove the stablecoin-debt positions that are left out.`,
    'The Chainlink stETH/ETH feed’s deviation threshold, heartbeat and latency are assumed.',
  ],
  sources: [
    POOL_READS,
    POOL_COMPOSITION_0512,
    BINANCE_ETH,
    NANSEN,
    COINDESK_0713,
    BRED,
    FORKLOG,
    'Nansen summary, via https://www.chaincatcher.com/en/article/2075943',
  ],
};
