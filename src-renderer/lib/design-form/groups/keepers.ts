/**
 * The Keepers group: optional overrides of the scenario's keeper environment.
 */
import type { FieldGroup } from '../field-spec.ts';

export function keepersGroup(): FieldGroup {
  return {
    id: 'keepers',
    title: 'Keepers (overrides)',
    intro:
      'Leave blank to keep the scenario’s keepers; fill in to ask “what if there had been more or richer keepers?”.',
    fields: [
      {
        path: 'keepers.count',
        label: 'Keepers',
        help: 'How many keepers watch the auctions.',
        kind: 'number',
        optional: true,
      },
      {
        path: 'keepers.capitalUsd',
        label: 'Keeper capital',
        help: 'Stablecoin each keeper can bid with.',
        kind: 'number',
        unit: 'USD',
        optional: true,
      },
      {
        path: 'keepers.gasCapMedianGwei',
        label: 'Median keeper gas cap',
        help: 'Keepers stop transacting above their gas cap; this is the median cap.',
        kind: 'number',
        unit: 'gwei',
        optional: true,
      },
      {
        path: 'keepers.lowballers',
        label: 'Lowball bidders',
        help: 'Bidders who bid near zero when nobody else bids (Black Thursday’s zero bids).',
        kind: 'number',
        optional: true,
      },
    ],
  };
}
