/**
 * The Validation panel's words and numbers: each published outcome beside the simulated median and
 * its 10–90% band, in the scenario's units; fitted figures are shown as "fitted, not evidence".
 */
import type { ValidationReportView } from './contract.ts';
import { fmtMoney, fmtPct } from './format.ts';

type Row = ValidationReportView['rows'][number];

/** A row's number as users read it. */
export function rowValue(row: Row, numeraire: string, x: number): string {
  if (!Number.isFinite(x)) return '—';
  switch (row.unit) {
    case 'money':
      return fmtMoney(x, numeraire);
    case 'share':
      return fmtPct(x);
    case 'seconds':
      return `${x.toFixed(0)} s`;
    case 'ratio':
      return `${x.toFixed(2)}×`;
    case 'price':
      return String(Number(x.toPrecision(8)));
  }
}

export const STATUS_TEXT: Record<Row['status'], string> = {
  pass: 'Pass',
  miss: 'Miss',
  fitted: 'Fitted, not evidence',
};

/** "2 pass · 1 miss · 1 fitted (not evidence)". */
export function countsText(v: ValidationReportView): string {
  const parts = [`${v.counts.pass} pass`, `${v.counts.miss} miss`];
  if (v.counts.fitted > 0) parts.push(`${v.counts.fitted} fitted (not evidence)`);
  return parts.join(' · ');
}

/** What passing means for a row, e.g. "within ±25% of $5.67M". */
export function ruleText(row: Row, numeraire: string): string {
  return `${row.passRule} ${rowValue(row, numeraire, row.value)}`;
}
