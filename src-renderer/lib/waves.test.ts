import { describe, expect, it } from 'vitest';
import { wave } from './fixtures.ts';
import { largestWave, latestWave, nextWave, previousWave, waveAt } from './waves.ts';

// WaveView.index counts from 1; the tests use 0-based positions below for brevity.
const waves = [wave(0, 10, 12), wave(1, 20, 25, { collateralSoldUsd: 9e6 }), wave(2, 40, 40)];

describe('wave navigation', () => {
  it('finds the wave holding a step', () => {
    expect(waveAt(waves, 9)).toBeNull();
    expect(waveAt(waves, 10)?.index).toBe(0);
    expect(waveAt(waves, 12)?.index).toBe(0);
    expect(waveAt(waves, 13)).toBeNull();
    expect(waveAt(waves, 40)?.index).toBe(2);
    expect(waveAt([], 5)).toBeNull();
  });

  it('goes to the next wave start after the cursor', () => {
    expect(nextWave(waves, 0)?.index).toBe(0);
    expect(nextWave(waves, 10)?.index).toBe(1);
    expect(nextWave(waves, 11)?.index).toBe(1);
    expect(nextWave(waves, 40)).toBeNull();
  });

  it('goes to the previous wave start before the cursor', () => {
    expect(previousWave(waves, 10)).toBeNull();
    expect(previousWave(waves, 11)?.index).toBe(0);
    expect(previousWave(waves, 20)?.index).toBe(0);
    expect(previousWave(waves, 100)?.index).toBe(2);
  });

  it('knows the latest and the largest wave', () => {
    expect(latestWave(waves, 5)).toBeNull();
    expect(latestWave(waves, 30)?.index).toBe(1);
    expect(largestWave(waves)?.index).toBe(1);
    expect(largestWave([])).toBeNull();
  });
});
