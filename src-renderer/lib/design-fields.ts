/**
 * The design editor's form: every parameter of a design, grouped, with a one-line explanation and
 * the same ranges main enforces (engine/design.ts). The client checks give instant feedback; main's
 * `designs.validate` stays the authority and its answer names the field as `design.<path>`.
 */

export type FieldKind =
  'number' | 'integer' | 'text' | 'textarea' | 'lines' | 'boolean' | 'choice' | 'variant';

export interface FieldSpec {
  /** Dotted path inside the design, e.g. `margin.liquidationRatio` (for a variant: `….kind`). */
  path: string;
  label: string;
  /** One line: what the parameter does, with the historical value where it helps. */
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
  options?: { value: string; label: string }[];
  /** For `variant`: the object placed at the parent path when this kind is chosen. */
  variants?: Record<string, Record<string, unknown>>;
  pattern?: { re: RegExp; message: string };
  maxLength?: number;
}

export interface FieldGroup {
  id: string;
  title: string;
  intro: string;
  fields: FieldSpec[];
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
};

const optionsOf = (labels: Record<string, string>): { value: string; label: string }[] =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

/** The form for a design as it stands (fields depend on the chosen oracle, mechanism and decay kinds). */
export function designGroups(design: unknown): FieldGroup[] {
  const transform = String(getPath(design, 'oracle.transform.kind') ?? 'none');
  const update = String(getPath(design, 'oracle.update.kind') ?? 'every-step');
  const mechanism = String(getPath(design, 'liquidation.kind') ?? 'english-auction');
  const decay = String(getPath(design, 'liquidation.decay.kind') ?? 'stairstep-exponential');
  const source = String(getPath(design, 'oracle.source') ?? 'median');

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

  const margin: FieldGroup = {
    id: 'margin',
    title: 'Margin',
    intro: 'When an account is warned, and when it is liquidated.',
    fields: [
      {
        path: 'margin.liquidationRatio',
        label: 'Liquidation ratio',
        help: 'Collateral value ÷ debt below which an account is liquidated (Maker ETH-A 1.5 = 150%).',
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
    ],
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
      help: 'How seized collateral is sold.',
      kind: 'variant',
      variants: MECHANISMS,
      options: optionsOf({
        'market-sale': 'Market sale at a fixed discount (Compound)',
        'english-auction': 'English auction, rising bids (Maker flip)',
        'dutch-auction': 'Dutch auction, falling price (Maker clip)',
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

  // The parameters first; the name and sources last, next to saving.
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
      intro: 'How an unsafe account’s collateral is sold.',
      fields: liqFields,
    },
    shortfall,
    keepers,
    identity,
  ];
}

/** The value to put in the design for a kind change: the new variant's defaults (fresh copy). */
export function variantValue(spec: FieldSpec, kind: string): Json | undefined {
  const v = spec.variants?.[kind];
  return v ? (structuredClone(v) as Json) : undefined;
}

/** Client-side check of one field; the message says what is wrong (null: fine). */
export function checkField(spec: FieldSpec, value: unknown): string | null {
  if (value === undefined || value === '') {
    return spec.optional || spec.kind === 'textarea' || spec.kind === 'lines' ? null : 'required';
  }
  if (value === null) return spec.nullLabel ? null : 'required';
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
