/**
 * CRV and the Curve founder's loans, 30 July – 4 August 2023, through Aave v2: a Vyper compiler bug
 * let attackers drain several Curve pools (CRV/ETH among them) on 30 July; CRV fell from ~$0.76 to
 * $0.48 and the market looked at Michael Egorov's ~$100 M of stablecoin loans against 427.5 M CRV —
 * 305 M CRV against 63.2 M USDT on Aave alone, liquidatable at $0.3767. He repaid by selling CRV
 * over the counter; no large liquidation happened. No CRV price series was found: the path is
 * authored from dated published prices.
 */
import type { Scenario } from '../engine/scenario.ts';
import { pointsAt } from './scenario-support.ts';

const DELPHI =
  'Delphi Digital, https://members.delphidigital.io/feed/michael-egorovs-crv-positions (2023-08-01)';
const WEB3STATION =
  'https://web3station.xyz/crv-token-faces-fake-pump-on-korean-exchanges-amid-curve-finance-attack';
const STARCRYPTO =
  'https://starcrypto.news/curve-finance-tvl-falls-over-1b-following-vyper-vulnerability-exploit';
const TRIDEX = 'https://tridex.co.uk/category/aave/page/2/ (report of 2023-08-03)';
const NODEIST =
  'https://nodeist.net/2/michael-egorov%E2%80%99s-100-million-position-a-risk-to-curve-finance-and-defi.1787 (CoinGecko price, 2023-08-01)';
const CHAOS_0821 =
  'Chaos Labs / Gauntlet, https://governance.aave.com/t/arfc-crv-aave-v2-ethereum-lt-reduction-08-21-2023/14589';
const UNCHAINED = 'Unchained, https://unchainedcrypto.com (August 2023)';
const WU = 'WuBlockchain, https://scribe.accessprotocol.co/wublockchain (2023-07-31)';

/**
 * CRV before the exploit: derived, not observed — "dumping by around 15% to $0.64707" (StarCrypto)
 * puts it at 0.64707 / 0.85 ≈ 0.76.
 */
export const CRV_BEFORE_EXPLOIT = 0.76;

/** CRV/USD, UTC: published dated prices; the hour within each day is assumed. */
export const CRV_USD_POINTS = pointsAt([
  ['2023-07-30T12:00:00Z', CRV_BEFORE_EXPLOIT],
  // "plummeted over 15% to $0.583 before recovering to $0.643".
  ['2023-07-31T06:00:00Z', 0.583],
  ['2023-07-31T12:00:00Z', 0.643],
  // CoinGecko $0.608595 on 1 August.
  ['2023-08-01T06:00:00Z', 0.608595],
  // "dropping to $0.48 on August 1".
  ['2023-08-01T18:00:00Z', 0.48],
  // "When writing on August 3, CRV is trading at $0.59".
  ['2023-08-03T12:00:00Z', 0.59],
]);

/** Egorov's Aave v2 position (Delphi Digital, 2023-08-01). */
const EGOROV_AAVE_CRV = 305_000_000;
const EGOROV_AAVE_DEBT_USDT = 63_200_000;

