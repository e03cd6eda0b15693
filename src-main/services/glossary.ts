/**
 * The glossary the app shows next to its charts: plain-language definitions, written for someone
 * who has never run a lending protocol. Kept in alphabetical order by term; slugs are stable (the
 * renderer links to them).
 */
import type { GlossaryEntry } from '../contract/api.ts';

const entries: ReadonlyArray<Omit<GlossaryEntry, 'slug'> & { slug?: string }> = [
  {
    term: 'Amplification',
    definition:
      'How much worse the crash got because of forced selling. In Cascade Lab it is the simulated drawdown divided by the drawdown of the fundamental (exogenous) path: 1 means liquidations added nothing, 1.5 means the fall was half again as deep.',
  },
  {
    term: 'Bad debt',
    definition:
      'Debt that nobody will repay: the collateral behind a loan was sold for less than the loan, and the borrower is gone. The protocol has to cover the hole from its reserves, by printing and selling its own token, or by spreading the loss over its users.',
  },
  {
    term: 'Calibration residual',
    definition:
      'How far the replay of the historical design strays from the price path that was actually observed, as the largest gap in log price over the run. A small residual means the model reproduces history, so differences between designs come from the designs rather than from a bad fit.',
  },
  {
    term: 'Circuit breaker',
    definition:
      'A rule that pauses trading, or pauses liquidations, when prices move too far too fast. It buys time for buyers to arrive, at the price of leaving risky positions open while the market is halted.',
  },
  {
    term: 'Close factor',
    definition:
      'The largest share of an unhealthy loan a liquidator may repay in one go (Compound used 50%). A smaller close factor sells less collateral at once, but an account can be liquidated again on the next drop.',
  },
  {
    term: 'Collateral call path dependency',
    definition:
      'The outcome depends on the order and timing of the price moves, not only on where the price ends. The same 40% fall delivered in one hour or over two days triggers different calls, different forced sales, and so a different crash.',
  },
  {
    term: 'Covered call automation',
    definition:
      'A vault that sells call options against coins it already holds, rolling them automatically. Its hedging and rebalancing run on a schedule, so many such vaults can trade in the same direction at the same moment.',
  },
  {
    term: 'Cross-margin',
    definition:
      'One pool of collateral backing every position of an account. Gains on one position support losses on another, but a loss anywhere can force the sale of everything the account holds.',
  },
  {
    term: 'Debt auction',
    definition:
      'When reserves cannot cover bad debt, the protocol mints new governance tokens and sells them for stablecoins to fill the gap. Existing token holders pay through dilution; Maker did this after Black Thursday.',
  },
  {
    term: 'Dutch auction',
    definition:
      'An auction that starts at a high price and lowers it over time; the first bidder to accept the current price takes the lot at once. Maker switched to Dutch "clip" auctions in 2021 because they settle quickly and need no bidding war.',
  },
  {
    term: 'Endogenous share',
    definition:
      'The part of a price fall caused by the liquidations themselves rather than by outside news. A wave with a high endogenous share is the cascade feeding on itself.',
  },
  {
    term: 'English auction',
    definition:
      'An auction where bidders raise the price in turns and the highest bid wins when the bidding stops. Maker\u2019s 2020 "flip" auctions worked this way, and they failed when few keepers could bid during network congestion.',
  },
  {
    term: 'Feedback loop',
    definition:
      'A chain of cause and effect that comes back to its start: prices fall, accounts are liquidated, their collateral is sold, the sales push prices down further, more accounts are liquidated.',
  },
  {
    term: 'Gamma',
    definition:
      'How fast an option\u2019s hedge ratio changes as the price moves. Dealers who are short gamma must sell into falls and buy into rises to stay hedged, which makes moves larger.',
  },
  {
    term: 'Keeper',
    definition:
      'An independent bot that watches the protocol and earns fees by starting liquidations, bidding in auctions and settling them. Keepers need capital and cheap, fast transactions; in a congested crash they may be missing exactly when they are needed.',
  },
  {
    term: 'Liquidation cascade',
    definition:
      'A run of forced sales in which each wave of liquidations pushes the price down far enough to trigger the next wave.',
  },
  {
    term: 'Liquidation penalty',
    definition:
      'An extra charge a liquidated borrower pays on top of the debt, taken from the collateral. It pays keepers and the protocol for the trouble and discourages borrowers from letting positions fail.',
  },
  {
    term: 'Margin call',
    definition:
      'A warning that an account\u2019s collateral is running thin: add collateral or repay debt, or the position will be closed for you. Whether and how fast borrowers answer shapes how much gets sold by force.',
  },
  {
    term: 'Naked call writing',
    definition:
      'Selling call options without owning the underlying asset. The seller\u2019s possible loss has no ceiling, so a sharp rise can force them to buy in a hurry, the mirror image of a liquidation cascade.',
  },
  {
    term: 'Oracle delay',
    definition:
      'The lag between a price move on the market and the moment the protocol\u2019s price feed reports it. A delay stops a brief spike from triggering liquidations, but it also lets positions sit underwater and then liquidates them all at once when the feed catches up.',
  },
  {
    term: 'OSM (Oracle Security Module)',
    slug: 'osm',
    definition:
      'Maker\u2019s price-feed buffer: it releases each price one hour after reading it, so governance has time to react to a manipulated feed. It also means liquidations act on an hour-old price.',
  },
  {
    term: 'Real-time margin',
    definition:
      'Checking every account against current prices continuously instead of once a day. Problems are caught early and in small pieces, but sales happen during the crash rather than after it.',
  },
  {
    term: 'Zero-bid auction',
    definition:
      'An auction won with a bid of (almost) nothing because no one else managed to bid. On Black Thursday keepers won millions of dollars of ETH for zero DAI while congestion kept other bidders out, leaving the protocol with bad debt.',
  },
  {
    term: 'Health',
    definition:
      'How far an account is from liquidation: the value of its collateral at the oracle price divided by its debt times the liquidation ratio. Above 1 it is safe; at 1 it can be liquidated. A health of 1.2 means the oracle price can fall about 17% before liquidation.',
  },
  {
    term: 'Trigger price',
    definition:
      'The oracle price at which an account becomes liquidatable: debt × liquidation ratio ÷ collateral. Cascade Lab keeps every account filed by its trigger price, so it finds the accounts a falling price reaches without checking them all.',
  },
  {
    term: 'Wave',
    definition:
      'A burst of liquidations: a run of steps with liquidation activity, with gaps of at most a few minutes. A crash often comes in several waves, each started by a new oracle price or by the price impact of the wave before.',
  },
  {
    term: 'Liquidation map',
    definition:
      'How much debt would be liquidated at each price level below the current one. A tall bar just below the price is a cliff: a small further fall liquidates a lot at once.',
  },
  {
    term: 'Recovery rate',
    definition:
      'What the protocol got back from liquidations, as a share of what the seized collateral was worth at the oracle price when it was seized. Zero-bid auctions pull it towards zero; a well-run auction recovers close to the debt plus penalty.',
  },
  {
    term: 'Leverage',
    definition:
      'Exposure per unit of own capital. With a liquidation ratio of 150% a borrower can hold at most 3 times their own capital in collateral (1.5 ÷ 0.5): the maximum leverage a design allows is its capital efficiency, and the price of that efficiency is how little the price must fall before liquidation.',
  },
];

/** The slug of a term: lowercase words joined by dashes (explicit slugs win). */
export function slugOf(term: string): string {
  return term
    .toLowerCase()
    .replace(/\(.*?\)/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Every glossary entry, alphabetical by term. */
export const GLOSSARY: readonly GlossaryEntry[] = entries
  .map((e) => ({ term: e.term, slug: e.slug ?? slugOf(e.term), definition: e.definition }))
  .sort((a, b) => a.term.localeCompare(b.term, 'en'));
