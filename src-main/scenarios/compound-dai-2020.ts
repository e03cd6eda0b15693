/**
 * Compound DAI oracle event, 26 November 2020. DAI traded up to ~$1.30 on Coinbase Pro — the only
 * price source of Compound's Open Price Feed — while other exchanges stayed near $1.03, and DAI
 * borrowers were liquidated although nothing else had moved much.
 *
 * Engine fit (see `limits`): the engine prices one collateral asset against a numeraire debt, so
 * the scenario's asset is "USDC.DAI" — one dollar of stablecoin collateral priced in DAI, the debt
 * unit — whose observed path is 1 / (DAI price on Coinbase Pro). A DAI spike to 1.30 is a
 * collateral fall to 1/1.30 in debt units: the same collateral ratios, inverted. Liquidators who
 * sell seized collateral for DAI push DAI further up, which is the right direction of the loop.
 */
import type { Scenario } from '../engine/scenario.ts';
import { pointsAt } from './scenario-support.ts';

const COMPOUND_STATEMENT =
  'Compound statement quoted at https://www.quadrigainitiative.com/casestudy/compoundpricefeederror.php';
const COINCHAPTER =
  'Cointelegraph report, https://coinchapter.com/compound-liquidator-makes-4m-as-oracles-post-inflated-dai-price/';
const FORUM_RECAP =
  'Compound forum, compensation proposal recap, https://www.comp.xyz/t/dai-liquidation-event/642/88';

/**
 * DAI/USD on Coinbase Pro, UTC. Published: the peak (~$1.30) and its window, 12:00–1:00 am PT
 * (08:00–09:00 UTC, Compound's statement; Cointelegraph says 07:00–08:00 UTC), and ~$1.03 as the
 * market price elsewhere. The shape inside the hour (rise, a few minutes at the peak, fall) is
 * assumed; outside 08:00–10:00 DAI is taken at its $1.00 peg, pinned every 10 minutes so the bridge
 * between points does not invent swings a stablecoin did not have.
 */
const SPIKE: readonly (readonly [string, number])[] = [
  ['2020-11-26T08:20:00Z', 1.1],
  ['2020-11-26T08:40:00Z', 1.3],
  ['2020-11-26T08:45:00Z', 1.3],
  ['2020-11-26T08:55:00Z', 1.1],
  ['2020-11-26T09:10:00Z', 1.03],
  ['2020-11-26T10:00:00Z', 1.01],
];

/** The peg, every 10 minutes from `fromHour`:00 to `toHour`:00 UTC on 26 November 2020. */
function peg(fromHour: number, toHour: number): [string, number][] {
  const out: [string, number][] = [];
  for (let m = fromHour * 60; m <= toHour * 60; m += 10) {
    out.push([new Date(Date.UTC(2020, 10, 26, 0, m)).toISOString().replace('.000Z', 'Z'), 1.0]);
  }
  return out;
}

const DAI_USD_COINBASE: readonly (readonly [string, number])[] = [...peg(0, 8), ...SPIKE, ...peg(11, 24)];

/** The asset's observed path: one dollar of collateral in DAI = 1 / DAI-USD. */
export const COMPOUND_DAI_USD_POINTS = pointsAt(DAI_USD_COINBASE);

/** Debt of the liquidated COMP farmer: 46 M DAI repaid in one liquidation at a 50% close factor. */
const WHALE_DEBT_DAI = 92_000_000;