export const crvCurve2023: Scenario = {
  id: 'crv-curve-2023',
  version: 2,
  title: 'CRV and the Curve founder’s loans — Aave v2, 30 July – 4 August 2023',
  dateLabel: '2023-07-30',
  summary:
    'A re-entrancy bug in some Vyper compiler versions let attackers drain several Curve pools, CRV/ETH among them. CRV fell from ~$0.76 to $0.48 in two days, and all eyes turned to the founder’s ~$100 M of stablecoin loans against 47% of circulating CRV: 305 M CRV against 63.2 M USDT on Aave, liquidatable at $0.3767. He repaid by selling CRV over the counter; the cascade did not happen.',
  lesson:
    'One borrower holding a third of a token’s supply is a single point of failure for every lender that lists it: liquidating him would have had no market to sell into, so the debt was defended off-market instead.',
  startTime: '2023-07-30T00:00:00Z',
  endTime: '2023-08-04T00:00:00Z',
  defaultStepSeconds: 300,
  assets: [
    {
      id: 'CRV',
      observed: {
        source:
          'Dated published CRV prices (StarCrypto, web3station, CoinGecko via nodeist, tridex); the level before the exploit is derived from a reported 15% fall. Resolution: about two points a day; hours within the day assumed; straight in log price between points.',
        resolutionSeconds: 43_200,
        points: CRV_USD_POINTS,
      },
      venues: [
        // Assumed: centralised-exchange CRV books.
        {
          name: 'CEX books',
          impact: 'sqrt',
          depthUsd: 2_000_000,
          permanentFraction: 0.6,
          transientHalfLifeSeconds: 3600,
          stress: { elasticity: 1, floor: 0.3 },
        },
        // Assumed: what was left of on-chain CRV liquidity after the CRV/ETH pool was drained.
        {
          name: 'Curve and Uniswap pools',
          impact: 'cpmm',
          depthUsd: 150_000,
          permanentFraction: 1,
          transientHalfLifeSeconds: 3600,
          stress: { elasticity: 1, floor: 0.3 },
        },
      ],
      arbitrage: {
        gapHalfLifeSeconds: 407 /* was 40% per 300 s step */,
        capitalUsdPerSecond: 1_000_000 / 300,
        halfCapacityGasGwei: 100,
      },
    },
  ],
  gas: {
    source: 'Assumed constant 30 gwei (no gas series found); ETH taken at $1,850 to cost gas (assumed).',
    points: pointsAt([['2023-07-30T00:00:00Z', 30]]),
    tokenPriceUsd: 1850,
  },
  oracleOutages: [],
  population: {
    asset: 'CRV',
    defaultAccounts: 400,
    // Egorov's 63.2 M USDT plus an assumed 4 M of other CRV-collateral debt (Aave held ~306 M CRV, 289 M of it his).
    totalDebtUsd: EGOROV_AAVE_DEBT_USDT + 4_000_000,
    // Assumed, for the other CRV suppliers: liquidation below 182%; the largest of them showed health
    // factors of 1.1–2.4 at a 49% threshold on 21 August (Chaos Labs), i.e. ratios of about 2.3–5.
    collateralRatioBins: [
      { from: 2.0, to: 3.0, weight: 30 },
      { from: 3.0, to: 5.0, weight: 40 },
      { from: 5.0, to: 10.0, weight: 30 },
    ],
    debtParetoAlpha: 1.5,
    whales: [
      {
        label: 'Michael Egorov (305 M CRV against 63.2 M USDT)',
        debtUsd: EGOROV_AAVE_DEBT_USDT,
        collateralRatio: (EGOROV_AAVE_CRV * CRV_BEFORE_EXPLOIT) / EGOROV_AAVE_DEBT_USDT,
      },
    ],
    response: {
      topUp: 0.5,
      deleverage: 0.2,
      medianDelayMinutes: 240,
      delaySigma: 1,
      reserveMedianRatio: 0.5,
      gasCapMedianGwei: 100,
      gasCapSigma: 0.6,
      targetRatio: 2.5,
      patienceMinutes: 1440,
    },
  },
  keepers: {
    // Assumed: a few liquidation bots with flash-loan liquidity, wary of the thin CRV market.
    count: 10,
    capitalUsd: 40_000_000,
    gasCapMedianGwei: 100,
    gasCapSigma: 0.6,
    marginMin: 0.02,
    marginMax: 0.07,
    lowballers: 0,
    lowballerGasCapGwei: 1000,
    txPerSecond: 2 / 300,
    kicksPerSecond: 5 / 300,
    restockDelaySeconds: 3600,
    maxTakeUsd: 40_000_000,
    gasUnitsPerTx: 800_000,
  },
  historicalDesignId: 'aave-v2-crv-2023',
  market: { kind: 'on-chain', liquidators: 'liquidation bots' },
  published: [
    {
      figure: 'Egorov’s loans',
      value:
        '97.76 M stablecoins against 427.5 M CRV (~47% of the 889 M circulating): 63.2 M USDT on Aave, 15.8 M FRAX on Fraxlend, 18.76 M MIM on Abracadabra',
      source: DELPHI,
    },
    {
      figure: 'Egorov’s Aave position',
      value: '305 M CRV against 63.2 M USDT; at a 55% liquidation threshold, liquidatable at 0.3767 CRV/USDT',
      source: DELPHI,
    },
    {
      figure: 'Egorov’s Fraxlend position',
      value:
        '59 M CRV against 15.8 M FRAX; at 100% utilisation the rate doubles every 12 h (81.2% APR then); liquidation price could reach 0.517 within 4.5 days',
      source: DELPHI,
    },
    {
      figure: 'CRV on Aave v2',
      value: '306 M CRV supplied, 289 M of it by Egorov, against ~$63 M of stablecoins (June 2023)',
      source:
        'DeFi Made Here, translated at https://www.miner.cc/analyst-suggests-aave-freeze-crv-tokens-owned-by-curve-founder.html',
    },
    { figure: 'CRV after the exploit', value: 'fell over 15% to $0.583, then $0.643', source: WEB3STATION },
    { figure: 'CRV fall reported by StarCrypto', value: '~15% to $0.64707', source: STARCRYPTO },
    { figure: 'CRV on 1 August (CoinGecko)', value: '$0.608595', source: NODEIST },
    { figure: 'CRV low', value: '$0.48 on 1 August; $0.59 on 3 August', source: TRIDEX },
    {
      figure: 'Egorov’s over-the-counter sales',
      value: '59.5 M CRV for ~$23.8 M (by 3 August); 39.25 M CRV in an earlier count',
      source: `${TRIDEX}; ${UNCHAINED}`,
    },
    {
      figure: 'CRV/ETH pool drained in the exploit',
      value: '7,193,401.77 CRV, 7,680.49 WETH and 2,879.65 ETH',
      source: WU,
    },
    {
      figure: 'Curve value locked',
      value: '$3.26 B on 30 July → $1.731 B a day later (DeFiLlama)',
      source: STARCRYPTO,
    },
    {
      figure: 'Egorov’s Aave position on 21 August',
      value:
        '123.35 M CRV ($58.18 M) against $14.78 M borrowed; health factor 1.93; CRV liquidation threshold then 49%',
      source: CHAOS_0821,
    },
  ],
  validation: {
    targets: [],
    fitted: [],
    uncertain: [
      {
        kind: 'keeper-gas-cap',
        low: 15,
        high: 150,
        why: 'Liquidation bots’ gas settings are not published (the range spans cautious to aggressive bots of 2023).',
      },
      {
        kind: 'depth',
        low: 0.5,
        high: 2,
        why: 'CRV depth after the exploit is not published beyond “on-chain liquidity ≈ $10 M, Binance ±2% depth $370 k” (secondary): half to twice the assumed depth.',
      },
      {
        kind: 'collateral-ratios',
        low: 0.8,
        high: 1.2,
        why: 'The small accounts’ ratios are assumed: the histogram’s distances above 100% scaled by 0.8–1.2 (Egorov’s account scales with them).',
      },
    ],
  },
  assumptions: [
    'CRV before the exploit is taken at $0.76, derived from the reported ~15% fall to $0.647; the hours of every point within its day are assumed.',
    'Egorov’s account: 305 M CRV against 63.2 M USDT (367% at $0.76). Called borrowers who top up stand for his over-the-counter repayments.',
    'Gas and the ETH price used to cost it are assumed constant.',
  ],
  limits: [
    'Only Aave v2 is modelled. Fraxlend (whose rate doubled every 12 hours at full utilisation and could liquidate him without any price move), Abracadabra and Inverse are not: the engine has fixed-ratio margin without interest and one protocol per run.',
    'Over-the-counter sales repay debt without touching the market; the engine’s responses are top-ups (no market effect) or market sales.',
    'On-chain CRV prices in the drained pool (reported as low as $0.08–0.11) and the Korean-exchange premium are not in the path; the path follows centralised-exchange quotes.',
    'The 8% liquidation bonus for CRV on Aave v2 is assumed.',
    'No CRV price series was found: six published points over five days, joined straight in log price (no intraday move is invented, and the path never goes below the published $0.48 low).',
    'No large liquidation happened and no liquidation total is published: the replay is checked only against the path (the validation has no outcome target).',
  ],
  sources: [DELPHI, WEB3STATION, STARCRYPTO, TRIDEX, NODEIST, CHAOS_0821, UNCHAINED, WU],
};
