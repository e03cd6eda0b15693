/**
 * The Liquidation group: the mechanism (market sale, English or Dutch auction, stability pool,
 * exchange close, soft liquidation in bands) and the parameters of the chosen one.
 */
import type { FieldGroup, FieldSpec } from '../field-spec.ts';
import { getPath, num, optionsOf, seconds } from '../field-spec.ts';

export function liquidationGroup(design: unknown): FieldGroup {
  const mechanism = String(getPath(design, 'liquidation.kind') ?? 'english-auction');
  const liqFields: FieldSpec[] = [
    {
      path: 'liquidation.kind',
      label: 'Mechanism',
      help: 'How an unsafe account is closed: its collateral sold at a discount, auctioned, absorbed by a stability pool, its position closed by the exchange with an insurance fund behind it, or converted gradually in price bands (soft liquidation) with a hard liquidation only when health falls below 0.',
      kind: 'variant',
      options: optionsOf({
        'market-sale': 'Market sale at a fixed discount (Compound)',
        'english-auction': 'English auction, rising bids (Maker flip)',
        'dutch-auction': 'Dutch auction, falling price (Maker clip)',
        'stability-pool': 'Stability pool absorbs the debt (Liquity)',
        'exchange-close': 'Exchange closes at market, insurance fund, ADL (perpetuals)',
        'soft-liquidation': 'Soft liquidation in price bands (crvUSD LLAMMA)',
      }),
    },
  ];
  const byMechanism: Record<string, (design: unknown) => FieldSpec[]> = {
    'market-sale': marketSaleFields,
    'english-auction': englishFields,
    'dutch-auction': dutchFields,
    'stability-pool': stabilityPoolFields,
    'exchange-close': exchangeCloseFields,
    'soft-liquidation': softLiquidationFields,
  };
  liqFields.push(...(byMechanism[mechanism]?.(design) ?? []));
  return {
    id: 'liquidation',
    title: 'Liquidation',
    intro: 'How an unsafe account’s collateral is sold, and who absorbs the loss first.',
    fields: liqFields,
  };
}

/** crvUSD's LLAMMA: collateral in bands, converted by arbitrageurs as the oracle moves through them. */
function softLiquidationFields(_design: unknown): FieldSpec[] {
  return [
    num(
      'liquidation.bandWidthFactor',
      'Band width factor A',
      'Each band is 1/A wide in price (crvUSD WETH: A = 100, bands 1% wide). Narrower bands convert over a smaller price range.',
    ),
    num(
      'liquidation.bands',
      'Bands per loan',
      'How many bands each loan’s collateral is spread over, below its price (crvUSD allows 4 to 50; 10 assumed). More bands convert more gradually but allow a smaller loan.',
    ),
    num(
      'liquidation.fee',
      'AMM fee',
      'Fee arbitrageurs pay the bands on each conversion (crvUSD WETH 0.6%). The bands earn it; arbitrageurs trade only when the price gap beats it.',
    ),
    num(
      'liquidation.loanDiscount',
      'Loan discount',
      'A loan’s bands are placed so that its collateral, less this share, covers the debt (crvUSD WETH 9%). Sets how much can be borrowed.',
    ),
    num(
      'liquidation.liquidationDiscount',
      'Liquidation discount',
      'Hard liquidation when the bands’ value less this share no longer covers the debt, i.e. health below 0 (crvUSD WETH 6%). The gap to the loan discount is the buffer that band losses eat.',
    ),
  ];
}

/** Compound-style sale at a fixed discount. */
function marketSaleFields(_design: unknown): FieldSpec[] {
  const fields: FieldSpec[] = [];
  fields.push(
    {
      path: 'liquidation.closeFactor',
      label: 'Close factor',
      help: 'Share of the debt a liquidator may repay at once (Compound 0.5).',
      kind: 'number',
    },
    num(
      'liquidation.bonus',
      'Liquidation bonus',
      'Extra collateral the liquidator gets, as a fraction of what it repays (Compound 0.08).',
    ),
  );
  return fields;
}

/** Maker 2020 flip: rising bids. */
function englishFields(_design: unknown): FieldSpec[] {
  const fields: FieldSpec[] = [];
  fields.push(
    num(
      'liquidation.penalty',
      'Penalty',
      'Added to the debt the auction must raise (Maker chop − 1 = 0.13).',
    ),
    {
      path: 'liquidation.lotSize',
      label: 'Lot size',
      help: 'Most collateral in one auction, asset units (Maker lump = 50 ETH).',
      kind: 'number',
      unit: 'units',
    },
    num(
      'liquidation.minIncrement',
      'Minimum bid increase',
      'Each bid must beat the last by this fraction (Maker beg − 1 = 0.03).',
    ),
    seconds(
      'liquidation.bidDurationSeconds',
      'Bid duration',
      'The auction ends this long after its last bid (Maker ttl = 600 s).',
    ),
    seconds(
      'liquidation.maxDurationSeconds',
      'Maximum duration',
      'The auction ends this long after it starts (Maker tau = 3 days).',
    ),
  );
  return fields;
}

