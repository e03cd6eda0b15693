/**
 * The design editor's form: every parameter of a design, grouped, with a one-line explanation and
 * the same ranges main enforces (engine/design.ts). The client checks give instant feedback; main's
 * `designs.validate` stays the authority and its answer names the field as `design.<path>`.
 */
import type { DerivativesCard } from './contract.ts';

export type FieldKind =
  'number' | 'integer' | 'text' | 'textarea' | 'lines' | 'boolean' | 'choice' | 'variant' | 'toggle';

export interface FieldSpec {
  /** Dotted path inside the design, e.g. `margin.liquidationRatio` (for a variant: `….kind`). */
  path: string;
  label: string;
  /**
   * What the parameter is, what raising it does to the loop, and its typical value with a source
   * (or "assumed" when no published value exists).
   */
  help: string;
  kind: FieldKind;
  unit?: string;
  /** Inclusive bounds. */
  min?: number;
  max?: number;
  /** Exclusive bounds. */
  above?: number;
  below?: number;
  /** Blank is allowed and removes the field (keeper overrides fall back to the scenario). */
  optional?: boolean;
  /** null is allowed; the label of the checkbox that sets it (e.g. "no limit"). */
  nullLabel?: string;
  /** The value a nullable number takes when its "null" box is unticked. */
  nullDefault?: number;
  /** For `toggle`: the object placed at the path when it is switched on (off: null). */
  toggleValue?: Record<string, unknown>;
  /** For `variant`: fields of the current object carried over into the new kind. */
  keep?: string[];
  options?: { value: string; label: string }[];
  /** For `variant`: the object placed at the parent path when this kind is chosen (null: the parent is null). */
  variants?: Record<string, Record<string, unknown> | null>;
  /** For `variant`: the option shown while the parent object is null (e.g. "scenario default"). */
  nullVariant?: string;
  pattern?: { re: RegExp; message: string };
  maxLength?: number;
}

export interface FieldGroup {
  id: string;
  title: string;
  intro: string;
  fields: FieldSpec[];
  /** A read-only fact shown under the intro (e.g. the scenario's collateral, not a design choice). */
  note?: { label: string; text: string };
}

/** What the form needs to know about the scenario being designed for. */
export interface DesignContext {
  /** The scenario's option writers, dealers and insurers; null or absent: no derivatives. */
  derivatives?: DerivativesCard | null;
  /** The assets the scenario's accounts hold as collateral (one, or a basket): a haircut field each. */
  collateralAssets?: string[];
}

type Json = Record<string, unknown>;

export function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Json)[key];
  }
  return cur;
}

/** Sets (or, for `undefined`, deletes) a value at a dotted path, creating objects on the way. */
export function setPath(obj: Json, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur: Json = obj;
  for (const key of keys.slice(0, -1)) {
    const next = cur[key];
    if (next === null || typeof next !== 'object') cur[key] = {};
    cur = cur[key] as Json;
  }
  const last = keys[keys.length - 1]!;
  if (value === undefined) delete cur[last];
  else cur[last] = value;
}

/** DOM id of a field's input (also what an error names with aria-describedby). */
export function fieldId(path: string): string {
  return `design-${path.replace(/[^a-zA-Z0-9]+/g, '-')}`;
}

/** `design.margin.callRatio` (main's naming) → `margin.callRatio`; null for the design as a whole. */
export function pathFromServerField(field: string | undefined): string | null {
  if (!field) return null;
  const p = field.replace(/^design\.?/, '');
  return p === '' ? null : p;
}

/** Main's message without its leading `design.<path>: `, for display beside the field. */
export function stripFieldPrefix(message: string): string {
  return message.replace(/^design(\.[\w.]+)?:\s*/, '');
}

const seconds = (path: string, label: string, help: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  path,
  label,
  help,
  kind: 'number',
  unit: 's',
  above: 0,
  ...extra,
});
const fraction = (path: string, label: string, help: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  path,
  label,
  help,
  kind: 'number',
  min: 0,
  max: 1,
  ...extra,
});

const TRANSFORMS: Record<string, Json> = {
  none: { kind: 'none' },
  osm: { kind: 'osm', hopSeconds: 3600 },
  delay: { kind: 'delay', delaySeconds: 600 },
  twap: { kind: 'twap', windowSeconds: 1800 },
  ema: { kind: 'ema', halfLifeSeconds: 900 },
};
const UPDATES: Record<string, Json> = {
  'every-step': { kind: 'every-step' },
  deviation: { kind: 'deviation', thresholdBps: 50, heartbeatSeconds: 3600 },
};
const DECAYS: Record<string, Json> = {
  'stairstep-exponential': { kind: 'stairstep-exponential', stepSeconds: 90, cut: 0.99 },
  linear: { kind: 'linear', durationSeconds: 3600 },
  exponential: { kind: 'exponential', halfLifeSeconds: 600 },
};
const MECHANISMS: Record<string, Json> = {
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
    decay: DECAYS['stairstep-exponential'],
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
};

/** Hyperliquid: the liquidator vault takes over accounts below 2/3 of maintenance margin. */
const BACKSTOP_VAULT: Json = {
  belowMaintenanceFraction: 0.66,
  capitalUsd: 10_000_000,
  unwindHalfLifeSeconds: 3600,
  maxHoldingUsd: 20_000_000,
};
/** Hyperliquid: positions above 100k USDC are closed 20% at a time, 30 s apart. */
const PARTIAL_CLOSE: Json = { aboveUsd: 100_000, fraction: 0.2, cooldownSeconds: 30 };

const MARGINS: Record<string, Json> = {
  'fixed-ratio': { kind: 'fixed-ratio' },
  'volatility-scaled': {
    kind: 'volatility-scaled',
    volatility: {
      referenceVolatility: 0.8,
      ewmaHalfLifeHours: 24,
      returnIntervalMinutes: 60,
      floorMultiple: 1,
      capMultiple: 2,
      maxRisePerHour: 0.25,
      antiProcyclical: { kind: 'none' },
    },
  },
};

/** EMIR RTS 153/2013 art. 28: a buffer of at least 25%, or at least 25% weight on stressed data. */
const ANTI_PROCYCLICAL: Record<string, Json> = {
  none: { kind: 'none' },
  buffer: { kind: 'buffer', buffer: 0.25 },
  'stressed-floor': { kind: 'stressed-floor', stressedVolatility: 1.5, weight: 0.25 },
};

/** Every modifier off (engine/design.ts NO_MODIFIERS): what an absent `modifiers` means. */
export const NO_MODIFIERS: Readonly<Json> = Object.freeze({
  partialTargetRatio: null,
  liquidityCapDepthMultiple: null,
  tiered: null,
  gracePeriodSeconds: 0,
  circuitBreaker: null,
});
const TIERED: Json = { aboveUsd: 500_000, slices: 10 };
const CIRCUIT_BREAKER: Json = {
  dropFraction: 0.1,
  windowSeconds: 3600,
  action: 'pause',
  haircutMultiplier: 1.5,
  durationSeconds: 3600,
};

/**
 * The options design a run uses when the design has none (engine/options/option-book.ts
 * DEFAULT_OPTIONS_DESIGN): per-position margin at the standard charge, the scenario's hedging
 * policy, IV feedback on, a 2% liquidation penalty, every loop on.
 */
