/**
 * The training commands: `lessons`, `challenge check <design.json> --challenge ID`,
 * `pack export <file> [--lesson ID …] [--challenge ID …] [--title TEXT]` and `pack import <file>`.
 * They use the store (imported lessons and challenges live there) and the same services as the app;
 * a challenge runs in-process here (the CLI has no event loop to keep free), within the run budget.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Store } from '../services/library.ts';
import { resolveDesignRef } from '../services/library.ts';
import type { Design } from '../services/replay-service.ts';
import { InputError } from '../services/replay-service.ts';
import {
  allChallenges,
  allLessons,
  exportPack,
  findChallenge,
  importTrainingFile,
  scoreDesignHere,
} from '../services/training-service.ts';
import type { Parsed } from './args.ts';
import { allowOnly, positionals, textFlag } from './args.ts';

interface TrainingIo {
  out: (text: string) => void;
  readFile?: (path: string) => string;
}

/** A design for the CLI: preset, saved design id (either +oracle variant), or a JSON file. */
function designFor(store: Store, ref: string, io: TrainingIo): Design {
  return resolveDesignRef(ref, store, io.readFile);
}

export function cmdLessons(p: Parsed, io: TrainingIo, store: Store): number {
  allowOnly(p, 'lessons', ['json']);
  positionals(p, 'lessons', []);
  const lessons = allLessons(store);
  const challenges = allChallenges(store);
  if (p.bools.has('json')) {
    io.out(
      `${JSON.stringify({
        lessons: lessons.map(({ item, origin }) => ({
          id: item.id,
          version: item.version,
          title: item.title,
          status: item.status,
          needs: item.needs ?? null,
          scenario: item.scenarioId ?? null,
          steps: item.steps.length,
          origin,
        })),
        challenges: challenges.map(({ item, origin }) => ({
          id: item.id,
          version: item.version,
          title: item.title,
          status: item.status,
          scenario: item.scenarioId,
          origin,
        })),
      })}\n`,
    );
    return 0;
  }
  io.out('lessons:\n');
  for (const { item, origin } of lessons) {
    const status =
      item.status === 'coming'
        ? `coming — ${item.needs ?? ''}`
        : `${item.steps.length} steps, ${item.scenarioId}`;
    io.out(
      `  ${item.id.padEnd(26)} ${item.title}\n  ${' '.repeat(26)} ${status}${origin === 'imported' ? ' (imported)' : ''}\n`,
    );
  }
  io.out('challenges:\n');
  for (const { item, origin } of challenges) {
    io.out(
      `  ${item.id.padEnd(26)} ${item.title}${item.status === 'coming' ? ' (coming)' : ''}${origin === 'imported' ? ' (imported)' : ''}\n`,
    );
  }
  return 0;
}

export async function cmdChallenge(p: Parsed, io: TrainingIo, store: Store): Promise<number> {
  const [action, ...rest] = p.positional;
  if (action !== 'check') {
    throw new InputError(
      `challenge needs "check <design.json> --challenge ID"${action ? ` (got "${action}")` : ''}`,
    );
  }
  allowOnly(p, 'challenge check', ['challenge', 'json']);
  const [ref, ...extra] = rest;
  if (ref === undefined)
    throw new InputError('challenge check needs <design.json> (or a preset or saved design id)');
  if (extra.length > 0) throw new InputError(`unexpected argument "${extra[0]}"`);
  const id = textFlag(p, 'challenge');
  if (id === undefined)
    throw new InputError('challenge check needs --challenge ID (see: cascade-lab lessons)');
  const { item: challenge } = findChallenge(store, id);
  const design = designFor(store, ref, io);
  const result = await scoreDesignHere(challenge, design, (r) => designFor(store, r, io));
  if (p.bools.has('json')) {
    io.out(`${JSON.stringify(result)}\n`);
    return 0;
  }
  const lines = [
    `score ${result.score} / 1000 — ${result.met ? 'goal met' : result.constraintsOk ? 'goal not met' : 'a constraint is broken'}`,
    `challenge   ${challenge.id} (v${challenge.version}), judged on ${challenge.hiddenSeeds} hidden seeds`,
    `design      ${design.id}`,
    ...result.constraints.map((c) => `constraint  ${c.ok ? 'ok  ' : 'FAIL'} ${c.label} (found ${c.found})`),
    ...result.goals.map(
      (g) =>
        `goal        ${g.met ? 'met ' : 'MISS'} ${g.label}${g.perSeed.length > 0 ? `: ${g.perSeed.map((s) => s.measured).join(', ')}` : ''}`,
    ),
    `efficiency  ${result.efficiency.label}: ${result.efficiency.value === null ? 'n/a' : result.efficiency.value.toFixed(3)} (${Math.round(result.efficiency.share * 100)}% of the range)`,
  ];
  io.out(`${lines.join('\n')}\n`);
  return 0;
}

export function cmdPack(p: Parsed, io: TrainingIo, store: Store): number {
  const [action, file, ...extra] = p.positional;
  if (action !== 'export' && action !== 'import') {
    throw new InputError(
      `pack needs "export <file>" or "import <file>"${action ? ` (got "${action}")` : ''}`,
    );
  }
  if (file === undefined) throw new InputError(`pack ${action} needs <file>`);
  if (extra.length > 0) throw new InputError(`unexpected argument "${extra[0]}"`);
  if (action === 'import') {
    allowOnly(p, 'pack import', []);
    let text: string;
    try {
      text = (io.readFile ?? ((f: string) => readFileSync(f, 'utf8')))(file);
    } catch (e) {
      throw new InputError(`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    const report = importTrainingFile(store, path.basename(file), text, (r) => designFor(store, r, io));
    io.out(
      `${report.message}\n${[...report.lessons.map((l) => `  lesson ${l}`), ...report.challenges.map((c) => `  challenge ${c}`)].map((l) => `${l}\n`).join('')}`,
    );
    return 0;
  }
  allowOnly(p, 'pack export', ['lesson', 'challenge', 'title']);
  const lessonIds = p.flags.get('lesson') ?? [];
  const challengeIds = p.flags.get('challenge') ?? [];
  if (lessonIds.length + challengeIds.length === 0) {
    throw new InputError(
      'pack export needs at least one --lesson ID or --challenge ID (see: cascade-lab lessons)',
    );
  }
  const title = textFlag(p, 'title') ?? path.basename(file).replace(/\.[^.]*$/, '');
  const out = exportPack(store, { title, lessonIds, challengeIds, nowIso: new Date().toISOString() });
  const target = path.resolve(file);
  try {
    writeFileSync(target, out.text, 'utf8');
  } catch (e) {
    throw new InputError(
      `${file}: cannot be written (${(e as NodeJS.ErrnoException).code ?? String(e)}); choose a writable path`,
    );
  }
  io.out(`wrote ${target}: ${lessonIds.length} lesson(s), ${challengeIds.length} challenge(s)\n`);
  return 0;
}
