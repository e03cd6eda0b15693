import { describe, expect, it } from 'vitest';
import type { ImportPreviewView } from './contract.ts';
import { choicesOf, emptyForm, fieldsFor, problemAt } from './import-form.ts';

describe('the Import view form', () => {
  it('leaves blank choices out, trims text, maps tab', () => {
    expect(choicesOf(emptyForm())).toEqual({});
    expect(
      choicesOf({ ...emptyForm(), asset: ' ETH ', barTime: 'open', delimiter: 'tab', timeColumn: 'date' }),
    ).toEqual({
      asset: 'ETH',
      barTime: 'open',
      delimiter: '\t',
      timeColumn: 'date',
    });
  });

  it('puts a problem beside its field only', () => {
    const preview = {
      problem: { field: 'barTime', message: 'choose', row: null, column: 'date' },
    } as ImportPreviewView;
    expect(problemAt(preview, 'barTime')?.message).toBe('choose');
    expect(problemAt(preview, 'asset')).toBeNull();
    expect(problemAt(null, 'asset')).toBeNull();
  });

  it('asks for the bar time only for price series, and nothing for tables', () => {
    expect(fieldsFor('price')).toContain('barTime');
    expect(fieldsFor('gas')).not.toContain('barTime');
    expect(fieldsFor('positions')).toEqual([]);
  });
});
