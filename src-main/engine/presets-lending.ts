/**
 * Historical designs needed by the built-in scenarios beyond Black Thursday: the lending protocols
 * whose liquidations each crash went through. Pure data (no Node), merged into PRESETS
 * (presets.ts), the source of truth; ids are listed in SCENARIO_DESIGN_IDS.
 *
 * Every parameter names its source; "assumed" marks a modelling choice, not a published value. The
 * engine models one collateral asset per account with fixed-ratio margin, so each design is the
 * protocol's parameters for the collateral the scenario models (not the whole market).
 */
import type { Design, OracleDesign } from './design.ts';
import { DEFAULT_OPTIONS_DESIGN } from './options/option-book.ts';

/** Bad debt with no backstop modelled: socialised to lenders (the protocol's reserves are not simulated). */
const noBackstop: Design['shortfall'] = {
  surplusBufferUsd: 0,
  then: 'socialise',
  // Unused when `then` is 'socialise'; the schema requires a positive number.
  govTokenPriceUsd: 1,
  debtAuctionDiscount: 0,
  debtAuctionDelaySeconds: 0,
};

/**
 * Oracle latency. Every feed reports trades that have already happened: a liquidation triggered at
 * one step acts on prices from before that step's own sales. Besides being how feeds work, this
 * matters for calibrated replay of market-sale designs: if the oracle read the very step whose
 * liquidation sales move the price, the calibration fixed point need not exist (the trigger would
 * depend on the sale's own impact) and the historical replay could oscillate instead of converging.
 */
const FEED_LATENCY_SECONDS = 300;

/**
 * Chainlink-style push feed as Aave v2 read it. The 1% deviation threshold, 24-hour heartbeat and
 * 5-minute latency are assumed (typical of ETH-denominated Chainlink feeds; not verified per feed).
 */
const chainlinkPush: OracleDesign = {
  source: 'median',
  transform: { kind: 'delay', delaySeconds: FEED_LATENCY_SECONDS },
  update: { kind: 'deviation', thresholdBps: 100, heartbeatSeconds: 86_400 },
  maxGasGwei: null,
  honorOutages: true,
};

const AAVE_V2_CLOSE_FACTOR =
  'Aave v2 close factor 50% (at most half the debt repaid per liquidation): Aave v2 LendingPoolCollateralManager, LIQUIDATION_CLOSE_FACTOR_PERCENT = 5000 (aave/protocol-v2)';

