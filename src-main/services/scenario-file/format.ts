/**
 * The scenario format users write (`"format": "cascade-lab/scenario"`, version 2;
 * version-1 files, whose rates were per step, are upgraded on reading): a crash as a
 * risk analyst describes it — assets and their price series (a stored series, a file, or the points
 * themselves), venues and depth, gas, the window and step, one or more protocols each with its own
 * population (a distribution, or positions), design and oracle, an optional ledger of what really
 * happened, and published outcomes with sources. Built from the engine's own schemas (venues,
 * populations, keepers, designs, oracles), so a field means here what it means to the engine; the
 * JSON Schema users validate against is generated from this (json-schema.ts).
 *
 * Pure (no Node): the app's main process parses and resolves documents; the engine never sees one.
 */
import { z } from 'zod';
import { DesignError, DesignSchema, OracleSchema, parseDesign } from '../../engine/design.ts';
import {
  AssetSpecSchema,
  KeeperEnvironmentSchema,
  PopulationSpecSchema,
  ScenarioError,
  VenueSpecSchema,
} from '../../engine/scenario.ts';
import { MeasureSchema, PassSchema } from '../../engine/scenario-extras.ts';
import { lazySchema } from '../../engine/lazy-schema.ts';
import { describeIssue } from '../../engine/zod-issues.ts';
import { convertPerStepRates, upgradeStatement } from '../../engine/scenario-upgrade.ts';

export const SCENARIO_FORMAT = 'cascade-lab/scenario';
/** 2: rates per second (keepers' txPerSecond, arbitrage's gapHalfLifeSeconds …); 1: per step. */
export const SCENARIO_FORMAT_VERSION = 2;
/** Step a version-1 file's per-step rates are converted at when it names none (the format's default). */
const V1_DEFAULT_STEP_SECONDS = 60;

const ASSET_ID = /^[A-Za-z0-9.-]{1,16}$/;
export const SCENARIO_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const PROTOCOL_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,59}$/;

const finitePositive = lazySchema(() => z.number().finite().positive());
const assetId = lazySchema(() =>
  z.string().regex(ASSET_ID, 'an asset id is 1–16 letters, digits, "." or "-" (e.g. ETH, WBTC)'),
);
/** [epoch seconds, value]. */
const point = lazySchema(() => z.tuple([z.number().int(), finitePositive]));
const isoTime = lazySchema(() =>
  z.string().datetime({ message: 'write an ISO 8601 UTC time such as 2024-08-05T00:00:00Z' }),
);

/** Where a price series comes from: give exactly one of seriesId, file and points. */
export const SeriesEntrySchema = lazySchema(() =>
  z.strictObject({
    /** A series stored by `cascade-lab import` (its id). */
    seriesId: z.string().min(1).optional(),
    /** A CSV or JSON file, relative to this document (command line only). */
    file: z.string().min(1).optional(),
    /** For a file of OHLC bars that does not say it: whether its times are the bars' open or close times. */
    barTime: z.enum(['open', 'close']).optional(),
    /** For a file with naive times: their IANA zone (default UTC, with a warning). */
    timeZone: z.string().min(1).optional(),
    /** The observed points themselves: [epoch seconds, USD]. */
    points: z.array(point).min(2).optional(),
    /** Where the points come from (required with points). */
    source: z.string().min(1).optional(),
    /** Finest spacing of the source data, seconds (default: the points' typical spacing). */
    resolutionSeconds: z.number().int().positive().optional(),
  }),
);

export const AssetEntrySchema = lazySchema(() =>
  z.strictObject({
    id: assetId,
    series: SeriesEntrySchema,
    /** Default: the template's venues for this asset (or for its population asset). */
    venues: z.array(VenueSpecSchema).min(1).max(8).optional(),
    arbitrage: AssetSpecSchema.shape.arbitrage.optional(),
  }),
);

/** Network gas: a constant, a stored series, a file or points; and what gas is paid in. */
export const GasEntrySchema = lazySchema(() =>
  z.strictObject({
    constantGwei: finitePositive.optional(),
    seriesId: z.string().min(1).optional(),
    file: z.string().min(1).optional(),
    /** [epoch seconds, gwei]. */
    points: z.array(point).min(1).optional(),
    source: z.string().min(1).optional(),
    /** The asset gas is paid in (an asset of this scenario), or… */
    tokenAsset: assetId.optional(),
    /** …a fixed USD price of the gas token. */
    tokenPriceUsd: finitePositive.optional(),
  }),
);

