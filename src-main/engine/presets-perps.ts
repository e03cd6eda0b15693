/**
 * Perpetual-futures exchange designs (MODEL.md §6, anchors §1.14 and §3.9): the venues whose
 * liquidation engines, backstops and auto-deleveraging (ADL) the October 2025 scenario replays.
 * Pure data (no Node), merged into PRESETS (presets.ts).
 *
 * Each design is the exchange's parameters for its BTC perpetual (the engine models one market per
 * scenario). Every parameter names its source; "assumed" marks a modelling choice, not a published
 * value. Perpetuals margined in USDC: the liquidation ratio is 1 / (1 − maintenance margin) and the
 * call ratio 1 / (1 − initial margin) — an account is warned once it could no longer open its position.
 */
import type { Design, OracleDesign } from './design.ts';

/** The exchange's own mark price: the median of the venues, every step, no transform. */
const markPrice: OracleDesign = {
  source: 'median',
  transform: { kind: 'none' },
  update: { kind: 'every-step' },
  maxGasGwei: null,
  honorOutages: true,
};

/** What neither the fund nor ADL covers is socialised (no protocol surplus or governance-token backstop). */
const socialise: Design['shortfall'] = {
  surplusBufferUsd: 0,
  then: 'socialise',
  // Unused when `then` is 'socialise'; the schema requires a positive number.
  govTokenPriceUsd: 1,
  debtAuctionDiscount: 0,
  debtAuctionDelaySeconds: 0,
};

/** Hyperliquid BTC: 40× maximum leverage → initial margin 2.5%, maintenance margin half of it. */
export const HYPERLIQUID_BTC_INITIAL_MARGIN = 1 / 40;
export const HYPERLIQUID_BTC_MAINTENANCE_MARGIN = HYPERLIQUID_BTC_INITIAL_MARGIN / 2;
/** dYdX v4 liquidity tier 0 "Large-Cap" (BTC-USD): initial margin 5%, maintenance = 60% of it = 3%. */
export const DYDX_BTC_INITIAL_MARGIN = 0.05;
export const DYDX_BTC_MAINTENANCE_MARGIN = DYDX_BTC_INITIAL_MARGIN * 0.6;