export const DEFAULT_OPTIONS: Readonly<Json> = Object.freeze({
  marginModel: {
    kind: 'per-position',
    shortOptionBase: 0.15,
    shortOptionFloor: 0.1,
    futuresMaintenance: 0.05,
  },
  hedging: null,
  ivFeedback: true,
  liquidationPenalty: 0.02,
  dealerHedging: true,
  insurersActive: true,
});
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
const OPTION_MARGINS: Record<string, Json> = {
  'per-position': DEFAULT_OPTIONS['marginModel'] as Json,
  portfolio: { kind: 'portfolio', grid: SPAN_GRID, shortOptionMinimum: 0.005 },
};
const GRIDS: Record<string, Json> = { span: SPAN_GRID, 'deribit-pm': DERIBIT_GRID };
const HEDGING: Record<string, Json | null> = {
  scenario: null,
  band: { kind: 'band', bandDelta: 0.05 },
  interval: { kind: 'interval', seconds: 1800 },
};

const COLLATERAL_TEXT = {
  'same-asset':
    'Writers post the underlying itself (coin-margined, “inverse”, as on Deribit): when the price falls, their collateral loses value exactly as a short put’s loss grows, and liquidating them sells more of the underlying — a loop of its own.',
  stable:
    'Writers post stablecoins (USD): a fall only raises their short options’ loss; the collateral keeps its value and a liquidation buys options back without selling the underlying.',
} as const;

/** The read-only note on writers' collateral: a fact of the scenario, not a design field. */
function collateralNote(d: DerivativesCard | null | undefined): { label: string; text: string } {
  const other =
    'Collateral type is set by the scenario’s option writers, not by the design: the crypto options scenario (black-thursday-options) uses same-asset collateral; Black Monday 1987 uses stable (cash) collateral. Compare the two scenarios to see the difference.';
  if (!d) return { label: 'Writers’ collateral', text: `Set by the scenario. ${other}` };
  const kind = d.writersCollateral === 'same-asset' ? `same-asset (${d.asset})` : 'stable (USD)';
  return {
    label: 'Writers’ collateral',
    text: `${kind}. ${COLLATERAL_TEXT[d.writersCollateral]} ${other}`,
  };
}

const optionsOf = (labels: Record<string, string>): { value: string; label: string }[] =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

