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
    expect(s.assumptions.length).toBeGreaterThan(3);
    expect(s.limits.length).toBeGreaterThan(2);
  });

  it('authored 10-minute ETH closes match the CoinAPI series they were read from', () => {
    const bars = JSON.parse(
      readFileSync(path.join(data, 'eth_usd_10min_coinapi_stablesims_2020-03-12.json'), 'utf8'),
    ) as {
      time_period_end: string;
      price_close: number;
    }[];
    const pts = new Map(blackThursday.assets[0]!.observed.points.map(([t, p]) => [t, p]));
    for (const b of bars) {
      const t = Date.parse(b.time_period_end) / 1000;
      expect(pts.get(t)).toBeCloseTo(b.price_close, 2);
    }
    const lows = blackThursday.assets[0]!.observed.points.map(([, p]) => p);
    expect(Math.min(...lows)).toBe(86);
  });

  it('authored hourly closes for 03-13 match the Binance export', () => {
    const rows = readFileSync(path.join(data, 'binance_ethusdt_1h_2020-03-10_to_2020-03-15.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    const pts = new Map(blackThursday.assets[0]!.observed.points.map(([t, p]) => [t, p]));
    let checked = 0;
    for (const r of rows) {
      const open = Number(r[0]);
      if (
        open < Date.parse('2020-03-13T00:00:00Z') / 1000 ||
        open >= Date.parse('2020-03-14T00:00:00Z') / 1000
      )
        continue;
      expect(pts.get(open + 3600)).toBeCloseTo(Number(r[6]), 2);
      checked++;
    }
    expect(checked).toBe(24);
  });

  it('authored gas medians match the 1-minute 60th-percentile series', () => {
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
