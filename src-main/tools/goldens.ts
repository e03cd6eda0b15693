/**
 * Golden runs of the engine: for every built-in scenario, its historical design and three other
 * designs that fit its population, seeds 1 and 2, plus a few designs that switch on what no preset
 * uses (modifiers, volatility-scaled margin, haircuts, portfolio margin, an emptying stability pool).
 * Each run yields the bytes `cascade-lab replay … --json` prints (the replay service's serialiser,
 * tested against the CLI itself), its readable event log, and a SHA-256 digest of everything the
 * engine produced (every per-step series, the trigger histogram, totals, auction and liquidation
 * records, the options report) as exact float64 bytes.
 *
 * `npm run goldens` records them (record-goldens.ts); goldens.test.ts compares byte for byte and
 * fails when outputs change while `ENGINE_VERSION` does not.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OptionsDesign, OptionsSpec } from '../engine/options/option-book.ts';
import { DEFAULT_OPTIONS_DESIGN, DerivativesLayer } from '../engine/options/option-book.ts';
import type { ReplayResult } from '../engine/replay.ts';
import { getScenario, reportJson, resolveDesign, runReplays } from '../services/replay-service.ts';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Where the goldens live (relative to the repository root). */
export const GOLDENS_DIR = 'src-main/engine/goldens';
/** A small population keeps every golden case fast; the output is stored in full. */
export const GOLDEN_ACCOUNTS = 400;
export const GOLDEN_SEEDS = [1, 2] as const;

const LENDING = ['maker-2021-clip', 'aave-v3', 'liquity-v1'];
/**
 * The three other designs per scenario. Lending populations: a Dutch auction, a fixed-discount sale
 * and a stability pool. Perpetuals: the other exchange, and both exchanges with a lagging oracle.
 * 1987's margin accounts: the fixed-discount lenders (no auction or pool fits a broker's sell-out).
 */
export const OTHER_DESIGNS: Readonly<Record<string, readonly string[]>> = {
  'black-thursday-2020': LENDING,
  'black-thursday-options-2020': LENDING,
  'compound-dai-2020': LENDING,
  'luna-ust-2022': LENDING,
  'steth-discount-2022': LENDING,
  'ftx-collapse-2022': LENDING,
  'crv-curve-2023': LENDING,
  'october-2025': ['dydx-v4', 'dydx-v4+ema-15m', 'hyperliquid-2025+twap-30m'],
  'black-monday-1987': ['compound-v2', 'aave-v3', 'compound-market-sale'],
};

/** Designs that switch on mechanisms and modifiers no preset uses (seed 1 only), as JSON files. */
export const EXTRA_CASES: readonly { scenario: string; file: string }[] = [
  { scenario: 'black-thursday-2020', file: 'clip-all-modifiers.json' },
  { scenario: 'black-thursday-2020', file: 'flip-grace-scale-breaker.json' },
  { scenario: 'black-thursday-2020', file: 'sale-volatility-margin.json' },
  { scenario: 'black-thursday-2020', file: 'sale-haircut-partial.json' },
  { scenario: 'black-thursday-2020', file: 'pool-redistribute.json' },
  { scenario: 'black-thursday-2020', file: 'pool-fallback-sale.json' },
  { scenario: 'black-thursday-options-2020', file: 'options-deribit-pm.json' },
  { scenario: 'black-monday-1987', file: 'options-span-interval.json' },
  { scenario: 'october-2025', file: 'perps-tiered-capped.json' },
  { scenario: 'black-thursday-2020', file: 'llamma-bands.json' },
];

export interface GoldenCase {
  /** File-safe name: scenario, design reference and seed. */
  name: string;
  scenario: string;
  /** What `--design` is given: a preset (+ oracle variant) or a design file under the goldens' designs/. */
  design: string;
  seed: number;
}

