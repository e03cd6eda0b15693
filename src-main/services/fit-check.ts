/**
 * Does a design fit a scenario? Checked BEFORE a run (issue 13, item 8), in the CLI, the app and
 * Compare alike. A design whose liquidation mechanism cannot act on the scenario's population is
 * refused, naming both and what to pick instead; one that runs but carries settings the market never
 * had (gas caps in 1987, an options book where there is none) runs with a warning.
 */
import type { Design } from '../engine/design.ts';
import type { Scenario } from '../engine/scenario.ts';
import { marketOf } from '../engine/scenario.ts';

export interface FitIssue {
  level: 'refuse' | 'warn';
  message: string;
}

const MECHANISM: Record<Design['liquidation']['kind'], string> = {
  'market-sale': 'fixed-discount market sales by keepers',
  'english-auction': 'English auctions bid by keepers',
  'dutch-auction': 'Dutch auctions taken by keepers',
  'stability-pool': 'a stability pool',
  'exchange-close':
    'an exchange’s own close-out, insurance fund and auto-deleveraging against the opposite side',
  'soft-liquidation':
    'soft liquidation in AMM bands (crvUSD’s LLAMMA) converted by arbitrageurs, hard liquidation by keepers below health 0',
};

const KEEPER_MECHANISMS = new Set(['market-sale', 'english-auction', 'dutch-auction']);

/** Every mismatch between a design and a scenario, refusals first. */
export function fitCheck(scenario: Scenario, design: Design): FitIssue[] {
  const out: FitIssue[] = [];
  const kind = design.liquidation.kind;
  const how = MECHANISM[kind];
  const named = `design “${design.id}” (${how})`;
  const perps = scenario.population.perps !== undefined;
  const noKeepers = scenario.keepers.count === 0 && scenario.keepers.lowballers === 0;
  if (KEEPER_MECHANISMS.has(kind) && noKeepers) {
    out.push({
      level: 'refuse',
      message: `${named} cannot act on scenario “${scenario.id}”: it needs keepers and there are none (${perps ? 'its population is a perpetual-futures book, closed out by the exchange itself' : 'nobody would liquidate'}); pick ${perps ? 'an exchange design' : 'a design that does not wait for keepers'} (e.g. ${scenario.historicalDesignId}${perps ? ', dydx-v4' : ''})`,
    });
  } else if (kind === 'soft-liquidation' && noKeepers) {
    out.push({
      level: 'warn',
      message: `${named} converts collateral in its bands through arbitrageurs, but scenario “${scenario.id}” has no keepers: an account whose health falls below 0 is never hard-liquidated, so its shortfall stays unrealised`,
    });
  }
  const refused = KEEPER_MECHANISMS.has(kind) && noKeepers;
  if (perps && kind !== 'exchange-close' && !refused) {
    out.push({
      level: 'warn',
      message: `${named} is a lending mechanism and scenario “${scenario.id}” is a perpetual-futures book: its longs are treated as loans, and there is no insurance fund or auto-deleveraging`,
    });
  } else if (!perps && kind === 'exchange-close') {
    out.push({
      level: 'warn',
      message: `${named} is a perpetual-exchange design and scenario “${scenario.id}” is loans: they are closed out as if they were positions, and auto-deleveraging has no opposite side to act against`,
    });
  }
  const market = marketOf(scenario);
  if (market.kind !== 'on-chain') {
    const onChain: string[] = [];
    if (kind === 'english-auction' || kind === 'dutch-auction')
      onChain.push('on-chain auctions and keeper bids');
    if (design.oracle.maxGasGwei != null)
      onChain.push(`an oracle that stops above ${design.oracle.maxGasGwei} gwei`);
    if (onChain.length > 0) {
      out.push({
        level: 'warn',
        message: `${named} relies on ${onChain.join(' and ')}; scenario “${scenario.id}” has no blockchain (${market.liquidators} liquidate there): gas is a nominal constant that never binds, and the auction rules run with them as bidders`,
      });
    }
  }
  if (design.options && !scenario.derivatives) {
    out.push({
      level: 'warn',
      message: `design “${design.id}” sets option margin and hedging rules, and scenario “${scenario.id}” has no options book: those settings do nothing here`,
    });
  }
  return out.sort((a, b) => (a.level === b.level ? 0 : a.level === 'refuse' ? -1 : 1));
}

/** The refusal of the first design that cannot act on the scenario, if any. */
export function fitRefusal(scenario: Scenario, designs: readonly Design[]): string | null {
  for (const d of designs) {
    const refused = fitCheck(scenario, d).find((i) => i.level === 'refuse');
    if (refused) return refused.message;
  }
  return null;
}

/** The warnings of a design on a scenario (what to tell the user beside the run). */
export function fitWarnings(scenario: Scenario, design: Design): string[] {
  return fitCheck(scenario, design)
    .filter((i) => i.level === 'warn')
    .map((i) => i.message);
}