/** The form for a design as it stands (fields depend on the chosen oracle, mechanism and decay kinds). */
export function designGroups(design: unknown, context: DesignContext = {}): FieldGroup[] {
  const transform = String(getPath(design, 'oracle.transform.kind') ?? 'none');
  const update = String(getPath(design, 'oracle.update.kind') ?? 'every-step');
  const mechanism = String(getPath(design, 'liquidation.kind') ?? 'english-auction');
  const decay = String(getPath(design, 'liquidation.decay.kind') ?? 'stairstep-exponential');
  const source = String(getPath(design, 'oracle.source') ?? 'median');
  const marginKind = String(getPath(design, 'margin.kind') ?? 'fixed-ratio');
  const apc = String(getPath(design, 'margin.volatility.antiProcyclical.kind') ?? 'none');
  const whenEmpty = String(getPath(design, 'liquidation.whenEmpty') ?? 'redistribute');
  const liquidationRatio = Number(getPath(design, 'margin.liquidationRatio') ?? 1.5);

  const identity: FieldGroup = {
    id: 'identity',
    title: 'Name and sources',
    intro: 'How the design is saved and shown in pickers.',
    fields: [
      {
        path: 'id',
        label: 'Id',
        help: 'Saved under this id; lowercase letters, digits and dashes (a preset id cannot be overwritten).',
        kind: 'text',
        pattern: {
          re: /^[a-z0-9][a-z0-9-]{0,63}$/,
          message: 'use lowercase letters, digits and dashes (up to 64)',
        },
      },
      {
        path: 'name',
        label: 'Name',
        help: 'Shown in the design pickers and chart legends.',
        kind: 'text',
        maxLength: 120,
      },
      {
        path: 'description',
        label: 'Description',
        help: 'What this design changes and why.',
        kind: 'textarea',
        maxLength: 4000,
      },
      {
        path: 'sources',
        label: 'Sources',
        help: 'One source per line for the values you took from somewhere.',
        kind: 'lines',
      },
    ],
  };

  const marginFields: FieldSpec[] = [
    {
      path: 'margin.kind',
      label: 'Margin model',
      help: 'A fixed ratio never moves. A volatility-scaled one rises with the oracle’s recent volatility, as exchanges and clearing houses do: safer positions, but a requirement that jumps in a crash is itself a second loop.',
      kind: 'variant',
      variants: MARGINS,
      keep: ['liquidationRatio', 'callRatio'],
      options: optionsOf({
        'fixed-ratio': 'Fixed ratio (lending protocols)',
        'volatility-scaled': 'Volatility-scaled (exchanges, CCPs)',
      }),
    },
    {
      path: 'margin.liquidationRatio',
      label: 'Liquidation ratio',
      help:
        marginKind === 'volatility-scaled'
          ? 'Collateral value ÷ debt below which an account is liquidated, at the reference volatility (the calm start); the model scales it from there. Maker ETH-A 1.5 = 150%; a perpetual with 2% maintenance margin is 1 ÷ 0.98 ≈ 1.02.'
          : 'Collateral value ÷ debt below which an account is liquidated (Maker ETH-A 1.5 = 150%; a perpetual with 2% maintenance margin is 1 ÷ 0.98 ≈ 1.02). Higher means less leverage and fewer forced sales.',
      kind: 'number',
      min: 1,
      max: 10,
      unit: '×',
    },
    {
      path: 'margin.callRatio',
      label: 'Call ratio',
      help: 'Collateral value ÷ debt below which an account gets a margin call; at least the liquidation ratio.',
      kind: 'number',
      min: 1,
      max: 20,
      unit: '×',
    },
  ];
  if (marginKind === 'volatility-scaled') {
    marginFields.push(
      {
        path: 'margin.volatility.referenceVolatility',
        label: 'Reference volatility',
        help: 'Annualised volatility the liquidation ratio above is set for; the requirement scales with σ ÷ this. Raising it makes the margin react later. ETH ran at about 0.8 (80%) a year before March 2020 (assumed from daily returns).',
        kind: 'number',
        above: 0,
        max: 20,
        unit: '/yr',
      },
      {
        path: 'margin.volatility.ewmaHalfLifeHours',
        label: 'Volatility half-life',
        help: 'Half-life of the exponentially weighted volatility estimate. Shorter reacts faster to a crash (and raises margins in the middle of it). RiskMetrics’ daily λ = 0.94 is a half-life of about 11 days (270 h); 24 h is assumed for crypto.',
        kind: 'number',
        above: 0,
        max: 24 * 365,
        unit: 'h',
      },
      {
        path: 'margin.volatility.returnIntervalMinutes',
        label: 'Return interval',
        help: 'The volatility is estimated from returns over this interval. Risk models use hourly or daily returns (RiskMetrics: daily, 1440 min); a shorter interval reacts sooner but picks up tick noise. 60 min assumed.',
        kind: 'number',
        above: 0,
        max: 7 * 24 * 60,
        unit: 'min',
      },
      {
        path: 'margin.volatility.floorMultiple',
        label: 'Floor',
        help: 'The haircut (1 − 1 ÷ ratio) never goes below this multiple of its base value, however calm the market. 1 keeps the base requirement as a floor.',
        kind: 'number',
        min: 0.1,
        max: 10,
        unit: '×',
      },
      {
        path: 'margin.volatility.capMultiple',
        label: 'Cap',
        help: 'The haircut never goes above this multiple of its base value. A higher cap lets margins climb further in a crash, calling more accounts at once; at least the floor. 2 is assumed.',
        kind: 'number',
        min: 0.1,
        max: 20,
        unit: '×',
      },
      {
        path: 'margin.volatility.maxRisePerHour',
        label: 'Ramp limit',
        help: 'Largest rise of the haircut multiple per hour, so margins climb gradually instead of jumping; raising it lets the requirement jump in one step. 0.25 per hour is assumed.',
        kind: 'number',
        above: 0,
        max: 100,
        unit: '/h',
        nullLabel: 'No limit',
        nullDefault: 0.25,
      },
      {
        path: 'margin.volatility.antiProcyclical.kind',
        label: 'Anti-procyclical tool',
        help: 'How clearing houses stop margins from jumping in stress (EMIR RTS 153/2013 art. 28): a buffer posted in calm times and spent first, or a stressed period that always counts in the volatility.',
        kind: 'variant',
        variants: ANTI_PROCYCLICAL,
        options: optionsOf({
          none: 'None',
          buffer: 'Buffer released in stress',
          'stressed-floor': 'Stressed-period weight',
        }),
      },
    );
    if (apc === 'buffer') {
      marginFields.push({
        path: 'margin.volatility.antiProcyclical.buffer',
        label: 'Buffer',
        help: 'Extra margin held over the computed requirement in calm times and used up first when volatility rises, so the posted requirement moves later and less. EMIR asks for at least 0.25 (25%).',
        kind: 'number',
        min: 0,
        max: 2,
      });
    } else if (apc === 'stressed-floor') {
      marginFields.push(
        {
          path: 'margin.volatility.antiProcyclical.stressedVolatility',
          label: 'Stressed volatility',
          help: 'Annualised volatility of a past stressed period that is always blended in, so a new stress raises margins less. ETH’s March 2020 weeks ran well above 1.5 (150%), assumed.',
          kind: 'number',
          above: 0,
          max: 20,
          unit: '/yr',
        },
        fraction(
          'margin.volatility.antiProcyclical.weight',
          'Stressed weight',
          'Weight of the stressed volatility in the blend; more weight means higher margins in calm times and smaller jumps in a crash. EMIR asks for at least 0.25.',
        ),
      );
    }
  }
  const margin: FieldGroup = {
    id: 'margin',
    title: 'Margin',
    intro: 'When an account is warned, and when it is liquidated.',
    fields: marginFields,
  };

  const oracleFields: FieldSpec[] = [
    {
      path: 'oracle.source',
      label: 'Source',
      help: 'The median of every venue, or a single venue (easier to move, faster to follow).',
      kind: 'choice',
      options: optionsOf({ median: 'Median of venues', venue: 'One venue' }),
    },
  ];
  if (source === 'venue') {
    oracleFields.push({
      path: 'oracle.venue',
      label: 'Venue',
      help: 'The venue the oracle reads.',
      kind: 'text',
    });
  }
  oracleFields.push({
    path: 'oracle.transform.kind',
    label: 'Smoothing or delay',
    help: 'What the protocol does to the read price before using it.',
    kind: 'variant',
    variants: TRANSFORMS,
    options: optionsOf({
      none: 'None (spot)',
      osm: 'OSM: release the value read one hop earlier',
      delay: 'Fixed delay',
      twap: 'Time-weighted average (TWAP)',
      ema: 'Exponential moving average (EMA)',
    }),
  });
  if (transform === 'osm') {
    oracleFields.push(
      seconds(
        'oracle.transform.hopSeconds',
        'Hop',
        'Maker’s OSM releases, every hop, the price read one hop earlier (3600 s).',
        { max: 86_400 },
      ),
    );
  } else if (transform === 'delay') {
    oracleFields.push(
      seconds(
        'oracle.transform.delaySeconds',
        'Delay',
        'The protocol sees the price this long after the market.',
        {
          above: undefined,
          min: 0,
          max: 86_400,
        },
      ),
    );
  } else if (transform === 'twap') {
    oracleFields.push(
      seconds('oracle.transform.windowSeconds', 'Window', 'Averaging window of the TWAP.', { max: 86_400 }),
    );
  } else if (transform === 'ema') {
    oracleFields.push(
      seconds('oracle.transform.halfLifeSeconds', 'Half-life', 'Weight of a price halves after this long.', {
        max: 86_400,
      }),
    );
  }
  oracleFields.push({
    path: 'oracle.update.kind',
    label: 'Posting rule',
    help: 'When a new value is posted on chain.',
    kind: 'variant',
    variants: UPDATES,
    options: optionsOf({ 'every-step': 'Every step', deviation: 'On a deviation or a heartbeat' }),
  });
  if (update === 'deviation') {
    oracleFields.push(
      {
        path: 'oracle.update.thresholdBps',
        label: 'Deviation threshold',
        help: 'Post when the value moves this much from the last post (50 bps = 0.5%).',
        kind: 'number',
        unit: 'bps',
        above: 0,
        max: 5000,
      },
      seconds(
        'oracle.update.heartbeatSeconds',
        'Heartbeat',
        '…or when this long has passed since the last post.',
        {
          max: 7 * 86_400,
        },
      ),
    );
  }
  oracleFields.push(
    {
      path: 'oracle.maxGasGwei',
      label: 'Feed gas cap',
      help: 'Feeds cannot post when gas is above this (Black Thursday: ~100 gwei stalled Maker’s feeds).',
      kind: 'number',
      unit: 'gwei',
      above: 0,
      nullLabel: 'No cap',
    },
    {
      path: 'oracle.honorOutages',
      label: 'Feed outages stop the oracle',
      help: 'Whether the scenario’s recorded outage windows freeze this oracle.',
      kind: 'boolean',
    },
  );

  const liqFields: FieldSpec[] = [
    {
      path: 'liquidation.kind',
      label: 'Mechanism',
      help: 'How an unsafe account is closed: its collateral sold at a discount, auctioned, absorbed by a stability pool, or its position closed by the exchange with an insurance fund behind it.',
      kind: 'variant',
      variants: MECHANISMS,
      options: optionsOf({
        'market-sale': 'Market sale at a fixed discount (Compound)',
        'english-auction': 'English auction, rising bids (Maker flip)',
        'dutch-auction': 'Dutch auction, falling price (Maker clip)',
        'stability-pool': 'Stability pool absorbs the debt (Liquity)',
        'exchange-close': 'Exchange closes at market, insurance fund, ADL (perpetuals)',
      }),
    },
  ];
  if (mechanism === 'market-sale') {
    liqFields.push(
      {
        path: 'liquidation.closeFactor',
        label: 'Close factor',
        help: 'Share of the debt a liquidator may repay at once (Compound 0.5).',
        kind: 'number',
        above: 0,
        max: 1,
      },
      fraction(
        'liquidation.bonus',
        'Liquidation bonus',
        'Extra collateral the liquidator gets, as a fraction of what it repays (Compound 0.08).',
      ),
    );
  } else if (mechanism === 'english-auction') {
    liqFields.push(
      fraction(
        'liquidation.penalty',
        'Penalty',
        'Added to the debt the auction must raise (Maker chop − 1 = 0.13).',
      ),
      {
        path: 'liquidation.lotSize',
        label: 'Lot size',
        help: 'Most collateral in one auction, asset units (Maker lump = 50 ETH).',
        kind: 'number',
        above: 0,
        unit: 'units',
      },
      fraction(
        'liquidation.minIncrement',
        'Minimum bid increase',
        'Each bid must beat the last by this fraction (Maker beg − 1 = 0.03).',
      ),
      seconds(
        'liquidation.bidDurationSeconds',
        'Bid duration',
        'The auction ends this long after its last bid (Maker ttl = 600 s).',
      ),
      seconds(
        'liquidation.maxDurationSeconds',
        'Maximum duration',
        'The auction ends this long after it starts (Maker tau = 3 days).',
      ),
    );
  } else if (mechanism === 'dutch-auction') {
    liqFields.push(
      fraction(
        'liquidation.penalty',
        'Penalty',
        'Added to the debt the auction must raise (Maker chop − 1 = 0.13).',
      ),
      {
        path: 'liquidation.startBuffer',
        label: 'Start buffer',
        help: 'Starting price = oracle price × this (Maker buf = 1.30).',
        kind: 'number',
        min: 1,
        max: 3,
        unit: '×',
      },
      {
        path: 'liquidation.decay.kind',
        label: 'Price decay',
        help: 'How the asking price falls over time.',
        kind: 'variant',
        variants: DECAYS,
        options: optionsOf({
          'stairstep-exponential': 'Stair-step: × cut every step',
          linear: 'Linear to zero',
          exponential: 'Smooth exponential',
        }),
      },
    );
    if (decay === 'stairstep-exponential') {
      liqFields.push(
        seconds(
          'liquidation.decay.stepSeconds',
          'Decay step',
          'The price falls once every this long (Maker step = 90 s).',
        ),
        {
          path: 'liquidation.decay.cut',
          label: 'Cut',
          help: 'Multiplier applied every step (Maker cut = 0.99).',
          kind: 'number',
          above: 0,
          below: 1,
        },
      );
    } else if (decay === 'linear') {
      liqFields.push(
        seconds('liquidation.decay.durationSeconds', 'Duration', 'The price reaches zero after this long.'),
      );
    } else if (decay === 'exponential') {
      liqFields.push(
        seconds('liquidation.decay.halfLifeSeconds', 'Half-life', 'The price halves every this long.'),
      );
    }
    liqFields.push(
      seconds(
        'liquidation.resetAfterSeconds',
        'Reset after',
        'Restart the auction at a fresh price after this long (Maker tail = 8400 s).',
      ),
      fraction(
        'liquidation.resetBelowRatio',
        'Reset below',
        'Restart when price ÷ start price falls below this (Maker cusp = 0.40).',
      ),
      {
        path: 'liquidation.lotSize',
        label: 'Lot size',
        help: 'Most collateral in one auction, asset units (Maker clip sells each vault whole: 1e12).',
        kind: 'number',
        above: 0,
        unit: 'units',
      },
      {
        path: 'liquidation.maxActiveTabUsd',
        label: 'Active auction limit',
        help: 'No new auction while the debt in running auctions exceeds this (Maker hole = 30 M DAI).',
        kind: 'number',
        above: 0,
        unit: 'USD',
      },
      {
        path: 'liquidation.keeperTipUsd',
        label: 'Keeper tip',
        help: 'Flat payment to the keeper per kick or reset (Maker tip = 300 DAI).',
        kind: 'number',
        min: 0,
        unit: 'USD',
      },
      fraction(
        'liquidation.keeperChip',
        'Keeper chip',
        'Payment to the keeper as a fraction of the debt (Maker chip = 0.001).',
      ),
      {
        path: 'liquidation.flashLiquidity',
        label: 'Flash liquidity',
        help: 'Takers settle through a DEX inside the take, so they need no capital of their own.',
        kind: 'boolean',
      },
    );
  }

  if (mechanism === 'stability-pool') {
    liqFields.push(
      {
        path: 'liquidation.depositsUsd',
        label: 'Pool deposits',
        help: 'Stablecoins in the pool at the start. The pool repays a liquidated account’s debt at once and takes its collateral, so nothing is sold at the moment of liquidation; deeper deposits keep that going longer before the pool runs dry. Liquity kept most of its LUSD in the pool (size assumed).',
        kind: 'number',
        min: 0,
        unit: 'USD',
      },
      {
        path: 'liquidation.gasCompensationUsd',
        label: 'Gas compensation',
        help: 'Flat payment to whoever calls the liquidation, so callers act even when gas is dear; it comes out of the account, not the pool. Liquity: 200 LUSD.',
        kind: 'number',
        min: 0,
        unit: 'USD',
      },
      fraction(
        'liquidation.gasCompensationFraction',
        'Collateral to the caller',
        'Share of the liquidated collateral paid to the caller on top of the flat amount; what is left goes to the pool. Liquity: 0.005 (0.5%).',
      ),
      seconds(
        'liquidation.sellOffHalfLifeSeconds',
        'Sell-off half-life',
        'Depositors sell the collateral they received, half of what they hold per half-life. Longer spreads the selling out (less impact now) but leaves depositors holding a falling asset. 3600 s assumed.',
        { max: 30 * 86_400 },
      ),
      fraction(
        'liquidation.reinvestFraction',
        'Reinvested share',
        'Share of the sale proceeds depositors put back into the pool; more keeps the pool deep through later waves. 0.5 assumed.',
      ),
      {
        path: 'liquidation.whenEmpty',
        label: 'When the pool is empty',
        help: 'Liquity redistributes the debt and collateral of an account the pool cannot absorb to every other account (no sale, but everyone’s ratio falls); the alternative is a market sale at a discount, which feeds the loop.',
        kind: 'choice',
        options: optionsOf({
          redistribute: 'Redistribute to the other accounts (Liquity)',
          'market-sale': 'Sell at market with a discount',
        }),
      },
    );
    if (whenEmpty === 'market-sale') {
      liqFields.push(
        {
          path: 'liquidation.fallbackCloseFactor',
          label: 'Fallback close factor',
          help: 'Share of the debt a liquidator may repay at once when the pool is empty (Compound 0.5).',
          kind: 'number',
          above: 0,
          max: 1,
        },
        fraction(
          'liquidation.fallbackBonus',
          'Fallback bonus',
          'Extra collateral the fallback liquidator gets, as a fraction of what it repays (Compound 0.08).',
        ),
      );
    }
  } else if (mechanism === 'exchange-close') {
    const vault = getPath(design, 'liquidation.backstopVault');
    const partial = getPath(design, 'liquidation.partialClose');
    liqFields.push(
      {
        path: 'liquidation.liquidationFee',
        label: 'Liquidation fee',
        help: 'Fee on the closed notional, paid from what equity is left into the insurance fund. A higher fee fills the fund faster and leaves less to the trader. dYdX charges up to 0.015 (1.5%).',
        kind: 'number',
        min: 0,
        max: 0.2,
      },
      {
        path: 'liquidation.insuranceFundUsd',
        label: 'Insurance fund',
        help: 'Fund at the start that pays the negative equity of positions closed below their bankruptcy price. A larger fund delays auto-deleveraging. Size assumed: exchanges publish theirs.',
        kind: 'number',
        min: 0,
        unit: 'USD',
      },
      {
        path: 'liquidation.autoDeleverage',
        label: 'Auto-deleverage when the fund is empty',
        help: 'Once the fund is exhausted, close the most profitable, most leveraged opposite positions at the bankrupt price (Hyperliquid, dYdX, Binance). Off: the loss stays as bad debt.',
        kind: 'boolean',
      },
      {
        path: 'liquidation.backstopVault',
        label: 'Backstop vault',
        help: 'A protocol-owned vault (Hyperliquid’s HLP) takes over positions too deep to close on the market and unwinds them over time: less selling at the worst moment, but the vault carries the loss.',
        kind: 'toggle',
        toggleValue: BACKSTOP_VAULT,
      },
    );
    if (vault) {
      liqFields.push(
        fraction(
          'liquidation.backstopVault.belowMaintenanceFraction',
          'Takes over below',
          'The vault takes over a position whose equity is below this fraction of its maintenance margin; higher means it steps in earlier and more often. Hyperliquid: 2/3 (0.66).',
        ),
        {
          path: 'liquidation.backstopVault.capitalUsd',
          label: 'Vault capital',
          help: 'The vault’s own capital: it takes no position that would make its equity negative (its equity plus the position’s must stay ≥ 0). Assumed.',
          kind: 'number',
          min: 0,
          unit: 'USD',
        },
        {
          path: 'liquidation.backstopVault.maxHoldingUsd',
          label: 'Vault risk limit',
          help: 'The most the vault holds at once, at the oracle price: once full, positions go to the book and, when the insurance fund is empty, bankrupt ones to auto-deleveraging. Lower means ADL starts sooner. The hyperliquid-2025 preset uses $20M (tuned to the October 2025 ADL onset, not published).',
          kind: 'number',
          above: 0,
          unit: 'USD',
        },
        seconds(
          'liquidation.backstopVault.unwindHalfLifeSeconds',
          'Unwind half-life',
          'The vault sells half of what it holds per half-life; longer spreads the selling out but keeps the vault exposed. 3600 s assumed.',
          { max: 30 * 86_400 },
        ),
      );
    }
    liqFields.push({
      path: 'liquidation.partialClose',
      label: 'Close large positions in slices',
      help: 'Positions above a size are closed a slice at a time with a pause between slices, so one large close does not crash the book. Hyperliquid: above 100k USDC, 20%, 30 s.',
      kind: 'toggle',
      toggleValue: PARTIAL_CLOSE,
    });
    if (partial) {
      liqFields.push(
        {
          path: 'liquidation.partialClose.aboveUsd',
          label: 'Slice above',
          help: 'Positions with more notional than this are closed in slices (Hyperliquid 100k).',
          kind: 'number',
          above: 0,
          unit: 'USD',
        },
        {
          path: 'liquidation.partialClose.fraction',
          label: 'Slice',
          help: 'Share of the position closed per slice (Hyperliquid 0.2); smaller slices sell less at once.',
          kind: 'number',
          above: 0,
          max: 1,
        },
        seconds(
          'liquidation.partialClose.cooldownSeconds',
          'Between slices',
          'Wait between two slices of the same position (Hyperliquid 30 s); longer gives the book time to refill.',
          { above: undefined, min: 0, max: 86_400 },
        ),
      );
    }
  }

  const tiered = getPath(design, 'modifiers.tiered');
  const breaker = getPath(design, 'modifiers.circuitBreaker');
  const breakerAction = String(getPath(design, 'modifiers.circuitBreaker.action') ?? 'pause');
  const modifierFields: FieldSpec[] = [
    {
      path: 'modifiers.partialTargetRatio',
      label: 'Partial liquidation to',
      help: 'Liquidate only enough to bring the account back to this collateral ratio, instead of all of it: far less collateral sold per account, but the account can be liquidated again on the next drop. Must be above the liquidation ratio; Aave and Compound sell at most half the debt at once instead.',
      kind: 'number',
      above: 1,
      max: 20,
      unit: '×',
      nullLabel: 'Off (whole account)',
      nullDefault: Math.round((liquidationRatio + 0.25) * 100) / 100,
    },
    {
      path: 'modifiers.liquidityCapDepthMultiple',
      label: 'Liquidity cap',
      help: 'Liquidation sales per step are capped at this multiple of the venues’ depth (USD that moves the price 1%); the rest waits for the next step. A lower cap sells more gently but leaves unsafe accounts open longer. 2× is assumed.',
      kind: 'number',
      above: 0,
      max: 1000,
      unit: '× depth',
      nullLabel: 'No cap',
      nullDefault: 2,
    },
    {
      path: 'modifiers.tiered',
      label: 'Sell large lots in slices',
      help: 'Lots above a size are sold as a TWAP over several steps instead of at once, as trading desks do with large orders: less impact per step, more time exposed to a falling price. Switched on: lots above 500k in 10 slices (assumed).',
      kind: 'toggle',
      toggleValue: TIERED,
    },
  ];
  if (tiered) {
    modifierFields.push(
      {
        path: 'modifiers.tiered.aboveUsd',
        label: 'Slice lots above',
        help: 'Lots worth more than this are sliced; 500k assumed.',
        kind: 'number',
        above: 0,
        unit: 'USD',
      },
      {
        path: 'modifiers.tiered.slices',
        label: 'Slices',
        help: 'Number of steps a large lot is spread over (2–10,000); more slices, gentler selling.',
        kind: 'integer',
        min: 2,
        max: 10_000,
      },
    );
  }
  modifierFields.push(
    seconds(
      'modifiers.gracePeriodSeconds',
      'Grace period',
      'An account must stay liquidatable this long before it is liquidated, so a brief wick does not close it; a longer grace lets more accounts recover and lets others sink deeper. Aave v3’s sequencer grace is 1 h; 0 = none.',
      { above: undefined, min: 0, max: 86_400 },
    ),
    {
      path: 'modifiers.circuitBreaker',
      label: 'Circuit breaker',
      help: 'After a fast fall of the oracle, pause liquidations or change margins for a while, as stock exchanges halt trading (US market-wide breakers at 7%, 13%, 20%). It breaks the loop for a time and leaves risk open meanwhile.',
      kind: 'toggle',
      toggleValue: CIRCUIT_BREAKER,
    },
  );
  if (breaker) {
    modifierFields.push(
      {
        path: 'modifiers.circuitBreaker.dropFraction',
        label: 'Trips after a fall of',
        help: 'The breaker trips when the oracle falls this fraction from its high within the window (0.1 = 10%); a smaller fall trips it more often.',
        kind: 'number',
        above: 0,
        below: 1,
      },
      seconds(
        'modifiers.circuitBreaker.windowSeconds',
        'Within',
        'The window the fall is measured over; a longer window catches slower falls. US single-stock pauses measure 5 minutes; 3600 s assumed.',
        { max: 7 * 86_400 },
      ),
      {
        path: 'modifiers.circuitBreaker.action',
        label: 'When tripped',
        help: 'Pause: no new liquidations while tripped (calls still go out). Scale margins: multiply the haircut, raising requirements (CCP-style) or relaxing them (forbearance).',
        kind: 'choice',
        options: optionsOf({ pause: 'Pause liquidations', 'scale-margin': 'Scale margins' }),
      },
    );
    if (breakerAction === 'scale-margin') {
      modifierFields.push({
        path: 'modifiers.circuitBreaker.haircutMultiplier',
        label: 'Haircut multiplier',
        help: 'While tripped, the haircut is multiplied by this: above 1 raises requirements (more accounts called now), below 1 relaxes them (fewer liquidations, more risk kept). 1 changes nothing.',
        kind: 'number',
        min: 0.2,
        max: 5,
        unit: '×',
      });
    }
    modifierFields.push(
      seconds(
        'modifiers.circuitBreaker.durationSeconds',
        'For',
        'How long the breaker stays tripped; then it resets and needs a new fall to trip again. US market-wide halts last 15 minutes; 3600 s assumed.',
        { max: 7 * 86_400 },
      ),
    );
  }

  const shortfall: FieldGroup = {
    id: 'shortfall',
    title: 'Shortfall',
    intro: 'Who pays when sales raise less than the debt.',
    fields: [
      {
        path: 'shortfall.surplusBufferUsd',
        label: 'Surplus buffer',
        help: 'Protocol surplus that absorbs bad debt first (Maker ≈ $500k on Black Thursday).',
        kind: 'number',
        min: 0,
        unit: 'USD',
      },
      {
        path: 'shortfall.then',
        label: 'Then',
        help: 'What covers bad debt beyond the buffer.',
        kind: 'choice',
        options: optionsOf({
          'debt-auction': 'Mint governance tokens in a debt auction',
          socialise: 'Socialise the loss',
        }),
      },
      {
        path: 'shortfall.govTokenPriceUsd',
        label: 'Governance token price',
        help: 'Price the debt auction assumes (MKR ≈ $265 in March 2020).',
        kind: 'number',
        above: 0,
        unit: 'USD',
      },
      fraction(
        'shortfall.debtAuctionDiscount',
        'Debt auction discount',
        'Discount at which the debt auction clears against that price.',
      ),
      seconds(
        'shortfall.debtAuctionDelaySeconds',
        'Debt auction delay',
        'Wait before a debt auction can start (Maker wait = 2 days).',
        {
          above: undefined,
          min: 0,
        },
      ),
    ],
  };

  const keepers: FieldGroup = {
    id: 'keepers',
    title: 'Keepers (overrides)',
    intro:
      'Leave blank to keep the scenario’s keepers; fill in to ask “what if there had been more or richer keepers?”.',
    fields: [
      {
        path: 'keepers.count',
        label: 'Keepers',
        help: 'How many keepers watch the auctions.',
        kind: 'integer',
        min: 0,
        max: 1000,
        optional: true,
      },
      {
        path: 'keepers.capitalUsd',
        label: 'Keeper capital',
        help: 'Stablecoin each keeper can bid with.',
        kind: 'number',
        min: 0,
        unit: 'USD',
        optional: true,
      },
      {
        path: 'keepers.gasCapMedianGwei',
        label: 'Median keeper gas cap',
        help: 'Keepers stop transacting above their gas cap; this is the median cap.',
        kind: 'number',
        above: 0,
        unit: 'gwei',
        optional: true,
      },
      {
        path: 'keepers.lowballers',
        label: 'Lowball bidders',
        help: 'Bidders who bid near zero when nobody else bids (Black Thursday’s zero bids).',
        kind: 'integer',
        min: 0,
        max: 100,
        optional: true,
      },
    ],
  };

  const options = optionsGroup(design, context);

  // The parameters first; the name and sources last, next to saving.
  // Per-asset collateral haircuts: blank = none (the field is removed from the design).
  const haircutAssets = context.collateralAssets ?? [];
  if (haircutAssets.length > 0 && !context.derivatives) {
    for (const asset of haircutAssets) {
      margin.fields.push({
        path: `collateralHaircuts.${asset}`,
        label: `Haircut on ${asset}`,
        help: `Share of ${asset}’s value that does not count toward the liquidation threshold (an Aave-style per-asset liquidation threshold LT = 1 − haircut, or a CCP collateral haircut): ${asset} must cover debt × liquidation ratio at (1 − haircut) of its price. Raising it liquidates earlier and lowers the max LTV the design allows; seizures still use the full price. Blank: none.`,
        kind: 'number',
        min: 0,
        below: 1,
        optional: true,
      });
    }
  }
  return [
    margin,
    {
      id: 'oracle',
      title: 'Oracle',
      intro: 'Which price the protocol acts on, and how late.',
      fields: oracleFields,
    },
    {
      id: 'liquidation',
      title: 'Liquidation',
      intro: 'How an unsafe account’s collateral is sold, and who absorbs the loss first.',
      fields: liqFields,
    },
    {
      id: 'modifiers',
      title: 'Modifiers',
      intro: 'Changes that apply to any mechanism: sell less, sell slower, wait, or stop.',
      fields: modifierFields,
    },
    ...(options ? [options] : []),
    shortfall,
    keepers,
    identity,
  ];
}

