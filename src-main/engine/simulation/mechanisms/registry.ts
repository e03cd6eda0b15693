/**
 * The registry of liquidation mechanisms: one entry per `liquidation.kind` of the design schema
 * (design.ts). Adding a mechanism is one module implementing LiquidationMechanism (mechanism.ts) and
 * one line here (plus its variant in the design schema).
 */
import type { LiquidationDesign } from '../../design.ts';
import type { World } from '../world.ts';
import { DutchAuction } from './dutch-auction.ts';
import { EnglishAuction } from './english-auction.ts';
import { ExchangeClose } from './exchange-close.ts';
import { SoftLiquidation } from './llamma.ts';
import { MarketSale } from './market-sale.ts';
import type { LiquidationMechanism } from './mechanism.ts';
import { StabilityPool } from './stability-pool.ts';

type Factories = {
  [K in LiquidationDesign['kind']]: (
    w: World,
    spec: Extract<LiquidationDesign, { kind: K }>,
  ) => LiquidationMechanism;
};

export const MECHANISMS: Factories = {
  'market-sale': (w, spec) => new MarketSale(w, spec),
  'english-auction': (w, spec) => new EnglishAuction(w, spec),
  'dutch-auction': (w, spec) => new DutchAuction(w, spec),
  'stability-pool': (w, spec) => new StabilityPool(w, spec),
  'exchange-close': (w, spec) => new ExchangeClose(w, spec),
  'soft-liquidation': (w, spec) => new SoftLiquidation(w, spec),
};

/** The mechanism of the world's design. */
export function createMechanism(w: World): LiquidationMechanism {
  const spec = w.design.liquidation;
  const create = MECHANISMS[spec.kind] as (w: World, spec: LiquidationDesign) => LiquidationMechanism;
  return create(w, spec);
}
