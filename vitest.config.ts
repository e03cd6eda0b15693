import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src-main/**/*.test.ts', 'src-renderer/**/*.test.ts'],
    environment: 'node',
    // Bundles build/main once, before any test runs (tools/vitest-global-setup.ts).
    globalSetup: ['src-main/tools/vitest-global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Both cores: most tests are CPU-bound engine runs (vitest's default leaves one core idle here).
    maxWorkers: 2,
  },
});
