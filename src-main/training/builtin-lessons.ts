/**
 * The built-in lessons. Each is grounded in a scenario of the crash library and in the seed theory
 * of the margin-call loop. Their text carries no bare figures: numbers come from the engine's run
 * (`engine` figures, predictions, goals measured on the run) or are published figures quoted from the
 * scenario with their source (`published` figures). A lesson whose mechanism the engine does not have
 * is listed as "coming", with no steps behind it (none at present).
 */
import { builtinsById } from '../engine/lazy-map.ts';
import { NO_MODIFIERS } from '../engine/design.ts';
import { PRESETS } from '../engine/presets.ts';
import type { Lesson } from './lesson.ts';
import { parseLesson } from './lesson.ts';

/** A circuit breaker that pauses new liquidations for `durationSeconds` after a 10% fall within an hour. */
function breaker(durationSeconds: number) {
  return { dropFraction: 0.1, windowSeconds: 3600, action: 'pause', haircutMultiplier: 1, durationSeconds };
}

/** A preset's liquidation mechanism (its parameters are sourced in engine/presets.ts). */
const mechanismOf = (id: string) => structuredClone(PRESETS.get(id)!.liquidation);

const BT = 'black-thursday-2020';
const base = { format: 'cascade-lab.lesson', schemaVersion: 1, version: 1 } as const;