/** Maker 2021 clip: a falling price, resets, keeper incentives. */
function dutchFields(design: unknown): FieldSpec[] {
  const decay = String(getPath(design, 'liquidation.decay.kind') ?? 'stairstep-exponential');
  const fields: FieldSpec[] = [];
  fields.push(
    num(
      'liquidation.penalty',
      'Penalty',
      'Added to the debt the auction must raise (Maker chop − 1 = 0.13).',
    ),
    {
      path: 'liquidation.startBuffer',
      label: 'Start buffer',
      help: 'Starting price = oracle price × this (Maker buf = 1.30).',
      kind: 'number',
      unit: '×',
    },
    {
      path: 'liquidation.decay.kind',
      label: 'Price decay',
      help: 'How the asking price falls over time.',
      kind: 'variant',
      options: optionsOf({
        'stairstep-exponential': 'Stair-step: × cut every step',
        linear: 'Linear to zero',
        exponential: 'Smooth exponential',
      }),
    },
  );
  if (decay === 'stairstep-exponential') {
    fields.push(
      seconds(
        'liquidation.decay.stepSeconds',
        'Decay step',
        'The price falls once every this long (Maker step = 90 s).',
      ),
      {
        path: 'liquidation.decay.cut',
        label: 'Cut',
        help: 'Multiplier applied every step (Maker cut = 0.99).',
        kind: 'number',
      },
    );
  } else if (decay === 'linear') {
    fields.push(
      seconds('liquidation.decay.durationSeconds', 'Duration', 'The price reaches zero after this long.'),
    );
  } else if (decay === 'exponential') {
    fields.push(
      seconds('liquidation.decay.halfLifeSeconds', 'Half-life', 'The price halves every this long.'),
    );
  }
  fields.push(
    seconds(
      'liquidation.resetAfterSeconds',
      'Reset after',
      'Restart the auction at a fresh price after this long (Maker tail = 8400 s).',
    ),
    num(
      'liquidation.resetBelowRatio',
      'Reset below',
      'Restart when price ÷ start price falls below this (Maker cusp = 0.40).',
    ),
    {
      path: 'liquidation.lotSize',
      label: 'Lot size',
      help: 'Most collateral in one auction, asset units (Maker clip sells each vault whole: 1e12).',
      kind: 'number',
      unit: 'units',
    },
    {
      path: 'liquidation.maxActiveTabUsd',
      label: 'Active auction limit',
      help: 'No new auction while the debt in running auctions exceeds this (Maker hole = 30 M DAI).',
      kind: 'number',
      unit: 'USD',
    },
    {
      path: 'liquidation.keeperTipUsd',
      label: 'Keeper tip',
      help: 'Flat payment to the keeper per kick or reset (Maker tip = 300 DAI).',
      kind: 'number',
      unit: 'USD',
    },
    num(
      'liquidation.keeperChip',
      'Keeper chip',
      'Payment to the keeper as a fraction of the debt (Maker chip = 0.001).',
    ),
    {
      path: 'liquidation.flashLiquidity',
      label: 'Flash liquidity',
      help: 'Takers settle through a DEX inside the take, so they need no capital of their own.',
      kind: 'boolean',
    },
  );
  return fields;
}

/** Liquity: deposits absorb the debt; redistribution or a market sale when empty. */
function stabilityPoolFields(design: unknown): FieldSpec[] {
  const whenEmpty = String(getPath(design, 'liquidation.whenEmpty') ?? 'redistribute');
  const fields: FieldSpec[] = [];
  fields.push(
    {
      path: 'liquidation.depositsUsd',
      label: 'Pool deposits',
      help: 'Stablecoins in the pool at the start. The pool repays a liquidated account’s debt at once and takes its collateral, so nothing is sold at the moment of liquidation; deeper deposits keep that going longer before the pool runs dry. Liquity kept most of its LUSD in the pool (size assumed).',
      kind: 'number',
      unit: 'USD',
    },
    {
      path: 'liquidation.gasCompensationUsd',
      label: 'Gas compensation',
      help: 'Flat payment to whoever calls the liquidation, so callers act even when gas is dear; it comes out of the account, not the pool. Liquity: 200 LUSD.',
      kind: 'number',
      unit: 'USD',
    },
    num(
      'liquidation.gasCompensationFraction',
      'Collateral to the caller',
      'Share of the liquidated collateral paid to the caller on top of the flat amount; what is left goes to the pool. Liquity: 0.005 (0.5%).',
    ),
    seconds(
      'liquidation.sellOffHalfLifeSeconds',
      'Sell-off half-life',
      'Depositors sell the collateral they received, half of what they hold per half-life. Longer spreads the selling out (less impact now) but leaves depositors holding a falling asset. 3600 s assumed.',
    ),
    num(
      'liquidation.reinvestFraction',
      'Reinvested share',
      'Share of the sale proceeds depositors put back into the pool; more keeps the pool deep through later waves. 0.5 assumed.',
    ),
    {
      path: 'liquidation.whenEmpty',
      label: 'When the pool is empty',
      help: 'Liquity redistributes the debt and collateral of an account the pool cannot absorb to every other account (no sale, but everyone’s ratio falls); the alternative is a market sale at a discount, which feeds the loop.',
      kind: 'choice',
      options: optionsOf({
        redistribute: 'Redistribute to the other accounts (Liquity)',
        'market-sale': 'Sell at market with a discount',
      }),
    },
  );
  if (whenEmpty === 'market-sale') {
    fields.push(
      {
        path: 'liquidation.fallbackCloseFactor',
        label: 'Fallback close factor',
        help: 'Share of the debt a liquidator may repay at once when the pool is empty (Compound 0.5).',
        kind: 'number',
      },
      num(
        'liquidation.fallbackBonus',
        'Fallback bonus',
        'Extra collateral the fallback liquidator gets, as a fraction of what it repays (Compound 0.08).',
      ),
    );
  }
  return fields;
}