/**
 * The "Options" group, for scenarios with derivatives (or a design that already has an options
 * block): writers' margin model, dealers' hedging, and a switch for each loop. Ranges mirror
 * engine/options/option-book.ts OptionsDesignSchema.
 */
function optionsGroup(design: unknown, context: DesignContext): FieldGroup | null {
  const d = context.derivatives ?? null;
  if (!d && getPath(design, 'options') == null) return null;
  const read = (path: string): string =>
    String(getPath(design, path) ?? getPath(DEFAULT_OPTIONS, path.slice('options.'.length)) ?? '');
  const marginKind = read('options.marginModel.kind');
  const gridKind = String(getPath(design, 'options.marginModel.grid.kind') ?? 'span');
  const hedging = getPath(design, 'options.hedging');
  const hedgingKind = hedging == null ? 'scenario' : String(getPath(design, 'options.hedging.kind'));
  const fields: FieldSpec[] = [
    {
      path: 'options.marginModel.kind',
      label: 'Writers’ margin model',
      help: 'Per position: each short option needs a fixed share of the underlying (CBOE’s naked-option rule; Deribit’s standard margin has the same shape). Portfolio: the worst loss over a grid of price and implied-vol moves (CME SPAN, Deribit portfolio margin) — it charges less in calm times and jumps when implied vol rises, calling writers in the middle of a crash.',
      kind: 'variant',
      variants: OPTION_MARGINS,
      options: optionsOf({
        'per-position': 'Per position (CBOE, Deribit standard)',
        portfolio: 'Portfolio (SPAN / Deribit PM grid)',
      }),
    },
  ];
  if (marginKind === 'per-position') {
    fields.push(
      fraction(
        'options.marginModel.shortOptionBase',
        'Charge on the underlying',
        'Each short option needs this share of the underlying’s value, less the amount it is out of the money (CBOE: 0.20; Deribit standard maintenance ≈ 0.15). Higher means fewer, safer writers and fewer liquidations in a fall.',
      ),
      fraction(
        'options.marginModel.shortOptionFloor',
        'Minimum charge',
        'Never less than this share of the strike (puts) or the underlying (calls), however far out of the money (CBOE and Deribit: 0.10).',
      ),
      fraction(
        'options.marginModel.futuresMaintenance',
        'Futures maintenance',
        'Maintenance on futures and perpetual positions in the same account, share of notional (0.05 assumed).',
      ),
    );
  } else {
    fields.push(
      {
        path: 'options.marginModel.grid.kind',
        label: 'Risk grid',
        help: 'SPAN (CME): 16 scenarios — the price unchanged or moved by ⅓, ⅔ and all of the scan range, each with vol up and down, plus two extreme moves partly counted. Deribit PM: price moves spread evenly over ±range, each with vol up, unchanged and down.',
        kind: 'variant',
        variants: GRIDS,
        options: optionsOf({ span: 'SPAN (CME)', 'deribit-pm': 'Deribit portfolio margin' }),
      },
      fraction(
        'options.marginModel.shortOptionMinimum',
        'Short-option minimum',
        'Every net short option needs at least this share of the underlying, so deep out-of-the-money shorts are never free (SPAN’s short-option minimum; 0.005 assumed).',
      ),
    );
    if (gridKind === 'span') {
      fields.push(
        {
          path: 'options.marginModel.grid.priceScanRange',
          label: 'Price scan range',
          help: 'Largest price move the grid tests, share of the price (the S&P 500 in 1987 terms ≈ 0.10, assumed). Wider means more margin and fewer liquidations.',
          kind: 'number',
          above: 0,
          max: 1,
        },
        fraction(
          'options.marginModel.grid.volScanRange',
          'Vol scan range',
          'Implied vol is moved up and down by this share of itself in each scenario (0.25 assumed). Higher makes the margin more sensitive to volatility.',
        ),
        {
          path: 'options.marginModel.grid.extremeMoveMultiple',
          label: 'Extreme move',
          help: 'The two extreme scenarios move the price this many scan ranges (CME: 3).',
          kind: 'number',
          above: 0,
          max: 10,
          unit: '×',
        },
        fraction(
          'options.marginModel.grid.extremeCoverFraction',
          'Extreme loss counted',
          'Share of the extreme scenarios’ loss that counts toward the margin (CME: 0.35).',
        ),
      );
    } else {
      fields.push(
        {
          path: 'options.marginModel.grid.priceRange',
          label: 'Price range',
          help: 'Largest price move tested up and down, share of the price (Deribit: 0.16).',
          kind: 'number',
          above: 0,
          max: 1,
        },
        {
          path: 'options.marginModel.grid.buckets',
          label: 'Price points',
          help: 'Number of price moves from −range to +range inclusive (Deribit: 9, i.e. steps of 4%).',
          kind: 'integer',
          min: 2,
          max: 101,
        },
        {
          path: 'options.marginModel.grid.volUpShock',
          label: 'Vol shock up',
          help: 'Relative rise of implied vol tested at 30 days to expiry (0.38 assumed); larger means more margin against a vol spike.',
          kind: 'number',
          min: 0,
          max: 5,
        },
        fraction(
          'options.marginModel.grid.volDownShock',
          'Vol shock down',
          'Relative fall of implied vol tested at 30 days to expiry (0.30 assumed).',
        ),
        {
          path: 'options.marginModel.grid.termPower',
          label: 'Term power',
          help: 'Vol shocks scale with (30 days ÷ days to expiry)^power, so short-dated options get bigger shocks (Deribit’s older rule: 0.3).',
          kind: 'number',
          min: 0,
          max: 2,
        },
      );
    }
  }
  fields.push({
    path: 'options.hedging.kind',
    label: 'Dealers’ hedging policy',
    help: `When dealers re-hedge their options’ delta: their own habit in the scenario${
      d?.dealers ? ` (${d.dealers.hedgePolicy})` : ''
    }, when their net delta leaves a band, or on a fixed clock. Short-gamma dealers sell into a fall each time they re-hedge: hedging more often sells sooner in smaller lots, a wide band sells later in bigger ones.`,
    kind: 'variant',
    variants: HEDGING,
    nullVariant: 'scenario',
    options: optionsOf({
      scenario: 'Scenario default',
      band: 'When delta leaves a band',
      interval: 'On a fixed interval',
    }),
  });
  if (hedgingKind === 'band')
    fields.push(
      fraction(
        'options.hedging.bandDelta',
        'Hedge band',
        'Dealers re-hedge to zero when their net delta exceeds this share of their option notional (0.05 assumed). Wider: fewer, larger hedging trades.',
      ),
    );
  else if (hedgingKind === 'interval')
    fields.push(
      seconds(
        'options.hedging.seconds',
        'Re-hedge every',
        'Dealers re-hedge to zero delta on this clock (a step or less: every step). 1800 s assumed for 1987 desks.',
      ),
    );
  fields.push(
    {
      path: 'options.dealerHedging',
      label: 'Dealers delta-hedge',
      help: 'Off cuts the gamma loop: dealers keep their options unhedged and never trade the underlying.',
      kind: 'boolean',
    },
    {
      path: 'options.insurersActive',
      label: 'Portfolio insurers follow their rule',
      help: 'Off cuts the portfolio-insurance loop: insurers hold what they have instead of selling as the price falls (the Brady Report’s culprit of 1987).',
      kind: 'boolean',
    },
    {
      path: 'options.ivFeedback',
      label: 'Implied vol reacts to stress',
      help: 'On: implied vol rises with realised volatility, raising option marks and margins in a crash. Off: it stays at its calm base, which cuts the volatility loop.',
      kind: 'boolean',
    },
    fraction(
      'options.liquidationPenalty',
      'Writer liquidation penalty',
      'Charged on top of the buy-back of a liquidated writer’s options, share of the buy-back (0.02 assumed). Higher takes more of a writer’s collateral; with same-asset collateral it means more sold.',
    ),
  );
  return {
    id: 'options',
    title: 'Options',
    intro: d
      ? `This scenario has options on ${d.asset}: ${[
          d.writers > 0 ? `${d.writers.toLocaleString('en-US')} option writers` : null,
          d.dealers ? `${d.dealers.gamma}-gamma dealers` : null,
          d.insurers ? `portfolio insurers (${d.insurers.rule})` : null,
        ]
          .filter(Boolean)
          .join(', ')}. Each loop can be turned off on its own.`
      : 'Option writers’ margin, dealers’ hedging and portfolio insurers (used by scenarios with derivatives).',
    fields,
    note: collateralNote(d),
  };
}

