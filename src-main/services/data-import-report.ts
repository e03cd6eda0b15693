/**
 * How an import is reported to people: the lines the command line prints and the app shows after
 * storing (what was detected, how times and bars were read, what was stored), and the JSON the
 * command line prints with --json.
 */
import type { DataImportOutcome } from './data-import.ts';
import type { ImportPreview } from './import/index.ts';

function describeTime(preview: ImportPreview): string {
  const t = preview.time;
  if (t === null) return 'unknown (no data row in the head of the file)';
  if (t.kind === 'epoch') return `UTC (epoch timestamps${t.epochUnit !== null ? ` in ${t.epochUnit}` : ''})`;
  if (t.kind === 'offset') return 'UTC offsets given in the file';
  if (t.source === 'assumed-utc')
    return 'UTC (assumed: the times carry no offset; pass --tz ZONE if they are local)';
  return `${t.timeZone ?? 'UTC'} (${t.source === 'option' ? '--tz' : 'named in the column header'})`;
}

export function importJson(outcome: Extract<DataImportOutcome, { ok: true }>): Record<string, unknown> {
  if ('table' in outcome) {
    return {
      [outcome.kind === 'positions' ? 'positionSetId' : 'ledgerId']: outcome.table.id,
      importId: outcome.importId,
      kind: outcome.kind,
      rows: outcome.table.rows,
      summary: outcome.summary,
      ignoredColumns: outcome.ignoredColumns,
    };
  }
  const { series, parsed } = outcome;
  return {
    seriesId: series.id,
    importId: outcome.importId,
    kind: outcome.kind,
    asset: series.asset,
    venue: series.venue,
    format: parsed.format,
    delimiter: parsed.preview?.delimiter ?? null,
    time: parsed.preview?.time ?? null,
    rows: parsed.rows,
    points: series.count,
    duplicatesDropped: parsed.duplicatesDropped,
    bars: parsed.bars,
    notes: parsed.notes,
    warnings: parsed.warnings,
    start: new Date(series.startMs).toISOString(),
    end: new Date(series.endMs).toISOString(),
  };
}

export function importLines(outcome: Extract<DataImportOutcome, { ok: true }>): string[] {
  if ('table' in outcome) {
    const summary = outcome.summary as { protocols: { name: string; positions?: number; events?: number }[] };
    return [
      `kind        ${outcome.kind === 'positions' ? 'positions file' : 'event ledger'}`,
      `rows        ${outcome.table.rows}`,
      `protocols   ${summary.protocols.map((p) => `${p.name} (${p.positions ?? p.events})`).join(', ')}`,
      ...(outcome.ignoredColumns.length > 0
        ? [`ignored     columns ${outcome.ignoredColumns.join(', ')}`]
        : []),
      `stored      ${outcome.kind === 'positions' ? 'positions' : 'ledger'} ${outcome.table.id} (import ${outcome.importId})`,
    ];
  }
  const { parsed, series } = outcome;
  const pv = parsed.preview;
  const delimiter = pv ? (pv.delimiter === '\t' ? 'tab' : `"${pv.delimiter}"`) : '';
  return [
    `file        ${pv?.file ?? series.source.split(' ')[0]}`,
    pv
      ? `format      ${pv.format}, delimiter ${delimiter}, decimal "${pv.decimalSeparator}", ${pv.hasHeader ? `header on row ${pv.headerRow}` : 'no header'}${pv.willReverse ? ', newest first (reversed)' : ''}`
      : `format      ${parsed.format}`,
    ...(pv ? [`time zone   ${describeTime(pv)}`] : []),
    `rows        ${parsed.rows} read, ${series.count} points`,
    `duplicates  ${parsed.duplicatesDropped} dropped`,
    `gaps        ${parsed.gaps === 0 ? `none (every spacing is ${(parsed.spacingMs ?? 0) / 1000} s)` : `${parsed.gaps} larger than the typical ${(parsed.spacingMs ?? 0) / 1000} s spacing`}`,
    ...parsed.notes.map((n) => `read        ${n}`),
    ...parsed.warnings.map((w) => `warning     ${w}`),
    `stored      series ${series.id} (import ${outcome.importId}): ${series.asset} on ${series.venue}, ${new Date(series.startMs).toISOString()} → ${new Date(series.endMs).toISOString()}`,
  ];
}