export interface GoldenOutput {
  /** Exactly what `cascade-lab replay <scenario> --design <d> --seed <s> --accounts 400 --json` prints. */
  json: string;
  /** The readable event log, one `time kind text` line per entry. */
  log: string;
  /** SHA-256 of every array and number the run produced (see digestRun). */
  runDigest: string;
}

export function designPath(file: string): string {
  return `${GOLDENS_DIR}/designs/${file}`;
}

/** Every golden case, in a stable order. */
export function goldenCases(): GoldenCase[] {
  const cases: GoldenCase[] = [];
  for (const [scenarioId, others] of Object.entries(OTHER_DESIGNS)) {
    const scenario = getScenario(scenarioId);
    for (const seed of GOLDEN_SEEDS) {
      for (const design of [scenario.historicalDesignId, ...others]) {
        cases.push({ name: caseName(scenarioId, design, seed), scenario: scenarioId, design, seed });
      }
    }
  }
  for (const x of EXTRA_CASES) {
    const design = designPath(x.file);
    cases.push({
      name: caseName(x.scenario, x.file.replace(/\.json$/, ''), 1),
      scenario: x.scenario,
      design,
      seed: 1,
    });
  }
  return cases;
}

function caseName(scenario: string, design: string, seed: number): string {
  return `${scenario}__${design.replace(/\+/g, '_')}__s${seed}`;
}

/**
 * Runs cases that share a scenario and seed on one calibration (what `compare` does; each result
 * is identical to its own `replay`, the calibration being a function of scenario, seed and size).
 */
export function runGoldenGroup(cases: readonly GoldenCase[]): GoldenOutput[] {
  const first = cases[0]!;
  if (cases.some((c) => c.scenario !== first.scenario || c.seed !== first.seed)) {
    throw new Error('runGoldenGroup: one scenario and seed per group');
  }
  const read = (p: string): string => readFileSync(path.resolve(REPO_ROOT, p), 'utf8');
  const results = runReplays({
    scenarioId: first.scenario,
    designs: cases.map((c) => resolveDesign(c.design, read)),
    seed: first.seed,
    accounts: GOLDEN_ACCOUNTS,
  });
  return results.map(goldenOutput);
}

/** Groups cases by scenario and seed, in order. */
export function groupCases(cases: readonly GoldenCase[]): GoldenCase[][] {
  const groups = new Map<string, GoldenCase[]>();
  for (const c of cases) {
    const key = `${c.scenario}|${c.seed}`;
    const g = groups.get(key);
    if (g) g.push(c);
    else groups.set(key, [c]);
  }
  return [...groups.values()];
}

export function goldenOutput(r: ReplayResult): GoldenOutput {
  return {
    // The CLI's `replay --json` line (cli.ts cmdReplay): the report and a newline.
    json: `${JSON.stringify(reportJson(r))}\n`,
    log: r.log.map((l) => `${l.time} ${l.kind} ${l.text}\n`).join(''),
    runDigest: digestRun(r),
  };
}

/**
 * SHA-256 over everything the run produced, walked with sorted keys: numbers as their exact float64
 * bytes, typed arrays as their raw bytes (Int32/Uint8 columns as float64 so a column's type can
 * change without changing the digest), strings as UTF-8. The digest does not depend on property
 * order, only on names and values.
 */
export function digestRun(r: ReplayResult): string {
  const h = createHash('sha256');
  const { timings: _timings, ...run } = r.run;
  feed(h, { run, fundamentalLog: r.fundamentalLog, summary: r.summary, waves: r.waves });
  return h.digest('hex');
}

type Hash = ReturnType<typeof createHash>;

