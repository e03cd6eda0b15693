import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../engine/scenario.ts';
import { blackThursday } from './black-thursday.ts';

const data = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'data/2020-03-12-black-thursday');

describe('Black Thursday scenario', () => {
  it('validates and names sources, published figures, assumptions and limits', () => {
    const s = parseScenario(blackThursday);
    expect(s.published.find((p) => /protocol loss/.test(p.figure))?.value).toMatch(/5\.67/);
    expect(s.published.find((p) => /zero bids/.test(p.figure))?.value).toBe('36%');
    expect(s.assumptions.length).toBeGreaterThan(2);
    expect(s.limits.length).toBeGreaterThan(2);
  });

  it('its path is the CoinAPI 10-minute bars of 03-12 and the Binance hourly bars of 03-13, as read from the files', () => {
    const coinapi = JSON.parse(
      readFileSync(path.join(data, 'eth_usd_10min_coinapi_stablesims_2020-03-12.json'), 'utf8'),
    ) as {
      time_period_start: string;
      price_open: number;
      price_high: number;
      price_low: number;
      price_close: number;
    }[];
    const bars = blackThursday.assets[0]!.observed.bars!;
    expect(bars).toHaveLength(144 + 24);
    coinapi.forEach((b, i) => {
      expect(bars[i]).toEqual([
        Date.parse(b.time_period_start) / 1000,
        600,
        b.price_open,
        b.price_high,
        b.price_low,
        b.price_close,
      ]);
    });
    const rows = readFileSync(path.join(data, 'binance_ethusdt_1h_2020-03-10_to_2020-03-15.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','))
      .filter(
        (r) =>
          Number(r[0]) >= Date.parse('2020-03-13T00:00:00Z') / 1000 &&
          Number(r[0]) < Date.parse('2020-03-14T00:00:00Z') / 1000,
      )
      .sort((x, y) => Number(x[0]) - Number(y[0]));
    expect(rows).toHaveLength(24);
    rows.forEach((r, i) => {
      expect(bars[144 + i]).toEqual([
        Number(r[0]),
        3600,
        Number(r[3]),
        Number(r[4]),
        Number(r[5]),
        Number(r[6]),
      ]);
    });
    // The published lows are the data's: 101.01 on 03-12, 86.00 in the 03-13 02:00 hour.
    expect(Math.min(...bars.slice(0, 144).map((b) => b[4]))).toBe(101.01);
    expect(Math.min(...bars.map((b) => b[4]))).toBe(86);
    expect(blackThursday.assets[0]!.observed.points).toEqual([]);
  });

  it('the gas path is the 20-minute medians of the 1-minute 60th-percentile series (peak 200 gwei in the afternoon)', () => {
    const rows = readFileSync(path.join(data, 'eth_gas_p60_1min_stablesims_2020-03-12.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    const byBlock = new Map<number, number[]>();
    for (const [timestamp, p60] of rows) {
      if (!p60) continue;
      const k = Math.floor(Date.parse(timestamp!) / 1000 / 1200) * 1200 + 600;
      byBlock.set(k, [...(byBlock.get(k) ?? []), Number(p60) / 1e9]);
    }
    const pts = new Map(blackThursday.gas.points);
    for (const [k, v] of byBlock) {
      v.sort((a, b) => a - b);
      const m = v.length % 2 ? v[(v.length - 1) / 2]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2;
      expect(pts.get(k)).toBeCloseTo(m, 1);
    }
    // The values once authored by hand from the same file: 6 gwei in the first block, 200 at the peak.
    const day = blackThursday.gas.points.filter(([t]) => t < Date.parse('2020-03-13T00:00:00Z') / 1000);
    expect(day).toHaveLength(72);
    expect(day[0]![1]).toBeCloseTo(6, 6);
    expect(Math.max(...day.map(([, g]) => g))).toBeCloseTo(200, 6);
  });

  it('the Maker parameters of the historical preset match the compiled parameter file', async () => {
    const params = JSON.parse(readFileSync(path.join(data, 'maker_mcd_parameters_2020-03.json'), 'utf8'));
    const { PRESETS } = await import('../engine/presets.ts');
    const flip = PRESETS.get('maker-2020-flip')!;
    expect(flip.margin.liquidationRatio * 100).toBe(params['ETH-A'].mat_liquidation_ratio_pct.before);
    const liq = flip.liquidation as {
      penalty: number;
      lotSize: number;
      minIncrement: number;
      bidDurationSeconds: number;
      maxDurationSeconds: number;
    };
    expect(Math.round(liq.penalty * 100)).toBe(params['ETH-A'].chop_liquidation_penalty_pct.before);
    expect(liq.lotSize).toBe(params['ETH-A'].lump_max_lot_eth.before);
    expect(Math.round(liq.minIncrement * 100)).toBe(params['ETH-A'].flip_beg_min_bid_increment_pct.before);
    expect(liq.bidDurationSeconds).toBe(params['ETH-A'].flip_ttl_bid_duration_s.before);
    expect(liq.maxDurationSeconds).toBe(params['ETH-A'].flip_tau_auction_duration_s.before);
    expect(flip.oracle.transform).toEqual({
      kind: 'osm',
      hopSeconds: params.system.osm_hop_oracle_delay_s.value,
    });
  });
});
