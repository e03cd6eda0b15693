import { describe, expect, it } from 'vitest';
import {
  displayPrice,
  fmtClock,
  fmtCount,
  fmtDateTime,
  fmtPct,
  fmtPrice,
  fmtPriceTick,
  fmtUsd,
  priceUnit,
  parseInputDateTime,
  shortName,
  tickSeconds,
} from './format.ts';

describe('formatting', () => {
  it('formats money compactly', () => {
    expect(fmtUsd(8_316_415.97)).toBe('$8.32M');
    expect(fmtUsd(47_411)).toBe('$47.4k');
    expect(fmtUsd(312.4)).toBe('$312');
    expect(fmtUsd(-6)).toBe('−$6.00');
    expect(fmtUsd(NaN)).toBe('—');
  });

  it('gives prices the precision their size needs', () => {
    expect(fmtPrice(21_149.2)).toBe('$21,149');
    expect(fmtPrice(128.4)).toBe('$128.40');
    expect(fmtPrice(1.0041)).toBe('$1.004');
    expect(fmtPrice(0.95634)).toBe('$0.9563');
    expect(fmtPriceTick(0.95, 0.3)).toBe('$0.950');
    expect(fmtPriceTick(180, 130)).toBe('$180');
    expect(fmtPriceTick(21_000, 9000)).toBe('$21,000');
  });

  it('writes a price in its scenario’s numeraire (stETH in ETH), and DAI’s inverse display in dollars', () => {
    expect(fmtPrice(0.95634, 'ETH')).toBe('0.9563 ETH');
    expect(fmtPriceTick(0.965, 0.03, 'ETH')).toBe('0.9650 ETH');
    expect(priceUnit({ priceDisplay: 'direct', numeraire: 'ETH' })).toBe('ETH');
    expect(priceUnit({ priceDisplay: 'inverse', numeraire: 'DAI' })).toBe('USD');
    expect(fmtPrice(displayPrice(1 / 1.3, { priceDisplay: 'inverse' }), 'USD')).toBe('$1.300');
  });

  it('counts with separators, fast', () => {
    expect(fmtCount(1234567)).toBe('1,234,567');
    expect(fmtCount(999)).toBe('999');
    expect(fmtCount(-1200)).toBe('−1,200');
    expect(fmtCount(0)).toBe('0');
    expect(fmtPct(0.1234)).toBe('12.3%');
  });

  it('reads and writes UTC times', () => {
    const sec = Date.UTC(2020, 2, 12, 14, 30) / 1000;
    expect(fmtClock(sec)).toBe('14:30');
    expect(fmtDateTime(sec)).toBe('Mar 12 14:30');
    expect(parseInputDateTime('2020-03-12 14:30')).toBe(sec);
    expect(parseInputDateTime('2020-03-12T14:30')).toBe(sec);
    expect(parseInputDateTime('12/03/2020')).toBeNull();
  });

  it('spaces time ticks by the run’s length', () => {
    expect(tickSeconds(2 * 86_400)).toBe(6 * 3600);
    expect(tickSeconds(86_400)).toBe(3 * 3600);
    expect(tickSeconds(10 * 86_400)).toBe(24 * 3600);
    // A zoomed stretch gets finer ticks.
    expect(tickSeconds(40 * 60)).toBe(300);
    expect(tickSeconds(3 * 3600)).toBe(1800);
  });

  it('shortens design names at the dash', () => {
    expect(shortName('Maker 2021 — Dutch "clip" auctions')).toBe('Maker 2021');
    expect(shortName('plain')).toBe('plain');
  });
});
