/** A small hand-made RunView for tests of code that consumes runs (CSV, autopsy). */
import type { RunView } from '../contract/api.ts';

export function fakeRunView(steps: number): RunView {
  const ramp = (start: number) => Array.from({ length: steps }, (_, t) => start + t);
  const zeros = () => new Array<number>(steps).fill(0);
  return {
    runId: 'job-0',
    scenarioId: 'black-thursday-2020',
    designId: 'maker-2020-flip',
    designName: 'Maker 2020',
    designHash: '0000000000000000',
    seed: 1,
    accounts: 10,
    engineVersion: 'test',
    startSec: Date.parse('2020-03-12T00:00:00Z') / 1000,
    stepSeconds: 60,
    steps,
    asset: 'ETH',
    calibration: { residual: 0, iterations: 1, converged: true, historicalDesign: 'maker-2020-flip' },
    bridgeNote: '',
    summary: { badDebtUsd: 0, liquidatedUsd: 0, accountsLiquidated: 0, amplification: 1, zeroBidAuctions: 0 },
    waves: [],
    log: [],
    series: {
      observed: ramp(100),
      fundamental: ramp(100),
      price: ramp(100),
      oracle: ramp(100),
      venues: [{ name: 'Dex', price: ramp(100) }],
      flows: { liquidation: zeros(), auction: zeros(), deleverage: zeros() },
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
    },
    triggerHistogram: {
      initialPrice: 100,
      buckets: 64,
      logLo: Math.log(0.2),
      logHi: Math.log(1.4),
      counts: [],
      debtUsd: [],
    },
    liquidationRatio: 1.5,
    liquidations: [],
  };
}
