/**
 * Black Thursday, 12–13 March 2020, as an options crash: the same ETH path, venues, gas and Maker
 * vaults as black-thursday.ts, plus the crypto options market of the day — ETH option writers margined
 * in ETH itself (inverse, coin-margined, as on Deribit) and option dealers net short puts who delta-
 * hedge on the same venues. On a coin-margined book the crash cuts the writers' collateral exactly as
 * it raises what their short puts owe, and the dealers' hedges sell into the same fall: the second
 * loop of the options issue. Every number names its source or is marked as an assumption.
 */
import type { Scenario } from '../engine/scenario.ts';
import type { OptionsSpec } from '../engine/options/option-book.ts';
import { blackThursday } from './black-thursday.ts';

const DAY = 86_400;

/**
 * The options side (assumed sizes: public per-account data for Deribit in March 2020 does not exist).
 * Deribit listed ETH options with weekly, monthly and quarterly expiries; the March monthly expired on
 * 27 March 2020 (last Friday) and the quarterly on 26 June.
 */
export const ETH_OPTIONS_2020: OptionsSpec = {
  asset: 'ETH',
  riskFreeRate: 0,
  iv: {
    // Assumed: ETH 30-day ATM implied vol near 70–80% before the crash (Deribit ETH DVOL did not yet
    // exist; BTC implied vol roughly doubled during 12–13 March 2020 — assumed of the same order for ETH).
    baseVol: 0.75,
    skew: 0.1,
    stressBeta: 0.15,
    calmVol: 2,
    realisedHalfLifeSeconds: 4 * 3600,
    // Hourly returns: the 1-minute path between the authored 10-minute knots is bridged, and its
    // tick noise is not market volatility.
    returnIntervalSeconds: 3600,
    relaxHalfLifeSeconds: 2 * DAY,
    termPower: 0.3,
    floor: 0.2,
    cap: 3,
  },
  writers: {
    // Assumed: 3,000 writers selling 150,000 ETH of options, mostly puts 5–30% out of the money.
    count: 3_000,
    totalUnits: 150_000,
    sizeParetoAlpha: 1.5,
    strikeBins: [
      { from: 0.7, to: 0.85, weight: 1 },
      { from: 0.85, to: 0.97, weight: 2 },
    ],
    strikeStep: 0.025,
    expiries: [
      { days: 15, weight: 2 }, // 27 March 2020 monthly
      { days: 106, weight: 1 }, // 26 June 2020 quarterly
    ],
    putShare: 0.7,
    nakedShare: 0.7,
    // Deribit margined options in the underlying coin (inverse contracts).
    collateral: 'same-asset',
    // Assumed: writers post about twice the standard charge (the charge is the venue's minimum).
    initialMarginMultiple: 2,
    marginMultipleSigma: 0.25,
  },
  dealers: {
    // Assumed: market makers net short 100,000 ETH of March puts at 80% and 90% of the starting price,
    // re-hedging when their delta leaves a band of 5% of their option notional.
    gamma: 'short',
    units: 100_000,
    right: 'put',
    strikes: [
      { moneyness: 0.8, weight: 1 },
      { moneyness: 0.9, weight: 1 },
    ],
    expiryDays: 15,
    hedgePolicy: { kind: 'band', bandDelta: 0.05 },
  },
  insurers: {
    count: 0,
    insuredUsd: 0,
    rule: { kind: 'cppi', floorFraction: 0.8, multiplier: 3 },
    rebalanceBand: 0.01,
    rebalanceIntervalSeconds: 3600,
    maxSaleUsdPerSecond: null,
  },
};

export const blackThursdayOptions: Scenario = {
  ...blackThursday,
  id: 'black-thursday-options-2020',
  version: 2,
  title: 'Black Thursday — crypto options, 12–13 March 2020',
  summary:
    'The same crash seen from the options market: ETH option writers margined in ETH lost collateral value exactly as their short puts gained, and dealers short puts sold ETH to re-hedge as it fell. Maker’s vaults are liquidated as in the lending scenario; the options loops run on the same venues.',
  lesson:
    'Same-asset collateral and short gamma make one loop out of two: the fall that raises what a writer owes cuts what it holds, and every hedge sold to cover a short put pushes the price toward the next strike.',
  assets: blackThursday.assets,
  derivatives: ETH_OPTIONS_2020,
  historicalDesignId: 'maker-2020-flip-deribit',
  published: [
    // Black Thursday's own figures that carry a citation of their own.
    ...blackThursday.published.filter((p) => /https?:\/\/\S+/.test(p.source)),
    {
      figure: 'BitMEX XBT perpetual, 12–13 March 2020',
      value:
        '$7,353 at 10:00 UTC on 12 March → $3,978 by 02:00 on 13 March (low $3,596, about $400 below spot)',
      source: 'https://www.research.ledgerprime.com/p/cryptos-black-thursday-the-market',
    },
    {
      figure: 'BitMEX liquidations in the first leg (about 10:45 UTC, 12 March)',
      value: 'over $700 M of Bitcoin perpetuals',
      source: 'https://www.research.ledgerprime.com/p/cryptos-black-thursday-the-market',
    },
    {
      figure: 'Perpetual futures vs spot after the crash',
      value: 'traded at a 12% discount; BitMEX went offline for 25 minutes',
      source:
        'https://upnewsinfo.com/2021/05/17/is-bitcoin-nearing-another-black-thursday-crash-heres-what-btc-derivatives-suggest-by-cointelegraph/ (Cointelegraph)',
    },
  ],
  assumptions: [
    ...blackThursday.assumptions,
    'Options book (ETH_OPTIONS_2020): 3,000 writers, 150,000 ETH of options (70% puts, 70% naked), strikes 70–97% of the start, March monthly and June quarterly expiries, coin-margined at about 2× the standard per-position charge; dealers net short 100,000 ETH of March puts at 80% and 90%, re-hedged on a 5% delta band. Sizes are illustrative: no per-account Deribit data for March 2020 is public.',
    'Implied vol starts at 75% (ATM, 30 days) with a mild put skew and rises with realised stress (options/iv-surface.ts); the level before the crash is assumed.',
    'Option trades and hedges go to the same ETH venues as the Maker collateral sales (one market for spot and hedges; the futures basis is not modelled).',
  ],
  limits: [
    ...blackThursday.limits,
    'No per-account options data: the options side shows the mechanism (coin-margined writers, short-gamma dealers, IV feedback), not Deribit’s actual book; its figures are not validated against published options outcomes.',
    'BTC is not modelled: the published BitMEX figures describe the crypto derivatives crash of the day, not this ETH book.',
  ],
  sources: [
    ...blackThursday.sources,
    'https://www.research.ledgerprime.com/p/cryptos-black-thursday-the-market',
    'Deribit inverse (coin-margined) options: premiums and margin in the underlying coin (Deribit documentation)',
  ],
};
