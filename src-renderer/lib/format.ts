/** Number and time formatting for labels, tables and narration (all times UTC). */

/** Money, compact: $8.32M, $47.4k, $312. Negative values keep their sign. */
export function fmtUsd(usd: number): string {
  if (!Number.isFinite(usd)) return '—';
  const sign = usd < 0 ? '−' : '';
  const a = Math.abs(usd);
  if (a >= 1e9) return `${sign}$${(a / 1e9).toFixed(2)}B`;
  if (a >= 1e6) return `${sign}$${(a / 1e6).toFixed(2)}M`;
  if (a >= 1e4) return `${sign}$${(a / 1e3).toFixed(1)}k`;
  if (a >= 100) return `${sign}$${a.toFixed(0)}`;
  return `${sign}$${a.toFixed(2)}`;
}

/**
 * An amount of a scenario's numeraire, compact: $8.32M for USD, 500.0k ETH, 1.20M DAI (the scenario's
 * units say which; stETH's amounts are ETH, Compound 2020's are DAI).
 */
export function fmtMoney(amount: number, numeraire: string): string {
  if (numeraire === 'USD') return fmtUsd(amount);
  return fmtUsd(amount).replace('$', '') + (Number.isFinite(amount) ? ` ${numeraire}` : '');
}

/** A price as users read it: inverted where the scenario says so (Compound's DAI is 1 / the asset). */
export function displayPrice(price: number, units: { priceDisplay: 'direct' | 'inverse' }): number {
  return units.priceDisplay === 'inverse' ? 1 / price : price;
}

/** What a displayed price is counted in: DAI's dollar price for an inverse display, else the numeraire. */
export function priceUnit(units: { priceDisplay: 'direct' | 'inverse'; numeraire: string }): string {
  return units.priceDisplay === 'inverse' ? 'USD' : units.numeraire;
}

/** An asset price with the precision its size needs: $21,149, $128.40, $1.004, $0.9563. */
export function fmtPrice(usd: number, numeraire = 'USD'): string {
  if (!Number.isFinite(usd)) return '—';
  const a = Math.abs(usd);
  return inNumeraire(a >= 1000 ? fmtCount(usd) : usd.toFixed(a >= 10 ? 2 : a >= 1 ? 3 : 4), numeraire);
}

/** A price-axis tick: as many decimals as the axis range needs to tell ticks apart. */
export function fmtPriceTick(usd: number, rangeUsd: number, numeraire = 'USD'): string {
  const decimals = rangeUsd < 0.05 ? 4 : rangeUsd < 0.5 ? 3 : rangeUsd < 5 ? 2 : rangeUsd < 50 ? 1 : 0;
  return inNumeraire(
    decimals === 0 && Math.abs(usd) >= 1000 ? fmtCount(usd) : usd.toFixed(decimals),
    numeraire,
  );
}

/** A number written as a price in a scenario's numeraire: $0.9565 for USD, 0.9565 ETH for ETH. */
function inNumeraire(digits: string, numeraire: string): string {
  return numeraire === 'USD' ? `$${digits}` : `${digits} ${numeraire}`;
}

/** A fraction as a percentage: 0.1234 → "12.3%". */
export function fmtPct(fraction: number, digits = 1): string {
  if (!Number.isFinite(fraction)) return '—';
  return `${(fraction * 100).toFixed(digits)}%`;
}

/** A whole count with thousands separators: 12,345. (Not toLocaleString: it is slow per call, and
 * chart tick callbacks run it on every redraw.) */
export function fmtCount(n: number): string {
  if (!Number.isFinite(n)) return '—';
  const s = String(Math.abs(Math.round(n)));
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (i > 0 && (s.length - i) % 3 === 0) out += ',';
    out += s[i];
  }
  return n < 0 && out !== '0' ? `−${out}` : out;
}

export function fmtRatio(x: number, digits = 2): string {
  return Number.isFinite(x) ? `${x.toFixed(digits)}×` : '—';
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => String(n).padStart(2, '0');

/** "14:32" (UTC) for a Unix time in seconds. */
export function fmtClock(sec: number): string {
  const d = new Date(sec * 1000);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** "Mar 12 14:32" (UTC) for a Unix time in seconds. */
export function fmtDateTime(sec: number): string {
  const d = new Date(sec * 1000);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ${fmtClock(sec)}`;
}

/** "2020-03-12T14:32" (UTC), the value format of <input type="datetime-local">. */
export function fmtInputDateTime(sec: number): string {
  return new Date(sec * 1000).toISOString().slice(0, 16);
}

/** Parses "2020-03-12T14:32" or "2020-03-12 14:32" (UTC) to Unix seconds, or null. */
export function parseInputDateTime(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!m) return null;
  const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, m[6] ? +m[6] : 0);
  return Number.isFinite(ms) ? ms / 1000 : null;
}

/** Unix seconds of a step of a run. */
export function stepTimeSec(run: { startSec: number; stepSeconds: number }, step: number): number {
  return run.startSec + step * run.stepSeconds;
}

/** A design's name without its explanation: "Maker 2021 — Dutch \"clip\" auctions" → "Maker 2021". */
export function shortName(name: string): string {
  const head = name.split(' — ')[0]!.trim();
  return head.length > 0 && head.length <= 40 ? head : name.slice(0, 40);
}

/**
 * Seconds between time ticks for a stretch of this length (a whole run, or a zoomed part of one):
 * at most about ten ticks across a chart.
 */
export function tickSeconds(durationSec: number): number {
  const hour = 3600;
  const steps = [
    60,
    300,
    600,
    1800,
    hour,
    3 * hour,
    6 * hour,
    12 * hour,
    24 * hour,
    48 * hour,
    7 * 24 * hour,
  ];
  for (const t of steps) {
    if (durationSec / t <= 10) return t;
  }
  return 14 * 24 * hour;
}
