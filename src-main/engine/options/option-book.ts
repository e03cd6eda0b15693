/**
 * The options side of the engine, one import path for what the rest of the app uses: the spec and
 * design schemas (spec.ts), the layer's report types (layer-types.ts) and the derivatives layer
 * (derivatives-layer.ts, with writers.ts, dealers.ts, vaults.ts, insurers.ts, listed-series.ts).
 */
export * from './spec.ts';
export * from './layer-types.ts';
export { DerivativesLayer } from './derivatives-layer.ts';
