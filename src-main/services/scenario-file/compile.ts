/**
 * A resolved scenario document (every series, population, design and default made explicit by
 * resolve.ts) compiled into the engine's Scenario for one of its protocols. What users read —
 * the assumptions describing venues, populations, gas and designs — is generated here from the same
 * values the engine runs. Pure.
 */
import type { Design } from '../../engine/design.ts';
import { parseDesign } from '../../engine/design.ts';
import type { PopulationSpec, Scenario } from '../../engine/scenario.ts';
import { ScenarioError, parseScenario } from '../../engine/scenario.ts';
import type { Measure, Target } from '../../engine/scenario-extras.ts';
import type { ScenarioDocument } from './format.ts';

type Protocol = ScenarioDocument['protocols'][number];

/** A document whose defaults and references resolve.ts has filled in. */
export type ResolvedDocument = ScenarioDocument & {
  id: string;
  window: { start: string; end: string };
  stepSeconds: number;
  keepers: NonNullable<ScenarioDocument['keepers']>;
  gas: NonNullable<ScenarioDocument['gas']>;
};

/** Throws unless `doc` is resolved (references replaced by data, defaults filled). */
export function assertResolved(doc: ScenarioDocument): asserts doc is ResolvedDocument {
  const missing = (what: string): never => {
    throw new ScenarioError(
      `scenario.${what}: not resolved (a stored scenario must hold its data)`,
      `scenario.${what}`,
    );
  };
  if (doc.id === undefined) missing('id');
  if (doc.window === undefined) missing('window');
  if (doc.stepSeconds === undefined) missing('stepSeconds');
  if (doc.keepers === undefined) missing('keepers');
  if (doc.gas === undefined || (doc.gas.points === undefined && doc.gas.constantGwei === undefined))
    missing('gas');
  doc.assets.forEach((a, i) => {
    if (a.series.points === undefined || a.venues === undefined || a.arbitrage === undefined)
      missing(`assets.${i}`);
  });
  doc.protocols.forEach((p, i) => {
    if (typeof p.design === 'string') missing(`protocols.${i}.design`);
    const pop = p.population;
    if (pop.response === undefined) missing(`protocols.${i}.population.response`);
    if (pop.kind === 'positions' && (pop.positions === undefined || pop.asset === undefined)) {
      missing(`protocols.${i}.population`);
    }
  });
  if (doc.ledger && doc.ledger.events === undefined) missing('ledger');
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The design a protocol runs: its design, with its own oracle when it names one. */
export function effectiveDesign(protocol: Protocol): Design {
  const base = parseDesign(protocol.design);
  if (protocol.oracle === undefined) return base;
  return parseDesign({
    ...base,
    id: `${base.id}-${slug(protocol.name)}-oracle`.slice(0, 64).replace(/-+$/, ''),
    name: `${base.name} (${protocol.name}'s oracle)`,
    oracle: protocol.oracle,
  });
}

const usd = (x: number): string =>
  x >= 1e9
    ? `$${(x / 1e9).toFixed(2)} B`
    : x >= 1e6
      ? `$${(x / 1e6).toFixed(1)} M`
      : `$${Math.round(x).toLocaleString('en-US')}`;

function windowSeconds(doc: ResolvedDocument): [number, number] {
  return [Date.parse(doc.window.start) / 1000, Date.parse(doc.window.end) / 1000];
}

function assetsOf(doc: ResolvedDocument): Scenario['assets'] {
  const [from, to] = windowSeconds(doc);
  return doc.assets.map((a, i) => {
    const points = a.series.points!.filter(([t]) => t >= from && t <= to);
    if (points.length < 2) {
      throw new ScenarioError(
        `scenario.assets.${i}.series: only ${points.length} observed point(s) of ${a.id} fall inside the window ${doc.window.start} → ${doc.window.end}; widen the window or choose a series that covers it`,
        `scenario.assets.${i}.series`,
      );
    }
    return {
      id: a.id,
      observed: { source: a.series.source!, resolutionSeconds: a.series.resolutionSeconds!, points },
      venues: a.venues!,
      arbitrage: a.arbitrage!,
    };
  });
}

function startPrice(assets: Scenario['assets'], asset: string): number {
  return assets.find((a) => a.id === asset)?.observed.points[0]?.[1] ?? Number.NaN;
}

/** The engine population of a protocol (positions: the distribution fields only describe them). */
function populationOf(protocol: Protocol, assets: Scenario['assets']): PopulationSpec {
  const pop = protocol.population;
  if (pop.kind === 'distribution') {
    const { kind: _kind, response, ...spec } = pop;
    return { ...spec, response: response! };
  }
  const { collateral, debtUsd } = pop.positions!;
  const p0 = startPrice(assets, pop.asset!);
  let lo = Infinity;
  let hi = 0;
  for (let i = 0; i < debtUsd.length; i++) {
    const r = (collateral[i]! * p0) / debtUsd[i]!;
    lo = Math.min(lo, r);
    hi = Math.max(hi, r);
  }
  const from = Math.max(1, Number.isFinite(lo) ? lo : 1);
  return {
    asset: pop.asset!,
    defaultAccounts: debtUsd.length,
    totalDebtUsd: debtUsd.reduce((s, d) => s + d, 0),
    // Descriptive only: the engine runs the positions themselves (accounts.ts).
    collateralRatioBins: [{ from, to: Math.max(from, hi), weight: 1 }],
    debtParetoAlpha: 2,
    whales: [],
    response: pop.response!,
    positions: { collateral, debtUsd },
  };
}

function describePopulation(protocol: Protocol, spec: PopulationSpec): string {
  const pop = protocol.population;
  if (pop.kind === 'positions') {
    return `Population of ${protocol.name}: ${spec.defaultAccounts.toLocaleString('en-US')} positions on ${spec.asset} from ${pop.source ?? 'the positions given'}, ${usd(spec.totalDebtUsd)} of debt in total (the positions themselves are run, not a distribution).`;
  }
  const bins = spec.collateralRatioBins.map((b) => `${b.from}–${b.to}× (${b.weight})`).join(', ');
  return `Population of ${protocol.name}: ${spec.defaultAccounts.toLocaleString('en-US')} accounts on ${spec.asset} generated with ${usd(spec.totalDebtUsd)} of debt in total, collateral ratios ${bins}, Pareto α ${spec.debtParetoAlpha}, ${spec.whales.length} named whales.`;
}

function describeVenues(assets: Scenario['assets']): string[] {
  return assets.map(
    (a) =>
      `${a.id} trades on ${a.venues.map((v) => `${v.name} (${v.impact}, ${usd(v.depthUsd)} moves it 1%, ${Math.round(v.permanentFraction * 100)}% permanent)`).join('; ')}.`,
  );
}

function describeGas(gas: Scenario['gas']): string {
  const level =
    gas.points.length === 1
      ? `constant ${gas.points[0]![1]} gwei`
      : `${gas.points.length} observations (${gas.source})`;
  const token =
    gas.tokenAsset !== undefined ? `paid in ${gas.tokenAsset}` : `gas token at $${gas.tokenPriceUsd}`;
  return `Network gas: ${level}, ${token}.`;
}

function gasOf(doc: ResolvedDocument): Scenario['gas'] {
  const g = doc.gas;
  const [from] = windowSeconds(doc);
  const points: [number, number][] = g.points ?? [[from, g.constantGwei!]];
  const source =
    g.source ?? (g.constantGwei !== undefined ? `constant ${g.constantGwei} gwei (assumed)` : 'given points');
  return {
    source,
    points,
    ...(g.tokenAsset !== undefined ? { tokenAsset: g.tokenAsset } : {}),
    ...(g.tokenPriceUsd !== undefined ? { tokenPriceUsd: g.tokenPriceUsd } : {}),
  };
}

/** Maps an engine field of the compiled scenario back to the document's field for protocol `i`. */
function documentField(field: string, i: number): string {
  return field.replace(/^scenario\.population/, `scenario.protocols.${i}.population`);
}

/**
 * The engine scenario of protocol `protocolIndex` (default 0) of a resolved document, validated by
 * the engine. `version` is the stored scenario's version (bumped on every edit).
 */
export function compileScenario(doc: ResolvedDocument, version: number, protocolIndex = 0): Scenario {
  const protocol = doc.protocols[protocolIndex];
  if (protocol === undefined) throw new RangeError(`no protocol ${protocolIndex}`);
  const assets = assetsOf(doc);
  const population = populationOf(protocol, assets);
  const design = effectiveDesign(protocol);
  const gas = gasOf(doc);
  const generated = [
    ...describeVenues(assets),
    describeGas(gas),
    ...doc.protocols.map((p, i) =>
      i === protocolIndex
        ? describePopulation(p, population)
        : describePopulation(p, populationOf(p, assets)),
    ),
    ...doc.protocols.map((p) => {
      const d = effectiveDesign(p);
      return `${p.name} runs ${d.name} (liquidation below ${(d.margin.liquidationRatio * 100).toFixed(1)}% collateral, ${d.liquidation.kind}); the replay is calibrated against it.`;
    }),
  ];
  const targets = publishedTargets(doc);
  const candidate: Scenario = {
    id: doc.id,
    version,
    title: doc.name,
    dateLabel: doc.dateLabel ?? doc.window.start.slice(0, 10),
    summary:
      doc.summary ??
      `${doc.assets.map((a) => a.id).join(' and ')} from ${doc.window.start} to ${doc.window.end}, ${doc.protocols.map((p) => p.name).join(' and ')} (a scenario you brought).`,
    lesson: doc.lesson ?? '',
    startTime: doc.window.start,
    endTime: doc.window.end,
    defaultStepSeconds: doc.stepSeconds,
    assets,
    gas,
    oracleOutages: doc.oracleOutages ?? [],
    population,
    keepers: doc.keepers,
    historicalDesignId: design.id,
    published: (doc.published ?? []).map(({ figure, value, source }) => ({ figure, value, source })),
    ...(doc.protocols.length === 1 && targets.length > 0
      ? { validation: { targets: targets.map((t) => t.target), fitted: [], uncertain: [] } }
      : {}),
    assumptions: [...(doc.assumptions ?? []), ...generated],
    limits: [
      ...(doc.limits ?? []),
      ...(doc.published === undefined || doc.published.length === 0
        ? ['No published outcome is attached: the replay cannot be checked against history.']
        : []),
    ],
    sources: [...new Set([...(doc.sources ?? []), ...assets.map((a) => a.observed.source)])],
  };
  try {
    return parseScenario(candidate);
  } catch (e) {
    if (e instanceof ScenarioError) {
      const field = documentField(e.field, protocolIndex);
      throw new ScenarioError(e.message.replace(e.field, field), field);
    }
    throw e;
  }
}

/** Measures that add up across protocols, so a published total can be compared with the sum. */
const ADDITIVE: ReadonlySet<Measure['kind']> = new Set([
  'bad-debt',
  'liquidated-value',
  'adl-notional',
  'insurance-sold',
]);

/** A published outcome the validation table compares with: whose figure it is (null: the total). */
export interface PublishedTarget {
  protocol: string | null;
  target: Target;
}

/**
 * The document's published outcomes that carry a `measure`, as validation targets (pass: within 2×
 * unless the entry says otherwise). ScenarioError, naming the field, for a measure without an
 * amount, a protocol the document does not have, or a total (no protocol, several protocols) of a
 * measure that does not add up across protocols.
 */
export function publishedTargets(doc: ScenarioDocument): PublishedTarget[] {
  const names = doc.protocols.map((p) => p.name);
  const several = names.length > 1;
  const out: PublishedTarget[] = [];
  (doc.published ?? []).forEach((e, i) => {
    const field = `published.${i}`;
    if (e.protocol !== undefined && !names.includes(e.protocol)) {
      throw new ScenarioError(
        `${field}.protocol: "${e.protocol}" is not a protocol of this scenario (its protocols: ${names.join(', ')})`,
        `${field}.protocol`,
      );
    }
    if (e.measure === undefined) {
      if (e.amount !== undefined || e.pass !== undefined) {
        throw new ScenarioError(
          `${field}.measure: missing; "amount" and "pass" need a measure to compare with (e.g. { "kind": "liquidated-value" }), or remove them`,
          `${field}.measure`,
        );
      }
      return;
    }
    if (e.amount === undefined) {
      throw new ScenarioError(
        `${field}.amount: missing; give the published value as a number in the measure's unit (dollars, a share 0–1 or seconds)`,
        `${field}.amount`,
      );
    }
    const protocol = several ? (e.protocol ?? null) : null;
    if (several && protocol === null && !ADDITIVE.has(e.measure.kind)) {
      throw new ScenarioError(
        `${field}.protocol: missing; "${e.measure.kind}" does not add up across protocols, so name the protocol whose figure it is (${names.join(', ')})`,
        `${field}.protocol`,
      );
    }
    const whose = several ? (protocol === null ? ' (total of every protocol)' : ` (${protocol})`) : '';
    out.push({
      protocol,
      target: {
        id: `published-${i + 1}`,
        figure: `${e.figure}${whose}`,
        published: e.value,
        source: e.source,
        measure: e.measure,
        value: e.amount,
        pass: e.pass ?? { kind: 'factor', factor: 2 },
        status: 'evidence',
        ifMissed:
          'the simulated median falls outside the pass rule: the scenario\u2019s population, venue depth or keepers may not match what happened (a figure you supplied, not checked by the lab)',
      },
    });
  });
  return out;
}
