/**
 * The Modifiers group: changes that apply to any mechanism — partial liquidation, a liquidity cap,
 * sliced sales, a grace period, a circuit breaker.
 */
import type { FieldGroup, FieldSpec } from '../field-spec.ts';
import { getPath, optionsOf, seconds } from '../field-spec.ts';

export function modifiersGroup(design: unknown): FieldGroup {
  const liquidationRatio = Number(getPath(design, 'margin.liquidationRatio') ?? 1.5);
  const tiered = getPath(design, 'modifiers.tiered');
  const breaker = getPath(design, 'modifiers.circuitBreaker');
  const breakerAction = String(getPath(design, 'modifiers.circuitBreaker.action') ?? 'pause');
  const modifierFields: FieldSpec[] = [
    {
      path: 'modifiers.partialTargetRatio',
      label: 'Partial liquidation to',
      help: 'Liquidate only enough to bring the account back to this collateral ratio, instead of all of it: far less collateral sold per account, but the account can be liquidated again on the next drop. Must be above the liquidation ratio; Aave and Compound sell at most half the debt at once instead.',
      kind: 'number',
      unit: '×',
      nullLabel: 'Off (whole account)',
      nullDefault: Math.round((liquidationRatio + 0.25) * 100) / 100,
    },
    {
      path: 'modifiers.liquidityCapDepthMultiple',
      label: 'Liquidity cap',
      help: 'Liquidation sales per minute are capped at this multiple of the venues’ depth (USD that moves the price 1%); the rest waits (a step gets its share of the minute). A lower cap sells more gently but leaves unsafe accounts open longer. 2× is assumed.',
      kind: 'number',
      unit: '× depth',
      nullLabel: 'No cap',
    },
    {
      path: 'modifiers.tiered',
      label: 'Sell large lots in slices',
      help: 'Lots above a size are sold as a TWAP over several minutes instead of at once, as trading desks do with large orders: less impact per minute, more time exposed to a falling price. Switched on: lots above 500k in 10 slices (assumed).',
      kind: 'toggle',
    },
  ];
  if (tiered) {
    modifierFields.push(
      {
        path: 'modifiers.tiered.aboveUsd',
        label: 'Slice lots above',
        help: 'Lots worth more than this are sliced; 500k assumed.',
        kind: 'number',
        unit: 'USD',
      },
      {
        path: 'modifiers.tiered.slices',
        label: 'Slices',
        help: 'Minutes a large lot is spread over (one slice a minute); more slices, gentler selling. 10 assumed.',
        kind: 'number',
      },
    );
  }
  modifierFields.push(
    seconds(
      'modifiers.gracePeriodSeconds',
      'Grace period',
      'An account must stay liquidatable this long before it is liquidated, so a brief wick does not close it; a longer grace lets more accounts recover and lets others sink deeper. Aave v3’s sequencer grace is 1 h; 0 = none.',
    ),
    {
      path: 'modifiers.circuitBreaker',
      label: 'Circuit breaker',
      help: 'After a fast fall of the oracle, pause liquidations or change margins for a while, as stock exchanges halt trading (US market-wide breakers at 7%, 13%, 20%). It breaks the loop for a time and leaves risk open meanwhile.',
      kind: 'toggle',
    },
  );
  if (breaker) {
    modifierFields.push(
      {
        path: 'modifiers.circuitBreaker.dropFraction',
        label: 'Trips after a fall of',
        help: 'The breaker trips when the oracle falls this fraction from its high within the window (0.1 = 10%); a smaller fall trips it more often.',
        kind: 'number',
      },
      seconds(
        'modifiers.circuitBreaker.windowSeconds',
        'Within',
        'The window the fall is measured over; a longer window catches slower falls. US single-stock pauses measure 5 minutes; 3600 s assumed.',
      ),
      {
        path: 'modifiers.circuitBreaker.action',
        label: 'When tripped',
        help: 'Pause: no new liquidations while tripped (calls still go out). Scale margins: multiply the haircut, raising requirements (CCP-style) or relaxing them (forbearance).',
        kind: 'choice',
        options: optionsOf({ pause: 'Pause liquidations', 'scale-margin': 'Scale margins' }),
      },
    );
    if (breakerAction === 'scale-margin') {
      modifierFields.push({
        path: 'modifiers.circuitBreaker.haircutMultiplier',
        label: 'Haircut multiplier',
        help: 'While tripped, the haircut is multiplied by this: above 1 raises requirements (more accounts called now), below 1 relaxes them (fewer liquidations, more risk kept). 1 changes nothing.',
        kind: 'number',
        unit: '×',
      });
    }
    modifierFields.push(
      seconds(
        'modifiers.circuitBreaker.durationSeconds',
        'For',
        'How long the breaker stays tripped; then it resets and needs a new fall to trip again. US market-wide halts last 15 minutes; 3600 s assumed.',
      ),
    );
  }
  return {
    id: 'modifiers',
    title: 'Modifiers',
    intro: 'Changes that apply to any mechanism: sell less, sell slower, wait, or stop.',
    fields: modifierFields,
  };
}
