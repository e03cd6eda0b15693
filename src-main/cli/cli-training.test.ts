import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../engine/presets.ts';
import { tempDir } from '../store/store-test-support.ts';
import { BUILTIN_LESSONS } from '../training/builtin-lessons.ts';
import { runCliAsync } from './cli.ts';

async function cli(args: string[], dataDir: string) {
  let out = '';
  let err = '';
  const code = await runCliAsync(args, { out: (t) => (out += t), err: (t) => (err += t), dataDir });
  return { code, out, err };
}

function expectOneLineError(r: { code: number; err: string }, pattern: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.err.trimEnd().split('\n')).toHaveLength(1);
  expect(r.err).toMatch(/^cascade-lab: /);
  expect(r.err).toMatch(pattern);
}

function designFile(dir: string, name: string, liquidationRatio: number, base = 'maker-2021-clip'): string {
  const d = structuredClone(PRESETS.get(base)!);
  d.id = name;
  d.margin = { ...d.margin, liquidationRatio };
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(d));
  return file;
}

describe('cascade-lab lessons', () => {
  it('lists lessons and challenges', async () => {
    const r = await cli(['lessons'], tempDir());
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ {2}black-thursday-loop\s+The loop itself/m);
    expect(r.out).toMatch(/^ {2}gamma-hedging\s+Gamma and hedging flows/m);
    expect(r.out).toMatch(/^ {2}portfolio-insurance-1987\s+1987 portfolio insurance/m);
    expect(r.out).toMatch(/^ {2}bt-bad-debt-70-ltv\s+No hole at 70% LTV$/m);
    const json = JSON.parse((await cli(['lessons', '--json'], tempDir())).out) as {
      lessons: { id: string }[];
    };
    expect(json.lessons.map((l) => l.id)).toContain('same-asset-cliffs');
  });
});

describe('cascade-lab challenge check', () => {
  it('prints the score; a design meeting the goal scores above one that does not, the same each time', async () => {
    const dataDir = tempDir();
    const dir = tempDir();
    const good = designFile(dir, 'clip-140', 1.4);
    const bad = designFile(dir, 'flip-140', 1.4, 'maker-2020-flip');
    const score = (out: string) => Number(/^score (\d+) \/ 1000/m.exec(out)?.[1]);
    const a = await cli(['challenge', 'check', good, '--challenge', 'bt-bad-debt-70-ltv'], dataDir);
    expect(a.err).toBe('');
    expect(a.out).toMatch(/^score \d+ \/ 1000 — goal met$/m);
    expect(a.out).toMatch(/judged on 3 hidden seeds/);
    const b = await cli(['challenge', 'check', bad, '--challenge', 'bt-bad-debt-70-ltv'], dataDir);
    expect(b.out).toMatch(/goal not met/);
    expect(score(a.out)).toBeGreaterThan(score(b.out));
    const again = await cli(['challenge', 'check', good, '--challenge', 'bt-bad-debt-70-ltv'], dataDir);
    expect(again.out).toBe(a.out);
  });

  it('bad input exits 2 with one line', async () => {
    const dataDir = tempDir();
    const dir = tempDir();
    const good = designFile(dir, 'clip-140', 1.4);
    expectOneLineError(await cli(['challenge', 'check', good], dataDir), /needs --challenge ID/);
    expectOneLineError(
      await cli(['challenge', 'check', good, '--challenge', 'nope'], dataDir),
      /unknown challenge "nope"/,
    );
    expectOneLineError(await cli(['challenge', 'score', good], dataDir), /challenge needs "check/);
    const broken = path.join(dir, 'broken.json');
    writeFileSync(
      broken,
      JSON.stringify({
        ...PRESETS.get('maker-2021-clip'),
        margin: { kind: 'fixed-ratio', liquidationRatio: 0.5, callRatio: 2 },
      }),
    );
    expectOneLineError(
      await cli(['challenge', 'check', broken, '--challenge', 'bt-bad-debt-70-ltv'], dataDir),
      /design\.margin\.liquidationRatio/,
    );
  });
});

describe('cascade-lab pack', () => {
  it('exports lessons and challenges to one file and imports it on another machine', async () => {
    const teacher = tempDir();
    const dir = tempDir();
    const lessonFile = path.join(dir, 'my-lesson.json');
    writeFileSync(
      lessonFile,
      JSON.stringify({
        ...BUILTIN_LESSONS.get('oracle-delay-osm'),
        id: 'my-oracle',
        title: 'My oracle lesson',
      }),
    );
    const imported = await cli(['pack', 'import', lessonFile], teacher);
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/Imported 1 lesson/);
    const packFile = path.join(dir, 'week1.cascade-pack.json');
    const exported = await cli(
      [
        'pack',
        'export',
        packFile,
        '--lesson',
        'my-oracle',
        '--challenge',
        'bt-halve-largest-wave',
        '--title',
        'Week 1',
      ],
      teacher,
    );
    expect(exported.code).toBe(0);
    expect(JSON.parse(readFileSync(packFile, 'utf8'))).toMatchObject({
      format: 'cascade-lab.pack',
      title: 'Week 1',
    });
    const student = tempDir();
    const ok = await cli(['pack', 'import', packFile], student);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/Imported 1 lesson from the pack "Week 1" \(1 built in here already\)/);
    // A changed built-in in a pack is refused whole, naming it.
    const pack = JSON.parse(readFileSync(packFile, 'utf8')) as { challenges: { title: string }[] };
    pack.challenges[0]!.title = 'Halve it, my way';
    writeFileSync(packFile, JSON.stringify(pack));
    expectOneLineError(
      await cli(['pack', 'import', packFile], tempDir()),
      /pack\.challenges\.0\.id: "bt-halve-largest-wave" is a built-in challenge/,
    );
    expect((await cli(['lessons'], student)).out).toMatch(/my-oracle\s+My oracle lesson[\s\S]*\(imported\)/);
  });

  it('an invalid lesson file is refused naming the field, exit 2', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'bad.json');
    const lesson = structuredClone(BUILTIN_LESSONS.get('black-thursday-loop')) as unknown as {
      id: string;
      steps: { kind: string; at?: unknown }[];
    };
    lesson.id = 'bad-one';
    lesson.steps[1]!.at = { at: 'sometime' };
    writeFileSync(file, JSON.stringify(lesson));
    expectOneLineError(await cli(['pack', 'import', file], tempDir()), /lesson\.steps\.1\.at/);
    expectOneLineError(
      await cli(['pack', 'export', path.join(dir, 'x.json')], tempDir()),
      /at least one --lesson/,
    );
    expectOneLineError(
      await cli(['pack', 'import', path.join(dir, 'missing.json')], tempDir()),
      /cannot be read \(ENOENT\)/,
    );
  });
});