export const compoundDai2020: Scenario = {
  id: 'compound-dai-2020',
  version: 2,
  title: 'Compound DAI oracle event — 26 November 2020',
  dateLabel: '2020-11-26',
  summary:
    'In a market dip on Thanksgiving morning, DAI traded up to ~$1.30 on Coinbase Pro — the single exchange behind Compound’s price feed — while elsewhere it stayed near $1.03. Stablecoin-collateral borrowers of DAI, many of them leveraged COMP farmers, crossed their limits on a price that existed on one venue for about an hour: ~$85–103 M was liquidated, one account alone 46 M DAI.',
  lesson:
    'An oracle that reads one thin venue turns that venue’s dislocation into the protocol’s truth: the liquidations were “correct” by the feed and wrong by the market.',
  startTime: '2020-11-26T00:00:00Z',
  endTime: '2020-11-27T00:00:00Z',
  defaultStepSeconds: 60,
  assets: [
    {
      id: 'USDC.DAI',
      observed: {
        source:
          '1 / DAI-USD on Coinbase Pro: peak $1.30 between 12:00 and 1:00 am PT (Compound statement); shape inside the hour and the levels around it assumed, joined straight in log price. Resolution: the published one-hour window; points inside it are assumed.',
        resolutionSeconds: 3600,
        points: COMPOUND_DAI_USD_POINTS.map(([t, dai]) => [t, 1 / dai]),
      },
      venues: [
        // Assumed: the DAI/USDC and DAI/USD books on Coinbase Pro, thin at night in the US.
        {
          name: 'Coinbase Pro',
          impact: 'linear',
          depthUsd: 3_000_000,
          permanentFraction: 0.3,
          transientHalfLifeSeconds: 600,
          stress: { elasticity: 1, floor: 0.5 },
        },
        // Assumed: Uniswap v2 DAI/USDC (~$25 M reserves → ~$125 k per 1%).
        {
          name: 'Uniswap v2',
          impact: 'cpmm',
          depthUsd: 250_000,
          permanentFraction: 1,
          transientHalfLifeSeconds: 1800,
          stress: { elasticity: 0, floor: 1 },
        },
        // Assumed: Curve's stablecoin pools (over $1 B), deep near the peg.
        {
          name: 'Curve 3pool',
          impact: 'linear',
          depthUsd: 150_000_000,
          permanentFraction: 0.5,
          transientHalfLifeSeconds: 900,
          stress: { elasticity: 0.5, floor: 0.5 },
        },
      ],
      arbitrage: {
        gapHalfLifeSeconds: 117 /* was 30% per 60 s step */,
        capitalUsdPerSecond: 5_000_000 / 60,
        halfCapacityGasGwei: 200,
      },
    },
  ],
  gas: {
    source:
      'Assumed profile (no gas series found): 40–60 gwei, a spike to 500 gwei in the liquidation hour (one user reported paying "500+" gwei, https://www.comp.xyz/t/dai-liquidation-event/642?page=2 — unverified); ETH taken at $520 (assumed).',
    points: pointsAt([
      ['2020-11-26T00:00:00Z', 40],
      ['2020-11-26T08:00:00Z', 60],
      ['2020-11-26T08:45:00Z', 500],
      ['2020-11-26T09:30:00Z', 150],
      ['2020-11-26T12:00:00Z', 60],
      ['2020-11-27T00:00:00Z', 40],
    ]),
    tokenPriceUsd: 520,
  },
  oracleOutages: [],
  population: {
    asset: 'USDC.DAI',
    defaultAccounts: 3000,
    // Assumed: ~1 B DAI borrowed against stablecoin collateral during COMP farming (not verified).
    totalDebtUsd: 1_000_000_000,
    // Assumed: a few recursive farmers a little above the 133% limit (only ~$52 M of DAI-borrower
    // liquidations, 46 M of them one account, were reported); most borrowers well above it.
    collateralRatioBins: [
      { from: 1.4, to: 1.6, weight: 3 },
      { from: 1.6, to: 1.8, weight: 7 },
      { from: 1.8, to: 2.2, weight: 20 },
      { from: 2.2, to: 3.0, weight: 30 },
      { from: 3.0, to: 6.0, weight: 40 },
    ],
    debtParetoAlpha: 1.2,
    whales: [
      // 46 M DAI repaid in one liquidation (Cointelegraph) = half the debt at a 50% close factor; ratio assumed.
      {
        label: 'COMP farmer (46 M DAI repaid in one liquidation)',
        debtUsd: WHALE_DEBT_DAI,
        collateralRatio: 1.45,
      },
    ],
    response: {
      topUp: 0.2,
      deleverage: 0.1,
      medianDelayMinutes: 30,
      delaySigma: 1,
      reserveMedianRatio: 0.3,
      gasCapMedianGwei: 100,
      gasCapSigma: 0.8,
      targetRatio: 1.6,
      patienceMinutes: 120,
    },
  },
  keepers: {
    // Assumed: competitive liquidation bots with flash-swap liquidity (the 46 M DAI liquidation used a Uniswap flash swap).
    count: 20,
    capitalUsd: 100_000_000,
    gasCapMedianGwei: 300,
    gasCapSigma: 0.8,
    marginMin: 0.005,
    marginMax: 0.03,
    lowballers: 0,
    lowballerGasCapGwei: 1000,
    txPerSecond: 5 / 60,
    kicksPerSecond: 10 / 60,
    restockDelaySeconds: 60,
    maxTakeUsd: 100_000_000,
    gasUnitsPerTx: 500_000,
  },
  historicalDesignId: 'compound-2020-coinbase-oracle',
  units: { numeraire: 'DAI', priceDisplay: 'inverse', priceLabel: 'DAI on Coinbase Pro (USD)' },
  market: { kind: 'on-chain', liquidators: 'liquidation bots' },
  published: [
    {
      figure: 'DAI peak on Coinbase Pro',
      value: '~$1.30, 12:00–1:00 am PT (08:00–09:00 UTC); ETH fell ~8% over the same period',
      source: COMPOUND_STATEMENT,
    },
    {
      figure: 'DAI peak window as reported by Cointelegraph',
      value: '$1.30 between 07:00 and 08:00 UTC, on Coinbase and Uniswap only; Kraken and Bitfinex stable',
      source: COINCHAPTER,
    },
    {
      figure: 'DAI market price elsewhere during the spike',
      value: '~$1.03',
      source: 'Compound forum, https://www.comp.xyz/t/dai-liquidation-event/642/36',
    },
    {
      figure: 'Highest DAI price the oracle accepted',
      value: '~1.23 (one forum post; unverified)',
      source: 'Compound forum, https://www.comp.xyz/t/dai-liquidation-event/642?page=2',
    },
    {
      figure: 'Liquidated on Compound (LoanScan)',
      value: '$89 M in 24 h; other reports $103 M',
      source:
        'https://coincodex.com/article/10059/89-million-worth-of-positions-liquidated-on-compound-after-dai-price-spike-on-coinbase-pro/ ; https://www.quadrigainitiative.com/casestudy/compoundpricefeederror.php',
    },
    { figure: 'DAI liquidated', value: '85.2 M DAI', source: FORUM_RECAP },
    {
      figure: 'Liquidations by borrowed asset',
      value: '$110 M in total: $56 M DAI borrowers, $38 M ETH, $10 M USDC, $4 M WBTC',
      source:
        'https://blog.redeeem.com/pricing-mistake-by-coinbase-liquidates-103-million-in-loans-on-compound/',
    },
    {
      figure: 'Largest single liquidation',
      value: '46 M DAI repaid; ~2.4 B cDAI (~$50 M) seized at the 8% incentive; a leveraged COMP farmer',
      source: COINCHAPTER,
    },
    {
      figure: 'Compensation owed at the 8% penalty (proposed, not paid at the time)',
      value: '~6.8 M DAI; first proposal failed 680 k to 212 k COMP',
      source: FORUM_RECAP,
    },
  ],
  validation: {
    targets: [
      {
        id: 'dai-borrower-liquidations',
        figure: 'Liquidations of DAI borrowers',
        published: '$56 M (of $110 M in total)',
        source:
          'https://blog.redeeem.com/pricing-mistake-by-coinbase-liquidates-103-million-in-loans-on-compound/',
        measure: { kind: 'liquidated-value' },
        value: 56_000_000,
        pass: { kind: 'factor', factor: 2 },
        status: 'fitted',
        ifMissed:
          'the share of accounts just above the 133% limit was chosen so that about this much of DAI-borrower collateral is liquidated.',
      },
    ],
    fitted: [
      {
        parameter: 'population.collateralRatioBins (few accounts just above the 133% limit)',
        value: '3% of accounts at 140–160%',
        fittedTo: 'about $52–56 M of DAI-borrower liquidations, 46 M of them one account',
      },
    ],
    uncertain: [
      {
        kind: 'keeper-gas-cap',
        low: 100,
        high: 1000,
        why: 'Liquidation bots’ gas settings are not published; one user reported paying “500+” gwei in the liquidation hour.',
      },
      {
        kind: 'depth',
        low: 0.5,
        high: 2,
        why: 'The depth of Coinbase Pro’s DAI books at night in the US is not published: half to twice the assumed depth.',
      },
    ],
  },
  assumptions: [
    'The asset is one dollar of stablecoin collateral priced in DAI (1 / DAI-USD on Coinbase Pro); debts are in DAI. Users read DAI’s dollar price, its inverse.',
    'The farmer whose single liquidation repaid 46 M DAI at Compound’s 50% close factor is one account of 92 M DAI at 145%.',
    'The spike’s shape inside its hour (20 minutes up, a few minutes at $1.30, back to $1.03 within half an hour) is assumed from the published window and peak; outside 08:00–10:00 DAI is at its $1.00 peg.',
  ],
  limits: [
    'The engine has one exogenous price path per asset: all venues follow it, so the Coinbase-only dislocation cannot be represented as such. Switching to a median-of-venues oracle therefore does not remove the spike in this replay; time-averaging oracles (TWAP, EMA) do damp it.',
    'Collateral–debt inversion: the DAI rise is modelled as the collateral falling to 1/1.30 in DAI. Collateral ratios are the same, but liquidators here sell at the spiked path, while in reality they bought DAI near $1.03 elsewhere: their profit is understated.',
    'Only stablecoin-collateral DAI borrowers are modelled; ETH-collateral borrowers (~$38 M liquidated) and the ~8% ETH fall are not (one collateral asset per scenario).',
    'Recursive DAI-on-DAI positions are insensitive to the DAI price and are left out; the whale is treated as stablecoin collateral against DAI.',
    'The Open Price Feed’s ±20% band around a Uniswap TWAP is not modelled (the engine has no anchored oracle).',
    'Interest accrued and COMP rewards are ignored over the day.',
  ],
  sources: [
    COMPOUND_STATEMENT,
    COINCHAPTER,
    'Compound forum thread "DAI Liquidation Event", https://www.comp.xyz/t/dai-liquidation-event/642',
    'Compound Governance Proposal 019 (Open Price Feed), https://www.comp.xyz/t/governance-proposal-019-open-price-feed/199',
    'https://blog.redeeem.com/pricing-mistake-by-coinbase-liquidates-103-million-in-loans-on-compound/',
  ],
};