/**
 * The value to put in the design for a kind change: the new variant's defaults (fresh copy), with
 * the `keep` fields of the current object carried over.
 */
export function variantValue(spec: FieldSpec, kind: string, current?: unknown): Json | null | undefined {
  if (!spec.variants || !(kind in spec.variants)) return undefined;
  const v = spec.variants[kind];
  if (v === null || v === undefined) return null;
  const out = structuredClone(v) as Json;
  if (current && typeof current === 'object') {
    for (const key of spec.keep ?? []) {
      const kept = (current as Json)[key];
      if (kept !== undefined) out[key] = kept;
    }
  }
  return out;
}

/** The field's value in the design; an absent `modifiers` reads as every modifier off. */
export function fieldValue(design: unknown, spec: FieldSpec): unknown {
  if (spec.kind === 'variant' && spec.nullVariant) {
    const parent = spec.path.replace(/\.kind$/, '');
    const p = getPath(design, parent);
    if (p === null || (p === undefined && getPath(design, 'options') == null)) return spec.nullVariant;
  }
  const v = getPath(design, spec.path);
  // An absent options block (or a field with a schema default) reads as the engine's default.
  if (v === undefined && spec.path.startsWith('options.'))
    return getPath(DEFAULT_OPTIONS, spec.path.slice('options.'.length));
  if (v === undefined && spec.path.startsWith('modifiers.') && getPath(design, 'modifiers') === undefined)
    return getPath(NO_MODIFIERS, spec.path.slice('modifiers.'.length));
  return v;
}

