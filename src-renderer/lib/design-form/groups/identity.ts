/**
 * The Name and sources group: how the design is saved and shown in pickers (last, next to saving).
 */
import type { FieldGroup } from '../field-spec.ts';

export function identityGroup(): FieldGroup {
  return {
    id: 'identity',
    title: 'Name and sources',
    intro: 'How the design is saved and shown in pickers.',
    fields: [
      {
        path: 'id',
        label: 'Id',
        help: 'Saved under this id; lowercase letters, digits and dashes (a preset id cannot be overwritten).',
        kind: 'text',
        patternHint: 'use lowercase letters, digits and dashes (up to 64)',
      },
      {
        path: 'name',
        label: 'Name',
        help: 'Shown in the design pickers and chart legends.',
        kind: 'text',
      },
      {
        path: 'description',
        label: 'Description',
        help: 'What this design changes and why.',
        kind: 'textarea',
      },
      {
        path: 'sources',
        label: 'Sources',
        help: 'One source per line for the values you took from somewhere.',
        kind: 'lines',
      },
    ],
  };
}
