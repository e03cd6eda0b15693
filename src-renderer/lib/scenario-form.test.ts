import { describe, expect, it } from 'vitest';
import { documentOf, emptyScenarioForm, formFieldOf, formOfDocument } from './scenario-form.ts';

describe('the New-scenario form', () => {
  it('builds a document from imports, leaving defaults to the template', () => {
    const form = emptyScenarioForm('ftx-collapse-2022');
    form.name = ' My crash ';
    form.assets = [{ id: 'ETH', series: { seriesId: 's1' }, label: 'ETH', venues: null }];
    form.gas = { kind: 'constant', gwei: 25 };
    form.protocols = [
      { name: 'aave-like', design: 'aave-v3', population: { kind: 'positions', positionSetId: 'p1' } },
    ];
    expect(documentOf(form)).toEqual({
      format: 'cascade-lab/scenario',
      version: 1,
      name: 'My crash',
      template: 'ftx-collapse-2022',
      assets: [{ id: 'ETH', series: { seriesId: 's1' } }],
      gas: { constantGwei: 25 },
      protocols: [
        { name: 'aave-like', design: 'aave-v3', population: { kind: 'positions', positionSetId: 'p1' } },
      ],
    });
  });

  it('keeps edited venues, a window, a step, a distribution and a ledger', () => {
    const form = emptyScenarioForm('t');
    form.name = 'x';
    form.start = '2024-08-05T00:00:00Z';
    form.end = '2024-08-06T00:00:00Z';
    form.stepSeconds = 120;
    const venue = { name: 'CEX', impact: 'sqrt', depthUsd: 5e6 };
    form.assets = [{ id: 'ETH', series: { seriesId: 's' }, label: '', venues: [venue], arbitrage: { a: 1 } }];
    form.protocols = [
      {
        name: 'p',
        design: 'compound-v2',
        population: {
          kind: 'distribution',
          accounts: 500,
          totalDebtUsd: 1e8,
          spec: { asset: 'ETH', whales: [] },
        },
      },
    ];
    form.ledger = { kind: 'imported', ledgerId: 'l1' };
    const doc = documentOf(form);
    expect(doc).toMatchObject({
      window: { start: '2024-08-05T00:00:00Z', end: '2024-08-06T00:00:00Z' },
      stepSeconds: 120,
      assets: [{ venues: [venue], arbitrage: { a: 1 } }],
      protocols: [
        {
          population: {
            kind: 'distribution',
            asset: 'ETH',
            defaultAccounts: 500,
            totalDebtUsd: 1e8,
            whales: [],
          },
        },
      ],
      ledger: { ledgerId: 'l1' },
    });
  });

  it('round-trips a stored document through the form unchanged', () => {
    const stored = {
      format: 'cascade-lab/scenario',
      version: 1,
      id: 'mine',
      name: 'Mine',
      template: 'ftx-collapse-2022',
      window: { start: 'a', end: 'b' },
      stepSeconds: 60,
      assets: [
        {
          id: 'ETH',
          series: { points: [[1, 2]], source: 's', resolutionSeconds: 300 },
          venues: [{ name: 'v', depthUsd: 1 }],
          arbitrage: {},
        },
      ],
      gas: { constantGwei: 20, tokenAsset: 'ETH' },
      keepers: { count: 3 },
      protocols: [
        {
          name: 'p',
          design: { id: 'aave-v3' },
          population: { kind: 'positions', asset: 'ETH', positions: { collateral: [1], debtUsd: [1] } },
        },
      ],
      ledger: { events: {}, source: 'l' },
      published: [],
      assumptions: ['a'],
    };
    expect(documentOf(formOfDocument(stored))).toEqual(stored);
  });

  it('puts each validation error beside its field', () => {
    expect(formFieldOf('scenario.protocols.1.population.totalDebtUsd')).toBe('protocol-1-population');
    expect(formFieldOf('scenario.protocols.0.design')).toBe('protocol-0-design');
    expect(formFieldOf('scenario.assets.0.venues.1.depthUsd')).toBe('venue-0-1');
    expect(formFieldOf('scenario.assets.0.series.seriesId')).toBe('series');
    expect(formFieldOf('scenario.window.end')).toBe('end');
    expect(formFieldOf('scenario.id')).toBe('name');
    expect(formFieldOf('scenario')).toBe('form');
  });
});
