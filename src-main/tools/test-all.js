// `npm test`: every check and every test, as CI runs them. Prints one plain totals line
// ("N passed, N failed") that counts the unit tests (vitest) and the end-to-end tests (Playwright),
// and exits non-zero if any step fails.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const reports = mkdtempSync(path.join(tmpdir(), 'cascade-tests-'));
let passed = 0;
let failed = 0;
const problems = [];

function step(label, cmd, args, env = {}) {
  console.log(`\n▶ ${label}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) problems.push(`${label} failed (exit ${r.status ?? r.signal})`);
  return r.status === 0;
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
step('format', npx, ['prettier', '--check', '.']);
step('lint', npx, ['eslint', '--max-warnings', '0', '.']);
step('typecheck (engine: no Node, no DOM)', npx, ['tsc', '-p', 'src-main/engine/tsconfig.json']);
step('typecheck (contract: no Node, no DOM)', npx, ['tsc', '-p', 'src-main/contract/tsconfig.json']);
step('typecheck (main)', npx, ['tsc', '-p', 'tsconfig.json']);
if (existsSync(path.join(root, 'src-renderer/tsconfig.json'))) {
  step('typecheck (renderer, svelte-check)', npx, [
    'svelte-check',
    '--tsconfig',
    'src-renderer/tsconfig.json',
    '--fail-on-warnings',
  ]);
}

const unitJson = path.join(reports, 'vitest.json');
step('unit tests (vitest)', npx, [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${unitJson}`,
]);
if (existsSync(unitJson)) {
  const j = JSON.parse(readFileSync(unitJson, 'utf8'));
  passed += j.numPassedTests ?? 0;
  failed += (j.numFailedTests ?? 0) + (j.numFailedTestSuites ?? 0);
} else problems.push('vitest wrote no report');

const haveE2e = existsSync(path.join(root, 'playwright.config.ts'));
if (haveE2e) {
  if (!existsSync('/usr/bin/chromium')) {
    problems.push('end-to-end tests need Debian Chromium at /usr/bin/chromium: apt-get install -y chromium');
  } else if (step('build (main + renderer)', 'npm', ['run', 'build'])) {
    const e2eJson = path.join(reports, 'playwright.json');
    step(
      'end-to-end tests (Playwright, Debian Chromium)',
      npx,
      ['playwright', 'test', '--reporter=list,json'],
      {
        PLAYWRIGHT_JSON_OUTPUT_NAME: e2eJson,
      },
    );
    if (existsSync(e2eJson)) {
      const s = JSON.parse(readFileSync(e2eJson, 'utf8')).stats ?? {};
      passed += (s.expected ?? 0) + (s.flaky ?? 0);
      failed += s.unexpected ?? 0;
    } else problems.push('Playwright wrote no report');
  }
} else console.log('\n(no playwright.config.ts yet: no end-to-end tests to run)');

console.log('');
for (const p of problems) console.log(`✗ ${p}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(problems.length > 0 || failed > 0 ? 1 : 0);
