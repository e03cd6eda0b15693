/**
 * Small hand-computable scenarios for the engine's tests: one-venue linear markets with a flat
 * observed path, a few named accounts (whales with exact debt and collateral ratio) plus one tiny
 * ordinary account far from any threshold, responses and keepers that never get in the way.
 */
export const TEST_T0 = Date.parse('2024-01-01T00:00:00Z') / 1000;

export interface TestWhale {
  debtUsd: number;
  collateralRatio: number;
}

/** An asset at `price` on one linear venue of `depthUsd`, observed flat over the 20-minute window. */
export function testAsset(id: string, price: number, depthUsd: number): Record<string, unknown> {
  return {
    id,
    observed: {
      source: 'test',
      resolutionSeconds: 60,
      points: [
        [TEST_T0, price],
        [TEST_T0 + 1140, price],
      ],
    },
    venues: [
      {
        name: 'dex',
        impact: 'linear',
        depthUsd,
        permanentFraction: 1,
        transientHalfLifeSeconds: 60,
        stress: { elasticity: 0, floor: 1 },
      },
    ],
    arbitrage: { gapHalfLifeSeconds: null, capitalUsdPerSecond: 0, halfCapacityGasGwei: 100 },
  };
}

/**
 * A 20-minute, 1-minute-step scenario input (unparsed) on `assets`, population on ETH with the
 * whales; `population` adds fields to the population (a basket, perpetuals).
 */
export function testScenarioInput(
  id: string,
  assets: Record<string, unknown>[],
  whales: TestWhale[],
  population: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id,
    version: 1,
    title: id,
    dateLabel: '',
    summary: '',
    lesson: '',
    startTime: '2024-01-01T00:00:00Z',
    endTime: '2024-01-01T00:19:00Z',
    defaultStepSeconds: 60,
    assets,
    gas: { source: 'test', points: [[TEST_T0, 1]], tokenPriceUsd: 1 },
    oracleOutages: [],
    population: {
      asset: 'ETH',
      defaultAccounts: whales.length + 1,
      totalDebtUsd: whales.reduce((s, w) => s + w.debtUsd, 0) + 1,
      collateralRatioBins: [{ from: 50, to: 51, weight: 1 }],
      debtParetoAlpha: 2,
      whales: whales.map((w, i) => ({ label: `w${i}`, ...w })),
      response: {
        topUp: 0,
        deleverage: 0,
        medianDelayMinutes: 1,
        delaySigma: 0,
        reserveMedianRatio: 0,
        gasCapMedianGwei: 1000,
        gasCapSigma: 0,
        targetRatio: 2,
        patienceMinutes: 60,
      },
      ...population,
    },
    keepers: {
      count: 5,
      capitalUsd: 1e9,
      gasCapMedianGwei: 1000,
      gasCapSigma: 0,
      marginMin: 0,
      marginMax: 0,
      lowballers: 0,
      lowballerGasCapGwei: 1,
      txPerSecond: 10 / 60,
      kicksPerSecond: 10 / 60,
      restockDelaySeconds: 0,
      maxTakeUsd: 1e9,
      gasUnitsPerTx: 1,
    },
    historicalDesignId: 'x',
    published: [],
    assumptions: [],
    limits: [],
    sources: [],
  };
}