/**
 * Applies an edit to the design in place: a kind change replaces the parent object with the new
 * kind's defaults; a toggle puts its default object or null; the first modifier edit creates the
 * whole `modifiers` object (every field is required once it exists).
 */
export function applyChange(design: Json, spec: FieldSpec, value: unknown): void {
  if (spec.path.startsWith('modifiers.') && getPath(design, 'modifiers') == null)
    design['modifiers'] = structuredClone(NO_MODIFIERS) as Json;
  if (spec.path.startsWith('options.') && getPath(design, 'options') == null)
    design['options'] = structuredClone(DEFAULT_OPTIONS) as Json;
  if (spec.kind === 'variant') {
    const parent = spec.path.replace(/\.kind$/, '');
    setPath(design, parent, variantValue(spec, String(value), getPath(design, parent)));
  } else if (spec.kind === 'toggle') {
    setPath(design, spec.path, value ? structuredClone(spec.toggleValue ?? {}) : null);
  } else setPath(design, spec.path, value);
}

/**
 * Rules between fields that main also enforces (engine/design.ts parseDesign), shown beside the
 * field main would name. callRatio ≥ liquidationRatio is left to main, which explains it.
 */
export function crossFieldErrors(design: unknown): Record<string, string> {
  const errs: Record<string, string> = {};
  const num = (path: string): number | null => {
    const v = getPath(design, path);
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };
  const lr = num('margin.liquidationRatio');
  const target = num('modifiers.partialTargetRatio');
  if (lr !== null && target !== null && target <= lr)
    errs['modifiers.partialTargetRatio'] =
      `must be above the liquidation ratio (${lr}): a partial liquidation restores health above the threshold`;
  const floor = num('margin.volatility.floorMultiple');
  const cap = num('margin.volatility.capMultiple');
  if (getPath(design, 'margin.kind') === 'volatility-scaled' && floor !== null && cap !== null && cap < floor)
    errs['margin.volatility.capMultiple'] = `must be at least the floor (${floor})`;
  if (
    getPath(design, 'modifiers.circuitBreaker.action') === 'scale-margin' &&
    num('modifiers.circuitBreaker.haircutMultiplier') === 1
  )
    errs['modifiers.circuitBreaker.haircutMultiplier'] =
      '1 changes nothing: use more than 1 to raise margins or less than 1 to relax them';
  return errs;
}

