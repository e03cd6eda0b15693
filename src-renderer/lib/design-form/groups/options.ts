/**
 * The Options group: option writers' margin model, dealers' hedging policy and a switch for each
 * loop; with a read-only note on the writers' collateral (a fact of the scenario).
 */
import type { DerivativesCard } from '../../contract.ts';
import type { DesignContext, FieldGroup, FieldSpec, Templates } from '../field-spec.ts';
import { getPath, num, optionsOf, seconds } from '../field-spec.ts';

const COLLATERAL_TEXT = {
  'same-asset':
    'Writers post the underlying itself (coin-margined, “inverse”, as on Deribit): when the price falls, their collateral loses value exactly as a short put’s loss grows, and liquidating them sells more of the underlying — a loop of its own.',
  stable:
    'Writers post stablecoins (USD): a fall only raises their short options’ loss; the collateral keeps its value and a liquidation buys options back without selling the underlying.',
} as const;

/** The read-only note on writers' collateral: a fact of the scenario, not a design field. */
function collateralNote(d: DerivativesCard | null | undefined): { label: string; text: string } {
  const other =
    'Collateral type is set by the scenario’s option writers, not by the design: the crypto options scenario (black-thursday-options) uses same-asset collateral; Black Monday 1987 uses stable (cash) collateral. Compare the two scenarios to see the difference.';
  if (!d) return { label: 'Writers’ collateral', text: `Set by the scenario. ${other}` };
  const kind = d.writersCollateral === 'same-asset' ? `same-asset (${d.asset})` : 'stable (USD)';
  return {
    label: 'Writers’ collateral',
    text: `${kind}. ${COLLATERAL_TEXT[d.writersCollateral]} ${other}`,
  };
}

/**
 * The "Options" group, for scenarios with derivatives (or a design that already has an options
 * block): writers' margin model, dealers' hedging, and a switch for each loop. An absent block reads
 * as the engine's options (main's templates).
 */