export const PERPS_DESIGN_LIST: readonly Design[] = [
  {
    schemaVersion: 2,
    id: 'hyperliquid-2025',
    name: 'Hyperliquid 2025 — book liquidation, HLP backstop vault, auto-deleveraging (historical)',
    description:
      'Hyperliquid BTC perpetual as in October 2025: 40× maximum leverage (initial margin 2.5%), maintenance margin half of it (1.25%) on the mark price. A liquidated position goes to the book as a market order, positions above 100k USDC 20% at a time with a 30-second cooldown, with no liquidation fee. Positions whose equity has fallen below two thirds of maintenance margin are taken over by the liquidator vault (HLP), which unwinds them on the book. There is no insurance fund to speak of (a nominal $1k): once a loss reaches it, liquidations are auto-deleveraged against the most profitable, most leveraged opposite positions.',
    sources: [
      'Maintenance margin = ½ of initial margin at maximum leverage (1% at 50× … 16.7% at 3×): Hyperliquid docs, “Liquidations” / “Margining”, https://hyperliquid.gitbook.io/hyperliquid-docs/trading/liquidations',
      'BTC maximum leverage 40× (set in March 2025 after the ETH whale liquidation): https://crypto.report/altcoins/hype-token-drops-8-5-after-whale-liquidation-causes-4m-loss-in-hyperliquid-vault/ → initial margin 2.5%, maintenance 1.25%, liquidationRatio 1/(1 − 0.0125)',
      'Call ratio = 1/(1 − initial margin 2.5%) (assumed: the account is warned when it could no longer open its position)',
      'Liquidation: whole position sent to the book as a market order; positions over 100k USDC cut 20% at a time with a 30 s cooldown: Hyperliquid docs, https://hyperliquid.gitbook.io/hyperliquid-docs/trading/liquidations (as mirrored; secondary)',
      'Liquidation fee 0: Hyperliquid charges no separate liquidation fee to an insurance fund (the liquidator vault earns from the positions it takes over; the docs list no fee) — assumption from the docs’ description, not a quoted parameter',
      'Backstop: the liquidator vault (HLP) takes over positions with equity below 2/3 of maintenance margin: Hyperliquid docs, https://hyperliquid.gitbook.io/hyperliquid-docs/trading/liquidations',
      'HLP held about $300M in October 2025 across 130+ markets (http://bitchainhorizon.com/understanding-hyperliquids-hlp-vault, ian.btc, translated; $451M in March 2025 — https://crypto.report/altcoins/hype-token-drops-8-5-after-whale-liquidation-causes-4m-loss-in-hyperliquid-vault/); 95% of the ADL fills of 10 October were against the HLP and liquidator vaults (https://www.tektonic.company/blog/hyperliquid-adl-cascade-october-10): the backstop saturated',
      'Backstop vault: capital $300M (the order of magnitude of HLP reported in 2025; not verified to the dollar) and a risk limit of $20M of BTC held at once: the limit is tuned, not published. Hyperliquid’s liquidator saturated from cross-asset losses and an empty book, which a one-market model cannot produce; the limit stands for that saturation and is sized so that the first ADL comes about a minute into the recorded burst (61.7 s in Hyperliquid’s public fills as aggregated by https://github.com/ConejoCapital/HyperMultiAssetedADL). Without a limit the vault absorbs every BTC loss of the scenario and nothing is auto-deleveraged',
      'Vault unwind half-life 120 s: assumed (HLP unwinds on its own book within minutes; not published)',
      'Insurance fund $1,000 — in effect none: Hyperliquid has no separate insurance fund (its docs, https://hyperliquid.gitbook.io/hyperliquid-docs/trading/liquidations, describe the vault and ADL only). A nominal $1k stands for “no separate fund”: the first loss the vault does not absorb empties it, and bankrupt positions are auto-deleveraged from there',
      'Auto-deleveraging ranks opposing traders by unrealised PnL and leverage; first cross-margin ADL in >2 years on 2025-10-10 — Hyperliquid post quoted at https://web3.ouchyi.blue/nl/discover/post/57484884932608',
      'Mark price modelled as the venue median every step with no transform (Hyperliquid’s mark blends CEX prices with its own book: https://hyperliquid.gitbook.io/hyperliquid-docs/trading/robust-price-indices)',
      'Shortfall socialised: “zero bad debt” per Hyperliquid; anything ADL cannot cover is recorded as socialised (assumed)',
    ],
    margin: {
      kind: 'fixed-ratio',
      liquidationRatio: 1 / (1 - HYPERLIQUID_BTC_MAINTENANCE_MARGIN),
      callRatio: 1 / (1 - HYPERLIQUID_BTC_INITIAL_MARGIN),
    },
    oracle: markPrice,
    liquidation: {
      kind: 'exchange-close',
      liquidationFee: 0,
      insuranceFundUsd: 1_000,
      autoDeleverage: true,
      backstopVault: {
        belowMaintenanceFraction: 2 / 3,
        capitalUsd: 300_000_000,
        unwindHalfLifeSeconds: 120,
        maxHoldingUsd: 20_000_000,
      },
      partialClose: { aboveUsd: 100_000, fraction: 0.2, cooldownSeconds: 30 },
    },
    shortfall: socialise,
    keepers: {},
  },
  {
    schemaVersion: 2,
    id: 'dydx-v4',
    name: 'dYdX v4 — liquidation with a 1.5% fee to the insurance fund, then deleveraging',
    description:
      'dYdX Chain BTC-USD: liquidity tier “Large-Cap”, initial margin 5% (20×), maintenance margin 60% of it (3%), on the oracle price. A liquidated position is closed on the book and pays up to 1.5% of its notional to the insurance fund; the fund covers negative equity up to the bankruptcy price, and once it is depleted the most profitable, most leveraged offsetting positions are deleveraged. No backstop vault, no partial-close rule.',
    sources: [
      'Liquidity tier 0 “Large-Cap”: initial_margin_ppm 50000 (5%), maintenance_fraction_ppm 600000 (maintenance = 60% of initial = 3%) — dydxprotocol/v4-chain genesis (protocol/testing/genesis.sh, sample_pregenesis.json); see https://nautilustrader.io/docs/core-latest/nautilus_dydx/proto/dydxprotocol/perpetuals/struct.LiquidityTier.html for the field meanings',
      'Maximum liquidation penalty 1.5%, paid to the insurance fund; maximum liquidation spread 1.5 × MMR: dYdX v4 docs, https://docs.dydx.exchange/concepts/trading/liquidations',
      'Insurance fund is the first backstop; deleveraging only once it is depleted, prioritising accounts with high profit and leverage — https://docs.dydx.community/dydx-token-migration/dydx-chain-modules-and-parameters/governance-adjustable-parameters/trading-core ; https://help.dydx.exchange/en/articles/8581982-contract-loss-mechanisms-on-dydx-chain',
      'Insurance fund $250k for the one market modelled: the v3 fund was seeded with $250k per market (dYdX v3 docs, https://docs.dydx.exchange). v4 has one chain-wide fund (dydx1c7ptc87hkd54e3r7zjy92q29xkq7t79w64slrq) whose size in October 2025 was not verified; $250k is the per-market stake assumed here',
      'Call ratio = 1/(1 − initial margin 5%) (assumed: warned when the account could no longer open its position); oracle modelled as the venue median every step (dYdX uses a validator-aggregated index price)',
      'No backstop vault (MegaVault market-makes but does not take over liquidations: assumed) and no partial-close rule',
    ],
    margin: {
      kind: 'fixed-ratio',
      liquidationRatio: 1 / (1 - DYDX_BTC_MAINTENANCE_MARGIN),
      callRatio: 1 / (1 - DYDX_BTC_INITIAL_MARGIN),
    },
    oracle: markPrice,
    liquidation: {
      kind: 'exchange-close',
      liquidationFee: 0.015,
      insuranceFundUsd: 250_000,
      autoDeleverage: true,
      backstopVault: null,
      partialClose: null,
    },
    shortfall: socialise,
    keepers: {},
  },
];

/** The perpetual-exchange designs by id (validated when the engine builds PRESETS). */
export const PERPS_DESIGNS: ReadonlyMap<string, Design> = new Map(PERPS_DESIGN_LIST.map((d) => [d.id, d]));
