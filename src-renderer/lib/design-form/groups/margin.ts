/**
 * The Margin group: when an account is warned and liquidated; the volatility-scaled model and its
 * anti-procyclical tools; per-asset collateral haircuts (collateral.ts).
 */
import type { DesignContext, FieldGroup, FieldSpec } from '../field-spec.ts';
import { getPath, num, optionsOf } from '../field-spec.ts';
import { haircutFields } from './collateral.ts';

export function marginGroup(design: unknown, context: DesignContext): FieldGroup {
  const marginKind = String(getPath(design, 'margin.kind') ?? 'fixed-ratio');
  const apc = String(getPath(design, 'margin.volatility.antiProcyclical.kind') ?? 'none');
  const marginFields: FieldSpec[] = [
    {
      path: 'margin.kind',
      label: 'Margin model',
      help: 'A fixed ratio never moves. A volatility-scaled one rises with the oracle’s recent volatility, as exchanges and clearing houses do: safer positions, but a requirement that jumps in a crash is itself a second loop.',
      kind: 'variant',
      keep: ['liquidationRatio', 'callRatio'],
      options: optionsOf({
        'fixed-ratio': 'Fixed ratio (lending protocols)',
        'volatility-scaled': 'Volatility-scaled (exchanges, CCPs)',
      }),
    },
    {
      path: 'margin.liquidationRatio',
      label: 'Liquidation ratio',
      help:
        marginKind === 'volatility-scaled'
          ? 'Collateral value ÷ debt below which an account is liquidated, at the reference volatility (the calm start); the model scales it from there. Maker ETH-A 1.5 = 150%; a perpetual with 2% maintenance margin is 1 ÷ 0.98 ≈ 1.02.'
          : 'Collateral value ÷ debt below which an account is liquidated (Maker ETH-A 1.5 = 150%; a perpetual with 2% maintenance margin is 1 ÷ 0.98 ≈ 1.02). Higher means less leverage and fewer forced sales.',
      kind: 'number',
      unit: '×',
    },
    {
      path: 'margin.callRatio',
      label: 'Call ratio',
      help: 'Collateral value ÷ debt below which an account gets a margin call; at least the liquidation ratio.',
      kind: 'number',
      unit: '×',
    },
  ];
  if (marginKind === 'volatility-scaled') {
    marginFields.push(
      {
        path: 'margin.volatility.referenceVolatility',
        label: 'Reference volatility',
        help: 'Annualised volatility the liquidation ratio above is set for; the requirement scales with σ ÷ this. Raising it makes the margin react later. ETH ran at about 0.8 (80%) a year before March 2020 (assumed from daily returns).',
        kind: 'number',
        unit: '/yr',
      },
      {
        path: 'margin.volatility.ewmaHalfLifeHours',
        label: 'Volatility half-life',
        help: 'Half-life of the exponentially weighted volatility estimate. Shorter reacts faster to a crash (and raises margins in the middle of it). RiskMetrics’ daily λ = 0.94 is a half-life of about 11 days (270 h); 24 h is assumed for crypto.',
        kind: 'number',
        unit: 'h',
      },
      {
        path: 'margin.volatility.returnIntervalMinutes',
        label: 'Return interval',
        help: 'The volatility is estimated from returns over this interval. Risk models use hourly or daily returns (RiskMetrics: daily, 1440 min); a shorter interval reacts sooner but picks up tick noise. 60 min assumed.',
        kind: 'number',
        unit: 'min',
      },
      {
        path: 'margin.volatility.floorMultiple',
        label: 'Floor',
        help: 'The haircut (1 − 1 ÷ ratio) never goes below this multiple of its base value, however calm the market. 1 keeps the base requirement as a floor.',
        kind: 'number',
        unit: '×',
      },
      {
        path: 'margin.volatility.capMultiple',
        label: 'Cap',
        help: 'The haircut never goes above this multiple of its base value. A higher cap lets margins climb further in a crash, calling more accounts at once; at least the floor. 2 is assumed.',
        kind: 'number',
        unit: '×',
      },
      {
        path: 'margin.volatility.maxRisePerHour',
        label: 'Ramp limit',
        help: 'Largest rise of the haircut multiple per hour, so margins climb gradually instead of jumping; raising it lets the requirement jump in one step. 0.25 per hour is assumed.',
        kind: 'number',
        unit: '/h',
        nullLabel: 'No limit',
      },
      {
        path: 'margin.volatility.antiProcyclical.kind',
        label: 'Anti-procyclical tool',
        help: 'How clearing houses stop margins from jumping in stress (EMIR RTS 153/2013 art. 28): a buffer posted in calm times and spent first, or a stressed period that always counts in the volatility.',
        kind: 'variant',
        options: optionsOf({
          none: 'None',
          buffer: 'Buffer released in stress',
          'stressed-floor': 'Stressed-period weight',
        }),
      },
    );
    if (apc === 'buffer') {
      marginFields.push({
        path: 'margin.volatility.antiProcyclical.buffer',
        label: 'Buffer',
        help: 'Extra margin held over the computed requirement in calm times and used up first when volatility rises, so the posted requirement moves later and less. EMIR asks for at least 0.25 (25%).',
        kind: 'number',
      });
    } else if (apc === 'stressed-floor') {
      marginFields.push(
        {
          path: 'margin.volatility.antiProcyclical.stressedVolatility',
          label: 'Stressed volatility',
          help: 'Annualised volatility of a past stressed period that is always blended in, so a new stress raises margins less. ETH’s March 2020 weeks ran well above 1.5 (150%), assumed.',
          kind: 'number',
          unit: '/yr',
        },
        num(
          'margin.volatility.antiProcyclical.weight',
          'Stressed weight',
          'Weight of the stressed volatility in the blend; more weight means higher margins in calm times and smaller jumps in a crash. EMIR asks for at least 0.25.',
        ),
      );
    }
  }
  return {
    id: 'margin',
    title: 'Margin',
    intro: 'When an account is warned, and when it is liquidated.',
    fields: [...marginFields, ...haircutFields(context)],
  };
}
