/**
 * The step as a pipeline: each phase changes only the state it declares it writes, and the reporters
 * (phase 9) change none. Checked by fingerprinting every owner of the world's state before and after
 * each phase, on runs that switch on every mechanism (English and Dutch auctions, market sale, an
 * emptying stability pool, exchange close with vault and auto-deleveraging, options) and modifier.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS } from '../../scenarios/index.ts';
import type { Design } from '../design.ts';
import { parseDesign } from '../design.ts';
import { PRESETS } from '../presets.ts';
import { buildTimeline } from '../timeline.ts';
import type { StateOwner } from './phases/phase.ts';
import { createReporters, record } from './simulate.ts';
import { beginStep, PIPELINE } from './step.ts';
import { createMechanism } from './mechanisms/registry.ts';
import { World } from './world.ts';

/**
 * Keys skipped: reporting state kept inside simulation objects (the options layer records its own
 * series), and the bucket index's sparse filing (its membership is in its `filedIn` column).
 */
// `changes`: the accounts' change listener (the insolvency watch, a reporter's own index), not state.
const SKIPPED_KEYS = new Set(['out', 'log', 'lastIvEvent', 'lastRollLogged', 'buckets', 'changes']);

/** Running hash of numbers (their float64 bits) and strings. */
class Hasher {
  private h1 = 0x811c9dc5;
  private h2 = 0x01000193;
  private readonly f = new Float64Array(1);
  private readonly u = new Uint32Array(this.f.buffer);

  num(x: number): void {
    this.f[0] = x;
    this.h1 = Math.imul(this.h1 ^ this.u[0]!, 0x01000193) >>> 0;
    this.h2 = Math.imul(this.h2 ^ this.u[1]!, 0x5bd1e995) >>> 0;
  }
  /** The raw bytes of a typed array. */
  bytes(v: ArrayBufferView): void {
    this.num(v.byteLength);
    const aligned = v.byteOffset % 4 === 0 && v.byteLength % 4 === 0;
    const words = aligned
      ? new Uint32Array(v.buffer, v.byteOffset, v.byteLength / 4)
      : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    let h1 = this.h1;
    for (let i = 0; i < words.length; i++) h1 = Math.imul(h1 ^ words[i]!, 0x01000193);
    this.h1 = h1 >>> 0;
  }
  str(s: string): void {
    for (let i = 0; i < s.length; i++) this.num(s.charCodeAt(i));
  }
  digest(): string {
    return `${this.h1.toString(16)}${this.h2.toString(16)}`;
  }
}

/**
 * Fingerprint of an owner's object graph (order-sensitive): numbers as float64 bits, typed arrays
 * element by element. Skipped: the World, functions, objects that are another owner's roots (shared
 * references, e.g. a fund's link to the run's totals), and the layer's own reporting state.
 */
function fingerprint(value: unknown, foreign: Set<unknown>): string {
  const h = new Hasher();
  const seen = new Set<unknown>();
  const walk = (v: unknown): void => {
    if (typeof v === 'number') h.num(v);
    else if (typeof v === 'boolean' || typeof v === 'string' || v === null || v === undefined)
      h.str(String(v));
    else if (typeof v === 'function' || v instanceof World || foreign.has(v) || seen.has(v)) h.str('·');
    else if (ArrayBuffer.isView(v)) h.bytes(v);
    else if (Array.isArray(v)) {
      seen.add(v);
      h.num(v.length);
      for (let i = 0; i < v.length; i++) walk(v[i]);
    } else if (typeof v === 'object') {
      seen.add(v);
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (SKIPPED_KEYS.has(k)) continue;
        h.str(k);
        walk(x);
      }
    }
  };
  walk(value);
  return h.digest();
}

/** What each owner of the world's state is made of (phase.ts documents the owners): its root objects. */
function owners(w: World): Record<StateOwner, unknown[]> {
  return {
    path: [w.path],
    markets: [w.markets, w.basket],
    keepers: [w.keepers],
    oracle: [w.oracle],
    margin: [w.margin],
    accounts: [w.acc, w.calls],
    health: [w.health, w.deferredLiq, w.deferredCall],
    mechanism: [w.mechanism, w.fund, w.shorts],
    modifiers: [w.modifiers],
    orders: [w.orders],
    derivatives: [w.layer],
    ledger: [w.totals, w.ledger, w.liqLog, w.everLiquidated, w.waves],
    now: [w.now],
    tally: [w.tally],
  };
}