function feed(h: Hash, v: unknown): void {
  if (typeof v === 'number') {
    h.update('n');
    h.update(new Uint8Array(Float64Array.of(v).buffer));
  } else if (typeof v === 'string') {
    h.update(`s${v.length}:`);
    h.update(v);
  } else if (typeof v === 'boolean' || v === null || v === undefined) {
    h.update(`v${String(v)};`);
  } else if (ArrayBuffer.isView(v)) {
    const a = v instanceof Float64Array ? v : Float64Array.from(v as unknown as ArrayLike<number>);
    h.update(`t${a.length}:`);
    h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  } else if (Array.isArray(v)) {
    h.update(`a${v.length}[`);
    for (const x of v) feed(h, x);
    h.update(']');
  } else if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    h.update('{');
    for (const k of Object.keys(o).sort()) {
      h.update(`${k}=`);
      feed(h, o[k]);
    }
    h.update('}');
  } else throw new Error(`digestRun: cannot digest a ${typeof v}`);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The derivatives layer driven on its own over a fixed path, for what no built-in scenario has:
 * covered-call vaults, writers' futures hedges, expiries inside the window, long-gamma straddles,
 * portfolio margin in cross mode, insurers' sales capped into a backlog.
 */
export interface LayerCase {
  name: string;
  spec: OptionsSpec;
  design: OptionsDesign;
}

export function layerCases(): LayerCase[] {
  const eth = getScenario('black-thursday-options-2020').derivatives!;
  const spx = getScenario('black-monday-1987').derivatives!;
  const short: OptionsSpec = {
    ...eth,
    writers: {
      ...eth.writers,
      count: 800,
      expiries: [
        { days: 1, weight: 1 },
        { days: 20, weight: 2 },
      ],
      futuresHedgeRatio: 0.5,
    },
    dealers: { ...eth.dealers, gamma: 'long', right: 'straddle', expiryDays: 2 },
    insurers: { ...eth.insurers, count: 4, insuredUsd: 40e6, maxSaleUsdPerSecond: 2e5 / 60 },
    vaults: { units: 20_000, callMoneyness: 1.1, rollDays: 1 },
  };
  const pm: OptionsDesign = {
    ...DEFAULT_OPTIONS_DESIGN,
    marginModel: {
      kind: 'portfolio',
      grid: {
        kind: 'deribit-pm',
        priceRange: 0.16,
        buckets: 9,
        volUpShock: 0.45,
        volDownShock: 0.3,
        termPower: 0.3,
      },
      shortOptionMinimum: 0.01,
    },
    hedging: { kind: 'interval', seconds: 1800 },
  };
  const span: OptionsDesign = {
    ...DEFAULT_OPTIONS_DESIGN,
    marginModel: {
      kind: 'portfolio',
      grid: {
        kind: 'span',
        priceScanRange: 0.15,
        volScanRange: 0.25,
        extremeMoveMultiple: 3,
        extremeCoverFraction: 0.35,
      },
      shortOptionMinimum: 0.05,
    },
    ivFeedback: false,
  };
  return [
    { name: 'options-layer__vaults-futures-expiries', spec: short, design: DEFAULT_OPTIONS_DESIGN },
    {
      name: 'options-layer__stable-portfolio-cross',
      spec: { ...short, writers: { ...short.writers, collateral: 'stable' } },
      design: pm,
    },
    {
      name: 'options-layer__1987-span-insurers',
      spec: { ...spx, writers: { ...spx.writers, count: 600 } },
      design: span,
    },
  ];
}

/**
 * Runs a layer case over three days of 10-minute steps: a fall of 45% with a sawtooth, then a partial
 * recovery, fills moved by the step's own flow. Returns the SHA-256 of everything the layer reports.
 */
