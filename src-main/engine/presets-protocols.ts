/**
 * Reference designs of today's lending protocols, to switch on over any crash: Compound v2, Aave v3 and
 * Liquity v1 (the perpetual exchanges are in presets-perps.ts). Pure data, merged into PRESETS.
 * Every parameter names its source; "assumed" marks a modelling choice, not a published value. Each
 * design is the protocol's parameters for ETH collateral against a stablecoin debt.
 */
import type { Design, OracleDesign } from './design.ts';

/**
 * Chainlink ETH/USD push feed: posts on a 0.5% deviation or a 1-hour heartbeat (the feed's published
 * parameters on Ethereum mainnet, data.chain.link); a 5-minute latency is assumed, as for the other
 * lending presets (a feed reports trades that have already happened).
 */
const chainlinkEthUsd: OracleDesign = {
  source: 'median',
  transform: { kind: 'delay', delaySeconds: 300 },
  update: { kind: 'deviation', thresholdBps: 50, heartbeatSeconds: 3600 },
  maxGasGwei: null,
  honorOutages: true,
};

const socialise: Design['shortfall'] = {
  surplusBufferUsd: 0,
  then: 'socialise',
  govTokenPriceUsd: 1,
  debtAuctionDiscount: 0,
  debtAuctionDelaySeconds: 0,
};

export const PROTOCOL_DESIGN_LIST: readonly Design[] = [
  {
    schemaVersion: 2,
    id: 'compound-v2',
    name: 'Compound v2 — ETH collateral, fixed-discount market sale',
    description:
      'Compound v2 ETH market after 2021: collateral factor 82.5% (liquidation below 121% collateral), close factor 50%, 8% liquidation incentive; liquidators repay the borrow and seize cETH at the oracle price, then sell it. Prices from the Uniswap-anchored Chainlink view.',
    sources: [
      'Close factor 50% and liquidation incentive 8%: Compound v2 Comptroller (closeFactorMantissa 0.5, liquidationIncentiveMantissa 1.08) — https://docs.compound.finance/v2/comptroller/',
      'ETH collateral factor 82.5% (raised from 75%; value in force 2022–2023, not re-verified for every date) — https://compound.finance/markets/ETH',
      'Oracle: UniswapAnchoredView with Chainlink reporters from 2021 (Compound Proposal 092); modelled as a Chainlink push feed with 0.5% deviation, 1 h heartbeat and 5 min latency (assumed)',
      'Bad debt is borne by suppliers (no protocol backstop modelled): socialised',
    ],
    margin: { kind: 'fixed-ratio', liquidationRatio: 1 / 0.825, callRatio: 1 / 0.75 },
    oracle: chainlinkEthUsd,
    liquidation: { kind: 'market-sale', closeFactor: 0.5, bonus: 0.08 },
    shortfall: socialise,
    keepers: {},
  },
  {
    schemaVersion: 2,
    id: 'aave-v3',
    name: 'Aave v3 — WETH collateral, fixed-discount market sale',
    description:
      'Aave v3 Ethereum WETH: liquidation threshold 83% (liquidation below 120.5% collateral), max LTV 80.5%, 5% liquidation bonus, close factor 50% (Aave v3 raises it to 100% below a health factor of 0.95; one close factor is modelled). Chainlink ETH/USD feed.',
    sources: [
      'WETH LT 83%, LTV 80.5%, liquidation bonus 5% on Aave v3 Ethereum (risk-steward values 2023–2024; read from the Aave v3 market page https://app.aave.com/reserve-overview/?underlyingAsset=0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2&marketName=proxy_aave_v3 — not re-verified for every date)',
      'Close factor 50%, 100% when health factor < 0.95 (CLOSE_FACTOR_HF_THRESHOLD) — aave/aave-v3-core LiquidationLogic.sol; modelled as 50% throughout',
      'Liquidation protocol fee (10% of the bonus) not modelled; Chainlink ETH/USD feed 0.5% deviation / 1 h heartbeat, 5 min latency assumed',
      'Bad debt: the Umbrella/Safety Module backstop is not modelled (socialised)',
    ],
    margin: { kind: 'fixed-ratio', liquidationRatio: 1 / 0.83, callRatio: 1 / 0.805 },
    oracle: chainlinkEthUsd,
    liquidation: { kind: 'market-sale', closeFactor: 0.5, bonus: 0.05 },
    shortfall: socialise,
    keepers: {},
  },
  {
    schemaVersion: 2,
    id: 'liquity-v1',
    name: 'Liquity v1 — stability pool, then redistribution',
    description:
      'Liquity v1 troves: minimum collateral ratio 110%; a liquidated trove’s debt is burned from the Stability Pool, whose depositors receive its ETH (a discount of up to 10%); if the pool cannot absorb it, debt and collateral are redistributed to the other troves pro rata to collateral. The caller gets 200 LUSD + 0.5% of the collateral. Recovery Mode (TCR < 150%) is not modelled.',
    sources: [
      'MCR 110%, CCR 150%, gas compensation 200 LUSD + 0.5% of collateral, Stability Pool offset and redistribution — Liquity v1 docs, https://docs.liquity.org/liquity-v1/faq/stability-pool-and-liquidations',
      'Stability Pool deposits $300M: the order of magnitude of the pool in 2021–2022 (Liquity dashboard; assumed, not a dated figure) — ample for every built-in scenario’s population',
      'Depositors sell their ETH gains with a 1-day half-life and put half the proceeds back into the pool: assumed (depositors decide; not published)',
      'Oracle: Chainlink ETH/USD with a Tellor fallback; modelled as Chainlink, 0.5% deviation / 1 h heartbeat, 5 min latency (assumed)',
      'Fallback close factor and bonus (used only if a design switches whenEmpty to market-sale): 100%, 10% (assumed)',
    ],
    margin: { kind: 'fixed-ratio', liquidationRatio: 1.1, callRatio: 1.5 },
    oracle: chainlinkEthUsd,
    liquidation: {
      kind: 'stability-pool',
      depositsUsd: 300_000_000,
      gasCompensationUsd: 200,
      gasCompensationFraction: 0.005,
      sellOffHalfLifeSeconds: 86_400,
      reinvestFraction: 0.5,
      whenEmpty: 'redistribute',
      fallbackCloseFactor: 1,
      fallbackBonus: 0.1,
    },
    shortfall: socialise,
    keepers: {},
  },
];
