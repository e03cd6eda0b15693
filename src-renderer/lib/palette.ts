/** Chart colours per theme (the CSS variables in app.css mirror the UI colours). */
export type ThemeMode = 'light' | 'dark';

export interface Palette {
  text: string;
  muted: string;
  grid: string;
  cursor: string;
  waveBand: string;
  observed: string;
  fundamental: string;
  price: string;
  oracle: string;
  venues: string[];
  liquidation: string;
  auction: string;
  deleverage: string;
  badDebt: string;
  surplus: string;
  debtAuction: string;
  /** The backstop flow (pool or vault selling what it took over) and the backstop balances. */
  backstop: string;
  /** Option dealers' delta hedges, portfolio insurers' trades, implied and realised vol. */
  hedging: string;
  insurance: string;
  /** Soft liquidation (LLAMMA bands' conversions, through arbitrageurs). */
  soft: string;
  iv: string;
  realisedVol: string;
  pool: string;
  fund: string;
  vault: string;
  /** Liquidation ratio in force (second axis), ADL markers, circuit-breaker shading. */
  ratio: string;
  adl: string;
  breakerBand: string;
  /** The gas price, the keepers able to transact, and the stretches where the oracle could not post. */
  gas: string;
  keepers: string;
  blockedBand: string;
  healthBad: string;
  healthWarn: string;
  healthOk: string;
  /** One colour per design in Compare (baseline first). */
  designs: string[];
}

export const PALETTES: Record<ThemeMode, Palette> = {
  light: {
    text: '#1f2933',
    muted: '#616e7c',
    grid: '#e4e7eb',
    cursor: '#1f2933',
    waveBand: 'rgba(224, 49, 49, 0.08)',
    observed: '#9aa5b1',
    fundamental: '#2b8a3e',
    price: '#1864ab',
    oracle: '#d9480f',
    venues: ['#74c0fc', '#b197fc', '#63e6be', '#ffa8a8'],
    liquidation: '#c92a2a',
    auction: '#e67700',
    deleverage: '#6741d9',
    badDebt: '#c92a2a',
    surplus: '#2b8a3e',
    debtAuction: '#6741d9',
    backstop: '#0c8599',
    hedging: '#2f9e44',
    insurance: '#8f5b2e',
    soft: '#e64980',
    iv: '#862e9c',
    realisedVol: '#868e96',
    pool: '#1971c2',
    fund: '#2f9e44',
    vault: '#ae3ec9',
    ratio: '#e8590c',
    adl: '#c92a2a',
    breakerBand: 'rgba(245, 159, 0, 0.18)',
    gas: '#5f3dc4',
    keepers: '#0c8599',
    blockedBand: 'rgba(217, 72, 15, 0.13)',
    healthBad: '#e03131',
    healthWarn: '#f59f00',
    healthOk: '#37b24d',
    designs: ['#1864ab', '#d9480f', '#2b8a3e', '#862e9c'],
  },
  dark: {
    text: '#e4e7eb',
    muted: '#9aa5b1',
    grid: '#323f4b',
    cursor: '#f5f7fa',
    waveBand: 'rgba(255, 107, 107, 0.12)',
    observed: '#7b8794',
    fundamental: '#69db7c',
    price: '#4dabf7',
    oracle: '#ff922b',
    venues: ['#1c7ed6', '#7950f2', '#12b886', '#fa5252'],
    liquidation: '#ff6b6b',
    auction: '#ffa94d',
    deleverage: '#9775fa',
    badDebt: '#ff6b6b',
    surplus: '#69db7c',
    debtAuction: '#b197fc',
    backstop: '#3bc9db',
    hedging: '#8ce99a',
    insurance: '#d9a066',
    soft: '#f783ac',
    iv: '#da77f2',
    realisedVol: '#adb5bd',
    pool: '#4dabf7',
    fund: '#69db7c',
    vault: '#da77f2',
    ratio: '#ff922b',
    adl: '#ff6b6b',
    breakerBand: 'rgba(252, 196, 25, 0.16)',
    gas: '#b197fc',
    keepers: '#3bc9db',
    blockedBand: 'rgba(255, 146, 43, 0.16)',
    healthBad: '#ff6b6b',
    healthWarn: '#fcc419',
    healthOk: '#51cf66',
    designs: ['#4dabf7', '#ff922b', '#69db7c', '#da77f2'],
  },
};
