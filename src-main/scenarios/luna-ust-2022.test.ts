import { describe, expect, it } from 'vitest';
import { btcBars2022_05, lunaBars, lunaUst2022 } from './luna-ust-2022.ts';
import { lowestLow } from './data-files.ts';

describe('LUNA scenario data', () => {
  it('carries BTC/USDT 5-minute bars over the same window as LUNA, as context nobody holds', () => {
    const start = Date.parse(lunaUst2022.startTime) / 1000;
    const end = Date.parse(lunaUst2022.endTime) / 1000;
    const btc = lunaUst2022.assets.find((a) => a.id === 'BTC')!;
    expect(btc.observed.bars).toBe(btcBars2022_05());
    expect(lunaUst2022.population.asset).toBe('LUNA');
    expect(lunaUst2022.population.basket).toBeUndefined();
    // Every 5 minutes from the start to the last bar that opens before the halt, none missing.
    expect(btcBars2022_05()[0]![0]).toBe(start);
    for (const [k, b] of btcBars2022_05().entries()) {
      expect(b[0]).toBe(start + 300 * k);
      expect(b[1]).toBe(300);
      expect(b[4]).toBeLessThanOrEqual(Math.min(b[2], b[5]));
      expect(b[3]).toBeGreaterThanOrEqual(Math.max(b[2], b[5]));
    }
    expect(btcBars2022_05().at(-1)![0] + 300).toBeGreaterThanOrEqual(end);
    expect(lunaBars().at(-1)![0] + 60).toBe(end);
  });

  it('puts the BTC low on 12 May, at the widely reported ~$26.7k', () => {
    const low = lowestLow(btcBars2022_05());
    expect(new Date(low.t * 1000).toISOString().slice(0, 10)).toBe('2022-05-12');
    expect(Math.abs(low.low / 26_700 - 1)).toBeLessThan(0.01);
    expect(btcSourceText()).toContain(String(low.low));
  });
});

function btcSourceText(): string {
  return lunaUst2022.assets.find((a) => a.id === 'BTC')!.observed.source;
}
