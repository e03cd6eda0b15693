/**
 * The layer and cycle rules fail lint where they must: on fixture files that import across a layer
 * and that form a (type-only) cycle, through the rules alone and through the project's real
 * eslint.config.js. The real tree passing these rules is `npm run lint`'s job.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { LAYERS } from './layer-table.js';
import layers, { findCycle, layerOf } from './layers-plugin.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, 'fixtures');
const repoRoot = path.resolve(here, '../../..');

/** ESLint with only the two layer rules, rooted at the fixture tree (which mimics the repository). */
function fixtureLinter(): ESLint {
  return new ESLint({
    cwd: fixtures,
    ignore: false,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tseslint.parser },
        plugins: { layers },
        rules: {
          'layers/allowed-imports': ['error', { root: fixtures, layers: LAYERS }],
          'layers/no-cycle': ['error', { root: fixtures }],
        },
      },
    ],
  });
}

const messagesOf = (results: ESLint.LintResult[]) =>
  results.flatMap((r) =>
    r.messages.map((m) => ({ file: path.relative(fixtures, r.filePath), rule: m.ruleId, text: m.message })),
  );

describe('layer rules on fixtures that must fail', () => {
  it('reports the engine importing the store, naming both layers and what the engine may import', async () => {
    const msgs = messagesOf(await fixtureLinter().lintFiles(['src-main/engine/reads-the-store.ts']));
    expect(msgs).toEqual([
      {
        file: 'src-main/engine/reads-the-store.ts',
        rule: 'layers/allowed-imports',
        text: expect.stringContaining('src-main/engine may not import src-main/store ("../store/db.ts")'),
      },
    ]);
    expect(msgs[0]!.text).toContain('It may import nothing outside itself');
  });

  it('reports both halves of a type-only import cycle with the route', async () => {
    const msgs = messagesOf(await fixtureLinter().lintFiles(['src-main/services/cycle-*.ts']));
    expect(msgs.map((m) => [m.file, m.rule])).toEqual([
      ['src-main/services/cycle-a.ts', 'layers/no-cycle'],
      ['src-main/services/cycle-b.ts', 'layers/no-cycle'],
    ]);
    expect(msgs[0]!.text).toContain(
      'src-main/services/cycle-a.ts → src-main/services/cycle-b.ts → src-main/services/cycle-a.ts',
    );
  });

  it('passes a file that imports only what its layer may', async () => {
    const msgs = messagesOf(await fixtureLinter().lintFiles(['src-main/store/db.ts']));
    expect(msgs).toEqual([]);
  });

  it('finds the cycle route and the layer of a file', () => {
    const a = path.join(fixtures, 'src-main/services/cycle-a.ts');
    const b = path.join(fixtures, 'src-main/services/cycle-b.ts');
    expect(findCycle(b, a)).toEqual([b, a]);
    expect(findCycle(path.join(fixtures, 'src-main/store/db.ts'), a)).toBeNull();
    expect(
      layerOf(path.join(repoRoot, 'src-renderer/views/DesignView.svelte'), repoRoot, LAYERS)?.layer,
    ).toBe('src-renderer/views');
    expect(layerOf(path.join(repoRoot, 'src-renderer/App.svelte'), repoRoot, LAYERS)?.layer).toBe(
      'src-renderer',
    );
  });
});

describe("the project's eslint.config.js", () => {
  const real = () => new ESLint({ cwd: repoRoot });
  const rulesHit = async (code: string, filePath: string) =>
    (await real().lintText(code, { filePath: path.join(repoRoot, filePath) }))[0]!.messages.map(
      (m) => m.ruleId,
    );

  it('refuses a layer crossing in main and in the renderer', async () => {
    expect(
      await rulesHit(
        "import { openStore } from '../store/index.ts';\nexport const x = openStore;\n",
        'src-main/engine/x.ts',
      ),
    ).toContain('layers/allowed-imports');
    expect(
      await rulesHit(
        "import { PRESETS } from '../engine/presets.ts';\nexport const x = PRESETS;\n",
        'src-main/cli/x.ts',
      ),
    ).toContain('layers/allowed-imports');
    expect(
      await rulesHit(
        "import { createAppService } from '../../src-main/services/app-service.ts';\nexport const x = createAppService;\n",
        'src-renderer/lib/x.ts',
      ),
    ).toContain('layers/allowed-imports');
  });

  it('accepts an import the table allows', async () => {
    expect(
      await rulesHit(
        "import { PRESETS } from '../engine/presets.ts';\nexport const x = PRESETS;\n",
        'src-main/services/x.ts',
      ),
    ).toEqual([]);
  });
});