const ResponseSchema = PopulationSpecSchema.shape.response;

/** A population from distributions (the engine's population spec; response defaults to the template's). */
export const DistributionPopulationSchema = PopulationSpecSchema.omit({
  positions: true,
  response: true,
}).extend({
  kind: z.literal('distribution'),
  response: ResponseSchema.optional(),
});

/** A population from positions: a positions file, an imported one, or the positions themselves. */
export const PositionsPopulationSchema = lazySchema(() =>
  z.strictObject({
    kind: z.literal('positions'),
    /** Collateral asset (default: the one the positions name). */
    asset: assetId.optional(),
    /** A positions CSV relative to this document (command line only): its rows for this protocol. */
    file: z.string().min(1).optional(),
    /** A positions file stored by `cascade-lab import` (its id): its rows for this protocol. */
    positionSetId: z.string().min(1).optional(),
    /** The positions themselves: units of collateral and USD of debt, one entry per position. */
    positions: z
      .strictObject({
        collateral: z.array(finitePositive).min(1).max(5_000_000),
        debtUsd: z.array(finitePositive).min(1).max(5_000_000),
      })
      .optional(),
    source: z.string().min(1).optional(),
    /** How called accounts respond (default: the template's). */
    response: ResponseSchema.optional(),
  }),
);

export const PopulationEntrySchema = lazySchema(() =>
  z.discriminatedUnion('kind', [DistributionPopulationSchema, PositionsPopulationSchema]),
);

export const ProtocolEntrySchema = lazySchema(() =>
  z.strictObject({
    /** The protocol's name (positions and ledger rows name it). */
    name: z.string().regex(PROTOCOL_NAME, 'a protocol name is 1–60 letters, digits, spaces, ".", "_" or "-"'),
    /**
     * The design in force during the crash (the replay is calibrated against it): a preset id
     * (`aave-v3`), a preset with an oracle variant (`aave-v3+twap-30m`), a saved design's id, or the
     * design itself.
     */
    design: z.union([z.string().min(1), DesignSchema]),
    /** The protocol's own oracle, replacing the design's. */
    oracle: OracleSchema.optional(),
    population: PopulationEntrySchema,
  }),
);

/** What really happened, to compare with the replay: a ledger file, an imported ledger, or its events. */
export const LedgerEntrySchema = lazySchema(() =>
  z.strictObject({
    file: z.string().min(1).optional(),
    ledgerId: z.string().min(1).optional(),
    events: z
      .strictObject({
        timeMs: z.array(z.number().int()),
        protocol: z.array(z.string()),
        account: z.array(z.string()),
        collateralSold: z.array(finitePositive),
        debtRepaidUsd: z.array(z.number().finite().min(0)),
        priceUsd: z.array(finitePositive),
      })
      .optional(),
    source: z.string().min(1).optional(),
  }),
);

/**
 * A published outcome with its source. With `measure` and `amount` it becomes a row of the
 * validation table (the simulated median and band beside `amount`, passing by `pass`, default
 * within 2×); `protocol` names whose figure it is in a scenario with several (default: the total
 * of every protocol). Without `measure` it is shown in the scenario's notes only.
 */
export const PublishedEntrySchema = lazySchema(() =>
  z.strictObject({
    figure: z.string().min(1),
    /** The published value, as published ("$3.7M"). */
    value: z.string().min(1),
    source: z.string().min(1),
    /** What the simulation measures to compare with it (the engine's measures). */
    measure: MeasureSchema.optional(),
    /** The published value in the measure's unit (numeraire, share, seconds); needed with `measure`. */
    amount: z.number().finite().optional(),
    /** When the simulated median passes (default: within 2× of `amount`). */
    pass: PassSchema.optional(),
    /** Whose figure it is: a protocol's name (default: the total of every protocol). */
    protocol: z.string().min(1).optional(),
  }),
);

