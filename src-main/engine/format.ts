/**
 * Number formatting for the engine's narration (event logs) and for the hosts that print engine
 * figures (CLI, services). Pure; no locale: the same run prints the same text everywhere.
 */

/** "account" / "accounts". */
export function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

/** A ratio as a whole percentage: 0.152 → "15%". */
export function pct(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}

/** "$129.40", "$12.3k", "$1.23M", "$4.56B". */
export function fmtUsd(v: number): string {
  const a = Math.abs(v);
  const s = v < 0 ? '-' : '';
  if (a >= 1e9) return `${s}$${(a / 1e9).toFixed(2)}B`;
  if (a >= 1e6) return `${s}$${(a / 1e6).toFixed(2)}M`;
  if (a >= 1e4) return `${s}$${(a / 1e3).toFixed(1)}k`;
  return `${s}$${a.toFixed(2)}`;
}

/** Asset units: "1.23M", "12.3k", "412", "3.25". */
export function fmtUnits(v: number): string {
  if (v >= 1e6) return `${(v / 1e6).toFixed(2)}M`;
  if (v >= 1e4) return `${(v / 1e3).toFixed(1)}k`;
  return v.toFixed(v >= 100 ? 0 : 2);
}

/** A count rounded to a whole number with thousands separators: 12345.6 → "12,346". */
export function fmtWhole(x: number): string {
  const r = Math.round(x);
  const s = Math.abs(r)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return r < 0 ? `-${s}` : s;
}

/**
 * USD the way the options layer narrates it: "$1.2 M", "$3.45 B", "$12,345", "$99.50". (The rest of
 * the engine writes "$1.23M": two styles that predate this module, kept so recorded logs stay
 * identical.)
 */
export function fmtUsdSpaced(x: number): string {
  if (Math.abs(x) >= 1e9) return `$${(x / 1e9).toFixed(2)} B`;
  if (Math.abs(x) >= 1e6) return `$${(x / 1e6).toFixed(1)} M`;
  if (Math.abs(x) >= 1000) return `$${fmtWhole(x)}`;
  return `$${x.toFixed(2)}`;
}