/** Perpetuals: close at market, insurance fund, backstop vault, sliced closes, ADL. */
function exchangeCloseFields(design: unknown): FieldSpec[] {
  const fields: FieldSpec[] = [];
  const vault = getPath(design, 'liquidation.backstopVault');
  const partial = getPath(design, 'liquidation.partialClose');
  fields.push(
    {
      path: 'liquidation.liquidationFee',
      label: 'Liquidation fee',
      help: 'Fee on the closed notional, paid from what equity is left into the insurance fund. A higher fee fills the fund faster and leaves less to the trader. dYdX charges up to 0.015 (1.5%).',
      kind: 'number',
    },
    {
      path: 'liquidation.insuranceFundUsd',
      label: 'Insurance fund',
      help: 'Fund at the start that pays the negative equity of positions closed below their bankruptcy price. A larger fund delays auto-deleveraging. Size assumed: exchanges publish theirs.',
      kind: 'number',
      unit: 'USD',
    },
    {
      path: 'liquidation.autoDeleverage',
      label: 'Auto-deleverage when the fund is empty',
      help: 'Once the fund is exhausted, close the most profitable, most leveraged opposite positions at the bankrupt price (Hyperliquid, dYdX, Binance). Off: the loss stays as bad debt.',
      kind: 'boolean',
    },
    {
      path: 'liquidation.backstopVault',
      label: 'Backstop vault',
      help: 'A protocol-owned vault (Hyperliquid’s HLP) takes over positions too deep to close on the market and unwinds them over time: less selling at the worst moment, but the vault carries the loss.',
      kind: 'toggle',
    },
  );
  if (vault) {
    fields.push(
      num(
        'liquidation.backstopVault.belowMaintenanceFraction',
        'Takes over below',
        'The vault takes over a position whose equity is below this fraction of its maintenance margin; higher means it steps in earlier and more often. Hyperliquid: 2/3 (0.66).',
      ),
      {
        path: 'liquidation.backstopVault.capitalUsd',
        label: 'Vault capital',
        help: 'The vault’s own capital: it takes no position that would make its equity negative (its equity plus the position’s must stay ≥ 0). Assumed.',
        kind: 'number',
        unit: 'USD',
      },
      {
        path: 'liquidation.backstopVault.maxHoldingUsd',
        label: 'Vault risk limit',
        help: 'The most the vault holds at once, at the oracle price: once full, positions go to the book and, when the insurance fund is empty, bankrupt ones to auto-deleveraging. Lower means ADL starts sooner. The hyperliquid-2025 preset uses $20M (tuned to the October 2025 ADL onset, not published).',
        kind: 'number',
        unit: 'USD',
      },
      seconds(
        'liquidation.backstopVault.unwindHalfLifeSeconds',
        'Unwind half-life',
        'The vault sells half of what it holds per half-life; longer spreads the selling out but keeps the vault exposed. 3600 s assumed.',
      ),
    );
  }
  fields.push({
    path: 'liquidation.partialClose',
    label: 'Close large positions in slices',
    help: 'Positions above a size are closed a slice at a time with a pause between slices, so one large close does not crash the book. Hyperliquid: above 100k USDC, 20%, 30 s.',
    kind: 'toggle',
  });
  if (partial) {
    fields.push(
      {
        path: 'liquidation.partialClose.aboveUsd',
        label: 'Slice above',
        help: 'Positions with more notional than this are closed in slices (Hyperliquid 100k).',
        kind: 'number',
        unit: 'USD',
      },
      {
        path: 'liquidation.partialClose.fraction',
        label: 'Slice',
        help: 'Share of the position closed per slice (Hyperliquid 0.2); smaller slices sell less at once.',
        kind: 'number',
      },
      seconds(
        'liquidation.partialClose.cooldownSeconds',
        'Between slices',
        'Wait between two slices of the same position (Hyperliquid 30 s); longer gives the book time to refill.',
      ),
    );
  }
  return fields;
}