export const ScenarioDocumentSchema = lazySchema(() =>
  z.strictObject({
    /** Optional pointer to the JSON Schema (editors use it). */
    $schema: z.string().optional(),
    format: z.literal(SCENARIO_FORMAT),
    version: z.literal(SCENARIO_FORMAT_VERSION),
    /** Lowercase letters, digits and dashes (default: from the name). */
    id: z.string().regex(SCENARIO_ID, 'an id is lowercase letters, digits and dashes').optional(),
    name: z.string().min(1).max(200),
    dateLabel: z.string().max(40).optional(),
    summary: z.string().max(4000).optional(),
    lesson: z.string().max(4000).optional(),
    /** Built-in scenario whose venues, arbitrage, keepers and responses fill what this file leaves out. */
    template: z.string().min(1).optional(),
    /** Default: the span all the assets' series share. */
    window: z.strictObject({ start: isoTime, end: isoTime }).optional(),
    /** Step of a run, seconds (default: 60, coarser for long windows). */
    stepSeconds: z.number().int().min(1).max(86_400).optional(),
    assets: z.array(AssetEntrySchema).min(1).max(4),
    /** Default: the template's median gas level, held constant. */
    gas: GasEntrySchema.optional(),
    oracleOutages: z
      .array(z.strictObject({ startTime: isoTime, endTime: isoTime, reason: z.string().min(1) }))
      .optional(),
    keepers: KeeperEnvironmentSchema.optional(),
    protocols: z.array(ProtocolEntrySchema).min(1).max(8),
    ledger: LedgerEntrySchema.optional(),
    published: z.array(PublishedEntrySchema).optional(),
    assumptions: z.array(z.string()).optional(),
    limits: z.array(z.string()).optional(),
    sources: z.array(z.string()).optional(),
  }),
);

export type ScenarioDocument = z.infer<typeof ScenarioDocumentSchema>;
export type AssetEntry = z.infer<typeof AssetEntrySchema>;
export type SeriesEntry = z.infer<typeof SeriesEntrySchema>;
export type GasEntry = z.infer<typeof GasEntrySchema>;
export type ProtocolEntry = z.infer<typeof ProtocolEntrySchema>;
export type PopulationEntry = z.infer<typeof PopulationEntrySchema>;
export type LedgerEntry = z.infer<typeof LedgerEntrySchema>;
export type LedgerEvents = NonNullable<LedgerEntry['events']>;

/** The message for one zod issue: the field, what is wrong, and how to fix a missing one. */
function issueMessage(issue: z.core.$ZodIssue): { field: string; message: string } {
  const described = describeIssue('scenario', issue);
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) {
    return {
      field: described.field,
      message: `${described.field}: missing; add it (see the scenario format in the README)`,
    };
  }
  if (issue.code === 'invalid_union' && described.field.endsWith('.design')) {
    return {
      field: described.field,
      message: `${described.field}: give a preset id ("aave-v3"), a saved design's id, or a whole design object (a design validates on its own: run cascade-lab replay with --design file.json to see its first problem)`,
    };
  }
  return described;
}

/** Exactly one of `keys` present in `entry`, else a ScenarioError naming `field`. */
function exactlyOne(entry: object, keys: readonly string[], field: string): void {
  const given = keys.filter((k) => (entry as Record<string, unknown>)[k] !== undefined);
  if (given.length !== 1) {
    throw new ScenarioError(
      `${field}: give exactly one of ${keys.map((k) => `"${k}"`).join(', ')}${given.length > 1 ? ` (found ${given.join(' and ')})` : ''}`,
      field,
    );
  }
}

/** The rules zod cannot say: one source per series, population, gas and ledger; distinct names. */
function checkSources(doc: ScenarioDocument): void {
  const assets = new Set<string>();
  doc.assets.forEach((a, i) => {
    const field = `scenario.assets.${i}`;
    if (assets.has(a.id)) throw new ScenarioError(`${field}.id: "${a.id}" is listed twice`, `${field}.id`);
    assets.add(a.id);
    exactlyOne(a.series, ['seriesId', 'file', 'points'], `${field}.series`);
    if (a.series.points !== undefined && a.series.source === undefined) {
      throw new ScenarioError(
        `${field}.series.source: say where the points come from`,
        `${field}.series.source`,
      );
    }
  });
  if (doc.gas) exactlyOne(doc.gas, ['constantGwei', 'seriesId', 'file', 'points'], 'scenario.gas');
  const names = new Set<string>();
  doc.protocols.forEach((p, i) => {
    const field = `scenario.protocols.${i}`;
    if (names.has(p.name))
      throw new ScenarioError(`${field}.name: "${p.name}" is listed twice`, `${field}.name`);
    names.add(p.name);
    if (p.population.kind === 'positions') {
      exactlyOne(p.population, ['file', 'positionSetId', 'positions'], `${field}.population`);
    }
  });
  if (doc.ledger) exactlyOne(doc.ledger, ['file', 'ledgerId', 'events'], 'scenario.ledger');
  if (doc.window && Date.parse(doc.window.end) <= Date.parse(doc.window.start)) {
    throw new ScenarioError('scenario.window.end: must be after window.start', 'scenario.window.end');
  }
}