// Made when the lessons are first read: the presets it quotes (mechanismOf) are parsed then, not at
// every start of the app or the command line.
const lessons = (): unknown[] => [
  {
    ...base,
    id: 'black-thursday-loop',
    title: 'The loop itself — Black Thursday',
    summary:
      'Step through MakerDAO on 12–13 March 2020: predict what the next wave will do, see why it happened, then change one parameter so the same crash leaves no hole.',
    theory:
      'A margin-call loop: a falling price trips liquidations, liquidations put collateral up for sale, and when the machinery that turns collateral back into debt repayment fails (here: auctions in congested blocks), the protocol is left with bad debt.',
    status: 'ready',
    scenarioId: BT,
    designId: 'maker-2020-flip',
    seed: 1,
    sources: ['Scenario black-thursday-2020 and its published figures (see the Library).'],
    steps: [
      {
        id: 'the-day',
        kind: 'narration',
        title: 'The crash you are about to replay',
        at: { at: 'start' },
        text: 'On 12 March 2020 ETH fell by about half in a day and a half. MakerDAO vaults borrowing DAI against ETH were liquidated in waves. The price chart shows the observed path; the replay runs the protocol as it was designed that day on exactly that path.',
        points: ['price'],
        figures: [
          { kind: 'published', figure: 'ETH/USD low on 03-12' },
          { kind: 'published', figure: 'ETH low of the episode' },
        ],
      },
      {
        id: 'waves',
        kind: 'narration',
        title: 'What a wave is',
        at: { at: 'before-wave', wave: 1 },
        text: 'A vault is liquidated when its collateral, valued at the oracle price, falls below its debt times the liquidation ratio. The liquidation map shows how many vaults would trip at each price; each time the oracle crosses a dense band, a wave of liquidations starts. The engine found this many waves in this run:',
        points: ['liquidation-map', 'waves'],
        figures: [
          { kind: 'engine', measure: { of: 'run', metric: 'wave-count' }, label: 'waves in this run' },
        ],
      },
      {
        id: 'predict-big-wave',
        kind: 'predict',
        title: 'Predict the midday wave',
        at: { at: 'before-wave', wave: 9 },
        question:
          'The oracle is about to cross the densest band of triggers. How much ETH will be sold onto the market during the next wave (by liquidations, auction winners and vault owners deleveraging)?',
        answer: {
          kind: 'number',
          measure: { of: 'next-wave', metric: 'units-sold' },
          relativeTolerance: 0.5,
          unitLabel: 'ETH',
        },
        explanation:
          'English auctions do not sell at once: collateral is locked in an auction, and keepers who win it sell it afterwards. So the ETH sold in a wave lags the liquidations that started it — and while it is being sold it pushes the price into the next band of triggers.',
        points: ['flows', 'price'],
      },
      {
        id: 'predict-zero-bids',
        kind: 'predict',
        title: 'Predict the zero bids',
        at: { at: 'wave-end', wave: 9 },
        question:
          'Gas prices are far above what keeper bots were set to pay. By the end of the crash, what share of the settled auctions will have been won with a bid of zero?',
        answer: {
          kind: 'choice',
          measure: { of: 'run', metric: 'zero-bid-share' },
          options: [
            { id: 'few', label: 'Under 10%', max: 0.1 },
            { id: 'some', label: '10% to 30%', min: 0.1, max: 0.3 },
            { id: 'many', label: '30% or more', min: 0.3 },
          ],
        },
        reveal: { at: 'end' },
        explanation:
          'An English auction accepts the first bid if nobody outbids it before the bid duration ends. Keeper bots with gas caps could not get their bids into blocks; the few bidders who paid any gas bid almost nothing and won.',
        points: ['gas', 'shortfall'],
      },
      {
        id: 'zero-bids',
        kind: 'narration',
        title: 'Why the protocol was left with a hole',
        at: { at: 'end' },
        text: 'A zero-bid auction hands the vault’s ETH to the bidder and repays none of its debt: that debt becomes bad debt, covered first by the surplus buffer and then by minting MKR. Compare what was published with what this replay produced (the model’s assumptions explain the difference; see the Library).',
        points: ['shortfall'],
        figures: [
          { kind: 'published', figure: 'Share of liquidations won with zero bids' },
          { kind: 'published', figure: 'Value of ETH won with zero bids' },
          { kind: 'published', figure: 'Maker protocol loss (uncollateralised DAI)' },
          { kind: 'engine', measure: { of: 'run', metric: 'zero-bid-share' } },
          { kind: 'engine', measure: { of: 'run', metric: 'bad-debt-usd' } },
        ],
      },
      {
        id: 'fix-keepers',
        kind: 'try-it',
        title: 'Try it: let keepers bid',
        at: { at: 'end' },
        prompt:
          'Keeper bots capped the gas they would pay, so congested blocks left auctions to one-wei bidders. Set the keepers’ median gas cap so that bad debt ends below $1 M on the same crash.',
        field: 'keepers.gasCapMedianGwei',
        input: { kind: 'number', min: 10, max: 500, step: 10, unitLabel: 'gwei' },
        goal: {
          label: 'bad debt below $1 M',
          measure: { of: 'run', metric: 'bad-debt-usd' },
          op: '<',
          value: 1_000_000,
        },
        hint: 'Look at the published gas figure for that afternoon, and at the Gas and keepers chart beside this card (and in the Replay view): how far above the keepers’ median cap did gas go, and how many keepers could still transact?',
        explanation:
          'With bids that get into blocks, auctions are contested and clear near the market price: the same crash liquidates as many vaults, but the debt is repaid. Maker’s 2021 answer changed the auction itself instead (Dutch auctions with flash settlement), so it no longer depends on keepers’ capital and gas settings.',
      },
      {
        id: 'debrief',
        kind: 'debrief',
        title: 'Debrief',
        text: 'Your predictions against what the engine measured on this run, and the design change that closed the hole. Next: the oracle’s delay, and what auctions need to work under stress.',
      },
    ],
  },
  {
    ...base,
    id: 'oracle-delay-osm',
    title: 'Oracle delay — the one-hour OSM and its gap',
    summary:
      'Maker’s Oracle Security Module releases each price an hour late. Watch the gap open between the oracle and the market, predict which side of it the next wave starts on, then try another delay.',
    theory:
      'A delayed oracle holds liquidations back while the market falls, then releases them all at once an hour later — at prices the market has already left behind. Delay trades manipulation resistance against liquidations that start late and land together.',
    status: 'ready',
    scenarioId: BT,
    designId: 'maker-2020-flip',
    seed: 1,
    sources: [
      'OSM hop = 1 hour: https://docs.makerdao.com/smart-contract-modules/oracle-module/oracle-security-module-osm-detailed-documentation',
    ],
    steps: [
      {
        id: 'osm',
        kind: 'narration',
        title: 'Two prices',
        at: { at: 'start' },
        text: 'The price chart shows the market price and the oracle price the protocol liquidates on. Maker’s OSM reads the median of its feeds and releases that value only at the next hop, one hop later. Feeds also could not post when gas was high: the gas chart shades those stretches. Follow the two lines as the crash starts.',
        points: ['price', 'oracle', 'gas'],
        figures: [{ kind: 'published', figure: 'Gas, 60th percentile' }],
      },
      {
        id: 'predict-gap',
        kind: 'predict',
        title: 'Which side of the market?',
        at: { at: 'before-wave', wave: 9 },
        question: 'When the next wave starts, where will the oracle price be compared with the market price?',
        answer: {
          kind: 'choice',
          measure: { of: 'next-wave', metric: 'oracle-gap' },
          options: [
            { id: 'below', label: 'More than 2% below the market', max: -0.02 },
            { id: 'same', label: 'Within 2% of the market', min: -0.02, max: 0.02 },
            { id: 'above', label: 'More than 2% above the market', min: 0.02 },
          ],
        },
        explanation:
          'In a falling market a delayed oracle shows a price that is already gone. Vaults that are underwater at the market price are still safe at the oracle price — until the next hop releases the fall all at once.',
        points: ['price', 'oracle'],
      },
      {
        id: 'gap-seen',
        kind: 'narration',
        title: 'The gap, measured',
        at: { at: 'wave-start', wave: 9 },
        text: 'This is how far above the market the oracle stood when the wave began. Every vault between the two prices was already insolvent at the market but not yet liquidatable.',
        points: ['oracle', 'liquidation-map'],
        figures: [{ kind: 'engine', measure: { of: 'wave', wave: 9, metric: 'oracle-gap' } }],
      },
      {
        id: 'shorter-hop',
        kind: 'try-it',
        title: 'Try it: change the delay',
        at: { at: 'end' },
        prompt:
          'Change the OSM hop (how long each price is held back) so that bad debt falls below what the historical design produced on this crash.',
        field: 'oracle.transform.hopSeconds',
        input: { kind: 'number', min: 60, max: 7200, step: 60, unitLabel: 's' },
        goal: {
          label: 'bad debt below the historical design’s',
          measure: { of: 'run', metric: 'bad-debt-usd' },
          op: '<=',
          baselineFactor: 0.97,
        },
        explanation:
          'A shorter hop starts liquidations closer to the market price, but on the real Black Thursday path the hop matters less than it seems and not in one direction: most of the hole comes from auctions left to zero bids by keepers priced out by gas, which no oracle setting fixes, and a different hop mostly moves when the auctions start against the gas spikes (with keepers’ rates per second, a 90-minute hop does better on this seed than a 5-minute one). The cost of a short hop is the protection the delay gives against a manipulated feed.',
      },
      {
        id: 'debrief',
        kind: 'debrief',
        title: 'Debrief',
        text: 'Your prediction of the gap and the hop you chose, against the engine’s measurements.',
      },
    ],
  },
  {
    ...base,
    id: 'auctions-keepers',
    title: 'Auctions and keepers — zero-bid wins and Dutch auctions',
    summary:
      'Why English auctions failed under congestion, how many ended at a zero bid, and what a longer bid window changes; then how Dutch auctions remove the problem.',
    theory:
      'An auction is only as good as its bidders: when bidding costs more than bots will pay, an ascending auction with a short window clears at whatever the one bidder offers. A descending (Dutch) auction with instant settlement needs no standing capital and no bid war.',
    status: 'ready',
    scenarioId: BT,
    designId: 'maker-2020-flip',
    seed: 1,
    sources: [
      'Maker liquidation 2.0: https://docs.makerdao.com/smart-contract-modules/dog-and-clipper-detailed-documentation',
    ],
    steps: [
      {
        id: 'flip',
        kind: 'narration',
        title: 'How a flip auction works',
        at: { at: 'start' },
        text: 'In Maker’s 2020 design a liquidated vault’s ETH is sold in lots by English auction: keepers bid DAI, each bid must beat the last by a minimum increment, and the auction ends when no one outbids within the bid duration. The shortfall chart shows what the auctions fail to recover.',
        points: ['shortfall'],
      },
      {
        id: 'predict-zero-count',
        kind: 'predict',
        title: 'How many zero bids?',
        at: { at: 'wave-start', wave: 10 },
        question: 'Over the whole crash, how many auctions will be won with a bid of zero?',
        answer: {
          kind: 'number',
          measure: { of: 'run', metric: 'zero-bid-auctions' },
          relativeTolerance: 0.5,
          unitLabel: 'auctions',
        },
        reveal: { at: 'end' },
        explanation:
          'Each zero-bid auction gives the collateral away and repays nothing: its whole debt becomes bad debt.',
        points: ['shortfall'],
      },
      {
        id: 'dutch',
        kind: 'narration',
        title: 'What Maker changed',
        at: { at: 'end' },
        text: 'Maker’s 2021 clip auctions start above the oracle price and fall until someone takes the lot; a take can settle through a DEX inside the same transaction, so keepers need no capital and there is no bidding window to win with a zero bid. Open the Compare view to replay the same crash with maker-2021-clip.',
        points: ['shortfall'],
        figures: [
          { kind: 'published', figure: 'Debt auctions' },
          { kind: 'engine', measure: { of: 'run', metric: 'bad-debt-usd' } },
        ],
      },
      {
        id: 'longer-window',
        kind: 'try-it',
        title: 'Try it: a longer bid window',
        at: { at: 'end' },
        prompt:
          'Keep the English auction but change its bid duration so that at most 60% as many auctions end at a zero bid as under the historical design.',
        field: 'liquidation.bidDurationSeconds',
        input: { kind: 'number', min: 300, max: 43200, step: 300, unitLabel: 's' },
        goal: {
          label: 'zero-bid auctions at most 60% of the historical design’s',
          measure: { of: 'run', metric: 'zero-bid-auctions' },
          op: '<=',
          baselineFactor: 0.6,
        },
        explanation:
          'A longer window gives keepers whose bids are stuck in congested blocks time to get in, so fewer auctions close on the first lowball bid. Maker raised the bid duration after Black Thursday for that reason.',
      },
      {
        id: 'switch-mechanism',
        kind: 'try-it',
        title: 'Try it: change the auction',
        at: { at: 'end' },
        prompt:
          'Now replace the whole liquidation mechanism (everything else stays as it was in 2020) so that no auction ends at a zero bid.',
        field: 'liquidation',
        input: {
          kind: 'choice',
          options: [
            { label: 'English auction — Maker 2020 flip (as it was)', value: mechanismOf('maker-2020-flip') },
            { label: 'Dutch auction — Maker 2021 clip', value: mechanismOf('maker-2021-clip') },
          ],
        },
        goal: {
          label: 'no auction won at a zero bid',
          measure: { of: 'run', metric: 'zero-bid-auctions' },
          op: '<=',
          value: 0,
        },
        explanation:
          'A Dutch auction starts above the market and falls until a keeper takes the lot; with flash settlement a take needs no capital, and there is no bidding window for a zero bid to win.',
      },
      {
        id: 'debrief',
        kind: 'debrief',
        title: 'Debrief',
        text: 'Your prediction of the zero-bid count and the bid window you chose, against the engine’s measurements.',
      },
    ],
  },
  {
    ...base,
    id: 'same-asset-cliffs',
    title: 'Same-asset collateral and liquidation cliffs — stETH, June 2022',
    summary:
      'stETH borrowed against ETH should never need liquidating — until the pool that prices it drains. See how a small discount tips leveraged loops over a cliff, then move the cliff.',
    theory:
      'When collateral and debt are nearly the same asset, loops run at high loan-to-value. Their health barely moves until the collateral slips below its peg; then many positions sit at the same threshold and go over together, selling into the same thin pool.',
    status: 'ready',
    scenarioId: 'steth-discount-2022',
    designId: 'aave-v2-steth-2022',
    seed: 1,
    sources: ['Scenario steth-discount-2022 and its published figures (see the Library).'],
    steps: [
      {
        id: 'discount',
        kind: 'narration',
        title: 'A discount, not a crash',
        at: { at: 'start' },
        text: 'This replay prices stETH in ETH. Nothing happens to ETH itself: the price chart is the discount. Aave let stETH be borrowed against at a high loan-to-value because the two were meant to trade at par.',
        points: ['price'],
        figures: [
          { kind: 'published', figure: 'stETH/ETH on 10 June' },
          { kind: 'published', figure: 'stETH/ETH low on 11 June' },
        ],
      },
      {
        id: 'predict-cliff',
        kind: 'predict',
        title: 'Predict the first wave',
        at: { at: 'before-wave', wave: 1 },
        question: 'How many accounts will the next wave liquidate?',
        answer: {
          kind: 'number',
          measure: { of: 'next-wave', metric: 'accounts' },
          relativeTolerance: 0.5,
          absoluteTolerance: 2,
          unitLabel: 'accounts',
        },
        explanation:
          'Looped positions cluster at the same loan-to-value, so their triggers cluster at the same discount: the liquidation map has a cliff, not a slope.',
        points: ['liquidation-map', 'health'],
      },
      {
        id: 'move-cliff',
        kind: 'try-it',
        title: 'Try it: move the cliff',
        at: { at: 'end' },
        prompt:
          'Change the liquidation ratio (collateral value per unit of debt below which a loan is liquidated) so that at most half as many accounts are liquidated as under the historical design.',
        field: 'margin.liquidationRatio',
        input: { kind: 'number', min: 1.02, max: 1.5, step: 0.01 },
        goal: {
          label: 'at most half the historical design’s liquidated accounts',
          measure: { of: 'run', metric: 'accounts-liquidated' },
          op: '<=',
          baselineFactor: 0.5,
        },
        explanation:
          'The same population meets a threshold in a different place: the cliff moves. Where it should sit is a trade between capital efficiency (how much can be borrowed) and how deep a discount the pool can absorb.',
      },
      {
        id: 'debrief',
        kind: 'debrief',
        title: 'Debrief',
        text: 'Your prediction of the cliff and the ratio you chose, against the engine’s measurements.',
      },
    ],
  },
  {
    ...base,
    id: 'backstops-breakers',
    title: 'Backstops and circuit breakers',
    summary:
      'What pausing liquidations after a fast fall does to Black Thursday: a short pause only bunches the wave, a long one can let the price come back — while the protocol carries the risk.',
    theory:
      'A circuit breaker cuts the loop between forced sales and the price by stopping the sales for a while; it moves the loss in time rather than removing it, so it helps only if the price recovers during the pause. A backstop (a stability pool, a protocol vault) absorbs the positions instead, at the cost of capital standing by.',
    status: 'ready',
    scenarioId: BT,
    designId: 'maker-2020-flip',
    seed: 1,
    sources: [
      'Circuit breakers as modelled: engine design v2 modifiers (a pause of new liquidations after the oracle falls by a fraction within a window).',
    ],
    steps: [
      {
        id: 'halts',
        kind: 'narration',
        title: 'Stopping the loop',
        at: { at: 'start' },
        text: 'Stock exchanges halt trading after fast falls; a lending protocol can do the same to its liquidations. While the breaker is on, no new vault is liquidated, so no collateral is forced onto the market — but vaults below their liquidation ratio stay open.',
        points: ['price'],
      },
      {
        id: 'predict-fall',
        kind: 'predict',
        title: 'How far will the next wave fall?',
        at: { at: 'before-wave', wave: 10 },
        question:
          'The night of 12–13 March. From its start to its low, how far will the market price fall during the next wave?',
        answer: {
          kind: 'choice',
          measure: { of: 'next-wave', metric: 'price-drop' },
          options: [
            { id: 'small', label: 'Less than 10%', max: 0.1 },
            { id: 'medium', label: '10% to 25%', min: 0.1, max: 0.25 },
            { id: 'large', label: '25% or more', min: 0.25 },
          ],
        },
        explanation:
          'A fall this fast is what a breaker is set to catch. Whether catching it helps depends on what the price does while the breaker holds.',
        points: ['price', 'flows'],
      },
      {
        id: 'move-in-time',
        kind: 'narration',
        title: 'A loss moved, not removed',
        at: { at: 'wave-end', wave: 10 },
        text: 'Pausing liquidations does not make an underwater vault whole: it waits. If the price comes back during the pause, the vault survives; if the price keeps falling, it is liquidated later, deeper under water, and the hole is larger. Compare the largest wave’s bad debt with the run’s.',
        points: ['shortfall'],
        figures: [
          {
            kind: 'engine',
            measure: { of: 'wave', wave: 10, metric: 'accounts' },
            label: 'vaults liquidated in that wave',
          },
          {
            kind: 'engine',
            measure: { of: 'largest-wave', metric: 'bad-debt-usd' },
            label: 'bad debt from the largest wave',
          },
          { kind: 'engine', measure: { of: 'run', metric: 'bad-debt-usd' } },
          { kind: 'published', figure: 'ETH low of the episode' },
        ],
      },
      {
        id: 'add-breaker',
        kind: 'try-it',
        title: 'Try it: add a circuit breaker',
        at: { at: 'end' },
        prompt:
          'Give Maker’s 2020 design a circuit breaker that pauses new liquidations after the oracle falls 10% within an hour. Choose how long the pause lasts so that bad debt ends at most half of what the design without a breaker produced.',
        field: 'modifiers',
        input: {
          kind: 'choice',
          options: [
            { label: 'No circuit breaker (as in 2020)', value: { ...NO_MODIFIERS } },
            { label: 'Pause for 1 hour', value: { ...NO_MODIFIERS, circuitBreaker: breaker(3600) } },
            { label: 'Pause for 6 hours', value: { ...NO_MODIFIERS, circuitBreaker: breaker(21_600) } },
          ],
        },
        goal: {
          label: 'bad debt at most half of the design without a breaker',
          measure: { of: 'run', metric: 'bad-debt-usd' },
          op: '<=',
          baselineFactor: 0.5,
        },
        explanation:
          'A short pause ends while the price is still low, and the paused vaults are liquidated together into the same congested auctions. A long pause outlasted the worst of this crash and the price came back first — on this path. On a crash that keeps falling, the same pause would have left a bigger hole; a backstop that takes positions over needs no such luck, but needs capital standing by.',
      },
      {
        id: 'debrief',
        kind: 'debrief',
        title: 'Debrief',
        text: 'Your prediction of the fall and the breaker you chose, against the engine’s measurements.',
      },
    ],
  },
  {
    ...base,
    id: 'gamma-hedging',
    title: 'Gamma and hedging flows — crypto options on Black Thursday',
    summary:
      'The same crash seen from the options market: dealers short puts sell ETH to stay hedged as it falls, and writers margined in ETH lose collateral just as their puts gain. Turn the hedging off and see what it added.',
    theory:
      'A short put’s delta grows as the price falls (gamma), so a dealer who stays delta-neutral must sell more the further the price falls — a forced flow like a liquidation, but one that starts before anyone is insolvent. Where the writers’ collateral is the asset itself, the fall cuts what they hold exactly when it raises what they owe.',
    status: 'ready',
    scenarioId: 'black-thursday-options-2020',
    designId: 'maker-2020-flip-deribit',
    seed: 1,
    sources: [
      'Scenario black-thursday-options-2020: the options book is illustrative (its assumptions say so); the crypto derivatives figures of the day are published figures with their sources.',
    ],
    steps: [
      {
        id: 'two-loops',
        kind: 'narration',
        title: 'Two loops on one price',
        at: { at: 'start' },
        text: 'This replay runs Maker’s vaults of Black Thursday and, on the same ETH venues, an options market: writers who sold puts and calls with ETH as collateral, and dealers net short puts who re-hedge whenever their delta drifts. The flows chart shows their hedging as its own colour.',
        points: ['price', 'flows'],
        figures: [{ kind: 'published', figure: 'BitMEX XBT perpetual, 12–13 March 2020' }],
      },
      {
        id: 'predict-amplification',
        kind: 'predict',
        title: 'How much do the forced flows add?',
        at: { at: 'before-wave', wave: 1 },
        question:
          'Liquidations and hedges together: by how much will the simulated fall exceed the exogenous one (the amplification: simulated drawdown ÷ exogenous drawdown)?',
        answer: {
          kind: 'choice',
          measure: { of: 'run', metric: 'amplification' },
          options: [
            { id: 'none', label: 'Less than 1%', max: 1.01 },
            { id: 'some', label: '1% to 5%', min: 1.01, max: 1.05 },
            { id: 'much', label: '5% or more', min: 1.05 },
          ],
        },
        explanation:
          'Deep books absorb most of it on this path; what the forced flows change most is where the price sits when the next thresholds are reached.',
        points: ['price', 'flows'],
      },
      {
        id: 'gamma-map',
        kind: 'narration',
        title: 'Where the hedging bites',
        at: { at: 'wave-end', wave: 1 },
        text: 'The gamma map shows, at each price level, how much the dealers would have to sell if the price fell a further one per cent from there: it peaks near the strikes of the puts they are short. A fall that reaches those strikes forces the most hedging, in the very steps the vaults are being liquidated.',
        points: ['flows'],
        figures: [
          { kind: 'engine', measure: { of: 'run', metric: 'amplification' } },
          { kind: 'engine', measure: { of: 'run', metric: 'accounts-liquidated' } },
        ],
      },
      {
        id: 'hedging-off',
        kind: 'try-it',
        title: 'Try it: switch the dealers’ hedging off',
        at: { at: 'end' },
        prompt:
          'Cut the gamma loop: let the dealers keep their options unhedged. Choose the setting that makes the amplification of the fall smaller than with hedging.',
        field: 'options.dealerHedging',
        input: {
          kind: 'choice',
          options: [
            { label: 'Dealers delta-hedge (as in the market)', value: true },
            { label: 'Dealers do not hedge', value: false },
          ],
        },
        goal: {
          label: 'amplification below the hedged run’s',
          measure: { of: 'run', metric: 'amplification' },
          op: '<=',
          baselineFactor: 0.999,
        },
        explanation:
          'Without hedging, the dealers’ losses stay on their books instead of being sold into the market: the fall is shallower. Real dealers cannot simply stop — the exposure is the cost of being short gamma; venues cut the loop with position limits, wider margins for short options, or by making dealers hedge less often.',
      },
      {
        id: 'debrief',
        kind: 'debrief',
        title: 'Debrief',
        text: 'Your estimate of what the forced flows added and the setting you chose, against the engine’s measurements.',
      },
    ],
  },
  {
    ...base,
    id: 'portfolio-insurance-1987',
    title: '1987 portfolio insurance',
    summary:
      'Portfolio insurers replicating protective puts sold into the 19 October 1987 fall by rule. Replay the day, estimate how much of the fall was their selling, then hold them still.',
    theory:
      'A synthetic put is a rule: hold less of the index the lower it goes. Every insurer following it sells into a fall, the selling lowers the price, and the rule asks for more — the margin-call loop without a margin call, decades before DeFi.',
    status: 'ready',
    scenarioId: 'black-monday-1987',
    designId: 'reg-t-1987',
    seed: 1,
    sources: [
      'Scenario black-monday-1987: S&P 500 daily bars (Yahoo Finance ^GSPC), the intraday shape from the published DJIA path, and Brady Report figures, with their sources in the scenario.',
    ],
    steps: [
      {
        id: 'the-day',
        kind: 'narration',
        title: 'Monday, 19 October 1987',
        at: { at: 'start' },
        text: 'After a week of falls, the S&P index had its largest one-day fall on record. Portfolio insurers — programmes that replicate a protective put by selling index futures and stocks as prices fall — sold into it by rule, and their models called for far more than the market could take.',
        points: ['price', 'flows'],
        figures: [{ kind: 'published', figure: 'S&P 500, 19 Oct 1987' }],
      },
      {
        id: 'predict-share',
        kind: 'predict',
        title: 'How much of the fall was the loop?',
        at: { at: 'before-wave', wave: 1 },
        question:
          'The replay backs out the exogenous path, then runs the insurers, margin accounts and option writers on it. How much larger is the simulated fall than the exogenous one (simulated drawdown ÷ exogenous drawdown)?',
        answer: {
          kind: 'choice',
          measure: { of: 'run', metric: 'amplification' },
          options: [
            { id: 'small', label: 'Less than 1.5×', max: 1.5 },
            { id: 'large', label: '1.5× to 2.5×', min: 1.5, max: 2.5 },
            { id: 'huge', label: '2.5× or more', min: 2.5 },
          ],
        },
        explanation:
          'How large this is depends on the index’s depth, which no source pins down; the replay states its assumption. The Brady Report named portfolio-insurance selling as a main driver without a number.',
        points: ['price', 'flows'],
      },
      {
        id: 'hold-still',
        kind: 'try-it',
        title: 'Try it: hold the insurers still',
        at: { at: 'end' },
        prompt:
          'Keep everything else and let the portfolio insurers hold what they have. Choose the setting that cuts the amplification of the fall by at least a tenth.',
        field: 'options.insurersActive',
        input: {
          kind: 'choice',
          options: [
            { label: 'Insurers follow their rule (as in 1987)', value: true },
            { label: 'Insurers hold still', value: false },
          ],
        },
        goal: {
          label: 'amplification at least a tenth lower than the run with insurers',
          measure: { of: 'run', metric: 'amplification' },
          op: '<=',
          baselineFactor: 0.9,
        },
        explanation:
          'Without the rule’s selling, the simulated fall comes closer to the exogenous one. How much of the fall is the loop rests on the depth assumed for the 1987 market (the scenario states it and the validation runs a range); with a depth that lets the fundamental fall as the index did, the insurers add a part of the fall, not most of it. After 1987, exchanges added circuit breakers and price limits, and portfolio insurance as a product largely disappeared.',
      },
      {
        id: 'debrief',
        kind: 'debrief',
        title: 'Debrief',
        text: 'Your estimate of the loop’s share and the setting you chose, against the engine’s measurements.',
      },
    ],
  },
];

/** Built-in lessons by id, validated when first read (a bad built-in fails the tests that read it). */
export const BUILTIN_LESSONS: ReadonlyMap<string, Lesson> = builtinsById(
  lessons,
  parseLesson,
  'builtin lesson',
);
