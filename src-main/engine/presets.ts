/**
 * Built-in designs. Each names its sources; values marked "assumed" are modelling choices, not
 * published parameters. Oracle variants are partial designs a user mixes into any design.
 */
import type { Design, OracleDesign } from './design.ts';
import { parseDesign } from './design.ts';
import { LazyParsedMap } from './lazy-map.ts';
import { DEFAULT_OPTIONS_DESIGN } from './options/option-book.ts';
import { SCENARIO_DESIGN_LIST } from './presets-lending.ts';
import { LLAMMA_DESIGN_LIST } from './presets-llamma.ts';
import { PERPS_DESIGN_LIST } from './presets-perps.ts';
import { PROTOCOL_DESIGN_LIST } from './presets-protocols.ts';

const MAKER_PARAMS =
  'Maker MCD parameters in force on 2020-03-12: makerdao/dss-deploy-scripts config/main.json @48bf939 and makerdao/spells-mainnet archive/2020-03-12-DssSpell (https://github.com/makerdao/dss-deploy-scripts, https://github.com/makerdao/spells-mainnet)';
const OSM_DOC =
  'OSM hop = 1 hour: https://docs.makerdao.com/smart-contract-modules/oracle-module/oracle-security-module-osm-detailed-documentation';

const makerOracle: OracleDesign = {
  source: 'median',
  transform: { kind: 'osm', hopSeconds: 3600 },
  update: { kind: 'deviation', thresholdBps: 50, heartbeatSeconds: 3600 },
  maxGasGwei: 100,
  honorOutages: true,
};

const makerShortfall: Design['shortfall'] = {
  surplusBufferUsd: 500_000,
  then: 'debt-auction',
  govTokenPriceUsd: 265,
  debtAuctionDiscount: 0,
  debtAuctionDelaySeconds: 172_800,
};

const presetList: Design[] = [
  {
    schemaVersion: 2,
    id: 'maker-2020-flip',
    name: 'Maker 2020 — English "flip" auctions (historical)',
    description:
      'The design in force on Black Thursday: ETH-A liquidation at 150% on the 1-hour-delayed OSM price, 13% penalty, English auctions of at most 50 ETH with 3% minimum increments, 10-minute bid duration and 3-day maximum. Feeds could not post above ~100 gwei. Bad debt is covered by the surplus buffer, then by minting MKR in debt auctions.',
    sources: [
      MAKER_PARAMS,
      OSM_DOC,
      'Feeds could not post above 100 gwei: Maker governance call, episode 77 (2020-03-12), makerdao/community',
      'Surplus buffer ≈ $500k before the crash: community summary quoted at https://ledgerlife.io/makerdao-protocol-auctions-mkr-tokens-to-cover-bad-debt/',
      'MKR ≈ $265 in the first debt-auction lots: https://cointelegraph.com.cach3.com/news/bidders-pay-up-to-24-less-for-mkr-in-phase-two-of-makerdao-auction.html',
      'Call ratio 175% and the 50 bps / 1 h feed update rule are assumed (vault owners watch their ratio; Maker medianizer spread)',
    ],
    margin: { kind: 'fixed-ratio', liquidationRatio: 1.5, callRatio: 1.75 },
    oracle: makerOracle,
    liquidation: {
      kind: 'english-auction',
      penalty: 0.13,
      lotSize: 50,
      minIncrement: 0.03,
      bidDurationSeconds: 600,
      maxDurationSeconds: 259_200,
    },
    shortfall: makerShortfall,
    keepers: {},
  },
  {
    schemaVersion: 2,
    id: 'maker-2020-flip-deribit',
    name: 'Maker 2020 flip vaults + Deribit 2020 options margin (historical, crypto options)',
    description:
      'Black Thursday’s Maker design for the vaults, and the options venue of the day for the option book: coin-margined writers under Deribit’s standard per-position margin (15% of the underlying less the out-of-the-money amount, at least 10%), dealers hedging on the scenario’s band, implied volatility reacting to realised stress, a 2% liquidation fee on buy-backs.',
    sources: [
      MAKER_PARAMS,
      OSM_DOC,
      'Deribit standard (non-portfolio) margin for short options: max(0.15 − OTM/underlying, 0.1) + mark, in the underlying coin — Deribit knowledge base “Inverse options margin”; the 2020 values are assumed equal to these',
      'Liquidation fee on option buy-backs 2% (assumed; Deribit charges a liquidation fee that varies by product)',
    ],
    margin: { kind: 'fixed-ratio', liquidationRatio: 1.5, callRatio: 1.75 },
    oracle: makerOracle,
    liquidation: {
      kind: 'english-auction',
      penalty: 0.13,
      lotSize: 50,
      minIncrement: 0.03,
      bidDurationSeconds: 600,
      maxDurationSeconds: 259_200,
    },
    shortfall: makerShortfall,
    keepers: {},
    // The standard per-position option margin, 2% penalty, every loop on (options/option-book.ts).
    options: { ...DEFAULT_OPTIONS_DESIGN },
  },
  {
    schemaVersion: 2,
    id: 'maker-2021-clip',
    name: 'Maker 2021 — Dutch "clip" auctions (Liquidations 2.0)',
    description:
      'Liquidations 2.0 on the same oracle and ratios: each vault is sold whole in a Dutch auction that starts at 130% of the oracle price and falls 1% every 90 s, resets after 140 minutes or a 60% fall, allows partial takes, settles through a DEX inside the take (no capital needed), and pays keepers 300 DAI + 0.1% of the debt per kick or reset.',
    sources: [
      'Mechanism: https://docs.makerdao.com/smart-contract-modules/dog-and-clipper-detailed-documentation',
      'Parameter meanings: https://forum.makerdao.com/t/liquidations-2-0-preliminary-risk-parameters/4850',
      'ETH-A values (buf 1.30, step 90 s, cut 0.99, tail 8400 s, cusp 0.40, tip 300, chip 0.1%, ilk.hole 30 M DAI assumed) as reported for the 2021 rollout; not verified here against the executive spell',
      MAKER_PARAMS,
    ],
    margin: { kind: 'fixed-ratio', liquidationRatio: 1.5, callRatio: 1.75 },
    oracle: makerOracle,
    liquidation: {
      kind: 'dutch-auction',
      penalty: 0.13,
      startBuffer: 1.3,
      decay: { kind: 'stairstep-exponential', stepSeconds: 90, cut: 0.99 },
      resetAfterSeconds: 8400,
      resetBelowRatio: 0.4,
      lotSize: 1e12,
      maxActiveTabUsd: 30_000_000,
      keeperTipUsd: 300,
      keeperChip: 0.001,
      flashLiquidity: true,
    },
    shortfall: makerShortfall,
    keepers: {},
  },
  {
    schemaVersion: 2,
    id: 'compound-market-sale',
    name: 'Compound 2020 — fixed-discount market sale',
    description:
      'Collateral factor 75% (liquidation below 133% collateral), close factor 50%, 8% liquidation incentive; liquidators repay debt and sell the seized collateral on the market. Spot oracle updated every step.',
    sources: [
      'Compound v2 ETH collateral factor 75%, close factor 50%, liquidation incentive 8% (Compound governance parameters, 2020)',
      'Open Price Feed posting spot prices: https://compound.finance/docs/prices (oracle modelled as spot, every step)',
    ],
    margin: { kind: 'fixed-ratio', liquidationRatio: 1 / 0.75, callRatio: 1.5 },
    oracle: {
      source: 'median',
      transform: { kind: 'none' },
      update: { kind: 'every-step' },
      maxGasGwei: null,
      honorOutages: true,
    },
    liquidation: { kind: 'market-sale', closeFactor: 0.5, bonus: 0.08 },
    shortfall: { ...makerShortfall, surplusBufferUsd: 0, then: 'socialise' },
    keepers: {},
  },
  // Historical designs of the built-in scenarios beyond Black Thursday (presets-lending.ts).
  ...SCENARIO_DESIGN_LIST,
  // Perpetual-futures exchanges (presets-perps.ts).
  ...PERPS_DESIGN_LIST,
  // Today's lending protocols (presets-protocols.ts).
  ...PROTOCOL_DESIGN_LIST,
  // crvUSD's soft liquidation (presets-llamma.ts).
  ...LLAMMA_DESIGN_LIST,
];