/** Validates inline designs on their own first, so their errors name the design's own field. */
function checkInlineDesigns(input: object): void {
  const protocols = (input as { protocols?: unknown }).protocols;
  if (!Array.isArray(protocols)) return;
  protocols.forEach((p: unknown, i) => {
    const design = (p as { design?: unknown } | null)?.design;
    if (design === null || typeof design !== 'object') return;
    try {
      parseDesign(design);
    } catch (e) {
      if (!(e instanceof DesignError)) throw e;
      const field = `scenario.protocols.${i}.${e.field}`;
      throw new ScenarioError(e.message.replace(/^design\./, `scenario.protocols.${i}.design.`), field);
    }
  });
}

/**
 * Parses a scenario document. Throws ScenarioError naming the field and how to fix it; a file of
 * another format or of a newer version says so first (a newer file asks to update the app).
 */
export function parseScenarioDocument(raw: unknown): ScenarioDocument {
  const input = upgradeVersion1(raw);
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new ScenarioError(
      'scenario: a scenario file is a JSON object ({"format": "cascade-lab/scenario", …})',
      'scenario',
    );
  }
  const head = input as { format?: unknown; version?: unknown };
  if (head.format !== SCENARIO_FORMAT) {
    throw new ScenarioError(
      `scenario.format: this is not a Cascade Lab scenario (format must be "${SCENARIO_FORMAT}", found ${JSON.stringify(head.format ?? null)})`,
      'scenario.format',
    );
  }
  if (
    typeof head.version === 'number' &&
    Number.isInteger(head.version) &&
    head.version > SCENARIO_FORMAT_VERSION
  ) {
    throw new ScenarioError(
      `scenario.version: this file is format version ${head.version}, written by a newer Cascade Lab (this app reads version ${SCENARIO_FORMAT_VERSION}); update Cascade Lab to open it`,
      'scenario.version',
    );
  }
  checkInlineDesigns(input);
  const result = ScenarioDocumentSchema.safeParse(input);
  if (!result.success) {
    const first = result.error.issues[0];
    if (!first) throw new ScenarioError('scenario: invalid', 'scenario');
    const { field, message } = issueMessage(first);
    throw new ScenarioError(message, field);
  }
  checkSources(result.data);
  return result.data;
}

/**
 * A version-1 document (rates per step) as version 2: its per-step fields converted at its
 * `stepSeconds` (60 s when it names none), the conversion stated in its assumptions.
 */
function upgradeVersion1(input: unknown): unknown {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return input;
  const head = input as Record<string, unknown>;
  if (head.format !== SCENARIO_FORMAT || head.version !== 1) return input;
  const doc = structuredClone(head);
  const step =
    typeof doc.stepSeconds === 'number' && doc.stepSeconds > 0 ? doc.stepSeconds : V1_DEFAULT_STEP_SECONDS;
  const notes = convertPerStepRates(doc, step);
  doc.version = SCENARIO_FORMAT_VERSION;
  if (notes.length > 0) {
    const said = upgradeStatement(step, notes);
    doc.assumptions = Array.isArray(doc.assumptions) ? [...(doc.assumptions as unknown[]), said] : [said];
  }
  return doc;
}

/** Parses the text of a scenario file: not JSON is a one-line error too. */
export function parseScenarioDocumentText(text: string, fileName: string): ScenarioDocument {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch (e) {
    throw new ScenarioError(
      `${fileName}: not valid JSON (${(e as Error).message}); fix the JSON syntax`,
      'scenario',
    );
  }
  return parseScenarioDocument(json);
}
