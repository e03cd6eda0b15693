import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema } from './json-schema.ts';

const COMMITTED = fileURLToPath(new URL('./scenario.v1.schema.json', import.meta.url));

describe('the scenario JSON Schema', () => {
  it('committed copy equals a fresh generation from the zod schema (UPDATE_SCHEMA=1 rewrites it)', () => {
    const fresh = scenarioJsonSchema();
    if (process.env['UPDATE_SCHEMA'] === '1' || !existsSync(COMMITTED)) {
      writeFileSync(COMMITTED, `${JSON.stringify(fresh, null, 2)}\n`);
    }
    expect(JSON.parse(readFileSync(COMMITTED, 'utf8'))).toEqual(fresh);
  });

  it('describes the engine fields it reuses (venues, populations, designs) and the format marker', () => {
    const text = JSON.stringify(scenarioJsonSchema());
    for (const field of ['depthUsd', 'collateralRatioBins', 'liquidationRatio', 'positionSetId', 'barTime']) {
      expect(text).toContain(`"${field}"`);
    }
    expect(text).toContain('"const":"cascade-lab/scenario"');
  });
});