/** The presets by id, each validated when first read (a replay reads one; lazy-map.ts). */
export const PRESETS: ReadonlyMap<string, Design> = new LazyParsedMap(presetList, parseDesign);

/** Oracle variants that can be mixed into any design (`withOracle`). */
export const ORACLE_VARIANTS: ReadonlyMap<string, { description: string; oracle: OracleDesign }> = new Map([
  [
    'spot',
    {
      description: 'median of venues, every step, no delay',
      oracle: {
        source: 'median',
        transform: { kind: 'none' },
        update: { kind: 'every-step' },
        maxGasGwei: null,
        honorOutages: true,
      },
    },
  ],
  [
    'osm-1h',
    { description: "Maker's OSM: the value read one hour earlier, released hourly", oracle: makerOracle },
  ],
  [
    'twap-30m',
    {
      description: '30-minute time-weighted average of the venue median',
      oracle: {
        source: 'median',
        transform: { kind: 'twap', windowSeconds: 1800 },
        update: { kind: 'every-step' },
        maxGasGwei: null,
        honorOutages: true,
      },
    },
  ],
  [
    'ema-15m',
    {
      description: 'exponential moving average with a 15-minute half-life',
      oracle: {
        source: 'median',
        transform: { kind: 'ema', halfLifeSeconds: 900 },
        update: { kind: 'every-step' },
        maxGasGwei: null,
        honorOutages: true,
      },
    },
  ],
  [
    'deviation-0.5pct',
    {
      description: 'push oracle: posts on a 0.5% move or hourly heartbeat (Chainlink-style)',
      oracle: {
        source: 'median',
        transform: { kind: 'none' },
        update: { kind: 'deviation', thresholdBps: 50, heartbeatSeconds: 3600 },
        maxGasGwei: null,
        honorOutages: true,
      },
    },
  ],
]);

/** A copy of `design` with an oracle variant mixed in (id and name say so). */
export function withOracle(design: Design, variant: string): Design {
  const v = ORACLE_VARIANTS.get(variant);
  if (!v) {
    throw new RangeError(
      `unknown oracle variant "${variant}" (known: ${[...ORACLE_VARIANTS.keys()].join(', ')})`,
    );
  }
  return parseDesign({
    ...design,
    id: `${design.id}-${variant.replace(/\./g, '')}`.slice(0, 64),
    name: `${design.name} + ${variant} oracle`,
    oracle: v.oracle,
  });
}