export function runLayerCase(c: LayerCase): string {
  const stepSeconds = 600;
  const start = Date.parse('2020-03-12T00:00:00Z') / 1000;
  const p0 = 100;
  const layer = new DerivativesLayer(c.spec, c.design, {
    seed: 3,
    stepSeconds,
    initialPrice: p0,
    startTime: start,
  });
  const gamma: Float64Array[] = [];
  const levels = Array.from({ length: 9 }, (_, k) => p0 * (0.5 + k * 0.1));
  for (let t = 0; t < 432; t++) {
    const tSec = start + t * stepSeconds;
    const trend = t < 144 ? 1 - (0.45 * t) / 144 : 0.55 + (0.2 * (t - 144)) / 288;
    const price = p0 * trend * (1 + 0.02 * Math.sin(t / 3));
    layer.beginStep(tSec, price);
    layer.marginAndLiquidations(tSec, price);
    const flows = layer.hedgingFlows(tSec, price);
    layer.settle(tSec, price * Math.exp(-1e-6 * flows.total));
    layer.record(tSec);
    if (t % 36 === 0) gamma.push(layer.gammaMap(levels).totalUnits);
  }
  const writers = Array.from({ length: Math.min(25, layer.writerCount) }, (_, i) =>
    layer.writerSnapshot(i, 80),
  );
  const h = createHash('sha256');
  feed(h, {
    series: layer.series(),
    events: [...layer.events()],
    totals: layer.totals(),
    conservationError: layer.conservationError(),
    minBalance: layer.minBalance(),
    liquidated: layer.liquidatedWriters(),
    gamma,
    writers,
  });
  return h.digest('hex');
}

/** The manifest the goldens are recorded into (src-main/engine/goldens/manifest.json). */
export interface GoldenManifest {
  /** ENGINE_VERSION the goldens were recorded with. */
  engineVersion: string;
  accounts: number;
  /** Every version the goldens were ever recorded for, with the fingerprint of its outputs (append-only). */
  history: { engineVersion: string; fingerprint: string }[];
  cases: (GoldenCase & { json: string; log: string; run: string; stored: boolean })[];
  /** The derivatives layer's own cases (layerCases): the digest of what it reports. */
  layers: { name: string; digest: string }[];
}

/** One hash of every case's hashes: what the history pins per engine version. */
export function fingerprintOf(m: Pick<GoldenManifest, 'cases' | 'layers'>): string {
  return sha256(
    m.cases.map((c) => `${c.name} ${c.json} ${c.log} ${c.run}\n`).join('') +
      m.layers.map((l) => `${l.name} ${l.digest}\n`).join(''),
  );
}

/** The cases whose JSON and log are stored in full (the rest by hash): seed 1 of every historical run and every extra. */
export function storedInFull(c: GoldenCase): boolean {
  if (c.seed !== 1) return false;
  if (c.design.startsWith(GOLDENS_DIR)) return true;
  return getScenario(c.scenario).historicalDesignId === c.design;
}

/**
 * Why new outputs may not be recorded, or null: a case recorded before under this very engine
 * version whose outputs now differ (a change of behaviour needs a new version), or a version that
 * was recorded before with other outputs being reused.
 */
export function recordingRefusal(
  previous: GoldenManifest | null,
  next: Pick<GoldenManifest, 'cases' | 'layers'>,
  version: string,
): string | null {
  if (!previous) return null;
  if (previous.engineVersion !== version) {
    return previous.history.some((h) => h.engineVersion === version)
      ? `ENGINE_VERSION ${version} was recorded before with other outputs; choose a version never used (src-main/engine/version.ts)`
      : null;
  }
  const before = new Map(previous.cases.map((c) => [c.name, c]));
  const layersBefore = new Map((previous.layers ?? []).map((l) => [l.name, l.digest]));
  const changed = [
    ...next.cases.filter((c) => {
      const b = before.get(c.name);
      return b !== undefined && (b.json !== c.json || b.log !== c.log || b.run !== c.run);
    }),
    ...next.layers.filter((l) => {
      const b = layersBefore.get(l.name);
      return b !== undefined && b !== l.digest;
    }),
  ].map((c) => c.name);
  if (changed.length === 0) return null;
  return (
    `${changed.length} golden ${changed.length === 1 ? 'run' : 'runs'} changed while ENGINE_VERSION stayed ${version} ` +
    `(${changed.slice(0, 5).join(', ')}${changed.length > 5 ? ', …' : ''}). If the change of behaviour is intended, ` +
    'bump ENGINE_VERSION in src-main/engine/version.ts and run `npm run goldens` again; otherwise it is a regression to fix.'
  );
}
