/**
 * The Shortfall group: who pays when sales raise less than the debt.
 */
import type { FieldGroup } from '../field-spec.ts';
import { num, optionsOf, seconds } from '../field-spec.ts';

export function shortfallGroup(): FieldGroup {
  return {
    id: 'shortfall',
    title: 'Shortfall',
    intro: 'Who pays when sales raise less than the debt.',
    fields: [
      {
        path: 'shortfall.surplusBufferUsd',
        label: 'Surplus buffer',
        help: 'Protocol surplus that absorbs bad debt first (Maker ≈ $500k on Black Thursday).',
        kind: 'number',
        unit: 'USD',
      },
      {
        path: 'shortfall.then',
        label: 'Then',
        help: 'What covers bad debt beyond the buffer.',
        kind: 'choice',
        options: optionsOf({
          'debt-auction': 'Mint governance tokens in a debt auction',
          socialise: 'Socialise the loss',
        }),
      },
      {
        path: 'shortfall.govTokenPriceUsd',
        label: 'Governance token price',
        help: 'Price the debt auction assumes (MKR ≈ $265 in March 2020).',
        kind: 'number',
        unit: 'USD',
      },
      num(
        'shortfall.debtAuctionDiscount',
        'Debt auction discount',
        'Discount at which the debt auction clears against that price.',
      ),
      seconds(
        'shortfall.debtAuctionDelaySeconds',
        'Debt auction delay',
        'Wait before a debt auction can start (Maker wait = 2 days).',
      ),
    ],
  };
}
