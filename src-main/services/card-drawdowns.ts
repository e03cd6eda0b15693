/**
 * The Library cards' observed drawdowns. Each is the max drawdown of a scenario's observed path on
 * its default steps, which takes building the scenario's timeline (~20 ms each, ~180 ms for the nine
 * built-ins on a loaded machine): on the path of the first `scenarios.list`, so of every cold start.
 *
 * The build computes the built-ins' once (tools/record-first-replay.ts) and leaves them beside the
 * engine worker (`first-replay/card-drawdowns.json`). A value is read back only when everything it
 * was computed from is the same: ENGINE_VERSION, the engine worker bundle's hash (the engine code of
 * that build) and the SHA-256 of the scenario's own JSON. Anything else (no file, another build, an
 * edited scenario, a damaged file) falls back to computing it, so a stale value is never shown.
 *
 * The build also records whether the engine's schema accepts the scenario as it is (its parse
 * equal to it, keys aside): a built-in recorded so needs no schema check (~20–30 ms each with zod)
 * for its card, under the same key. Replays, details and exports still read the checked scenario.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { canonicalJson } from '../engine/design.ts';
import type { Scenario } from '../engine/scenario.ts';
import { maxDrawdown } from '../engine/report.ts';
import { buildTimeline } from '../engine/timeline.ts';
import { ENGINE_VERSION } from '../engine/version.ts';

export const CARD_DRAWDOWNS_FILE = 'card-drawdowns.json';
const FORMAT = 1;

interface CardDrawdownsFile {
  format: number;
  engineVersion: string;
  codeFingerprint: string;
  /**
   * By `id@version`: the scenario JSON's hash, its drawdown, and whether the schema's parse of it
   * equals it (canonical JSON: the same content, keys in any order).
   */
  scenarios: Record<string, { sha256: string; drawdown: number; parsedUnchanged: boolean }>;
}

/** What the build recorded for one scenario (see {@link readCardDrawdowns}). */
export interface ShippedCardFacts {
  drawdown: number;
  /** The engine's schema accepts the scenario unchanged: its card can be built from it as it is. */
  parsedUnchanged: boolean;
}

const computed = new Map<string, number>();

/**
 * Max drawdown of the population asset's observed path on the scenario's default steps (bars filled
 * as a replay fills them, seed 1): the fall users see in the replay. Memoised by id@version.
 */
export function observedDrawdown(s: Scenario): number {
  const key = `${s.id}@${s.version}`;
  const known = computed.get(key);
  if (known !== undefined) return known;
  const a = Math.max(
    0,
    s.assets.findIndex((x) => x.id === s.population.asset),
  );
  const timeline = buildTimeline(s, s.defaultStepSeconds, 1);
  const d = maxDrawdown(Array.from(timeline.observedLog[a]!, Math.exp));
  computed.set(key, d);
  return d;
}

function scenarioHash(raw: Scenario): string {
  return createHash('sha256').update(JSON.stringify(raw)).digest('hex');
}

/**
 * Computes the drawdown of every scenario in `raws` (each parsed by `parse` first, as the cards
 * read it) and writes them to `dir/card-drawdowns.json` (atomically), keyed as described above.
 * Returns the file's path.
 */
export function recordCardDrawdowns(
  dir: string,
  codeFingerprint: string,
  raws: readonly Scenario[],
  parse: (raw: Scenario) => Scenario,
): string {
  const file: CardDrawdownsFile = {
    format: FORMAT,
    engineVersion: ENGINE_VERSION,
    codeFingerprint,
    scenarios: {},
  };
  for (const raw of raws) {
    let parsed: Scenario;
    try {
      parsed = parse(raw);
    } catch {
      continue; // Not recorded: the app checks it (and says what is wrong) as it always did.
    }
    file.scenarios[`${raw.id}@${raw.version}`] = {
      sha256: scenarioHash(raw),
      drawdown: observedDrawdown(parsed),
      parsedUnchanged: canonicalJson(parsed) === canonicalJson(raw),
    };
  }
  mkdirSync(dir, { recursive: true });
  const target = path.join(dir, CARD_DRAWDOWNS_FILE);
  const tmp = `${target}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(file));
  renameSync(tmp, target);
  return target;
}

/**
 * What the build recorded in `dir` for `raws`, by `id@version`: only for those whose
 * scenario JSON, ENGINE_VERSION and engine build (`codeFingerprint`) all match. Empty when the file
 * is missing, unreadable or from another build.
 */
export function readCardDrawdowns(
  dir: string,
  codeFingerprint: string,
  raws: readonly Scenario[],
): Map<string, ShippedCardFacts> {
  const out = new Map<string, ShippedCardFacts>();
  let file: Partial<CardDrawdownsFile>;
  try {
    file = JSON.parse(
      readFileSync(path.join(dir, CARD_DRAWDOWNS_FILE), 'utf8'),
    ) as Partial<CardDrawdownsFile>;
  } catch {
    return out;
  }
  if (
    file === null ||
    typeof file !== 'object' ||
    file.format !== FORMAT ||
    file.engineVersion !== ENGINE_VERSION ||
    file.codeFingerprint !== codeFingerprint ||
    typeof file.scenarios !== 'object' ||
    file.scenarios === null
  ) {
    return out;
  }
  for (const raw of raws) {
    const key = `${raw.id}@${raw.version}`;
    const entry = Object.hasOwn(file.scenarios, key) ? file.scenarios[key] : undefined;
    if (
      entry &&
      typeof entry.drawdown === 'number' &&
      Number.isFinite(entry.drawdown) &&
      entry.sha256 === scenarioHash(raw)
    ) {
      out.set(key, { drawdown: entry.drawdown, parsedUnchanged: entry.parsedUnchanged === true });
    }
  }
  return out;
}
