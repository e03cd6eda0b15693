/**
 * crvUSD's soft liquidation (LLAMMA) as a design to switch on over any lending crash. Pure data,
 * merged into PRESETS. Every parameter names its public source; "assumed" marks a modelling choice.
 */
import type { Design } from './design.ts';

/** Curve's governance post that restates the WETH mint market's parameters in force (A, fee, discounts, oracle time). */
const WETH_MARKET =
  'crvUSD WETH mint market in force until late 2025: A = 100, fee 0.6%, loan discount 9%, liquidation discount 6%, oracle EMA time 600 s — "Update Liquidation & Loan Discounts for WETH-Mint Market", https://gov.curve.finance/t/update-liquidation-loan-discounts-for-weth-mint-market/10935';

export const LLAMMA_DESIGN_LIST: readonly Design[] = [
  {
    schemaVersion: 2,
    id: 'crvusd-llamma',
    name: 'crvUSD — soft liquidation in LLAMMA bands',
    description:
      'crvUSD WETH market: each loan’s collateral is spread over 10 price bands 1% wide (A = 100) below its price; as the oracle falls into them, arbitrageurs convert it to crvUSD and sell the ETH on the market, and buy it back as the price rises (0.6% AMM fee, earned by the bands). Loans start at a 9% loan discount; hard liquidation only when health, counted with a 6% liquidation discount, falls below 0. Oracle: an exponential moving average with a 600 s time constant.',
    sources: [
      WETH_MARKET,
      'Mechanism (bands, band width 1/A, AMM price moving with the cube of the oracle, soft and hard liquidation, health): https://docs.curve.finance/developer/crvusd/amm and https://docs.curve.finance/developer/crvusd/controller; curvefi/curve-stablecoin AMM.vy and Controller.vy (https://github.com/curvefi/curve-stablecoin)',
      'Bands per loan between 4 and 50 (Controller MIN_TICKS, MAX_TICKS): https://docs.curve.finance/developer/crvusd/controller; 10 bands for every loan is assumed (the borrower chooses)',
      'Oracle as an EMA with half-life 416 s = 600 s × ln 2 (the 600 s time constant above); the aggregation over Curve tricrypto pools and the Chainlink bound are not modelled',
      'Hard liquidation by keepers taking the collateral at the liquidation discount and selling it (crvUSD `liquidate` is a liquidator’s transaction); bad debt is unbacked crvUSD (no surplus buffer modelled): socialised',
      'Inside a band the converted share is linear in the log of the AMM price (modelling choice; LLAMMA’s own invariant has the same end points)',
    ],
    margin: { kind: 'fixed-ratio', liquidationRatio: 1 / (1 - 0.06), callRatio: 1.16 },
    oracle: {
      source: 'median',
      transform: { kind: 'ema', halfLifeSeconds: 416 },
      update: { kind: 'every-step' },
      maxGasGwei: null,
      honorOutages: true,
    },
    liquidation: {
      kind: 'soft-liquidation',
      bandWidthFactor: 100,
      bands: 10,
      fee: 0.006,
      loanDiscount: 0.09,
      liquidationDiscount: 0.06,
    },
    shortfall: {
      surplusBufferUsd: 0,
      then: 'socialise',
      govTokenPriceUsd: 1,
      debtAuctionDiscount: 0,
      debtAuctionDelaySeconds: 0,
    },
    keepers: {},
  },
];
