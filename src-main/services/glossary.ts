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
      'The largest gap, in log price, between the replay of the historical design and the observed path. The exogenous path is backed out so that this replay reproduces the observed one exactly, for any depth, population or path: the residual is near zero by construction and is NOT evidence that the model agrees with history. What can fail is shown beside it: how far the backed-out fundamental falls against the observed fall (a fundamental that rises while the price fell is a warning), the largest impact, and the Validation panel’s published outcomes.',
  },
  {
    term: 'Circuit breaker',
    definition:
      'A rule that steps in after a fast fall: it pauses liquidations (or trading), or scales margins up or down, for a set time. US stock markets halt for 15 minutes after a 7% or 13% fall of the S&P 500 and for the day after 20% (NYSE Rule 7.12). A pause breaks the feedback loop for a while, at the price of leaving unsafe positions open while it lasts.',
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
      'One pool of collateral backing every position of an account. Gains on one position support losses on another and the free balance delays liquidation, but when it comes a loss anywhere can take everything the account holds. Its opposite is isolated margin.',
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
      'The part of a wave\u2019s price fall caused by the liquidations themselves rather than by outside news, measured against a counterfactual: the same run, on the same outside price path and seed, with the forced sales\u2019 price impact switched off from the wave\u2019s start. The share is the part of the fall that disappears. A wave with a high endogenous share is the cascade feeding on itself.',
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
      'How fast an option\u2019s hedge ratio (delta) changes as the price moves. Dealers who are short gamma must sell into falls and buy into rises to stay hedged, which makes moves larger. Cascade Lab states it as units of the underlying a dealer must trade per 1% move: \u201cshort 27,000 SPX per 1%\u201d means each further 1% fall forces about 27,000 index units of selling.',
  },
  {
    term: 'Delta hedging',
    definition:
      'Trading the underlying so that a book of options does not gain or lose from small price moves: a dealer holds minus the options\u2019 delta in the underlying and re-hedges as delta changes. Short-gamma dealers re-hedge by selling after falls, so their hedging is a forced seller like a liquidation; how often they re-hedge (on a clock, or when delta leaves a band) decides whether they sell early in small lots or late in large ones.',
  },
  {
    term: 'Gamma exposure map',
    definition:
      'For each price level, how much the hedgers would have to sell if the price fell a further 1% from there: dealers re-hedging their options plus portfolio insurers following their rule. Tall bars below the current price mark where a fall would feed on itself; Cascade Lab records the map every hour of a run.',
  },
  {
    term: 'Implied volatility feedback',
    definition:
      'Implied volatility (the volatility priced into options) rises when the market is stressed. Higher implied vol raises the value of the options writers are short and the margin they must post, so a fall calls option writers even before their strikes are reached \u2014 a loop through margins. In 1987 the VXO index of implied vol went from 36 to 150 in a day (CBOE).',
  },
  {
    term: 'Portfolio margin',
    slug: 'portfolio-margin',
    definition:
      'Margin set by the worst loss of a whole account over a grid of price and volatility moves, instead of a fixed charge per position. CME\u2019s SPAN tests 16 scenarios (the price moved by a third, two thirds and all of a scan range, vol up and down, plus two extreme moves); Deribit\u2019s portfolio margin tests moves of up to \u00b116%. It asks less of hedged accounts in calm times and much more when implied vol jumps. Also called SPAN or risk-based margin.',
  },
  {
    term: 'Portfolio insurance',
    definition:
      'A rule that protects a portfolio by selling as prices fall and buying as they rise: CPPI keeps exposure at a multiple of the cushion above a floor; a synthetic put replicates a protective put option with the Black\u2013Scholes delta. Each programme is prudent alone; together they are a forced seller. The Brady Report found insurers sold about $6 billion on 19 October 1987 while their models called for $12 billion more.',
  },
  {
    term: 'Inverse collateral',
    definition:
      'Collateral held in the asset the position is on (\u201ccoin-margined\u201d), as on Deribit where bitcoin options are margined in bitcoin. When the price falls, a short put\u2019s loss grows while the collateral covering it loses value, and liquidating the writer means selling more of that same asset into the fall. Stablecoin (or cash) collateral keeps its value and breaks that second loop.',
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
  {
    term: 'Stability pool',
    definition:
      'A pool of stablecoin deposits that repays a liquidated loan at once and receives its collateral in exchange (Liquity). Nothing is sold at the moment of liquidation; depositors earn the discount (a loan at 110% hands them about 10% more collateral than the debt they cancel) and sell the collateral later, at their own pace. When the pool runs dry, the protocol falls back to redistribution or a market sale.',
  },
  {
    term: 'Redistribution',
    definition:
      'What Liquity does when its stability pool cannot absorb a liquidated loan: the loan\u2019s debt and collateral are handed to every other borrower in proportion to their collateral. No collateral is sold, but every remaining account ends up a little less healthy.',
  },
  {
    term: 'Insurance fund',
    definition:
      'An exchange\u2019s reserve that pays for positions closed below their bankruptcy price (when the margin left cannot cover the loss), so winning traders are paid in full. It is filled by liquidation fees (dYdX charged up to 1.5% of the closed notional) and drawn down in a crash; once it is empty, losses go to auto-deleveraging.',
  },
  {
    term: 'Auto-deleveraging',
    definition:
      'ADL: when the insurance fund cannot cover a bankrupt position, the exchange closes part of the most profitable, most leveraged opposite positions at the bankrupt position\u2019s price. Winners lose part of their gains and their hedge without warning; on 10 October 2025 several exchanges, Hyperliquid among them, auto-deleveraged traders on a large scale.',
  },
  {
    term: 'Backstop vault',
    definition:
      'A protocol-owned vault that takes over positions too deep to close on the market and unwinds them over time (Hyperliquid\u2019s HLP takes over accounts whose equity falls below 2/3 of their maintenance margin). It spares the order book a fire sale; the vault\u2019s depositors carry the profit or loss.',
  },
  {
    term: 'Volatility-scaled margin',
    definition:
      'A margin requirement that rises and falls with the market\u2019s recent volatility, as exchanges and clearing houses set it. Quiet markets allow more leverage; a crash raises requirements just as prices fall, calling more accounts at once: the margin model becomes a second feedback loop.',
  },
  {
    term: 'Anti-procyclical margin',
    definition:
      'Tools that stop a volatility-based margin from jumping in a crash. EU clearing houses must use one of three (EMIR RTS 153/2013, art. 28): a buffer of at least 25% held in calm times and released in stress, at least 25% weight on stressed observations, or a ten-year look-back. Margins are higher in calm times and move less when it matters.',
  },
  {
    term: 'Partial liquidation',
    definition:
      'Selling only enough collateral to bring an account back to a safe ratio instead of closing it whole. Far less is sold into a falling market per account; the account stays open and can be liquidated again on the next drop.',
  },
  {
    term: 'Liquidity cap',
    definition:
      'A limit on how much collateral liquidations may sell per minute, as a multiple of the market\u2019s depth (the dollars that move the price 1%). Sales beyond it wait. The price falls more gently, but unsafe accounts stay open longer and can sink deeper.',
  },
  {
    term: 'Tiered liquidation',
    definition:
      'Selling a large lot in slices over time (a TWAP) instead of at once, as trading desks do with big orders. Each slice moves the price less; the rest of the lot waits, exposed to a market that may keep falling.',
  },
  {
    term: 'Grace period',
    definition:
      'Time an account must stay below its threshold before it can be liquidated, so a brief wick or a stale oracle does not close it. Aave v3 on layer-2 networks waits an hour after the sequencer comes back before it allows liquidations. Some accounts recover in that time; others sink deeper.',
  },
  {
    term: 'Soft liquidation',
    definition:
      'Liquidation as a gradual, reversible process instead of a single sale at a trigger (crvUSD’s LLAMMA). A loan’s collateral sits in price bands below its price; as the price falls through them, arbitrageurs convert it to the stablecoin bit by bit and sell the collateral on the market, and as the price rises they buy it back into the bands. The borrower keeps the loan but bears the conversion’s losses: the bands sell a little below the market on the way down and buy a little above it on the way up, more when the price moves fast against a smoothed oracle. A hard liquidation comes only when those losses leave the loan’s health below 0. In Cascade Lab the losses are shown as “losses to borrowers from soft liquidation”: what the venues paid or charged for the bands’ trades less what the bands received or paid, net of the fees they earned.',
  },
  {
    term: 'Band (soft liquidation)',
    slug: 'band',
    definition:
      'In a soft-liquidation AMM (crvUSD’s LLAMMA), one of the price ranges a loan’s collateral is spread over. Each band is 1/A wide (A = 100: 1%); a loan uses 4 to 50 of them, below its price. Above a band the collateral in it is untouched, below it the band holds only the stablecoin, and inside it a share is converted, growing as the price falls.',
  },
  {
    term: 'LLAMMA',
    definition:
      'Lending-Liquidating AMM Algorithm: the automated market maker behind crvUSD (Curve). Borrowers’ collateral is its liquidity, placed in bands; the AMM’s price in each band moves with the cube of a smoothed oracle price, so when the oracle falls the AMM offers collateral below the market and arbitrageurs take it (soft liquidation), and the reverse when it rises. Parameters: band width factor A, the AMM fee, the loan and liquidation discounts, and the bands per loan.',
    slug: 'llamma',
  },
  {
    term: 'Unrealised bad debt',
    definition:
      'What accounts that are underwater owe beyond the value of their collateral, before anyone has liquidated them: the loss is there, only not booked yet. Shown at the oracle price the protocol acts on and at the market price a sale would fetch, so that a design that liquidates nothing, and so books no bad debt, cannot look safe.',
  },
  {
    term: 'Isolated margin',
    definition:
      'Each position backed only by the margin put into it. A loss on one position cannot take the rest of the account, but each position is liquidated sooner than under cross-margin, because the free balance does not back it.',
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
