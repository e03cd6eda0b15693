/**
 * The Import view's form as plain data: what the user chose (blank = let the file tell), turned
 * into the contract's choices, and which field a problem belongs beside. Pure, for tests.
 */
import type { ImportField, ImportPreviewView, ImportProblem, Input } from './contract.ts';

export type KindChoice = '' | 'price' | 'gas' | 'positions' | 'ledger';

export interface ImportForm {
  kind: KindChoice;
  asset: string;
  venue: string;
  timeZone: string;
  barTime: '' | 'open' | 'close';
  delimiter: '' | ',' | ';' | 'tab' | '|';
  timeColumn: string;
  valueColumn: string;
}

export function emptyForm(): ImportForm {
  return {
    kind: '',
    asset: '',
    venue: '',
    timeZone: '',
    barTime: '',
    delimiter: '',
    timeColumn: '',
    valueColumn: '',
  };
}

/** The contract's choices: blank fields are left out (detected, or asked for). */
export function choicesOf(form: ImportForm): Input<'imports.preview'>['choices'] {
  const out: Input<'imports.preview'>['choices'] = {};
  if (form.asset.trim() !== '') out.asset = form.asset.trim();
  if (form.venue.trim() !== '') out.venue = form.venue.trim();
  if (form.timeZone.trim() !== '') out.timeZone = form.timeZone.trim();
  if (form.barTime !== '') out.barTime = form.barTime;
  if (form.delimiter !== '') out.delimiter = form.delimiter === 'tab' ? '\t' : form.delimiter;
  if (form.timeColumn !== '') out.timeColumn = form.timeColumn;
  if (form.valueColumn !== '') out.valueColumn = form.valueColumn;
  return out;
}

/** The problem to show beside `field` (the file's own problems sit beside the file chooser). */
export function problemAt(preview: ImportPreviewView | null, field: ImportField): ImportProblem | null {
  return preview?.problem?.field === field ? preview.problem : null;
}

/** Which form fields matter for a kind of file. */
export function fieldsFor(kind: ImportPreviewView['kind']): ImportField[] {
  if (kind === 'positions' || kind === 'ledger') return [];
  const series: ImportField[] = ['asset', 'venue', 'timeZone', 'delimiter', 'timeColumn', 'valueColumn'];
  return kind === 'price' ? [...series, 'barTime'] : series;
}
