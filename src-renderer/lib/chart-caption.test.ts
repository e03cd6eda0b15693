import { describe, expect, it } from 'vitest';
import { chartCaption } from './chart-caption.ts';
import { fakeRun } from './fixtures.ts';

describe('exported chart captions', () => {
  it('name the scenario, design, seed, population, time shown and the data source of the run drawn', () => {
    const run = fakeRun(100, { accounts: 4000, seed: 7 });
    const c = chartCaption({
      title: 'Price and oracle',
      runs: [run],
      scenarioTitle: 'Black Thursday — MakerDAO, 12–13 March 2020',
      source: 'price',
      cursor: 30,
      range: { min: 10, max: 60 },
    });
    expect(c.title).toBe('Price and oracle');
    expect(c.subtitle).toBe(
      'Black Thursday — MakerDAO, 12–13 March 2020 · Flip · seed 7 · 4,000 accounts · Mar 12 00:10 UTC – Mar 12 01:00 UTC · cursor at Mar 12 00:30 UTC',
    );
    expect(c.lines[0]).toBe('Data: test price source.');
    expect(c.lines[1]).toContain('engine test');
  });

  it('list every design of a comparison and cite the gas source for the gas chart', () => {
    const a = fakeRun(10, { designName: 'Maker 2020 — English "flip" auctions (historical)' });
    const b = fakeRun(10, { runId: 'b', designName: 'Maker 2021 — Dutch "clip" auctions' });
    const c = chartCaption({
      title: 'Gas and keepers',
      runs: [a, b],
      scenarioTitle: 'X',
      source: 'gas',
      cursor: null,
      range: null,
    });
    expect(c.subtitle).toBe('X · Maker 2020 vs Maker 2021 · seed 1 · 8 accounts');
    expect(c.lines[0]).toBe('Data: test gas source.');
  });
});