export const SCENARIO_DESIGN_LIST: readonly Design[] = [
  {
    schemaVersion: 2,
    id: 'compound-2020-coinbase-oracle',
    name: 'Compound 2020 — market sale on a Coinbase-only price feed (historical)',
    description:
      'Compound v2 as on 26 November 2020: the Open Price Feed posts the price signed by the Coinbase reporter (Coinbase Pro trades), checked only against a ±20% band around a Uniswap v2 TWAP. Collateral factor 75% (liquidation below 133% collateral), close factor 50%, 8% liquidation incentive; liquidators repay DAI and take collateral at the oracle price. The TWAP anchor band is not modelled.',
    sources: [
      'Open Price Feed: Coinbase reporter price posted when within 20% of the Uniswap v2 TWAP — Compound Governance Proposal 019, https://www.comp.xyz/t/governance-proposal-019-open-price-feed/199',
      'Liquidation incentive 8%: "expected behavior given Compound’s current liquidation incentive of 8%" — https://coinchapter.com/compound-liquidator-makes-4m-as-oracles-post-inflated-dai-price/ ; "based on the protocol’s 8% liquidation penalty" — https://www.comp.xyz/t/dai-liquidation-event/642/88',
      'Close factor 50% (Compound v2 comptroller closeFactorMantissa 0.5 in 2020; not re-verified for the date)',
      'Collateral factor 75% for the stablecoin collateral is assumed equal to the ETH market’s 75% (not verified for USDC/DAI on 2020-11-26)',
      'Oracle modelled as the Coinbase Pro venue every step, one minute late (assumed): liquidators posted the signed price themselves in the liquidation transaction (coinchapter, above)',
    ],
    margin: { kind: 'fixed-ratio', liquidationRatio: 1 / 0.75, callRatio: 1.5 },
    oracle: {
      source: 'venue',
      venue: 'Coinbase Pro',
      // Assumed: the signed Coinbase price lags the book by about a minute.
      transform: { kind: 'delay', delaySeconds: 60 },
      update: { kind: 'every-step' },
      maxGasGwei: null,
      honorOutages: true,
    },
    liquidation: { kind: 'market-sale', closeFactor: 0.5, bonus: 0.08 },
    shortfall: noBackstop,
    keepers: {},
  },
  {
    schemaVersion: 2,
    id: 'anchor-2022-bluna',
    name: 'Anchor 2022 — bLUNA-collateral UST loans (historical)',
    description:
      'Anchor Protocol on Terra in May 2022: borrow UST up to 60% of the collateral value (liquidation above 60% LTV, i.e. below 167% collateral), prices from the Terra validators’ oracle, liquidation by bids in the Orca liquidation queue, modelled here as a market sale of the whole debt at an assumed 5% premium.',
    sources: [
      'Borrow up to 60% of the collateral; liquidated above it — The Block data via https://en.bitpush.news/articles/4227348 and https://data-app.fly.dev/boomer77/terra-126-liquidation-risks-WIKQmV',
      'Liquidation through the Orca (Kujira) liquidation queue at bidder-chosen premiums — https://data-app.fly.dev/boomer77/terra-126-liquidation-risks-WIKQmV ; the 5% premium and whole-debt close are assumed',
      'Oracle: median of validator exchange-rate votes, modelled as a median updated every step with 5 minutes of latency (assumed)',
      'Call ratio 200% (a 50% LTV warning line) is assumed',
    ],
    margin: { kind: 'fixed-ratio', liquidationRatio: 1 / 0.6, callRatio: 2 },
    oracle: {
      source: 'median',
      transform: { kind: 'delay', delaySeconds: FEED_LATENCY_SECONDS },
      update: { kind: 'every-step' },
      maxGasGwei: null,
      honorOutages: true,
    },
    liquidation: { kind: 'market-sale', closeFactor: 1, bonus: 0.05 },
    shortfall: noBackstop,
    keepers: {},
  },
  {
    schemaVersion: 2,
    id: 'aave-v2-steth-2022',
    name: 'Aave v2 2022 — stETH collateral, ETH debt (historical)',
    description:
      'Aave v2 stETH as collateral after the May 2022 change: liquidation threshold 81% (liquidation below 123.5% collateral), max LTV 69%, close factor 50%, 7.5% liquidation bonus; priced in ETH by a Chainlink-style push feed. The numeraire of this design is ETH.',
    sources: [
      'LT 81% and LTV 69% from 2022-05-19 — Gauntlet AIP-75 "Freezing UST and Updating stETH Parameters", https://gateway.pinata.cloud/ipfs/QmPxhb43h3rx9u7WTvq7omQXaiuhQQ1s45abcJ5JbZuR2w ; https://docs.superstaker.xyz/basics/steth-on-aave',
      'Liquidation bonus 7.5% — stETH listing proposal, https://gl.app/dao/aavedao.eth/proposals/Qme8XusejN3LomNoxQcCsABPPJ1KmRgMFV3fj1eKRGzsGQ',
      AAVE_V2_CLOSE_FACTOR,
      'Feed: 1% deviation / 24 h heartbeat / 5 min latency assumed',
    ],
    margin: { kind: 'fixed-ratio', liquidationRatio: 1 / 0.81, callRatio: 1 / 0.69 },
    oracle: chainlinkPush,
    liquidation: { kind: 'market-sale', closeFactor: 0.5, bonus: 0.075 },
    shortfall: noBackstop,
    keepers: {},
  },
  {
    schemaVersion: 2,
    id: 'aave-v2-wbtc-2022',
    name: 'Aave v2 2022 — WBTC collateral, stablecoin debt (historical)',
    description:
      'Aave v2 WBTC as collateral: liquidation threshold 75% (liquidation below 133% collateral), max LTV 70%, close factor 50%, 10% liquidation bonus, Chainlink-style push feed. These are the values at the market’s deployment; whether governance had changed them by November 2022 is not verified.',
    sources: [
      'WBTC baseLTVAsCollateral 7000, liquidationThreshold 7500, liquidationBonus 11000 — https://github.com/aave/protocol-v2/blob/master/markets/aave/reservesConfigs.ts (strategyWBTC, read at @02778f5; deployment values, November 2022 values unverified)',
      AAVE_V2_CLOSE_FACTOR,
      'Feed: 1% deviation / 24 h heartbeat / 5 min latency assumed',
    ],
    margin: { kind: 'fixed-ratio', liquidationRatio: 1 / 0.75, callRatio: 1 / 0.7 },
    oracle: chainlinkPush,
    liquidation: { kind: 'market-sale', closeFactor: 0.5, bonus: 0.1 },
    shortfall: noBackstop,
    keepers: {},
  },
  {
    schemaVersion: 2,
    id: 'aave-v2-crv-2023',
    name: 'Aave v2 2023 — CRV collateral, USDT debt (historical)',
    description:
      'Aave v2 CRV as collateral at the end of July 2023: liquidation threshold 55% (liquidation below 182% collateral), max LTV 49%, close factor 50%; the 8% liquidation bonus is assumed. Chainlink-style push feed.',
    sources: [
      'LT 55% in force when Delphi Digital computed Egorov’s liquidation price (0.3767 CRV/USDT) on 2023-08-01 — https://members.delphidigital.io/feed/michael-egorovs-crv-positions',
      'LTV 49% (after the 2023-06 reduction 52 → 49) — Chaos Labs ARFC, https://governance.aave.com/t/arfc-chaos-labs-risk-parameter-updates-crv-aave-v2-ethereum-2023-07-10/13952',
      AAVE_V2_CLOSE_FACTOR,
      'Liquidation bonus 8% assumed (not verified for CRV on the date); feed 1% deviation / 24 h heartbeat / 5 min latency assumed',
    ],
    margin: { kind: 'fixed-ratio', liquidationRatio: 1 / 0.55, callRatio: 1 / 0.49 },
    oracle: chainlinkPush,
    liquidation: { kind: 'market-sale', closeFactor: 0.5, bonus: 0.08 },
    shortfall: noBackstop,
    keepers: {},
  },
  {
    schemaVersion: 2,
    id: 'reg-t-1987',
    name: 'US securities margin 1987 — Reg T, NYSE maintenance, broker sells; CBOE option margin',
    description:
      'Margin accounts of October 1987: Regulation T initial margin 50% (a position is bought with at most half borrowed), NYSE maintenance margin 25% (the broker sells the account out below it), house calls at 30%; the broker sells the whole position at market (a 2% cost to the account). Index-option writers are margined per position (15% of the underlying less the out-of-the-money amount, at least 10%); dealers re-hedge on the scenario’s schedule; implied volatility reacts to realised stress.',
    sources: [
      'Regulation T initial margin 50% for equity securities since 1974 — Federal Reserve Board, 12 CFR 220 (https://www.federalreserve.gov/supervisionreg/regtcg.htm)',
      'Maintenance margin 25% of market value — NYSE Rule 431 (FINRA Rule 4210 today, https://www.finra.org/rules-guidance/rulebooks/finra-rules/4210); house call level 30% assumed',
      'Broker sell-out at market; the account bears commissions and slippage, modelled as a 2% discount to the broker (assumed; a liquidator needs some discount to act in the engine)',
      'Short index option margin: 15% of the underlying value less the out-of-the-money amount, minimum 10% (CBOE-style per-position rule; assumed as in force in 1987, not verified for the date)',
      'Oracle: the composite market price each step (a broker marks to the last trade; 5-minute steps)',
    ],
    margin: { kind: 'fixed-ratio', liquidationRatio: 1 / 0.75, callRatio: 1 / 0.7 },
    oracle: {
      source: 'median',
      transform: { kind: 'none' },
      update: { kind: 'every-step' },
      maxGasGwei: null,
      honorOutages: false,
    },
    liquidation: { kind: 'market-sale', closeFactor: 1, bonus: 0.02 },
    shortfall: noBackstop,
    keepers: {},
    // The standard per-position option margin, 2% penalty, every loop on (options/option-book.ts).
    options: { ...DEFAULT_OPTIONS_DESIGN },
  },
];

/** The scenario designs by id (validated when the engine builds PRESETS). */
export const SCENARIO_DESIGNS: ReadonlyMap<string, Design> = new Map(
  SCENARIO_DESIGN_LIST.map((d) => [d.id, d]),
);

export const SCENARIO_DESIGN_IDS: readonly string[] = SCENARIO_DESIGN_LIST.map((d) => d.id);