/** Largest haircut the engine applies (engine/margin-model.ts MAX_HAIRCUT), so ratios stay finite. */
const MAX_HAIRCUT = 0.95;

export interface CapitalEfficiency {
  /** Largest debt ÷ collateral value an account may hold (1 ÷ liquidation ratio). */
  maxLtv: number;
  /** Largest exposure ÷ own capital: ratio ÷ (ratio − 1); Infinity at a ratio of 1. */
  maxLeverage: number;
  /** For a volatility-scaled margin: the same at the cap, when volatility is highest. */
  atCap: { ratio: number; maxLtv: number; maxLeverage: number } | null;
}

/**
 * The design's capital efficiency (what report.ts's summary calls it): the LTV and leverage its
 * liquidation ratio allows, and, for a volatility-scaled margin, what is left of them at the cap.
 * null while the ratio is not a valid number.
 */
export function capitalEfficiency(
  design: unknown,
  collateral: { asset: string; weight: number }[] = [],
): CapitalEfficiency | null {
  const lr = getPath(design, 'margin.liquidationRatio');
  if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 1) return null;
  // Haircuts count each asset at (1 − h) of its value: max LTV = Σ w_a (1 − h_a) / LR (as the engine).
  let counted = 1;
  if (collateral.length > 0) {
    counted = 0;
    for (const c of collateral) {
      const h = getPath(design, `collateralHaircuts.${c.asset}`);
      counted += c.weight * (1 - (typeof h === 'number' && h >= 0 && h < 1 ? h : 0));
    }
  }
  if (counted < 1) {
    const ltv = counted / lr;
    return { maxLtv: ltv, maxLeverage: ltv < 1 ? 1 / (1 - ltv) : Infinity, atCap: null };
  }
  const leverage = (ratio: number): number => (ratio > 1 ? ratio / (ratio - 1) : Infinity);
  let atCap: CapitalEfficiency['atCap'] = null;
  const cap = getPath(design, 'margin.volatility.capMultiple');
  if (getPath(design, 'margin.kind') === 'volatility-scaled' && typeof cap === 'number' && cap > 0) {
    const haircut = Math.min(MAX_HAIRCUT, (1 - 1 / lr) * cap);
    const ratio = 1 / (1 - haircut);
    atCap = { ratio, maxLtv: 1 / ratio, maxLeverage: leverage(ratio) };
  }
  return { maxLtv: 1 / lr, maxLeverage: leverage(lr), atCap };
}

