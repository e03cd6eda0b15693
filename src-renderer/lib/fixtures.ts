/** A small synthetic RunView for unit tests (not imported by the app). */
import type { RunView, WaveView } from './contract.ts';

export function wave(
  index: number,
  startStep: number,
  endStep: number,
  extra: Partial<WaveView> = {},
): WaveView {
  return {
    index,
    startStep,
    endStep,
    start: '',
    end: '',
    triggerPrice: 100,
    accounts: 3,
    liquidations: 4,
    collateralSoldUsd: 1000 * index,
    endogenousShare: 0.2,
    shareMeasured: true,
    badDebtUsd: 0,
    ...extra,
  };
}

/** A run of `steps` steps whose price falls linearly from 200 to 100; histogram of 8 buckets. */
export function fakeRun(steps = 10, extra: Partial<RunView> = {}): RunView {
  const line = (from: number, to: number): number[] =>
    Array.from({ length: steps }, (_, i) => from + ((to - from) * i) / Math.max(1, steps - 1));
  const zeros = (): number[] => new Array<number>(steps).fill(0);
  const buckets = 8;
  const counts: number[] = [];
  const debtUsd: number[] = [];
  for (let t = 0; t < steps; t++) {
    for (let b = 0; b < buckets; b++) {
      counts.push(1);
      debtUsd.push(100 * (b + 1));
    }
  }
  return {
    runId: 'run-1',
    scenarioId: 'black-thursday-2020',
    designId: 'maker-2020-flip',
    designName: 'Flip',
    designHash: '0',
    seed: 1,
    accounts: 8,
    engineVersion: 'test',
    startSec: Date.UTC(2020, 2, 12) / 1000,
    stepSeconds: 60,
    steps,
    asset: 'ETH',
    calibration: {
      residual: 0,
      iterations: 1,
      converged: true,
      historicalDesign: 'maker-2020-flip',
      diagnostics: {
        observedDrawdown: 0.5,
        fundamentalDrawdown: 0.4,
        observedFall: -0.5,
        fundamentalMoveOverFall: -0.4,
        maxImpact: 0.1,
        maxImpactStep: 3,
        warnings: [],
      },
    },
    bridgeNote: '',
    units: { numeraire: 'USD', priceDisplay: 'direct', priceLabel: 'ETH price (USD)' },
    market: { kind: 'on-chain', liquidators: 'keepers' },
    fitWarnings: [],
    summary: {
      badDebtUsd: 10,
      softLiquidationLossUsd: 0,
      liquidatedUsd: 100,
      accountsLiquidated: 2,
      amplification: 1.2,
      zeroBidAuctions: 1,
      backstops: {
        poolAbsorbedUsd: 0,
        redistributedDebtUsd: 0,
        insuranceFeesUsd: 0,
        insurancePaidUsd: 0,
        fundExhaustedStep: -1,
        adlAccounts: 0,
        adlNotionalUsd: 0,
        adlHaircutUsd: 0,
        firstAdlStep: -1,
        vaultTakeovers: 0,
        vaultTakeoverUsd: 0,
        backstopSoldUsd: 0,
        breakerTrips: 0,
        pausedSteps: 0,
        peakRequiredRatio: 1.5,
        shortsLiquidated: 0,
        admittedAccounts: 0,
      },
    },
    mechanism: {
      liquidation: 'english-auction',
      margin: 'fixed-ratio',
      circuitBreaker: false,
      autoDeleverage: false,
      backstopVault: false,
    },
    waves: [wave(1, 2, 3), wave(2, 6, 7)],
    log: [
      { step: 0, time: '', kind: 'oracle', text: 'oracle starts at $200' },
      { step: 2, time: '', kind: 'liquidations', text: '2 auctions opened' },
      { step: 2, time: '', kind: 'calls', text: '3 accounts called' },
      { step: 6, time: '', kind: 'bad-debt', text: 'bad debt $10' },
    ],
    series: {
      observed: line(200, 100),
      // Observed at every fourth step, filled between (as inside bars).
      observedKind: Array.from({ length: steps }, (_, t) => (t % 4 === 0 ? 1 : 0)),
      fundamental: line(200, 120),
      price: line(200, 100),
      oracle: line(200, 110),
      venues: [{ name: 'a', price: line(200, 100) }],
      flows: {
        liquidation: zeros(),
        auction: line(0, 9),
        deleverage: zeros(),
        backstop: zeros(),
        hedging: zeros(),
        insurance: zeros(),
        soft: zeros(),
      },
      callsIssued: zeros(),
      callsAnswered: zeros(),
      liquidations: zeros(),
      accountsLiquidated: zeros(),
      collateralLiquidatedUsd: zeros(),
      zeroBids: zeros(),
      badDebtUsd: zeros(),
      surplusUsd: zeros(),
      debtAuctionUsd: zeros(),
      collateralInAuctionsUsd: zeros(),
      openAuctions: zeros(),
      activeKeepers: zeros(),
      gasGwei: zeros(),
      oracleBlocked: zeros(),
      requiredRatio: new Array<number>(steps).fill(1.5),
      breakerActive: zeros(),
      poolDepositsUsd: zeros(),
      backstopHoldingsUsd: zeros(),
      insuranceFundUsd: zeros(),
      vaultEquityUsd: zeros(),
      adlAccounts: zeros(),
      adlNotionalUsd: zeros(),
    },
    triggerHistogram: {
      initialPrice: 200,
      buckets,
      logLo: Math.log(0.2),
      logHi: Math.log(1.4),
      counts,
      debtUsd,
    },
    liquidationRatio: 1.5,
    liquidations: [],
    options: null,
    keepers: { count: 3, lowballers: 1, gasCapMedianGwei: 50, lowballerGasCapGwei: 2000 },
    sources: { price: 'test price source', gas: 'test gas source' },
    ...extra,
  };
}
