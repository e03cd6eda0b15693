/** Builders for located import errors and warnings. */
import type { ImportError, ImportErrorCode, ImportWarning, ImportWarningCode } from './types.ts';

/** `row 17, column "close"`, `row 17`, `column "close"` or '' when nothing is known. */
export function describeLocation(row: number | null, column: string | null): string {
  const parts: string[] = [];
  if (row !== null) parts.push(`row ${row}`);
  if (column !== null) parts.push(`column ${JSON.stringify(column)}`);
  return parts.join(', ');
}

/** An error whose message starts with its location, followed by `detail` (what to fix). */
export function importError(
  file: string,
  code: ImportErrorCode,
  row: number | null,
  column: string | null,
  detail: string,
): ImportError {
  const where = describeLocation(row, column);
  return { file, row, column, code, message: where === '' ? detail : `${where}: ${detail}` };
}

export function importWarning(code: ImportWarningCode, row: number | null, message: string): ImportWarning {
  return { code, row, message };
}

/** Quotes a cell value for a message, cut to a readable length. */
export function quoteValue(text: string): string {
  const cut = text.length > 40 ? `${text.slice(0, 37)}...` : text;
  return JSON.stringify(cut);
}

/** Thrown inside the streaming pipeline to stop it with a located error. */
export class ImportFailure extends Error {
  readonly detail: ImportError;

  constructor(detail: ImportError) {
    super(detail.message);
    this.name = 'ImportFailure';
    this.detail = detail;
  }
}
