/**
 * The starting values a design editor offers: what a block becomes when its kind is chosen or it is
 * switched on, and what an absent block means. Kept next to the schema (design.ts) so there is one
 * copy; main serves them to the renderer (services/design-form.ts) and a test checks that every one
 * gives a valid design. Published values name their source; the rest are marked assumed.
 */
import type { Modifiers } from './design.ts';
import { NO_MODIFIERS } from './design.ts';
import type { OptionsDesign } from './options/option-book.ts';
import { DEFAULT_OPTIONS_DESIGN } from './options/option-book.ts';

type Json = Record<string, unknown>;

export interface DesignTemplates {
  /**
   * For a field that picks a kind (its path, e.g. `liquidation.kind`): per kind, the object placed
   * at the field's parent; null makes the parent null (e.g. "the scenario's own hedging").
   */
  variants: Record<string, Record<string, Json | null>>;
  /** For a block switched on (its path, e.g. `modifiers.tiered`): the object placed there. */
  toggles: Record<string, Json>;
  /** For a nullable number switched on (its path): the value it starts from. */
  whenSet: Record<string, number>;
  /** What an absent `modifiers` or `options` block means (every modifier off; the engine's options). */
  absent: { modifiers: Modifiers; options: OptionsDesign };
}

const STAIRSTEP: Json = { kind: 'stairstep-exponential', stepSeconds: 90, cut: 0.99 };
/** CME SPAN's 16 scenarios (extreme moves 3× the scan range, 35% counted); the ranges are assumed. */
const SPAN_GRID: Json = {
  kind: 'span',
  priceScanRange: 0.1,
  volScanRange: 0.25,
  extremeMoveMultiple: 3,
  extremeCoverFraction: 0.35,
};
/** Deribit portfolio margin: ±16% in 9 price points; the vol shocks are assumed. */
const DERIBIT_GRID: Json = {
  kind: 'deribit-pm',
  priceRange: 0.16,
  buckets: 9,
  volUpShock: 0.38,
  volDownShock: 0.3,
  termPower: 0.3,
};
/** Ramp limit of a volatility-scaled margin, per hour (assumed). */
const RAMP_PER_HOUR = 0.25;

export const DESIGN_TEMPLATES: DesignTemplates = {
  variants: {
    'margin.kind': {
      'fixed-ratio': { kind: 'fixed-ratio' },
      'volatility-scaled': {
        kind: 'volatility-scaled',
        volatility: {
          referenceVolatility: 0.8,
          ewmaHalfLifeHours: 24,
          returnIntervalMinutes: 60,
          floorMultiple: 1,
          capMultiple: 2,
          maxRisePerHour: RAMP_PER_HOUR,
          antiProcyclical: { kind: 'none' },
        },
      },
    },
    /** EMIR RTS 153/2013 art. 28: a buffer of at least 25%, or at least 25% weight on stressed data. */
    'margin.volatility.antiProcyclical.kind': {
      none: { kind: 'none' },
      buffer: { kind: 'buffer', buffer: 0.25 },
      'stressed-floor': { kind: 'stressed-floor', stressedVolatility: 1.5, weight: 0.25 },
    },
    'oracle.transform.kind': {
      none: { kind: 'none' },
      osm: { kind: 'osm', hopSeconds: 3600 },
      delay: { kind: 'delay', delaySeconds: 600 },
      twap: { kind: 'twap', windowSeconds: 1800 },
      ema: { kind: 'ema', halfLifeSeconds: 900 },
    },
    'oracle.update.kind': {
      'every-step': { kind: 'every-step' },
      deviation: { kind: 'deviation', thresholdBps: 50, heartbeatSeconds: 3600 },
    },
    'liquidation.kind': {
      'market-sale': { kind: 'market-sale', closeFactor: 0.5, bonus: 0.08 },
      'english-auction': {
        kind: 'english-auction',
        penalty: 0.13,
        lotSize: 50,
        minIncrement: 0.03,
        bidDurationSeconds: 600,
        maxDurationSeconds: 259_200,
      },
      'dutch-auction': {
        kind: 'dutch-auction',
        penalty: 0.13,
        startBuffer: 1.3,
        decay: STAIRSTEP,
        resetAfterSeconds: 8400,
        resetBelowRatio: 0.4,
        lotSize: 1e12,
        maxActiveTabUsd: 30_000_000,
        keeperTipUsd: 300,
        keeperChip: 0.001,
        flashLiquidity: true,
      },
      // Liquity v1's gas compensation (200 LUSD + 0.5% of the collateral); the rest is assumed.
      'stability-pool': {
        kind: 'stability-pool',
        depositsUsd: 20_000_000,
        gasCompensationUsd: 200,
        gasCompensationFraction: 0.005,
        sellOffHalfLifeSeconds: 3600,
        reinvestFraction: 0.5,
        whenEmpty: 'redistribute',
        fallbackCloseFactor: 0.5,
        fallbackBonus: 0.08,
      },
      // Hyperliquid's partial close and backstop threshold; the fee, fund and vault sizes are assumed.
      'exchange-close': {
        kind: 'exchange-close',
        liquidationFee: 0.01,
        insuranceFundUsd: 2_000_000,
        autoDeleverage: true,
        backstopVault: null,
        partialClose: null,
      },
      // crvUSD's WETH market (presets-llamma.ts has the sources); 10 bands assumed.
      'soft-liquidation': {
        kind: 'soft-liquidation',
        bandWidthFactor: 100,
        bands: 10,
        fee: 0.006,
        loanDiscount: 0.09,
        liquidationDiscount: 0.06,
      },
    },
    'liquidation.decay.kind': {
      'stairstep-exponential': STAIRSTEP,
      linear: { kind: 'linear', durationSeconds: 3600 },
      exponential: { kind: 'exponential', halfLifeSeconds: 600 },
    },
    'options.marginModel.kind': {
      'per-position': DEFAULT_OPTIONS_DESIGN.marginModel as Json,
      portfolio: { kind: 'portfolio', grid: SPAN_GRID, shortOptionMinimum: 0.005 },
    },
    'options.marginModel.grid.kind': { span: SPAN_GRID, 'deribit-pm': DERIBIT_GRID },
    'options.hedging.kind': {
      scenario: null,
      band: { kind: 'band', bandDelta: 0.05 },
      interval: { kind: 'interval', seconds: 1800 },
    },
  },
  toggles: {
    /** Hyperliquid: the liquidator vault takes over accounts below 2/3 of maintenance margin. */
    'liquidation.backstopVault': {
      belowMaintenanceFraction: 0.66,
      capitalUsd: 10_000_000,
      unwindHalfLifeSeconds: 3600,
      maxHoldingUsd: 20_000_000,
    },
    /** Hyperliquid: positions above 100k USDC are closed 20% at a time, 30 s apart. */
    'liquidation.partialClose': { aboveUsd: 100_000, fraction: 0.2, cooldownSeconds: 30 },
    /** Lots above 500k in 10 slices (assumed). */
    'modifiers.tiered': { aboveUsd: 500_000, slices: 10 },
    'modifiers.circuitBreaker': {
      dropFraction: 0.1,
      windowSeconds: 3600,
      action: 'pause',
      haircutMultiplier: 1.5,
      durationSeconds: 3600,
    },
  },
  whenSet: {
    /** 2× the venues' depth per minute (assumed). */
    'modifiers.liquidityCapDepthMultiple': 2,
    'margin.volatility.maxRisePerHour': RAMP_PER_HOUR,
  },
  absent: { modifiers: NO_MODIFIERS, options: DEFAULT_OPTIONS_DESIGN },
};