/** Client-side check of one field; the message says what is wrong (null: fine). */
export function checkField(spec: FieldSpec, value: unknown): string | null {
  if (value === undefined || value === '') {
    return spec.optional || spec.kind === 'textarea' || spec.kind === 'lines' ? null : 'required';
  }
  if (value === null) return spec.nullLabel || spec.kind === 'toggle' ? null : 'required';
  if (spec.kind === 'toggle') return typeof value === 'object' ? null : 'required';
  if (spec.kind === 'number' || spec.kind === 'integer') {
    if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
    if (spec.kind === 'integer' && !Number.isInteger(value)) return 'must be a whole number';
    if (spec.min !== undefined && value < spec.min) return `must be ≥ ${spec.min}`;
    if (spec.max !== undefined && value > spec.max) return `must be ≤ ${spec.max}`;
    if (spec.above !== undefined && value <= spec.above) return `must be > ${spec.above}`;
    if (spec.below !== undefined && value >= spec.below) return `must be < ${spec.below}`;
    return null;
  }
  if (spec.kind === 'text' || spec.kind === 'textarea') {
    if (typeof value !== 'string') return 'must be text';
    if (spec.pattern && !spec.pattern.re.test(value)) return spec.pattern.message;
    if (spec.maxLength !== undefined && value.length > spec.maxLength)
      return `at most ${spec.maxLength} characters`;
  }
  return null;
}

/** Parses a number input's text: '' → undefined (blank), a number, or the text itself when it is not one. */
export function parseNumberInput(text: string): number | string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

/** A lowercase-dash id from a name: "My clip, faster" → "my-clip-faster". */
export function slugify(name: string): string {
  const s = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return s || 'my-design';
}