export function optionsGroup(
  design: unknown,
  context: DesignContext,
  templates: Templates,
): FieldGroup | null {
  const d = context.derivatives ?? null;
  if (!d && getPath(design, 'options') == null) return null;
  const read = (path: string): string =>
    String(getPath(design, path) ?? getPath(templates.absent.options, path.slice('options.'.length)) ?? '');
  const marginKind = read('options.marginModel.kind');
  const gridKind = String(getPath(design, 'options.marginModel.grid.kind') ?? 'span');
  const hedging = getPath(design, 'options.hedging');
  const hedgingKind = hedging == null ? 'scenario' : String(getPath(design, 'options.hedging.kind'));
  const fields: FieldSpec[] = [
    {
      path: 'options.marginModel.kind',
      label: 'Writers’ margin model',
      help: 'Per position: each short option needs a fixed share of the underlying (CBOE’s naked-option rule; Deribit’s standard margin has the same shape). Portfolio: the worst loss over a grid of price and implied-vol moves (CME SPAN, Deribit portfolio margin) — it charges less in calm times and jumps when implied vol rises, calling writers in the middle of a crash.',
      kind: 'variant',
      options: optionsOf({
        'per-position': 'Per position (CBOE, Deribit standard)',
        portfolio: 'Portfolio (SPAN / Deribit PM grid)',
      }),
    },
  ];
  if (marginKind === 'per-position') {
    fields.push(
      num(
        'options.marginModel.shortOptionBase',
        'Charge on the underlying',
        'Each short option needs this share of the underlying’s value, less the amount it is out of the money (CBOE: 0.20; Deribit standard maintenance ≈ 0.15). Higher means fewer, safer writers and fewer liquidations in a fall.',
      ),
      num(
        'options.marginModel.shortOptionFloor',
        'Minimum charge',
        'Never less than this share of the strike (puts) or the underlying (calls), however far out of the money (CBOE and Deribit: 0.10).',
      ),
      num(
        'options.marginModel.futuresMaintenance',
        'Futures maintenance',
        'Maintenance on futures and perpetual positions in the same account, share of notional (0.05 assumed).',
      ),
    );
  } else {
    fields.push(
      {
        path: 'options.marginModel.grid.kind',
        label: 'Risk grid',
        help: 'SPAN (CME): 16 scenarios — the price unchanged or moved by ⅓, ⅔ and all of the scan range, each with vol up and down, plus two extreme moves partly counted. Deribit PM: price moves spread evenly over ±range, each with vol up, unchanged and down.',
        kind: 'variant',
        options: optionsOf({ span: 'SPAN (CME)', 'deribit-pm': 'Deribit portfolio margin' }),
      },
      num(
        'options.marginModel.shortOptionMinimum',
        'Short-option minimum',
        'Every net short option needs at least this share of the underlying, so deep out-of-the-money shorts are never free (SPAN’s short-option minimum; 0.005 assumed).',
      ),
    );
    if (gridKind === 'span') {
      fields.push(
        {
          path: 'options.marginModel.grid.priceScanRange',
          label: 'Price scan range',
          help: 'Largest price move the grid tests, share of the price (the S&P 500 in 1987 terms ≈ 0.10, assumed). Wider means more margin and fewer liquidations.',
          kind: 'number',
        },
        num(
          'options.marginModel.grid.volScanRange',
          'Vol scan range',
          'Implied vol is moved up and down by this share of itself in each scenario (0.25 assumed). Higher makes the margin more sensitive to volatility.',
        ),
        {
          path: 'options.marginModel.grid.extremeMoveMultiple',
          label: 'Extreme move',
          help: 'The two extreme scenarios move the price this many scan ranges (CME: 3).',
          kind: 'number',
          unit: '×',
        },
        num(
          'options.marginModel.grid.extremeCoverFraction',
          'Extreme loss counted',
          'Share of the extreme scenarios’ loss that counts toward the margin (CME: 0.35).',
        ),
      );
    } else {
      fields.push(
        {
          path: 'options.marginModel.grid.priceRange',
          label: 'Price range',
          help: 'Largest price move tested up and down, share of the price (Deribit: 0.16).',
          kind: 'number',
        },
        {
          path: 'options.marginModel.grid.buckets',
          label: 'Price points',
          help: 'Number of price moves from −range to +range inclusive (Deribit: 9, i.e. steps of 4%).',
          kind: 'number',
        },
        {
          path: 'options.marginModel.grid.volUpShock',
          label: 'Vol shock up',
          help: 'Relative rise of implied vol tested at 30 days to expiry (0.38 assumed); larger means more margin against a vol spike.',
          kind: 'number',
        },
        num(
          'options.marginModel.grid.volDownShock',
          'Vol shock down',
          'Relative fall of implied vol tested at 30 days to expiry (0.30 assumed).',
        ),
        {
          path: 'options.marginModel.grid.termPower',
          label: 'Term power',
          help: 'Vol shocks scale with (30 days ÷ days to expiry)^power, so short-dated options get bigger shocks (Deribit’s older rule: 0.3).',
          kind: 'number',
        },
      );
    }
  }
  fields.push({
    path: 'options.hedging.kind',
    label: 'Dealers’ hedging policy',
    help: `When dealers re-hedge their options’ delta: their own habit in the scenario${
      d?.dealers ? ` (${d.dealers.hedgePolicy})` : ''
    }, when their net delta leaves a band, or on a fixed clock. Short-gamma dealers sell into a fall each time they re-hedge: hedging more often sells sooner in smaller lots, a wide band sells later in bigger ones.`,
    kind: 'variant',
    nullVariant: 'scenario',
    options: optionsOf({
      scenario: 'Scenario default',
      band: 'When delta leaves a band',
      interval: 'On a fixed interval',
    }),
  });
  if (hedgingKind === 'band')
    fields.push(
      num(
        'options.hedging.bandDelta',
        'Hedge band',
        'Dealers re-hedge to zero when their net delta exceeds this share of their option notional (0.05 assumed). Wider: fewer, larger hedging trades.',
      ),
    );
  else if (hedgingKind === 'interval')
    fields.push(
      seconds(
        'options.hedging.seconds',
        'Re-hedge every',
        'Dealers re-hedge to zero delta on this clock (a step or less: every step). 1800 s assumed for 1987 desks.',
      ),
    );
  fields.push(
    {
      path: 'options.dealerHedging',
      label: 'Dealers delta-hedge',
      help: 'Off cuts the gamma loop: dealers keep their options unhedged and never trade the underlying.',
      kind: 'boolean',
    },
    {
      path: 'options.insurersActive',
      label: 'Portfolio insurers follow their rule',
      help: 'Off cuts the portfolio-insurance loop: insurers hold what they have instead of selling as the price falls (the Brady Report’s culprit of 1987).',
      kind: 'boolean',
    },
    {
      path: 'options.ivFeedback',
      label: 'Implied vol reacts to stress',
      help: 'On: implied vol rises with realised volatility, raising option marks and margins in a crash. Off: it stays at its calm base, which cuts the volatility loop.',
      kind: 'boolean',
    },
    num(
      'options.liquidationPenalty',
      'Writer liquidation penalty',
      'Charged on top of the buy-back of a liquidated writer’s options, share of the buy-back (0.02 assumed). Higher takes more of a writer’s collateral; with same-asset collateral it means more sold.',
    ),
  );
  return {
    id: 'options',
    title: 'Options',
    intro: d
      ? `This scenario has options on ${d.asset}: ${[
          d.writers > 0 ? `${d.writers.toLocaleString('en-US')} option writers` : null,
          d.dealers ? `${d.dealers.gamma}-gamma dealers` : null,
          d.insurers ? `portfolio insurers (${d.insurers.rule})` : null,
        ]
          .filter(Boolean)
          .join(', ')}. Each loop can be turned off on its own.`
      : 'Option writers’ margin, dealers’ hedging and portfolio insurers (used by scenarios with derivatives).',
    fields,
    note: collateralNote(d),
  };
}