function snapshot(w: World): Map<StateOwner, string> {
  const all = Object.entries(owners(w)) as [StateOwner, unknown[]][];
  return new Map(
    all.map(([owner, roots]) => {
      const foreign = new Set(all.filter(([o]) => o !== owner).flatMap(([, r]) => r));
      return [owner, roots.map((r) => fingerprint(r, foreign)).join('|')];
    }),
  );
}

function changedOwners(before: Map<StateOwner, string>, after: Map<StateOwner, string>): StateOwner[] {
  return [...before.keys()].filter((k) => before.get(k) !== after.get(k));
}

function goldenDesign(file: string): Design {
  return parseDesign(
    JSON.parse(readFileSync(new URL(`../goldens/designs/${file}`, import.meta.url), 'utf8')),
  );
}

/** Runs `design` on a scenario (observed path as F, coarse steps, a small population), checking every phase. */
function checkDeclarations(
  scenarioId: string,
  design: Design,
  stepSeconds: number,
  accounts = 200,
): Set<string> {
  const scenario = BUILTIN_SCENARIOS.get(scenarioId)!;
  const timeline = buildTimeline(scenario, stepSeconds, 1);
  const w = new World(
    {
      scenario,
      design,
      timeline,
      fundamentalLog: timeline.observedLog,
      seed: 1,
      accounts,
    },
    createMechanism,
  );
  const reporters = createReporters(w);
  const undeclared = new Set<string>();
  const written = new Set<string>();
  for (let t = 0; t < w.steps; t++) {
    beginStep(w, t);
    let before = snapshot(w);
    for (const phase of PIPELINE) {
      phase.run(w);
      const after = snapshot(w);
      for (const owner of changedOwners(before, after)) {
        written.add(`${phase.name} → ${owner}`);
        if (!phase.writes.includes(owner)) undeclared.add(`${phase.name} writes ${owner}`);
      }
      before = after;
    }
    record(w, reporters);
    for (const owner of changedOwners(before, snapshot(w))) undeclared.add(`the reporters write ${owner}`);
  }
  expect([...undeclared]).toEqual([]);
  return written;
}

describe('the step pipeline', () => {
  it('runs the phases of MODEL.md §7 in order', () => {
    expect(PIPELINE.map((p) => p.name.split('.')[0])).toEqual(['1', '2', '3', '4', '5', '5b', '6', '7', '8']);
    for (const p of PIPELINE) expect(p.writes.length).toBeGreaterThan(0);
  });

  it('every phase writes only what it declares, and the reporters write nothing (lending mechanisms, modifiers)', () => {
    const written = new Set<string>();
    const runs: [string, Design][] = [
      ['maker-2020-flip', PRESETS.get('maker-2020-flip')!],
      ['maker-2021-clip', PRESETS.get('maker-2021-clip')!],
      ['clip-all-modifiers', goldenDesign('clip-all-modifiers.json')],
      ['sale-haircut-partial', goldenDesign('sale-haircut-partial.json')],
      ['pool-redistribute', goldenDesign('pool-redistribute.json')],
      ['crvusd-llamma', PRESETS.get('crvusd-llamma')!],
    ];
    for (const [, design] of runs)
      for (const x of checkDeclarations('black-thursday-2020', design, 600)) written.add(x);
    // The check has teeth: the mechanism, the books and the accounts were all changed by the phases.
    expect(written).toContain('5. liquidations triggered → accounts');
    expect(written).toContain("5b. mechanisms' actions → mechanism");
    expect(written).toContain('8. settlement → ledger');
  });

  it('every phase writes only what it declares (perpetuals with vault and ADL; options)', () => {
    const perps = checkDeclarations('october-2025', PRESETS.get('hyperliquid-2025')!, 120);
    expect(perps).toContain('8. settlement → mechanism');
    const options = checkDeclarations(
      'black-thursday-options-2020',
      PRESETS.get('maker-2020-flip-deribit')!,
      900,
    );
    expect(options).toContain('6. hedging flows → derivatives');
  });
});
