// src-main/engine/oracle.ts
var Oracle = class {
  constructor(design, venueNames, stepSeconds, startSec) {
    this.design = design;
    this.stepSeconds = stepSeconds;
    this.startSec = startSec;
    this.venueIndex = design.source === "venue" ? venueNames.indexOf(design.venue ?? "") : -1;
    if (design.source === "venue" && this.venueIndex < 0) {
      throw new RangeError(
        `design.oracle.venue: "${design.venue}" is not a venue of this scenario (venues: ${venueNames.join(", ")})`
      );
    }
    const t = design.transform;
    this.hopSteps = t.kind === "osm" ? Math.max(1, Math.round(t.hopSeconds / stepSeconds)) : 1;
    const window2 = t.kind === "delay" ? Math.round(t.delaySeconds / stepSeconds) + 1 : t.kind === "twap" ? Math.max(1, Math.round(t.windowSeconds / stepSeconds)) : 1;
    this.ring = new Float64Array(window2);
    this.emaAlpha = t.kind === "ema" ? 1 - Math.pow(0.5, stepSeconds / t.halfLifeSeconds) : 1;
    this.scratch = new Float64Array(venueNames.length);
  }
  design;
  stepSeconds;
  /** The price the protocol acts on. */
  value = 0;
  /** The last value the feed posted (before the transform). */
  posted = 0;
  lastPostStep = 0;
  /** Whether `value` changed this step. */
  changed = false;
  /** Whether the feed wanted to post but could not (outage or gas). */
  blocked = false;
  hopSteps;
  osmNext = 0;
  ring;
  ringPos = 0;
  emaAlpha;
  venueIndex;
  startSec;
  scratch;
  /** Raw reading from venue prices (median, or the named venue). */
  read(venuePrices) {
    if (this.venueIndex >= 0) return venuePrices[this.venueIndex];
    const n = venuePrices.length;
    this.scratch.set(venuePrices);
    this.scratch.sort();
    return n % 2 === 1 ? this.scratch[n - 1 >> 1] : 0.5 * (this.scratch[n / 2 - 1] + this.scratch[n / 2]);
  }
  /** Initialises every stage to the first reading (the oracle is assumed settled before the window). */
  init(venuePrices) {
    const p = this.read(venuePrices);
    this.value = p;
    this.posted = p;
    this.osmNext = p;
    this.ring.fill(p);
    this.lastPostStep = 0;
  }
  /** Advances the oracle to `step`. */
  update(step, venuePrices, gasGwei, outage) {
    const d = this.design;
    const raw = this.read(venuePrices);
    const canPost = !(d.honorOutages && outage) && (d.maxGasGwei === null || gasGwei <= d.maxGasGwei);
    let wants = true;
    if (d.update.kind === "deviation") {
      const dev = Math.abs(raw / this.posted - 1) * 1e4;
      const age = (step - this.lastPostStep) * this.stepSeconds;
      wants = dev >= d.update.thresholdBps || age >= d.update.heartbeatSeconds;
    }
    this.blocked = wants && !canPost;
    if (wants && canPost) {
      this.posted = raw;
      this.lastPostStep = step;
    }
    const before = this.value;
    const t = d.transform;
    switch (t.kind) {
      case "none":
        this.value = this.posted;
        break;
      case "osm": {
        const sec = this.startSec + step * this.stepSeconds;
        if (Math.round(sec / this.stepSeconds) % this.hopSteps === 0) {
          this.value = this.osmNext;
          this.osmNext = this.posted;
        }
        break;
      }
      case "delay": {
        this.ring[this.ringPos] = this.posted;
        this.ringPos = (this.ringPos + 1) % this.ring.length;
        this.value = this.ring[this.ringPos];
        break;
      }
      case "twap": {
        this.ring[this.ringPos] = this.posted;
        this.ringPos = (this.ringPos + 1) % this.ring.length;
        let s = 0;
        for (let i = 0; i < this.ring.length; i++) s += this.ring[i];
        this.value = s / this.ring.length;
        break;
      }
      case "ema":
        this.value += this.emaAlpha * (this.posted - this.value);
        break;
    }
    this.changed = this.value !== before;
  }
};

// src-main/engine/basket.ts
function collateralBasket(population) {
  return population.basket ?? [{ asset: population.asset, weight: 1 }];
}
function basketEfficiency(basket, haircuts) {
  let e = 0;
  for (const leg of basket) e += leg.weight * (1 - (haircuts?.[leg.asset] ?? 0));
  return e;
}
var Basket = class {
  legs;
  /** Effective / full value of a basket unit at the start prices: Σ w_a (1 − h_a). */
  initialEfficiency;
  /** Average fill per asset unit of the last sale, per leg (the depth-weighted price when no flow). */
  lastFills;
  /** Asset units sold per leg in the last sale (negative: bought). */
  lastUnits;
  constructor(legs) {
    this.legs = legs;
    this.initialEfficiency = legs.reduce((s, l) => s + l.weight * (1 - l.haircut), 0);
    this.lastFills = new Float64Array(legs.length);
    this.lastUnits = new Float64Array(legs.length);
  }
  /** Exogenous value of a basket unit: Σ q_a F_a. */
  fundamental(stepLogF) {
    let s = 0;
    for (const l of this.legs) s += l.units * Math.exp(stepLogF[l.assetIdx]);
    return s;
  }
  /** Market value of a basket unit before this step's flows: Σ q_a F_a exp(I_a) (composite impact). */
  marketPrice(stepLogF, markets) {
    let s = 0;
    for (const l of this.legs) {
      s += l.units * (Math.exp(stepLogF[l.assetIdx]) * Math.exp(markets[l.assetIdx].compositeImpact()));
    }
    return s;
  }
  /**
   * Step 7 for a basket: a net sale of `units` basket units sells units · q_a on every asset's own
   * venues (each with its own impact), then arbitrage runs on each of those markets. Returns the fill
   * per basket unit, Σ q_a · fill_a (so proceeds = units × fill are the per-asset proceeds summed).
   */
  applySale(markets, units, stepLogF, gasGwei) {
    let fill = 0;
    for (let j = 0; j < this.legs.length; j++) {
      const l = this.legs[j];
      const m = markets[l.assetIdx];
      const u = units * l.units;
      const f = m.applySale(u, Math.exp(stepLogF[l.assetIdx]));
      m.arbitrage(gasGwei);
      this.lastUnits[j] = u;
      this.lastFills[j] = f;
      fill += l.units * f;
    }
    return fill;
  }
};
function resolveBasket(scenario, design, observedLog) {
  const haircuts = design.collateralHaircuts ?? {};
  const ids = scenario.assets.map((a) => a.id);
  for (const id of Object.keys(haircuts)) {
    if (!ids.includes(id)) {
      throw new RangeError(
        `design.collateralHaircuts.${id}: no asset "${id}" in scenario "${scenario.id}" (assets: ${ids.join(", ")})`
      );
    }
  }
  const pop = scenario.population;
  if (!pop.basket && (haircuts[pop.asset] ?? 0) === 0) return null;
  if (pop.perps)
    throw new RangeError("design.collateralHaircuts: haircuts apply to lending collateral, not perpetuals");
  const popIdx = ids.indexOf(pop.asset);
  const P0 = Math.exp(observedLog[popIdx][0]);
  const legs = collateralBasket(pop).map((w) => {
    const assetIdx = ids.indexOf(w.asset);
    if (assetIdx < 0)
      throw new RangeError(`scenario.population.basket: no asset "${w.asset}" in this scenario`);
    const Pa0 = Math.exp(observedLog[assetIdx][0]);
    return {
      asset: w.asset,
      assetIdx,
      weight: w.weight,
      units: assetIdx === popIdx && w.weight === 1 ? 1 : w.weight * P0 / Pa0,
      haircut: haircuts[w.asset] ?? 0
    };
  });
  return new Basket(legs);
}
function observedCollateralLog(scenario, observedLog) {
  const ids = scenario.assets.map((a) => a.id);
  const popIdx = ids.indexOf(scenario.population.asset);
  const basket = scenario.population.basket;
  if (!basket) return observedLog[popIdx];
  const P0 = Math.exp(observedLog[popIdx][0]);
  const out = new Float64Array(observedLog[popIdx].length);
  for (const w of basket) {
    const obs = observedLog[ids.indexOf(w.asset)];
    const q = w.weight * P0 / Math.exp(obs[0]);
    for (let t = 0; t < out.length; t++) out[t] = out[t] + q * Math.exp(obs[t]);
  }
  for (let t = 0; t < out.length; t++) out[t] = Math.log(out[t]);
  return out;
}
var BasketOracle = class {
  constructor(basket, design, markets, venuePricesOf, stepSeconds, startSec) {
    this.basket = basket;
    this.venuePricesOf = venuePricesOf;
    this.oracles = basket.legs.map((l) => {
      const names = markets[l.assetIdx].names;
      const d = design.source === "venue" && !names.includes(design.venue ?? "") ? { ...design, source: "median" } : design;
      return new Oracle(d, names, stepSeconds, startSec);
    });
  }
  basket;
  venuePricesOf;
  /** Full value of a basket unit at the oracle prices, Σ q_a O_a. */
  value = 0;
  /** Effective (haircut) value, Σ q_a O_a (1 − h_a). */
  effective = 0;
  /** effective / value. */
  efficiency = 1;
  changed = false;
  blocked = false;
  oracles;
  combine() {
    let v = 0;
    let e = 0;
    let changed = false;
    let blocked = false;
    this.basket.legs.forEach((l, j) => {
      const o = this.oracles[j];
      v += l.units * o.value;
      e += l.units * o.value * (1 - l.haircut);
      changed ||= o.changed;
      blocked ||= o.blocked;
    });
    this.value = v;
    this.effective = e;
    this.efficiency = v > 0 ? e / v : 1;
    this.changed = changed;
    this.blocked = blocked;
  }
  init(_venuePrices) {
    this.basket.legs.forEach((l, j) => this.oracles[j].init(this.venuePricesOf(l.assetIdx)));
    this.combine();
    this.changed = false;
  }
  update(step, _venuePrices, gasGwei, outage) {
    this.basket.legs.forEach(
      (l, j) => this.oracles[j].update(step, this.venuePricesOf(l.assetIdx), gasGwei, outage)
    );
    this.combine();
  }
};

// src-main/engine/design.ts
import { z as z2 } from "zod";

// src-main/engine/options/option-book.ts
import { z } from "zod";

// src-main/engine/zod-issues.ts
function describeIssue(prefix, issue) {
  const field = [prefix, ...issue.path.map(String)].join(".");
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys;
    return {
      field,
      message: `${field}: unknown field${keys.length > 1 ? "s" : ""} ${keys.map((k) => `"${k}"`).join(", ")} (remove ${keys.length > 1 ? "them" : "it"})`
    };
  }
  return { field, message: `${field}: ${issue.message}` };
}

// src-main/engine/random.ts
var Rng = class {
  a;
  b;
  c;
  d;
  spareNormal = null;
  constructor(seed, stream = 0) {
    let s = (Math.trunc(seed) ^ Math.imul(stream + 1, 2654435769)) >>> 0;
    const next = () => {
      s = s + 2654435769 >>> 0;
      let z3 = s;
      z3 = Math.imul(z3 ^ z3 >>> 16, 2246822507) >>> 0;
      z3 = Math.imul(z3 ^ z3 >>> 13, 3266489909) >>> 0;
      return (z3 ^ z3 >>> 16) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }
  /** A uniform 32-bit unsigned integer. */
  nextUint32() {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }
  /** Uniform in [0, 1) with 53 bits of precision. */
  next() {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }
  /** Uniform in (0, 1) from one 32-bit draw: for bulk sampling where 32 bits of resolution suffice. */
  fast() {
    return (this.nextUint32() + 0.5) * 23283064365386963e-26;
  }
  /** Standard normal by inversion of one 32-bit uniform (cheaper than the polar method for bulk draws). */
  fastNormal() {
    return inverseNormal(this.fast());
  }
  /** Uniform in [lo, hi). */
  uniform(lo, hi) {
    return lo + (hi - lo) * this.next();
  }
  /** Standard normal (Marsaglia polar method). */
  normal() {
    if (this.spareNormal !== null) {
      const v = this.spareNormal;
      this.spareNormal = null;
      return v;
    }
    for (; ; ) {
      const u = 2 * this.next() - 1;
      const v = 2 * this.next() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const m = Math.sqrt(-2 * Math.log(s) / s);
        this.spareNormal = v * m;
        return u * m;
      }
    }
  }
  /** Log-normal with the given median and log-space standard deviation. */
  logNormal(median, sigma) {
    return median * Math.exp(sigma * this.normal());
  }
  /** Exponential with the given mean. */
  exponential(mean) {
    return -mean * Math.log(1 - this.next());
  }
};
function rotl(x, k) {
  return (x << k | x >>> 32 - k) >>> 0;
}
function inverseNormal(p) {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const lo = 0.02425;
  if (p < lo) {
    const q2 = Math.sqrt(-2 * Math.log(p));
    return (((((-0.007784894002430293 * q2 + -0.3223964580411365) * q2 + -2.400758277161838) * q2 + -2.549732539343734) * q2 + 4.374664141464968) * q2 + 2.938163982698783) / ((((0.007784695709041462 * q2 + 0.3224671290700398) * q2 + 2.445134137142996) * q2 + 3.754408661907416) * q2 + 1);
  }
  if (p > 1 - lo) return -inverseNormal(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (((((-39.69683028665376 * r + 220.9460984245205) * r + -275.9285104469687) * r + 138.357751867269) * r + -30.66479806614716) * r + 2.506628277459239) * q / (((((-54.47609879822406 * r + 161.5858368580409) * r + -155.6989798598866) * r + 66.80131188771972) * r + -13.28068155288572) * r + 1);
}

// src-main/engine/options/black-scholes.ts
var MIN_SIGMA_SQRT_T = 1e-10;
var INV_SQRT_2PI = 0.3989422804014327;
function normPdf(x) {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}
function normCdf(x) {
  const z3 = Math.abs(x);
  let c;
  if (!(z3 <= 37)) {
    c = 0;
  } else {
    const e = Math.exp(-0.5 * z3 * z3);
    if (z3 < 7.07106781186547) {
      let n = 0.0352624965998911 * z3 + 0.700383064443688;
      n = n * z3 + 6.37396220353165;
      n = n * z3 + 33.912866078383;
      n = n * z3 + 112.079291497871;
      n = n * z3 + 221.213596169931;
      n = n * z3 + 220.206867912376;
      let d = 0.0883883476483184 * z3 + 1.75566716318264;
      d = d * z3 + 16.064177579207;
      d = d * z3 + 86.7807322029461;
      d = d * z3 + 296.564248779674;
      d = d * z3 + 637.333633378831;
      d = d * z3 + 793.826512519948;
      d = d * z3 + 440.413735824752;
      c = e * n / d;
    } else {
      let b = z3 + 0.65;
      b = z3 + 4 / b;
      b = z3 + 3 / b;
      b = z3 + 2 / b;
      b = z3 + 1 / b;
      c = e / b / 2.506628274631;
    }
  }
  return x > 0 ? 1 - c : c;
}
function bsPrice(isCall, spot, strike, years, rate, sigma) {
  const t = years > 0 ? years : 0;
  const df = Math.exp(-rate * t);
  if (!(spot > 0)) return isCall ? 0 : strike * df;
  const sst = sigma > 0 ? sigma * Math.sqrt(t) : 0;
  if (sst < MIN_SIGMA_SQRT_T) {
    const fwdIntrinsic = spot - strike * df;
    return isCall ? Math.max(fwdIntrinsic, 0) : Math.max(-fwdIntrinsic, 0);
  }
  const d1 = (Math.log(spot / strike) + rate * t) / sst + 0.5 * sst;
  const d2 = d1 - sst;
  return isCall ? spot * normCdf(d1) - strike * df * normCdf(d2) : strike * df * normCdf(-d2) - spot * normCdf(-d1);
}
function bsDelta(isCall, spot, strike, years, rate, sigma) {
  const t = years > 0 ? years : 0;
  if (!(spot > 0)) return isCall ? 0 : -1;
  const sst = sigma > 0 ? sigma * Math.sqrt(t) : 0;
  if (sst < MIN_SIGMA_SQRT_T) {
    const fwdIntrinsic = spot - strike * Math.exp(-rate * t);
    const step = fwdIntrinsic > 0 ? 1 : fwdIntrinsic < 0 ? 0 : 0.5;
    return isCall ? step : step - 1;
  }
  const d1 = (Math.log(spot / strike) + rate * t) / sst + 0.5 * sst;
  return isCall ? normCdf(d1) : normCdf(d1) - 1;
}
function bsGamma(spot, strike, years, rate, sigma) {
  const t = years > 0 ? years : 0;
  if (!(spot > 0)) return 0;
  const sst = sigma > 0 ? sigma * Math.sqrt(t) : 0;
  if (sst < MIN_SIGMA_SQRT_T) return 0;
  const d1 = (Math.log(spot / strike) + rate * t) / sst + 0.5 * sst;
  return normPdf(d1) / (spot * sst);
}

// src-main/engine/options/iv-surface.ts
var SECONDS_PER_YEAR = 365 * 86400;
var T_REF_YEARS = 30 / 365;
var T_MIN_YEARS = 1 / 365;
var IvSurface = class {
  constructor(params, stepSeconds, feedback) {
    this.params = params;
    this.feedback = feedback;
    if (!(stepSeconds > 0)) throw new RangeError("stepSeconds must be positive");
    if (!(params.cap >= params.floor)) throw new RangeError("iv.cap must be \u2265 iv.floor");
    this.sampleSteps = Math.max(1, Math.round((params.returnIntervalSeconds ?? 0) / stepSeconds));
    this.stepYears = this.sampleSteps * stepSeconds / SECONDS_PER_YEAR;
    this.lambda = Math.pow(0.5, this.sampleSteps * stepSeconds / params.realisedHalfLifeSeconds);
    this.relax = Math.pow(0.5, stepSeconds / params.relaxHalfLifeSeconds);
    this.variance = params.calmVol * params.calmVol;
  }
  params;
  feedback;
  /** Annualised realised variance estimate (EWMA). */
  variance;
  /** IV points added at T_ref by stress (the state variable). */
  stressState = 0;
  lastPrice = null;
  lambda;
  relax;
  stepYears;
  /** Steps per measured return, and steps since the last one. */
  sampleSteps;
  sinceSample = 0;
  /** Feeds one step's price (USD). The first call only records it. */
  update(price) {
    if (!(price > 0) || !Number.isFinite(price)) return;
    if (this.lastPrice !== null) {
      if (++this.sinceSample < this.sampleSteps) return;
      this.sinceSample = 0;
      const r = Math.log(price / this.lastPrice);
      this.variance = this.lambda * this.variance + (1 - this.lambda) * r * r / this.stepYears;
      const target = this.params.stressBeta * Math.max(0, Math.sqrt(this.variance) - this.params.calmVol);
      this.stressState = Math.max(target, this.stressState * this.relax);
    }
    this.lastPrice = price;
  }
  /** Realised volatility estimate, annualised. */
  realisedVol() {
    return Math.sqrt(this.variance);
  }
  /** The stress state: IV points added at the 30-day tenor (reported even when feedback is off). */
  stress() {
    return this.stressState;
  }
  /** Implied volatility for strike K at spot S with `years` to expiry. */
  vol(strike, spot, years) {
    const p = this.params;
    const m = spot > 0 && strike > 0 ? -Math.log(strike / spot) : 0;
    let v = p.baseVol + p.skew * m;
    if (this.feedback && this.stressState > 0) {
      v += this.stressState * Math.pow(T_REF_YEARS / Math.max(years, T_MIN_YEARS), p.termPower);
    }
    return Math.min(p.cap, Math.max(p.floor, v));
  }
  /** At-the-money IV for `years` to expiry. */
  atmVol(years) {
    return this.vol(1, 1, years);
  }
};

// src-main/engine/options/portfolio-margin.ts
function buildGrid(spec) {
  const moves = [];
  const dirs = [];
  const weights = [];
  const add = (m, d, w) => {
    moves.push(m);
    dirs.push(d);
    weights.push(w);
  };
  if (spec.kind === "span") {
    const r = spec.priceScanRange;
    add(0, 1, 1);
    add(0, -1, 1);
    for (const f of [1 / 3, 2 / 3, 1]) {
      add(f * r, 1, 1);
      add(f * r, -1, 1);
      add(-f * r, 1, 1);
      add(-f * r, -1, 1);
    }
    add(spec.extremeMoveMultiple * r, 0, spec.extremeCoverFraction);
    add(-spec.extremeMoveMultiple * r, 0, spec.extremeCoverFraction);
  } else {
    const n = Math.max(2, Math.round(spec.buckets));
    for (let i = 0; i < n; i++) {
      const m = -spec.priceRange + 2 * spec.priceRange * i / (n - 1);
      for (const d of [1, 0, -1]) add(m, d, 1);
    }
  }
  return {
    spec,
    size: moves.length,
    priceMove: Float64Array.from(moves),
    volDir: Int8Array.from(dirs),
    weight: Float64Array.from(weights)
  };
}
function shockedVol(spec, sigma, years, dir) {
  if (dir === 0) return sigma;
  if (spec.kind === "span") return Math.max(0, sigma * (1 + dir * spec.volScanRange));
  const dte = Math.max(1, years * 365);
  const term = Math.pow(30 / dte, spec.termPower);
  const shock = (dir > 0 ? spec.volUpShock : spec.volDownShock) * term;
  return Math.max(0, sigma * (1 + dir * shock));
}
function optionScenarioChanges(isCall, strike, years, spot, rate, sigma, grid, out) {
  const v0 = bsPrice(isCall, spot, strike, years, rate, sigma);
  for (let s = 0; s < grid.size; s++) {
    const sv = shockedVol(grid.spec, sigma, years, grid.volDir[s]);
    out[s] = bsPrice(isCall, spot * (1 + grid.priceMove[s]), strike, years, rate, sv) - v0;
  }
  return v0;
}
function shortOptionCharge(isCall, strike, spot, params) {
  const otm = isCall ? Math.max(0, strike - spot) : Math.max(0, spot - strike);
  const floor = params.shortOptionFloor * (isCall ? spot : strike);
  return Math.max(params.shortOptionBase * spot - otm, floor);
}

// src-main/engine/options/option-book.ts
var num = (what) => z.number({ error: `${what} must be a number` }).finite();
var positive = (what) => num(what).positive(`${what} must be > 0`);
var nonNegative = (what) => num(what).min(0, `${what} must be \u2265 0`);
var fraction = (what) => num(what).min(0, `${what} must be \u2265 0`).max(1, `${what} must be \u2264 1`);
var HedgePolicySchema = z.discriminatedUnion("kind", [
  /** Re-hedge to zero when |net delta| > bandDelta × option notional (units). */
  z.strictObject({ kind: z.literal("band"), bandDelta: fraction("bandDelta") }),
  /** Re-hedge to zero every `seconds` (a step's length or less = every step). */
  z.strictObject({ kind: z.literal("interval"), seconds: positive("seconds") })
]);
var IvSpecSchema = z.strictObject({
  /** Calm ATM implied vol, annualised (0.2 = 20%). */
  baseVol: positive("baseVol").max(5),
  /** Vol per unit of −ln(K/S): > 0 makes OTM puts richer. */
  skew: num("skew").min(-2).max(2),
  /** IV points added per point of realised vol above calmVol. */
  stressBeta: nonNegative("stressBeta").max(10),
  /** Realised vol treated as calm, annualised. */
  calmVol: nonNegative("calmVol").max(5),
  realisedHalfLifeSeconds: positive("realisedHalfLifeSeconds"),
  /** Realised vol is measured on returns over this interval, seconds (absent: every step). */
  returnIntervalSeconds: nonNegative("returnIntervalSeconds").max(7 * 86400).optional(),
  relaxHalfLifeSeconds: positive("relaxHalfLifeSeconds"),
  /** Term shape of the stress shock, (30 days / T)^termPower (Deribit's older rule: 0.3). */
  termPower: nonNegative("termPower").max(2),
  floor: positive("floor"),
  cap: positive("cap").max(10)
});
var WritersSpecSchema = z.strictObject({
  /** Number of writer accounts generated. */
  count: z.number().int().min(0).max(2e6),
  /** Options written by the whole population, units of the underlying. */
  totalUnits: nonNegative("totalUnits"),
  /** Sizes: Pareto with this tail index, scaled to totalUnits. */
  sizeParetoAlpha: num("sizeParetoAlpha").gt(1, "sizeParetoAlpha must be > 1").max(5),
  /** Strike as moneyness K/S0, histogram. */
  strikeBins: z.array(z.strictObject({ from: positive("from"), to: positive("to"), weight: nonNegative("weight") })).min(1),
  /** Listed strike spacing, fraction of S0 (e.g. 0.025 → strikes every 2.5%). */
  strikeStep: positive("strikeStep").max(0.5),
  /** Expiries in days from the start, weighted. */
  expiries: z.array(z.strictObject({ days: positive("days"), weight: nonNegative("weight") })).min(1),
  /** Share of writers who write puts (the rest write calls). */
  putShare: fraction("putShare"),
  /** Share of writers who are naked (the rest covered: covered calls / cash-secured puts). */
  nakedShare: fraction("nakedShare"),
  /** Collateral of naked writers. */
  collateral: z.enum(["same-asset", "stable"]),
  /** Median collateral posted, multiples of the standard per-position charge (on top of premium). */
  initialMarginMultiple: num("initialMarginMultiple").min(1, "initialMarginMultiple must be \u2265 1").max(50),
  /** Log-normal spread of the multiple across writers. */
  marginMultipleSigma: nonNegative("marginMultipleSigma").max(3),
  /**
   * Share of each naked writer's option delta hedged at the start with a perpetual future (static,
   * opened at the start price), held in the same account: under portfolio margin the future offsets
   * the options in the grid (cross mode); under per-position margin it carries its own charge.
   */
  futuresHedgeRatio: fraction("futuresHedgeRatio").optional()
});
var DealersSpecSchema = z.strictObject({
  /** Dealers' net option position: 'short' gamma (they wrote the options) or 'long'. */
  gamma: z.enum(["short", "long"]),
  /** Option notional, units of the underlying (0: no dealers). */
  units: nonNegative("units"),
  right: z.enum(["put", "call", "straddle"]),
  /** Strikes as moneyness K/S0, weighted. */
  strikes: z.array(z.strictObject({ moneyness: positive("moneyness"), weight: nonNegative("weight") })).min(1),
  expiryDays: positive("expiryDays"),
  /** The dealers' own hedging habit; a design may override it. */
  hedgePolicy: HedgePolicySchema
});
var InsurerRuleSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("cppi"),
    /** Floor, fraction of the starting portfolio value. */
    floorFraction: fraction("floorFraction"),
    /** Exposure = multiplier × (value − floor). */
    multiplier: positive("multiplier").max(20)
  }),
  z.strictObject({
    kind: z.literal("synthetic-put"),
    /** Insured level, fraction of the starting price. */
    strikeFraction: positive("strikeFraction").max(2),
    /** Horizon of the replicated put, days from the start. */
    horizonDays: positive("horizonDays"),
    /** Vol the insurers' model assumes, annualised (they did not use market IV in 1987). */
    assumedVol: positive("assumedVol").max(5)
  })
]);
var InsurersSpecSchema = z.strictObject({
  /** Number of insurance programmes; they share insuredUsd equally and follow the same rule. */
  count: z.number().int().min(0).max(1e4),
  /** Value of the insured portfolios at the start, USD (0: no insurers). */
  insuredUsd: nonNegative("insuredUsd"),
  rule: InsurerRuleSchema,
  /** Trade only when the gap to target exceeds this fraction of the portfolio value. */
  rebalanceBand: fraction("rebalanceBand"),
  /** At most one rebalance per insurer per this many seconds (0: whenever the band is crossed). */
  rebalanceIntervalSeconds: nonNegative("rebalanceIntervalSeconds"),
  /** What all insurers together can sell per step, USD; null: no limit. */
  maxSaleUsdPerStep: positive("maxSaleUsdPerStep").nullable()
});
var VaultsSpecSchema = z.strictObject({
  /** Units of the underlying the vaults hold (one call written per unit). */
  units: positive("units"),
  /** Strike of each new call, a multiple of the spot at the roll. */
  callMoneyness: num("callMoneyness").min(1, "callMoneyness must be \u2265 1 (out of the money)").max(3),
  /** Days between rolls (each call expires at the next roll). */
  rollDays: positive("rollDays").max(90)
});
var OptionsSpecSchema = z.strictObject({
  asset: z.string().regex(/^[A-Za-z0-9.-]{1,16}$/),
  riskFreeRate: num("riskFreeRate").min(-0.1).max(0.5),
  iv: IvSpecSchema,
  writers: WritersSpecSchema,
  dealers: DealersSpecSchema,
  insurers: InsurersSpecSchema,
  /** Covered-call vaults; absent: none. */
  vaults: VaultsSpecSchema.optional()
});
var GridSpecSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("span"),
    priceScanRange: positive("priceScanRange").max(1),
    volScanRange: fraction("volScanRange"),
    extremeMoveMultiple: positive("extremeMoveMultiple").max(10),
    extremeCoverFraction: fraction("extremeCoverFraction")
  }),
  z.strictObject({
    kind: z.literal("deribit-pm"),
    priceRange: positive("priceRange").max(1),
    buckets: z.number().int().min(2).max(101),
    volUpShock: nonNegative("volUpShock").max(5),
    volDownShock: fraction("volDownShock"),
    termPower: nonNegative("termPower").max(2)
  })
]);
var MarginModelSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("per-position"),
    shortOptionBase: fraction("shortOptionBase"),
    shortOptionFloor: fraction("shortOptionFloor"),
    futuresMaintenance: fraction("futuresMaintenance")
  }),
  z.strictObject({
    kind: z.literal("portfolio"),
    grid: GridSpecSchema,
    /** SPAN short-option minimum, fraction of S per unit of net short options. */
    shortOptionMinimum: fraction("shortOptionMinimum")
  })
]);
var OptionsDesignSchema = z.strictObject({
  marginModel: MarginModelSchema,
  /** Dealers' hedging policy; null keeps the scenario's. */
  hedging: HedgePolicySchema.nullable(),
  /** Whether implied vol reacts to realised stress (off: IV stays at its base). */
  ivFeedback: z.boolean(),
  /** Charged on top of the buy-back of a liquidated writer, fraction of the buy-back. */
  liquidationPenalty: fraction("liquidationPenalty"),
  /** Whether dealers delta-hedge at all (off: the gamma loop is cut; their options stay unhedged). */
  dealerHedging: z.boolean().default(true),
  /** Whether portfolio insurers follow their rule (off: they hold what they have). */
  insurersActive: z.boolean().default(true)
});
var DEFAULT_OPTIONS_DESIGN = {
  marginModel: {
    kind: "per-position",
    shortOptionBase: 0.15,
    shortOptionFloor: 0.1,
    futuresMaintenance: 0.05
  },
  hedging: null,
  ivFeedback: true,
  liquidationPenalty: 0.02,
  dealerHedging: true,
  insurersActive: true
};
var OptionsConfigError = class extends Error {
  constructor(message, field) {
    super(message);
    this.field = field;
    this.name = "OptionsConfigError";
  }
  field;
};
function parseWith(schema, prefix, input) {
  const result = schema.safeParse(input);
  if (!result.success) {
    const first = result.error.issues[0];
    if (!first) throw new OptionsConfigError(`${prefix}: invalid`, prefix);
    const { field, message } = describeIssue(prefix, first);
    throw new OptionsConfigError(message, field);
  }
  return result.data;
}
function parseOptionsSpec(input) {
  const s = parseWith(OptionsSpecSchema, "options", input);
  s.writers.strikeBins.forEach((b, i) => {
    if (b.to < b.from) {
      throw new OptionsConfigError(
        `options.writers.strikeBins.${i}.to: must be \u2265 from (${b.from})`,
        `options.writers.strikeBins.${i}.to`
      );
    }
  });
  if (s.iv.cap < s.iv.floor)
    throw new OptionsConfigError("options.iv.cap: must be \u2265 floor", "options.iv.cap");
  if (s.writers.count > 0 && !s.writers.strikeBins.some((b) => b.weight > 0)) {
    throw new OptionsConfigError(
      "options.writers.strikeBins: give at least one positive weight",
      "options.writers.strikeBins"
    );
  }
  if (s.writers.count > 0 && !s.writers.expiries.some((b) => b.weight > 0)) {
    throw new OptionsConfigError(
      "options.writers.expiries: give at least one positive weight",
      "options.writers.expiries"
    );
  }
  return s;
}
function parseOptionsDesign(input) {
  return parseWith(OptionsDesignSchema, "optionsDesign", input);
}
var SECONDS_PER_YEAR2 = 365 * 86400;
var STANDARD_CHARGE = {
  shortOptionBase: 0.15,
  shortOptionFloor: 0.1,
  futuresMaintenance: 0
};
var STATUS_ACTIVE = 0;
var STATUS_LIQUIDATED = 1;
var STATUS_EXPIRED = 2;
var COLL_USD = 0;
var COLL_ASSET = 1;
var DerivativesLayer = class {
  spec;
  design;
  stepSeconds;
  startTime;
  /** Price of the underlying at the start, USD. */
  initialPrice;
  surface;
  rate;
  grid;
  hedgePolicy;
  // Listed series (writers' options).
  seriesCount;
  sIsCall;
  sStrike;
  sExpiry;
  sExpired;
  sValue;
  sCharge;
  sChanges;
  cachePrice = NaN;
  // Writers (struct of arrays).
  writerCount;
  wSeries;
  wUnits;
  wCollateral;
  wCollKind;
  wCovered;
  wStatus;
  /** Perpetual future held with the options (signed units; − = short) and its entry price. */
  wFut;
  wFutEntry;
  /** Realised P&L of futures closed at liquidation, credited to the collateral ledgers. */
  futPnlUnits = 0;
  futPnlUsd = 0;
  // Dealers: option legs and hedge.
  dIsCall;
  dStrike;
  dQty;
  dExpiry;
  dExpired = false;
  dHedge = 0;
  dHedgeTarget = 0;
  dCash = 0;
  // Covered-call vaults: units held, calls written (short), their strike and expiry, units paid
  // out at expiries; market makers' hedge of the calls they bought (and paid the premium for).
  vUnits = 0;
  vInitial = 0;
  vCalls = 0;
  vStrike = 0;
  vExpiry = Infinity;
  vPaidUnits = 0;
  vHedge = 0;
  vHedgeTarget = 0;
  vLastHedge = 0;
  vRolled = false;
  vLastRollLogged = -1;
  dLastHedge;
  dNotional;
  // Insurers.
  iUnits;
  iCash;
  iFloor;
  iLastRebalance;
  iOrder;
  insurerBacklog = 0;
  insurerInitialUnits;
  insurerSoldUnits = 0;
  // Ledgers.
  initialAssetUnits;
  initialUsd;
  pendingSaleUnits = 0;
  soldAssetUnits = 0;
  paidToHoldersUnits = 0;
  penaltyUnits = 0;
  paidBuybacksUsd = 0;
  paidToHoldersUsd = 0;
  penaltyUsd = 0;
  surplusReturnedUsd = 0;
  badDebtUsd = 0;
  // Step state.
  t;
  price;
  fill = NaN;
  stepLiq = [];
  stepLiqNeededUsd = [];
  stepLiqSellUnits = [];
  stepLiqOptionUnits = 0;
  stepFlows = { hedging: 0, insurance: 0, liquidation: 0, total: 0 };
  stepExpiredWriters = 0;
  lastIvEvent;
  out;
  log = [];
  constructor(spec, design, opts) {
    if (!(opts.initialPrice > 0) || !Number.isFinite(opts.initialPrice)) {
      throw new OptionsConfigError("initialPrice must be a positive finite USD price", "initialPrice");
    }
    if (!(opts.stepSeconds > 0)) throw new OptionsConfigError("stepSeconds must be > 0", "stepSeconds");
    spec = parseOptionsSpec(spec);
    design = parseOptionsDesign(design);
    this.spec = spec;
    this.design = design;
    this.stepSeconds = opts.stepSeconds;
    this.startTime = opts.startTime;
    this.initialPrice = opts.initialPrice;
    this.t = opts.startTime;
    this.price = opts.initialPrice;
    this.rate = spec.riskFreeRate;
    this.surface = new IvSurface(spec.iv, opts.stepSeconds, design.ivFeedback);
    this.surface.update(opts.initialPrice);
    this.grid = design.marginModel.kind === "portfolio" ? buildGrid(design.marginModel.grid) : null;
    this.hedgePolicy = design.hedging ?? spec.dealers.hedgePolicy;
    const s0 = opts.initialPrice;
    const w = spec.writers;
    const n = w.totalUnits > 0 ? opts.writerCount ?? w.count : 0;
    this.writerCount = n;
    this.wSeries = new Int32Array(n);
    this.wUnits = new Float64Array(n);
    this.wCollateral = new Float64Array(n);
    this.wCollKind = new Uint8Array(n);
    this.wCovered = new Uint8Array(n);
    this.wStatus = new Uint8Array(n);
    this.wFut = new Float64Array(n);
    this.wFutEntry = new Float64Array(n);
    const rng = new Rng(opts.seed, 61);
    const seriesKey = /* @__PURE__ */ new Map();
    const isCallList = [];
    const strikeList = [];
    const expiryList = [];
    const binTotal = w.strikeBins.reduce((a, b) => a + b.weight, 0);
    const expTotal = w.expiries.reduce((a, b) => a + b.weight, 0);
    const step = w.strikeStep * s0;
    let sizeSum = 0;
    for (let i = 0; i < n; i++) {
      const size = Math.pow(1 - rng.next(), -1 / w.sizeParetoAlpha);
      this.wUnits[i] = size;
      sizeSum += size;
      const bin = pickWeighted(w.strikeBins, binTotal, rng.next());
      const m = bin.from + (bin.to - bin.from) * rng.next();
      const strike = Math.max(step, Math.round(m * s0 / step) * step);
      const exp = pickWeighted(w.expiries, expTotal, rng.next());
      const expiry = opts.startTime + Math.round(exp.days * 86400);
      const isCall = rng.next() >= w.putShare ? 1 : 0;
      const key = `${isCall}|${strike}|${expiry}`;
      let si = seriesKey.get(key);
      if (si === void 0) {
        si = isCallList.length;
        seriesKey.set(key, si);
        isCallList.push(isCall);
        strikeList.push(strike);
        expiryList.push(expiry);
      }
      this.wSeries[i] = si;
      this.wCovered[i] = rng.next() >= w.nakedShare ? 1 : 0;
      this.wCollateral[i] = Math.max(
        1.1,
        w.initialMarginMultiple * Math.exp(w.marginMultipleSigma * rng.fastNormal())
      );
    }
    this.seriesCount = isCallList.length;
    this.sIsCall = Uint8Array.from(isCallList);
    this.sStrike = Float64Array.from(strikeList);
    this.sExpiry = Float64Array.from(expiryList);
    this.sExpired = new Uint8Array(this.seriesCount);
    this.sValue = new Float64Array(this.seriesCount);
    this.sCharge = new Float64Array(this.seriesCount);
    this.sChanges = new Float64Array(this.seriesCount * (this.grid?.size ?? 0));
    let assetUnits = 0;
    let usd = 0;
    for (let i = 0; i < n; i++) {
      const units = this.wUnits[i] * w.totalUnits / sizeSum;
      this.wUnits[i] = units;
      const si = this.wSeries[i];
      const isCall = this.sIsCall[si] === 1;
      const strike = this.sStrike[si];
      const years = (this.sExpiry[si] - opts.startTime) / SECONDS_PER_YEAR2;
      const premium = bsPrice(isCall, s0, strike, years, this.rate, this.surface.vol(strike, s0, years));
      const multiple = this.wCollateral[i];
      if (this.wCovered[i] === 1) {
        this.wCollKind[i] = isCall ? COLL_ASSET : COLL_USD;
        this.wCollateral[i] = isCall ? units : units * strike;
      } else {
        const usdPosted = units * (premium + multiple * shortOptionCharge(isCall, strike, s0, STANDARD_CHARGE));
        this.wCollKind[i] = w.collateral === "same-asset" ? COLL_ASSET : COLL_USD;
        this.wCollateral[i] = w.collateral === "same-asset" ? usdPosted / s0 : usdPosted;
      }
      if (this.wCovered[i] === 0 && (w.futuresHedgeRatio ?? 0) > 0) {
        const delta = bsDelta(isCall, s0, strike, years, this.rate, this.surface.vol(strike, s0, years));
        this.wFut[i] = (w.futuresHedgeRatio ?? 0) * units * delta;
        this.wFutEntry[i] = s0;
      }
      if (this.wCollKind[i] === COLL_ASSET) assetUnits += this.wCollateral[i];
      else usd += this.wCollateral[i];
    }
    this.initialAssetUnits = assetUnits;
    this.initialUsd = usd;
    const d = spec.dealers;
    const legs = [];
    const dTotal = d.strikes.reduce((a, b) => a + b.weight, 0);
    const sign = d.gamma === "short" ? -1 : 1;
    if (d.units > 0 && dTotal > 0) {
      for (const k of d.strikes) {
        const q = sign * d.units * k.weight / dTotal;
        if (q === 0) continue;
        if (d.right !== "call") legs.push({ isCall: 0, strike: k.moneyness * s0, qty: q });
        if (d.right !== "put") legs.push({ isCall: 1, strike: k.moneyness * s0, qty: q });
      }
    }
    this.dIsCall = Uint8Array.from(legs.map((l) => l.isCall));
    this.dStrike = Float64Array.from(legs.map((l) => l.strike));
    this.dQty = Float64Array.from(legs.map((l) => l.qty));
    this.dExpiry = opts.startTime + Math.round(d.expiryDays * 86400);
    this.dNotional = legs.reduce((a, l) => a + Math.abs(l.qty), 0);
    this.dHedge = -this.dealerOptionDelta(s0, opts.startTime);
    this.dHedgeTarget = this.dHedge;
    this.dLastHedge = opts.startTime;
    if (spec.vaults) {
      this.vUnits = spec.vaults.units;
      this.vInitial = spec.vaults.units;
      this.rollVault(opts.startTime, s0);
      this.vRolled = false;
      this.vHedge = -this.vaultCallDelta(s0, opts.startTime);
      this.vHedgeTarget = this.vHedge;
      this.vLastHedge = opts.startTime;
    }
    const ins = spec.insurers;
    const ni = ins.insuredUsd > 0 ? ins.count : 0;
    this.iUnits = new Float64Array(ni);
    this.iCash = new Float64Array(ni);
    this.iFloor = new Float64Array(ni);
    this.iLastRebalance = new Float64Array(ni);
    this.iOrder = new Float64Array(ni);
    let iu = 0;
    for (let i = 0; i < ni; i++) {
      const v0 = ins.insuredUsd / ni;
      this.iFloor[i] = ins.rule.kind === "cppi" ? ins.rule.floorFraction * v0 : 0;
      const units = this.insurerTargetUnits(i, s0, opts.startTime, v0);
      this.iUnits[i] = units;
      this.iCash[i] = v0 - units * s0;
      iu += units;
      this.iLastRebalance[i] = opts.startTime - ins.rebalanceIntervalSeconds * i / ni;
    }
    this.insurerInitialUnits = iu;
    this.lastIvEvent = this.surface.atmVol(30 / 365);
    this.out = {
      time: [],
      price: [],
      fillPrice: [],
      atmIv: [],
      realisedVol: [],
      dealerNetDelta: [],
      dealerHedgeUnits: [],
      dealerGammaUnitsPer1Pct: [],
      hedgingUnits: [],
      insuranceUnits: [],
      liquidationUnits: [],
      insurerBacklogUnits: [],
      writersLiquidated: [],
      collateralAssetUnits: [],
      collateralUsd: [],
      bookValueUsd: [],
      badDebtUsd: []
    };
  }
  // ------------------------------------------------------------------------------------------
  // Step API
  // ------------------------------------------------------------------------------------------
  /**
   * §7 step 1: the step's price (USD, before this step's flows). Feeds the IV surface with the
   * return since the previous step and settles options that have expired by `t` (epoch seconds)
   * at this price.
   */
  beginStep(t, price) {
    assertPrice(price, "beginStep");
    this.t = t;
    this.price = price;
    this.fill = NaN;
    this.stepLiq = [];
    this.stepLiqNeededUsd = [];
    this.stepLiqSellUnits = [];
    this.stepLiqOptionUnits = 0;
    this.stepFlows = { hedging: 0, insurance: 0, liquidation: 0, total: 0 };
    this.stepExpiredWriters = 0;
    this.surface.update(price);
    this.cachePrice = NaN;
    this.settleExpiries(t, price);
  }
  /**
   * §7 steps 3–5: margin requirement of every open naked writer at `price` (the oracle/mark price,
   * USD) under the design's margin model; writers with equity below it are liquidated in full.
   */
  marginAndLiquidations(t, price) {
    assertPrice(price, "marginAndLiquidations");
    this.t = t;
    this.refreshSeries(price);
    let buybackUsd = 0;
    let unitsToSell = 0;
    let futuresClosed = 0;
    for (let i = 0; i < this.writerCount; i++) {
      if (this.wStatus[i] !== STATUS_ACTIVE || this.wCovered[i] === 1) continue;
      const si = this.wSeries[i];
      const q = this.wUnits[i];
      const asset = this.wCollKind[i] === COLL_ASSET;
      let coll = this.wCollateral[i];
      const liability = q * this.sValue[si];
      const futPnl = this.wFut[i] * (price - this.wFutEntry[i]);
      const equity = (asset ? coll * price : coll) - liability + futPnl;
      const requirement = this.requirementOf(i, price);
      if (equity >= requirement) continue;
      if (this.wFut[i] !== 0) {
        futuresClosed += this.wFut[i];
        this.wFut[i] = 0;
        if (asset) {
          const pnlUnits = Math.max(futPnl / price, -this.wCollateral[i]);
          if (pnlUnits * price > futPnl) this.badDebtUsd += pnlUnits * price - futPnl;
          this.wCollateral[i] = this.wCollateral[i] + pnlUnits;
          this.futPnlUnits += pnlUnits;
        } else {
          const pnl = Math.max(futPnl, -this.wCollateral[i]);
          if (pnl > futPnl) this.badDebtUsd += pnl - futPnl;
          this.wCollateral[i] = this.wCollateral[i] + pnl;
          this.futPnlUsd += pnl;
        }
        coll = this.wCollateral[i];
      }
      this.wStatus[i] = STATUS_LIQUIDATED;
      this.stepLiqOptionUnits += q;
      buybackUsd += liability;
      if (asset) {
        const sell = Math.min(coll, liability / price);
        this.wCollateral[i] = coll - sell;
        this.pendingSaleUnits += sell;
        unitsToSell += sell;
        this.stepLiq.push(i);
        this.stepLiqNeededUsd.push(liability);
        this.stepLiqSellUnits.push(sell);
      } else {
        const pay = Math.min(coll, liability);
        this.paidBuybacksUsd += pay;
        this.badDebtUsd += liability - pay;
        const left = coll - pay;
        const penalty = Math.min(left, this.design.liquidationPenalty * liability);
        this.penaltyUsd += penalty;
        this.wCollateral[i] = left - penalty;
        this.stepLiq.push(i);
        this.stepLiqNeededUsd.push(0);
        this.stepLiqSellUnits.push(0);
      }
    }
    this.stepFlows.liquidation = unitsToSell + futuresClosed;
    return {
      writers: this.stepLiq.length,
      optionUnits: this.stepLiqOptionUnits,
      buybackUsd,
      unitsToSell: unitsToSell + futuresClosed
    };
  }
  /**
   * §7 step 6: units of the underlying dealers and insurers trade this step at `price` (USD), with
   * this step's liquidation sales, by source. + = sell.
   */
  hedgingFlows(t, price) {
    assertPrice(price, "hedgingFlows");
    this.t = t;
    let hedging = 0;
    if (!this.design.dealerHedging) this.dHedgeTarget = this.dHedge;
    else if (this.dNotional > 0 || this.dHedge !== 0) {
      const optDelta = this.dealerOptionDelta(price, t);
      const net = optDelta + this.dHedge;
      const p = this.hedgePolicy;
      const due = p.kind === "band" ? Math.abs(net) > p.bandDelta * this.dNotional || this.dExpired && this.dHedge !== 0 : t - this.dLastHedge >= p.seconds - 1e-9;
      if (due) {
        this.dHedgeTarget = -optDelta;
        hedging = this.dHedge - this.dHedgeTarget;
        this.dLastHedge = t;
      } else {
        this.dHedgeTarget = this.dHedge;
      }
    }
    if (this.spec.vaults && this.design.dealerHedging && this.vCalls > 0) {
      const optDelta = this.vaultCallDelta(price, t);
      const p = this.hedgePolicy;
      const due = this.vRolled || (p.kind === "band" ? Math.abs(optDelta + this.vHedge) > p.bandDelta * this.vCalls : t - this.vLastHedge >= p.seconds - 1e-9);
      if (due) {
        this.vHedgeTarget = -optDelta;
        hedging += this.vHedge - this.vHedgeTarget;
        this.vLastHedge = t;
      } else this.vHedgeTarget = this.vHedge;
    } else this.vHedgeTarget = this.vHedge;
    this.vRolled = false;
    const ins = this.spec.insurers;
    let wantSell = 0;
    const trade = new Float64Array(this.iUnits.length);
    for (let i = 0; i < this.iUnits.length; i++) {
      if (!this.design.insurersActive) break;
      if (t - this.iLastRebalance[i] < ins.rebalanceIntervalSeconds - 1e-9) continue;
      const value = this.iUnits[i] * price + this.iCash[i];
      const target = this.insurerTargetUnits(i, price, t, value);
      const gap = this.iUnits[i] - target;
      if (Math.abs(gap) * price <= ins.rebalanceBand * value) continue;
      trade[i] = gap;
      if (gap > 0) wantSell += gap;
    }
    let sellScale = 1;
    if (ins.maxSaleUsdPerStep !== null && wantSell * price > ins.maxSaleUsdPerStep) {
      sellScale = ins.maxSaleUsdPerStep / (wantSell * price);
    }
    let insurance = 0;
    for (let i = 0; i < trade.length; i++) {
      const g = trade[i];
      if (g === 0) {
        this.iOrder[i] = 0;
        continue;
      }
      const q = g > 0 ? g * sellScale : g;
      this.iOrder[i] = q;
      insurance += q;
      if (g < 0 || sellScale === 1) this.iLastRebalance[i] = t;
    }
    this.insurerBacklog = wantSell * (1 - sellScale);
    const liquidation = this.stepFlows.liquidation;
    this.stepFlows = { hedging, insurance, liquidation, total: hedging + insurance + liquidation };
    return { ...this.stepFlows };
  }
  /** §7 step 8: all of this step's trades fill at `fillPrice` (USD, the venues' average fill). */
  settle(t, fillPrice) {
    assertPrice(fillPrice, "settle");
    this.t = t;
    this.fill = fillPrice;
    const dealt = this.dHedge - this.dHedgeTarget;
    this.dCash += dealt * fillPrice;
    this.dCash += (this.vHedge - this.vHedgeTarget) * fillPrice;
    this.vHedge = this.vHedgeTarget;
    this.dHedge = this.dHedgeTarget;
    for (let i = 0; i < this.iUnits.length; i++) {
      let q = this.iOrder[i];
      if (q === 0) continue;
      if (q < 0 && -q * fillPrice > this.iCash[i]) q = -this.iCash[i] / fillPrice;
      q = Math.min(q, this.iUnits[i]);
      this.iUnits[i] -= q;
      this.iCash[i] = Math.max(0, this.iCash[i] + q * fillPrice);
      this.insurerSoldUnits += q;
      this.iOrder[i] = 0;
    }
    const pen = this.design.liquidationPenalty;
    for (let k = 0; k < this.stepLiq.length; k++) {
      const sold = this.stepLiqSellUnits[k];
      const needed = this.stepLiqNeededUsd[k];
      if (needed === 0 && sold === 0) continue;
      const i = this.stepLiq[k];
      this.pendingSaleUnits -= sold;
      this.soldAssetUnits += sold;
      const proceeds = sold * fillPrice;
      let left = this.wCollateral[i];
      if (proceeds >= needed) {
        this.surplusReturnedUsd += proceeds - needed;
      } else {
        const gapUnits = (needed - proceeds) / fillPrice;
        const give = Math.min(left, gapUnits);
        left -= give;
        this.paidToHoldersUnits += give;
        this.badDebtUsd += (gapUnits - give) * fillPrice;
      }
      const penalty = Math.min(left, pen * needed / fillPrice);
      this.penaltyUnits += penalty;
      this.wCollateral[i] = left - penalty;
    }
    if (Math.abs(this.pendingSaleUnits) < 1e-9 * Math.max(1, this.initialAssetUnits))
      this.pendingSaleUnits = 0;
  }
  /** §7 step 9: appends the step's metrics to the series and writes readable events. */
  record(t) {
    const price = this.price;
    const o = this.out;
    this.refreshSeries(price);
    const dealerDelta = this.dealerOptionDelta(price, t) + this.dHedge;
    const gammaUnits = this.dealerGammaUnits(price, t);
    let collAsset = 0;
    let collUsd = 0;
    let book = 0;
    for (let i = 0; i < this.writerCount; i++) {
      if (this.wCollKind[i] === COLL_ASSET) collAsset += this.wCollateral[i];
      else collUsd += this.wCollateral[i];
      if (this.wStatus[i] === STATUS_ACTIVE) book += this.wUnits[i] * this.sValue[this.wSeries[i]];
    }
    const atm = this.surface.atmVol(30 / 365);
    o.time.push(t);
    o.price.push(price);
    o.fillPrice.push(Number.isFinite(this.fill) ? this.fill : price);
    o.atmIv.push(atm);
    o.realisedVol.push(this.surface.realisedVol());
    o.dealerNetDelta.push(dealerDelta);
    o.dealerHedgeUnits.push(this.dHedge);
    o.dealerGammaUnitsPer1Pct.push(gammaUnits);
    o.hedgingUnits.push(this.stepFlows.hedging);
    o.insuranceUnits.push(this.stepFlows.insurance);
    o.liquidationUnits.push(this.stepFlows.liquidation);
    o.insurerBacklogUnits.push(this.insurerBacklog);
    o.writersLiquidated.push(this.stepLiq.length);
    o.collateralAssetUnits.push(collAsset);
    o.collateralUsd.push(collUsd);
    o.bookValueUsd.push(book);
    o.badDebtUsd.push(this.badDebtUsd);
    const a = this.spec.asset;
    const px = fmtUsd(price);
    if (this.spec.vaults && this.vLastRollLogged !== this.vExpiry) {
      this.vLastRollLogged = this.vExpiry;
      this.log.push({
        time: t,
        kind: "vault",
        text: `covered-call vaults wrote ${fmt(this.vCalls)} ${a} of calls at ${fmtUsd(this.vStrike)} (spot ${px}); market makers who bought them are long gamma and buy on a fall`
      });
    }
    if (this.stepExpiredWriters > 0) {
      this.log.push({
        time: t,
        kind: "expiry",
        text: `${fmt(this.stepExpiredWriters)} writers' options expired and settled at ${px}`
      });
    }
    if (this.stepLiq.length > 0) {
      const sold = this.stepFlows.liquidation;
      this.log.push({
        time: t,
        kind: "liquidation",
        text: `${fmt(this.stepLiq.length)} option writers liquidated at ${px}: ${fmt(this.stepLiqOptionUnits)} ${a} of short options bought back` + (sold > 0 ? `, ${fmt(sold)} ${a} of their collateral sold to pay for it` : "")
      });
    }
    const h = this.stepFlows.hedging;
    if (h !== 0 && Math.abs(h) >= 1e-3 * this.dNotional) {
      this.log.push({
        time: t,
        kind: "hedging",
        text: `dealers ${h > 0 ? "sold" : "bought"} ${fmt(Math.abs(h))} ${a} at ${px} to re-hedge: their gamma there is ${gammaUnits < 0 ? "short" : "long"} ${fmt(Math.abs(gammaUnits))} ${a} per 1% move, so each further 1% ${gammaUnits < 0 ? "fall forces that much more selling" : "fall makes them buy"}`
      });
    }
    const ins = this.stepFlows.insurance;
    if (ins !== 0 && Math.abs(ins) * price >= 1e-4 * this.spec.insurers.insuredUsd) {
      const rule = this.spec.insurers.rule.kind === "cppi" ? "CPPI" : "synthetic-put";
      this.log.push({
        time: t,
        kind: "insurance",
        text: `portfolio insurers (${rule}) ${ins > 0 ? "sold" : "bought"} ${fmt(Math.abs(ins))} ${a} (${fmtUsd(Math.abs(ins) * price)}) at ${px}` + (this.insurerBacklog > 0 ? `; their rules wanted ${fmt(this.insurerBacklog)} ${a} more than the market could take` : "")
      });
    }
    if (Math.abs(atm - this.lastIvEvent) >= 0.05) {
      this.log.push({
        time: t,
        kind: "iv",
        text: `30-day ATM implied vol ${atm > this.lastIvEvent ? "rose" : "fell"} to ${(atm * 100).toFixed(0)}% (realised ${(this.surface.realisedVol() * 100).toFixed(0)}%)`
      });
      this.lastIvEvent = atm;
    }
  }
  // ------------------------------------------------------------------------------------------
  // Reporters
  // ------------------------------------------------------------------------------------------
  /** The recorded per-step series (live arrays; do not mutate). */
  series() {
    return this.out;
  }
  /** Readable events, in order. */
  events() {
    return this.log;
  }
  /**
   * Gamma exposure map from the current book: for each price level L (USD), the units dealers and
   * insurers would have to sell if the price fell a further 1% from L (dealers re-hedging their
   * options' delta change, insurers moving their rule's target). Negative = they would buy.
   */
  gammaMap(priceLevels) {
    const n = priceLevels.length;
    const res = {
      priceLevels: Float64Array.from(priceLevels),
      dealersUnits: new Float64Array(n),
      insurersUnits: new Float64Array(n),
      totalUnits: new Float64Array(n)
    };
    for (let k = 0; k < n; k++) {
      const L = priceLevels[k];
      if (!(L > 0)) continue;
      const dealers = this.dealerOptionDelta(0.99 * L, this.t) - this.dealerOptionDelta(L, this.t) + (this.vaultCallDelta(0.99 * L, this.t) - this.vaultCallDelta(L, this.t));
      let insurers = 0;
      for (let i = 0; i < this.iUnits.length; i++) {
        const vAt = (S) => this.iUnits[i] * S + this.iCash[i];
        insurers += this.insurerTargetUnits(i, L, this.t, vAt(L)) - this.insurerTargetUnits(i, 0.99 * L, this.t, vAt(0.99 * L));
      }
      res.dealersUnits[k] = dealers;
      res.insurersUnits[k] = insurers;
      res.totalUnits[k] = dealers + insurers;
    }
    return res;
  }
  /** Ledgers of collateral and holdings. */
  totals() {
    let heldAsset = 0;
    let heldUsd = 0;
    for (let i = 0; i < this.writerCount; i++) {
      if (this.wCollKind[i] === COLL_ASSET) heldAsset += this.wCollateral[i];
      else heldUsd += this.wCollateral[i];
    }
    let iu = 0;
    let ic = 0;
    for (let i = 0; i < this.iUnits.length; i++) {
      iu += this.iUnits[i];
      ic += this.iCash[i];
    }
    return {
      initialAssetUnits: this.initialAssetUnits,
      heldAssetUnits: heldAsset,
      pendingSaleUnits: this.pendingSaleUnits,
      soldAssetUnits: this.soldAssetUnits,
      paidToHoldersUnits: this.paidToHoldersUnits,
      penaltyUnits: this.penaltyUnits,
      initialUsd: this.initialUsd,
      heldUsd,
      paidBuybacksUsd: this.paidBuybacksUsd,
      paidToHoldersUsd: this.paidToHoldersUsd,
      penaltyUsd: this.penaltyUsd,
      surplusReturnedUsd: this.surplusReturnedUsd,
      badDebtUsd: this.badDebtUsd,
      insurerInitialUnits: this.insurerInitialUnits,
      insurerUnits: iu,
      insurerSoldUnits: this.insurerSoldUnits,
      insurerCashUsd: ic,
      dealerHedgeUnits: this.dHedge,
      dealerCashUsd: this.dCash
    };
  }
  /**
   * Largest relative breach of the conservation ledgers (0 when exact up to rounding):
   *   asset units: initial = held + pending sale + sold + paid to holders + penalties
   *   USD:         initial = held + buy-backs paid + paid to holders + penalties
   *   insurers:    initial units = held + sold (net)
   */
  conservationError() {
    const x = this.totals();
    const assetRhs = x.heldAssetUnits + x.pendingSaleUnits + x.soldAssetUnits + x.paidToHoldersUnits + x.penaltyUnits;
    const usdRhs = x.heldUsd + x.paidBuybacksUsd + x.paidToHoldersUsd + x.penaltyUsd;
    const insRhs = x.insurerUnits + x.insurerSoldUnits;
    return Math.max(
      Math.abs(this.vUnits + this.vPaidUnits - this.vInitial) / Math.max(1, this.vInitial),
      Math.abs(assetRhs - x.initialAssetUnits - this.futPnlUnits) / Math.max(1, x.initialAssetUnits),
      Math.abs(usdRhs - x.initialUsd - this.futPnlUsd) / Math.max(1, x.initialUsd),
      Math.abs(insRhs - x.insurerInitialUnits) / Math.max(1, x.insurerInitialUnits)
    );
  }
  /** Smallest balance held anywhere (writers' collateral, insurers' units and cash); never < 0. */
  minBalance() {
    let m = Infinity;
    for (let i = 0; i < this.writerCount; i++) m = Math.min(m, this.wCollateral[i]);
    for (let i = 0; i < this.iUnits.length; i++) m = Math.min(m, this.iUnits[i], this.iCash[i]);
    if (this.spec.vaults) m = Math.min(m, this.vUnits);
    return m === Infinity ? 0 : m;
  }
  /** Writers liquidated so far. */
  liquidatedWriters() {
    let c = 0;
    for (let i = 0; i < this.writerCount; i++) if (this.wStatus[i] === STATUS_LIQUIDATED) c++;
    return c;
  }
  /**
   * One writer as the margin engine sees it at `price` (USD) and the current time: the option
   * written, collateral, equity and requirement. For inspection (UI, tests); not on the hot path.
   */
  writerSnapshot(i, price) {
    if (!(i >= 0 && i < this.writerCount))
      throw new RangeError(`writer ${i} does not exist (0\u2026${this.writerCount - 1})`);
    assertPrice(price, "writerSnapshot");
    this.refreshSeries(price);
    const si = this.wSeries[i];
    const asset = this.wCollKind[i] === COLL_ASSET;
    const coll = this.wCollateral[i];
    const liability = this.wUnits[i] * this.sValue[si];
    const status = this.wStatus[i];
    return {
      right: this.sIsCall[si] === 1 ? "call" : "put",
      strike: this.sStrike[si],
      expiryTime: this.sExpiry[si],
      units: this.wUnits[i],
      covered: this.wCovered[i] === 1,
      collateral: asset ? "asset" : "usd",
      collateralAmount: coll,
      equityUsd: (asset ? coll * price : coll) - (status === STATUS_ACTIVE ? liability : 0),
      requirementUsd: status === STATUS_ACTIVE ? this.requirementOf(i, price) : 0,
      status: status === STATUS_ACTIVE ? "open" : status === STATUS_LIQUIDATED ? "liquidated" : "expired"
    };
  }
  /** Dealers' option delta (without the hedge), units, at `price` and time `t`. */
  dealerOptionDelta(price, t) {
    if (this.dExpired || t >= this.dExpiry) return 0;
    const years = (this.dExpiry - t) / SECONDS_PER_YEAR2;
    let delta = 0;
    for (let k = 0; k < this.dQty.length; k++) {
      const K = this.dStrike[k];
      delta += this.dQty[k] * bsDelta(this.dIsCall[k] === 1, price, K, years, this.rate, this.surface.vol(K, price, years));
    }
    return delta;
  }
  /** Dealers' gamma as units of hedge per 1% move at `price` (negative = short gamma). */
  dealerGammaUnits(price, t) {
    if (this.dExpired || t >= this.dExpiry) return 0;
    const years = (this.dExpiry - t) / SECONDS_PER_YEAR2;
    let g = 0;
    for (let k = 0; k < this.dQty.length; k++) {
      const K = this.dStrike[k];
      g += this.dQty[k] * bsGamma(price, K, years, this.rate, this.surface.vol(K, price, years));
    }
    return g * price * 0.01;
  }
  // ------------------------------------------------------------------------------------------
  // Internals
  // ------------------------------------------------------------------------------------------
  /**
   * Margin requirement of writer i at `price` (USD) under the design's model; the series cache must
   * be current for `price`. Covered writers need nothing.
   */
  requirementOf(i, price) {
    if (this.wCovered[i] === 1) return 0;
    const si = this.wSeries[i];
    const q = this.wUnits[i];
    const grid = this.grid;
    const mm = this.design.marginModel;
    const fut = this.wFut[i];
    if (grid === null || mm.kind !== "portfolio") {
      const futCharge = mm.kind === "per-position" ? mm.futuresMaintenance * Math.abs(fut) * price : 0;
      return q * this.sCharge[si] + futCharge;
    }
    let requirement = q * mm.shortOptionMinimum * price;
    const G = grid.size;
    const base = si * G;
    const spotUnits = (this.wCollKind[i] === COLL_ASSET ? this.wCollateral[i] : 0) + fut;
    for (let s = 0; s < G; s++) {
      const loss = grid.weight[s] * (q * this.sChanges[base + s] - spotUnits * price * grid.priceMove[s]);
      if (loss > requirement) requirement = loss;
    }
    return requirement;
  }
  /** Per-series values, per-position charges and grid changes at `price` and the current time. */
  refreshSeries(price) {
    if (price === this.cachePrice) return;
    this.cachePrice = price;
    const grid = this.grid;
    const mm = this.design.marginModel;
    const G = grid?.size ?? 0;
    const changes = new Float64Array(G);
    for (let si = 0; si < this.seriesCount; si++) {
      if (this.sExpired[si] === 1) {
        this.sValue[si] = 0;
        this.sCharge[si] = 0;
        continue;
      }
      const isCall = this.sIsCall[si] === 1;
      const K = this.sStrike[si];
      const years = Math.max(0, (this.sExpiry[si] - this.t) / SECONDS_PER_YEAR2);
      const sigma = this.surface.vol(K, price, years);
      if (grid !== null) {
        this.sValue[si] = optionScenarioChanges(isCall, K, years, price, this.rate, sigma, grid, changes);
        this.sChanges.set(changes, si * G);
      } else {
        this.sValue[si] = bsPrice(isCall, price, K, years, this.rate, sigma);
        if (mm.kind === "per-position") this.sCharge[si] = shortOptionCharge(isCall, K, price, mm);
      }
    }
  }
  /** Writes the vaults' next calls at the spot `price` (premium from the surface, paid by market makers). */
  rollVault(t, price) {
    const v = this.spec.vaults;
    this.vCalls = this.vUnits;
    this.vStrike = v.callMoneyness * price;
    this.vExpiry = t + v.rollDays * 86400;
    const years = (this.vExpiry - t) / SECONDS_PER_YEAR2;
    const premium = bsPrice(
      true,
      price,
      this.vStrike,
      years,
      this.rate,
      this.surface.vol(this.vStrike, price, years)
    );
    this.dCash -= this.vCalls * premium;
    this.vRolled = true;
  }
  /** Market makers' delta from the vault calls they hold (long). */
  vaultCallDelta(price, t) {
    if (this.vCalls <= 0 || t >= this.vExpiry) return 0;
    const years = (this.vExpiry - t) / SECONDS_PER_YEAR2;
    return this.vCalls * bsDelta(true, price, this.vStrike, years, this.rate, this.surface.vol(this.vStrike, price, years));
  }
  settleExpiries(t, price) {
    if (this.spec.vaults && this.vExpiry <= t) {
      const give = Math.min(this.vUnits, this.vCalls * Math.max(0, price - this.vStrike) / price);
      this.vUnits -= give;
      this.vPaidUnits += give;
      this.dCash += give * price;
      this.rollVault(t, price);
    }
    let any = false;
    for (let si = 0; si < this.seriesCount; si++) {
      if (this.sExpired[si] === 0 && this.sExpiry[si] <= t) {
        this.sExpired[si] = 2;
        any = true;
      }
    }
    if (any) {
      for (let i = 0; i < this.writerCount; i++) {
        const si = this.wSeries[i];
        if (this.sExpired[si] !== 2 || this.wStatus[i] !== STATUS_ACTIVE) continue;
        const K = this.sStrike[si];
        const intrinsic = this.sIsCall[si] === 1 ? Math.max(0, price - K) : Math.max(0, K - price);
        const owed = this.wUnits[i] * intrinsic;
        const coll = this.wCollateral[i];
        if (this.wCollKind[i] === COLL_ASSET) {
          const give = Math.min(coll, owed / price);
          this.wCollateral[i] = coll - give;
          this.paidToHoldersUnits += give;
          this.badDebtUsd += owed - give * price;
        } else {
          const give = Math.min(coll, owed);
          this.wCollateral[i] = coll - give;
          this.paidToHoldersUsd += give;
          this.badDebtUsd += owed - give;
        }
        this.wStatus[i] = STATUS_EXPIRED;
        this.stepExpiredWriters++;
      }
      for (let si = 0; si < this.seriesCount; si++) if (this.sExpired[si] === 2) this.sExpired[si] = 1;
    }
    if (!this.dExpired && this.dExpiry <= t) {
      for (let k = 0; k < this.dQty.length; k++) {
        const K = this.dStrike[k];
        const intrinsic = this.dIsCall[k] === 1 ? Math.max(0, price - K) : Math.max(0, K - price);
        this.dCash += this.dQty[k] * intrinsic;
      }
      this.dExpired = true;
    }
  }
  /** Units insurer i's rule wants held at `price` with portfolio value `value` (USD) at time t. */
  insurerTargetUnits(i, price, t, value) {
    const rule = this.spec.insurers.rule;
    if (!(value > 0) || !(price > 0)) return 0;
    let exposureUsd;
    if (rule.kind === "cppi") {
      exposureUsd = rule.multiplier * (value - this.iFloor[i]);
    } else {
      const K = rule.strikeFraction * this.initialPrice;
      const years = Math.max(0, (this.startTime + rule.horizonDays * 86400 - t) / SECONDS_PER_YEAR2);
      const callDelta = bsDelta(true, price, K, years, this.rate, rule.assumedVol);
      const put = bsPrice(false, price, K, years, this.rate, rule.assumedVol);
      exposureUsd = value * price * callDelta / (price + put);
    }
    return Math.min(Math.max(exposureUsd, 0), value) / price;
  }
};
function pickWeighted(items, total, u) {
  let x = u * total;
  for (const it of items) {
    x -= it.weight;
    if (x < 0) return it;
  }
  for (let k = items.length - 1; k >= 0; k--) if (items[k].weight > 0) return items[k];
  return items[items.length - 1];
}
function assertPrice(price, where) {
  if (!(price > 0) || !Number.isFinite(price)) {
    throw new RangeError(
      `DerivativesLayer.${where}: price must be a positive finite USD value (got ${price})`
    );
  }
}
function fmt(x) {
  const r = Math.round(x);
  const s = Math.abs(r).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return r < 0 ? `-${s}` : s;
}
function fmtUsd(x) {
  if (Math.abs(x) >= 1e9) return `$${(x / 1e9).toFixed(2)} B`;
  if (Math.abs(x) >= 1e6) return `$${(x / 1e6).toFixed(1)} M`;
  if (Math.abs(x) >= 1e3) return `$${fmt(x)}`;
  return `$${x.toFixed(2)}`;
}

// src-main/engine/design.ts
var DESIGN_SCHEMA_VERSION = 2;
var positive2 = (what) => z2.number({ error: `${what} must be a number` }).finite().positive();
var nonNegative2 = (what) => z2.number({ error: `${what} must be a number` }).finite().min(0);
var fraction2 = (what) => z2.number({ error: `${what} must be a number` }).finite().min(0, `${what} must be \u2265 0`).max(1, `${what} must be \u2264 1`);
var ratioFields = {
  /**
   * Collateral value / debt below which an account is liquidatable (Maker `mat`, 1/collateral factor;
   * for perpetuals 1/(1 − maintenance margin)). For a volatility-scaled margin: the requirement at the
   * reference volatility (the calm start).
   */
  liquidationRatio: z2.number().finite().min(1, "liquidationRatio must be \u2265 1 (collateral worth at least the debt)").max(10),
  /** Collateral value / debt below which an account is called (warned) before liquidation; ≥ liquidationRatio. */
  callRatio: z2.number().finite().min(1).max(20)
};
var AntiProcyclicalSchema = z2.discriminatedUnion("kind", [
  z2.strictObject({ kind: z2.literal("none") }),
  z2.strictObject({ kind: z2.literal("buffer"), buffer: z2.number().finite().min(0).max(2) }),
  z2.strictObject({
    kind: z2.literal("stressed-floor"),
    /** Annualised volatility of the stressed look-back period (e.g. 1.5 = 150%). */
    stressedVolatility: positive2("stressedVolatility").max(20),
    weight: fraction2("weight")
  })
]);
var VolatilityMarginSchema = z2.strictObject({
  /** Annualised volatility the base requirement is set for (and the EWMA's starting value). */
  referenceVolatility: positive2("referenceVolatility").max(20),
  /** Half-life of the EWMA of squared oracle log returns, hours. */
  ewmaHalfLifeHours: positive2("ewmaHalfLifeHours").max(24 * 365),
  /**
   * Returns are sampled over this interval, minutes (risk models use hourly or daily returns: tick
   * noise would otherwise swamp the estimate).
   */
  returnIntervalMinutes: positive2("returnIntervalMinutes").max(7 * 24 * 60),
  /** The haircut (1 − 1/ratio) never goes below this multiple of the base haircut… */
  floorMultiple: z2.number().finite().min(0.1).max(10),
  /** …nor above this multiple. */
  capMultiple: z2.number().finite().min(0.1).max(20),
  /** Largest rise of that multiple per hour (a ramp limit); null: none. */
  maxRisePerHour: positive2("maxRisePerHour").max(100).nullable(),
  antiProcyclical: AntiProcyclicalSchema
});
var MarginSchema = z2.discriminatedUnion("kind", [
  z2.strictObject({ kind: z2.literal("fixed-ratio"), ...ratioFields }),
  z2.strictObject({
    kind: z2.literal("volatility-scaled"),
    ...ratioFields,
    volatility: VolatilityMarginSchema
  })
]);
var OracleTransformSchema = z2.discriminatedUnion("kind", [
  z2.strictObject({ kind: z2.literal("none") }),
  /** Maker's Oracle Security Module: releases, every `hopSeconds`, the value read one hop earlier. */
  z2.strictObject({ kind: z2.literal("osm"), hopSeconds: positive2("hopSeconds").max(86400) }),
  z2.strictObject({ kind: z2.literal("delay"), delaySeconds: nonNegative2("delaySeconds").max(86400) }),
  z2.strictObject({ kind: z2.literal("twap"), windowSeconds: positive2("windowSeconds").max(86400) }),
  z2.strictObject({ kind: z2.literal("ema"), halfLifeSeconds: positive2("halfLifeSeconds").max(86400) })
]);
var OracleUpdateSchema = z2.discriminatedUnion("kind", [
  z2.strictObject({ kind: z2.literal("every-step") }),
  z2.strictObject({
    kind: z2.literal("deviation"),
    /** Post a new value when it differs from the last posted one by this many basis points… */
    thresholdBps: positive2("thresholdBps").max(5e3),
    /** …or when this long has passed since the last post. */
    heartbeatSeconds: positive2("heartbeatSeconds").max(7 * 86400)
  })
]);
var OracleSchema = z2.strictObject({
  /** 'median' of all the asset's venues, or one named venue. */
  source: z2.enum(["median", "venue"]),
  venue: z2.string().min(1).optional(),
  transform: OracleTransformSchema,
  update: OracleUpdateSchema,
  /** Feeds cannot post when network gas (gwei) is above this (Black Thursday: ~100 gwei). null: no limit. */
  maxGasGwei: positive2("maxGasGwei").nullable(),
  /** Whether the scenario's outage windows stop this oracle. */
  honorOutages: z2.boolean()
});
var DecaySchema = z2.discriminatedUnion("kind", [
  z2.strictObject({
    kind: z2.literal("stairstep-exponential"),
    stepSeconds: positive2("stepSeconds"),
    /** Multiplier applied each step (Maker `cut`, e.g. 0.99). */
    cut: z2.number().finite().gt(0).lt(1)
  }),
  z2.strictObject({ kind: z2.literal("linear"), durationSeconds: positive2("durationSeconds") }),
  z2.strictObject({ kind: z2.literal("exponential"), halfLifeSeconds: positive2("halfLifeSeconds") })
]);
var LiquidationSchema = z2.discriminatedUnion("kind", [
  z2.strictObject({
    kind: z2.literal("market-sale"),
    /** Share of the debt a liquidator may repay per liquidation (Compound 0.5). */
    closeFactor: z2.number().finite().gt(0).max(1),
    /** Extra collateral the liquidator receives, as a fraction of what it repays (Compound 0.08). */
    bonus: fraction2("bonus")
  }),
  z2.strictObject({
    kind: z2.literal("english-auction"),
    /** Liquidation penalty (Maker `chop` − 1). */
    penalty: fraction2("penalty"),
    /** Maximum collateral per auction, asset units (Maker `lump`). */
    lotSize: positive2("lotSize"),
    /** Minimum bid increase (Maker `beg` − 1). */
    minIncrement: fraction2("minIncrement"),
    /** An auction ends this long after its last bid (Maker `ttl`). */
    bidDurationSeconds: positive2("bidDurationSeconds"),
    /** An auction ends this long after its start (Maker `tau`). */
    maxDurationSeconds: positive2("maxDurationSeconds")
  }),
  z2.strictObject({
    kind: z2.literal("dutch-auction"),
    penalty: fraction2("penalty"),
    /** Starting price = oracle price × startBuffer (Maker `buf`). */
    startBuffer: z2.number().finite().min(1).max(3),
    decay: DecaySchema,
    /** Reset the auction after this long (Maker `tail`). */
    resetAfterSeconds: positive2("resetAfterSeconds"),
    /** Reset when price / start price falls below this (Maker `cusp`). */
    resetBelowRatio: fraction2("resetBelowRatio"),
    /** Maximum collateral per auction, asset units. */
    lotSize: positive2("lotSize"),
    /** No new auction while the debt + penalty in active auctions exceeds this, USD (Maker `ilk.hole`). */
    maxActiveTabUsd: positive2("maxActiveTabUsd"),
    /** Flat keeper incentive per kick or reset, USD (Maker `tip`). */
    keeperTipUsd: nonNegative2("keeperTipUsd"),
    /** Proportional keeper incentive per kick or reset, fraction of the debt (Maker `chip`). */
    keeperChip: fraction2("keeperChip"),
    /** Takers may settle through a DEX inside the take (Maker `clipperCallee`): no capital needed. */
    flashLiquidity: z2.boolean()
  }),
  z2.strictObject({
    /**
     * Liquity-style stability pool: deposits (stablecoins) absorb a liquidated account's debt and
     * receive all its collateral (worth more than the debt: the depositors' discount); the pool
     * sells its collateral gains on the venues at a chosen rate. When the deposits cannot absorb a
     * debt, the account's debt and collateral are redistributed to the remaining accounts pro rata
     * to their collateral, or sold at market like a fixed-discount liquidation.
     */
    kind: z2.literal("stability-pool"),
    /** Deposits in the pool at the start, USD. */
    depositsUsd: nonNegative2("depositsUsd"),
    /** Flat gas compensation to the caller of a liquidation, USD (Liquity 200 LUSD). */
    gasCompensationUsd: nonNegative2("gasCompensationUsd"),
    /** Share of the collateral paid to the caller (Liquity 0.5%). */
    gasCompensationFraction: fraction2("gasCompensationFraction"),
    /** Half-life of the pool's holding of collateral gains: that much is sold per half-life, seconds. */
    sellOffHalfLifeSeconds: positive2("sellOffHalfLifeSeconds").max(30 * 86400),
    /** Share of the sale proceeds depositors put back into the pool. */
    reinvestFraction: fraction2("reinvestFraction"),
    whenEmpty: z2.enum(["redistribute", "market-sale"]),
    /** Close factor and bonus of the market-sale fallback (used when whenEmpty is market-sale). */
    fallbackCloseFactor: z2.number().finite().gt(0).max(1),
    fallbackBonus: fraction2("fallbackBonus")
  }),
  z2.strictObject({
    /**
     * Perpetual-futures exchange: the liquidation engine closes the position at market and charges a
     * fee to the insurance fund; negative equity is drawn from the fund; past it, profitable opposite
     * positions are auto-deleveraged by rank (unrealised PnL × leverage) at the bankruptcy price.
     */
    kind: z2.literal("exchange-close"),
    /** Fee on the closed notional paid to the insurance fund, from what equity is left (dYdX ≤ 1.5%). */
    liquidationFee: fraction2("liquidationFee").max(0.2, "liquidationFee must be \u2264 0.2"),
    /** Insurance fund at the start, USD. */
    insuranceFundUsd: nonNegative2("insuranceFundUsd"),
    /** Reduce profitable opposite positions once the fund is exhausted (false: the loss is bad debt). */
    autoDeleverage: z2.boolean(),
    /**
     * Protocol-owned backstop vault (Hyperliquid HLP): takes over, at the oracle price, positions whose
     * equity is below this fraction of maintenance margin, and unwinds them on the market. null: none.
     */
    backstopVault: z2.strictObject({
      belowMaintenanceFraction: fraction2("belowMaintenanceFraction"),
      /** The vault's capital, USD: it takes no position that would make its equity negative. */
      capitalUsd: nonNegative2("capitalUsd"),
      /** Risk limit: the most it holds at once, USD at the oracle (positions beyond go to the book). */
      maxHoldingUsd: positive2("maxHoldingUsd"),
      /** Half-life of the vault's unwinding of what it took over, seconds. */
      unwindHalfLifeSeconds: positive2("unwindHalfLifeSeconds").max(30 * 86400)
    }).nullable(),
    /** Positions above this notional are closed in slices (Hyperliquid: 100k USDC, 20%, 30 s). null: whole. */
    partialClose: z2.strictObject({
      aboveUsd: positive2("aboveUsd"),
      fraction: z2.number().finite().gt(0).max(1),
      cooldownSeconds: nonNegative2("cooldownSeconds").max(86400)
    }).nullable()
  })
]);
var CircuitBreakerSchema = z2.strictObject({
  dropFraction: z2.number().finite().gt(0).lt(1),
  windowSeconds: positive2("windowSeconds").max(7 * 86400),
  /** `pause`: no new liquidations (calls still go out); `scale-margin`: multiply the haircut. */
  action: z2.enum(["pause", "scale-margin"]),
  /** For scale-margin: > 1 raises requirements (CCP-style), < 1 relaxes them (forbearance). */
  haircutMultiplier: z2.number().finite().min(0.2).max(5),
  durationSeconds: positive2("durationSeconds").max(7 * 86400)
});
var ModifiersSchema = z2.strictObject({
  /** Liquidate only enough to bring the account back to this collateral ratio (> liquidationRatio). */
  partialTargetRatio: z2.number().finite().gt(1).max(20).nullable(),
  /** Liquidation sales per step are capped at this multiple of the venues' depth (USD per 1% move). */
  liquidityCapDepthMultiple: positive2("liquidityCapDepthMultiple").max(1e3).nullable(),
  /** Lots worth more than `aboveUsd` are sold as TWAP slices over `slices` steps. */
  tiered: z2.strictObject({ aboveUsd: positive2("aboveUsd"), slices: z2.number().int().min(2).max(1e4) }).nullable(),
  /** An account must stay liquidatable this long before it is liquidated, seconds (0: none). */
  gracePeriodSeconds: nonNegative2("gracePeriodSeconds").max(86400),
  circuitBreaker: CircuitBreakerSchema.nullable()
});
var NO_MODIFIERS = {
  partialTargetRatio: null,
  liquidityCapDepthMultiple: null,
  tiered: null,
  gracePeriodSeconds: 0,
  circuitBreaker: null
};
var ShortfallSchema = z2.strictObject({
  /** Protocol surplus that absorbs bad debt first, USD (Maker `hump`-sized buffer). */
  surplusBufferUsd: nonNegative2("surplusBufferUsd"),
  /** What covers bad debt beyond the buffer: minting the governance token in a debt auction, or socialising. */
  then: z2.enum(["debt-auction", "socialise"]),
  /** Governance-token price assumed by the debt auction, USD. */
  govTokenPriceUsd: positive2("govTokenPriceUsd"),
  /** Discount at which the debt auction clears against that price (fraction). */
  debtAuctionDiscount: fraction2("debtAuctionDiscount"),
  /** Delay before a debt auction can start (Maker `wait`). */
  debtAuctionDelaySeconds: nonNegative2("debtAuctionDelaySeconds")
});
var KeeperOverrideSchema = z2.strictObject({
  count: z2.number().int().min(0).max(1e3).optional(),
  capitalUsd: nonNegative2("capitalUsd").optional(),
  gasCapMedianGwei: positive2("gasCapMedianGwei").optional(),
  lowballers: z2.number().int().min(0).max(100).optional()
});
var DesignSchema = z2.strictObject({
  schemaVersion: z2.union([z2.literal(1), z2.literal(DESIGN_SCHEMA_VERSION)], {
    error: `schemaVersion must be ${DESIGN_SCHEMA_VERSION} (this app's design format; 1 is read and upgraded)`
  }),
  id: z2.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "id must be lowercase letters, digits and dashes"),
  name: z2.string().min(1).max(120),
  description: z2.string().max(4e3),
  sources: z2.array(z2.string().max(1e3)).max(50),
  margin: MarginSchema,
  oracle: OracleSchema,
  liquidation: LiquidationSchema,
  shortfall: ShortfallSchema,
  keepers: KeeperOverrideSchema,
  /** Modifiers on the mechanism (partial, caps, tiers, grace, circuit breaker); absent = none. */
  modifiers: ModifiersSchema.optional(),
  /**
   * Options venue / protocol decisions (margin model for option writers, dealers' hedging policy,
   * IV feedback, which loops run); used when the scenario has derivatives. Absent: the defaults of
   * options/option-book.ts (DEFAULT_OPTIONS_DESIGN).
   */
  options: OptionsDesignSchema.optional(),
  /**
   * Per-asset collateral haircuts (absent, or an asset not listed: 0), like Aave's per-asset
   * liquidation thresholds (LT_a = 1 − h_a) or a CCP's collateral haircuts. A basket unit's effective
   * value is Σ_a q_a · P_a · (1 − h_a) at the oracle prices, and an account is liquidatable when
   * debt × liquidationRatio > collateral × effective value. Seizures and sales use the full
   * (un-haircut) value. Asset names are checked against the scenario when a run starts.
   */
  collateralHaircuts: z2.record(
    z2.string().regex(/^[A-Za-z0-9.-]{1,16}$/, "collateralHaircuts keys must be asset ids"),
    z2.number({ error: "a collateral haircut must be a number" }).finite().min(0, "a collateral haircut must be \u2265 0").lt(1, "a collateral haircut must be < 1 (the asset would count for nothing)")
  ).optional()
});
var DesignError = class extends Error {
  constructor(message, field) {
    super(message);
    this.field = field;
    this.name = "DesignError";
  }
  field;
};
function parseDesign(input) {
  const result = DesignSchema.safeParse(input);
  if (!result.success) {
    const first = result.error.issues[0];
    if (!first) throw new DesignError("design: invalid", "design");
    const { field, message } = describeIssue("design", first);
    throw new DesignError(message, field);
  }
  const design = { ...result.data, schemaVersion: DESIGN_SCHEMA_VERSION };
  if (design.margin.callRatio < design.margin.liquidationRatio) {
    throw new DesignError(
      `design.margin.callRatio: ${design.margin.callRatio} is below liquidationRatio ${design.margin.liquidationRatio}; a call must come before liquidation`,
      "design.margin.callRatio"
    );
  }
  if (design.oracle.source === "venue" && !design.oracle.venue) {
    throw new DesignError("design.oracle.venue: a venue oracle must name its venue", "design.oracle.venue");
  }
  const m = design.modifiers;
  if (m?.partialTargetRatio != null && m.partialTargetRatio <= design.margin.liquidationRatio) {
    throw new DesignError(
      `design.modifiers.partialTargetRatio: ${m.partialTargetRatio} must be above liquidationRatio ${design.margin.liquidationRatio} (a partial liquidation restores health above the threshold)`,
      "design.modifiers.partialTargetRatio"
    );
  }
  if (design.margin.kind === "volatility-scaled") {
    const v = design.margin.volatility;
    if (v.capMultiple < v.floorMultiple) {
      throw new DesignError(
        `design.margin.volatility.capMultiple: ${v.capMultiple} is below floorMultiple ${v.floorMultiple}`,
        "design.margin.volatility.capMultiple"
      );
    }
  }
  const b = m?.circuitBreaker;
  if (b && b.action === "scale-margin" && b.haircutMultiplier === 1) {
    throw new DesignError(
      "design.modifiers.circuitBreaker.haircutMultiplier: 1 changes nothing; use > 1 to raise or < 1 to relax margins",
      "design.modifiers.circuitBreaker.haircutMultiplier"
    );
  }
  return design;
}
function canonicalJson(value) {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== void 0).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0);
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
function designHash(design) {
  return fnv1a64(canonicalJson(design));
}
function fnv1a64(text) {
  let h = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = 0xffffffffffffffffn;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = h * prime & mask;
  }
  return h.toString(16).padStart(16, "0");
}

// src-main/engine/auction-book.ts
function grow(a, size) {
  const next = new a.constructor(size);
  next.set(a);
  return next;
}
var AuctionBook = class {
  constructor(kind, initial = 1024) {
    this.kind = kind;
    this.cap = initial;
    const f = () => new Float64Array(initial);
    const i = () => new Int32Array(initial);
    this.account = i();
    this.kickStep = i();
    this.endStep = i();
    this.lotUnits = f();
    this.debtUsd = f();
    this.tabUsd = f();
    this.proceedsUsd = f();
    this.returnedUnits = f();
    this.shortfallUsd = f();
    this.zeroBid = new Uint8Array(initial);
    this.oracleAtKick = f();
    this.marketAtKick = f();
    this.winner = i();
    this.resets = i();
    this.lot = f();
    this.debtLeft = f();
    this.tabLeft = f();
    this.bid = f();
    this.bidder = i();
    this.bidExpiry = i();
    this.end = i();
    this.top = f();
    this.startStep = i();
  }
  kind;
  size = 0;
  cap;
  // Record columns.
  account;
  kickStep;
  endStep;
  lotUnits;
  debtUsd;
  tabUsd;
  proceedsUsd;
  returnedUnits;
  shortfallUsd;
  zeroBid;
  oracleAtKick;
  marketAtKick;
  winner;
  resets;
  // Live state.
  lot;
  debtLeft;
  tabLeft;
  bid;
  bidder;
  bidExpiry;
  end;
  top;
  startStep;
  /** Opens an auction and returns its index (its record id is index + 1). */
  open(account, step, lot, debt, tab, oracle, market, end, top) {
    if (this.size === this.cap) this.resize(this.cap * 2);
    const a = this.size++;
    this.account[a] = account;
    this.kickStep[a] = step;
    this.endStep[a] = -1;
    this.lotUnits[a] = lot;
    this.debtUsd[a] = debt;
    this.tabUsd[a] = tab;
    this.oracleAtKick[a] = oracle;
    this.marketAtKick[a] = market;
    this.winner[a] = -1;
    this.lot[a] = lot;
    this.debtLeft[a] = debt;
    this.tabLeft[a] = tab;
    this.bidder[a] = -1;
    this.end[a] = end;
    this.top[a] = top;
    this.startStep[a] = step;
    return a;
  }
  record(a) {
    return {
      id: a + 1,
      account: this.account[a],
      kind: this.kind,
      kickStep: this.kickStep[a],
      endStep: this.endStep[a],
      lotUnits: this.lotUnits[a],
      debtUsd: this.debtUsd[a],
      tabUsd: this.tabUsd[a],
      proceedsUsd: this.proceedsUsd[a],
      returnedUnits: this.returnedUnits[a],
      shortfallUsd: this.shortfallUsd[a],
      zeroBid: this.zeroBid[a] === 1,
      oracleAtKick: this.oracleAtKick[a],
      marketAtKick: this.marketAtKick[a],
      winner: this.winner[a],
      resets: this.resets[a]
    };
  }
  records() {
    return Array.from({ length: this.size }, (_, a) => this.record(a));
  }
  get memoryBytes() {
    return this.cap * (8 * 13 + 4 * 9 + 1);
  }
  resize(cap) {
    this.cap = cap;
    for (const key of Object.keys(this)) {
      const v = this[key];
      if (v instanceof Float64Array || v instanceof Int32Array || v instanceof Uint8Array) {
        this[key] = grow(v, cap);
      }
    }
  }
};
var LiquidationLog = class {
  size = 0;
  cap = 1024;
  account = new Int32Array(1024);
  step = new Int32Array(1024);
  units = new Float64Array(1024);
  valueUsd = new Float64Array(1024);
  debtUsd = new Float64Array(1024);
  auction = new Int32Array(1024);
  push(account, step, units, valueUsd, debtUsd, auction) {
    if (this.size === this.cap) {
      this.cap *= 2;
      this.account = grow(this.account, this.cap);
      this.step = grow(this.step, this.cap);
      this.units = grow(this.units, this.cap);
      this.valueUsd = grow(this.valueUsd, this.cap);
      this.debtUsd = grow(this.debtUsd, this.cap);
      this.auction = grow(this.auction, this.cap);
    }
    const k = this.size++;
    this.account[k] = account;
    this.step[k] = step;
    this.units[k] = units;
    this.valueUsd[k] = valueUsd;
    this.debtUsd[k] = debtUsd;
    this.auction[k] = auction;
  }
  records() {
    return Array.from({ length: this.size }, (_, k) => ({
      account: this.account[k],
      step: this.step[k],
      units: this.units[k],
      valueUsd: this.valueUsd[k],
      debtUsd: this.debtUsd[k],
      auction: this.auction[k]
    }));
  }
  get memoryBytes() {
    return this.cap * (4 * 3 + 8 * 3);
  }
};

// src-main/engine/accounts.ts
var RESPONSE_NONE = 0;
var RESPONSE_TOP_UP = 1;
var RESPONSE_DELEVERAGE = 2;
var STATUS_ACTIVE2 = 0;
var STATUS_CLOSED = 1;
var ACCOUNT_BYTES = 8 * 3 + 1 + 2 + 4 + 1 + 4 + 4 + 1 + 2;
function allocateAccounts(n) {
  return {
    count: n,
    collateral: new Float64Array(n),
    debt: new Float64Array(n),
    reserve: new Float64Array(n),
    responseKind: new Uint8Array(n),
    responseDelaySteps: new Uint16Array(n),
    gasCapGwei: new Float32Array(n),
    status: new Uint8Array(n),
    calledAt: new Int32Array(n).fill(-1),
    giveUpStep: new Int32Array(n).fill(-1),
    selling: new Uint8Array(n),
    whale: new Int16Array(n).fill(-1)
  };
}
function generateAccounts(spec, n, initialPrice, stepSeconds, seed, leverage = true) {
  const whales = spec.whales.length;
  if (!Number.isInteger(n) || n < whales + 1) {
    throw new RangeError(`accounts must be a whole number \u2265 ${whales + 1} for this scenario (got ${n})`);
  }
  const acc = allocateAccounts(n);
  const rng = new Rng(seed, 1);
  const bins = spec.collateralRatioBins;
  const cumulative = new Float64Array(bins.length);
  let wsum = 0;
  bins.forEach((b, i) => {
    wsum += b.weight;
    cumulative[i] = wsum;
  });
  const ratios = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (i < whales) {
      ratios[i] = spec.whales[i].collateralRatio;
      continue;
    }
    const pick = rng.fast() * wsum;
    let b = 0;
    while (b < bins.length - 1 && cumulative[b] <= pick) b++;
    const bin = bins[b];
    ratios[i] = bin.from + (bin.to - bin.from) * rng.fast();
  }
  const order = riskOrder(ratios);
  const whaleDebt = spec.whales.reduce((s, w) => s + w.debtUsd, 0);
  const ordinaryDebt = Math.max(0, spec.totalDebtUsd - whaleDebt);
  const invAlpha = 1 / spec.debtParetoAlpha;
  const r = spec.response;
  const delayMedianSteps = r.medianDelayMinutes * 60 / stepSeconds;
  let raw = 0;
  for (let j = 0; j < n; j++) {
    const drawn = order[j];
    if (drawn < whales) {
      acc.debt[j] = spec.whales[drawn].debtUsd;
      acc.whale[j] = drawn;
    } else {
      const d = Math.min(Math.exp(-invAlpha * Math.log(1 - rng.fast())), 1e6);
      acc.debt[j] = d;
      raw += d;
    }
    const pr = rng.fast();
    acc.responseKind[j] = pr < r.topUp ? RESPONSE_TOP_UP : pr < r.topUp + r.deleverage ? RESPONSE_DELEVERAGE : RESPONSE_NONE;
    acc.responseDelaySteps[j] = Math.min(
      65535,
      Math.max(1, Math.round(delayMedianSteps * Math.exp(r.delaySigma * rng.fastNormal())))
    );
    acc.reserve[j] = r.reserveMedianRatio * Math.exp(rng.fastNormal());
    acc.gasCapGwei[j] = r.gasCapMedianGwei * Math.exp(r.gasCapSigma * rng.fastNormal());
  }
  const scale = raw > 0 ? ordinaryDebt / raw : 0;
  for (let j = 0; j < n; j++) {
    const drawn = order[j];
    if (drawn >= whales) acc.debt[j] = acc.debt[j] * scale;
    acc.collateral[j] = acc.debt[j] * ratios[drawn] / initialPrice;
    acc.reserve[j] = acc.reserve[j] * acc.collateral[j];
    if (!leverage) acc.debt[j] = 0;
  }
  return acc;
}
function riskOrder(ratios) {
  const n = ratios.length;
  let lo = Infinity;
  let hi = -Infinity;
  const logs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const l = Math.log(ratios[i]);
    logs[i] = l;
    if (l < lo) lo = l;
    if (l > hi) hi = l;
  }
  const KEYS = 65536;
  const scale = hi > lo ? (KEYS - 1) / (hi - lo) : 0;
  const keys = new Uint16Array(n);
  const start = new Uint32Array(KEYS + 1);
  for (let i = 0; i < n; i++) {
    const k = Math.floor((logs[i] - lo) * scale);
    keys[i] = k;
    start[k + 1]++;
  }
  for (let k = 0; k < KEYS; k++) start[k + 1] += start[k];
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[start[keys[i]]++] = i;
  return order;
}

// src-main/engine/margin-model.ts
var SECONDS_PER_YEAR3 = 365 * 86400;
var MAX_HAIRCUT = 0.95;
var MarginState = class {
  constructor(margin, stepSeconds, breaker) {
    this.margin = margin;
    this.stepSeconds = stepSeconds;
    this.baseRatio = margin.liquidationRatio;
    this.baseHaircut = 1 - 1 / margin.liquidationRatio;
    this.ratio = this.baseRatio;
    this.peakRatio = this.baseRatio;
    if (margin.kind === "volatility-scaled") {
      const v = margin.volatility;
      this.volatility = v.referenceVolatility;
      this.refVol = v.antiProcyclical.kind === "stressed-floor" ? (1 - v.antiProcyclical.weight) * v.referenceVolatility + v.antiProcyclical.weight * v.antiProcyclical.stressedVolatility : v.referenceVolatility;
      this.sampleSteps = Math.max(1, Math.round(v.returnIntervalMinutes * 60 / stepSeconds));
      this.lambda = Math.pow(0.5, this.sampleSteps * stepSeconds / (v.ewmaHalfLifeHours * 3600));
    } else {
      this.volatility = 0;
      this.refVol = 1;
      this.lambda = 1;
    }
    this.variance = this.volatility * this.volatility / SECONDS_PER_YEAR3;
    this.breaker = breaker;
    this.windowSteps = breaker ? Math.max(1, Math.round(breaker.windowSeconds / stepSeconds)) : 0;
    this.durationSteps = breaker ? Math.max(1, Math.round(breaker.durationSeconds / stepSeconds)) : 0;
    this.dqStep = new Int32Array(breaker ? this.windowSteps + 2 : 0);
    this.dqPrice = new Float64Array(breaker ? this.windowSteps + 2 : 0);
  }
  margin;
  stepSeconds;
  /** Base liquidation ratio LR₀ (triggers are computed with it). */
  baseRatio;
  baseHaircut;
  /** Liquidation ratio in force this step. */
  ratio;
  /** Posted multiple of the base haircut (1 in calm for every model). */
  multiple = 1;
  /** EWMA annualised volatility of the oracle. */
  volatility;
  /** Highest ratio in force so far. */
  peakRatio;
  breakerActive = false;
  breakerTrips = 0;
  /** Step at which the breaker trips off, when active. */
  breakerUntil = -1;
  variance;
  lambda;
  sampleSteps = 1;
  refVol;
  lastPrice = 0;
  breaker;
  windowSteps;
  durationSteps;
  /** Monotone deque of (step, price) for the window maximum. */
  dqStep;
  dqPrice;
  dqHead = 0;
  dqTail = 0;
  /** Factor the indexes' query price is multiplied by: LR₀ / LR_t. */
  get queryFactor() {
    return this.baseRatio / this.ratio;
  }
  /** Whether liquidations are paused this step (a tripped `pause` breaker). */
  get paused() {
    return this.breakerActive && this.breaker?.action === "pause";
  }
  /**
   * Step 3 of MODEL §7: reads the oracle price of step t, updates volatility, the breaker and the
   * requirement. Returns 'tripped' or 'reset' when the breaker changes state this step, else null.
   */
  update(t, oracle) {
    let change = null;
    if (t === 0) this.lastPrice = oracle;
    else if (this.margin.kind === "volatility-scaled" && t % this.sampleSteps === 0 && this.lastPrice > 0) {
      const r = Math.log(oracle / this.lastPrice);
      this.variance = this.lambda * this.variance + (1 - this.lambda) * r * r / (this.sampleSteps * this.stepSeconds);
      this.volatility = Math.sqrt(this.variance * SECONDS_PER_YEAR3);
      this.lastPrice = oracle;
    }
    if (this.breaker) {
      const b = this.breaker;
      while (this.dqTail > this.dqHead && this.dqPrice[(this.dqTail - 1) % this.dqPrice.length] <= oracle)
        this.dqTail--;
      this.dqStep[this.dqTail % this.dqStep.length] = t;
      this.dqPrice[this.dqTail % this.dqPrice.length] = oracle;
      this.dqTail++;
      while (this.dqStep[this.dqHead % this.dqStep.length] < t - this.windowSteps) this.dqHead++;
      const peak = this.dqPrice[this.dqHead % this.dqPrice.length];
      if (this.breakerActive && t >= this.breakerUntil) {
        this.breakerActive = false;
        change = "reset";
        this.dqHead = this.dqTail - 1;
      }
      if (!this.breakerActive && change === null && 1 - oracle / peak >= b.dropFraction) {
        this.breakerActive = true;
        this.breakerUntil = t + this.durationSteps;
        this.breakerTrips++;
        change = "tripped";
      }
    }
    let multiple = 1;
    if (this.margin.kind === "volatility-scaled") {
      const v = this.margin.volatility;
      const apc = v.antiProcyclical;
      const sigma = apc.kind === "stressed-floor" ? (1 - apc.weight) * this.volatility + apc.weight * apc.stressedVolatility : this.volatility;
      let computed = sigma / this.refVol;
      if (apc.kind === "buffer") {
        computed /= 1 + apc.buffer;
        multiple = Math.min(Math.max(this.multiple, computed), computed * (1 + apc.buffer));
      } else multiple = computed;
      multiple = Math.min(Math.max(multiple, v.floorMultiple), v.capMultiple);
      if (v.maxRisePerHour !== null) {
        const maxUp = this.multiple + v.maxRisePerHour * this.stepSeconds / 3600;
        if (multiple > maxUp) multiple = maxUp;
      }
    }
    this.multiple = multiple;
    let h = this.baseHaircut * multiple;
    if (this.breakerActive && this.breaker?.action === "scale-margin") h *= this.breaker.haircutMultiplier;
    if (h > MAX_HAIRCUT) h = MAX_HAIRCUT;
    this.ratio = Math.max(1, 1 / (1 - h));
    if (this.ratio > this.peakRatio) this.peakRatio = this.ratio;
    return change;
  }
};
function capitalEfficiencyOf(design, ratio, basket) {
  const scale = ratio === void 0 ? 1 : ratio / design.margin.liquidationRatio;
  if (design.liquidation.kind === "exchange-close") {
    const im = Math.min(0.999, (1 - 1 / design.margin.callRatio) * scale);
    return { maxLtv: 1 - im, maxLeverage: im > 0 ? 1 / im : Infinity };
  }
  const lr = ratio ?? design.margin.liquidationRatio;
  if (basket === void 0) return { maxLtv: 1 / lr, maxLeverage: lr > 1 ? lr / (lr - 1) : Infinity };
  const e = basketEfficiency(basket, design.collateralHaircuts);
  return { maxLtv: e / lr, maxLeverage: lr > e ? lr / (lr - e) : Infinity };
}

// src-main/engine/trigger-index.ts
function createTriggerIndex(kind, triggers, priceRange = [1e-6, 1e9], logKeys) {
  if (kind === "heap") return new HeapTriggerIndex(triggers);
  if (kind === "bucket") return new BucketTriggerIndex(triggers, priceRange[0], priceRange[1], logKeys);
  return new ScanTriggerIndex(triggers);
}
var ScanTriggerIndex = class {
  constructor(trigger) {
    this.trigger = trigger;
    this.member = new Uint8Array(trigger.length);
  }
  trigger;
  member;
  get memoryBytes() {
    return this.member.byteLength;
  }
  add(i) {
    this.member[i] = 1;
  }
  remove(i) {
    this.member[i] = 0;
  }
  update(_i) {
  }
  take(price, out, limit = Infinity) {
    if (limit <= 0) return;
    const m = this.member;
    const t = this.trigger;
    const found = [];
    for (let i = 0; i < m.length; i++) {
      if (m[i] === 1 && t[i] >= price) found.push(i);
    }
    if (found.length > 1) found.sort((a, b) => t[b] - t[a] || a - b);
    const count = Math.min(limit, found.length);
    for (let j = 0; j < count; j++) {
      const i = found[j];
      m[i] = 0;
      out.push(i);
    }
  }
};
var HeapTriggerIndex = class {
  constructor(trigger) {
    this.trigger = trigger;
    const cap = Math.max(16, trigger.length + (trigger.length >> 2));
    this.data = new Float64Array(2 * cap + BASE);
    this.member = new Uint8Array(trigger.length);
  }
  trigger;
  /** Entry p at data[2p + BASE] (key) and data[2p + BASE + 1] (account id). */
  data;
  size = 0;
  member;
  get memoryBytes() {
    return this.data.byteLength + this.member.byteLength;
  }
  /** Bulk insert of many accounts in O(n) (Floyd's heapify). */
  addAll(accounts) {
    this.ensure(this.size + accounts.length);
    const data = this.data;
    for (let j = 0; j < accounts.length; j++) {
      const i = accounts[j];
      this.member[i] = 1;
      const at = 2 * this.size + BASE;
      data[at] = this.trigger[i];
      data[at + 1] = i;
      this.size++;
    }
    for (let p = this.size - 2 >> 2; p >= 0; p--) this.siftDown(p);
  }
  add(i) {
    this.member[i] = 1;
    this.ensure(this.size + 1);
    this.siftUp(this.size++, this.trigger[i], i);
  }
  remove(i) {
    this.member[i] = 0;
  }
  update(i) {
    if (this.member[i] === 1) this.add(i);
  }
  take(price, out, limit = Infinity) {
    let taken = 0;
    const data = this.data;
    while (taken < limit && this.size > 0 && data[BASE] >= price) {
      const key = data[BASE];
      const i = data[BASE + 1];
      this.popTop();
      if (this.member[i] === 1 && this.trigger[i] === key) {
        this.member[i] = 0;
        out.push(i);
        taken++;
      }
    }
  }
  /**
   * Removes the root: the hole walks down to a leaf along the larger children (no comparison with
   * the moved entry on the way), then the last entry fills it and sifts up — it came from the bottom,
   * so it rarely rises.
   */
  popTop() {
    const n = --this.size;
    if (n === 0) return;
    const data = this.data;
    const key = data[2 * n + BASE];
    const id = data[2 * n + BASE + 1];
    let pos = 0;
    for (; ; ) {
      const first = 4 * pos + 1;
      if (first >= n) break;
      const c = this.largestChild(first, n);
      const ck = data[2 * c + BASE];
      const ci = data[2 * c + BASE + 1];
      const to = 2 * pos + BASE;
      data[to] = ck;
      data[to + 1] = ci;
      pos = c;
    }
    this.siftUp(pos, key, id);
  }
  /** Places entry (key, id) at the hole `pos` or above it, moving lower-ordered parents down. */
  siftUp(pos, key, id) {
    const data = this.data;
    while (pos > 0) {
      const parent = pos - 1 >> 2;
      const at = 2 * parent + BASE;
      const pk = data[at];
      if (!(key > pk || key === pk && id < data[at + 1])) break;
      const to2 = 2 * pos + BASE;
      data[to2] = pk;
      data[to2 + 1] = data[at + 1];
      pos = parent;
    }
    const to = 2 * pos + BASE;
    data[to] = key;
    data[to + 1] = id;
  }
  /** The first-ordered of the (up to four) children starting at `first`, among the `n` entries. */
  largestChild(first, n) {
    const data = this.data;
    let c = first;
    let at = 2 * first + BASE;
    let ck = data[at];
    let ci = data[at + 1];
    const last = first + 4 < n ? first + 4 : n;
    for (let j = first + 1; j < last; j++) {
      at += 2;
      const kj = data[at];
      if (kj > ck || kj === ck && data[at + 1] < ci) {
        c = j;
        ck = kj;
        ci = data[at + 1];
      }
    }
    return c;
  }
  /** Sifts entry `start` down to its place (heapify). */
  siftDown(start) {
    const data = this.data;
    const n = this.size;
    let pos = start;
    const key = data[2 * pos + BASE];
    const id = data[2 * pos + BASE + 1];
    for (; ; ) {
      const first = 4 * pos + 1;
      if (first >= n) break;
      const c = this.largestChild(first, n);
      const ck = data[2 * c + BASE];
      const ci = data[2 * c + BASE + 1];
      if (!(ck > key || ck === key && ci < id)) break;
      const to2 = 2 * pos + BASE;
      data[to2] = ck;
      data[to2 + 1] = ci;
      pos = c;
    }
    const to = 2 * pos + BASE;
    data[to] = key;
    data[to + 1] = id;
  }
  ensure(cap) {
    if (2 * cap + BASE <= this.data.length) return;
    const next = Math.max(cap, this.data.length - BASE);
    const d = new Float64Array(2 * next + BASE);
    d.set(this.data.subarray(0, 2 * this.size + BASE));
    this.data = d;
  }
};
var BASE = 6;
var BucketTriggerIndex = class {
  /** Buckets of width `logWidth` covering triggers from `lowPrice` to `highPrice` (outside: clamped). */
  /**
   * `logKeys`, when given, supplies log(trigger[i]) as log[i] + shift (the caller keeps logs it has
   * computed anyway). Its rounding can differ from Math.log by an ulp, so `take` also looks one
   * bucket below the price's: a trigger at or above the price is never missed.
   */
  constructor(trigger, lowPrice, highPrice, logKeys, logWidth = 5e-4) {
    this.trigger = trigger;
    this.logKeys = logKeys;
    this.scale = 1 / logWidth;
    this.offset = Math.floor(Math.log(lowPrice) * this.scale);
    this.count = Math.max(2, Math.ceil(Math.log(highPrice) * this.scale) - this.offset + 2);
    this.buckets = new Array(this.count);
    this.member = new Uint8Array(trigger.length);
    this.filedIn = new Int32Array(trigger.length);
  }
  trigger;
  logKeys;
  /** Allocated on first use: most of the price range never holds an account. */
  buckets;
  member;
  top = -1;
  scale;
  offset;
  count;
  filed = 0;
  scratch = [];
  /** The bucket each account was last filed in (valid while it is a member). */
  filedIn;
  get memoryBytes() {
    return this.member.byteLength + this.filedIn.byteLength + this.filed * 8 + this.count * 32;
  }
  bucketOf(key) {
    if (!(key > 0)) return 0;
    if (key === Infinity) return this.count - 1;
    return this.bucketOfLog(Math.log(key));
  }
  bucketOfLog(logKey) {
    if (logKey === Infinity) return this.count - 1;
    if (!(logKey > -Infinity)) return 0;
    const b = Math.floor(logKey * this.scale) - this.offset;
    return b < 0 ? 0 : b >= this.count ? this.count - 1 : b;
  }
  bucketOfAccount(i) {
    const k = this.logKeys;
    return k ? this.bucketOfLog(k.log[i] + k.shift) : this.bucketOf(this.trigger[i]);
  }
  add(i) {
    this.member[i] = 1;
    const b = this.bucketOfAccount(i);
    this.filedIn[i] = b;
    (this.buckets[b] ??= []).push(i);
    this.filed++;
    if (b > this.top) this.top = b;
  }
  /** Bulk insert (same as adding one by one). */
  addAll(accounts) {
    for (let j = 0; j < accounts.length; j++) this.add(accounts[j]);
  }
  remove(i) {
    this.member[i] = 0;
  }
  update(i) {
    if (this.member[i] === 1) this.add(i);
  }
  take(price, out, limit = Infinity) {
    if (limit <= 0) return;
    const floorBucket = Math.max(0, this.bucketOf(price) - (this.logKeys ? 1 : 0));
    const trig = this.trigger;
    let taken = 0;
    for (let b = this.top; b >= floorBucket && taken < limit; b--) {
      const list = this.buckets[b];
      if (list === void 0 || list.length === 0) continue;
      const valid = this.scratch;
      valid.length = 0;
      let kept = 0;
      const before = list.length;
      for (let j = 0; j < before; j++) {
        const i = list[j];
        if (this.member[i] !== 1 || this.filedIn[i] !== b) continue;
        if (trig[i] >= price) {
          this.member[i] = 2;
          valid.push(i);
        } else list[kept++] = i;
      }
      if (valid.length > 1) {
        valid.sort((x, y) => {
          const a = trig[x];
          const c = trig[y];
          return a > c ? -1 : a < c ? 1 : x - y;
        });
      }
      const n = Math.min(valid.length, limit - taken);
      for (let j = 0; j < n; j++) {
        const i = valid[j];
        this.member[i] = 0;
        out.push(i);
      }
      taken += n;
      for (let j = n; j < valid.length; j++) {
        this.member[valid[j]] = 1;
        list[kept++] = valid[j];
      }
      list.length = kept;
      this.filed -= before - kept;
    }
    while (this.top >= 0 && (this.buckets[this.top]?.length ?? 0) === 0) this.top--;
  }
};

// src-main/engine/perps.ts
var SHORT_ACTIVE = 0;
var SHORT_CLOSED = 1;
var ShortBook = class {
  constructor(spec, longAccounts, totalUnits, initialPrice, maintenance, seed, indexKind) {
    this.maintenance = maintenance;
    const n = Math.max(1, Math.round(longAccounts * spec.shorts.accountsPerLong));
    this.count = n;
    this.size = new Float64Array(n);
    this.entry = new Float64Array(n).fill(initialPrice);
    this.margin = new Float64Array(n);
    this.status = new Uint8Array(n);
    this.invTrigger = new Float64Array(n);
    const rng = new Rng(seed, 7);
    const bins = spec.shorts.leverageBins;
    const wsum = bins.reduce((s, b) => s + b.weight, 0);
    const invAlpha = 1 / spec.shorts.sizeParetoAlpha;
    let raw = 0;
    const lev = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let pick = rng.fast() * wsum;
      let b = 0;
      while (b < bins.length - 1 && pick >= bins[b].weight) {
        pick -= bins[b].weight;
        b++;
      }
      const bin = bins[b];
      lev[i] = Math.min(bin.from + (bin.to - bin.from) * rng.fast(), 1 / (maintenance * 1.05));
      const s = Math.min(Math.exp(-invAlpha * Math.log(1 - rng.fast())), 1e6);
      this.size[i] = s;
      raw += s;
    }
    const scale = raw > 0 ? totalUnits / raw : 0;
    for (let i = 0; i < n; i++) {
      this.size[i] = this.size[i] * scale;
      this.margin[i] = this.size[i] * initialPrice / lev[i];
      this.retrigger(i);
    }
    this.index = createTriggerIndex(indexKind, this.invTrigger, [
      1 / (initialPrice * 1e3),
      1e3 / initialPrice
    ]);
    for (let i = 0; i < n; i++) this.index.add(i);
  }
  maintenance;
  count;
  /** Position size, units. */
  size;
  entry;
  /** Margin balance, USD (realised PnL from ADL is added to it). */
  margin;
  status;
  /** 1 / liquidation price (inverted key: the index fires when 1/P ≤ this). */
  invTrigger;
  index;
  /** Max-heap of profitable shorts by ADL score (see rank). */
  ranked = new Uint32Array(0);
  keys = new Float64Array(0);
  rankedCount = 0;
  rankMark = 0;
  get memoryBytes() {
    return this.count * (8 * 4 + 1) + this.index.memoryBytes + this.ranked.byteLength + this.keys.byteLength;
  }
  /** Liquidation price of short i (∞ when it cannot be liquidated). */
  liquidationPrice(i) {
    const s = this.size[i];
    if (s <= 0) return Infinity;
    return (this.margin[i] + s * this.entry[i]) / (s * (1 + this.maintenance));
  }
  retrigger(i) {
    const lp = this.liquidationPrice(i);
    this.invTrigger[i] = this.status[i] === SHORT_ACTIVE && Number.isFinite(lp) ? 1 / lp : 0;
  }
  /** Shorts liquidatable at `price` (removed from the index). */
  liquidatable(price, out, limit = Infinity) {
    this.index.take(1 / price, out, limit);
  }
  /** Closes short i entirely (its liquidation or full ADL); returns its size. */
  close(i) {
    const s = this.size[i];
    this.size[i] = 0;
    this.status[i] = SHORT_CLOSED;
    this.retrigger(i);
    this.index.remove(i);
    return s;
  }
  /**
   * Ranks profitable shorts at `mark` (highest PnL% × leverage first) into a max-heap. The ranking is
   * rebuilt when the mark has moved more than 0.5% since it was built; in between, the order of the previous ranking stands (the scores of the shorts it holds move
   * together with the price, so their order changes little inside 0.5%). O(S) to build, O(log S) per
   * short taken.
   */
  rank(mark) {
    if (this.rankMark > 0 && Math.abs(Math.log(mark / this.rankMark)) < 5e-3) return;
    this.rankMark = mark;
    const n = this.count;
    if (this.ranked.length !== n) {
      this.ranked = new Uint32Array(n);
      this.keys = new Float64Array(n);
    }
    let k = 0;
    for (let i = 0; i < n; i++) {
      if (this.status[i] !== SHORT_ACTIVE || this.size[i] <= 0) continue;
      const pnl = this.size[i] * (this.entry[i] - mark);
      const eq = this.margin[i] + pnl;
      if (pnl <= 0 || eq <= 0 || this.margin[i] <= 0) continue;
      const leverage = this.size[i] * mark / eq;
      this.keys[i] = pnl / this.margin[i] * leverage;
      this.ranked[k++] = i;
    }
    this.rankedCount = k;
    for (let j = (k >> 1) - 1; j >= 0; j--) this.siftDown(j);
  }
  /** Heap order: higher score first, ties by lower account number. */
  before(a, b) {
    const ka = this.keys[a];
    const kb = this.keys[b];
    return ka > kb || ka === kb && a < b;
  }
  siftDown(j) {
    const h = this.ranked;
    const n = this.rankedCount;
    const x = h[j];
    for (; ; ) {
      let c = 2 * j + 1;
      if (c >= n) break;
      if (c + 1 < n && this.before(h[c + 1], h[c])) c++;
      if (!this.before(h[c], x)) break;
      h[j] = h[c];
      j = c;
    }
    h[j] = x;
  }
  /** The highest-ranked short still open, or −1. */
  top() {
    while (this.rankedCount > 0) {
      const i = this.ranked[0];
      if (this.status[i] === SHORT_ACTIVE && this.size[i] > 0) return i;
      this.popTop();
    }
    return -1;
  }
  popTop() {
    this.rankedCount--;
    if (this.rankedCount > 0) {
      this.ranked[0] = this.ranked[this.rankedCount];
      this.siftDown(0);
    }
  }
  /**
   * Auto-deleverages `units` of short exposure at the bankruptcy price `pb` (the price at which the
   * bankrupt long's equity is zero), taking shorts in rank order at `mark`. Returns the units actually
   * reduced (less than asked only when no profitable short is left) and counts the accounts touched.
   */
  deleverage(units, pb, mark) {
    this.rank(mark);
    let left = units;
    let accounts = 0;
    while (left > 1e-12) {
      const i = this.top();
      if (i < 0) break;
      const q = Math.min(left, this.size[i]);
      this.margin[i] = this.margin[i] + q * (this.entry[i] - pb);
      if (this.margin[i] < 0) this.margin[i] = 0;
      this.size[i] = this.size[i] - q;
      left -= q;
      accounts++;
      if (this.size[i] <= 1e-12 * Math.max(1, q)) {
        this.size[i] = 0;
        this.status[i] = SHORT_CLOSED;
        this.index.remove(i);
        this.popTop();
      }
      this.retrigger(i);
      if (this.status[i] === SHORT_ACTIVE) this.index.update(i);
    }
    return { units: units - left, accounts };
  }
  /**
   * Takes `usd` of a loss the insurance fund could not cover from profitable shorts' unrealised PnL
   * at `mark`, in rank order (a socialised ADL haircut). Returns the USD covered.
   */
  haircut(usd, mark) {
    this.rank(mark);
    let left = usd;
    let accounts = 0;
    while (left > 1e-9) {
      const i = this.top();
      if (i < 0) break;
      const profit = this.size[i] * (this.entry[i] - mark);
      const take = Math.min(left, profit, this.margin[i]);
      if (take <= 0) {
        this.popTop();
        continue;
      }
      this.margin[i] = this.margin[i] - take;
      left -= take;
      accounts++;
      this.retrigger(i);
      this.index.update(i);
      if (left > 1e-9 || this.margin[i] <= 0) this.popTop();
    }
    return { usd: usd - left, accounts };
  }
};

// src-main/engine/keepers.ts
function keeperEnvironment(env, design) {
  const o = design.keepers;
  return {
    ...env,
    count: o.count ?? env.count,
    capitalUsd: o.capitalUsd ?? env.capitalUsd,
    gasCapMedianGwei: o.gasCapMedianGwei ?? env.gasCapMedianGwei,
    lowballers: o.lowballers ?? env.lowballers
  };
}
function generateKeepers(env, txScale, seed) {
  const n = env.count + env.lowballers;
  const rng = new Rng(seed, 2);
  const capital = new Float64Array(n);
  const gasCapGwei = new Float64Array(n);
  const margin = new Float64Array(n);
  const lowball = new Uint8Array(n);
  const order = Array.from({ length: env.count }, (_, k) => k);
  for (let k = order.length - 1; k > 0; k--) {
    const j = Math.floor(rng.next() * (k + 1));
    [order[k], order[j]] = [order[j], order[k]];
  }
  for (let k = 0; k < n; k++) {
    const isLow = k >= env.count;
    capital[k] = env.capitalUsd;
    const q = (k + 0.5) / Math.max(1, env.count);
    gasCapGwei[k] = isLow ? env.lowballerGasCapGwei : env.gasCapMedianGwei * Math.exp(env.gasCapSigma * inverseNormal(q));
    const mq = isLow ? rng.next() : (order[k] + 0.5) / env.count;
    margin[k] = env.marginMin + (env.marginMax - env.marginMin) * mq;
    lowball[k] = isLow ? 1 : 0;
  }
  const byMargin = Int32Array.from({ length: n }, (_, k) => k).sort(
    (a, b) => margin[a] - margin[b] || a - b
  );
  return {
    count: n,
    capital,
    gasCapGwei,
    margin,
    lowball,
    txPerStep: Math.max(1, Math.round(env.txPerStep * txScale)),
    txLeft: new Int32Array(n),
    txLeftAtomic: new Int32Array(n),
    active: new Int32Array(n),
    activeCount: 0,
    cappedTxTotal: 0,
    minActiveMargin: 1,
    gasUnitsPerTx: env.gasUnitsPerTx,
    kicksPerStep: Math.max(1, Math.round(env.kicksPerStep * txScale)),
    kicksLeft: new Int32Array(n),
    byMargin,
    minMargin: n > 0 ? margin[byMargin[0]] : 1,
    pendingDue: [],
    pendingKeeper: [],
    pendingAmount: [],
    pendingHead: 0
  };
}
function beginKeeperStep(k, step, gasGwei) {
  while (k.pendingHead < k.pendingDue.length && k.pendingDue[k.pendingHead] <= step) {
    const h = k.pendingHead++;
    k.capital[k.pendingKeeper[h]] += k.pendingAmount[h];
  }
  if (k.pendingHead > 4096 && k.pendingHead * 2 > k.pendingDue.length) {
    k.pendingDue.splice(0, k.pendingHead);
    k.pendingKeeper.splice(0, k.pendingHead);
    k.pendingAmount.splice(0, k.pendingHead);
    k.pendingHead = 0;
  }
  let active = 0;
  k.minActiveMargin = 1;
  for (let i = 0; i < k.count; i++) {
    const on = gasGwei <= k.gasCapGwei[i];
    k.txLeft[i] = on ? k.txPerStep : 0;
    k.txLeftAtomic[i] = k.txPerStep;
    k.kicksLeft[i] = k.kicksPerStep;
    if (on) {
      k.active[active++] = i;
      if (k.margin[i] < k.minActiveMargin) k.minActiveMargin = k.margin[i];
    }
  }
  k.activeCount = active;
  k.cappedTxTotal = active * k.txPerStep;
  return active;
}
function spendTx(k, i) {
  k.txLeft[i]--;
  k.cappedTxTotal--;
}
function returnCapitalLater(k, keeper, amountUsd, dueStep) {
  k.pendingDue.push(dueStep);
  k.pendingKeeper.push(keeper);
  k.pendingAmount.push(amountUsd);
}

// src-main/engine/market.ts
var IMPACT_LINEAR = 0;
var IMPACT_SQRT = 1;
var IMPACT_CPMM = 2;
var CPMM_RESERVE_PER_DEPTH = 1 / (1 / Math.sqrt(0.99) - 1);
function impactLog(model, flowUsd, depthUsd) {
  if (flowUsd === 0) return 0;
  if (model === IMPACT_LINEAR) return 0.01 * flowUsd / depthUsd;
  if (model === IMPACT_SQRT) {
    const m = 0.01 * Math.sqrt(Math.abs(flowUsd) / depthUsd);
    return flowUsd < 0 ? -m : m;
  }
  const reserve = depthUsd * CPMM_RESERVE_PER_DEPTH;
  if (flowUsd < 0) return -2 * Math.log1p(-flowUsd / reserve);
  return -2 * Math.log1p(-Math.min(flowUsd / reserve, 0.9));
}
var AssetMarket = class {
  venueCount;
  names;
  model;
  depth0;
  permanentFraction;
  transientDecay;
  elasticity;
  floor;
  /** Static depth weights used for the composite price and arbitrage target. */
  weight;
  permanent;
  transient;
  /** Current stress-thinned depth per venue, USD per 1%. */
  depth;
  peakLogF = -Infinity;
  arbFraction;
  arbCapital;
  arbHalfGas;
  constructor(spec, stepSeconds, depthScale = 1) {
    const n = spec.venues.length;
    this.venueCount = n;
    this.names = spec.venues.map((v) => v.name);
    this.model = new Uint8Array(n);
    this.depth0 = new Float64Array(n);
    this.permanentFraction = new Float64Array(n);
    this.transientDecay = new Float64Array(n);
    this.elasticity = new Float64Array(n);
    this.floor = new Float64Array(n);
    this.weight = new Float64Array(n);
    this.permanent = new Float64Array(n);
    this.transient = new Float64Array(n);
    this.depth = new Float64Array(n);
    let total = 0;
    spec.venues.forEach((v, i) => {
      this.model[i] = v.impact === "linear" ? IMPACT_LINEAR : v.impact === "sqrt" ? IMPACT_SQRT : IMPACT_CPMM;
      this.depth0[i] = v.depthUsd * depthScale;
      this.permanentFraction[i] = v.permanentFraction;
      this.transientDecay[i] = Math.pow(0.5, stepSeconds / v.transientHalfLifeSeconds);
      this.elasticity[i] = v.stress.elasticity;
      this.floor[i] = v.stress.floor;
      total += this.depth0[i];
    });
    for (let i = 0; i < n; i++) this.weight[i] = this.depth0[i] / total;
    this.arbFraction = spec.arbitrage.fractionPerStep;
    this.arbCapital = spec.arbitrage.capitalUsdPerStep * depthScale;
    this.arbHalfGas = spec.arbitrage.halfCapacityGasGwei;
  }
  /** Step start, part 1: transient impact decays. */
  decay() {
    for (let v = 0; v < this.venueCount; v++) this.transient[v] *= this.transientDecay[v];
  }
  /** Step start, part 2: depth thins with the drawdown of F from its running peak. */
  setFundamental(logF) {
    if (logF > this.peakLogF) this.peakLogF = logF;
    const drawdown = 1 - Math.exp(logF - this.peakLogF);
    for (let v = 0; v < this.venueCount; v++) {
      this.depth[v] = this.depth0[v] * Math.max(this.floor[v], 1 - this.elasticity[v] * drawdown);
    }
  }
  /** Impact state of venue v (log). */
  impact(v) {
    return this.permanent[v] + this.transient[v];
  }
  /** Depth-weighted composite impact (log). Exactly 0 when no venue carries impact. */
  compositeImpact() {
    let s = 0;
    for (let v = 0; v < this.venueCount; v++)
      s += this.weight[v] * (this.permanent[v] + this.transient[v]);
    return s;
  }
  /**
   * Applies a net sale of `units` of the asset at pre-flow prices `F·exp(I_v)`, routed by current
   * depth. Returns the average fill price (USD per unit) across venues. Negative `units` is a net
   * purchase (buyers pay above the pre-flow price). 0 does nothing and returns the depth-weighted
   * pre-flow price.
   */
  applySale(units, priceF) {
    let totalDepth = 0;
    for (let v = 0; v < this.venueCount; v++) totalDepth += this.depth[v];
    let avgFill = 0;
    for (let v = 0; v < this.venueCount; v++) {
      const share = this.depth[v] / totalDepth;
      const pre = priceF * Math.exp(this.impact(v));
      if (units === 0) {
        avgFill += share * pre;
        continue;
      }
      const flowUsd = -units * share * pre;
      const model = this.model[v];
      const depth = this.depth[v];
      const phi = this.permanentFraction[v];
      const dPermanent = phi * (model === IMPACT_SQRT ? impactLog(IMPACT_LINEAR, flowUsd, depth) : impactLog(model, flowUsd, depth));
      const dTransient = (1 - phi) * impactLog(model, flowUsd, depth);
      const d = dPermanent + dTransient;
      this.permanent[v] += dPermanent;
      this.transient[v] += dTransient;
      avgFill += share * pre * Math.exp(d / 2);
    }
    return avgFill;
  }
  /**
   * Arbitrage: each venue's impact moves toward the depth-weighted mean by `fractionPerStep` of the
   * gap, scaled down when the USD needed exceeds arbitrage capital (which congestion halves at
   * `halfCapacityGasGwei`). Returns the USD the arbitrageurs traded (one side).
   */
  arbitrage(gasGwei) {
    if (this.venueCount < 2 || this.arbFraction === 0) return 0;
    const target = this.compositeImpact();
    let needUsd = 0;
    for (let v = 0; v < this.venueCount; v++) {
      needUsd += Math.abs(target - this.impact(v)) * 100 * this.depth[v];
    }
    needUsd = needUsd * this.arbFraction / 2;
    if (needUsd === 0) return 0;
    const capital = this.arbCapital / (1 + gasGwei / this.arbHalfGas);
    const alpha = needUsd > capital ? this.arbFraction * capital / needUsd : this.arbFraction;
    for (let v = 0; v < this.venueCount; v++) {
      const gap = target - this.impact(v);
      this.permanent[v] += alpha * gap;
    }
    return Math.min(needUsd, capital);
  }
};

// src-main/engine/version.ts
var ENGINE_VERSION = "0.2.0";

// src-main/engine/simulate.ts
var DEFAULT_INDEX = "bucket";
var MIN_BID_USD = 1e-18;
var HIST_BUCKETS = 64;
var HIST_LOG_LO = Math.log(0.2);
var HIST_LOG_HI = Math.log(1.4);
var SRC_LIQUIDATION = 0;
var SRC_AUCTION = 1;
var SRC_DELEVERAGE = 2;
var SRC_BACKSTOP = 3;
var SRC_HEDGING = 4;
var SRC_INSURANCE = 5;
var WHO_NONE = -1;
var WHO_POOL = -2;
var WHO_VAULT = -3;
var WHO_CLOSE_BASE = -10;
var CancelledError = class extends Error {
  constructor() {
    super("cancelled");
    this.name = "CancelledError";
  }
};
function simulate(opts) {
  const { scenario, design, timeline } = opts;
  const t0 = opts.clock?.() ?? 0;
  const n = timeline.steps;
  const dt = timeline.stepSeconds;
  const assetIdx = scenario.assets.findIndex((a) => a.id === scenario.population.asset);
  const markets = scenario.assets.map((a) => new AssetMarket(a, dt, opts.depthScale ?? 1));
  const market = markets[assetIdx];
  const anchor = opts.anchorLog ?? null;
  const stepLogF = new Float64Array(markets.length);
  const fundamentalLogOut = new Float64Array(timeline.steps);
  const basket = resolveBasket(scenario, design, timeline.observedLog);
  if (basket && scenario.derivatives) {
    throw new DesignError(
      scenario.population.basket ? `scenario "${scenario.id}": a collateral basket together with options (derivatives) is not supported yet` : "design.collateralHaircuts: haircuts are not supported together with options (derivatives) yet",
      "design.collateralHaircuts"
    );
  }
  const basketOracle = basket ? new BasketOracle(basket, design.oracle, markets, (a) => otherVenuePrices[a], dt, timeline.startSec) : null;
  const oracle = basketOracle ?? new Oracle(design.oracle, market.names, dt, timeline.startSec);
  const acc = generateAccounts(
    scenario.population,
    opts.accounts,
    Math.exp(timeline.observedLog[assetIdx][0]),
    dt,
    opts.seed,
    opts.leverage ?? true
  );
  const N = acc.count;
  const mods = design.modifiers ?? NO_MODIFIERS;
  const liq = design.liquidation;
  const perps = scenario.population.perps ?? null;
  const P0 = Math.exp(timeline.observedLog[assetIdx][0]);
  const sameAssetPerps = perps?.marginAsset === "same-asset";
  if (perps?.marginMode === "cross") {
    for (let i = 0; i < N; i++) {
      const r = acc.reserve[i];
      if (r <= 0) continue;
      if (sameAssetPerps) acc.collateral[i] = acc.collateral[i] + r;
      else acc.debt[i] = Math.max(acc.debt[i] * 0.05, acc.debt[i] - r * P0);
      acc.reserve[i] = 0;
    }
  }
  const marginState = new MarginState(design.margin, dt, mods.circuitBreaker);
  let admitted = 0;
  {
    const LR0 = design.margin.liquidationRatio;
    const mm = 1 - 1 / LR0;
    const P0e = basket ? P0 * basket.initialEfficiency : P0;
    for (let i = 0; i < N; i++) {
      const d = acc.debt[i];
      if (d <= 0) continue;
      const need = sameAssetPerps ? mm * d / P0 + 1.01 * d / P0 : 1.01 * LR0 * d / P0e;
      const c = acc.collateral[i];
      if (c < need && (sameAssetPerps ? c <= (1 + mm) * d / P0 : c * P0e < LR0 * d)) {
        acc.collateral[i] = need;
        admitted++;
      }
    }
  }
  const maintenance = 1 - 1 / design.margin.liquidationRatio;
  const env = keeperEnvironment(scenario.keepers, design);
  const keepers = generateKeepers(env, N / scenario.population.defaultAccounts, opts.seed);
  const restockSteps = Math.max(1, Math.round(env.restockDelaySeconds / dt));
  const patienceSteps = Math.max(1, Math.round(scenario.population.response.patienceMinutes * 60 / dt));
  const targetRatio = Math.max(scenario.population.response.targetRatio, design.margin.callRatio * 1.05);
  const LR = design.margin.liquidationRatio;
  const CR = design.margin.callRatio;
  const liqTrigger = new Float64Array(N);
  const callTrigger = new Float64Array(N);
  const histBucket = new Int16Array(N).fill(-1);
  const histDebt = new Float64Array(N);
  const histCounts = new Int32Array(HIST_BUCKETS);
  const histDebtUsd = new Float64Array(HIST_BUCKETS);
  const initialPrice = Math.exp(timeline.observedLog[assetIdx][0]);
  const histScale = HIST_BUCKETS / (HIST_LOG_HI - HIST_LOG_LO);
  const logP0 = Math.log(initialPrice);
  const priceRange = [initialPrice / 1e3, initialPrice * 1e3];
  const logLiqTrigger = new Float64Array(N);
  const liqIndex = createTriggerIndex(opts.index ?? DEFAULT_INDEX, liqTrigger, priceRange, {
    log: logLiqTrigger,
    shift: 0
  });
  const callIndex = createTriggerIndex(opts.index ?? DEFAULT_INDEX, callTrigger, priceRange, {
    log: logLiqTrigger,
    shift: Math.log(CR / LR)
  });
  const histBucketOf = (i) => {
    const b = Math.floor((logLiqTrigger[i] - logP0 - HIST_LOG_LO) * histScale);
    return b < 0 ? 0 : b >= HIST_BUCKETS ? HIST_BUCKETS - 1 : b;
  };
  const scanReference = (opts.index ?? DEFAULT_INDEX) === "scan";
  const setHist = (i) => {
    const old = histBucket[i];
    if (old >= 0) {
      histCounts[old]--;
      histDebtUsd[old] -= histDebt[i];
    }
    if (acc.status[i] !== STATUS_ACTIVE2 || acc.debt[i] <= 0 || acc.collateral[i] <= 0) {
      histBucket[i] = -1;
      return;
    }
    const b = histBucketOf(i);
    histBucket[i] = b;
    histDebt[i] = Math.round(acc.debt[i]);
    histCounts[b]++;
    histDebtUsd[b] += histDebt[i];
  };
  const retrigger = (i) => {
    const c = acc.collateral[i];
    const d = acc.debt[i];
    let lt;
    let ct;
    if (sameAssetPerps) {
      const room = c - maintenance * d / P0;
      lt = room > 0 ? d / room : d > 0 ? Infinity : 0;
      ct = lt * CR / LR;
    } else {
      lt = c > 0 ? d * LR / c : d > 0 ? Infinity : 0;
      ct = c > 0 ? d * CR / c : d > 0 ? Infinity : 0;
    }
    const moved = lt !== liqTrigger[i] || ct !== callTrigger[i];
    liqTrigger[i] = lt;
    callTrigger[i] = ct;
    logLiqTrigger[i] = Math.log(lt);
    setHist(i);
    if (indexed && moved) {
      liqIndex.update(i);
      callIndex.update(i);
    }
  };
  let indexed = false;
  const totals = {
    initialCollateral: 0,
    initialDebt: 0,
    topUps: 0,
    collateralOut: 0,
    repaid: 0,
    badDebt: 0,
    penaltyIncome: 0,
    keeperIncentives: 0,
    surplusUsed: 0,
    debtAuction: 0,
    socialised: 0,
    govTokensMinted: 0,
    firstDeficitStep: -1,
    callsIssued: 0,
    callsAnswered: 0,
    zeroBidAuctions: 0,
    zeroBidCollateralUsd: 0,
    auctionsSettled: 0,
    accountsLiquidated: 0,
    liquidatedUsd: 0,
    proceedsUsd: 0,
    oracleValueAtKickUsd: 0,
    openAuctionsAtEnd: 0,
    poolAbsorbedUsd: 0,
    redistributedDebtUsd: 0,
    redistributedCollateral: 0,
    insuranceFees: 0,
    insurancePaid: 0,
    fundExhaustedStep: -1,
    adlAccounts: 0,
    adlNotionalUsd: 0,
    adlHaircutUsd: 0,
    firstAdlStep: -1,
    vaultTakeovers: 0,
    vaultTakeoverUsd: 0,
    returnedEquityUsd: 0,
    shortsLiquidated: 0,
    admittedAccounts: admitted,
    shortsBadDebt: 0,
    breakerTrips: 0,
    pausedSteps: 0,
    peakRequiredRatio: design.margin.liquidationRatio
  };
  const members = new Uint32Array(N);
  let memberCount = 0;
  for (let i = 0; i < N; i++) {
    totals.initialCollateral += acc.collateral[i];
    totals.initialDebt += acc.debt[i];
    retrigger(i);
    if (acc.debt[i] > 0) members[memberCount++] = i;
  }
  indexed = true;
  if (liqIndex instanceof HeapTriggerIndex && callIndex instanceof HeapTriggerIndex) {
    liqIndex.addAll(members.subarray(0, memberCount));
    callIndex.addAll(members.subarray(0, memberCount));
  } else {
    for (let j = 0; j < memberCount; j++) {
      liqIndex.add(members[j]);
      callIndex.add(members[j]);
    }
  }
  const f64 = () => new Float64Array(n);
  const series = {
    fundamental: f64(),
    price: f64(),
    oracle: f64(),
    venues: market.names.map((name) => ({ name, price: f64() })),
    flows: {
      liquidation: f64(),
      auction: f64(),
      deleverage: f64(),
      backstop: f64(),
      hedging: f64(),
      insurance: f64()
    },
    callsIssued: f64(),
    callsAnswered: f64(),
    liquidations: f64(),
    accountsLiquidated: f64(),
    collateralLiquidatedUsd: f64(),
    zeroBids: f64(),
    auctionsSettled: f64(),
    badDebtUsd: f64(),
    surplusUsd: f64(),
    debtAuctionUsd: f64(),
    collateralInAuctionsUsd: f64(),
    openAuctions: f64(),
    activeKeepers: f64(),
    gasGwei: f64(),
    oracleBlocked: f64(),
    requiredRatio: f64(),
    breakerActive: f64(),
    poolDepositsUsd: f64(),
    backstopHoldingsUsd: f64(),
    insuranceFundUsd: f64(),
    vaultEquityUsd: f64(),
    adlAccounts: f64(),
    adlNotionalUsd: f64(),
    shortsLiquidated: f64()
  };
  const impactSeries = f64();
  const tracked = (opts.trackAccounts ?? []).filter((i) => Number.isInteger(i) && i >= 0 && i < N).map((account) => ({ account, collateral: f64(), debt: f64(), firstCallStep: -1 }));
  const histAllCounts = new Int32Array(n * HIST_BUCKETS);
  const histAllDebt = new Float64Array(n * HIST_BUCKETS);
  const events = [];
  const book = new AuctionBook(design.liquidation.kind === "english-auction" ? "english" : "dutch");
  const liqLog = new LiquidationLog();
  let active = [];
  let nextActive = [];
  const waiting = [];
  let waitingHead = 0;
  let nextEnglishExpiry = Infinity;
  let auctionLots = 0;
  let auctionDebt = 0;
  const everLiquidated = new Uint8Array(N);
  const layer = scenario.derivatives && (opts.leverage ?? true) ? new DerivativesLayer(scenario.derivatives, design.options ?? DEFAULT_OPTIONS_DESIGN, {
    seed: opts.seed,
    stepSeconds: dt,
    initialPrice: P0,
    startTime: timeline.startSec
  }) : null;
  const GAMMA_LEVELS = 41;
  const gammaEvery = Math.max(1, Math.round(3600 / dt));
  const gammaRows = layer ? Math.floor((n - 1) / gammaEvery) + 2 : 0;
  const gammaLevels = Float64Array.from(
    { length: layer ? GAMMA_LEVELS : 0 },
    (_, k) => P0 * Math.exp(Math.log(0.5) + k * Math.log(1.3 / 0.5) / (GAMMA_LEVELS - 1))
  );
  const gammaUnits = new Float64Array(gammaRows * gammaLevels.length);
  const gammaDealers = new Float64Array(gammaRows * gammaLevels.length);
  let gammaRow = 0;
  const recordGamma = () => {
    if (!layer || gammaRow >= gammaRows) return;
    const g = layer.gammaMap(Array.from(gammaLevels));
    gammaUnits.set(g.totalUnits, gammaRow * gammaLevels.length);
    gammaDealers.set(g.dealersUnits, gammaRow * gammaLevels.length);
    gammaRow++;
  };
  let shorts = null;
  if (perps && (opts.leverage ?? true)) {
    let longUnits = 0;
    for (let i = 0; i < N; i++) longUnits += sameAssetPerps ? acc.debt[i] / P0 : acc.collateral[i];
    shorts = new ShortBook(perps, N, longUnits, P0, maintenance, opts.seed, opts.index ?? DEFAULT_INDEX);
  }
  let poolDeposits = liq.kind === "stability-pool" ? liq.depositsUsd : 0;
  let poolUnits = 0;
  let fund = liq.kind === "exchange-close" ? liq.insuranceFundUsd : 0;
  const vaultSpec = liq.kind === "exchange-close" ? liq.backstopVault : null;
  let vaultCash = vaultSpec?.capitalUsd ?? 0;
  let vaultUnits = 0;
  let vaultDebt = 0;
  const poolSellFraction = liq.kind === "stability-pool" ? 1 - Math.pow(0.5, dt / liq.sellOffHalfLifeSeconds) : 0;
  const vaultSellFraction = vaultSpec ? 1 - Math.pow(0.5, dt / vaultSpec.unwindHalfLifeSeconds) : 0;
  let redistDebt = 0;
  let redistColl = 0;
  const graceSteps = mods.gracePeriodSeconds > 0 ? Math.max(1, Math.round(mods.gracePeriodSeconds / dt)) : 0;
  const graceStart = graceSteps > 0 ? new Int32Array(N).fill(-1) : null;
  const graceSeen = graceSteps > 0 ? new Int32Array(N).fill(-1) : null;
  const partialClose = liq.kind === "exchange-close" ? liq.partialClose : null;
  const cooldownUntil = partialClose ? new Int32Array(N).fill(-1) : null;
  const cooldownSteps = partialClose ? Math.round(partialClose.cooldownSeconds / dt) : 0;
  const sliceKind = [];
  const sliceWho = [];
  const sliceUnits = [];
  const sliceDebt = [];
  const sliceLeft = [];
  let pendingDebt = 0;
  const gasBlockMin = blockMinima(timeline.gasGwei);
  const decayTable = design.liquidation.kind === "dutch-auction" ? Float64Array.from(
    { length: Math.min(1e6, Math.ceil(design.liquidation.resetAfterSeconds / dt) + 2) },
    (_, k) => decayFactor(design.liquidation.decay, k * dt)
  ) : new Float64Array(0);
  const dueHead = new Int32Array(n).fill(-1);
  const dueTail = new Int32Array(n).fill(-1);
  const dueNext = new Int32Array(N).fill(-1);
  const schedule = (i, step) => {
    if (step >= n) return;
    dueNext[i] = -1;
    if (dueTail[step] < 0) dueHead[step] = i;
    else dueNext[dueTail[step]] = i;
    dueTail[step] = i;
  };
  const sf = design.shortfall;
  let surplus = sf.surplusBufferUsd;
  const charge = (usd, step) => {
    if (usd <= 0) return;
    const fromSurplus = Math.min(surplus, usd);
    surplus -= fromSurplus;
    totals.surplusUsed += fromSurplus;
    const rest = usd - fromSurplus;
    if (rest > 0) {
      if (totals.firstDeficitStep < 0) totals.firstDeficitStep = step;
      if (sf.then === "debt-auction") {
        totals.debtAuction += rest;
        totals.govTokensMinted += rest / (sf.govTokenPriceUsd * (1 - sf.debtAuctionDiscount));
      } else totals.socialised += rest;
    }
  };
  const credit = (usd) => {
    if (usd > 0) surplus += usd;
  };
  const orderKind = [];
  const orderWho = [];
  const orderUnits = [];
  const orderDebt = [];
  const sourceUnits = new Float64Array(6);
  const shortBuyWho = [];
  const shortBuyUnits = [];
  const pushOrder = (kind, who, units, debt) => {
    orderKind.push(kind);
    orderWho.push(who);
    orderUnits.push(units);
    orderDebt.push(debt);
    sourceUnits[kind] += units;
  };
  const stepsOf = (sec) => Math.max(1, Math.round(sec / dt));
  const tmp = [];
  const tmpShort = [];
  const deferredLiq = [];
  const deferredCall = [];
  const venuePrices = new Float64Array(market.venueCount);
  const otherVenuePrices = markets.map((m) => new Float64Array(m.venueCount));
  let wasBlocked = false;
  let lastOracle = 0;
  let activeTab = 0;
  let stepRef = 0;
  let gasUsdPerTx = 0;
  const gasAssetIdx = scenario.gas.tokenAsset === void 0 ? -1 : scenario.assets.findIndex((a) => a.id === scenario.gas.tokenAsset);
  const useTx = (k, atomicProfitUsd) => {
    if (keepers.txLeft[k] > 0) {
      spendTx(keepers, k);
      return true;
    }
    if (atomicProfitUsd >= 2 * gasUsdPerTx && keepers.txLeftAtomic[k] > 0) {
      keepers.txLeftAtomic[k]--;
      return true;
    }
    return false;
  };
  let stepT = 0;
  let stepPrice = 0;
  let stepGas = 0;
  let qf = 1;
  let kicks = 0;
  let kickedUnits = 0;
  let kickedUsd = 0;
  let adlNow = 0;
  let adlUsdNow = 0;
  let fundWasEmpty = false;
  const t1 = opts.clock?.() ?? 0;
  for (let t = 0; t < n; t++) {
    if (opts.shouldCancel && (t & 63) === 0 && opts.shouldCancel()) throw new CancelledError();
    markets.forEach((m, a) => {
      m.decay();
      const lf = anchor && a === assetIdx ? anchor[t] - m.compositeImpact() : opts.fundamentalLog[a][t];
      stepLogF[a] = lf;
      m.setFundamental(lf);
      const vp = otherVenuePrices[a];
      const Fa = Math.exp(lf);
      for (let v = 0; v < m.venueCount; v++) vp[v] = Fa * Math.exp(m.impact(v));
    });
    const logF = stepLogF[assetIdx];
    fundamentalLogOut[t] = logF;
    const F = basket ? basket.fundamental(stepLogF) : Math.exp(logF);
    venuePrices.set(otherVenuePrices[assetIdx]);
    const preImpact = market.compositeImpact();
    const ref = basket ? basket.marketPrice(stepLogF, markets) : F * Math.exp(preImpact);
    stepRef = ref;
    const gas = timeline.gasGwei[t];
    if (t === 0) oracle.init(venuePrices);
    else oracle.update(t, venuePrices, gas, timeline.outage[t] === 1);
    const price = oracle.value;
    if (t === 0 || oracle.changed) {
      events.push({
        step: t,
        kind: "oracle",
        text: t === 0 ? `oracle starts at ${fmtUsd2(price)}` : `oracle updated to ${fmtUsd2(price)} (was ${fmtUsd2(lastOracle)}; market ${fmtUsd2(ref)})`
      });
    }
    if (t === 0 && admitted > 0) {
      events.push({
        step: 0,
        kind: "admission",
        text: `${admitted} ${plural(admitted, "position")} would start below this design's liquidation ratio (${design.margin.liquidationRatio.toFixed(3)}): opened just above it instead, with less leverage`
      });
    }
    if (oracle.blocked && !wasBlocked) {
      events.push({
        step: t,
        kind: "oracle-blocked",
        text: timeline.outage[t] === 1 && design.oracle.honorOutages ? "oracle feed is down (outage window): the protocol keeps acting on a stale price" : `oracle feeds cannot post: gas ${gas.toFixed(0)} gwei is above their ${design.oracle.maxGasGwei ?? 0} gwei cap; price goes stale`
      });
    }
    wasBlocked = oracle.blocked;
    lastOracle = price;
    const breakerChange = marginState.update(t, basketOracle ? basketOracle.effective : price);
    qf = basketOracle ? marginState.queryFactor * basketOracle.efficiency : marginState.queryFactor;
    if (breakerChange !== null && mods.circuitBreaker) {
      const b = mods.circuitBreaker;
      events.push({
        step: t,
        kind: "breaker",
        text: breakerChange === "reset" ? "circuit breaker reset: liquidations and margins back to normal" : `circuit breaker tripped: oracle fell ${pct(b.dropFraction)} or more within ${Math.round(b.windowSeconds / 60)} min; ` + (b.action === "pause" ? `liquidations paused for ${Math.round(b.durationSeconds / 60)} min` : `haircuts \xD7${b.haircutMultiplier} for ${Math.round(b.durationSeconds / 60)} min (liquidation ratio ${marginState.ratio.toFixed(3)})`)
      });
    }
    stepT = t;
    stepPrice = price;
    stepGas = gas;
    const activeKeepers = beginKeeperStep(keepers, t, gas);
    {
      const tokenPrice = gasAssetIdx >= 0 ? Math.exp(stepLogF[gasAssetIdx] + markets[gasAssetIdx].compositeImpact()) : scenario.gas.tokenPriceUsd ?? 0;
      gasUsdPerTx = gas * 1e-9 * keepers.gasUnitsPerTx * tokenPrice;
    }
    tmp.length = 0;
    callIndex.take(price * qf, tmp);
    let issued = 0;
    for (const i of tmp) {
      if (acc.status[i] !== STATUS_ACTIVE2 || acc.debt[i] <= 0 || acc.calledAt[i] >= 0) continue;
      issued++;
      acc.calledAt[i] = t;
      if (acc.responseKind[i] !== RESPONSE_NONE) {
        acc.giveUpStep[i] = t + acc.responseDelaySteps[i] + patienceSteps;
        schedule(i, t + acc.responseDelaySteps[i]);
      }
    }
    totals.callsIssued += issued;
    if (issued > 0) {
      events.push({
        step: t,
        kind: "calls",
        text: `${issued} ${plural(issued, "account")} called below ${pct(CR / qf)} collateral`
      });
    }
    let answered = 0;
    let givenUp = 0;
    let topUps = 0;
    let delevs = 0;
    if (dueHead[t] >= 0) {
      for (let i = dueHead[t], next = dueNext[i]; i >= 0; i = next, next = i >= 0 ? dueNext[i] : -1) {
        if (acc.calledAt[i] < 0 || acc.status[i] !== STATUS_ACTIVE2 || acc.debt[i] <= 0) continue;
        if (gas > acc.gasCapGwei[i]) {
          const next2 = firstStepAtOrBelow(timeline.gasGwei, gasBlockMin, t + 1, acc.gasCapGwei[i]);
          if (next2 >= 0 && next2 <= acc.giveUpStep[i]) schedule(i, next2);
          else {
            acc.calledAt[i] = -1;
            givenUp++;
          }
          continue;
        }
        const c = acc.collateral[i];
        const d = acc.debt[i];
        if (price * qf * c >= d * CR) {
          acc.calledAt[i] = -1;
          deferredCall.push(i);
          continue;
        }
        if (acc.responseKind[i] === RESPONSE_TOP_UP) {
          const add = Math.min(Math.max(0, d * targetRatio / (price * qf) - c), acc.reserve[i]);
          acc.calledAt[i] = -1;
          if (add > 0) {
            acc.collateral[i] = c + add;
            acc.reserve[i] = acc.reserve[i] - add;
            totals.topUps += add;
            answered++;
            topUps++;
            retrigger(i);
          }
          deferredCall.push(i);
        } else if (acc.responseKind[i] === RESPONSE_DELEVERAGE) {
          const target = targetRatio / qf;
          let s = (target * d - c * price) / (price * (target - 1));
          if (s > c) s = c;
          if (s > 0) {
            acc.collateral[i] = c - s;
            totals.collateralOut += s;
            acc.selling[i] = 1;
            liqIndex.remove(i);
            pushOrder(SRC_DELEVERAGE, i, s, 0);
            answered++;
            delevs++;
            retrigger(i);
          } else {
            acc.calledAt[i] = -1;
            deferredCall.push(i);
          }
        }
      }
    }
    totals.callsAnswered += answered;
    if (answered > 0) {
      const parts = [];
      if (topUps > 0) parts.push(`${topUps} topped up from reserves`);
      if (delevs > 0) parts.push(`${delevs} sold collateral to cut debt`);
      events.push({ step: t, kind: "responses", text: `margin calls answered: ${parts.join(", ")}` });
    }
    if (givenUp > 0) {
      events.push({
        step: t,
        kind: "responses",
        text: `${givenUp} ${plural(givenUp, "owner")} gave up waiting for gas below their limit (${gas.toFixed(0)} gwei now): their calls go unanswered`
      });
    }
    tmp.length = 0;
    const paused = marginState.paused;
    if (paused) totals.pausedSteps++;
    else {
      let budget = 0;
      if (liq.kind === "exchange-close") budget = Infinity;
      else {
        for (let k = 0; k < keepers.count; k++) {
          if (liq.kind === "market-sale") budget += keepers.txLeft[k] + keepers.txLeftAtomic[k];
          else if (liq.kind === "dutch-auction" || liq.kind === "stability-pool" || gas <= keepers.gasCapGwei[k])
            budget += keepers.kicksLeft[k];
        }
      }
      liqIndex.take(price * qf, tmp, budget);
    }
    kicks = 0;
    kickedUnits = 0;
    kickedUsd = 0;
    let newAccounts = 0;
    adlNow = 0;
    adlUsdNow = 0;
    let pooledNow = 0;
    let pooledDebtNow = 0;
    let vaultNow = 0;
    let usedUsd = 0;
    let capUsd = Infinity;
    if (mods.liquidityCapDepthMultiple !== null) {
      let depth = 0;
      for (let v = 0; v < market.venueCount; v++) depth += market.depth[v];
      capUsd = mods.liquidityCapDepthMultiple * depth;
    }
    for (const i of tmp) {
      if (acc.status[i] !== STATUS_ACTIVE2 || acc.debt[i] <= 0 || acc.selling[i] === 1) continue;
      if (graceStart && graceSeen) {
        if (graceSeen[i] !== t - 1 && graceSeen[i] !== t) graceStart[i] = t;
        graceSeen[i] = t;
        if (t - graceStart[i] < graceSteps) {
          deferredLiq.push(i);
          continue;
        }
      }
      if (cooldownUntil && t < cooldownUntil[i]) {
        deferredLiq.push(i);
        continue;
      }
      const maxUnits = capUsd === Infinity ? Infinity : (capUsd - usedUsd) / ref;
      if (maxUnits <= 0) {
        deferredLiq.push(i);
        continue;
      }
      const c = acc.collateral[i];
      const d = acc.debt[i];
      let soldUsd;
      if (liq.kind === "market-sale") soldUsd = marketSale(i, c, d, liq.closeFactor, liq.bonus, maxUnits);
      else if (liq.kind === "stability-pool") {
        const before = totals.poolAbsorbedUsd;
        soldUsd = poolLiquidation(i, c, d, maxUnits);
        if (totals.poolAbsorbedUsd > before) {
          pooledNow++;
          pooledDebtNow += totals.poolAbsorbedUsd - before;
        }
      } else if (liq.kind === "exchange-close") {
        const before = totals.vaultTakeovers;
        soldUsd = exchangeClose(i, c, d, maxUnits);
        vaultNow += totals.vaultTakeovers - before;
      } else soldUsd = auctionKick(i, c, d, maxUnits);
      if (soldUsd < 0) continue;
      usedUsd += soldUsd;
      if (everLiquidated[i] === 0) {
        everLiquidated[i] = 1;
        newAccounts++;
      }
    }
    let shortsNow = 0;
    if (shorts && !paused) {
      tmpShort.length = 0;
      shorts.liquidatable(price, tmpShort);
      for (const j of tmpShort) {
        if (shorts.status[j] !== SHORT_ACTIVE) continue;
        const units = shorts.close(j);
        if (units <= 0) continue;
        shortBuyWho.push(j);
        shortBuyUnits.push(units);
        shortsNow++;
      }
      totals.shortsLiquidated += shortsNow;
    }
    totals.accountsLiquidated += newAccounts;
    totals.liquidatedUsd += kickedUsd;
    if (kicks > 0) {
      const asset = scenario.population.asset;
      const what = liq.kind === "market-sale" ? `${kicks} ${plural(kicks, "liquidation")} sold ${fmtUnits(kickedUnits)} ${asset} to liquidators` : liq.kind === "stability-pool" ? `${kicks} ${plural(kicks, "liquidation")} of ${fmtUnits(kickedUnits)} ${asset} (${fmtUsd2(kickedUsd)})` : liq.kind === "exchange-close" ? `${kicks} ${plural(kicks, "position")} closed by the exchange: ${fmtUnits(kickedUnits)} ${asset} (${fmtUsd2(kickedUsd)})` : `${kicks} ${plural(kicks, "auction")} opened for ${fmtUnits(kickedUnits)} ${asset} (${fmtUsd2(kickedUsd)})`;
      events.push({
        step: t,
        kind: "liquidations",
        text: liq.kind === "exchange-close" ? `${what}; mark ${fmtUsd2(price)} vs book ${fmtUsd2(ref)}; insurance fund ${fmtUsd2(fund)}` : `${what}; oracle ${fmtUsd2(price)} vs market ${fmtUsd2(ref)}; ${activeKeepers} of ${keepers.count} keepers can transact at ${gas.toFixed(0)} gwei`
      });
    }
    if (deferredLiq.length > 0 && kicks === 0 && tmp.length > 0 && activeKeepers === 0) {
      events.push({
        step: t,
        kind: "keepers",
        text: `${tmp.length} ${plural(tmp.length, "account")} liquidatable but no keeper transaction lands at ${gas.toFixed(0)} gwei`
      });
    }
    let settled = 0;
    let zeroBidsNow = 0;
    let zeroUnitsNow = 0;
    let badDebtNow = 0;
    const settle = (au) => {
      settled++;
      if (book.zeroBid[au] === 1) {
        zeroBidsNow++;
        zeroUnitsNow += book.lotUnits[au];
      }
      badDebtNow += book.shortfallUsd[au];
    };
    const english = liq.kind === "english-auction";
    const idle = keepers.cappedTxTotal <= 0;
    if (active.length > 0 && !(english && idle && t < nextEnglishExpiry)) {
      nextActive.length = 0;
      nextEnglishExpiry = Infinity;
      for (let j = 0; j < active.length; j++) {
        const au = active[j];
        if (english) {
          if (!(idle && t < book.end[au] && t < book.bidExpiry[au]) && stepEnglish(au, t)) {
            settle(au);
            continue;
          }
          nextActive.push(au);
          nextEnglishExpiry = Math.min(nextEnglishExpiry, book.end[au], book.bidExpiry[au]);
        } else if (stepDutch(au, t)) settle(au);
        else nextActive.push(au);
      }
      [active, nextActive] = [nextActive, active];
    }
    if (waitingHead < waiting.length && keepers.cappedTxTotal > 0) {
      const requeue = [];
      while (waitingHead < waiting.length && keepers.cappedTxTotal > 0) {
        const au = waiting[waitingHead++];
        stepEnglish(au, t);
        if (book.bidder[au] >= 0) {
          active.push(au);
          nextEnglishExpiry = Math.min(nextEnglishExpiry, book.end[au], book.bidExpiry[au]);
        } else requeue.push(au);
      }
      for (const au of requeue) waiting.push(au);
      if (waitingHead > 1024 && waitingHead * 2 > waiting.length) {
        waiting.splice(0, waitingHead);
        waitingHead = 0;
      }
    }
    totals.auctionsSettled += settled;
    totals.zeroBidAuctions += zeroBidsNow;
    totals.zeroBidCollateralUsd += zeroUnitsNow * ref;
    if (settled > 0) {
      events.push({
        step: t,
        kind: "auctions",
        text: `${settled} ${plural(settled, "auction")} settled` + (zeroBidsNow > 0 ? `, ${zeroBidsNow} at a zero bid (${fmtUnits(zeroUnitsNow)} ${scenario.population.asset} for nothing)` : "")
      });
    }
    const tSec = timeline.startSec + t * dt;
    if (layer) {
      layer.beginStep(tSec, ref);
      layer.marginAndLiquidations(tSec, ref);
      const hf = layer.hedgingFlows(tSec, ref);
      sourceUnits[SRC_HEDGING] += hf.hedging;
      sourceUnits[SRC_INSURANCE] += hf.insurance;
      sourceUnits[SRC_LIQUIDATION] += hf.liquidation;
    }
    const sellOff = (held, fraction3, who) => {
      if (held <= 0) return 0;
      let u = held * fraction3;
      if (held - u < 1e-9 * Math.max(1, totals.initialCollateral)) u = held;
      if (capUsd !== Infinity) u = Math.min(u, Math.max(0, (capUsd - usedUsd) / ref));
      if (u <= 0) return 0;
      totals.collateralOut += u;
      usedUsd += u * ref;
      pushOrder(SRC_BACKSTOP, who, u, 0);
      return u;
    };
    poolUnits -= sellOff(poolUnits, poolSellFraction, WHO_POOL);
    vaultUnits -= sellOff(vaultUnits, vaultSellFraction, WHO_VAULT);
    if (sliceKind.length > 0) {
      let w = 0;
      for (let j = 0; j < sliceKind.length; j++) {
        pushOrder(sliceKind[j], sliceWho[j], sliceUnits[j], sliceDebt[j]);
        if (--sliceLeft[j] > 0) {
          sliceKind[w] = sliceKind[j];
          sliceWho[w] = sliceWho[j];
          sliceUnits[w] = sliceUnits[j];
          sliceDebt[w] = sliceDebt[j];
          sliceLeft[w] = sliceLeft[j];
          w++;
        }
      }
      sliceKind.length = w;
      sliceWho.length = w;
      sliceUnits.length = w;
      sliceDebt.length = w;
      sliceLeft.length = w;
    }
    let boughtUnits = 0;
    for (const u of shortBuyUnits) boughtUnits += u;
    const totalUnits = sourceUnits[0] + sourceUnits[1] + sourceUnits[2] + sourceUnits[3] + sourceUnits[4] + sourceUnits[5] - boughtUnits;
    const fill = basket ? basket.applySale(markets, totalUnits, stepLogF, gas) : market.applySale(totalUnits, F);
    if (!basket) market.arbitrage(gas);
    series.flows.liquidation[t] = (sourceUnits[SRC_LIQUIDATION] - boughtUnits) * fill;
    series.flows.auction[t] = sourceUnits[SRC_AUCTION] * fill;
    series.flows.deleverage[t] = sourceUnits[SRC_DELEVERAGE] * fill;
    series.flows.backstop[t] = sourceUnits[SRC_BACKSTOP] * fill;
    series.flows.hedging[t] = sourceUnits[SRC_HEDGING] * fill;
    series.flows.insurance[t] = sourceUnits[SRC_INSURANCE] * fill;
    if (layer) {
      layer.settle(tSec, fill);
      layer.record(tSec);
      if (t % gammaEvery === 0 || t === n - 1) recordGamma();
    }
    for (let o = 0; o < orderKind.length; o++) {
      const units = orderUnits[o];
      const proceeds = units * fill;
      const who = orderWho[o];
      if (orderKind[o] === SRC_DELEVERAGE) {
        const repay = Math.min(acc.debt[who], proceeds);
        acc.debt[who] = acc.debt[who] - repay;
        totals.repaid += repay;
        acc.selling[who] = 0;
        acc.calledAt[who] = -1;
        retrigger(who);
        if (acc.debt[who] > 0) {
          deferredLiq.push(who);
          deferredCall.push(who);
        }
      } else if (who <= WHO_CLOSE_BASE) settleClose(WHO_CLOSE_BASE - who, proceeds, orderDebt[o], t);
      else if (who === WHO_POOL)
        poolDeposits += proceeds * (liq.kind === "stability-pool" ? liq.reinvestFraction : 0);
      else if (who === WHO_VAULT) settleVault(proceeds, t);
      else if (who >= 0) {
        returnCapitalLater(keepers, who, proceeds, t + restockSteps);
      }
    }
    for (let o = 0; o < shortBuyWho.length; o++) settleShort(shortBuyWho[o], shortBuyUnits[o], fill, t);
    shortBuyWho.length = 0;
    shortBuyUnits.length = 0;
    orderKind.length = 0;
    orderWho.length = 0;
    orderUnits.length = 0;
    orderDebt.length = 0;
    sourceUnits.fill(0);
    if (redistDebt > 0 || redistColl > 0) redistribute(t);
    if (!fundWasEmpty && liq.kind === "exchange-close" && fund <= 1e-9 && totals.insurancePaid > 0) {
      fundWasEmpty = true;
      if (totals.fundExhaustedStep < 0) totals.fundExhaustedStep = t;
      events.push({
        step: t,
        kind: "fund",
        text: `insurance fund exhausted after paying ${fmtUsd2(totals.insurancePaid)} of negative equity: further losses go to auto-deleveraging${liq.autoDeleverage ? "" : " (off in this design: they become bad debt)"}`
      });
    }
    if (adlNow > 0) {
      events.push({
        step: t,
        kind: "adl",
        text: `auto-deleveraging: ${adlNow} profitable ${plural(adlNow, "short")} cut (${fmtUsd2(adlUsdNow)} at bankruptcy prices); the insurance fund is empty`
      });
    }
    if (pooledNow > 0) {
      events.push({
        step: t,
        kind: "pool",
        text: `stability pool absorbed ${fmtUsd2(pooledDebtNow)} of debt from ${pooledNow} ${plural(pooledNow, "account")}; deposits left ${fmtUsd2(poolDeposits)}`
      });
    }
    if (vaultNow > 0) {
      events.push({
        step: t,
        kind: "pool",
        text: `backstop vault took over ${vaultNow} ${plural(vaultNow, "position")} below ${pct(vaultSpec?.belowMaintenanceFraction ?? 0)} of maintenance; vault equity ${fmtUsd2(vaultCash + vaultUnits * ref - vaultDebt)}`
      });
    }
    if (shortsNow > 0) {
      events.push({
        step: t,
        kind: "liquidations",
        text: `${shortsNow} ${plural(shortsNow, "short")} liquidated on the rise: the exchange bought their positions back`
      });
    }
    for (const i of deferredLiq)
      if (acc.status[i] === STATUS_ACTIVE2 && acc.debt[i] > 0 && acc.selling[i] === 0) liqIndex.add(i);
    for (const i of deferredCall)
      if (acc.status[i] === STATUS_ACTIVE2 && acc.debt[i] > 0 && acc.calledAt[i] < 0) callIndex.add(i);
    deferredLiq.length = 0;
    deferredCall.length = 0;
    if (badDebtNow > 0) {
      events.push({
        step: t,
        kind: "bad-debt",
        text: `bad debt +${fmtUsd2(badDebtNow)} (total ${fmtUsd2(totals.badDebt)}); surplus buffer ${fmtUsd2(surplus)}`
      });
    }
    impactSeries[t] = preImpact;
    series.fundamental[t] = F;
    series.price[t] = ref;
    series.oracle[t] = price;
    for (let v = 0; v < market.venueCount; v++) series.venues[v].price[t] = venuePrices[v];
    series.callsIssued[t] = issued;
    series.callsAnswered[t] = answered;
    series.liquidations[t] = kicks;
    series.accountsLiquidated[t] = newAccounts;
    series.collateralLiquidatedUsd[t] = kickedUsd;
    series.zeroBids[t] = zeroBidsNow;
    series.auctionsSettled[t] = settled;
    series.badDebtUsd[t] = totals.badDebt;
    series.surplusUsd[t] = surplus;
    series.debtAuctionUsd[t] = totals.debtAuction;
    series.collateralInAuctionsUsd[t] = auctionLots * series.price[t];
    series.openAuctions[t] = active.length + waiting.length - waitingHead;
    series.activeKeepers[t] = activeKeepers;
    series.gasGwei[t] = gas;
    series.oracleBlocked[t] = oracle.blocked ? 1 : 0;
    series.requiredRatio[t] = marginState.ratio;
    series.breakerActive[t] = marginState.breakerActive ? 1 : 0;
    series.poolDepositsUsd[t] = poolDeposits;
    series.backstopHoldingsUsd[t] = (poolUnits + vaultUnits) * ref;
    series.insuranceFundUsd[t] = fund;
    series.vaultEquityUsd[t] = vaultCash + vaultUnits * ref - vaultDebt;
    series.adlAccounts[t] = adlNow;
    series.adlNotionalUsd[t] = adlUsdNow;
    series.shortsLiquidated[t] = shortsNow;
    for (const tr of tracked) {
      tr.collateral[t] = acc.collateral[tr.account];
      tr.debt[t] = acc.debt[tr.account];
      if (tr.firstCallStep < 0 && acc.calledAt[tr.account] >= 0)
        tr.firstCallStep = acc.calledAt[tr.account];
    }
    if (scanReference) {
      histCounts.fill(0);
      histDebtUsd.fill(0);
      for (let i = 0; i < N; i++) {
        if (acc.status[i] !== STATUS_ACTIVE2 || acc.debt[i] <= 0 || acc.collateral[i] <= 0) continue;
        const b = histBucketOf(i);
        histCounts[b]++;
        histDebtUsd[b] += Math.round(acc.debt[i]);
      }
    }
    histAllCounts.set(histCounts, t * HIST_BUCKETS);
    histAllDebt.set(histDebtUsd, t * HIST_BUCKETS);
    if (opts.onStep) {
      opts.onStep({
        step: t,
        accounts: acc,
        auctionLots,
        auctionDebt,
        totals,
        prices: Array.from(venuePrices),
        oracle: price,
        surplus,
        backstopUnits: poolUnits + vaultUnits,
        pendingDebt,
        insuranceFund: fund,
        poolDeposits,
        derivatives: layer ? { conservationError: layer.conservationError(), minBalance: layer.minBalance() } : null
      });
    }
  }
  const t2 = opts.clock?.() ?? 0;
  totals.openAuctionsAtEnd = active.length + waiting.length - waitingHead;
  totals.breakerTrips = marginState.breakerTrips;
  let optionsReport = null;
  if (layer) {
    const kindOf = {
      liquidation: "options",
      expiry: "options",
      vault: "options",
      hedging: "hedging",
      insurance: "insurance",
      iv: "iv"
    };
    const extra = layer.events().map((e) => ({
      step: Math.min(n - 1, Math.max(0, Math.round((e.time - timeline.startSec) / dt))),
      kind: kindOf[e.kind],
      text: e.text
    }));
    const merged = [];
    let j = 0;
    for (const e of events) {
      while (j < extra.length && extra[j].step < e.step) merged.push(extra[j++]);
      merged.push(e);
    }
    while (j < extra.length) merged.push(extra[j++]);
    events.length = 0;
    events.push(...merged);
    const os = layer.series();
    optionsReport = {
      series: os,
      gammaMap: {
        levels: gammaLevels,
        everySteps: gammaEvery,
        rows: gammaRow,
        units: gammaUnits.subarray(0, gammaRow * gammaLevels.length),
        dealers: gammaDealers.subarray(0, gammaRow * gammaLevels.length)
      },
      writersLiquidated: os.writersLiquidated.reduce((a, b) => a + b, 0),
      conservationError: layer.conservationError()
    };
  }
  totals.peakRequiredRatio = marginState.peakRatio;
  const result = {
    engineVersion: ENGINE_VERSION,
    designId: design.id,
    designHash: designHash(design),
    seed: opts.seed,
    accounts: N,
    steps: n,
    stepSeconds: dt,
    startSec: timeline.startSec,
    asset: scenario.population.asset,
    series,
    triggerHistogram: { initialPrice, counts: histAllCounts, debtUsd: histAllDebt },
    events,
    auctions: [],
    liquidations: [],
    totals,
    impactLog: impactSeries,
    fundamentalLog: fundamentalLogOut,
    tracked,
    options: optionsReport,
    ...opts.clock ? {
      timings: {
        setupMs: t1 - t0,
        stepMs: t2 - t1,
        indexBytes: liqIndex.memoryBytes + callIndex.memoryBytes + (shorts?.memoryBytes ?? 0),
        recordBytes: book.memoryBytes + liqLog.memoryBytes
      }
    } : {}
  };
  let auctionRecords = null;
  let liquidationRecords = null;
  Object.defineProperty(result, "auctions", {
    enumerable: true,
    get: () => auctionRecords ??= book.records()
  });
  Object.defineProperty(result, "liquidations", {
    enumerable: true,
    get: () => liquidationRecords ??= liqLog.records()
  });
  return result;
  function takeKickTx(incentiveUsd) {
    const paid = incentiveUsd >= 2 * gasUsdPerTx;
    for (let k = 0; k < keepers.count; k++) {
      if (keepers.kicksLeft[k] <= 0) continue;
      if (paid || stepGas <= keepers.gasCapGwei[k]) {
        keepers.kicksLeft[k]--;
        return true;
      }
    }
    return false;
  }
  function sell(kind, who, units, debt) {
    const tier = mods.tiered;
    if (tier && units * stepRef > tier.aboveUsd) {
      sliceKind.push(kind);
      sliceWho.push(who);
      sliceUnits.push(units / tier.slices);
      sliceDebt.push(debt / tier.slices);
      sliceLeft.push(tier.slices);
    } else pushOrder(kind, who, units, debt);
    if (debt > 0) pendingDebt += debt;
  }
  function closeAccount(i) {
    acc.collateral[i] = 0;
    acc.debt[i] = 0;
    acc.status[i] = STATUS_CLOSED;
  }
  function partialUnits(c, d, bonus) {
    const T = mods.partialTargetRatio;
    if (T === null) return Infinity;
    const target = T / qf;
    const k = target / (1 + bonus) - 1;
    if (k <= 0) return Infinity;
    const x = (target * d - c * stepPrice) / (stepPrice * k);
    return x > 0 ? x : Infinity;
  }
  function marketSale(i, c, d, closeFactor, bonus, maxUnits) {
    const t = stepT;
    const price = stepPrice;
    const ref = stepRef;
    let repay = d * closeFactor;
    if (repay < 1 || d * LR < 100) repay = d;
    const partial = partialUnits(c, d, bonus);
    if (partial !== Infinity) repay = Math.min(repay, partial * price / (1 + bonus));
    let seize = repay * (1 + bonus) / price;
    if (seize > maxUnits) {
      seize = maxUnits;
      repay = seize * price / (1 + bonus);
    }
    if (seize > c) {
      seize = c;
      repay = Math.min(d, c * price / (1 + bonus));
    }
    let chosen = -1;
    for (let j = 0; j < keepers.count; j++) {
      const k = keepers.byMargin[j];
      if (keepers.capital[k] < repay) continue;
      const profit = seize * ref * (1 - keepers.margin[k]) - repay;
      if (profit < 0) continue;
      if (!useTx(k, profit)) continue;
      chosen = k;
      break;
    }
    if (chosen < 0) {
      deferredLiq.push(i);
      return -1;
    }
    keepers.capital[chosen] -= repay;
    acc.collateral[i] = c - seize;
    acc.debt[i] = d - repay;
    totals.repaid += repay;
    totals.collateralOut += seize;
    sell(SRC_LIQUIDATION, chosen, seize, 0);
    kicks++;
    kickedUnits += seize;
    kickedUsd += seize * ref;
    totals.oracleValueAtKickUsd += seize * price;
    totals.proceedsUsd += repay;
    liqLog.push(i, t, seize, seize * ref, repay, -1);
    if (acc.collateral[i] <= 1e-12 * Math.max(1, c)) {
      const left = acc.debt[i];
      closeAccount(i);
      if (left > 0) {
        totals.badDebt += left;
        charge(left, t);
      }
    }
    retrigger(i);
    if (acc.status[i] === STATUS_ACTIVE2 && acc.debt[i] > 0) deferredLiq.push(i);
    return seize * ref;
  }
  function auctionKick(i, c, d, maxUnits) {
    const a = liq;
    const t = stepT;
    const price = stepPrice;
    const ref = stepRef;
    const lot = Math.min(a.lotSize, c, maxUnits);
    const debtPart = lot >= c ? d : d * lot / c;
    const kickIncentive = a.kind === "dutch-auction" ? a.keeperTipUsd + a.keeperChip * debtPart * (1 + a.penalty) : 0;
    if (a.kind === "dutch-auction" && activeTab + debtPart * (1 + a.penalty) > a.maxActiveTabUsd && activeTab > 0) {
      deferredLiq.push(i);
      return -1;
    }
    if (!takeKickTx(kickIncentive)) {
      deferredLiq.push(i);
      return -1;
    }
    acc.collateral[i] = c - lot;
    acc.debt[i] = d - debtPart;
    if (lot >= c) closeAccount(i);
    retrigger(i);
    if (acc.status[i] === STATUS_ACTIVE2 && acc.debt[i] > 0) deferredLiq.push(i);
    const tab = debtPart * (1 + a.penalty);
    const au = book.open(
      i,
      t,
      lot,
      debtPart,
      tab,
      price,
      ref,
      t + (a.kind === "english-auction" ? stepsOf(a.maxDurationSeconds) : 0),
      a.kind === "dutch-auction" ? price * a.startBuffer : 0
    );
    if (a.kind === "dutch-auction") {
      const incentive = a.keeperTipUsd + a.keeperChip * tab;
      totals.keeperIncentives += incentive;
      charge(incentive, t);
      active.push(au);
      activeTab += tab;
    } else waiting.push(au);
    auctionLots += lot;
    auctionDebt += debtPart;
    kicks++;
    kickedUnits += lot;
    kickedUsd += lot * ref;
    totals.oracleValueAtKickUsd += lot * price;
    liqLog.push(i, t, lot, lot * ref, debtPart, au + 1);
    return 0;
  }
  function poolLiquidation(i, c, d, maxUnits) {
    const p = liq;
    if (poolDeposits < d && p.whenEmpty === "market-sale")
      return marketSale(i, c, d, p.fallbackCloseFactor, p.fallbackBonus, maxUnits);
    const compUnits = c * p.gasCompensationFraction;
    if (!takeKickTx(p.gasCompensationUsd + compUnits * stepPrice)) {
      deferredLiq.push(i);
      return -1;
    }
    const f = d > 0 ? Math.min(1, poolDeposits / d) : 1;
    const rest = c - compUnits;
    poolDeposits -= d * f;
    if (poolDeposits < 1e-9) poolDeposits = 0;
    poolUnits += rest * f;
    totals.repaid += d * f;
    totals.poolAbsorbedUsd += d * f;
    redistDebt += d * (1 - f);
    redistColl += rest * (1 - f);
    closeAccount(i);
    retrigger(i);
    totals.collateralOut += compUnits;
    kicks++;
    kickedUnits += c;
    kickedUsd += c * stepRef;
    totals.oracleValueAtKickUsd += c * stepPrice;
    liqLog.push(i, stepT, c, c * stepRef, d, -1);
    return 0;
  }
  function redistribute(t) {
    let C = 0;
    for (let i = 0; i < N; i++)
      if (acc.status[i] === STATUS_ACTIVE2 && acc.debt[i] > 0) C += acc.collateral[i];
    const rd = redistDebt;
    const rc = redistColl;
    redistDebt = 0;
    redistColl = 0;
    if (C <= 0) {
      totals.collateralOut += rc;
      pushOrder(SRC_BACKSTOP, WHO_NONE, rc, 0);
      totals.badDebt += rd;
      charge(rd, t);
      return;
    }
    for (let i = 0; i < N; i++) {
      if (acc.status[i] !== STATUS_ACTIVE2 || acc.debt[i] <= 0) continue;
      const share = acc.collateral[i] / C;
      acc.collateral[i] = acc.collateral[i] + share * rc;
      acc.debt[i] = acc.debt[i] + share * rd;
      retrigger(i);
    }
    totals.redistributedDebtUsd += rd;
    totals.redistributedCollateral += rc;
    events.push({
      step: t,
      kind: "pool",
      text: `stability pool empty: ${fmtUsd2(rd)} of debt and ${fmtUnits(rc)} ${scenario.population.asset} redistributed to the remaining accounts`
    });
  }
  function exchangeClose(i, c, d, maxUnits) {
    const x = liq;
    const t = stepT;
    const price = stepPrice;
    const ref = stepRef;
    const haircutNow = 1 - 1 / marginState.ratio;
    const equity = c * price - d;
    const vaultEquity = vaultCash + vaultUnits * price - vaultDebt;
    if (vaultSpec && equity < vaultSpec.belowMaintenanceFraction * haircutNow * c * price && vaultEquity + equity >= 0 && (vaultUnits + c) * price <= vaultSpec.maxHoldingUsd) {
      vaultDebt += d;
      pendingDebt += d;
      vaultUnits += c;
      totals.vaultTakeovers++;
      totals.vaultTakeoverUsd += c * price;
      closeAccount(i);
      retrigger(i);
      kicks++;
      kickedUnits += c;
      kickedUsd += c * ref;
      totals.oracleValueAtKickUsd += c * price;
      liqLog.push(i, t, c, c * ref, d, -1);
      return 0;
    }
    let cNow = c;
    let dNow = d;
    if (x.autoDeleverage && shorts && fund <= 1e-9 && c > 0 && equity <= 0) {
      if (totals.fundExhaustedStep < 0) totals.fundExhaustedStep = t;
      const pb = d / c;
      const r = shorts.deleverage(c, pb, price);
      if (r.units > 0) {
        const debtPart = r.units >= c ? d : d * r.units / c;
        acc.collateral[i] = c - r.units;
        acc.debt[i] = d - debtPart;
        totals.collateralOut += r.units;
        totals.repaid += debtPart;
        totals.adlAccounts += r.accounts;
        totals.adlNotionalUsd += r.units * pb;
        if (totals.firstAdlStep < 0) totals.firstAdlStep = t;
        adlNow += r.accounts;
        adlUsdNow += r.units * pb;
        kicks++;
        kickedUnits += r.units;
        kickedUsd += r.units * ref;
        totals.oracleValueAtKickUsd += r.units * price;
        liqLog.push(i, t, r.units, r.units * ref, debtPart, -1);
        if (r.units >= c) {
          closeAccount(i);
          retrigger(i);
          return 0;
        }
        cNow = acc.collateral[i];
        dNow = acc.debt[i];
        retrigger(i);
      }
    }
    let units = Math.min(cNow, partialUnits(cNow, dNow, 0), maxUnits);
    if (partialClose && cNow * price > partialClose.aboveUsd && cNow * price > dNow) {
      units = Math.min(units, cNow * partialClose.fraction);
      cooldownUntil[i] = t + cooldownSteps;
    }
    if (units <= 0) {
      deferredLiq.push(i);
      return -1;
    }
    totals.collateralOut += units;
    kicks++;
    kickedUnits += units;
    kickedUsd += units * ref;
    totals.oracleValueAtKickUsd += units * price;
    if (units >= cNow * (1 - 1e-12)) {
      liqLog.push(i, t, cNow, cNow * ref, dNow, -1);
      closeAccount(i);
      retrigger(i);
      sell(SRC_LIQUIDATION, WHO_CLOSE_BASE - i, cNow, dNow);
    } else {
      liqLog.push(i, t, units, units * ref, Math.min(dNow, units * price), -1);
      acc.collateral[i] = cNow - units;
      acc.selling[i] = 1;
      pushOrder(SRC_LIQUIDATION, WHO_CLOSE_BASE - i, units, -1);
      retrigger(i);
    }
    return units * ref;
  }
  function settleClose(i, proceeds, debt, t) {
    const x = liq;
    if (debt < 0) {
      const equityAfter = acc.collateral[i] * stepRef + proceeds - acc.debt[i];
      const fee2 = Math.min(x.liquidationFee * proceeds, Math.max(0, equityAfter));
      fund += fee2;
      totals.insuranceFees += fee2;
      const repay = Math.min(acc.debt[i], proceeds - fee2);
      acc.debt[i] = acc.debt[i] - repay;
      totals.repaid += repay;
      totals.proceedsUsd += proceeds;
      totals.returnedEquityUsd += proceeds - fee2 - repay;
      acc.selling[i] = 0;
      retrigger(i);
      if (acc.status[i] === STATUS_ACTIVE2 && acc.debt[i] > 0) deferredLiq.push(i);
      return;
    }
    pendingDebt -= debt;
    if (pendingDebt < 1e-6) pendingDebt = 0;
    totals.proceedsUsd += proceeds;
    const fee = Math.min(x.liquidationFee * proceeds, Math.max(0, proceeds - debt));
    fund += fee;
    totals.insuranceFees += fee;
    const rem = proceeds - debt - fee;
    if (rem >= 0) {
      totals.repaid += debt;
      totals.returnedEquityUsd += rem;
      return;
    }
    totals.repaid += proceeds;
    let deficit = -rem;
    const fromFund = drawFund(deficit);
    totals.repaid += fromFund;
    deficit -= fromFund;
    if (deficit <= 0) return;
    if (totals.fundExhaustedStep < 0) totals.fundExhaustedStep = t;
    if (x.autoDeleverage && shorts) {
      const h = shorts.haircut(deficit, stepPrice);
      if (h.usd > 0) {
        totals.repaid += h.usd;
        totals.adlHaircutUsd += h.usd;
        totals.adlAccounts += h.accounts;
        adlNow += h.accounts;
        adlUsdNow += h.usd;
        if (totals.firstAdlStep < 0) totals.firstAdlStep = t;
        deficit -= h.usd;
      }
    }
    if (deficit > 1e-9) {
      totals.badDebt += deficit;
      charge(deficit, t);
    }
  }
  function settleVault(proceeds, t) {
    const repay = Math.min(vaultDebt, proceeds);
    vaultDebt -= repay;
    pendingDebt -= repay;
    totals.repaid += repay;
    vaultCash += proceeds - repay;
    if (vaultUnits <= 0 && vaultDebt > 0) {
      const pay = Math.min(vaultCash, vaultDebt);
      vaultCash -= pay;
      vaultDebt -= pay;
      pendingDebt -= pay;
      totals.repaid += pay;
      if (vaultDebt > 1e-9) {
        totals.badDebt += vaultDebt;
        charge(vaultDebt, t);
      }
      pendingDebt -= vaultDebt;
      vaultDebt = 0;
    }
    if (pendingDebt < 1e-6) pendingDebt = 0;
  }
  function drawFund(deficit) {
    const paid = Math.min(fund, deficit);
    fund -= paid;
    totals.insurancePaid += paid;
    return paid;
  }
  function settleShort(j, units, fill, t) {
    if (!shorts) return;
    const feeRate = liq.kind === "exchange-close" ? liq.liquidationFee : 0;
    const equity = shorts.margin[j] + units * (shorts.entry[j] - fill);
    shorts.margin[j] = 0;
    const fee = Math.min(feeRate * units * fill, Math.max(0, equity));
    fund += fee;
    totals.insuranceFees += fee;
    if (equity - fee >= 0) {
      totals.returnedEquityUsd += equity - fee;
      return;
    }
    const owed = fee - equity;
    const deficit = owed - drawFund(owed);
    if (deficit > 1e-9) {
      totals.badDebt += deficit;
      totals.shortsBadDebt += deficit;
      charge(deficit, t);
    }
  }
  function returnLot(au, units) {
    if (units <= 0) return;
    const i = book.account[au];
    acc.collateral[i] = acc.collateral[i] + units;
    book.returnedUnits[au] += units;
    if (!(acc.status[i] === STATUS_CLOSED && acc.debt[i] <= 0)) retrigger(i);
  }
  function closeAuction(au, t) {
    auctionLots -= book.lot[au];
    const left = book.debtLeft[au];
    auctionDebt -= left;
    book.endStep[au] = t;
    if (left > 0) {
      book.shortfallUsd[au] = left;
      totals.badDebt += left;
      charge(left, t);
      book.debtLeft[au] = 0;
    }
  }
  function receive(au, usd) {
    const repay = Math.min(usd, book.debtLeft[au]);
    book.debtLeft[au] -= repay;
    auctionDebt -= repay;
    totals.repaid += repay;
    credit(usd - repay);
    totals.penaltyIncome += usd - repay;
    book.proceedsUsd[au] += usd;
    totals.proceedsUsd += usd;
  }
  function sellForKeeper(k, units) {
    pushOrder(SRC_AUCTION, k, units, 0);
    totals.collateralOut += units;
  }
  function stepEnglish(au, t) {
    const d = liq;
    const bidder = book.bidder[au];
    if (bidder >= 0 && t >= book.bidExpiry[au] || t >= book.end[au]) {
      if (bidder < 0) {
        book.end[au] = t + stepsOf(d.maxDurationSeconds);
        return false;
      }
      book.winner[au] = bidder;
      const bid = book.bid[au];
      book.zeroBid[au] = bid < 1e-6 * book.tabUsd[au] ? 1 : 0;
      const lot2 = book.lot[au];
      receive(au, bid);
      closeAuction(au, t);
      book.lot[au] = 0;
      sellForKeeper(bidder, lot2);
      return true;
    }
    if (keepers.cappedTxTotal <= 0) return false;
    const refPrice = stepRef;
    const tab = book.tabUsd[au];
    const lot = book.lot[au];
    const current = book.bid[au];
    const bestValuation = lot * refPrice * (1 - keepers.minActiveMargin);
    if (current < tab) {
      const required = bidder < 0 ? MIN_BID_USD : Math.min(tab, current * (1 + d.minIncrement));
      if (bidder >= 0 && Math.min(tab, bestValuation) < required) return false;
      let best2 = -1;
      let bestV = -1;
      let anyValuation = false;
      for (let a = 0; a < keepers.activeCount; a++) {
        const k = keepers.active[a];
        if (k === bidder || keepers.txLeft[k] <= 0) continue;
        if (keepers.lowball[k] === 1 && bidder >= 0 && keepers.lowball[bidder] === 1) continue;
        const v = Math.min(lot * refPrice * (1 - keepers.margin[k]), keepers.capital[k], tab);
        if (v < required) continue;
        if (keepers.lowball[k] === 0) anyValuation = true;
        if (v > bestV) {
          bestV = v;
          best2 = k;
        }
      }
      if (best2 < 0) return false;
      const alone = bidder < 0 && keepers.lowball[best2] === 1 && !anyValuation;
      const bid = alone ? MIN_BID_USD : bestV;
      if (bidder >= 0) keepers.capital[bidder] += current;
      keepers.capital[best2] -= bid;
      spendTx(keepers, best2);
      book.bid[au] = bid;
      book.bidder[au] = best2;
      book.bidExpiry[au] = t + stepsOf(d.bidDurationSeconds);
      return false;
    }
    let bestLot = lot / (1 + d.minIncrement);
    if (tab / (refPrice * (1 - keepers.minActiveMargin)) > bestLot) return false;
    let best = -1;
    for (let a = 0; a < keepers.activeCount; a++) {
      const k = keepers.active[a];
      if (k === bidder || keepers.txLeft[k] <= 0) continue;
      const accept = tab / (refPrice * (1 - keepers.margin[k]));
      if (accept <= bestLot && keepers.capital[k] >= tab) {
        bestLot = accept;
        best = k;
      }
    }
    if (best < 0) return false;
    keepers.capital[bidder] += current;
    keepers.capital[best] -= current;
    spendTx(keepers, best);
    auctionLots -= lot - bestLot;
    returnLot(au, lot - bestLot);
    book.lot[au] = bestLot;
    book.bidder[au] = best;
    book.bidExpiry[au] = t + stepsOf(d.bidDurationSeconds);
    return false;
  }
  function stepDutch(au, t) {
    const d = liq;
    const elapsed = t - book.startStep[au];
    const elapsedSec = elapsed * dt;
    let top = book.top[au];
    let p = top * (elapsed < decayTable.length ? decayTable[elapsed] : decayFactor(d.decay, elapsedSec));
    if (elapsedSec > d.resetAfterSeconds || p / top < d.resetBelowRatio) {
      const incentive = d.keeperTipUsd + d.keeperChip * book.tabLeft[au];
      let k = 0;
      while (k < keepers.count && !useTx(k, incentive)) k++;
      if (k >= keepers.count) return false;
      top = oracle.value * d.startBuffer;
      book.top[au] = top;
      book.startStep[au] = t;
      book.resets[au]++;
      totals.keeperIncentives += incentive;
      charge(incentive, t);
      p = top;
    }
    const refPrice = stepRef;
    if (p > refPrice * (1 - keepers.minMargin)) return false;
    const lotUnits = book.lotUnits[au];
    const tabUsd = book.tabUsd[au];
    for (let j = 0; j < keepers.count && book.lot[au] > 0 && book.tabLeft[au] > 0; j++) {
      const k = keepers.byMargin[j];
      if (p > refPrice * (1 - keepers.margin[k])) break;
      const lot = book.lot[au];
      const tabLeft = book.tabLeft[au];
      const budget = d.flashLiquidity ? env.maxTakeUsd : keepers.capital[k];
      let units = Math.min(lot, tabLeft / p, budget / p);
      if (units <= 0) continue;
      if (lot - units < 1e-12 * lotUnits) units = lot;
      const pay = Math.min(units * p, tabLeft);
      if (!useTx(k, units * (refPrice - p))) continue;
      if (!d.flashLiquidity) keepers.capital[k] -= pay;
      book.lot[au] = lot - units;
      auctionLots -= units;
      let left = tabLeft - pay;
      activeTab -= pay;
      if (left < 1e-9 * tabUsd) {
        activeTab -= left;
        left = 0;
      }
      book.tabLeft[au] = left;
      receive(au, pay);
      book.winner[au] = k;
      sellForKeeper(d.flashLiquidity ? -1 : k, units);
    }
    if (book.tabLeft[au] <= 0 || book.lot[au] <= 0) {
      activeTab -= book.tabLeft[au];
      const left = book.lot[au];
      book.lot[au] = 0;
      auctionLots -= left;
      returnLot(au, left);
      closeAuction(au, t);
      return true;
    }
    return false;
  }
}
function decayFactor(decay, sec) {
  switch (decay.kind) {
    case "stairstep-exponential":
      return Math.pow(decay.cut, Math.floor(sec / decay.stepSeconds));
    case "linear":
      return Math.max(0, 1 - sec / decay.durationSeconds);
    case "exponential":
      return Math.pow(0.5, sec / decay.halfLifeSeconds);
  }
}
function plural(n, word) {
  return n === 1 ? word : `${word}s`;
}
function pct(ratio) {
  return `${Math.round(ratio * 100)}%`;
}
function fmtUsd2(v) {
  const a = Math.abs(v);
  const s = v < 0 ? "-" : "";
  if (a >= 1e9) return `${s}$${(a / 1e9).toFixed(2)}B`;
  if (a >= 1e6) return `${s}$${(a / 1e6).toFixed(2)}M`;
  if (a >= 1e4) return `${s}$${(a / 1e3).toFixed(1)}k`;
  return `${s}$${a.toFixed(2)}`;
}
function fmtUnits(v) {
  if (v >= 1e6) return `${(v / 1e6).toFixed(2)}M`;
  if (v >= 1e4) return `${(v / 1e3).toFixed(1)}k`;
  return v.toFixed(v >= 100 ? 0 : 2);
}
function blockMinima(values) {
  const n = values.length;
  const first = new Int32Array(n).fill(-1);
  const stack = new Int32Array(n);
  let top = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    while (top > 0 && values[stack[top - 1]] > v) first[stack[--top]] = i;
    stack[top++] = i;
  }
  const lower = [first];
  for (let k = 1; 1 << k < n; k++) {
    const prev = lower[k - 1];
    const next = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const j = prev[i];
      next[i] = j < 0 ? -1 : prev[j];
    }
    lower.push(next);
  }
  return { values, lower, hitFrom: -1, hitLo: 0, hitHi: 0, hitAt: -1 };
}
function firstStepAtOrBelow(_values, g, from, cap) {
  const { values, lower } = g;
  if (from >= values.length) return -1;
  let s = from;
  if (values[s] <= cap) return s;
  if (from === g.hitFrom && cap >= g.hitLo && cap < g.hitHi) return g.hitAt;
  for (let k = lower.length - 1; k >= 0; k--) {
    const j = lower[k][s];
    if (j >= 0 && values[j] > cap) s = j;
  }
  const at = lower[0][s];
  g.hitFrom = from;
  g.hitLo = at >= 0 ? values[at] : -Infinity;
  g.hitHi = values[s];
  g.hitAt = at;
  return at;
}

// src-main/engine/observed-path.ts
var STEP_FILLED = 0;
var STEP_OBSERVED = 1;
var STEP_CLOSED = 2;
var STEPS_PER_BAR = 4;
function observedPath(input, startSec, stepSeconds, steps, rng) {
  const grid = { startSec, stepSeconds, steps };
  const endSec = startSec + (steps - 1) * stepSeconds;
  const log = new Float64Array(steps).fill(NaN);
  const kind = new Uint8Array(steps);
  const sourceBars = input.bars ?? [];
  const bars = mergeBars(sourceBars, stepSeconds);
  const inBar = (t) => bars.find((b) => t >= b.start && t < b.start + b.len);
  let dropped = 0;
  const barOfPoint = /* @__PURE__ */ new Map();
  const loose = [];
  for (const p of input.points) {
    const b = inBar(p[0]);
    if (b) barOfPoint.set(b, [...barOfPoint.get(b) ?? [], p]);
    else loose.push(p);
  }
  for (const b of bars) dropped += placeBar(b, barOfPoint.get(b) ?? [], grid, log, kind, rng);
  dropped += placeLoosePoints(loose, grid, log, kind);
  const interpolated = fillGaps(log, kind);
  if (interpolated < 0) throw new RangeError("no observed price falls inside the scenario window");
  applySessions(input.sessions, grid, log, kind);
  let observedSteps = 0;
  let closedSteps = 0;
  for (let i = 0; i < steps; i++) {
    if (kind[i] === STEP_OBSERVED) observedSteps++;
    else if (kind[i] === STEP_CLOSED) closedSteps++;
  }
  const { low, high } = dataRange(input, startSec, endSec);
  return {
    log,
    kind,
    observedSteps,
    filledSteps: steps - observedSteps - closedSteps,
    closedSteps,
    droppedObservations: dropped,
    barSeconds: distinct(bars.map((b) => b.len)),
    sourceBarSeconds: distinct(sourceBars.map((b) => b[1])),
    interpolatedPoints: interpolated > 0,
    dataLow: low,
    dataHigh: high
  };
}
function distinct(xs) {
  return [...new Set(xs)].sort((a, b) => a - b);
}
function dataRange(input, from, to) {
  let low = Infinity;
  let high = -Infinity;
  for (const [t, len, , h, l] of input.bars ?? []) {
    if (t + len <= from || t > to) continue;
    low = Math.min(low, l);
    high = Math.max(high, h);
  }
  for (const [t, p] of input.points) {
    if (t < from || t > to) continue;
    low = Math.min(low, p);
    high = Math.max(high, p);
  }
  return { low, high };
}
function mergeBars(bars, stepSeconds) {
  const out = [];
  let group = null;
  for (const [start, len, o, h, l, c] of bars) {
    const k = Math.max(1, Math.ceil(STEPS_PER_BAR * stepSeconds / len));
    if (k === 1) {
      group = null;
      out.push({ start, len, o, h, l, c });
      continue;
    }
    const key = `${len}:${Math.floor(start / (k * len))}`;
    const mid = start + len / 2;
    if (group && group.key === key) {
      const g = group.bar;
      if (h > g.h) [g.h, g.tHigh] = [h, mid];
      if (l < g.l) [g.l, g.tLow] = [l, mid];
      g.c = c;
      g.len = start + len - g.start;
      continue;
    }
    group = { key, bar: { start, len, o, h, l, c, tHigh: mid, tLow: mid } };
    out.push(group.bar);
  }
  return out;
}
var stepOf = (g, t) => (t - g.startSec) / g.stepSeconds;
function placeBar(b, knots, g, log, kind, rng) {
  const i0 = Math.max(0, Math.ceil(stepOf(g, b.start) - 1e-9));
  const i1 = Math.min(g.steps - 1, Math.ceil(stepOf(g, b.start + b.len) - 1e-9) - 1);
  if (i0 > i1) return 1 + knots.length;
  const lo = Math.log(b.l);
  const hi = Math.log(b.h);
  const anchors = /* @__PURE__ */ new Map();
  const fixed = /* @__PURE__ */ new Set();
  anchors.set(i0, Math.log(b.o));
  anchors.set(i1, Math.log(b.c));
  let dropped = 0;
  for (const [t, p] of knots) {
    const i = Math.min(i1, Math.max(i0, Math.round(stepOf(g, t))));
    if (fixed.has(i)) dropped++;
    anchors.set(i, Math.log(p));
    fixed.add(i);
  }
  placeExtremes(b, anchors, fixed, i0, i1, g);
  const order = [...anchors.keys()].sort((x, y) => x - y);
  for (const i of order) {
    log[i] = anchors.get(i);
    kind[i] = STEP_OBSERVED;
  }
  const sigma = Math.sqrt((hi - lo) ** 2 / (4 * Math.LN2) * (g.stepSeconds / b.len));
  for (let k = 1; k < order.length; k++) bridge(log, kind, order[k - 1], order[k], sigma, lo, hi, rng);
  return dropped;
}
function placeExtremes(b, anchors, fixed, i0, i1, g) {
  const lo = Math.log(b.l);
  const hi = Math.log(b.h);
  const values = () => [...anchors.values()];
  const needHigh = Math.max(...values()) < hi;
  const needLow = Math.min(...values()) > lo;
  if (!needHigh && !needLow) return;
  const n = i1 - i0 + 1;
  const third = (f) => i0 + Math.round((n - 1) * f / 3);
  const extremeStep = (want, hint, nearValue) => {
    if (hint !== void 0) return Math.round(stepOf(g, hint));
    if (fixed.size > 0) {
      let best = i0;
      for (const [i, v] of anchors)
        if (Math.abs(v - nearValue) < Math.abs(anchors.get(best) - nearValue)) best = i;
      return best;
    }
    return want;
  };
  const lowFirst = b.c >= b.o;
  const targets = [];
  if (needHigh) targets.push({ value: hi, step: extremeStep(third(lowFirst ? 2 : 1), b.tHigh, hi) });
  if (needLow) targets.push({ value: lo, step: extremeStep(third(lowFirst ? 1 : 2), b.tLow, lo) });
  targets.sort((x, y) => x.step - y.step);
  for (const t of targets) {
    const i = nearestFree(t.step, i0, i1, anchors, fixed);
    anchors.set(i, t.value);
    fixed.add(i);
  }
}
function nearestFree(target, i0, i1, anchors, fixed) {
  const t = Math.min(i1, Math.max(i0, target));
  for (let d = 0; d <= i1 - i0; d++) {
    for (const i of [t - d, t + d]) {
      if (i > i0 && i < i1 && !anchors.has(i)) return i;
    }
  }
  for (const i of [i0, i1]) if (!fixed.has(i)) return i;
  return t;
}
function bridge(log, kind, ia, ib, sigma, lo, hi, rng) {
  const xb = log[ib];
  for (let i = ia + 1; i < ib; i++) {
    const remaining = ib - i + 1;
    const prev = log[i - 1];
    const x = prev + (xb - prev) / remaining + sigma * Math.sqrt((remaining - 1) / remaining) * rng.normal();
    log[i] = reflect(x, lo, hi);
    kind[i] = STEP_FILLED;
  }
}
function reflect(x, lo, hi) {
  const w = hi - lo;
  if (!(w > 0)) return lo;
  const period = 2 * w;
  let y = (x - lo) % period;
  if (y < 0) y += period;
  return y <= w ? lo + y : hi - (y - w);
}
function placeLoosePoints(points, g, log, kind) {
  let dropped = 0;
  for (const [t, p] of points) {
    const exact = stepOf(g, t);
    if (exact < -0.5 || exact > g.steps - 0.5) continue;
    const i = Math.round(exact);
    if (kind[i] === STEP_OBSERVED) {
      dropped++;
      continue;
    }
    log[i] = Math.log(p);
    kind[i] = STEP_OBSERVED;
  }
  return dropped;
}
function fillGaps(log, kind) {
  const n = log.length;
  let prev = -1;
  let interpolated = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(log[i])) continue;
    if (prev < 0) {
      for (let j = 0; j < i; j++) [log[j], kind[j]] = [log[i], STEP_FILLED];
    } else if (i - prev > 1) {
      for (let j = prev + 1; j < i; j++) {
        log[j] = log[prev] + (log[i] - log[prev]) * (j - prev) / (i - prev);
        kind[j] = STEP_FILLED;
        interpolated++;
      }
    }
    prev = i;
  }
  if (prev < 0) return -1;
  for (let j = prev + 1; j < n; j++) [log[j], kind[j]] = [log[prev], STEP_FILLED];
  return interpolated;
}
function applySessions(sessions, g, log, kind) {
  if (!sessions || sessions.length === 0) return;
  let k = 0;
  for (let i = 0; i < g.steps; i++) {
    const t = g.startSec + i * g.stepSeconds;
    while (k < sessions.length && sessions[k][1] <= t) k++;
    const open = k < sessions.length && t >= sessions[k][0];
    if (open) continue;
    kind[i] = STEP_CLOSED;
    if (i > 0) log[i] = log[i - 1];
  }
}

// src-main/engine/timeline.ts
function buildTimeline(scenario, stepSeconds, seed) {
  if (!Number.isInteger(stepSeconds) || stepSeconds <= 0) {
    throw new RangeError(`step must be a whole number of seconds > 0 (got ${stepSeconds})`);
  }
  const startSec = Date.parse(scenario.startTime) / 1e3;
  const endSec = Date.parse(scenario.endTime) / 1e3;
  const steps = Math.floor((endSec - startSec) / stepSeconds) + 1;
  if (steps < 2) throw new RangeError("the scenario window holds fewer than two steps at this resolution");
  if (steps > 2e6) throw new RangeError(`too many steps (${steps}); choose a coarser step`);
  const paths = scenario.assets.map(
    (asset, a) => observedPath(asset.observed, startSec, stepSeconds, steps, new Rng(seed, 1e3 + a))
  );
  return {
    startSec,
    stepSeconds,
    steps,
    observedLog: paths.map((p) => p.log),
    stepKind: paths.map((p) => p.kind),
    dataRange: paths.map((p) => ({ low: p.dataLow, high: p.dataHigh })),
    gasGwei: gasPath(scenario, startSec, stepSeconds, steps),
    outage: outagePath(scenario, startSec, stepSeconds, steps),
    bridge: bridgeReport(scenario, paths, stepSeconds)
  };
}
function gasPath(scenario, startSec, stepSeconds, steps) {
  const gasGwei = new Float64Array(steps);
  const gp = scenario.gas.points;
  let j = 0;
  for (let i = 0; i < steps; i++) {
    const t = startSec + i * stepSeconds;
    while (j + 1 < gp.length && gp[j + 1][0] <= t) j++;
    const p0 = gp[j];
    const p1 = gp[j + 1];
    if (!p1 || t <= p0[0]) gasGwei[i] = p0[1];
    else gasGwei[i] = p0[1] + (p1[1] - p0[1]) * (t - p0[0]) / (p1[0] - p0[0]);
  }
  return gasGwei;
}
function outagePath(scenario, startSec, stepSeconds, steps) {
  const outage = new Uint8Array(steps);
  for (const w of scenario.oracleOutages) {
    const from = Math.ceil((Date.parse(w.startTime) / 1e3 - startSec) / stepSeconds);
    const to = Math.floor((Date.parse(w.endTime) / 1e3 - startSec) / stepSeconds);
    for (let i = Math.max(0, from); i <= Math.min(steps - 1, to); i++) outage[i] = 1;
  }
  return outage;
}
function durationText(seconds) {
  if (seconds % 86400 === 0) return `${seconds / 86400} d`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}
function bridgeReport(scenario, paths, stepSeconds) {
  const sum = (f) => paths.reduce((s, p) => s + f(p), 0);
  const parts = paths.map((p, a) => assetNote(scenario.assets[a].id, p, stepSeconds));
  return {
    observedSteps: sum((p) => p.observedSteps),
    filledSteps: sum((p) => p.filledSteps),
    closedSteps: sum((p) => p.closedSteps),
    droppedObservations: sum((p) => p.droppedObservations),
    sourceResolutionSeconds: scenario.assets.map((a) => a.observed.resolutionSeconds),
    note: parts.join(" ")
  };
}
function assetNote(id, p, stepSeconds) {
  const total = p.log.length;
  const how = [];
  if (p.barSeconds.length > 0) {
    const merged = p.barSeconds.join() !== p.sourceBarSeconds.join() ? ` (${p.sourceBarSeconds.map(durationText).join(" and ")} source bars merged into ${p.barSeconds.map(durationText).join(" and ")} bars: each bar needs four ${stepSeconds} s steps)` : "";
    how.push(
      `inside ${p.barSeconds.map(durationText).join(" and ")} bars${merged} by a seeded Brownian bridge with each bar's own range, through its open and close and touching its high and low, never beyond them`
    );
  }
  if (p.interpolatedPoints) how.push("straight in log price between dated points (no volatility invented)");
  const filled = p.filledSteps > 0 ? `; ${p.filledSteps} filled ${how.join(", and ")}` : "";
  const closed = p.closedSteps > 0 ? `; ${p.closedSteps} fall while the market is closed (price held at the last close)` : "";
  return `${id}: ${p.observedSteps} of ${total} steps carry a source value${filled}${closed}.`;
}

// src-main/engine/report.ts
function maxDrawdown(path) {
  let peak = -Infinity;
  let worst = 0;
  for (let i = 0; i < path.length; i++) {
    const p = path[i];
    if (p > peak) peak = p;
    const dd = 1 - p / peak;
    if (dd > worst) worst = dd;
  }
  return worst;
}
function findWaves(run, gapSteps = 5, lookbackSteps = 60) {
  const kicks = run.series.liquidations;
  const spans = [];
  let start = -1;
  let last = -1;
  for (let t = 0; t < run.steps; t++) {
    if (kicks[t] <= 0) continue;
    if (start < 0) start = t;
    else if (t - last > gapSteps + 1) {
      spans.push([start, last]);
      start = t;
    }
    last = t;
  }
  if (start >= 0) spans.push([start, last]);
  const waveOfStep = new Int32Array(run.steps).fill(-1);
  spans.forEach(([a, b], w) => {
    for (let t = a; t <= b; t++) waveOfStep[t] = w;
  });
  const accountSets = spans.map(() => /* @__PURE__ */ new Set());
  const bad = new Float64Array(spans.length);
  const liqs = new Float64Array(spans.length);
  for (const l of run.liquidations) {
    const w = waveOfStep[l.step];
    if (w >= 0) {
      accountSets[w].add(l.account);
      liqs[w]++;
    }
  }
  for (const a of run.auctions) {
    const w = waveOfStep[a.kickStep];
    if (w >= 0) bad[w] += a.shortfallUsd;
  }
  const badSeries = run.series.badDebtUsd;
  if (run.auctions.length === 0) {
    for (let t = 0; t < run.steps; t++) {
      const w = waveOfStep[t];
      if (w < 0) continue;
      bad[w] += badSeries[t] - (t > 0 ? badSeries[t - 1] : 0);
    }
  }
  const logP = (t) => Math.log(run.series.price[t]);
  return spans.map(([a, b], w) => {
    const from = Math.max(0, a - lookbackSteps);
    const dLogP = logP(b) - logP(from);
    const dI = run.impactLog[b] - run.impactLog[from];
    let share = 0;
    if (dLogP < 0) share = Math.min(1, Math.max(0, dI / dLogP));
    let usd = 0;
    for (let t = a; t <= b; t++) usd += run.series.collateralLiquidatedUsd[t];
    return {
      index: w + 1,
      startStep: a,
      endStep: b,
      start: isoAt(run, a),
      end: isoAt(run, b),
      triggerPrice: run.series.oracle[a],
      accounts: accountSets[w].size,
      liquidations: liqs[w],
      collateralSoldUsd: usd,
      endogenousShare: share,
      badDebtUsd: bad[w]
    };
  });
}
function isoAt(run, step) {
  return new Date((run.startSec + step * run.stepSeconds) * 1e3).toISOString().replace(".000Z", "Z");
}
function summarize(run, design, observedLog, basket) {
  const T = run.totals;
  const observed = Array.from(observedLog, (x) => Math.exp(x));
  const dSim = maxDrawdown(run.series.price);
  const dF = maxDrawdown(run.series.fundamental);
  const sum = (a) => a.reduce((s, x) => s + x, 0);
  return {
    drawdown: { observed: maxDrawdown(observed), simulated: dSim, fundamental: dF },
    amplification: dF > 0 ? dSim / dF : 1,
    liquidatedUsd: T.liquidatedUsd,
    accountsLiquidated: T.accountsLiquidated,
    badDebtUsd: T.badDebt,
    badDebtPctOfDebt: T.initialDebt > 0 ? 100 * T.badDebt / T.initialDebt : 0,
    zeroBidAuctions: T.zeroBidAuctions,
    zeroBidShare: T.auctionsSettled > 0 ? T.zeroBidAuctions / T.auctionsSettled : 0,
    zeroBidCollateralUsd: T.zeroBidCollateralUsd,
    auctionsSettled: T.auctionsSettled,
    openAuctionsAtEnd: T.openAuctionsAtEnd,
    recoveryRateVsOracle: T.oracleValueAtKickUsd > 0 ? T.proceedsUsd / T.oracleValueAtKickUsd : 1,
    marginCalls: { issued: T.callsIssued, answered: T.callsAnswered },
    capitalEfficiency: {
      ...capitalEfficiencyOf(design, void 0, basket),
      stressedMaxLtv: capitalEfficiencyOf(design, T.peakRequiredRatio, basket).maxLtv
    },
    backstops: {
      poolAbsorbedUsd: T.poolAbsorbedUsd,
      redistributedDebtUsd: T.redistributedDebtUsd,
      insuranceFeesUsd: T.insuranceFees,
      insurancePaidUsd: T.insurancePaid,
      fundExhaustedStep: T.fundExhaustedStep,
      adlAccounts: T.adlAccounts,
      adlNotionalUsd: T.adlNotionalUsd,
      adlHaircutUsd: T.adlHaircutUsd,
      firstAdlStep: T.firstAdlStep,
      vaultTakeovers: T.vaultTakeovers,
      vaultTakeoverUsd: T.vaultTakeoverUsd,
      backstopSoldUsd: sum(run.series.flows.backstop),
      breakerTrips: T.breakerTrips,
      pausedSteps: T.pausedSteps,
      peakRequiredRatio: T.peakRequiredRatio,
      shortsLiquidated: T.shortsLiquidated,
      admittedAccounts: T.admittedAccounts
    },
    keeperIncentivesUsd: T.keeperIncentives,
    penaltyIncomeUsd: T.penaltyIncome,
    waterfall: {
      surplusUsedUsd: T.surplusUsed,
      debtAuctionUsd: T.debtAuction,
      govTokensMinted: T.govTokensMinted,
      socialisedUsd: T.socialised
    },
    flowsUsd: {
      liquidation: sum(run.series.flows.liquidation),
      auction: sum(run.series.flows.auction),
      deleverage: sum(run.series.flows.deleverage),
      backstop: sum(run.series.flows.backstop),
      hedging: sum(run.series.flows.hedging),
      insurance: sum(run.series.flows.insurance)
    }
  };
}
function eventLog(run, waves) {
  const lines = [];
  let w = 0;
  let e = 0;
  const events = run.events;
  for (let t = 0; t < run.steps; t++) {
    const wave = waves[w];
    if (wave && wave.startStep === t) {
      lines.push({
        step: t,
        time: isoAt(run, t),
        kind: "wave",
        text: `wave ${wave.index} begins: oracle at ${fmtUsd2(wave.triggerPrice)}`
      });
    }
    const parts = [];
    while (e < events.length && events[e].step === t) {
      const ev = events[e++];
      lines.push({ step: t, time: isoAt(run, t), kind: ev.kind, text: ev.text });
      parts.push(ev.text);
    }
    if (wave && wave.endStep === t) {
      lines.push({
        step: t,
        time: isoAt(run, t),
        kind: "wave",
        text: `wave ${wave.index} ends: ${wave.accounts} accounts, ${fmtUsd2(wave.collateralSoldUsd)} of collateral, ${Math.round(wave.endogenousShare * 100)}% of the drop endogenous, bad debt ${fmtUsd2(wave.badDebtUsd)}`
      });
      w++;
    }
  }
  return lines;
}

// src-main/engine/replay.ts
function calibrate(scenario, historical, timeline, opts) {
  const accounts = opts.accounts ?? scenario.population.defaultAccounts;
  const tol = opts.tolerance ?? 1e-9;
  const maxIter = opts.maxIterations ?? 20;
  const assetIdx = scenario.assets.findIndex((a) => a.id === scenario.population.asset);
  const observed = timeline.observedLog;
  const obs = observed[assetIdx];
  const enabled = opts.calibrate ?? true;
  const base = {
    scenario,
    design: historical,
    timeline,
    seed: opts.seed,
    accounts,
    index: opts.index ?? DEFAULT_INDEX,
    leverage: opts.leverage ?? true,
    depthScale: opts.depthScale ?? 1,
    ...opts.shouldCancel ? { shouldCancel: opts.shouldCancel } : {}
  };
  const basketRun = scenario.population.basket !== void 0;
  const residualOf = (run) => {
    let r = 0;
    for (let t = 0; t < obs.length; t++) {
      const logP = basketRun ? run.fundamentalLog[t] + run.impactLog[t] : Math.log(run.series.price[t]);
      r = Math.max(r, Math.abs(logP - obs[t]));
    }
    return r;
  };
  let F = observed.map((p) => Float64Array.from(p));
  let iterations = 0;
  if (enabled) {
    iterations++;
    opts.onProgress?.(1, 2, "calibrating the exogenous path");
    const construction = simulate({ ...base, fundamentalLog: F, anchorLog: obs });
    F = F.map((p, a) => a === assetIdx ? Float64Array.from(construction.fundamentalLog) : p);
  }
  let best = null;
  for (; ; ) {
    iterations++;
    opts.onProgress?.(Math.min(iterations, 2), 2, "calibrating the exogenous path");
    const run = simulate({ ...base, fundamentalLog: F });
    const residual = residualOf(run);
    if (!best || residual < best.residual) best = { run, residual, F };
    if (!enabled || residual < tol || iterations >= maxIter) break;
    const next = F.map((p) => Float64Array.from(p));
    const f = next[assetIdx];
    for (let t = 0; t < obs.length; t++) f[t] = obs[t] - run.impactLog[t];
    F = next;
  }
  return {
    residual: best.residual,
    iterations,
    converged: best.residual < (opts.tolerance ?? 1e-4),
    diagnostics: calibrationDiagnostics(obs, best.F[assetIdx], best.run.impactLog),
    fundamentalLog: best.F,
    historical: best.run
  };
}
function largestFall(log) {
  let peak = 0;
  let best = { peak: 0, trough: 0, fall: 0 };
  for (let t = 1; t < log.length; t++) {
    if (log[t] > log[peak]) peak = t;
    const fall = log[peak] - log[t];
    if (fall > best.fall) best = { peak, trough: t, fall };
  }
  return best;
}
var pctText = (x) => `${x >= 0 ? "+" : "\u2212"}${Math.abs(x * 100).toFixed(1)}%`;
function calibrationDiagnostics(observedLog, fundamentalLog, impactLog2) {
  const drawdown = (log) => maxDrawdown(Array.from(log, (x) => Math.exp(x)));
  const { peak, trough } = largestFall(observedLog);
  const observedFall = Math.exp(observedLog[trough] - observedLog[peak]) - 1;
  const fundamentalMove = Math.exp(fundamentalLog[trough] - fundamentalLog[peak]) - 1;
  let maxAbs = 0;
  let maxStep = 0;
  for (let t = 0; t < impactLog2.length; t++) {
    if (Math.abs(impactLog2[t]) > maxAbs) [maxAbs, maxStep] = [Math.abs(impactLog2[t]), t];
  }
  const warnings = [];
  if (observedFall < -0.02 && fundamentalMove >= 0) {
    warnings.push(
      `the backed-out fundamental moves AGAINST the observed path: ${pctText(fundamentalMove)} while the observed price moves ${pctText(observedFall)} over its largest fall, so the replay puts more than the whole fall on forced flows; the assumed depth is too thin for this population, and results measured against this F are not plausible`
    );
  } else if (observedFall < -0.02 && Math.log1p(fundamentalMove) > 0.5 * Math.log1p(observedFall)) {
    warnings.push(
      `the backed-out fundamental explains less than half of the observed fall (${pctText(fundamentalMove)} against ${pctText(observedFall)}): the rest is put on forced flows, which rests on the assumed depth`
    );
  }
  return {
    observedDrawdown: drawdown(observedLog),
    fundamentalDrawdown: drawdown(fundamentalLog),
    observedFall,
    fundamentalMoveOverFall: fundamentalMove,
    maxImpact: Math.exp(maxAbs) - 1,
    maxImpactStep: maxStep,
    warnings
  };
}
function replay(scenario, design, historical, opts) {
  const step = opts.stepSeconds ?? scenario.defaultStepSeconds;
  const timeline = buildTimeline(scenario, step, opts.seed);
  const cal = calibrate(scenario, historical, timeline, opts);
  return runOnCalibration(scenario, design, historical, timeline, cal, opts);
}
function runOnCalibration(scenario, design, historical, timeline, cal, opts) {
  const accounts = opts.accounts ?? scenario.population.defaultAccounts;
  const same = designHash(design) === designHash(historical);
  const run = same ? cal.historical : simulate({
    scenario,
    design,
    timeline,
    fundamentalLog: cal.fundamentalLog,
    seed: opts.seed,
    accounts,
    index: opts.index ?? DEFAULT_INDEX,
    leverage: opts.leverage ?? true,
    depthScale: opts.depthScale ?? 1,
    ...opts.shouldCancel ? { shouldCancel: opts.shouldCancel } : {}
  });
  const assetIdx = scenario.assets.findIndex((a) => a.id === scenario.population.asset);
  const waves = findWaves(run);
  return {
    scenarioId: scenario.id,
    scenarioVersion: scenario.version,
    design,
    designHash: designHash(design),
    seed: opts.seed,
    engineVersion: ENGINE_VERSION,
    accounts,
    stepSeconds: timeline.stepSeconds,
    timeline,
    calibration: {
      residual: cal.residual,
      iterations: cal.iterations,
      converged: cal.converged,
      historicalDesign: historical.id,
      diagnostics: cal.diagnostics
    },
    run,
    fundamentalLog: cal.fundamentalLog,
    summary: summarize(
      run,
      design,
      scenario.population.basket ? observedCollateralLog(scenario, timeline.observedLog) : timeline.observedLog[assetIdx],
      collateralBasket(scenario.population)
    ),
    waves,
    log: eventLog(run, waves)
  };
}

// src-main/engine/presets-lending.ts
var noBackstop = {
  surplusBufferUsd: 0,
  then: "socialise",
  // Unused when `then` is 'socialise'; the schema requires a positive number.
  govTokenPriceUsd: 1,
  debtAuctionDiscount: 0,
  debtAuctionDelaySeconds: 0
};
var FEED_LATENCY_SECONDS = 300;
var chainlinkPush = {
  source: "median",
  transform: { kind: "delay", delaySeconds: FEED_LATENCY_SECONDS },
  update: { kind: "deviation", thresholdBps: 100, heartbeatSeconds: 86400 },
  maxGasGwei: null,
  honorOutages: true
};
var AAVE_V2_CLOSE_FACTOR = "Aave v2 close factor 50% (at most half the debt repaid per liquidation): Aave v2 LendingPoolCollateralManager, LIQUIDATION_CLOSE_FACTOR_PERCENT = 5000 (aave/protocol-v2)";
var SCENARIO_DESIGN_LIST = [
  {
    schemaVersion: 2,
    id: "compound-2020-coinbase-oracle",
    name: "Compound 2020 \u2014 market sale on a Coinbase-only price feed (historical)",
    description: "Compound v2 as on 26 November 2020: the Open Price Feed posts the price signed by the Coinbase reporter (Coinbase Pro trades), checked only against a \xB120% band around a Uniswap v2 TWAP. Collateral factor 75% (liquidation below 133% collateral), close factor 50%, 8% liquidation incentive; liquidators repay DAI and take collateral at the oracle price. The TWAP anchor band is not modelled.",
    sources: [
      "Open Price Feed: Coinbase reporter price posted when within 20% of the Uniswap v2 TWAP \u2014 Compound Governance Proposal 019, https://www.comp.xyz/t/governance-proposal-019-open-price-feed/199",
      'Liquidation incentive 8%: "expected behavior given Compound\u2019s current liquidation incentive of 8%" \u2014 https://coinchapter.com/compound-liquidator-makes-4m-as-oracles-post-inflated-dai-price/ ; "based on the protocol\u2019s 8% liquidation penalty" \u2014 https://www.comp.xyz/t/dai-liquidation-event/642/88',
      "Close factor 50% (Compound v2 comptroller closeFactorMantissa 0.5 in 2020; not re-verified for the date)",
      "Collateral factor 75% for the stablecoin collateral is assumed equal to the ETH market\u2019s 75% (not verified for USDC/DAI on 2020-11-26)",
      "Oracle modelled as the Coinbase Pro venue every step, one minute late (assumed): liquidators posted the signed price themselves in the liquidation transaction (coinchapter, above)"
    ],
    margin: { kind: "fixed-ratio", liquidationRatio: 1 / 0.75, callRatio: 1.5 },
    oracle: {
      source: "venue",
      venue: "Coinbase Pro",
      // Assumed: the signed Coinbase price lags the book by about a minute.
      transform: { kind: "delay", delaySeconds: 60 },
      update: { kind: "every-step" },
      maxGasGwei: null,
      honorOutages: true
    },
    liquidation: { kind: "market-sale", closeFactor: 0.5, bonus: 0.08 },
    shortfall: noBackstop,
    keepers: {}
  },
  {
    schemaVersion: 2,
    id: "anchor-2022-bluna",
    name: "Anchor 2022 \u2014 bLUNA-collateral UST loans (historical)",
    description: "Anchor Protocol on Terra in May 2022: borrow UST up to 60% of the collateral value (liquidation above 60% LTV, i.e. below 167% collateral), prices from the Terra validators\u2019 oracle, liquidation by bids in the Orca liquidation queue, modelled here as a market sale of the whole debt at an assumed 5% premium.",
    sources: [
      "Borrow up to 60% of the collateral; liquidated above it \u2014 The Block data via https://en.bitpush.news/articles/4227348 and https://data-app.fly.dev/boomer77/terra-126-liquidation-risks-WIKQmV",
      "Liquidation through the Orca (Kujira) liquidation queue at bidder-chosen premiums \u2014 https://data-app.fly.dev/boomer77/terra-126-liquidation-risks-WIKQmV ; the 5% premium and whole-debt close are assumed",
      "Oracle: median of validator exchange-rate votes, modelled as a median updated every step with 5 minutes of latency (assumed)",
      "Call ratio 200% (a 50% LTV warning line) is assumed"
    ],
    margin: { kind: "fixed-ratio", liquidationRatio: 1 / 0.6, callRatio: 2 },
    oracle: {
      source: "median",
      transform: { kind: "delay", delaySeconds: FEED_LATENCY_SECONDS },
      update: { kind: "every-step" },
      maxGasGwei: null,
      honorOutages: true
    },
    liquidation: { kind: "market-sale", closeFactor: 1, bonus: 0.05 },
    shortfall: noBackstop,
    keepers: {}
  },
  {
    schemaVersion: 2,
    id: "aave-v2-steth-2022",
    name: "Aave v2 2022 \u2014 stETH collateral, ETH debt (historical)",
    description: "Aave v2 stETH as collateral after the May 2022 change: liquidation threshold 81% (liquidation below 123.5% collateral), max LTV 69%, close factor 50%, 7.5% liquidation bonus; priced in ETH by a Chainlink-style push feed. The numeraire of this design is ETH.",
    sources: [
      'LT 81% and LTV 69% from 2022-05-19 \u2014 Gauntlet AIP-75 "Freezing UST and Updating stETH Parameters", https://gateway.pinata.cloud/ipfs/QmPxhb43h3rx9u7WTvq7omQXaiuhQQ1s45abcJ5JbZuR2w ; https://docs.superstaker.xyz/basics/steth-on-aave',
      "Liquidation bonus 7.5% \u2014 stETH listing proposal, https://gl.app/dao/aavedao.eth/proposals/Qme8XusejN3LomNoxQcCsABPPJ1KmRgMFV3fj1eKRGzsGQ",
      AAVE_V2_CLOSE_FACTOR,
      "Feed: 1% deviation / 24 h heartbeat / 5 min latency assumed"
    ],
    margin: { kind: "fixed-ratio", liquidationRatio: 1 / 0.81, callRatio: 1 / 0.69 },
    oracle: chainlinkPush,
    liquidation: { kind: "market-sale", closeFactor: 0.5, bonus: 0.075 },
    shortfall: noBackstop,
    keepers: {}
  },
  {
    schemaVersion: 2,
    id: "aave-v2-wbtc-2022",
    name: "Aave v2 2022 \u2014 WBTC collateral, stablecoin debt (historical)",
    description: "Aave v2 WBTC as collateral: liquidation threshold 75% (liquidation below 133% collateral), max LTV 70%, close factor 50%, 10% liquidation bonus, Chainlink-style push feed. These are the values at the market\u2019s deployment; whether governance had changed them by November 2022 is not verified.",
    sources: [
      "WBTC baseLTVAsCollateral 7000, liquidationThreshold 7500, liquidationBonus 11000 \u2014 https://github.com/aave/protocol-v2/blob/master/markets/aave/reservesConfigs.ts (strategyWBTC, read at @02778f5; deployment values, November 2022 values unverified)",
      AAVE_V2_CLOSE_FACTOR,
      "Feed: 1% deviation / 24 h heartbeat / 5 min latency assumed"
    ],
    margin: { kind: "fixed-ratio", liquidationRatio: 1 / 0.75, callRatio: 1 / 0.7 },
    oracle: chainlinkPush,
    liquidation: { kind: "market-sale", closeFactor: 0.5, bonus: 0.1 },
    shortfall: noBackstop,
    keepers: {}
  },
  {
    schemaVersion: 2,
    id: "aave-v2-crv-2023",
    name: "Aave v2 2023 \u2014 CRV collateral, USDT debt (historical)",
    description: "Aave v2 CRV as collateral at the end of July 2023: liquidation threshold 55% (liquidation below 182% collateral), max LTV 49%, close factor 50%; the 8% liquidation bonus is assumed. Chainlink-style push feed.",
    sources: [
      "LT 55% in force when Delphi Digital computed Egorov\u2019s liquidation price (0.3767 CRV/USDT) on 2023-08-01 \u2014 https://members.delphidigital.io/feed/michael-egorovs-crv-positions",
      "LTV 49% (after the 2023-06 reduction 52 \u2192 49) \u2014 Chaos Labs ARFC, https://governance.aave.com/t/arfc-chaos-labs-risk-parameter-updates-crv-aave-v2-ethereum-2023-07-10/13952",
      AAVE_V2_CLOSE_FACTOR,
      "Liquidation bonus 8% assumed (not verified for CRV on the date); feed 1% deviation / 24 h heartbeat / 5 min latency assumed"
    ],
    margin: { kind: "fixed-ratio", liquidationRatio: 1 / 0.55, callRatio: 1 / 0.49 },
    oracle: chainlinkPush,
    liquidation: { kind: "market-sale", closeFactor: 0.5, bonus: 0.08 },
    shortfall: noBackstop,
    keepers: {}
  },
  {
    schemaVersion: 2,
    id: "reg-t-1987",
    name: "US securities margin 1987 \u2014 Reg T, NYSE maintenance, broker sells; CBOE option margin",
    description: "Margin accounts of October 1987: Regulation T initial margin 50% (a position is bought with at most half borrowed), NYSE maintenance margin 25% (the broker sells the account out below it), house calls at 30%; the broker sells the whole position at market (a 2% cost to the account). Index-option writers are margined per position (15% of the underlying less the out-of-the-money amount, at least 10%); dealers re-hedge on the scenario\u2019s schedule; implied volatility reacts to realised stress.",
    sources: [
      "Regulation T initial margin 50% for equity securities since 1974 \u2014 Federal Reserve Board, 12 CFR 220 (https://www.federalreserve.gov/supervisionreg/regtcg.htm)",
      "Maintenance margin 25% of market value \u2014 NYSE Rule 431 (FINRA Rule 4210 today, https://www.finra.org/rules-guidance/rulebooks/finra-rules/4210); house call level 30% assumed",
      "Broker sell-out at market; the account bears commissions and slippage, modelled as a 2% discount to the broker (assumed; a liquidator needs some discount to act in the engine)",
      "Short index option margin: 15% of the underlying value less the out-of-the-money amount, minimum 10% (CBOE-style per-position rule; assumed as in force in 1987, not verified for the date)",
      "Oracle: the composite market price each step (a broker marks to the last trade; 5-minute steps)"
    ],
    margin: { kind: "fixed-ratio", liquidationRatio: 1 / 0.75, callRatio: 1 / 0.7 },
    oracle: {
      source: "median",
      transform: { kind: "none" },
      update: { kind: "every-step" },
      maxGasGwei: null,
      honorOutages: false
    },
    liquidation: { kind: "market-sale", closeFactor: 1, bonus: 0.02 },
    shortfall: noBackstop,
    keepers: {},
    // The standard per-position option margin, 2% penalty, every loop on (options/option-book.ts).
    options: { ...DEFAULT_OPTIONS_DESIGN }
  }
];
var SCENARIO_DESIGNS = new Map(
  SCENARIO_DESIGN_LIST.map((d) => [d.id, d])
);
var SCENARIO_DESIGN_IDS = SCENARIO_DESIGN_LIST.map((d) => d.id);

// src-main/engine/presets-perps.ts
var markPrice = {
  source: "median",
  transform: { kind: "none" },
  update: { kind: "every-step" },
  maxGasGwei: null,
  honorOutages: true
};
var socialise = {
  surplusBufferUsd: 0,
  then: "socialise",
  // Unused when `then` is 'socialise'; the schema requires a positive number.
  govTokenPriceUsd: 1,
  debtAuctionDiscount: 0,
  debtAuctionDelaySeconds: 0
};
var HYPERLIQUID_BTC_INITIAL_MARGIN = 1 / 40;
var HYPERLIQUID_BTC_MAINTENANCE_MARGIN = HYPERLIQUID_BTC_INITIAL_MARGIN / 2;
var DYDX_BTC_INITIAL_MARGIN = 0.05;
var DYDX_BTC_MAINTENANCE_MARGIN = DYDX_BTC_INITIAL_MARGIN * 0.6;
var PERPS_DESIGN_LIST = [
  {
    schemaVersion: 2,
    id: "hyperliquid-2025",
    name: "Hyperliquid 2025 \u2014 book liquidation, HLP backstop vault, auto-deleveraging (historical)",
    description: "Hyperliquid BTC perpetual as in October 2025: 40\xD7 maximum leverage (initial margin 2.5%), maintenance margin half of it (1.25%) on the mark price. A liquidated position goes to the book as a market order, positions above 100k USDC 20% at a time with a 30-second cooldown, with no liquidation fee. Positions whose equity has fallen below two thirds of maintenance margin are taken over by the liquidator vault (HLP), which unwinds them on the book. There is no insurance fund to speak of (a nominal $1k): once a loss reaches it, liquidations are auto-deleveraged against the most profitable, most leveraged opposite positions.",
    sources: [
      "Maintenance margin = \xBD of initial margin at maximum leverage (1% at 50\xD7 \u2026 16.7% at 3\xD7): Hyperliquid docs, \u201CLiquidations\u201D / \u201CMargining\u201D (shared/design/reference/anchors.md \xA71.14, \xA73.9)",
      "BTC maximum leverage 40\xD7 (set in March 2025 after the ETH whale liquidation): https://crypto.report/altcoins/hype-token-drops-8-5-after-whale-liquidation-causes-4m-loss-in-hyperliquid-vault/ \u2192 initial margin 2.5%, maintenance 1.25%, liquidationRatio 1/(1 \u2212 0.0125)",
      "Call ratio = 1/(1 \u2212 initial margin 2.5%) (assumed: the account is warned when it could no longer open its position)",
      "Liquidation: whole position sent to the book as a market order; positions over 100k USDC cut 20% at a time with a 30 s cooldown (shared/design/reference/anchors.md \xA71.14, \xA73.9 [S, docs mirrors])",
      "Liquidation fee 0: Hyperliquid charges no separate liquidation fee to an insurance fund (the liquidator vault earns from the positions it takes over; anchors \xA71.14 lists no fee) \u2014 assumption from the docs\u2019 description, not a quoted parameter",
      "Backstop: the liquidator vault (HLP) takes over positions with equity below 2/3 of maintenance margin (shared/design/reference/anchors.md \xA71.14, \xA73.9)",
      "HLP held about $300M in October 2025 across 130+ markets (http://bitchainhorizon.com/understanding-hyperliquids-hlp-vault, ian.btc, translated; $451M in March 2025 \u2014 https://crypto.report/altcoins/hype-token-drops-8-5-after-whale-liquidation-causes-4m-loss-in-hyperliquid-vault/); 95% of the ADL fills of 10 October were against the HLP and liquidator vaults (https://www.tektonic.company/blog/hyperliquid-adl-cascade-october-10): the backstop saturated",
      "Backstop vault: capital $300M (the order of magnitude of HLP reported in 2025; not verified to the dollar) and a risk limit of $20M of BTC held at once: the limit is tuned, not published. Hyperliquid\u2019s liquidator saturated from cross-asset losses and an empty book, which a one-market model cannot produce; the limit stands for that saturation and is sized so that the first ADL comes about a minute into the recorded burst (61.7 s in shared/data/2025-10-10-crash/hyperliquid_cascade_timing_2025-10-10.json). Without a limit the vault absorbs every BTC loss of the scenario and nothing is auto-deleveraged",
      "Vault unwind half-life 120 s: assumed (HLP unwinds on its own book within minutes; not published)",
      "Insurance fund $1,000 \u2014 in effect none: Hyperliquid has no separate insurance fund (shared/design/reference/anchors.md \xA71.14 lists the vault and ADL only). A nominal $1k stands for \u201Cno separate fund\u201D: the first loss the vault does not absorb empties it, and bankrupt positions are auto-deleveraged from there",
      "Auto-deleveraging ranks opposing traders by unrealised PnL and leverage; first cross-margin ADL in >2 years on 2025-10-10 \u2014 Hyperliquid post quoted at https://web3.ouchyi.blue/nl/discover/post/57484884932608 ; anchors \xA71.14",
      "Mark price modelled as the venue median every step with no transform (Hyperliquid\u2019s mark blends CEX prices with its own book; anchors \xA71.14)",
      "Shortfall socialised: \u201Czero bad debt\u201D per Hyperliquid; anything ADL cannot cover is recorded as socialised (assumed)"
    ],
    margin: {
      kind: "fixed-ratio",
      liquidationRatio: 1 / (1 - HYPERLIQUID_BTC_MAINTENANCE_MARGIN),
      callRatio: 1 / (1 - HYPERLIQUID_BTC_INITIAL_MARGIN)
    },
    oracle: markPrice,
    liquidation: {
      kind: "exchange-close",
      liquidationFee: 0,
      insuranceFundUsd: 1e3,
      autoDeleverage: true,
      backstopVault: {
        belowMaintenanceFraction: 2 / 3,
        capitalUsd: 3e8,
        unwindHalfLifeSeconds: 120,
        maxHoldingUsd: 2e7
      },
      partialClose: { aboveUsd: 1e5, fraction: 0.2, cooldownSeconds: 30 }
    },
    shortfall: socialise,
    keepers: {}
  },
  {
    schemaVersion: 2,
    id: "dydx-v4",
    name: "dYdX v4 \u2014 liquidation with a 1.5% fee to the insurance fund, then deleveraging",
    description: "dYdX Chain BTC-USD: liquidity tier \u201CLarge-Cap\u201D, initial margin 5% (20\xD7), maintenance margin 60% of it (3%), on the oracle price. A liquidated position is closed on the book and pays up to 1.5% of its notional to the insurance fund; the fund covers negative equity up to the bankruptcy price, and once it is depleted the most profitable, most leveraged offsetting positions are deleveraged. No backstop vault, no partial-close rule.",
    sources: [
      "Liquidity tier 0 \u201CLarge-Cap\u201D: initial_margin_ppm 50000 (5%), maintenance_fraction_ppm 600000 (maintenance = 60% of initial = 3%) \u2014 dydxprotocol/v4-chain genesis (protocol/testing/genesis.sh, sample_pregenesis.json); see https://nautilustrader.io/docs/core-latest/nautilus_dydx/proto/dydxprotocol/perpetuals/struct.LiquidityTier.html for the field meanings",
      "Maximum liquidation penalty 1.5%, paid to the insurance fund; maximum liquidation spread 1.5 \xD7 MMR (shared/design/reference/anchors.md \xA71.14, \xA73.9 [V, help and docs])",
      "Insurance fund is the first backstop; deleveraging only once it is depleted, prioritising accounts with high profit and leverage \u2014 https://docs.dydx.community/dydx-token-migration/dydx-chain-modules-and-parameters/governance-adjustable-parameters/trading-core ; https://help.dydx.exchange/en/articles/8581982-contract-loss-mechanisms-on-dydx-chain",
      "Insurance fund $250k for the one market modelled: the v3 fund was seeded with $250k per market (shared/design/reference/anchors.md \xA71.14). v4 has one chain-wide fund (dydx1c7ptc87hkd54e3r7zjy92q29xkq7t79w64slrq) whose size in October 2025 was not verified; $250k is the per-market stake assumed here",
      "Call ratio = 1/(1 \u2212 initial margin 5%) (assumed: warned when the account could no longer open its position); oracle modelled as the venue median every step (dYdX uses a validator-aggregated index price)",
      "No backstop vault (MegaVault market-makes but does not take over liquidations: assumed) and no partial-close rule"
    ],
    margin: {
      kind: "fixed-ratio",
      liquidationRatio: 1 / (1 - DYDX_BTC_MAINTENANCE_MARGIN),
      callRatio: 1 / (1 - DYDX_BTC_INITIAL_MARGIN)
    },
    oracle: markPrice,
    liquidation: {
      kind: "exchange-close",
      liquidationFee: 0.015,
      insuranceFundUsd: 25e4,
      autoDeleverage: true,
      backstopVault: null,
      partialClose: null
    },
    shortfall: socialise,
    keepers: {}
  }
];
var PERPS_DESIGNS = new Map(PERPS_DESIGN_LIST.map((d) => [d.id, d]));

// src-main/engine/presets-protocols.ts
var chainlinkEthUsd = {
  source: "median",
  transform: { kind: "delay", delaySeconds: 300 },
  update: { kind: "deviation", thresholdBps: 50, heartbeatSeconds: 3600 },
  maxGasGwei: null,
  honorOutages: true
};
var socialise2 = {
  surplusBufferUsd: 0,
  then: "socialise",
  govTokenPriceUsd: 1,
  debtAuctionDiscount: 0,
  debtAuctionDelaySeconds: 0
};
var PROTOCOL_DESIGN_LIST = [
  {
    schemaVersion: 2,
    id: "compound-v2",
    name: "Compound v2 \u2014 ETH collateral, fixed-discount market sale",
    description: "Compound v2 ETH market after 2021: collateral factor 82.5% (liquidation below 121% collateral), close factor 50%, 8% liquidation incentive; liquidators repay the borrow and seize cETH at the oracle price, then sell it. Prices from the Uniswap-anchored Chainlink view.",
    sources: [
      "Close factor 50% and liquidation incentive 8%: Compound v2 Comptroller (closeFactorMantissa 0.5, liquidationIncentiveMantissa 1.08) \u2014 https://docs.compound.finance/v2/comptroller/",
      "ETH collateral factor 82.5% (raised from 75%; value in force 2022\u20132023, not re-verified for every date) \u2014 https://compound.finance/markets/ETH",
      "Oracle: UniswapAnchoredView with Chainlink reporters from 2021 (Compound Proposal 092); modelled as a Chainlink push feed with 0.5% deviation, 1 h heartbeat and 5 min latency (assumed)",
      "Bad debt is borne by suppliers (no protocol backstop modelled): socialised"
    ],
    margin: { kind: "fixed-ratio", liquidationRatio: 1 / 0.825, callRatio: 1 / 0.75 },
    oracle: chainlinkEthUsd,
    liquidation: { kind: "market-sale", closeFactor: 0.5, bonus: 0.08 },
    shortfall: socialise2,
    keepers: {}
  },
  {
    schemaVersion: 2,
    id: "aave-v3",
    name: "Aave v3 \u2014 WETH collateral, fixed-discount market sale",
    description: "Aave v3 Ethereum WETH: liquidation threshold 83% (liquidation below 120.5% collateral), max LTV 80.5%, 5% liquidation bonus, close factor 50% (Aave v3 raises it to 100% below a health factor of 0.95; one close factor is modelled). Chainlink ETH/USD feed.",
    sources: [
      "WETH LT 83%, LTV 80.5%, liquidation bonus 5% on Aave v3 Ethereum (risk-steward values 2023\u20132024; read from the Aave v3 market page https://app.aave.com/reserve-overview/?underlyingAsset=0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2&marketName=proxy_aave_v3 \u2014 not re-verified for every date)",
      "Close factor 50%, 100% when health factor < 0.95 (CLOSE_FACTOR_HF_THRESHOLD) \u2014 aave/aave-v3-core LiquidationLogic.sol; modelled as 50% throughout",
      "Liquidation protocol fee (10% of the bonus) not modelled; Chainlink ETH/USD feed 0.5% deviation / 1 h heartbeat, 5 min latency assumed",
      "Bad debt: the Umbrella/Safety Module backstop is not modelled (socialised)"
    ],
    margin: { kind: "fixed-ratio", liquidationRatio: 1 / 0.83, callRatio: 1 / 0.805 },
    oracle: chainlinkEthUsd,
    liquidation: { kind: "market-sale", closeFactor: 0.5, bonus: 0.05 },
    shortfall: socialise2,
    keepers: {}
  },
  {
    schemaVersion: 2,
    id: "liquity-v1",
    name: "Liquity v1 \u2014 stability pool, then redistribution",
    description: "Liquity v1 troves: minimum collateral ratio 110%; a liquidated trove\u2019s debt is burned from the Stability Pool, whose depositors receive its ETH (a discount of up to 10%); if the pool cannot absorb it, debt and collateral are redistributed to the other troves pro rata to collateral. The caller gets 200 LUSD + 0.5% of the collateral. Recovery Mode (TCR < 150%) is not modelled.",
    sources: [
      "MCR 110%, CCR 150%, gas compensation 200 LUSD + 0.5% of collateral, Stability Pool offset and redistribution \u2014 Liquity v1 docs, https://docs.liquity.org/liquity-v1/faq/stability-pool-and-liquidations ; shared/design/reference/anchors.md \xA71.14",
      "Stability Pool deposits $300M: the order of magnitude of the pool in 2021\u20132022 (Liquity dashboard; assumed, not a dated figure) \u2014 ample for every built-in scenario\u2019s population",
      "Depositors sell their ETH gains with a 1-day half-life and put half the proceeds back into the pool: assumed (depositors decide; not published)",
      "Oracle: Chainlink ETH/USD with a Tellor fallback; modelled as Chainlink, 0.5% deviation / 1 h heartbeat, 5 min latency (assumed)",
      "Fallback close factor and bonus (used only if a design switches whenEmpty to market-sale): 100%, 10% (assumed)"
    ],
    margin: { kind: "fixed-ratio", liquidationRatio: 1.1, callRatio: 1.5 },
    oracle: chainlinkEthUsd,
    liquidation: {
      kind: "stability-pool",
      depositsUsd: 3e8,
      gasCompensationUsd: 200,
      gasCompensationFraction: 5e-3,
      sellOffHalfLifeSeconds: 86400,
      reinvestFraction: 0.5,
      whenEmpty: "redistribute",
      fallbackCloseFactor: 1,
      fallbackBonus: 0.1
    },
    shortfall: socialise2,
    keepers: {}
  }
];

// src-main/engine/presets.ts
var MAKER_PARAMS = "Maker MCD parameters in force on 2020-03-12: makerdao/dss-deploy-scripts config/main.json @48bf939 and makerdao/spells-mainnet archive/2020-03-12-DssSpell (as compiled in shared/data/2020-03-12-black-thursday/maker_mcd_parameters_2020-03.json)";
var OSM_DOC = "OSM hop = 1 hour: https://docs.makerdao.com/smart-contract-modules/oracle-module/oracle-security-module-osm-detailed-documentation";
var makerOracle = {
  source: "median",
  transform: { kind: "osm", hopSeconds: 3600 },
  update: { kind: "deviation", thresholdBps: 50, heartbeatSeconds: 3600 },
  maxGasGwei: 100,
  honorOutages: true
};
var makerShortfall = {
  surplusBufferUsd: 5e5,
  then: "debt-auction",
  govTokenPriceUsd: 265,
  debtAuctionDiscount: 0,
  debtAuctionDelaySeconds: 172800
};
var presetList = [
  {
    schemaVersion: 2,
    id: "maker-2020-flip",
    name: 'Maker 2020 \u2014 English "flip" auctions (historical)',
    description: "The design in force on Black Thursday: ETH-A liquidation at 150% on the 1-hour-delayed OSM price, 13% penalty, English auctions of at most 50 ETH with 3% minimum increments, 10-minute bid duration and 3-day maximum. Feeds could not post above ~100 gwei. Bad debt is covered by the surplus buffer, then by minting MKR in debt auctions.",
    sources: [
      MAKER_PARAMS,
      OSM_DOC,
      "Feeds could not post above 100 gwei: Maker governance call, episode 77 (2020-03-12), makerdao/community",
      "Surplus buffer \u2248 $500k before the crash: community summary quoted at https://ledgerlife.io/makerdao-protocol-auctions-mkr-tokens-to-cover-bad-debt/",
      "MKR \u2248 $265 in the first debt-auction lots: https://cointelegraph.com.cach3.com/news/bidders-pay-up-to-24-less-for-mkr-in-phase-two-of-makerdao-auction.html",
      "Call ratio 175% and the 50 bps / 1 h feed update rule are assumed (vault owners watch their ratio; Maker medianizer spread)"
    ],
    margin: { kind: "fixed-ratio", liquidationRatio: 1.5, callRatio: 1.75 },
    oracle: makerOracle,
    liquidation: {
      kind: "english-auction",
      penalty: 0.13,
      lotSize: 50,
      minIncrement: 0.03,
      bidDurationSeconds: 600,
      maxDurationSeconds: 259200
    },
    shortfall: makerShortfall,
    keepers: {}
  },
  {
    schemaVersion: 2,
    id: "maker-2020-flip-deribit",
    name: "Maker 2020 flip vaults + Deribit 2020 options margin (historical, crypto options)",
    description: "Black Thursday\u2019s Maker design for the vaults, and the options venue of the day for the option book: coin-margined writers under Deribit\u2019s standard per-position margin (15% of the underlying less the out-of-the-money amount, at least 10%), dealers hedging on the scenario\u2019s band, implied volatility reacting to realised stress, a 2% liquidation fee on buy-backs.",
    sources: [
      MAKER_PARAMS,
      OSM_DOC,
      "Deribit standard (non-portfolio) margin for short options: max(0.15 \u2212 OTM/underlying, 0.1) + mark, in the underlying coin \u2014 Deribit knowledge base \u201CInverse options margin\u201D; the 2020 values are assumed equal to these",
      "Liquidation fee on option buy-backs 2% (assumed; Deribit charges a liquidation fee that varies by product)"
    ],
    margin: { kind: "fixed-ratio", liquidationRatio: 1.5, callRatio: 1.75 },
    oracle: makerOracle,
    liquidation: {
      kind: "english-auction",
      penalty: 0.13,
      lotSize: 50,
      minIncrement: 0.03,
      bidDurationSeconds: 600,
      maxDurationSeconds: 259200
    },
    shortfall: makerShortfall,
    keepers: {},
    // The standard per-position option margin, 2% penalty, every loop on (options/option-book.ts).
    options: { ...DEFAULT_OPTIONS_DESIGN }
  },
  {
    schemaVersion: 2,
    id: "maker-2021-clip",
    name: 'Maker 2021 \u2014 Dutch "clip" auctions (Liquidations 2.0)',
    description: "Liquidations 2.0 on the same oracle and ratios: each vault is sold whole in a Dutch auction that starts at 130% of the oracle price and falls 1% every 90 s, resets after 140 minutes or a 60% fall, allows partial takes, settles through a DEX inside the take (no capital needed), and pays keepers 300 DAI + 0.1% of the debt per kick or reset.",
    sources: [
      "Mechanism: https://docs.makerdao.com/smart-contract-modules/dog-and-clipper-detailed-documentation",
      "Parameter meanings: https://forum.makerdao.com/t/liquidations-2-0-preliminary-risk-parameters/4850",
      "ETH-A values (buf 1.30, step 90 s, cut 0.99, tail 8400 s, cusp 0.40, tip 300, chip 0.1%, ilk.hole 30 M DAI assumed) as reported for the 2021 rollout; not verified here against the executive spell",
      MAKER_PARAMS
    ],
    margin: { kind: "fixed-ratio", liquidationRatio: 1.5, callRatio: 1.75 },
    oracle: makerOracle,
    liquidation: {
      kind: "dutch-auction",
      penalty: 0.13,
      startBuffer: 1.3,
      decay: { kind: "stairstep-exponential", stepSeconds: 90, cut: 0.99 },
      resetAfterSeconds: 8400,
      resetBelowRatio: 0.4,
      lotSize: 1e12,
      maxActiveTabUsd: 3e7,
      keeperTipUsd: 300,
      keeperChip: 1e-3,
      flashLiquidity: true
    },
    shortfall: makerShortfall,
    keepers: {}
  },
  {
    schemaVersion: 2,
    id: "compound-market-sale",
    name: "Compound 2020 \u2014 fixed-discount market sale",
    description: "Collateral factor 75% (liquidation below 133% collateral), close factor 50%, 8% liquidation incentive; liquidators repay debt and sell the seized collateral on the market. Spot oracle updated every step.",
    sources: [
      "Compound v2 ETH collateral factor 75%, close factor 50%, liquidation incentive 8% (Compound governance parameters, 2020)",
      "Open Price Feed posting spot prices: https://compound.finance/docs/prices (oracle modelled as spot, every step)"
    ],
    margin: { kind: "fixed-ratio", liquidationRatio: 1 / 0.75, callRatio: 1.5 },
    oracle: {
      source: "median",
      transform: { kind: "none" },
      update: { kind: "every-step" },
      maxGasGwei: null,
      honorOutages: true
    },
    liquidation: { kind: "market-sale", closeFactor: 0.5, bonus: 0.08 },
    shortfall: { ...makerShortfall, surplusBufferUsd: 0, then: "socialise" },
    keepers: {}
  },
  // Historical designs of the built-in scenarios beyond Black Thursday (presets-lending.ts).
  ...SCENARIO_DESIGN_LIST,
  // Perpetual-futures exchanges (presets-perps.ts).
  ...PERPS_DESIGN_LIST,
  // Today's lending protocols (presets-protocols.ts).
  ...PROTOCOL_DESIGN_LIST
];
var PRESETS = new Map(presetList.map((d) => [d.id, parseDesign(d)]));

// src-main/scenarios/data-files.ts
function readTable(name, text, sep = ",") {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/).filter((l) => l.trim() !== "");
  const unquote = (c) => c.trim().replace(/^"(.*)"$/, "$1");
  const [head, ...body] = lines;
  if (head === void 0) throw new Error(`${name}: empty file`);
  return { name, header: head.split(sep).map(unquote), rows: body.map((l) => l.split(sep).map(unquote)) };
}
function cell(t, row, column) {
  const c = t.header.indexOf(column);
  if (c < 0) throw new Error(`${t.name}: no column "${column}" (columns: ${t.header.join(", ")})`);
  const v = Number(t.rows[row][c]);
  if (t.rows[row][c] === "" || !Number.isFinite(v)) {
    throw new Error(`${t.name}: row ${row + 2}, column "${column}": "${t.rows[row][c]}" is not a number`);
  }
  return v;
}
function window(bars, from, to) {
  return bars.filter(([t]) => t >= from && t < to).sort((a, b) => a[0] - b[0]);
}
function cryptoDataDownloadBars(t, barSeconds, from, to) {
  const bars = t.rows.map((_, r) => [
    cell(t, r, "unix"),
    barSeconds,
    cell(t, r, "open"),
    cell(t, r, "high"),
    cell(t, r, "low"),
    cell(t, r, "close")
  ]);
  return window(bars, from, to);
}
function coinApiBars(name, json) {
  const periods = JSON.parse(json);
  return periods.map((p, i) => {
    const start = Date.parse(p.time_period_start) / 1e3;
    const end = Date.parse(p.time_period_end) / 1e3;
    if (!(end > start)) throw new Error(`${name}: period ${i} has no length`);
    return [start, end - start, p.price_open, p.price_high, p.price_low, p.price_close];
  });
}
function lowestLow(bars) {
  let best = { t: NaN, low: Infinity };
  for (const b of bars) if (b[4] < best.low) best = { t: b[0], low: b[4] };
  return best;
}

// raw-text:/work/wt/hist/src-main/scenarios/data/2020-03-12-black-thursday/eth_usd_10min_coinapi_stablesims_2020-03-12.json
var eth_usd_10min_coinapi_stablesims_2020_03_12_default = '[\n  {\n    "time_period_start": "2020-03-12T00:00:00.0000000Z",\n    "time_period_end": "2020-03-12T00:10:00.0000000Z",\n    "time_open": "2020-03-12T00:04:55.9304460Z",\n    "time_close": "2020-03-12T00:08:24.2864820Z",\n    "price_open": 195.210000000,\n    "price_high": 195.430000000,\n    "price_low": 194.380000000,\n    "price_close": 194.520000000,\n    "volume_traded": 69.682075400,\n    "trades_count": 27\n  },\n  {\n    "time_period_start": "2020-03-12T00:10:00.0000000Z",\n    "time_period_end": "2020-03-12T00:20:00.0000000Z",\n    "time_open": "2020-03-12T00:11:42.3254230Z",\n    "time_close": "2020-03-12T00:19:42.7606110Z",\n    "price_open": 193.560000000,\n    "price_high": 194.240000000,\n    "price_low": 193.560000000,\n    "price_close": 193.930000000,\n    "volume_traded": 127.247972810,\n    "trades_count": 14\n  },\n  {\n    "time_period_start": "2020-03-12T00:20:00.0000000Z",\n    "time_period_end": "2020-03-12T00:30:00.0000000Z",\n    "time_open": "2020-03-12T00:21:21.8159280Z",\n    "time_close": "2020-03-12T00:29:57.1882820Z",\n    "price_open": 194.020000000,\n    "price_high": 194.320000000,\n    "price_low": 193.810000000,\n    "price_close": 194.250000000,\n    "volume_traded": 273.837367730,\n    "trades_count": 17\n  },\n  {\n    "time_period_start": "2020-03-12T00:30:00.0000000Z",\n    "time_period_end": "2020-03-12T00:40:00.0000000Z",\n    "time_open": "2020-03-12T00:32:51.5862790Z",\n    "time_close": "2020-03-12T00:38:39.0122450Z",\n    "price_open": 193.830000000,\n    "price_high": 194.150000000,\n    "price_low": 193.830000000,\n    "price_close": 194.140000000,\n    "volume_traded": 33.406105650,\n    "trades_count": 8\n  },\n  {\n    "time_period_start": "2020-03-12T00:40:00.0000000Z",\n    "time_period_end": "2020-03-12T00:50:00.0000000Z",\n    "time_open": "2020-03-12T00:40:23.5102750Z",\n    "time_close": "2020-03-12T00:48:08.4720460Z",\n    "price_open": 193.900000000,\n    "price_high": 193.900000000,\n    "price_low": 192.170000000,\n    "price_close": 192.480000000,\n    "volume_traded": 60.715086990,\n    "trades_count": 11\n  },\n  {\n    "time_period_start": "2020-03-12T00:50:00.0000000Z",\n    "time_period_end": "2020-03-12T01:00:00.0000000Z",\n    "time_open": "2020-03-12T00:52:08.0084970Z",\n    "time_close": "2020-03-12T00:59:41.1866450Z",\n    "price_open": 192.670000000,\n    "price_high": 193.960000000,\n    "price_low": 192.610000000,\n    "price_close": 193.550000000,\n    "volume_traded": 169.055279390,\n    "trades_count": 20\n  },\n  {\n    "time_period_start": "2020-03-12T01:00:00.0000000Z",\n    "time_period_end": "2020-03-12T01:10:00.0000000Z",\n    "time_open": "2020-03-12T01:00:06.2151960Z",\n    "time_close": "2020-03-12T01:07:05.7798540Z",\n    "price_open": 193.590000000,\n    "price_high": 193.680000000,\n    "price_low": 192.090000000,\n    "price_close": 192.350000000,\n    "volume_traded": 38.853704600,\n    "trades_count": 16\n  },\n  {\n    "time_period_start": "2020-03-12T01:10:00.0000000Z",\n    "time_period_end": "2020-03-12T01:20:00.0000000Z",\n    "time_open": "2020-03-12T01:12:31.7219120Z",\n    "time_close": "2020-03-12T01:17:43.2195860Z",\n    "price_open": 192.330000000,\n    "price_high": 193.010000000,\n    "price_low": 192.060000000,\n    "price_close": 192.660000000,\n    "volume_traded": 38.532345230,\n    "trades_count": 8\n  },\n  {\n    "time_period_start": "2020-03-12T01:20:00.0000000Z",\n    "time_period_end": "2020-03-12T01:30:00.0000000Z",\n    "time_open": "2020-03-12T01:23:35.1905210Z",\n    "time_close": "2020-03-12T01:29:43.4102610Z",\n    "price_open": 192.010000000,\n    "price_high": 192.010000000,\n    "price_low": 190.610000000,\n    "price_close": 190.610000000,\n    "volume_traded": 775.906929700,\n    "trades_count": 27\n  },\n  {\n    "time_period_start": "2020-03-12T01:30:00.0000000Z",\n    "time_period_end": "2020-03-12T01:40:00.0000000Z",\n    "time_open": "2020-03-12T01:30:43.2769330Z",\n    "time_close": "2020-03-12T01:39:29.0616880Z",\n    "price_open": 190.800000000,\n    "price_high": 190.800000000,\n    "price_low": 189.080000000,\n    "price_close": 189.080000000,\n    "volume_traded": 314.611385580,\n    "trades_count": 39\n  },\n  {\n    "time_period_start": "2020-03-12T01:40:00.0000000Z",\n    "time_period_end": "2020-03-12T01:50:00.0000000Z",\n    "time_open": "2020-03-12T01:40:38.4234720Z",\n    "time_close": "2020-03-12T01:49:58.0211160Z",\n    "price_open": 189.310000000,\n    "price_high": 189.650000000,\n    "price_low": 188.510000000,\n    "price_close": 188.570000000,\n    "volume_traded": 180.549568170,\n    "trades_count": 29\n  },\n  {\n    "time_period_start": "2020-03-12T01:50:00.0000000Z",\n    "time_period_end": "2020-03-12T02:00:00.0000000Z",\n    "time_open": "2020-03-12T01:50:00.3047630Z",\n    "time_close": "2020-03-12T01:59:48.4827430Z",\n    "price_open": 188.860000000,\n    "price_high": 188.860000000,\n    "price_low": 184.010000000,\n    "price_close": 184.710000000,\n    "volume_traded": 681.188292490,\n    "trades_count": 109\n  },\n  {\n    "time_period_start": "2020-03-12T02:00:00.0000000Z",\n    "time_period_end": "2020-03-12T02:10:00.0000000Z",\n    "time_open": "2020-03-12T02:00:00.0468550Z",\n    "time_close": "2020-03-12T02:09:57.4344340Z",\n    "price_open": 184.520000000,\n    "price_high": 186.510000000,\n    "price_low": 184.520000000,\n    "price_close": 186.050000000,\n    "volume_traded": 169.246773030,\n    "trades_count": 44\n  },\n  {\n    "time_period_start": "2020-03-12T02:10:00.0000000Z",\n    "time_period_end": "2020-03-12T02:20:00.0000000Z",\n    "time_open": "2020-03-12T02:10:05.0124460Z",\n    "time_close": "2020-03-12T02:19:55.1404370Z",\n    "price_open": 186.050000000,\n    "price_high": 186.050000000,\n    "price_low": 182.380000000,\n    "price_close": 184.810000000,\n    "volume_traded": 578.608758550,\n    "trades_count": 109\n  },\n  {\n    "time_period_start": "2020-03-12T02:20:00.0000000Z",\n    "time_period_end": "2020-03-12T02:30:00.0000000Z",\n    "time_open": "2020-03-12T02:20:17.8716630Z",\n    "time_close": "2020-03-12T02:28:56.5702330Z",\n    "price_open": 184.800000000,\n    "price_high": 185.340000000,\n    "price_low": 183.690000000,\n    "price_close": 183.970000000,\n    "volume_traded": 296.616360740,\n    "trades_count": 55\n  },\n  {\n    "time_period_start": "2020-03-12T02:30:00.0000000Z",\n    "time_period_end": "2020-03-12T02:40:00.0000000Z",\n    "time_open": "2020-03-12T02:30:06.0784510Z",\n    "time_close": "2020-03-12T02:39:58.8068450Z",\n    "price_open": 184.810000000,\n    "price_high": 186.980000000,\n    "price_low": 184.110000000,\n    "price_close": 186.500000000,\n    "volume_traded": 209.378434440,\n    "trades_count": 49\n  },\n  {\n    "time_period_start": "2020-03-12T02:40:00.0000000Z",\n    "time_period_end": "2020-03-12T02:50:00.0000000Z",\n    "time_open": "2020-03-12T02:40:45.9371820Z",\n    "time_close": "2020-03-12T02:49:10.9020200Z",\n    "price_open": 186.550000000,\n    "price_high": 186.550000000,\n    "price_low": 184.310000000,\n    "price_close": 184.710000000,\n    "volume_traded": 250.602688430,\n    "trades_count": 42\n  },\n  {\n    "time_period_start": "2020-03-12T02:50:00.0000000Z",\n    "time_period_end": "2020-03-12T03:00:00.0000000Z",\n    "time_open": "2020-03-12T02:50:35.6552120Z",\n    "time_close": "2020-03-12T02:59:51.7824350Z",\n    "price_open": 184.230000000,\n    "price_high": 184.540000000,\n    "price_low": 183.530000000,\n    "price_close": 183.780000000,\n    "volume_traded": 110.460441700,\n    "trades_count": 24\n  },\n  {\n    "time_period_start": "2020-03-12T03:00:00.0000000Z",\n    "time_period_end": "2020-03-12T03:10:00.0000000Z",\n    "time_open": "2020-03-12T03:00:19.9711960Z",\n    "time_close": "2020-03-12T03:09:47.3145240Z",\n    "price_open": 183.440000000,\n    "price_high": 185.050000000,\n    "price_low": 183.230000000,\n    "price_close": 185.040000000,\n    "volume_traded": 391.661428970,\n    "trades_count": 110\n  },\n  {\n    "time_period_start": "2020-03-12T03:10:00.0000000Z",\n    "time_period_end": "2020-03-12T03:20:00.0000000Z",\n    "time_open": "2020-03-12T03:10:42.4236090Z",\n    "time_close": "2020-03-12T03:19:46.6115010Z",\n    "price_open": 184.480000000,\n    "price_high": 184.480000000,\n    "price_low": 183.500000000,\n    "price_close": 184.150000000,\n    "volume_traded": 107.760625870,\n    "trades_count": 14\n  },\n  {\n    "time_period_start": "2020-03-12T03:20:00.0000000Z",\n    "time_period_end": "2020-03-12T03:30:00.0000000Z",\n    "time_open": "2020-03-12T03:23:19.8589530Z",\n    "time_close": "2020-03-12T03:28:50.0593760Z",\n    "price_open": 184.330000000,\n    "price_high": 184.330000000,\n    "price_low": 183.790000000,\n    "price_close": 184.190000000,\n    "volume_traded": 128.505706890,\n    "trades_count": 22\n  },\n  {\n    "time_period_start": "2020-03-12T03:30:00.0000000Z",\n    "time_period_end": "2020-03-12T03:40:00.0000000Z",\n    "time_open": "2020-03-12T03:32:08.0388120Z",\n    "time_close": "2020-03-12T03:37:38.5753750Z",\n    "price_open": 184.350000000,\n    "price_high": 185.000000000,\n    "price_low": 184.290000000,\n    "price_close": 185.000000000,\n    "volume_traded": 10.542850850,\n    "trades_count": 8\n  },\n  {\n    "time_period_start": "2020-03-12T03:40:00.0000000Z",\n    "time_period_end": "2020-03-12T03:50:00.0000000Z",\n    "time_open": "2020-03-12T03:41:29.2325540Z",\n    "time_close": "2020-03-12T03:49:36.6130500Z",\n    "price_open": 184.610000000,\n    "price_high": 184.620000000,\n    "price_low": 183.050000000,\n    "price_close": 183.050000000,\n    "volume_traded": 52.995207400,\n    "trades_count": 20\n  },\n  {\n    "time_period_start": "2020-03-12T03:50:00.0000000Z",\n    "time_period_end": "2020-03-12T04:00:00.0000000Z",\n    "time_open": "2020-03-12T03:50:01.5638120Z",\n    "time_close": "2020-03-12T03:59:47.7502320Z",\n    "price_open": 183.160000000,\n    "price_high": 183.160000000,\n    "price_low": 181.170000000,\n    "price_close": 182.840000000,\n    "volume_traded": 490.751406540,\n    "trades_count": 78\n  },\n  {\n    "time_period_start": "2020-03-12T04:00:00.0000000Z",\n    "time_period_end": "2020-03-12T04:10:00.0000000Z",\n    "time_open": "2020-03-12T04:00:20.4651340Z",\n    "time_close": "2020-03-12T04:09:59.1931040Z",\n    "price_open": 182.840000000,\n    "price_high": 182.840000000,\n    "price_low": 180.330000000,\n    "price_close": 181.020000000,\n    "volume_traded": 639.115164870,\n    "trades_count": 95\n  },\n  {\n    "time_period_start": "2020-03-12T04:10:00.0000000Z",\n    "time_period_end": "2020-03-12T04:20:00.0000000Z",\n    "time_open": "2020-03-12T04:10:09.1867840Z",\n    "time_close": "2020-03-12T04:19:58.4622130Z",\n    "price_open": 180.850000000,\n    "price_high": 180.900000000,\n    "price_low": 179.430000000,\n    "price_close": 179.750000000,\n    "volume_traded": 270.307127530,\n    "trades_count": 42\n  },\n  {\n    "time_period_start": "2020-03-12T04:20:00.0000000Z",\n    "time_period_end": "2020-03-12T04:30:00.0000000Z",\n    "time_open": "2020-03-12T04:20:07.6591940Z",\n    "time_close": "2020-03-12T04:29:54.9800990Z",\n    "price_open": 179.670000000,\n    "price_high": 180.170000000,\n    "price_low": 179.310000000,\n    "price_close": 179.440000000,\n    "volume_traded": 505.125016080,\n    "trades_count": 71\n  },\n  {\n    "time_period_start": "2020-03-12T04:30:00.0000000Z",\n    "time_period_end": "2020-03-12T04:40:00.0000000Z",\n    "time_open": "2020-03-12T04:30:08.3017800Z",\n    "time_close": "2020-03-12T04:39:49.3206290Z",\n    "price_open": 179.440000000,\n    "price_high": 181.260000000,\n    "price_low": 179.210000000,\n    "price_close": 181.110000000,\n    "volume_traded": 231.857623640,\n    "trades_count": 53\n  },\n  {\n    "time_period_start": "2020-03-12T04:40:00.0000000Z",\n    "time_period_end": "2020-03-12T04:50:00.0000000Z",\n    "time_open": "2020-03-12T04:40:09.8893730Z",\n    "time_close": "2020-03-12T04:49:34.7958730Z",\n    "price_open": 180.940000000,\n    "price_high": 181.650000000,\n    "price_low": 180.290000000,\n    "price_close": 181.520000000,\n    "volume_traded": 161.843943130,\n    "trades_count": 40\n  },\n  {\n    "time_period_start": "2020-03-12T04:50:00.0000000Z",\n    "time_period_end": "2020-03-12T05:00:00.0000000Z",\n    "time_open": "2020-03-12T04:50:17.9068370Z",\n    "time_close": "2020-03-12T04:59:26.1317560Z",\n    "price_open": 181.410000000,\n    "price_high": 181.720000000,\n    "price_low": 180.490000000,\n    "price_close": 181.210000000,\n    "volume_traded": 237.525043030,\n    "trades_count": 62\n  },\n  {\n    "time_period_start": "2020-03-12T05:00:00.0000000Z",\n    "time_period_end": "2020-03-12T05:10:00.0000000Z",\n    "time_open": "2020-03-12T05:00:28.2246080Z",\n    "time_close": "2020-03-12T05:09:33.9064990Z",\n    "price_open": 181.290000000,\n    "price_high": 181.790000000,\n    "price_low": 180.720000000,\n    "price_close": 181.790000000,\n    "volume_traded": 64.639425440,\n    "trades_count": 19\n  },\n  {\n    "time_period_start": "2020-03-12T05:10:00.0000000Z",\n    "time_period_end": "2020-03-12T05:20:00.0000000Z",\n    "time_open": "2020-03-12T05:10:05.9486090Z",\n    "time_close": "2020-03-12T05:15:58.1909080Z",\n    "price_open": 181.790000000,\n    "price_high": 181.790000000,\n    "price_low": 181.120000000,\n    "price_close": 181.440000000,\n    "volume_traded": 68.570013280,\n    "trades_count": 24\n  },\n  {\n    "time_period_start": "2020-03-12T05:20:00.0000000Z",\n    "time_period_end": "2020-03-12T05:30:00.0000000Z",\n    "time_open": "2020-03-12T05:21:32.3839020Z",\n    "time_close": "2020-03-12T05:29:29.5764570Z",\n    "price_open": 180.970000000,\n    "price_high": 180.970000000,\n    "price_low": 179.780000000,\n    "price_close": 180.540000000,\n    "volume_traded": 14.793563660,\n    "trades_count": 8\n  },\n  {\n    "time_period_start": "2020-03-12T05:30:00.0000000Z",\n    "time_period_end": "2020-03-12T05:40:00.0000000Z",\n    "time_open": "2020-03-12T05:30:37.1404310Z",\n    "time_close": "2020-03-12T05:39:19.6125880Z",\n    "price_open": 180.540000000,\n    "price_high": 181.480000000,\n    "price_low": 180.540000000,\n    "price_close": 181.140000000,\n    "volume_traded": 68.325899830,\n    "trades_count": 23\n  },\n  {\n    "time_period_start": "2020-03-12T05:40:00.0000000Z",\n    "time_period_end": "2020-03-12T05:50:00.0000000Z",\n    "time_open": "2020-03-12T05:40:32.5835990Z",\n    "time_close": "2020-03-12T05:49:02.1071870Z",\n    "price_open": 181.040000000,\n    "price_high": 181.540000000,\n    "price_low": 181.030000000,\n    "price_close": 181.510000000,\n    "volume_traded": 40.609998520,\n    "trades_count": 22\n  },\n  {\n    "time_period_start": "2020-03-12T05:50:00.0000000Z",\n    "time_period_end": "2020-03-12T06:00:00.0000000Z",\n    "time_open": "2020-03-12T05:51:13.7217640Z",\n    "time_close": "2020-03-12T05:59:47.5024930Z",\n    "price_open": 180.910000000,\n    "price_high": 181.390000000,\n    "price_low": 180.700000000,\n    "price_close": 181.390000000,\n    "volume_traded": 56.127366170,\n    "trades_count": 23\n  },\n  {\n    "time_period_start": "2020-03-12T06:00:00.0000000Z",\n    "time_period_end": "2020-03-12T06:10:00.0000000Z",\n    "time_open": "2020-03-12T06:00:04.3225210Z",\n    "time_close": "2020-03-12T06:09:48.3472600Z",\n    "price_open": 181.520000000,\n    "price_high": 181.520000000,\n    "price_low": 180.410000000,\n    "price_close": 180.460000000,\n    "volume_traded": 278.056464240,\n    "trades_count": 64\n  },\n  {\n    "time_period_start": "2020-03-12T06:10:00.0000000Z",\n    "time_period_end": "2020-03-12T06:20:00.0000000Z",\n    "time_open": "2020-03-12T06:10:14.7481700Z",\n    "time_close": "2020-03-12T06:19:40.6004590Z",\n    "price_open": 180.600000000,\n    "price_high": 180.610000000,\n    "price_low": 176.340000000,\n    "price_close": 177.290000000,\n    "volume_traded": 739.443985770,\n    "trades_count": 98\n  },\n  {\n    "time_period_start": "2020-03-12T06:20:00.0000000Z",\n    "time_period_end": "2020-03-12T06:30:00.0000000Z",\n    "time_open": "2020-03-12T06:20:03.8112850Z",\n    "time_close": "2020-03-12T06:29:39.8624910Z",\n    "price_open": 177.300000000,\n    "price_high": 177.460000000,\n    "price_low": 175.100000000,\n    "price_close": 175.260000000,\n    "volume_traded": 230.475546730,\n    "trades_count": 50\n  },\n  {\n    "time_period_start": "2020-03-12T06:30:00.0000000Z",\n    "time_period_end": "2020-03-12T06:40:00.0000000Z",\n    "time_open": "2020-03-12T06:30:37.7858920Z",\n    "time_close": "2020-03-12T06:39:41.1306480Z",\n    "price_open": 175.140000000,\n    "price_high": 175.140000000,\n    "price_low": 171.140000000,\n    "price_close": 174.370000000,\n    "volume_traded": 2654.988511490,\n    "trades_count": 265\n  },\n  {\n    "time_period_start": "2020-03-12T06:40:00.0000000Z",\n    "time_period_end": "2020-03-12T06:50:00.0000000Z",\n    "time_open": "2020-03-12T06:40:21.9085320Z",\n    "time_close": "2020-03-12T06:49:59.8515270Z",\n    "price_open": 173.170000000,\n    "price_high": 173.980000000,\n    "price_low": 173.060000000,\n    "price_close": 173.060000000,\n    "volume_traded": 256.199581440,\n    "trades_count": 47\n  },\n  {\n    "time_period_start": "2020-03-12T06:50:00.0000000Z",\n    "time_period_end": "2020-03-12T07:00:00.0000000Z",\n    "time_open": "2020-03-12T06:50:47.4577480Z",\n    "time_close": "2020-03-12T06:59:24.8086090Z",\n    "price_open": 173.040000000,\n    "price_high": 173.460000000,\n    "price_low": 172.490000000,\n    "price_close": 173.460000000,\n    "volume_traded": 186.526207220,\n    "trades_count": 42\n  },\n  {\n    "time_period_start": "2020-03-12T07:00:00.0000000Z",\n    "time_period_end": "2020-03-12T07:10:00.0000000Z",\n    "time_open": "2020-03-12T07:00:01.7153900Z",\n    "time_close": "2020-03-12T07:09:47.4903600Z",\n    "price_open": 173.440000000,\n    "price_high": 173.480000000,\n    "price_low": 170.300000000,\n    "price_close": 171.710000000,\n    "volume_traded": 2909.925534960,\n    "trades_count": 168\n  },\n  {\n    "time_period_start": "2020-03-12T07:10:00.0000000Z",\n    "time_period_end": "2020-03-12T07:20:00.0000000Z",\n    "time_open": "2020-03-12T07:10:08.7671280Z",\n    "time_close": "2020-03-12T07:19:55.8129310Z",\n    "price_open": 171.200000000,\n    "price_high": 171.330000000,\n    "price_low": 167.110000000,\n    "price_close": 169.920000000,\n    "volume_traded": 1869.107631490,\n    "trades_count": 208\n  },\n  {\n    "time_period_start": "2020-03-12T07:20:00.0000000Z",\n    "time_period_end": "2020-03-12T07:30:00.0000000Z",\n    "time_open": "2020-03-12T07:20:04.5619170Z",\n    "time_close": "2020-03-12T07:29:58.7573710Z",\n    "price_open": 170.050000000,\n    "price_high": 171.630000000,\n    "price_low": 169.830000000,\n    "price_close": 171.130000000,\n    "volume_traded": 285.140694670,\n    "trades_count": 71\n  },\n  {\n    "time_period_start": "2020-03-12T07:30:00.0000000Z",\n    "time_period_end": "2020-03-12T07:40:00.0000000Z",\n    "time_open": "2020-03-12T07:30:40.3205580Z",\n    "time_close": "2020-03-12T07:38:04.7795470Z",\n    "price_open": 170.980000000,\n    "price_high": 173.680000000,\n    "price_low": 170.980000000,\n    "price_close": 172.790000000,\n    "volume_traded": 193.337133430,\n    "trades_count": 57\n  },\n  {\n    "time_period_start": "2020-03-12T07:40:00.0000000Z",\n    "time_period_end": "2020-03-12T07:50:00.0000000Z",\n    "time_open": "2020-03-12T07:40:05.3579220Z",\n    "time_close": "2020-03-12T07:49:45.3014670Z",\n    "price_open": 172.040000000,\n    "price_high": 172.680000000,\n    "price_low": 169.530000000,\n    "price_close": 170.840000000,\n    "volume_traded": 809.058619310,\n    "trades_count": 90\n  },\n  {\n    "time_period_start": "2020-03-12T07:50:00.0000000Z",\n    "time_period_end": "2020-03-12T08:00:00.0000000Z",\n    "time_open": "2020-03-12T07:50:29.5535990Z",\n    "time_close": "2020-03-12T07:59:19.0169720Z",\n    "price_open": 171.250000000,\n    "price_high": 172.410000000,\n    "price_low": 171.230000000,\n    "price_close": 171.360000000,\n    "volume_traded": 1020.418170100,\n    "trades_count": 69\n  },\n  {\n    "time_period_start": "2020-03-12T08:00:00.0000000Z",\n    "time_period_end": "2020-03-12T08:10:00.0000000Z",\n    "time_open": "2020-03-12T08:00:42.6976190Z",\n    "time_close": "2020-03-12T08:09:46.4235810Z",\n    "price_open": 171.110000000,\n    "price_high": 171.160000000,\n    "price_low": 168.670000000,\n    "price_close": 168.920000000,\n    "volume_traded": 307.000788330,\n    "trades_count": 56\n  },\n  {\n    "time_period_start": "2020-03-12T08:10:00.0000000Z",\n    "time_period_end": "2020-03-12T08:20:00.0000000Z",\n    "time_open": "2020-03-12T08:10:13.9976700Z",\n    "time_close": "2020-03-12T08:19:44.5512210Z",\n    "price_open": 169.260000000,\n    "price_high": 169.790000000,\n    "price_low": 166.010000000,\n    "price_close": 167.440000000,\n    "volume_traded": 1499.276759430,\n    "trades_count": 116\n  },\n  {\n    "time_period_start": "2020-03-12T08:20:00.0000000Z",\n    "time_period_end": "2020-03-12T08:30:00.0000000Z",\n    "time_open": "2020-03-12T08:20:26.0443500Z",\n    "time_close": "2020-03-12T08:29:18.4887150Z",\n    "price_open": 168.650000000,\n    "price_high": 170.390000000,\n    "price_low": 168.480000000,\n    "price_close": 170.000000000,\n    "volume_traded": 416.779155710,\n    "trades_count": 71\n  },\n  {\n    "time_period_start": "2020-03-12T08:30:00.0000000Z",\n    "time_period_end": "2020-03-12T08:40:00.0000000Z",\n    "time_open": "2020-03-12T08:30:14.8469440Z",\n    "time_close": "2020-03-12T08:39:56.9171250Z",\n    "price_open": 170.560000000,\n    "price_high": 171.930000000,\n    "price_low": 170.520000000,\n    "price_close": 170.770000000,\n    "volume_traded": 547.443970180,\n    "trades_count": 65\n  },\n  {\n    "time_period_start": "2020-03-12T08:40:00.0000000Z",\n    "time_period_end": "2020-03-12T08:50:00.0000000Z",\n    "time_open": "2020-03-12T08:41:12.0966960Z",\n    "time_close": "2020-03-12T08:49:34.2388420Z",\n    "price_open": 170.230000000,\n    "price_high": 170.730000000,\n    "price_low": 168.620000000,\n    "price_close": 169.080000000,\n    "volume_traded": 402.261345750,\n    "trades_count": 75\n  },\n  {\n    "time_period_start": "2020-03-12T08:50:00.0000000Z",\n    "time_period_end": "2020-03-12T09:00:00.0000000Z",\n    "time_open": "2020-03-12T08:50:07.9547630Z",\n    "time_close": "2020-03-12T08:58:55.2777880Z",\n    "price_open": 168.830000000,\n    "price_high": 170.340000000,\n    "price_low": 168.640000000,\n    "price_close": 169.320000000,\n    "volume_traded": 289.344402700,\n    "trades_count": 34\n  },\n  {\n    "time_period_start": "2020-03-12T09:00:00.0000000Z",\n    "time_period_end": "2020-03-12T09:10:00.0000000Z",\n    "time_open": "2020-03-12T09:00:52.2846550Z",\n    "time_close": "2020-03-12T09:09:52.6126660Z",\n    "price_open": 168.780000000,\n    "price_high": 169.940000000,\n    "price_low": 168.650000000,\n    "price_close": 169.940000000,\n    "volume_traded": 90.928856540,\n    "trades_count": 26\n  },\n  {\n    "time_period_start": "2020-03-12T09:10:00.0000000Z",\n    "time_period_end": "2020-03-12T09:20:00.0000000Z",\n    "time_open": "2020-03-12T09:11:00.2203960Z",\n    "time_close": "2020-03-12T09:19:46.7730900Z",\n    "price_open": 169.300000000,\n    "price_high": 169.300000000,\n    "price_low": 167.120000000,\n    "price_close": 167.120000000,\n    "volume_traded": 647.907040530,\n    "trades_count": 78\n  },\n  {\n    "time_period_start": "2020-03-12T09:20:00.0000000Z",\n    "time_period_end": "2020-03-12T09:30:00.0000000Z",\n    "time_open": "2020-03-12T09:20:07.6564370Z",\n    "time_close": "2020-03-12T09:29:48.7623800Z",\n    "price_open": 167.390000000,\n    "price_high": 169.280000000,\n    "price_low": 167.220000000,\n    "price_close": 169.020000000,\n    "volume_traded": 168.972669060,\n    "trades_count": 35\n  },\n  {\n    "time_period_start": "2020-03-12T09:30:00.0000000Z",\n    "time_period_end": "2020-03-12T09:40:00.0000000Z",\n    "time_open": "2020-03-12T09:30:58.9707600Z",\n    "time_close": "2020-03-12T09:39:24.2640430Z",\n    "price_open": 168.560000000,\n    "price_high": 168.970000000,\n    "price_low": 167.970000000,\n    "price_close": 167.970000000,\n    "volume_traded": 323.742236650,\n    "trades_count": 40\n  },\n  {\n    "time_period_start": "2020-03-12T09:40:00.0000000Z",\n    "time_period_end": "2020-03-12T09:50:00.0000000Z",\n    "time_open": "2020-03-12T09:40:25.8437550Z",\n    "time_close": "2020-03-12T09:49:54.2396750Z",\n    "price_open": 168.140000000,\n    "price_high": 168.650000000,\n    "price_low": 167.370000000,\n    "price_close": 168.170000000,\n    "volume_traded": 419.627611550,\n    "trades_count": 53\n  },\n  {\n    "time_period_start": "2020-03-12T09:50:00.0000000Z",\n    "time_period_end": "2020-03-12T10:00:00.0000000Z",\n    "time_open": "2020-03-12T09:51:04.9215390Z",\n    "time_close": "2020-03-12T09:59:48.0744490Z",\n    "price_open": 168.030000000,\n    "price_high": 168.610000000,\n    "price_low": 167.220000000,\n    "price_close": 167.220000000,\n    "volume_traded": 197.261945680,\n    "trades_count": 44\n  },\n  {\n    "time_period_start": "2020-03-12T10:00:00.0000000Z",\n    "time_period_end": "2020-03-12T10:10:00.0000000Z",\n    "time_open": "2020-03-12T10:00:05.4845600Z",\n    "time_close": "2020-03-12T10:09:51.8375120Z",\n    "price_open": 167.460000000,\n    "price_high": 168.200000000,\n    "price_low": 166.560000000,\n    "price_close": 167.640000000,\n    "volume_traded": 277.986686700,\n    "trades_count": 73\n  },\n  {\n    "time_period_start": "2020-03-12T10:10:00.0000000Z",\n    "time_period_end": "2020-03-12T10:20:00.0000000Z",\n    "time_open": "2020-03-12T10:10:09.0035280Z",\n    "time_close": "2020-03-12T10:19:31.9081910Z",\n    "price_open": 167.750000000,\n    "price_high": 167.750000000,\n    "price_low": 163.000000000,\n    "price_close": 163.190000000,\n    "volume_traded": 1966.244123440,\n    "trades_count": 258\n  },\n  {\n    "time_period_start": "2020-03-12T10:20:00.0000000Z",\n    "time_period_end": "2020-03-12T10:30:00.0000000Z",\n    "time_open": "2020-03-12T10:20:16.3858490Z",\n    "time_close": "2020-03-12T10:29:31.3723060Z",\n    "price_open": 162.770000000,\n    "price_high": 164.150000000,\n    "price_low": 161.330000000,\n    "price_close": 163.110000000,\n    "volume_traded": 815.267689420,\n    "trades_count": 196\n  },\n  {\n    "time_period_start": "2020-03-12T10:30:00.0000000Z",\n    "time_period_end": "2020-03-12T10:40:00.0000000Z",\n    "time_open": "2020-03-12T10:30:01.5032290Z",\n    "time_close": "2020-03-12T10:39:57.9574570Z",\n    "price_open": 162.630000000,\n    "price_high": 162.630000000,\n    "price_low": 151.010000000,\n    "price_close": 152.810000000,\n    "volume_traded": 10790.027514430,\n    "trades_count": 1067\n  },\n  {\n    "time_period_start": "2020-03-12T10:40:00.0000000Z",\n    "time_period_end": "2020-03-12T10:50:00.0000000Z",\n    "time_open": "2020-03-12T10:40:02.7704100Z",\n    "time_close": "2020-03-12T10:49:56.7098370Z",\n    "price_open": 152.620000000,\n    "price_high": 154.830000000,\n    "price_low": 124.050000000,\n    "price_close": 154.830000000,\n    "volume_traded": 10496.790894210,\n    "trades_count": 1436\n  },\n  {\n    "time_period_start": "2020-03-12T10:50:00.0000000Z",\n    "time_period_end": "2020-03-12T11:00:00.0000000Z",\n    "time_open": "2020-03-12T10:50:10.9636760Z",\n    "time_close": "2020-03-12T10:59:59.8460320Z",\n    "price_open": 141.120000000,\n    "price_high": 154.140000000,\n    "price_low": 131.560000000,\n    "price_close": 133.750000000,\n    "volume_traded": 2611.665036510,\n    "trades_count": 396\n  },\n  {\n    "time_period_start": "2020-03-12T11:00:00.0000000Z",\n    "time_period_end": "2020-03-12T11:10:00.0000000Z",\n    "time_open": "2020-03-12T11:00:02.3614420Z",\n    "time_close": "2020-03-12T11:09:59.4258160Z",\n    "price_open": 132.850000000,\n    "price_high": 145.560000000,\n    "price_low": 127.730000000,\n    "price_close": 143.070000000,\n    "volume_traded": 1216.871333160,\n    "trades_count": 230\n  },\n  {\n    "time_period_start": "2020-03-12T11:10:00.0000000Z",\n    "time_period_end": "2020-03-12T11:20:00.0000000Z",\n    "time_open": "2020-03-12T11:10:01.6051090Z",\n    "time_close": "2020-03-12T11:19:54.2335570Z",\n    "price_open": 143.300000000,\n    "price_high": 148.950000000,\n    "price_low": 136.820000000,\n    "price_close": 142.080000000,\n    "volume_traded": 4355.464710380,\n    "trades_count": 341\n  },\n  {\n    "time_period_start": "2020-03-12T11:20:00.0000000Z",\n    "time_period_end": "2020-03-12T11:30:00.0000000Z",\n    "time_open": "2020-03-12T11:20:00.9815730Z",\n    "time_close": "2020-03-12T11:29:48.4745140Z",\n    "price_open": 142.070000000,\n    "price_high": 144.780000000,\n    "price_low": 137.320000000,\n    "price_close": 140.820000000,\n    "volume_traded": 1327.883224250,\n    "trades_count": 196\n  },\n  {\n    "time_period_start": "2020-03-12T11:30:00.0000000Z",\n    "time_period_end": "2020-03-12T11:40:00.0000000Z",\n    "time_open": "2020-03-12T11:30:13.6501760Z",\n    "time_close": "2020-03-12T11:39:46.8285990Z",\n    "price_open": 140.470000000,\n    "price_high": 140.790000000,\n    "price_low": 133.210000000,\n    "price_close": 136.920000000,\n    "volume_traded": 749.638508330,\n    "trades_count": 136\n  },\n  {\n    "time_period_start": "2020-03-12T11:40:00.0000000Z",\n    "time_period_end": "2020-03-12T11:50:00.0000000Z",\n    "time_open": "2020-03-12T11:40:03.9818640Z",\n    "time_close": "2020-03-12T11:49:50.2025430Z",\n    "price_open": 136.100000000,\n    "price_high": 136.100000000,\n    "price_low": 129.900000000,\n    "price_close": 131.950000000,\n    "volume_traded": 2289.286210340,\n    "trades_count": 330\n  },\n  {\n    "time_period_start": "2020-03-12T11:50:00.0000000Z",\n    "time_period_end": "2020-03-12T12:00:00.0000000Z",\n    "time_open": "2020-03-12T11:50:02.5736490Z",\n    "time_close": "2020-03-12T11:59:59.4094770Z",\n    "price_open": 132.270000000,\n    "price_high": 137.020000000,\n    "price_low": 131.950000000,\n    "price_close": 136.370000000,\n    "volume_traded": 983.674093170,\n    "trades_count": 208\n  },\n  {\n    "time_period_start": "2020-03-12T12:00:00.0000000Z",\n    "time_period_end": "2020-03-12T12:10:00.0000000Z",\n    "time_open": "2020-03-12T12:00:37.0044050Z",\n    "time_close": "2020-03-12T12:09:21.4682210Z",\n    "price_open": 136.950000000,\n    "price_high": 140.650000000,\n    "price_low": 135.170000000,\n    "price_close": 137.280000000,\n    "volume_traded": 1663.275629390,\n    "trades_count": 191\n  },\n  {\n    "time_period_start": "2020-03-12T12:10:00.0000000Z",\n    "time_period_end": "2020-03-12T12:20:00.0000000Z",\n    "time_open": "2020-03-12T12:10:14.0846610Z",\n    "time_close": "2020-03-12T12:19:59.6938850Z",\n    "price_open": 137.660000000,\n    "price_high": 142.350000000,\n    "price_low": 137.660000000,\n    "price_close": 141.670000000,\n    "volume_traded": 2027.436390720,\n    "trades_count": 282\n  },\n  {\n    "time_period_start": "2020-03-12T12:20:00.0000000Z",\n    "time_period_end": "2020-03-12T12:30:00.0000000Z",\n    "time_open": "2020-03-12T12:20:01.2383410Z",\n    "time_close": "2020-03-12T12:29:34.7282440Z",\n    "price_open": 141.430000000,\n    "price_high": 142.660000000,\n    "price_low": 139.420000000,\n    "price_close": 141.310000000,\n    "volume_traded": 779.015161860,\n    "trades_count": 162\n  },\n  {\n    "time_period_start": "2020-03-12T12:30:00.0000000Z",\n    "time_period_end": "2020-03-12T12:40:00.0000000Z",\n    "time_open": "2020-03-12T12:30:19.3803050Z",\n    "time_close": "2020-03-12T12:39:54.0528220Z",\n    "price_open": 140.020000000,\n    "price_high": 142.460000000,\n    "price_low": 138.240000000,\n    "price_close": 139.750000000,\n    "volume_traded": 322.212223960,\n    "trades_count": 98\n  },\n  {\n    "time_period_start": "2020-03-12T12:40:00.0000000Z",\n    "time_period_end": "2020-03-12T12:50:00.0000000Z",\n    "time_open": "2020-03-12T12:40:18.7413840Z",\n    "time_close": "2020-03-12T12:49:32.8869540Z",\n    "price_open": 139.930000000,\n    "price_high": 141.170000000,\n    "price_low": 135.780000000,\n    "price_close": 135.800000000,\n    "volume_traded": 515.163886520,\n    "trades_count": 112\n  },\n  {\n    "time_period_start": "2020-03-12T12:50:00.0000000Z",\n    "time_period_end": "2020-03-12T13:00:00.0000000Z",\n    "time_open": "2020-03-12T12:50:19.0650640Z",\n    "time_close": "2020-03-12T12:59:59.1716740Z",\n    "price_open": 135.670000000,\n    "price_high": 139.350000000,\n    "price_low": 135.670000000,\n    "price_close": 137.240000000,\n    "volume_traded": 1007.054023370,\n    "trades_count": 171\n  },\n  {\n    "time_period_start": "2020-03-12T13:00:00.0000000Z",\n    "time_period_end": "2020-03-12T13:10:00.0000000Z",\n    "time_open": "2020-03-12T13:00:05.2525420Z",\n    "time_close": "2020-03-12T13:09:54.9788030Z",\n    "price_open": 137.920000000,\n    "price_high": 140.090000000,\n    "price_low": 136.510000000,\n    "price_close": 136.700000000,\n    "volume_traded": 898.772970780,\n    "trades_count": 166\n  },\n  {\n    "time_period_start": "2020-03-12T13:10:00.0000000Z",\n    "time_period_end": "2020-03-12T13:20:00.0000000Z",\n    "time_open": "2020-03-12T13:10:02.8212350Z",\n    "time_close": "2020-03-12T13:19:54.6512730Z",\n    "price_open": 136.530000000,\n    "price_high": 136.940000000,\n    "price_low": 135.010000000,\n    "price_close": 136.000000000,\n    "volume_traded": 544.559051440,\n    "trades_count": 139\n  },\n  {\n    "time_period_start": "2020-03-12T13:20:00.0000000Z",\n    "time_period_end": "2020-03-12T13:30:00.0000000Z",\n    "time_open": "2020-03-12T13:20:00.2585990Z",\n    "time_close": "2020-03-12T13:29:49.6230960Z",\n    "price_open": 135.800000000,\n    "price_high": 136.930000000,\n    "price_low": 131.960000000,\n    "price_close": 134.060000000,\n    "volume_traded": 739.158942590,\n    "trades_count": 176\n  },\n  {\n    "time_period_start": "2020-03-12T13:30:00.0000000Z",\n    "time_period_end": "2020-03-12T13:40:00.0000000Z",\n    "time_open": "2020-03-12T13:30:02.6747840Z",\n    "time_close": "2020-03-12T13:39:53.6366470Z",\n    "price_open": 134.120000000,\n    "price_high": 134.550000000,\n    "price_low": 127.500000000,\n    "price_close": 130.720000000,\n    "volume_traded": 1480.712074340,\n    "trades_count": 333\n  },\n  {\n    "time_period_start": "2020-03-12T13:40:00.0000000Z",\n    "time_period_end": "2020-03-12T13:50:00.0000000Z",\n    "time_open": "2020-03-12T13:40:01.1102750Z",\n    "time_close": "2020-03-12T13:49:54.1957340Z",\n    "price_open": 130.500000000,\n    "price_high": 132.160000000,\n    "price_low": 126.030000000,\n    "price_close": 128.770000000,\n    "volume_traded": 996.599213070,\n    "trades_count": 219\n  },\n  {\n    "time_period_start": "2020-03-12T13:50:00.0000000Z",\n    "time_period_end": "2020-03-12T14:00:00.0000000Z",\n    "time_open": "2020-03-12T13:50:07.6241470Z",\n    "time_close": "2020-03-12T13:59:57.5952050Z",\n    "price_open": 129.210000000,\n    "price_high": 134.590000000,\n    "price_low": 129.210000000,\n    "price_close": 134.590000000,\n    "volume_traded": 444.483336070,\n    "trades_count": 110\n  },\n  {\n    "time_period_start": "2020-03-12T14:00:00.0000000Z",\n    "time_period_end": "2020-03-12T14:10:00.0000000Z",\n    "time_open": "2020-03-12T14:00:05.8237300Z",\n    "time_close": "2020-03-12T14:09:55.2719980Z",\n    "price_open": 135.200000000,\n    "price_high": 137.370000000,\n    "price_low": 133.370000000,\n    "price_close": 134.960000000,\n    "volume_traded": 831.494393440,\n    "trades_count": 274\n  },\n  {\n    "time_period_start": "2020-03-12T14:10:00.0000000Z",\n    "time_period_end": "2020-03-12T14:20:00.0000000Z",\n    "time_open": "2020-03-12T14:10:13.0027420Z",\n    "time_close": "2020-03-12T14:19:57.4504430Z",\n    "price_open": 135.090000000,\n    "price_high": 140.350000000,\n    "price_low": 134.630000000,\n    "price_close": 139.240000000,\n    "volume_traded": 948.077486770,\n    "trades_count": 222\n  },\n  {\n    "time_period_start": "2020-03-12T14:20:00.0000000Z",\n    "time_period_end": "2020-03-12T14:30:00.0000000Z",\n    "time_open": "2020-03-12T14:20:20.8316840Z",\n    "time_close": "2020-03-12T14:29:40.7587760Z",\n    "price_open": 137.740000000,\n    "price_high": 140.120000000,\n    "price_low": 136.590000000,\n    "price_close": 138.370000000,\n    "volume_traded": 691.687978370,\n    "trades_count": 186\n  },\n  {\n    "time_period_start": "2020-03-12T14:30:00.0000000Z",\n    "time_period_end": "2020-03-12T14:40:00.0000000Z",\n    "time_open": "2020-03-12T14:30:03.1472180Z",\n    "time_close": "2020-03-12T14:39:55.3458390Z",\n    "price_open": 138.470000000,\n    "price_high": 144.910000000,\n    "price_low": 138.250000000,\n    "price_close": 142.900000000,\n    "volume_traded": 1102.017035290,\n    "trades_count": 240\n  },\n  {\n    "time_period_start": "2020-03-12T14:40:00.0000000Z",\n    "time_period_end": "2020-03-12T14:50:00.0000000Z",\n    "time_open": "2020-03-12T14:40:01.5328570Z",\n    "time_close": "2020-03-12T14:49:59.1590140Z",\n    "price_open": 142.850000000,\n    "price_high": 145.990000000,\n    "price_low": 139.830000000,\n    "price_close": 143.150000000,\n    "volume_traded": 1132.166512730,\n    "trades_count": 313\n  },\n  {\n    "time_period_start": "2020-03-12T14:50:00.0000000Z",\n    "time_period_end": "2020-03-12T15:00:00.0000000Z",\n    "time_open": "2020-03-12T14:50:02.1239420Z",\n    "time_close": "2020-03-12T14:59:49.7806100Z",\n    "price_open": 143.150000000,\n    "price_high": 143.680000000,\n    "price_low": 138.590000000,\n    "price_close": 141.280000000,\n    "volume_traded": 1255.108692620,\n    "trades_count": 242\n  },\n  {\n    "time_period_start": "2020-03-12T15:00:00.0000000Z",\n    "time_period_end": "2020-03-12T15:10:00.0000000Z",\n    "time_open": "2020-03-12T15:00:42.9078130Z",\n    "time_close": "2020-03-12T15:09:48.7348590Z",\n    "price_open": 139.990000000,\n    "price_high": 141.320000000,\n    "price_low": 137.210000000,\n    "price_close": 139.120000000,\n    "volume_traded": 1049.919017130,\n    "trades_count": 168\n  },\n  {\n    "time_period_start": "2020-03-12T15:10:00.0000000Z",\n    "time_period_end": "2020-03-12T15:20:00.0000000Z",\n    "time_open": "2020-03-12T15:10:00.6955070Z",\n    "time_close": "2020-03-12T15:19:41.0161590Z",\n    "price_open": 139.210000000,\n    "price_high": 141.460000000,\n    "price_low": 139.200000000,\n    "price_close": 140.000000000,\n    "volume_traded": 414.008781050,\n    "trades_count": 78\n  },\n  {\n    "time_period_start": "2020-03-12T15:20:00.0000000Z",\n    "time_period_end": "2020-03-12T15:30:00.0000000Z",\n    "time_open": "2020-03-12T15:20:00.6925190Z",\n    "time_close": "2020-03-12T15:29:57.1005230Z",\n    "price_open": 140.210000000,\n    "price_high": 141.550000000,\n    "price_low": 139.030000000,\n    "price_close": 139.470000000,\n    "volume_traded": 291.509646720,\n    "trades_count": 101\n  },\n  {\n    "time_period_start": "2020-03-12T15:30:00.0000000Z",\n    "time_period_end": "2020-03-12T15:40:00.0000000Z",\n    "time_open": "2020-03-12T15:30:01.8382310Z",\n    "time_close": "2020-03-12T15:39:52.3938760Z",\n    "price_open": 139.080000000,\n    "price_high": 140.050000000,\n    "price_low": 138.470000000,\n    "price_close": 139.400000000,\n    "volume_traded": 180.019724940,\n    "trades_count": 51\n  },\n  {\n    "time_period_start": "2020-03-12T15:40:00.0000000Z",\n    "time_period_end": "2020-03-12T15:50:00.0000000Z",\n    "time_open": "2020-03-12T15:40:29.0402160Z",\n    "time_close": "2020-03-12T15:49:49.8321420Z",\n    "price_open": 139.190000000,\n    "price_high": 141.270000000,\n    "price_low": 138.130000000,\n    "price_close": 140.790000000,\n    "volume_traded": 530.176963670,\n    "trades_count": 104\n  },\n  {\n    "time_period_start": "2020-03-12T15:50:00.0000000Z",\n    "time_period_end": "2020-03-12T16:00:00.0000000Z",\n    "time_open": "2020-03-12T15:50:35.9930620Z",\n    "time_close": "2020-03-12T15:59:57.3244210Z",\n    "price_open": 140.150000000,\n    "price_high": 141.560000000,\n    "price_low": 139.170000000,\n    "price_close": 141.130000000,\n    "volume_traded": 397.116156610,\n    "trades_count": 89\n  },\n  {\n    "time_period_start": "2020-03-12T16:00:00.0000000Z",\n    "time_period_end": "2020-03-12T16:10:00.0000000Z",\n    "time_open": "2020-03-12T16:00:10.1850420Z",\n    "time_close": "2020-03-12T16:09:57.5874110Z",\n    "price_open": 141.130000000,\n    "price_high": 142.070000000,\n    "price_low": 138.000000000,\n    "price_close": 138.000000000,\n    "volume_traded": 419.768524810,\n    "trades_count": 102\n  },\n  {\n    "time_period_start": "2020-03-12T16:10:00.0000000Z",\n    "time_period_end": "2020-03-12T16:20:00.0000000Z",\n    "time_open": "2020-03-12T16:10:05.0088310Z",\n    "time_close": "2020-03-12T16:19:43.6428780Z",\n    "price_open": 137.450000000,\n    "price_high": 138.550000000,\n    "price_low": 134.310000000,\n    "price_close": 137.530000000,\n    "volume_traded": 1056.171326150,\n    "trades_count": 172\n  },\n  {\n    "time_period_start": "2020-03-12T16:20:00.0000000Z",\n    "time_period_end": "2020-03-12T16:30:00.0000000Z",\n    "time_open": "2020-03-12T16:20:51.4250050Z",\n    "time_close": "2020-03-12T16:29:59.5779530Z",\n    "price_open": 137.870000000,\n    "price_high": 138.660000000,\n    "price_low": 136.250000000,\n    "price_close": 137.560000000,\n    "volume_traded": 940.166165730,\n    "trades_count": 93\n  },\n  {\n    "time_period_start": "2020-03-12T16:30:00.0000000Z",\n    "time_period_end": "2020-03-12T16:40:00.0000000Z",\n    "time_open": "2020-03-12T16:30:01.1371980Z",\n    "time_close": "2020-03-12T16:39:53.2278620Z",\n    "price_open": 137.230000000,\n    "price_high": 138.140000000,\n    "price_low": 136.130000000,\n    "price_close": 138.140000000,\n    "volume_traded": 174.447852770,\n    "trades_count": 48\n  },\n  {\n    "time_period_start": "2020-03-12T16:40:00.0000000Z",\n    "time_period_end": "2020-03-12T16:50:00.0000000Z",\n    "time_open": "2020-03-12T16:40:12.8489200Z",\n    "time_close": "2020-03-12T16:49:48.2531470Z",\n    "price_open": 138.140000000,\n    "price_high": 138.140000000,\n    "price_low": 135.680000000,\n    "price_close": 135.680000000,\n    "volume_traded": 815.900492840,\n    "trades_count": 129\n  },\n  {\n    "time_period_start": "2020-03-12T16:50:00.0000000Z",\n    "time_period_end": "2020-03-12T17:00:00.0000000Z",\n    "time_open": "2020-03-12T16:50:01.2050580Z",\n    "time_close": "2020-03-12T16:59:53.6754530Z",\n    "price_open": 136.070000000,\n    "price_high": 139.050000000,\n    "price_low": 135.890000000,\n    "price_close": 138.750000000,\n    "volume_traded": 458.906754470,\n    "trades_count": 124\n  },\n  {\n    "time_period_start": "2020-03-12T17:00:00.0000000Z",\n    "time_period_end": "2020-03-12T17:10:00.0000000Z",\n    "time_open": "2020-03-12T17:00:31.2421860Z",\n    "time_close": "2020-03-12T17:09:57.9776220Z",\n    "price_open": 138.900000000,\n    "price_high": 145.410000000,\n    "price_low": 138.300000000,\n    "price_close": 144.000000000,\n    "volume_traded": 513.221646850,\n    "trades_count": 147\n  },\n  {\n    "time_period_start": "2020-03-12T17:10:00.0000000Z",\n    "time_period_end": "2020-03-12T17:20:00.0000000Z",\n    "time_open": "2020-03-12T17:10:15.6707840Z",\n    "time_close": "2020-03-12T17:18:30.1502480Z",\n    "price_open": 143.910000000,\n    "price_high": 144.130000000,\n    "price_low": 140.710000000,\n    "price_close": 142.140000000,\n    "volume_traded": 463.747748030,\n    "trades_count": 113\n  },\n  {\n    "time_period_start": "2020-03-12T17:20:00.0000000Z",\n    "time_period_end": "2020-03-12T17:30:00.0000000Z",\n    "time_open": "2020-03-12T17:20:07.5902130Z",\n    "time_close": "2020-03-12T17:29:38.9922220Z",\n    "price_open": 142.140000000,\n    "price_high": 143.970000000,\n    "price_low": 142.000000000,\n    "price_close": 142.910000000,\n    "volume_traded": 468.403477750,\n    "trades_count": 112\n  },\n  {\n    "time_period_start": "2020-03-12T17:30:00.0000000Z",\n    "time_period_end": "2020-03-12T17:40:00.0000000Z",\n    "time_open": "2020-03-12T17:30:16.5113700Z",\n    "time_close": "2020-03-12T17:39:58.0289980Z",\n    "price_open": 143.020000000,\n    "price_high": 143.380000000,\n    "price_low": 140.730000000,\n    "price_close": 140.840000000,\n    "volume_traded": 184.695628390,\n    "trades_count": 51\n  },\n  {\n    "time_period_start": "2020-03-12T17:40:00.0000000Z",\n    "time_period_end": "2020-03-12T17:50:00.0000000Z",\n    "time_open": "2020-03-12T17:40:00.0852720Z",\n    "time_close": "2020-03-12T17:49:53.2972280Z",\n    "price_open": 140.840000000,\n    "price_high": 141.950000000,\n    "price_low": 139.810000000,\n    "price_close": 141.770000000,\n    "volume_traded": 183.157485220,\n    "trades_count": 43\n  },\n  {\n    "time_period_start": "2020-03-12T17:50:00.0000000Z",\n    "time_period_end": "2020-03-12T18:00:00.0000000Z",\n    "time_open": "2020-03-12T17:50:02.4731960Z",\n    "time_close": "2020-03-12T17:59:37.7919820Z",\n    "price_open": 141.770000000,\n    "price_high": 143.190000000,\n    "price_low": 141.160000000,\n    "price_close": 141.810000000,\n    "volume_traded": 783.819160430,\n    "trades_count": 111\n  },\n  {\n    "time_period_start": "2020-03-12T18:00:00.0000000Z",\n    "time_period_end": "2020-03-12T18:10:00.0000000Z",\n    "time_open": "2020-03-12T18:00:48.8854140Z",\n    "time_close": "2020-03-12T18:08:49.7152870Z",\n    "price_open": 141.820000000,\n    "price_high": 142.610000000,\n    "price_low": 141.020000000,\n    "price_close": 142.170000000,\n    "volume_traded": 145.587443270,\n    "trades_count": 37\n  },\n  {\n    "time_period_start": "2020-03-12T18:10:00.0000000Z",\n    "time_period_end": "2020-03-12T18:20:00.0000000Z",\n    "time_open": "2020-03-12T18:10:40.1349580Z",\n    "time_close": "2020-03-12T18:19:33.9584710Z",\n    "price_open": 141.610000000,\n    "price_high": 142.780000000,\n    "price_low": 141.160000000,\n    "price_close": 141.490000000,\n    "volume_traded": 73.638041500,\n    "trades_count": 28\n  },\n  {\n    "time_period_start": "2020-03-12T18:20:00.0000000Z",\n    "time_period_end": "2020-03-12T18:30:00.0000000Z",\n    "time_open": "2020-03-12T18:21:05.4923130Z",\n    "time_close": "2020-03-12T18:29:35.0365800Z",\n    "price_open": 141.830000000,\n    "price_high": 141.880000000,\n    "price_low": 140.810000000,\n    "price_close": 141.120000000,\n    "volume_traded": 77.822596850,\n    "trades_count": 25\n  },\n  {\n    "time_period_start": "2020-03-12T18:30:00.0000000Z",\n    "time_period_end": "2020-03-12T18:40:00.0000000Z",\n    "time_open": "2020-03-12T18:31:50.9533920Z",\n    "time_close": "2020-03-12T18:39:54.8223290Z",\n    "price_open": 140.980000000,\n    "price_high": 140.980000000,\n    "price_low": 138.100000000,\n    "price_close": 138.380000000,\n    "volume_traded": 285.828563710,\n    "trades_count": 39\n  },\n  {\n    "time_period_start": "2020-03-12T18:40:00.0000000Z",\n    "time_period_end": "2020-03-12T18:50:00.0000000Z",\n    "time_open": "2020-03-12T18:40:02.4161440Z",\n    "time_close": "2020-03-12T18:49:49.9025190Z",\n    "price_open": 138.110000000,\n    "price_high": 139.190000000,\n    "price_low": 137.060000000,\n    "price_close": 139.190000000,\n    "volume_traded": 460.616983680,\n    "trades_count": 76\n  },\n  {\n    "time_period_start": "2020-03-12T18:50:00.0000000Z",\n    "time_period_end": "2020-03-12T19:00:00.0000000Z",\n    "time_open": "2020-03-12T18:50:27.5911530Z",\n    "time_close": "2020-03-12T18:59:39.9764710Z",\n    "price_open": 139.540000000,\n    "price_high": 139.580000000,\n    "price_low": 136.660000000,\n    "price_close": 137.030000000,\n    "volume_traded": 637.319187060,\n    "trades_count": 106\n  },\n  {\n    "time_period_start": "2020-03-12T19:00:00.0000000Z",\n    "time_period_end": "2020-03-12T19:10:00.0000000Z",\n    "time_open": "2020-03-12T19:00:06.0135110Z",\n    "time_close": "2020-03-12T19:09:54.3521990Z",\n    "price_open": 137.330000000,\n    "price_high": 138.420000000,\n    "price_low": 136.630000000,\n    "price_close": 138.230000000,\n    "volume_traded": 394.665577370,\n    "trades_count": 72\n  },\n  {\n    "time_period_start": "2020-03-12T19:10:00.0000000Z",\n    "time_period_end": "2020-03-12T19:20:00.0000000Z",\n    "time_open": "2020-03-12T19:10:00.8926380Z",\n    "time_close": "2020-03-12T19:18:54.9819450Z",\n    "price_open": 137.700000000,\n    "price_high": 138.900000000,\n    "price_low": 136.930000000,\n    "price_close": 137.920000000,\n    "volume_traded": 336.548357780,\n    "trades_count": 93\n  },\n  {\n    "time_period_start": "2020-03-12T19:20:00.0000000Z",\n    "time_period_end": "2020-03-12T19:30:00.0000000Z",\n    "time_open": "2020-03-12T19:20:02.2714830Z",\n    "time_close": "2020-03-12T19:29:49.3012210Z",\n    "price_open": 137.830000000,\n    "price_high": 138.680000000,\n    "price_low": 136.930000000,\n    "price_close": 137.810000000,\n    "volume_traded": 243.454187130,\n    "trades_count": 76\n  },\n  {\n    "time_period_start": "2020-03-12T19:30:00.0000000Z",\n    "time_period_end": "2020-03-12T19:40:00.0000000Z",\n    "time_open": "2020-03-12T19:30:42.3397500Z",\n    "time_close": "2020-03-12T19:39:29.0692860Z",\n    "price_open": 138.100000000,\n    "price_high": 139.110000000,\n    "price_low": 137.890000000,\n    "price_close": 138.280000000,\n    "volume_traded": 77.009083420,\n    "trades_count": 43\n  },\n  {\n    "time_period_start": "2020-03-12T19:40:00.0000000Z",\n    "time_period_end": "2020-03-12T19:50:00.0000000Z",\n    "time_open": "2020-03-12T19:40:35.0995230Z",\n    "time_close": "2020-03-12T19:49:59.3084940Z",\n    "price_open": 138.400000000,\n    "price_high": 139.400000000,\n    "price_low": 137.610000000,\n    "price_close": 138.200000000,\n    "volume_traded": 430.514500360,\n    "trades_count": 75\n  },\n  {\n    "time_period_start": "2020-03-12T19:50:00.0000000Z",\n    "time_period_end": "2020-03-12T20:00:00.0000000Z",\n    "time_open": "2020-03-12T19:50:06.8709210Z",\n    "time_close": "2020-03-12T19:59:15.8603230Z",\n    "price_open": 138.610000000,\n    "price_high": 139.470000000,\n    "price_low": 136.940000000,\n    "price_close": 137.450000000,\n    "volume_traded": 490.360550640,\n    "trades_count": 99\n  },\n  {\n    "time_period_start": "2020-03-12T20:00:00.0000000Z",\n    "time_period_end": "2020-03-12T20:10:00.0000000Z",\n    "time_open": "2020-03-12T20:00:31.9691960Z",\n    "time_close": "2020-03-12T20:09:57.8129940Z",\n    "price_open": 137.620000000,\n    "price_high": 138.230000000,\n    "price_low": 136.740000000,\n    "price_close": 136.790000000,\n    "volume_traded": 537.968209220,\n    "trades_count": 95\n  },\n  {\n    "time_period_start": "2020-03-12T20:10:00.0000000Z",\n    "time_period_end": "2020-03-12T20:20:00.0000000Z",\n    "time_open": "2020-03-12T20:10:16.5553890Z",\n    "time_close": "2020-03-12T20:19:43.2993340Z",\n    "price_open": 136.820000000,\n    "price_high": 137.540000000,\n    "price_low": 135.290000000,\n    "price_close": 136.130000000,\n    "volume_traded": 1484.291549910,\n    "trades_count": 201\n  },\n  {\n    "time_period_start": "2020-03-12T20:20:00.0000000Z",\n    "time_period_end": "2020-03-12T20:30:00.0000000Z",\n    "time_open": "2020-03-12T20:20:06.0657870Z",\n    "time_close": "2020-03-12T20:29:56.4331720Z",\n    "price_open": 135.490000000,\n    "price_high": 136.080000000,\n    "price_low": 132.000000000,\n    "price_close": 132.070000000,\n    "volume_traded": 1004.789486310,\n    "trades_count": 187\n  },\n  {\n    "time_period_start": "2020-03-12T20:30:00.0000000Z",\n    "time_period_end": "2020-03-12T20:40:00.0000000Z",\n    "time_open": "2020-03-12T20:30:00.9749630Z",\n    "time_close": "2020-03-12T20:39:59.4237590Z",\n    "price_open": 132.500000000,\n    "price_high": 133.980000000,\n    "price_low": 129.030000000,\n    "price_close": 129.390000000,\n    "volume_traded": 3979.941784880,\n    "trades_count": 538\n  },\n  {\n    "time_period_start": "2020-03-12T20:40:00.0000000Z",\n    "time_period_end": "2020-03-12T20:50:00.0000000Z",\n    "time_open": "2020-03-12T20:40:00.0093760Z",\n    "time_close": "2020-03-12T20:49:59.1678820Z",\n    "price_open": 129.340000000,\n    "price_high": 130.010000000,\n    "price_low": 125.480000000,\n    "price_close": 126.720000000,\n    "volume_traded": 3211.495477710,\n    "trades_count": 321\n  },\n  {\n    "time_period_start": "2020-03-12T20:50:00.0000000Z",\n    "time_period_end": "2020-03-12T21:00:00.0000000Z",\n    "time_open": "2020-03-12T20:50:02.8342400Z",\n    "time_close": "2020-03-12T20:59:58.0019630Z",\n    "price_open": 126.720000000,\n    "price_high": 130.790000000,\n    "price_low": 123.600000000,\n    "price_close": 128.340000000,\n    "volume_traded": 2785.427827240,\n    "trades_count": 337\n  },\n  {\n    "time_period_start": "2020-03-12T21:00:00.0000000Z",\n    "time_period_end": "2020-03-12T21:10:00.0000000Z",\n    "time_open": "2020-03-12T21:00:05.7083820Z",\n    "time_close": "2020-03-12T21:09:50.9805000Z",\n    "price_open": 128.510000000,\n    "price_high": 130.770000000,\n    "price_low": 127.100000000,\n    "price_close": 129.850000000,\n    "volume_traded": 981.127542120,\n    "trades_count": 173\n  },\n  {\n    "time_period_start": "2020-03-12T21:10:00.0000000Z",\n    "time_period_end": "2020-03-12T21:20:00.0000000Z",\n    "time_open": "2020-03-12T21:10:48.6336170Z",\n    "time_close": "2020-03-12T21:19:28.0678830Z",\n    "price_open": 130.220000000,\n    "price_high": 130.230000000,\n    "price_low": 127.830000000,\n    "price_close": 128.180000000,\n    "volume_traded": 228.056544120,\n    "trades_count": 89\n  },\n  {\n    "time_period_start": "2020-03-12T21:20:00.0000000Z",\n    "time_period_end": "2020-03-12T21:30:00.0000000Z",\n    "time_open": "2020-03-12T21:20:36.6315450Z",\n    "time_close": "2020-03-12T21:28:27.7083330Z",\n    "price_open": 127.710000000,\n    "price_high": 127.710000000,\n    "price_low": 124.660000000,\n    "price_close": 126.330000000,\n    "volume_traded": 166.990406500,\n    "trades_count": 53\n  },\n  {\n    "time_period_start": "2020-03-12T21:30:00.0000000Z",\n    "time_period_end": "2020-03-12T21:40:00.0000000Z",\n    "time_open": "2020-03-12T21:30:53.1604760Z",\n    "time_close": "2020-03-12T21:39:34.3670480Z",\n    "price_open": 126.300000000,\n    "price_high": 129.270000000,\n    "price_low": 123.920000000,\n    "price_close": 127.080000000,\n    "volume_traded": 575.758094200,\n    "trades_count": 51\n  },\n  {\n    "time_period_start": "2020-03-12T21:40:00.0000000Z",\n    "time_period_end": "2020-03-12T21:50:00.0000000Z",\n    "time_open": "2020-03-12T21:42:15.0615020Z",\n    "time_close": "2020-03-12T21:49:46.9018540Z",\n    "price_open": 126.750000000,\n    "price_high": 127.940000000,\n    "price_low": 126.210000000,\n    "price_close": 127.500000000,\n    "volume_traded": 165.298499430,\n    "trades_count": 42\n  },\n  {\n    "time_period_start": "2020-03-12T21:50:00.0000000Z",\n    "time_period_end": "2020-03-12T22:00:00.0000000Z",\n    "time_open": "2020-03-12T21:50:05.3023780Z",\n    "time_close": "2020-03-12T21:59:55.3288130Z",\n    "price_open": 127.960000000,\n    "price_high": 131.810000000,\n    "price_low": 127.270000000,\n    "price_close": 130.200000000,\n    "volume_traded": 415.990583740,\n    "trades_count": 87\n  },\n  {\n    "time_period_start": "2020-03-12T22:00:00.0000000Z",\n    "time_period_end": "2020-03-12T22:10:00.0000000Z",\n    "time_open": "2020-03-12T22:00:05.7944350Z",\n    "time_close": "2020-03-12T22:09:40.6359840Z",\n    "price_open": 130.020000000,\n    "price_high": 132.580000000,\n    "price_low": 127.780000000,\n    "price_close": 132.580000000,\n    "volume_traded": 1977.092272670,\n    "trades_count": 187\n  },\n  {\n    "time_period_start": "2020-03-12T22:10:00.0000000Z",\n    "time_period_end": "2020-03-12T22:20:00.0000000Z",\n    "time_open": "2020-03-12T22:10:20.4018670Z",\n    "time_close": "2020-03-12T22:19:16.4943810Z",\n    "price_open": 132.890000000,\n    "price_high": 133.900000000,\n    "price_low": 129.980000000,\n    "price_close": 130.710000000,\n    "volume_traded": 280.622368710,\n    "trades_count": 59\n  },\n  {\n    "time_period_start": "2020-03-12T22:20:00.0000000Z",\n    "time_period_end": "2020-03-12T22:30:00.0000000Z",\n    "time_open": "2020-03-12T22:20:00.6182950Z",\n    "time_close": "2020-03-12T22:29:57.6607580Z",\n    "price_open": 130.670000000,\n    "price_high": 132.040000000,\n    "price_low": 128.500000000,\n    "price_close": 128.840000000,\n    "volume_traded": 1337.028859510,\n    "trades_count": 234\n  },\n  {\n    "time_period_start": "2020-03-12T22:30:00.0000000Z",\n    "time_period_end": "2020-03-12T22:40:00.0000000Z",\n    "time_open": "2020-03-12T22:30:00.5121170Z",\n    "time_close": "2020-03-12T22:39:54.8777640Z",\n    "price_open": 129.380000000,\n    "price_high": 129.870000000,\n    "price_low": 127.840000000,\n    "price_close": 128.430000000,\n    "volume_traded": 244.106208840,\n    "trades_count": 44\n  },\n  {\n    "time_period_start": "2020-03-12T22:40:00.0000000Z",\n    "time_period_end": "2020-03-12T22:50:00.0000000Z",\n    "time_open": "2020-03-12T22:40:21.4334460Z",\n    "time_close": "2020-03-12T22:49:59.1555190Z",\n    "price_open": 128.800000000,\n    "price_high": 129.090000000,\n    "price_low": 126.450000000,\n    "price_close": 126.450000000,\n    "volume_traded": 364.135060810,\n    "trades_count": 63\n  },\n  {\n    "time_period_start": "2020-03-12T22:50:00.0000000Z",\n    "time_period_end": "2020-03-12T23:00:00.0000000Z",\n    "time_open": "2020-03-12T22:50:06.8678470Z",\n    "time_close": "2020-03-12T22:59:55.9932720Z",\n    "price_open": 126.390000000,\n    "price_high": 127.780000000,\n    "price_low": 125.810000000,\n    "price_close": 126.560000000,\n    "volume_traded": 174.995028650,\n    "trades_count": 51\n  },\n  {\n    "time_period_start": "2020-03-12T23:00:00.0000000Z",\n    "time_period_end": "2020-03-12T23:10:00.0000000Z",\n    "time_open": "2020-03-12T23:00:17.1255100Z",\n    "time_close": "2020-03-12T23:09:52.7772460Z",\n    "price_open": 126.900000000,\n    "price_high": 126.900000000,\n    "price_low": 123.330000000,\n    "price_close": 123.740000000,\n    "volume_traded": 1813.636437200,\n    "trades_count": 82\n  },\n  {\n    "time_period_start": "2020-03-12T23:10:00.0000000Z",\n    "time_period_end": "2020-03-12T23:20:00.0000000Z",\n    "time_open": "2020-03-12T23:10:06.5512770Z",\n    "time_close": "2020-03-12T23:19:53.6592120Z",\n    "price_open": 123.140000000,\n    "price_high": 123.670000000,\n    "price_low": 118.840000000,\n    "price_close": 120.860000000,\n    "volume_traded": 2795.677937650,\n    "trades_count": 229\n  },\n  {\n    "time_period_start": "2020-03-12T23:20:00.0000000Z",\n    "time_period_end": "2020-03-12T23:30:00.0000000Z",\n    "time_open": "2020-03-12T23:20:08.0659210Z",\n    "time_close": "2020-03-12T23:29:51.2385850Z",\n    "price_open": 119.920000000,\n    "price_high": 122.380000000,\n    "price_low": 101.010000000,\n    "price_close": 111.000000000,\n    "volume_traded": 7059.353227550,\n    "trades_count": 555\n  },\n  {\n    "time_period_start": "2020-03-12T23:30:00.0000000Z",\n    "time_period_end": "2020-03-12T23:40:00.0000000Z",\n    "time_open": "2020-03-12T23:30:01.1336990Z",\n    "time_close": "2020-03-12T23:39:16.8413190Z",\n    "price_open": 112.850000000,\n    "price_high": 115.990000000,\n    "price_low": 103.420000000,\n    "price_close": 106.590000000,\n    "volume_traded": 2173.122248980,\n    "trades_count": 323\n  },\n  {\n    "time_period_start": "2020-03-12T23:40:00.0000000Z",\n    "time_period_end": "2020-03-12T23:50:00.0000000Z",\n    "time_open": "2020-03-12T23:40:04.3872080Z",\n    "time_close": "2020-03-12T23:49:55.4610050Z",\n    "price_open": 107.700000000,\n    "price_high": 110.880000000,\n    "price_low": 106.000000000,\n    "price_close": 108.440000000,\n    "volume_traded": 1114.446297860,\n    "trades_count": 202\n  },\n  {\n    "time_period_start": "2020-03-12T23:50:00.0000000Z",\n    "time_period_end": "2020-03-13T00:00:00.0000000Z",\n    "time_open": "2020-03-12T23:50:04.7027480Z",\n    "time_close": "2020-03-12T23:59:57.7520340Z",\n    "price_open": 109.550000000,\n    "price_high": 116.100000000,\n    "price_low": 106.000000000,\n    "price_close": 107.520000000,\n    "volume_traded": 1097.385957230,\n    "trades_count": 204\n  }\n]';

// raw-text:/work/wt/hist/src-main/scenarios/data/2020-03-12-black-thursday/binance_ethusdt_1h_2020-03-10_to_2020-03-15.csv
var binance_ethusdt_1h_2020_03_10_to_2020_03_15_default = "unix,date,symbol,open,high,low,close,Volume ETH,Volume USDT,tradecount\n1584313200.0,2020-03-15 11-PM,ETH/USDT,123.85,125.68,123.06,123.78,81491.95,10122943.71,NULL\n1584309600.0,2020-03-15 10-PM,ETH/USDT,132.92,133.44,121.79,123.85,197213.91,24869196.77,NULL\n1584306000.0,2020-03-15 09-PM,ETH/USDT,120.48,133.5,120.39,132.92,160998.18,20447439.0,NULL\n1584302400.0,2020-03-15 08-PM,ETH/USDT,123.21,123.47,120.16,120.48,51285.24,6252701.99,NULL\n1584298800.0,2020-03-15 07-PM,ETH/USDT,123.2,124.67,123,123.21,28996.64,3591330.83,NULL\n1584295200.0,2020-03-15 06-PM,ETH/USDT,122.96,124.24,122.79,123.2,22456.76,2772426.2,NULL\n1584291600.0,2020-03-15 05-PM,ETH/USDT,123.85,125.05,122.76,122.96,30464.39,3778597.31,NULL\n1584288000.0,2020-03-15 04-PM,ETH/USDT,124,124.83,122.56,123.85,35124.78,4338437.31,NULL\n1584284400.0,2020-03-15 03-PM,ETH/USDT,124,125.34,123.25,124,32878.11,4085869.71,NULL\n1584280800.0,2020-03-15 02-PM,ETH/USDT,125.06,125.71,122.8,124,46395.58,5744237.06,NULL\n1584277200.0,2020-03-15 01-PM,ETH/USDT,124.76,126,124.36,125.06,22876.93,2865843.27,NULL\n1584273600.0,2020-03-15 12-PM,ETH/USDT,126.1,129.53,123.93,124.76,94866.02,12002496.79,NULL\n1584270000.0,2020-03-15 11-AM,ETH/USDT,126.39,126.95,125.61,126.1,42834.89,5403698.13,NULL\n1584266400.0,2020-03-15 10-AM,ETH/USDT,122.2,127.51,121.94,126.39,92741.1,11611166.67,NULL\n1584262800.0,2020-03-15 09-AM,ETH/USDT,122.29,122.73,121.67,122.2,30166.41,3685439.36,NULL\n1584259200.0,2020-03-15 08-AM,ETH/USDT,123.22,123.3,121.95,122.29,28317.92,3474765.73,NULL\n1584255600.0,2020-03-15 07-AM,ETH/USDT,123.55,124.2,122.5,123.22,28120.65,3464029.38,NULL\n1584252000.0,2020-03-15 06-AM,ETH/USDT,122.64,124.37,122.47,123.55,41603.7,5139431.22,NULL\n1584248400.0,2020-03-15 05-AM,ETH/USDT,122.51,122.95,121.87,122.64,29716.58,3639292.61,NULL\n1584244800.0,2020-03-15 04-AM,ETH/USDT,121.16,122.88,121.13,122.51,46453.55,5672461.04,NULL\n1584241200.0,2020-03-15 03-AM,ETH/USDT,121.32,122.06,120.8,121.16,30220.46,3667030.92,NULL\n1584237600.0,2020-03-15 02-AM,ETH/USDT,121.12,122.65,120.84,121.32,41730.25,5077093.72,NULL\n1584234000.0,2020-03-15 01-AM,ETH/USDT,123.05,123.3,120.96,121.12,43115.47,5257799.25,NULL\n1584230400.0,2020-03-15 12-AM,ETH/USDT,122.54,123.7,121.18,123.05,52881.44,6472507.27,NULL\n1584226800.0,2020-03-14 11-PM,ETH/USDT,124.7,124.85,120,122.54,90603.15,11087164.32,NULL\n1584223200.0,2020-03-14 10-PM,ETH/USDT,126.59,127.25,123.16,124.7,62226.55,7760188.27,NULL\n1584219600.0,2020-03-14 09-PM,ETH/USDT,127.29,127.74,126.2,126.59,16438.61,2085655.36,NULL\n1584216000.0,2020-03-14 08-PM,ETH/USDT,127.18,128.06,126.24,127.29,34876.5,4436229.81,NULL\n1584212400.0,2020-03-14 07-PM,ETH/USDT,128.6,129.36,127.02,127.18,26932.17,3455170.08,NULL\n1584208800.0,2020-03-14 06-PM,ETH/USDT,128.07,129.86,127.77,128.6,41211.33,5309458.77,NULL\n1584205200.0,2020-03-14 05-PM,ETH/USDT,128.04,128.51,126.82,128.07,31293.64,3996197.86,NULL\n1584201600.0,2020-03-14 04-PM,ETH/USDT,126.67,130.46,125.66,128.04,67015.67,8593460.74,NULL\n1584198000.0,2020-03-14 03-PM,ETH/USDT,127.2,128.12,125.79,126.67,41396.92,5260311.15,NULL\n1584194400.0,2020-03-14 02-PM,ETH/USDT,126,128.07,125.68,127.2,42803.63,5437185.84,NULL\n1584190800.0,2020-03-14 01-PM,ETH/USDT,128.44,128.8,125.29,126,43692.34,5554654.9,NULL\n1584187200.0,2020-03-14 12-PM,ETH/USDT,128.7,128.85,126.1,128.44,45628.3,5818465.14,NULL\n1584183600.0,2020-03-14 11-AM,ETH/USDT,128.7,130.14,127.92,128.7,46658.82,6026960.87,NULL\n1584180000.0,2020-03-14 10-AM,ETH/USDT,125.94,129.46,125.18,128.7,69865.09,8891453.89,NULL\n1584176400.0,2020-03-14 09-AM,ETH/USDT,128.28,128.47,125.2,125.94,51595.19,6549071.03,NULL\n1584172800.0,2020-03-14 08-AM,ETH/USDT,132.18,132.3,125.7,128.28,101045.24,12941037.81,NULL\n1584169200.0,2020-03-14 07-AM,ETH/USDT,130.64,132.21,129.97,132.18,39144.13,5125504.49,NULL\n1584165600.0,2020-03-14 06-AM,ETH/USDT,130.55,131.59,129.8,130.64,46718.03,6107634.65,NULL\n1584162000.0,2020-03-14 05-AM,ETH/USDT,131.89,132.49,130.07,130.55,40374.27,5293252.61,NULL\n1584158400.0,2020-03-14 04-AM,ETH/USDT,133.32,133.56,130.7,131.89,50821.21,6718417.12,NULL\n1584154800.0,2020-03-14 03-AM,ETH/USDT,132.33,134.68,131.65,133.32,67740.29,9037208.48,NULL\n1584151200.0,2020-03-14 02-AM,ETH/USDT,133.03,133.16,129.8,132.33,56183.22,7390066.46,NULL\n1584147600.0,2020-03-14 01-AM,ETH/USDT,133.05,133.97,129.42,133.03,61461.34,8094189.26,NULL\n1584144000.0,2020-03-14 12-AM,ETH/USDT,134.06,134.18,130.66,133.05,61949.24,8223956.65,NULL\n1584140400.0,2020-03-13 11-PM,ETH/USDT,133.04,136.99,130.23,134.06,115872.97,15520742.97,NULL\n1584136800.0,2020-03-13 10-PM,ETH/USDT,128.83,133.1,128.62,133.04,62971.04,8241864.35,NULL\n1584133200.0,2020-03-13 09-PM,ETH/USDT,126.88,131.81,126.67,128.83,57358.08,7407795.77,NULL\n1584129600.0,2020-03-13 08-PM,ETH/USDT,128.32,130.3,125,126.88,115033.8,14714891.09,NULL\n1584126000.0,2020-03-13 07-PM,ETH/USDT,118.88,130.62,116.4,128.32,161299.78,19915776.61,NULL\n1584122400.0,2020-03-13 06-PM,ETH/USDT,123.56,123.87,114.84,118.88,142198.97,16991837.04,NULL\n1584118800.0,2020-03-13 05-PM,ETH/USDT,123.46,126.93,120.87,123.56,131480.68,16309134.48,NULL\n1584115200.0,2020-03-13 04-PM,ETH/USDT,123.7,128.55,119.27,123.46,189281.49,23487244.28,NULL\n1584111600.0,2020-03-13 03-PM,ETH/USDT,126.89,128,114.87,123.7,321987.79,39094911.31,NULL\n1584108000.0,2020-03-13 02-PM,ETH/USDT,131.93,136.71,125,126.89,169752.98,22379581.6,NULL\n1584104400.0,2020-03-13 01-PM,ETH/USDT,129.26,139.68,128,131.93,208950.08,27874206.04,NULL\n1584100800.0,2020-03-13 12-PM,ETH/USDT,127.6,132.36,125.26,129.26,118461.44,15298818.47,NULL\n1584097200.0,2020-03-13 11-AM,ETH/USDT,131.13,131.21,124.48,127.6,168082.59,21558140.35,NULL\n1584093600.0,2020-03-13 10-AM,ETH/USDT,129.46,133,126.78,131.13,140308.9,18252095.55,NULL\n1584090000.0,2020-03-13 09-AM,ETH/USDT,125.33,133.5,125,129.46,162696.57,20949528.17,NULL\n1584086400.0,2020-03-13 08-AM,ETH/USDT,127.28,132.85,119.99,125.33,179935.32,22699068.73,NULL\n1584082800.0,2020-03-13 07-AM,ETH/USDT,126.13,128.47,120,127.28,139316.21,17205318.21,NULL\n1584079200.0,2020-03-13 06-AM,ETH/USDT,116.63,127,114.22,126.13,181792.56,21728128.74,NULL\n1584075600.0,2020-03-13 05-AM,ETH/USDT,109.7,123.32,109.15,116.63,223527.04,26440236.73,NULL\n1584072000.0,2020-03-13 04-AM,ETH/USDT,124.24,124.24,106,109.7,263329.4,30624490.92,NULL\n1584068400.0,2020-03-13 03-AM,ETH/USDT,111.12,138,110,124.24,346543.43,42564197.05,NULL\n1584064800.0,2020-03-13 02-AM,ETH/USDT,96.62,120.2,86,111.12,463034.33,46935665.49,NULL\n1584061200.0,2020-03-13 01-AM,ETH/USDT,106.89,112,96,96.62,247820.18,26104618.22,NULL\n1584057600.0,2020-03-13 12-AM,ETH/USDT,107.82,116.36,104.2,106.89,352204.3,38412039.66,NULL\n1584054000.0,2020-03-12 11-PM,ETH/USDT,127.26,127.32,101.2,107.82,430425.12,48285544.87,NULL\n1584050400.0,2020-03-12 10-PM,ETH/USDT,130.99,134.95,126.2,127.26,124931.84,16292673.58,NULL\n1584046800.0,2020-03-12 09-PM,ETH/USDT,128.84,132.8,125.05,130.99,112750.46,14486288.37,NULL\n1584043200.0,2020-03-12 08-PM,ETH/USDT,138.37,139.09,125,128.84,181648.27,23863687.04,NULL\n1584039600.0,2020-03-12 07-PM,ETH/USDT,137.23,139.75,136.87,138.37,68231.94,9433616.53,NULL\n1584036000.0,2020-03-12 06-PM,ETH/USDT,141.96,142.95,136.85,137.23,96909.89,13569138.07,NULL\n1584032400.0,2020-03-12 05-PM,ETH/USDT,139.35,145.22,138.5,141.96,184222.81,26167294.95,NULL\n1584028800.0,2020-03-12 04-PM,ETH/USDT,141.1,142.65,134.41,139.35,173969.59,23987946.35,NULL\n1584025200.0,2020-03-12 03-PM,ETH/USDT,139.66,141.53,136.35,141.1,139335.97,19459256.59,NULL\n1584021600.0,2020-03-12 02-PM,ETH/USDT,135.03,142.97,134,139.66,244650.4,33906541.2,NULL\n1584018000.0,2020-03-12 01-PM,ETH/USDT,136.99,139.47,126.75,135.03,259160.91,34375973.12,NULL\n1584014400.0,2020-03-12 12-PM,ETH/USDT,136.59,142.52,134.01,136.99,245904.5,34114251.71,NULL\n1584010800.0,2020-03-12 11-AM,ETH/USDT,132.91,150,123,136.59,383437.39,52392097.9,NULL\n1584007200.0,2020-03-12 10-AM,ETH/USDT,167.97,168.89,125,132.91,378094.84,57329669.94,NULL\n1584003600.0,2020-03-12 09-AM,ETH/USDT,169.54,170.23,167.44,167.97,56314.37,9502189.03,NULL\n1584000000.0,2020-03-12 08-AM,ETH/USDT,171.61,172.36,166.61,169.54,103038.32,17525786.57,NULL\n1583996400.0,2020-03-12 07-AM,ETH/USDT,173.8,174.22,167.61,171.61,120685.05,20677710.63,NULL\n1583992800.0,2020-03-12 06-AM,ETH/USDT,181.75,181.82,172,173.8,143297.4,25126113.62,NULL\n1583989200.0,2020-03-12 05-AM,ETH/USDT,181.71,182.23,180.16,181.75,30302.37,5495669.62,NULL\n1583985600.0,2020-03-12 04-AM,ETH/USDT,183.08,183.08,180,181.71,97046.27,17582502.29,NULL\n1583982000.0,2020-03-12 03-AM,ETH/USDT,184.1,185.52,181.9,183.08,58135.34,10699561.46,NULL\n1583978400.0,2020-03-12 02-AM,ETH/USDT,185.03,187.62,182.66,184.1,69162.77,12810295.51,NULL\n1583974800.0,2020-03-12 01-AM,ETH/USDT,193.31,193.73,184.23,185.03,69195.22,13116948.44,NULL\n1583971200.0,2020-03-12 12-AM,ETH/USDT,194.61,195.55,192.22,193.31,43682.11,8467504.85,NULL\n1583967600.0,2020-03-11 11-PM,ETH/USDT,194.24,195.6,192.7,194.61,51597.29,10017746.77,NULL\n1583964000.0,2020-03-11 10-PM,ETH/USDT,189.42,194.95,188.24,194.24,54735.95,10509490.48,NULL\n1583960400.0,2020-03-11 09-PM,ETH/USDT,192.8,193.79,188.96,189.42,29085.66,5580404.42,NULL\n1583956800.0,2020-03-11 08-PM,ETH/USDT,189.94,192.88,189.8,192.8,40673.57,7770112.59,NULL\n1583953200.0,2020-03-11 07-PM,ETH/USDT,189.79,191.38,187.1,189.94,72838.75,13777402.65,NULL\n1583949600.0,2020-03-11 06-PM,ETH/USDT,184.27,190.45,181.73,189.79,118065.13,21903947.35,NULL\n1583946000.0,2020-03-11 05-PM,ETH/USDT,192.05,192.15,183,184.27,159679.82,29780426.54,NULL\n1583942400.0,2020-03-11 04-PM,ETH/USDT,191.86,193.96,190.93,192.05,61452.48,11823268.82,NULL\n1583938800.0,2020-03-11 03-PM,ETH/USDT,193.86,194.8,190.3,191.86,71155.79,13659958.99,NULL\n1583935200.0,2020-03-11 02-PM,ETH/USDT,196.69,197.23,192.5,193.86,44345.29,8636646.29,NULL\n1583931600.0,2020-03-11 01-PM,ETH/USDT,196.48,198.5,196.36,196.69,29276.44,5785221.13,NULL\n1583928000.0,2020-03-11 12-PM,ETH/USDT,196.46,197.19,195.55,196.48,25403.91,4992026.58,NULL\n1583924400.0,2020-03-11 11-AM,ETH/USDT,196.97,198.23,195.55,196.46,24759.53,4875645.32,NULL\n1583920800.0,2020-03-11 10-AM,ETH/USDT,197.22,197.32,194.59,196.97,49122.01,9629655.87,NULL\n1583917200.0,2020-03-11 09-AM,ETH/USDT,198.2,198.71,196.56,197.22,23495.27,4640676.87,NULL\n1583913600.0,2020-03-11 08-AM,ETH/USDT,199.03,200.83,197.86,198.2,40975.78,8165463.38,NULL\n1583910000.0,2020-03-11 07-AM,ETH/USDT,198.28,199.63,197.16,199.03,28469.6,5651415.19,NULL\n1583906400.0,2020-03-11 06-AM,ETH/USDT,199.32,200.4,198.07,198.28,26789.43,5346410.84,NULL\n1583902800.0,2020-03-11 05-AM,ETH/USDT,200.68,200.69,198,199.32,38986.27,7774383.3,NULL\n1583899200.0,2020-03-11 04-AM,ETH/USDT,201.79,202.1,200.5,200.68,14174.27,2852128.52,NULL\n1583895600.0,2020-03-11 03-AM,ETH/USDT,200.71,202.16,200.13,201.79,19732.72,3968367.86,NULL\n1583892000.0,2020-03-11 02-AM,ETH/USDT,202.25,202.6,200.39,200.71,15145.29,3047391.26,NULL\n1583888400.0,2020-03-11 01-AM,ETH/USDT,202.2,203.18,201.28,202.25,20234.31,4090391.4,NULL\n1583884800.0,2020-03-11 12-AM,ETH/USDT,200.7,202.56,199.92,202.2,19630.36,3953792.78,NULL\n1583881200.0,2020-03-10 11-PM,ETH/USDT,203.22,203.25,199.92,200.7,45009.24,9049168.46,NULL\n1583877600.0,2020-03-10 10-PM,ETH/USDT,202.57,203.74,202.09,203.22,29259.28,5935665.84,NULL\n1583874000.0,2020-03-10 09-PM,ETH/USDT,203,203.58,201.75,202.57,16887.42,3423847.73,NULL\n1583870400.0,2020-03-10 08-PM,ETH/USDT,202.1,204.01,200.83,203,34364.5,6954531.89,NULL\n1583866800.0,2020-03-10 07-PM,ETH/USDT,199.26,202.39,198.9,202.1,29026.68,5827020.9,NULL\n1583863200.0,2020-03-10 06-PM,ETH/USDT,201.23,201.3,198.44,199.26,43622.37,8708052.27,NULL\n1583859600.0,2020-03-10 05-PM,ETH/USDT,199.26,201.6,198.3,201.23,40488.42,8094894.42,NULL\n1583856000.0,2020-03-10 04-PM,ETH/USDT,196.64,199.98,195.54,199.26,58186.68,11547137.93,NULL\n1583852400.0,2020-03-10 03-PM,ETH/USDT,203.26,203.29,195.97,196.64,108466.3,21627984.71,NULL\n1583848800.0,2020-03-10 02-PM,ETH/USDT,202.63,205.1,202.52,203.26,37143.46,7565706.06,NULL\n1583845200.0,2020-03-10 01-PM,ETH/USDT,205.44,206.08,201.53,202.63,58129.48,11840421.21,NULL\n1583841600.0,2020-03-10 12-PM,ETH/USDT,203.09,206.2,202.86,205.44,52862.09,10808153.43,NULL\n1583838000.0,2020-03-10 11-AM,ETH/USDT,203.52,205.14,202.12,203.09,54530.84,11103041.27,NULL\n1583834400.0,2020-03-10 10-AM,ETH/USDT,198.32,204.48,198.04,203.52,71185.87,14383394.66,NULL\n1583830800.0,2020-03-10 09-AM,ETH/USDT,199,199.37,197.65,198.32,20890.06,4145683.36,NULL\n1583827200.0,2020-03-10 08-AM,ETH/USDT,198.99,200.72,198.28,199,28218.92,5633109.66,NULL\n1583823600.0,2020-03-10 07-AM,ETH/USDT,200.37,200.38,197.18,198.99,51932.72,10316772.88,NULL\n1583820000.0,2020-03-10 06-AM,ETH/USDT,202.78,203.27,199.95,200.37,31714.07,6393307.98,NULL\n1583816400.0,2020-03-10 05-AM,ETH/USDT,203.2,203.6,201.94,202.78,24656.0,5004066.66,NULL\n1583812800.0,2020-03-10 04-AM,ETH/USDT,202.46,203.88,201.77,203.2,32358.99,6563037.38,NULL\n1583809200.0,2020-03-10 03-AM,ETH/USDT,200.62,202.93,199.84,202.46,28767.02,5786765.27,NULL\n1583805600.0,2020-03-10 02-AM,ETH/USDT,201.38,202.64,200.29,200.62,24586.78,4959284.38,NULL\n1583802000.0,2020-03-10 01-AM,ETH/USDT,203.38,204.9,200.78,201.38,40655.8,8251828.21,NULL\n1583798400.0,2020-03-10 12-AM,ETH/USDT,202.81,204.1,200.7,203.38,57317.11,11613313.66,NULL\n";

// raw-text:/work/wt/hist/src-main/scenarios/data/2020-03-12-black-thursday/eth_gas_p60_1min_stablesims_2020-03-12.csv
var eth_gas_p60_1min_stablesims_2020_03_12_default = "timestamp,60.0 Perc\n2020-03-12T00:00:00.000Z,10000000000\n2020-03-12T00:01:00.000Z,10000000000\n2020-03-12T00:02:00.000Z,5078118782.999999\n2020-03-12T00:03:00.000Z,7000001173.25\n2020-03-12T00:04:00.000Z,10000000000\n2020-03-12T00:05:00.000Z,5000500000\n2020-03-12T00:06:00.000Z,7000001235\n2020-03-12T00:07:00.000Z,6000000000\n2020-03-12T00:08:00.000Z,10000000000\n2020-03-12T00:09:00.000Z,6000000000\n2020-03-12T00:10:00.000Z,6000000000\n2020-03-12T00:11:00.000Z,6000000000\n2020-03-12T00:12:00.000Z,7000000000\n2020-03-12T00:13:00.000Z,10000000000\n2020-03-12T00:14:00.000Z,6000000000\n2020-03-12T00:15:00.000Z,6000000000\n2020-03-12T00:16:00.000Z,6000000000\n2020-03-12T00:17:00.000Z,6000000000\n2020-03-12T00:18:00.000Z,6000000000.92\n2020-03-12T00:19:00.000Z,6000000000.45\n2020-03-12T00:20:00.000Z,10000000000\n2020-03-12T00:21:00.000Z,4000000000\n2020-03-12T00:22:00.000Z,10000000000\n2020-03-12T00:23:00.000Z,5000043750\n2020-03-12T00:24:00.000Z,9563125055.079996\n2020-03-12T00:25:00.000Z,10000000000\n2020-03-12T00:26:00.000Z,10000000000\n2020-03-12T00:27:00.000Z,10000000000\n2020-03-12T00:28:00.000Z,10000000000\n2020-03-12T00:29:00.000Z,6000000000\n2020-03-12T00:30:00.000Z,10000000000\n2020-03-12T00:31:00.000Z,6000000000\n2020-03-12T00:32:00.000Z,20000000000\n2020-03-12T00:33:00.000Z,6000000000\n2020-03-12T00:34:00.000Z,10000000000\n2020-03-12T00:35:00.000Z,8893667128.300001\n2020-03-12T00:36:00.000Z,15000000000\n2020-03-12T00:37:00.000Z,\n2020-03-12T00:38:00.000Z,10000000000\n2020-03-12T00:39:00.000Z,6000000000\n2020-03-12T00:40:00.000Z,7000000000\n2020-03-12T00:41:00.000Z,10000000000\n2020-03-12T00:42:00.000Z,10000000000\n2020-03-12T00:43:00.000Z,9450000031.5\n2020-03-12T00:44:00.000Z,7000000288.166667\n2020-03-12T00:45:00.000Z,6598018017.5\n2020-03-12T00:46:00.000Z,10000000000\n2020-03-12T00:47:00.000Z,8000200000\n2020-03-12T00:48:00.000Z,10000000000\n2020-03-12T00:49:00.000Z,9000000000\n2020-03-12T00:50:00.000Z,10000000000\n2020-03-12T00:51:00.000Z,10000000000\n2020-03-12T00:52:00.000Z,10000000000\n2020-03-12T00:53:00.000Z,19879999999.99999\n2020-03-12T00:54:00.000Z,6350000000\n2020-03-12T00:55:00.000Z,10000000000\n2020-03-12T00:56:00.000Z,9000000000\n2020-03-12T00:57:00.000Z,6585909091.25\n2020-03-12T00:58:00.000Z,10000000000\n2020-03-12T00:59:00.000Z,10000000000\n2020-03-12T01:00:00.000Z,20000000000\n2020-03-12T01:01:00.000Z,10000000000\n2020-03-12T01:02:00.000Z,10000000000\n2020-03-12T01:03:00.000Z,18000000000\n2020-03-12T01:04:00.000Z,9000000000.15238\n2020-03-12T01:05:00.000Z,10000000000\n2020-03-12T01:06:00.000Z,10000000000\n2020-03-12T01:07:00.000Z,10000000000\n2020-03-12T01:08:00.000Z,10000000000\n2020-03-12T01:09:00.000Z,8530768296.09999\n2020-03-12T01:10:00.000Z,10000000000\n2020-03-12T01:11:00.000Z,10000000000\n2020-03-12T01:12:00.000Z,10000000000\n2020-03-12T01:13:00.000Z,10000000000\n2020-03-12T01:14:00.000Z,10000000000\n2020-03-12T01:15:00.000Z,10545000267.583328\n2020-03-12T01:16:00.000Z,10000000000\n2020-03-12T01:17:00.000Z,10000000000\n2020-03-12T01:18:00.000Z,10000000000\n2020-03-12T01:19:00.000Z,10000000000\n2020-03-12T01:20:00.000Z,10000000000\n2020-03-12T01:21:00.000Z,10000000000\n2020-03-12T01:22:00.000Z,10000000000\n2020-03-12T01:23:00.000Z,10000000000\n2020-03-12T01:24:00.000Z,10000000000\n2020-03-12T01:25:00.000Z,11262681191.999994\n2020-03-12T01:26:00.000Z,10000000000\n2020-03-12T01:27:00.000Z,10000000000\n2020-03-12T01:28:00.000Z,7223937515.700001\n2020-03-12T01:29:00.000Z,10000000000\n2020-03-12T01:30:00.000Z,12000000000\n2020-03-12T01:31:00.000Z,11149999999.99999\n2020-03-12T01:32:00.000Z,10000000000\n2020-03-12T01:33:00.000Z,10000000000\n2020-03-12T01:34:00.000Z,7963124971.479999\n2020-03-12T01:35:00.000Z,10000000000\n2020-03-12T01:36:00.000Z,10000001235\n2020-03-12T01:37:00.000Z,7358593780.35476\n2020-03-12T01:38:00.000Z,15000000000\n2020-03-12T01:39:00.000Z,7000000000\n2020-03-12T01:40:00.000Z,9933571428.571428\n2020-03-12T01:41:00.000Z,9700253333.333317\n2020-03-12T01:42:00.000Z,10000000000\n2020-03-12T01:43:00.000Z,10000000000\n2020-03-12T01:44:00.000Z,9000000000\n2020-03-12T01:45:00.000Z,11832000000\n2020-03-12T01:46:00.000Z,22666666666.666664\n2020-03-12T01:47:00.000Z,10000000000\n2020-03-12T01:48:00.000Z,10000000000\n2020-03-12T01:49:00.000Z,10000000000\n2020-03-12T01:50:00.000Z,7000000000\n2020-03-12T01:51:00.000Z,10000000000\n2020-03-12T01:52:00.000Z,10000001235\n2020-03-12T01:53:00.000Z,10000000000\n2020-03-12T01:54:00.000Z,30000000000\n2020-03-12T01:55:00.000Z,15000060000\n2020-03-12T01:56:00.000Z,10000000000\n2020-03-12T01:57:00.000Z,10000000000\n2020-03-12T01:58:00.000Z,10070000370.5\n2020-03-12T01:59:00.000Z,12000000000\n2020-03-12T02:00:00.000Z,20000000000\n2020-03-12T02:01:00.000Z,10000000000\n2020-03-12T02:02:00.000Z,14400000000\n2020-03-12T02:03:00.000Z,22375000000\n2020-03-12T02:04:00.000Z,10000000000\n2020-03-12T02:05:00.000Z,10000000000\n2020-03-12T02:06:00.000Z,13045378643.199999\n2020-03-12T02:07:00.000Z,12000000000\n2020-03-12T02:08:00.000Z,10000000000\n2020-03-12T02:09:00.000Z,10000000000\n2020-03-12T02:10:00.000Z,15000000000\n2020-03-12T02:11:00.000Z,15736135928\n2020-03-12T02:12:00.000Z,10000000000\n2020-03-12T02:13:00.000Z,10000000000\n2020-03-12T02:14:00.000Z,10100000000\n2020-03-12T02:15:00.000Z,11962003824.233332\n2020-03-12T02:16:00.000Z,13356000000.000002\n2020-03-12T02:17:00.000Z,10000000000\n2020-03-12T02:18:00.000Z,18000000000\n2020-03-12T02:19:00.000Z,12000000000\n2020-03-12T02:20:00.000Z,12000000000\n2020-03-12T02:21:00.000Z,13000000000\n2020-03-12T02:22:00.000Z,15586666666.666666\n2020-03-12T02:23:00.000Z,20000000000\n2020-03-12T02:24:00.000Z,10500000000\n2020-03-12T02:25:00.000Z,12000000000\n2020-03-12T02:26:00.000Z,20001700123.5\n2020-03-12T02:27:00.000Z,10456211780.399998\n2020-03-12T02:28:00.000Z,11480313335.625\n2020-03-12T02:29:00.000Z,10500000000.121428\n2020-03-12T02:30:00.000Z,20000000000\n2020-03-12T02:31:00.000Z,11515002099.5\n2020-03-12T02:32:00.000Z,11550000423.428572\n2020-03-12T02:33:00.000Z,35000000000\n2020-03-12T02:34:00.000Z,12000000000\n2020-03-12T02:35:00.000Z,11000000000\n2020-03-12T02:36:00.000Z,11967434101.2\n2020-03-12T02:37:00.000Z,10000000000\n2020-03-12T02:38:00.000Z,15022500000\n2020-03-12T02:39:00.000Z,10004836037.73718\n2020-03-12T02:40:00.000Z,12218666666.666668\n2020-03-12T02:41:00.000Z,7000000000\n2020-03-12T02:42:00.000Z,17860000000.000004\n2020-03-12T02:43:00.000Z,10000000000\n2020-03-12T02:44:00.000Z,11400000260.722221\n2020-03-12T02:45:00.000Z,12100000000\n2020-03-12T02:46:00.000Z,19247949613.53333\n2020-03-12T02:47:00.000Z,11000000000\n2020-03-12T02:48:00.000Z,11350000000\n2020-03-12T02:49:00.000Z,17399999999.999992\n2020-03-12T02:50:00.000Z,11000000000\n2020-03-12T02:51:00.000Z,7392000000\n2020-03-12T02:52:00.000Z,11000000000\n2020-03-12T02:53:00.000Z,6000000000\n2020-03-12T02:54:00.000Z,35000000000\n2020-03-12T02:55:00.000Z,10000000000\n2020-03-12T02:56:00.000Z,12660000000.000002\n2020-03-12T02:57:00.000Z,18000000000\n2020-03-12T02:58:00.000Z,18000000000\n2020-03-12T02:59:00.000Z,10000000000\n2020-03-12T03:00:00.000Z,12461977777.777775\n2020-03-12T03:01:00.000Z,10000000000\n2020-03-12T03:02:00.000Z,20000000000\n2020-03-12T03:03:00.000Z,18000000000\n2020-03-12T03:04:00.000Z,12000000000.400002\n2020-03-12T03:05:00.000Z,11826666666.666664\n2020-03-12T03:06:00.000Z,12000000000\n2020-03-12T03:07:00.000Z,11000000000\n2020-03-12T03:08:00.000Z,10477116533.24\n2020-03-12T03:09:00.000Z,8972011363.63636\n2020-03-12T03:10:00.000Z,3428999999.999999\n2020-03-12T03:11:00.000Z,7997857143.057142\n2020-03-12T03:12:00.000Z,11000000000\n2020-03-12T03:13:00.000Z,10000000000\n2020-03-12T03:14:00.000Z,10000000000\n2020-03-12T03:15:00.000Z,11000000000\n2020-03-12T03:16:00.000Z,30000000000\n2020-03-12T03:17:00.000Z,10000000000\n2020-03-12T03:18:00.000Z,34000000000\n2020-03-12T03:19:00.000Z,10001000000\n2020-03-12T03:20:00.000Z,11000000000.185715\n2020-03-12T03:21:00.000Z,11000000000\n2020-03-12T03:22:00.000Z,11000000000\n2020-03-12T03:23:00.000Z,11000000000\n2020-03-12T03:24:00.000Z,10016110011.333334\n2020-03-12T03:25:00.000Z,10000000001\n2020-03-12T03:26:00.000Z,10000000000\n2020-03-12T03:27:00.000Z,10000000000\n2020-03-12T03:28:00.000Z,10000000000\n2020-03-12T03:29:00.000Z,22000000000\n2020-03-12T03:30:00.000Z,10502252265.3\n2020-03-12T03:31:00.000Z,10000000000\n2020-03-12T03:32:00.000Z,12000000000\n2020-03-12T03:33:00.000Z,10000000000\n2020-03-12T03:34:00.000Z,12000000000\n2020-03-12T03:35:00.000Z,12041213465.8125\n2020-03-12T03:36:00.000Z,10001000000\n2020-03-12T03:37:00.000Z,11000000000\n2020-03-12T03:38:00.000Z,10000000000\n2020-03-12T03:39:00.000Z,11000000247\n2020-03-12T03:40:00.000Z,11000000000\n2020-03-12T03:41:00.000Z,11000000000\n2020-03-12T03:42:00.000Z,8799999999.999992\n2020-03-12T03:43:00.000Z,12000000000\n2020-03-12T03:44:00.000Z,6992255482.166667\n2020-03-12T03:45:00.000Z,12000000000\n2020-03-12T03:46:00.000Z,15000000000\n2020-03-12T03:47:00.000Z,10001001358.5\n2020-03-12T03:48:00.000Z,8000000001.039999\n2020-03-12T03:49:00.000Z,11249983811.080002\n2020-03-12T03:50:00.000Z,11000000000\n2020-03-12T03:51:00.000Z,20000000000\n2020-03-12T03:52:00.000Z,12150000148.199982\n2020-03-12T03:53:00.000Z,13000000000\n2020-03-12T03:54:00.000Z,10500000000\n2020-03-12T03:55:00.000Z,20183333333.333332\n2020-03-12T03:56:00.000Z,10001000000\n2020-03-12T03:57:00.000Z,24000000000\n2020-03-12T03:58:00.000Z,\n2020-03-12T03:59:00.000Z,18000000000\n2020-03-12T04:00:00.000Z,20000240000\n2020-03-12T04:01:00.000Z,11000000000\n2020-03-12T04:02:00.000Z,12000000000\n2020-03-12T04:03:00.000Z,13135714797.357145\n2020-03-12T04:04:00.000Z,21838250666.666668\n2020-03-12T04:05:00.000Z,20000000000\n2020-03-12T04:06:00.000Z,20000000000\n2020-03-12T04:07:00.000Z,12009401091.519999\n2020-03-12T04:08:00.000Z,20000000000\n2020-03-12T04:09:00.000Z,20000000000\n2020-03-12T04:10:00.000Z,13666666666\n2020-03-12T04:11:00.000Z,20000000000\n2020-03-12T04:12:00.000Z,12000000000\n2020-03-12T04:13:00.000Z,20000000000\n2020-03-12T04:14:00.000Z,15035055004.35\n2020-03-12T04:15:00.000Z,35000000000\n2020-03-12T04:16:00.000Z,20000000000\n2020-03-12T04:17:00.000Z,13000000000\n2020-03-12T04:18:00.000Z,20000000000\n2020-03-12T04:19:00.000Z,35000000000\n2020-03-12T04:20:00.000Z,23336905336.5\n2020-03-12T04:21:00.000Z,20000000000\n2020-03-12T04:22:00.000Z,20000000000\n2020-03-12T04:23:00.000Z,21669411858\n2020-03-12T04:24:00.000Z,24000000000\n2020-03-12T04:25:00.000Z,22500000000\n2020-03-12T04:26:00.000Z,20000000000\n2020-03-12T04:27:00.000Z,21000000000\n2020-03-12T04:28:00.000Z,34000000000\n2020-03-12T04:29:00.000Z,21000000000\n2020-03-12T04:30:00.000Z,21000000000\n2020-03-12T04:31:00.000Z,21000000000\n2020-03-12T04:32:00.000Z,21000000000\n2020-03-12T04:33:00.000Z,27720000000.000004\n2020-03-12T04:34:00.000Z,20000000000\n2020-03-12T04:35:00.000Z,21000000000\n2020-03-12T04:36:00.000Z,34000000000\n2020-03-12T04:37:00.000Z,20000000000\n2020-03-12T04:38:00.000Z,25000000000\n2020-03-12T04:39:00.000Z,31759999999.999992\n2020-03-12T04:40:00.000Z,20000000000\n2020-03-12T04:41:00.000Z,18778546601\n2020-03-12T04:42:00.000Z,35000000000\n2020-03-12T04:43:00.000Z,21000001235\n2020-03-12T04:44:00.000Z,18000000000\n2020-03-12T04:45:00.000Z,21000000000\n2020-03-12T04:46:00.000Z,26000000000\n2020-03-12T04:47:00.000Z,21000001235\n2020-03-12T04:48:00.000Z,20000000001\n2020-03-12T04:49:00.000Z,20000000000\n2020-03-12T04:50:00.000Z,20000000000\n2020-03-12T04:51:00.000Z,20000000000\n2020-03-12T04:52:00.000Z,20000000000\n2020-03-12T04:53:00.000Z,20000000000\n2020-03-12T04:54:00.000Z,15000000000\n2020-03-12T04:55:00.000Z,20570000000\n2020-03-12T04:56:00.000Z,14000000000\n2020-03-12T04:57:00.000Z,21885714332.761898\n2020-03-12T04:58:00.000Z,31000000000\n2020-03-12T04:59:00.000Z,20000000000\n2020-03-12T05:00:00.000Z,20000001236\n2020-03-12T05:01:00.000Z,20000001235\n2020-03-12T05:02:00.000Z,20000000000\n2020-03-12T05:03:00.000Z,20000001235\n2020-03-12T05:04:00.000Z,20000000000\n2020-03-12T05:05:00.000Z,13200000000\n2020-03-12T05:06:00.000Z,20000000000\n2020-03-12T05:07:00.000Z,20000000000\n2020-03-12T05:08:00.000Z,18072222222.22222\n2020-03-12T05:09:00.000Z,12987835555.555555\n2020-03-12T05:10:00.000Z,14300000000\n2020-03-12T05:11:00.000Z,20360000000\n2020-03-12T05:12:00.000Z,16000000000\n2020-03-12T05:13:00.000Z,18875824358.15617\n2020-03-12T05:14:00.000Z,15000000000\n2020-03-12T05:15:00.000Z,17820000000\n2020-03-12T05:16:00.000Z,14400000000\n2020-03-12T05:17:00.000Z,10000000000\n2020-03-12T05:18:00.000Z,12000000000\n2020-03-12T05:19:00.000Z,14903333333.333334\n2020-03-12T05:20:00.000Z,20000000000\n2020-03-12T05:21:00.000Z,16000000000\n2020-03-12T05:22:00.000Z,14000000000\n2020-03-12T05:23:00.000Z,6000000000\n2020-03-12T05:24:00.000Z,15202455555.749992\n2020-03-12T05:25:00.000Z,14976014399.999994\n2020-03-12T05:26:00.000Z,15000000000\n2020-03-12T05:27:00.000Z,18000000000\n2020-03-12T05:28:00.000Z,10000000000\n2020-03-12T05:29:00.000Z,20000000000\n2020-03-12T05:30:00.000Z,20000000000\n2020-03-12T05:31:00.000Z,15000001235\n2020-03-12T05:32:00.000Z,13000000000\n2020-03-12T05:33:00.000Z,12000000000\n2020-03-12T05:34:00.000Z,14775000000\n2020-03-12T05:35:00.000Z,18394642857.14286\n2020-03-12T05:36:00.000Z,34000000000\n2020-03-12T05:37:00.000Z,15000000000\n2020-03-12T05:38:00.000Z,15000000000\n2020-03-12T05:39:00.000Z,20000000000\n2020-03-12T05:40:00.000Z,21015605536\n2020-03-12T05:41:00.000Z,15428500940.8\n2020-03-12T05:42:00.000Z,14000000000\n2020-03-12T05:43:00.000Z,15000000000\n2020-03-12T05:44:00.000Z,13887142857.142853\n2020-03-12T05:45:00.000Z,18000000000\n2020-03-12T05:46:00.000Z,15000000000\n2020-03-12T05:47:00.000Z,20000000000\n2020-03-12T05:48:00.000Z,14000000000\n2020-03-12T05:49:00.000Z,14687500000\n2020-03-12T05:50:00.000Z,15831370857.323072\n2020-03-12T05:51:00.000Z,12000000000\n2020-03-12T05:52:00.000Z,20000000000\n2020-03-12T05:53:00.000Z,14934524488.249998\n2020-03-12T05:54:00.000Z,14000000000\n2020-03-12T05:55:00.000Z,20000000000\n2020-03-12T05:56:00.000Z,15000000000\n2020-03-12T05:57:00.000Z,15000000000\n2020-03-12T05:58:00.000Z,15972000000\n2020-03-12T05:59:00.000Z,15992417172.183332\n2020-03-12T06:00:00.000Z,16000000000\n2020-03-12T06:01:00.000Z,20000000000\n2020-03-12T06:02:00.000Z,20000000000\n2020-03-12T06:03:00.000Z,12184756630.383331\n2020-03-12T06:04:00.000Z,20000000000\n2020-03-12T06:05:00.000Z,15000000000\n2020-03-12T06:06:00.000Z,18000000000\n2020-03-12T06:07:00.000Z,14400000000.166666\n2020-03-12T06:08:00.000Z,15000000000\n2020-03-12T06:09:00.000Z,30000000000\n2020-03-12T06:10:00.000Z,15000001235\n2020-03-12T06:11:00.000Z,15000000000\n2020-03-12T06:12:00.000Z,11414285714.28571\n2020-03-12T06:13:00.000Z,15000000000\n2020-03-12T06:14:00.000Z,15000000000\n2020-03-12T06:15:00.000Z,17811815599.039986\n2020-03-12T06:16:00.000Z,13851764705.882353\n2020-03-12T06:17:00.000Z,16500000000\n2020-03-12T06:18:00.000Z,15000000000\n2020-03-12T06:19:00.000Z,33860000000\n2020-03-12T06:20:00.000Z,20000000000\n2020-03-12T06:21:00.000Z,15000002470\n2020-03-12T06:22:00.000Z,18000000000\n2020-03-12T06:23:00.000Z,37320000000\n2020-03-12T06:24:00.000Z,17000000000\n2020-03-12T06:25:00.000Z,20920259999.999992\n2020-03-12T06:26:00.000Z,15941333333.333334\n2020-03-12T06:27:00.000Z,22000000000\n2020-03-12T06:28:00.000Z,20000000000\n2020-03-12T06:29:00.000Z,16169507429.735\n2020-03-12T06:30:00.000Z,22150000000\n2020-03-12T06:31:00.000Z,20000000000\n2020-03-12T06:32:00.000Z,16824000000\n2020-03-12T06:33:00.000Z,35000000000\n2020-03-12T06:34:00.000Z,35000000000\n2020-03-12T06:35:00.000Z,18000000000\n2020-03-12T06:36:00.000Z,30000000000\n2020-03-12T06:37:00.000Z,23759999999.999992\n2020-03-12T06:38:00.000Z,35000000000\n2020-03-12T06:39:00.000Z,50000000000\n2020-03-12T06:40:00.000Z,35000000000\n2020-03-12T06:41:00.000Z,27000000271.7\n2020-03-12T06:42:00.000Z,32000000000\n2020-03-12T06:43:00.000Z,22000000000\n2020-03-12T06:44:00.000Z,20227688070.92857\n2020-03-12T06:45:00.000Z,22000000000\n2020-03-12T06:46:00.000Z,22000001235\n2020-03-12T06:47:00.000Z,30000000000\n2020-03-12T06:48:00.000Z,27671999999.99999\n2020-03-12T06:49:00.000Z,22500000864.5\n2020-03-12T06:50:00.000Z,24705999999.999996\n2020-03-12T06:51:00.000Z,20853889156.399998\n2020-03-12T06:52:00.000Z,22000000000\n2020-03-12T06:53:00.000Z,20000000000\n2020-03-12T06:54:00.000Z,21000000000\n2020-03-12T06:55:00.000Z,35000000000\n2020-03-12T06:56:00.000Z,25030888688\n2020-03-12T06:57:00.000Z,23262881982.666668\n2020-03-12T06:58:00.000Z,22000000000\n2020-03-12T06:59:00.000Z,24605463622.833332\n2020-03-12T07:00:00.000Z,34000000000\n2020-03-12T07:01:00.000Z,25000000000\n2020-03-12T07:02:00.000Z,20000000000\n2020-03-12T07:03:00.000Z,22000000000\n2020-03-12T07:04:00.000Z,21000000000\n2020-03-12T07:05:00.000Z,22950000949.222218\n2020-03-12T07:06:00.000Z,21000000000\n2020-03-12T07:07:00.000Z,23000001399.666668\n2020-03-12T07:08:00.000Z,26683333333.333332\n2020-03-12T07:09:00.000Z,22050000000\n2020-03-12T07:10:00.000Z,35000000000\n2020-03-12T07:11:00.000Z,35000000000\n2020-03-12T07:12:00.000Z,35000000000\n2020-03-12T07:13:00.000Z,25000000000\n2020-03-12T07:14:00.000Z,31062714186.13332\n2020-03-12T07:15:00.000Z,35000000000\n2020-03-12T07:16:00.000Z,29880000000\n2020-03-12T07:17:00.000Z,25872522356.09375\n2020-03-12T07:18:00.000Z,27000000000\n2020-03-12T07:19:00.000Z,36963000000\n2020-03-12T07:20:00.000Z,35000000000\n2020-03-12T07:21:00.000Z,27352620000\n2020-03-12T07:22:00.000Z,31155250000.65\n2020-03-12T07:23:00.000Z,27600000000\n2020-03-12T07:24:00.000Z,32000000000\n2020-03-12T07:25:00.000Z,27000000000\n2020-03-12T07:26:00.000Z,30000000000\n2020-03-12T07:27:00.000Z,30000000000\n2020-03-12T07:28:00.000Z,27000000000\n2020-03-12T07:29:00.000Z,26000000000\n2020-03-12T07:30:00.000Z,29700000148.2\n2020-03-12T07:31:00.000Z,35000000000\n2020-03-12T07:32:00.000Z,35200000000\n2020-03-12T07:33:00.000Z,26000000000\n2020-03-12T07:34:00.000Z,40000000000\n2020-03-12T07:35:00.000Z,29700000000\n2020-03-12T07:36:00.000Z,29700000000\n2020-03-12T07:37:00.000Z,25499331000\n2020-03-12T07:38:00.000Z,30000000000\n2020-03-12T07:39:00.000Z,24200000000\n2020-03-12T07:40:00.000Z,35000000000\n2020-03-12T07:41:00.000Z,30000000000\n2020-03-12T07:42:00.000Z,28000000000\n2020-03-12T07:43:00.000Z,30000000000\n2020-03-12T07:44:00.000Z,35000000000\n2020-03-12T07:45:00.000Z,31000000000\n2020-03-12T07:46:00.000Z,35000000000\n2020-03-12T07:47:00.000Z,30000000000\n2020-03-12T07:48:00.000Z,30800000000\n2020-03-12T07:49:00.000Z,31000000000\n2020-03-12T07:50:00.000Z,30000000000\n2020-03-12T07:51:00.000Z,31100000000\n2020-03-12T07:52:00.000Z,30000001235\n2020-03-12T07:53:00.000Z,30000000000\n2020-03-12T07:54:00.000Z,30000000000\n2020-03-12T07:55:00.000Z,30000000000\n2020-03-12T07:56:00.000Z,35000000000\n2020-03-12T07:57:00.000Z,30000000000\n2020-03-12T07:58:00.000Z,30000001235\n2020-03-12T07:59:00.000Z,30000000000\n2020-03-12T08:00:00.000Z,103000000000\n2020-03-12T08:01:00.000Z,101000000000\n2020-03-12T08:02:00.000Z,40021168146.9\n2020-03-12T08:03:00.000Z,40350000000\n2020-03-12T08:04:00.000Z,50000000000\n2020-03-12T08:05:00.000Z,35000000000\n2020-03-12T08:06:00.000Z,35000000000\n2020-03-12T08:07:00.000Z,33000001235\n2020-03-12T08:08:00.000Z,36000000000\n2020-03-12T08:09:00.000Z,35000000000\n2020-03-12T08:10:00.000Z,37730324735.24\n2020-03-12T08:11:00.000Z,33003301111.5\n2020-03-12T08:12:00.000Z,33000000000\n2020-03-12T08:13:00.000Z,35000000000\n2020-03-12T08:14:00.000Z,35000000000\n2020-03-12T08:15:00.000Z,101000000000\n2020-03-12T08:16:00.000Z,40000000000\n2020-03-12T08:17:00.000Z,37866168428.880005\n2020-03-12T08:18:00.000Z,35000000000\n2020-03-12T08:19:00.000Z,35100000000\n2020-03-12T08:20:00.000Z,51000000000\n2020-03-12T08:21:00.000Z,\n2020-03-12T08:22:00.000Z,40286949058.4\n2020-03-12T08:23:00.000Z,38500000000\n2020-03-12T08:24:00.000Z,39000000000\n2020-03-12T08:25:00.000Z,35001208592.975\n2020-03-12T08:26:00.000Z,35000000000\n2020-03-12T08:27:00.000Z,35000000000\n2020-03-12T08:28:00.000Z,40000000000\n2020-03-12T08:29:00.000Z,41000000000\n2020-03-12T08:30:00.000Z,36000001235\n2020-03-12T08:31:00.000Z,34000000000\n2020-03-12T08:32:00.000Z,36000000000\n2020-03-12T08:33:00.000Z,40000000000\n2020-03-12T08:34:00.000Z,39000000000\n2020-03-12T08:35:00.000Z,38500000000\n2020-03-12T08:36:00.000Z,36000002470\n2020-03-12T08:37:00.000Z,40000000000\n2020-03-12T08:38:00.000Z,36000000000\n2020-03-12T08:39:00.000Z,36750000823.333336\n2020-03-12T08:40:00.000Z,40500000000\n2020-03-12T08:41:00.000Z,36300000000\n2020-03-12T08:42:00.000Z,36925000123.5\n2020-03-12T08:43:00.000Z,35000000000\n2020-03-12T08:44:00.000Z,50000000000\n2020-03-12T08:45:00.000Z,46591609333.333336\n2020-03-12T08:46:00.000Z,49000000000\n2020-03-12T08:47:00.000Z,49000000000\n2020-03-12T08:48:00.000Z,49600000000\n2020-03-12T08:49:00.000Z,39600000000\n2020-03-12T08:50:00.000Z,38000001235\n2020-03-12T08:51:00.000Z,37000000823.333336\n2020-03-12T08:52:00.000Z,38000000000\n2020-03-12T08:53:00.000Z,36000000000\n2020-03-12T08:54:00.000Z,39786739199.99999\n2020-03-12T08:55:00.000Z,38000001235\n2020-03-12T08:56:00.000Z,37000000000\n2020-03-12T08:57:00.000Z,40000000000\n2020-03-12T08:58:00.000Z,37000000000\n2020-03-12T08:59:00.000Z,38000000000\n2020-03-12T09:00:00.000Z,40000000000\n2020-03-12T09:01:00.000Z,38000001235\n2020-03-12T09:02:00.000Z,38000001235\n2020-03-12T09:03:00.000Z,40700000000\n2020-03-12T09:04:00.000Z,38000000000\n2020-03-12T09:05:00.000Z,37000000000\n2020-03-12T09:06:00.000Z,37000000000\n2020-03-12T09:07:00.000Z,35000000000\n2020-03-12T09:08:00.000Z,38000000000\n2020-03-12T09:09:00.000Z,35752380965.38094\n2020-03-12T09:10:00.000Z,37000000000\n2020-03-12T09:11:00.000Z,38000000000\n2020-03-12T09:12:00.000Z,37000000000\n2020-03-12T09:13:00.000Z,33000000000\n2020-03-12T09:14:00.000Z,40000000000\n2020-03-12T09:15:00.000Z,37548300949.86667\n2020-03-12T09:16:00.000Z,37000000000\n2020-03-12T09:17:00.000Z,38000000000\n2020-03-12T09:18:00.000Z,35937142862.48571\n2020-03-12T09:19:00.000Z,37000000000\n2020-03-12T09:20:00.000Z,38557220297.31481\n2020-03-12T09:21:00.000Z,37000000000\n2020-03-12T09:22:00.000Z,41250000000.9\n2020-03-12T09:23:00.000Z,37400000000\n2020-03-12T09:24:00.000Z,35000000000\n2020-03-12T09:25:00.000Z,36991685637.63333\n2020-03-12T09:26:00.000Z,36005714285.71429\n2020-03-12T09:27:00.000Z,37000001235\n2020-03-12T09:28:00.000Z,36207500003\n2020-03-12T09:29:00.000Z,37000000000\n2020-03-12T09:30:00.000Z,37000000000\n2020-03-12T09:31:00.000Z,37000001235\n2020-03-12T09:32:00.000Z,36500000000\n2020-03-12T09:33:00.000Z,36500000000.542854\n2020-03-12T09:34:00.000Z,27000000000\n2020-03-12T09:35:00.000Z,37000962914.159996\n2020-03-12T09:36:00.000Z,32401190688.609524\n2020-03-12T09:37:00.000Z,35000000000\n2020-03-12T09:38:00.000Z,36000000000\n2020-03-12T09:39:00.000Z,35000000000\n2020-03-12T09:40:00.000Z,38000000000\n2020-03-12T09:41:00.000Z,35000000000\n2020-03-12T09:42:00.000Z,40000000000\n2020-03-12T09:43:00.000Z,36500001235\n2020-03-12T09:44:00.000Z,36450000411.666664\n2020-03-12T09:45:00.000Z,35008000360.933334\n2020-03-12T09:46:00.000Z,40000000000\n2020-03-12T09:47:00.000Z,36332000014\n2020-03-12T09:48:00.000Z,40000000000\n2020-03-12T09:49:00.000Z,34000000000\n2020-03-12T09:50:00.000Z,40000000000\n2020-03-12T09:51:00.000Z,35000000000\n2020-03-12T09:52:00.000Z,35000000371.5\n2020-03-12T09:53:00.000Z,36586666965.56667\n2020-03-12T09:54:00.000Z,30000000024.48\n2020-03-12T09:55:00.000Z,31990321662.706673\n2020-03-12T09:56:00.000Z,40000000000\n2020-03-12T09:57:00.000Z,35000000000\n2020-03-12T09:58:00.000Z,40589891040\n2020-03-12T09:59:00.000Z,48800000000\n2020-03-12T10:00:00.000Z,40000000000\n2020-03-12T10:01:00.000Z,38000000001\n2020-03-12T10:02:00.000Z,35000000000\n2020-03-12T10:03:00.000Z,41000000000\n2020-03-12T10:04:00.000Z,49000000000\n2020-03-12T10:05:00.000Z,50000000000\n2020-03-12T10:06:00.000Z,40000000000\n2020-03-12T10:07:00.000Z,40000000000\n2020-03-12T10:08:00.000Z,39000000000\n2020-03-12T10:09:00.000Z,40000000000\n2020-03-12T10:10:00.000Z,40000000000\n2020-03-12T10:11:00.000Z,37743700000\n2020-03-12T10:12:00.000Z,38200753607.96667\n2020-03-12T10:13:00.000Z,37114370000.8\n2020-03-12T10:14:00.000Z,40000000000\n2020-03-12T10:15:00.000Z,40538925012.75\n2020-03-12T10:16:00.000Z,50613333399.06667\n2020-03-12T10:17:00.000Z,43013250003.5\n2020-03-12T10:18:00.000Z,41800000000\n2020-03-12T10:19:00.000Z,50020000000\n2020-03-12T10:20:00.000Z,15000000000\n2020-03-12T10:21:00.000Z,41000000000\n2020-03-12T10:22:00.000Z,47230500000\n2020-03-12T10:23:00.000Z,50232420000\n2020-03-12T10:24:00.000Z,53099829750\n2020-03-12T10:25:00.000Z,53337608996\n2020-03-12T10:26:00.000Z,50000000000\n2020-03-12T10:27:00.000Z,50000000000\n2020-03-12T10:28:00.000Z,46000000000\n2020-03-12T10:29:00.000Z,46000000000\n2020-03-12T10:30:00.000Z,44000000000\n2020-03-12T10:31:00.000Z,41000000000\n2020-03-12T10:32:00.000Z,48400000000\n2020-03-12T10:33:00.000Z,47322282352.48484\n2020-03-12T10:34:00.000Z,45614702173.6\n2020-03-12T10:35:00.000Z,50000000000\n2020-03-12T10:36:00.000Z,48400000000\n2020-03-12T10:37:00.000Z,49000000000\n2020-03-12T10:38:00.000Z,49283999999.600006\n2020-03-12T10:39:00.000Z,51522915017\n2020-03-12T10:40:00.000Z,60000000000\n2020-03-12T10:41:00.000Z,53000000000\n2020-03-12T10:42:00.000Z,50000000000\n2020-03-12T10:43:00.000Z,60000000000\n2020-03-12T10:44:00.000Z,58000640000\n2020-03-12T10:45:00.000Z,53000000000\n2020-03-12T10:46:00.000Z,72495999378\n2020-03-12T10:47:00.000Z,54000000000\n2020-03-12T10:48:00.000Z,59580395000\n2020-03-12T10:49:00.000Z,56165137500.00001\n2020-03-12T10:50:00.000Z,101000000000\n2020-03-12T10:51:00.000Z,79223060626.79997\n2020-03-12T10:52:00.000Z,62964000000.25\n2020-03-12T10:53:00.000Z,97911999994.59999\n2020-03-12T10:54:00.000Z,70500000000\n2020-03-12T10:55:00.000Z,68300000000\n2020-03-12T10:56:00.000Z,60487577513.666664\n2020-03-12T10:57:00.000Z,73765057700.63998\n2020-03-12T10:58:00.000Z,62933478408.75\n2020-03-12T10:59:00.000Z,65693801128.799995\n2020-03-12T11:00:00.000Z,58965585057.95\n2020-03-12T11:01:00.000Z,84000000000\n2020-03-12T11:02:00.000Z,84000000000\n2020-03-12T11:03:00.000Z,61025313333.333336\n2020-03-12T11:04:00.000Z,61600000988\n2020-03-12T11:05:00.000Z,62409207985.799995\n2020-03-12T11:06:00.000Z,68960000000\n2020-03-12T11:07:00.000Z,72000000000\n2020-03-12T11:08:00.000Z,87000000000\n2020-03-12T11:09:00.000Z,99999999999\n2020-03-12T11:10:00.000Z,96912090455\n2020-03-12T11:11:00.000Z,78460709417\n2020-03-12T11:12:00.000Z,75000000000\n2020-03-12T11:13:00.000Z,71500000679.16667\n2020-03-12T11:14:00.000Z,79146000000\n2020-03-12T11:15:00.000Z,72600000000\n2020-03-12T11:16:00.000Z,80300000000\n2020-03-12T11:17:00.000Z,69208564200\n2020-03-12T11:18:00.000Z,67620000271.700005\n2020-03-12T11:19:00.000Z,70100128869.62143\n2020-03-12T11:20:00.000Z,70000000000\n2020-03-12T11:21:00.000Z,70005100000.05\n2020-03-12T11:22:00.000Z,74100000000\n2020-03-12T11:23:00.000Z,70400001770.16667\n2020-03-12T11:24:00.000Z,75090295603.41333\n2020-03-12T11:25:00.000Z,70000000000\n2020-03-12T11:26:00.000Z,80000000000\n2020-03-12T11:27:00.000Z,70075119017.6\n2020-03-12T11:28:00.000Z,75599999999.3\n2020-03-12T11:29:00.000Z,80001866666.66667\n2020-03-12T11:30:00.000Z,84648254685.59999\n2020-03-12T11:31:00.000Z,99999999385.59999\n2020-03-12T11:32:00.000Z,78100000000\n2020-03-12T11:33:00.000Z,99000000926.5\n2020-03-12T11:34:00.000Z,100000000000\n2020-03-12T11:35:00.000Z,89177766501.69998\n2020-03-12T11:36:00.000Z,108900001815.9\n2020-03-12T11:37:00.000Z,97300000000\n2020-03-12T11:38:00.000Z,99442501725.8\n2020-03-12T11:39:00.000Z,90027200000\n2020-03-12T11:40:00.000Z,90000400000\n2020-03-12T11:41:00.000Z,96135243509.14998\n2020-03-12T11:42:00.000Z,100000000000\n2020-03-12T11:43:00.000Z,119790000000\n2020-03-12T11:44:00.000Z,100000000000\n2020-03-12T11:45:00.000Z,109481600000\n2020-03-12T11:46:00.000Z,100050000000\n2020-03-12T11:47:00.000Z,96002150000\n2020-03-12T11:48:00.000Z,133125000000\n2020-03-12T11:49:00.000Z,100000000000\n2020-03-12T11:50:00.000Z,99000000000\n2020-03-12T11:51:00.000Z,106764000000\n2020-03-12T11:52:00.000Z,100000000000\n2020-03-12T11:53:00.000Z,99266666666.66667\n2020-03-12T11:54:00.000Z,100000000000\n2020-03-12T11:55:00.000Z,102000000000\n2020-03-12T11:56:00.000Z,113130000000\n2020-03-12T11:57:00.000Z,99000000000\n2020-03-12T11:58:00.000Z,110122800520\n2020-03-12T11:59:00.000Z,\n2020-03-12T12:00:00.000Z,101000000000\n2020-03-12T12:01:00.000Z,97000000000\n2020-03-12T12:02:00.000Z,100000001235\n2020-03-12T12:03:00.000Z,\n2020-03-12T12:04:00.000Z,120986913469\n2020-03-12T12:05:00.000Z,121178691346.9\n2020-03-12T12:06:00.000Z,110150000000\n2020-03-12T12:07:00.000Z,108000000000\n2020-03-12T12:08:00.000Z,101600433975\n2020-03-12T12:09:00.000Z,102000001235\n2020-03-12T12:10:00.000Z,102000000000\n2020-03-12T12:11:00.000Z,102000001235\n2020-03-12T12:12:00.000Z,104981450095.90001\n2020-03-12T12:13:00.000Z,108664190017\n2020-03-12T12:14:00.000Z,108000000000\n2020-03-12T12:15:00.000Z,111100000000\n2020-03-12T12:16:00.000Z,120000000000\n2020-03-12T12:17:00.000Z,111100000000\n2020-03-12T12:18:00.000Z,103000000000\n2020-03-12T12:19:00.000Z,121200000000\n2020-03-12T12:20:00.000Z,141568425295.5\n2020-03-12T12:21:00.000Z,108242589285.79999\n2020-03-12T12:22:00.000Z,102000000000\n2020-03-12T12:23:00.000Z,102000000000\n2020-03-12T12:24:00.000Z,120000000000\n2020-03-12T12:25:00.000Z,105768001507.4\n2020-03-12T12:26:00.000Z,106700000082.33333\n2020-03-12T12:27:00.000Z,113000000000\n2020-03-12T12:28:00.000Z,111102200000\n2020-03-12T12:29:00.000Z,111088890000\n2020-03-12T12:30:00.000Z,102046769662.56\n2020-03-12T12:31:00.000Z,104220330000\n2020-03-12T12:32:00.000Z,103029785061.75\n2020-03-12T12:33:00.000Z,108000001235\n2020-03-12T12:34:00.000Z,113300000000\n2020-03-12T12:35:00.000Z,135000000000\n2020-03-12T12:36:00.000Z,110000000000\n2020-03-12T12:37:00.000Z,110000000000\n2020-03-12T12:38:00.000Z,135000000000\n2020-03-12T12:39:00.000Z,143319999999.99994\n2020-03-12T12:40:00.000Z,109000000000\n2020-03-12T12:41:00.000Z,109000000000\n2020-03-12T12:42:00.000Z,104480220000\n2020-03-12T12:43:00.000Z,100000000358.15\n2020-03-12T12:44:00.000Z,150000000000\n2020-03-12T12:45:00.000Z,113000000000\n2020-03-12T12:46:00.000Z,116569255457.3\n2020-03-12T12:47:00.000Z,107375950000\n2020-03-12T12:48:00.000Z,105607786269.59999\n2020-03-12T12:49:00.000Z,110000000000\n2020-03-12T12:50:00.000Z,121600000000\n2020-03-12T12:51:00.000Z,112159999999.99998\n2020-03-12T12:52:00.000Z,116503000015\n2020-03-12T12:53:00.000Z,110200000000\n2020-03-12T12:54:00.000Z,110120000494\n2020-03-12T12:55:00.000Z,110000000000\n2020-03-12T12:56:00.000Z,140549999999.99997\n2020-03-12T12:57:00.000Z,115000000000\n2020-03-12T12:58:00.000Z,110008720494\n2020-03-12T12:59:00.000Z,112091818055.56667\n2020-03-12T13:00:00.000Z,118813199999\n2020-03-12T13:01:00.000Z,111129042923.86665\n2020-03-12T13:02:00.000Z,110000000000\n2020-03-12T13:03:00.000Z,120000000000\n2020-03-12T13:04:00.000Z,112158027877.8\n2020-03-12T13:05:00.000Z,117549999999.99998\n2020-03-12T13:06:00.000Z,131299999999.1\n2020-03-12T13:07:00.000Z,110000000000.93335\n2020-03-12T13:08:00.000Z,114000000000\n2020-03-12T13:09:00.000Z,120000000000\n2020-03-12T13:10:00.000Z,119001453333.33333\n2020-03-12T13:11:00.000Z,120000000000\n2020-03-12T13:12:00.000Z,123000000000\n2020-03-12T13:13:00.000Z,149350000001\n2020-03-12T13:14:00.000Z,133563740017\n2020-03-12T13:15:00.000Z,119000000000\n2020-03-12T13:16:00.000Z,135000000000\n2020-03-12T13:17:00.000Z,119000001235\n2020-03-12T13:18:00.000Z,119000000000\n2020-03-12T13:19:00.000Z,120761750009.64285\n2020-03-12T13:20:00.000Z,119900001235\n2020-03-12T13:21:00.000Z,134812499999.99995\n2020-03-12T13:22:00.000Z,130133700000\n2020-03-12T13:23:00.000Z,123000000000\n2020-03-12T13:24:00.000Z,135000000000\n2020-03-12T13:25:00.000Z,120015960296.4\n2020-03-12T13:26:00.000Z,130987000000.04999\n2020-03-12T13:27:00.000Z,119000000000\n2020-03-12T13:28:00.000Z,131133700000\n2020-03-12T13:29:00.000Z,120000000000\n2020-03-12T13:30:00.000Z,121000000000\n2020-03-12T13:31:00.000Z,122000000000\n2020-03-12T13:32:00.000Z,121000000000\n2020-03-12T13:33:00.000Z,121000000000\n2020-03-12T13:34:00.000Z,122000000617.5\n2020-03-12T13:35:00.000Z,123000000000\n2020-03-12T13:36:00.000Z,125400000000\n2020-03-12T13:37:00.000Z,120000000000\n2020-03-12T13:38:00.000Z,200000000000\n2020-03-12T13:39:00.000Z,140000000000\n2020-03-12T13:40:00.000Z,122000000000\n2020-03-12T13:41:00.000Z,144000000000\n2020-03-12T13:42:00.000Z,125000000000\n2020-03-12T13:43:00.000Z,132000000400.4574\n2020-03-12T13:44:00.000Z,130000000000\n2020-03-12T13:45:00.000Z,142902000000.9\n2020-03-12T13:46:00.000Z,128940664000\n2020-03-12T13:47:00.000Z,136250000000\n2020-03-12T13:48:00.000Z,126257493597.60002\n2020-03-12T13:49:00.000Z,128443559856.83333\n2020-03-12T13:50:00.000Z,150000000000\n2020-03-12T13:51:00.000Z,136799999999\n2020-03-12T13:52:00.000Z,130000000395.2\n2020-03-12T13:53:00.000Z,150000000000\n2020-03-12T13:54:00.000Z,143881164978.15\n2020-03-12T13:55:00.000Z,135297366667.66667\n2020-03-12T13:56:00.000Z,135075000000\n2020-03-12T13:57:00.000Z,155000000000\n2020-03-12T13:58:00.000Z,132000000000\n2020-03-12T13:59:00.000Z,150000000000\n2020-03-12T14:00:00.000Z,130000000001\n2020-03-12T14:01:00.000Z,172950000000\n2020-03-12T14:02:00.000Z,130000000000\n2020-03-12T14:03:00.000Z,132000000000\n2020-03-12T14:04:00.000Z,131000000000.65\n2020-03-12T14:05:00.000Z,149439999999.99997\n2020-03-12T14:06:00.000Z,150000000000\n2020-03-12T14:07:00.000Z,131133700000\n2020-03-12T14:08:00.000Z,150000000000.56\n2020-03-12T14:09:00.000Z,150000000000\n2020-03-12T14:10:00.000Z,150000000000\n2020-03-12T14:11:00.000Z,150000000000\n2020-03-12T14:12:00.000Z,185000000000\n2020-03-12T14:13:00.000Z,185000000000\n2020-03-12T14:14:00.000Z,150000001235\n2020-03-12T14:15:00.000Z,155000000000\n2020-03-12T14:16:00.000Z,141006223796.75\n2020-03-12T14:17:00.000Z,137900000617.5\n2020-03-12T14:18:00.000Z,198650000000\n2020-03-12T14:19:00.000Z,205500000000\n2020-03-12T14:20:00.000Z,152769166666.6667\n2020-03-12T14:21:00.000Z,150000001235\n2020-03-12T14:22:00.000Z,155000000000\n2020-03-12T14:23:00.000Z,155000000000\n2020-03-12T14:24:00.000Z,150000000000\n2020-03-12T14:25:00.000Z,150000000000\n2020-03-12T14:26:00.000Z,165000000000\n2020-03-12T14:27:00.000Z,165000000000\n2020-03-12T14:28:00.000Z,150000001420.25\n2020-03-12T14:29:00.000Z,150500000228.43332\n2020-03-12T14:30:00.000Z,163560000000\n2020-03-12T14:31:00.000Z,150000000000\n2020-03-12T14:32:00.000Z,160000000000\n2020-03-12T14:33:00.000Z,151000000000\n2020-03-12T14:34:00.000Z,151000000000\n2020-03-12T14:35:00.000Z,300000000000\n2020-03-12T14:36:00.000Z,150000000000\n2020-03-12T14:37:00.000Z,150000000000\n2020-03-12T14:38:00.000Z,151000000000\n2020-03-12T14:39:00.000Z,150000000000\n2020-03-12T14:40:00.000Z,151000000000\n2020-03-12T14:41:00.000Z,150000000000\n2020-03-12T14:42:00.000Z,150000000000\n2020-03-12T14:43:00.000Z,150000000000\n2020-03-12T14:44:00.000Z,150000000000\n2020-03-12T14:45:00.000Z,150000000000\n2020-03-12T14:46:00.000Z,151000000000\n2020-03-12T14:47:00.000Z,179900999999.99997\n2020-03-12T14:48:00.000Z,200000000000\n2020-03-12T14:49:00.000Z,150015000000\n2020-03-12T14:50:00.000Z,200500000000\n2020-03-12T14:51:00.000Z,165000000000\n2020-03-12T14:52:00.000Z,\n2020-03-12T14:53:00.000Z,154800000000\n2020-03-12T14:54:00.000Z,157133700000\n2020-03-12T14:55:00.000Z,155000000000\n2020-03-12T14:56:00.000Z,157133700000\n2020-03-12T14:57:00.000Z,170274512799.99994\n2020-03-12T14:58:00.000Z,200000000001\n2020-03-12T14:59:00.000Z,151954285996.57144\n2020-03-12T15:00:00.000Z,186390000000\n2020-03-12T15:01:00.000Z,164000000000\n2020-03-12T15:02:00.000Z,200000000000\n2020-03-12T15:03:00.000Z,200000000000\n2020-03-12T15:04:00.000Z,225000000000\n2020-03-12T15:05:00.000Z,280000000000\n2020-03-12T15:06:00.000Z,200000000000\n2020-03-12T15:07:00.000Z,280000000000\n2020-03-12T15:08:00.000Z,200000000000\n2020-03-12T15:09:00.000Z,165000000000\n2020-03-12T15:10:00.000Z,181849999999.99997\n2020-03-12T15:11:00.000Z,200000000000\n2020-03-12T15:12:00.000Z,200000000000\n2020-03-12T15:13:00.000Z,173364444444.44446\n2020-03-12T15:14:00.000Z,185000000000\n2020-03-12T15:15:00.000Z,170000000000\n2020-03-12T15:16:00.000Z,166000000000\n2020-03-12T15:17:00.000Z,169890000000\n2020-03-12T15:18:00.000Z,167559999999.9999\n2020-03-12T15:19:00.000Z,173855585002.72003\n2020-03-12T15:20:00.000Z,166000000000\n2020-03-12T15:21:00.000Z,174000000000\n2020-03-12T15:22:00.000Z,166000000000\n2020-03-12T15:23:00.000Z,200000000000\n2020-03-12T15:24:00.000Z,\n2020-03-12T15:25:00.000Z,200000000000\n2020-03-12T15:26:00.000Z,200000000000\n2020-03-12T15:27:00.000Z,200000000000\n2020-03-12T15:28:00.000Z,190000000000\n2020-03-12T15:29:00.000Z,225000000000\n2020-03-12T15:30:00.000Z,190000000000\n2020-03-12T15:31:00.000Z,180592308000\n2020-03-12T15:32:00.000Z,200000000000\n2020-03-12T15:33:00.000Z,184800000000\n2020-03-12T15:34:00.000Z,200000000000\n2020-03-12T15:35:00.000Z,200000000000\n2020-03-12T15:36:00.000Z,174000000000\n2020-03-12T15:37:00.000Z,174000000000\n2020-03-12T15:38:00.000Z,174000000000\n2020-03-12T15:39:00.000Z,165000000000\n2020-03-12T15:40:00.000Z,165000000000\n2020-03-12T15:41:00.000Z,174000000000\n2020-03-12T15:42:00.000Z,170000000000\n2020-03-12T15:43:00.000Z,177059999999.99997\n2020-03-12T15:44:00.000Z,225000000000\n2020-03-12T15:45:00.000Z,186000000000\n2020-03-12T15:46:00.000Z,182000000000\n2020-03-12T15:47:00.000Z,200000000000\n2020-03-12T15:48:00.000Z,199023595008.5\n2020-03-12T15:49:00.000Z,173000000000\n2020-03-12T15:50:00.000Z,176849206666.6667\n2020-03-12T15:51:00.000Z,200000000000\n2020-03-12T15:52:00.000Z,200000000000\n2020-03-12T15:53:00.000Z,200000000000\n2020-03-12T15:54:00.000Z,200000000000\n2020-03-12T15:55:00.000Z,200000000000\n2020-03-12T15:56:00.000Z,200000000000\n2020-03-12T15:57:00.000Z,229900000000\n2020-03-12T15:58:00.000Z,182128129187.25\n2020-03-12T15:59:00.000Z,200000000000\n2020-03-12T16:00:00.000Z,251000000001\n2020-03-12T16:01:00.000Z,250000000000\n2020-03-12T16:02:00.000Z,200000000000\n2020-03-12T16:03:00.000Z,200000000000\n2020-03-12T16:04:00.000Z,200000000000\n2020-03-12T16:05:00.000Z,200000000000\n2020-03-12T16:06:00.000Z,182000000000\n2020-03-12T16:07:00.000Z,190000000000\n2020-03-12T16:08:00.000Z,190400000000\n2020-03-12T16:09:00.000Z,200000000000\n2020-03-12T16:10:00.000Z,209000000000\n2020-03-12T16:11:00.000Z,250850000000\n2020-03-12T16:12:00.000Z,225000000000\n2020-03-12T16:13:00.000Z,192950585011.11108\n2020-03-12T16:14:00.000Z,225000000000\n2020-03-12T16:15:00.000Z,193153333333.33334\n2020-03-12T16:16:00.000Z,200000000000\n2020-03-12T16:17:00.000Z,200000000000\n2020-03-12T16:18:00.000Z,200000000000\n2020-03-12T16:19:00.000Z,191000000000\n2020-03-12T16:20:00.000Z,192000000000\n2020-03-12T16:21:00.000Z,196000000000\n2020-03-12T16:22:00.000Z,154854545454.54544\n2020-03-12T16:23:00.000Z,200000000000\n2020-03-12T16:24:00.000Z,203500000000\n2020-03-12T16:25:00.000Z,200000000000\n2020-03-12T16:26:00.000Z,194000000000\n2020-03-12T16:27:00.000Z,200000001235\n2020-03-12T16:28:00.000Z,193000000000\n2020-03-12T16:29:00.000Z,200000000000\n2020-03-12T16:30:00.000Z,200000000000\n2020-03-12T16:31:00.000Z,200000000000\n2020-03-12T16:32:00.000Z,192133700000\n2020-03-12T16:33:00.000Z,193000000000\n2020-03-12T16:34:00.000Z,151000000000\n2020-03-12T16:35:00.000Z,185000000000\n2020-03-12T16:36:00.000Z,151000000000\n2020-03-12T16:37:00.000Z,178581818181.81818\n2020-03-12T16:38:00.000Z,200000000000\n2020-03-12T16:39:00.000Z,181248636363.63635\n2020-03-12T16:40:00.000Z,186000000000\n2020-03-12T16:41:00.000Z,169992500000\n2020-03-12T16:42:00.000Z,120000000000\n2020-03-12T16:43:00.000Z,174075559511.75\n2020-03-12T16:44:00.000Z,186000000000\n2020-03-12T16:45:00.000Z,152416666666.66666\n2020-03-12T16:46:00.000Z,151000000000\n2020-03-12T16:47:00.000Z,165685714285.7143\n2020-03-12T16:48:00.000Z,174000000000\n2020-03-12T16:49:00.000Z,173000000000\n2020-03-12T16:50:00.000Z,173004077857.14285\n2020-03-12T16:51:00.000Z,173000000000\n2020-03-12T16:52:00.000Z,120685714301.85715\n2020-03-12T16:53:00.000Z,178500000617.5\n2020-03-12T16:54:00.000Z,151000000000\n2020-03-12T16:55:00.000Z,173059967777.7778\n2020-03-12T16:56:00.000Z,182000000000\n2020-03-12T16:57:00.000Z,184000000000\n2020-03-12T16:58:00.000Z,183000000000\n2020-03-12T16:59:00.000Z,199100000000\n2020-03-12T17:00:00.000Z,201300000000\n2020-03-12T17:01:00.000Z,185800000000\n2020-03-12T17:02:00.000Z,181000000000\n2020-03-12T17:03:00.000Z,182000000000\n2020-03-12T17:04:00.000Z,151000000000\n2020-03-12T17:05:00.000Z,120000000000\n2020-03-12T17:06:00.000Z,157289400004.5\n2020-03-12T17:07:00.000Z,150000000000\n2020-03-12T17:08:00.000Z,174800000000\n2020-03-12T17:09:00.000Z,181000000000\n2020-03-12T17:10:00.000Z,180000000000\n2020-03-12T17:11:00.000Z,180000000000\n2020-03-12T17:12:00.000Z,200000000000\n2020-03-12T17:13:00.000Z,181540000000\n2020-03-12T17:14:00.000Z,174000000000.3927\n2020-03-12T17:15:00.000Z,174000000000\n2020-03-12T17:16:00.000Z,175900001235\n2020-03-12T17:17:00.000Z,195200008470.79996\n2020-03-12T17:18:00.000Z,173000000000\n2020-03-12T17:19:00.000Z,176000000482.23807\n2020-03-12T17:20:00.000Z,173000000000\n2020-03-12T17:21:00.000Z,119945454545.45454\n2020-03-12T17:22:00.000Z,252000000000\n2020-03-12T17:23:00.000Z,183000000000\n2020-03-12T17:24:00.000Z,200000000000\n2020-03-12T17:25:00.000Z,168000000000\n2020-03-12T17:26:00.000Z,113894794610.47998\n2020-03-12T17:27:00.000Z,137500000000\n2020-03-12T17:28:00.000Z,138535285004.19998\n2020-03-12T17:29:00.000Z,84700000000\n2020-03-12T17:30:00.000Z,165000000000\n2020-03-12T17:31:00.000Z,80090525890.13335\n2020-03-12T17:32:00.000Z,225000000000\n2020-03-12T17:33:00.000Z,158078081356.37778\n2020-03-12T17:34:00.000Z,169000000000\n2020-03-12T17:35:00.000Z,161789667413.16666\n2020-03-12T17:36:00.000Z,163530000000\n2020-03-12T17:37:00.000Z,100000000263.9\n2020-03-12T17:38:00.000Z,169517000000.56403\n2020-03-12T17:39:00.000Z,150000000000\n2020-03-12T17:40:00.000Z,114248800802.4074\n2020-03-12T17:41:00.000Z,161000000000\n2020-03-12T17:42:00.000Z,95131585850.51428\n2020-03-12T17:43:00.000Z,132847400000.90999\n2020-03-12T17:44:00.000Z,142480000000\n2020-03-12T17:45:00.000Z,132600000000\n2020-03-12T17:46:00.000Z,155000000000\n2020-03-12T17:47:00.000Z,118550075025\n2020-03-12T17:48:00.000Z,119000000000\n2020-03-12T17:49:00.000Z,143360000000\n2020-03-12T17:50:00.000Z,130000000000\n2020-03-12T17:51:00.000Z,168011424000\n2020-03-12T17:52:00.000Z,168000000000\n2020-03-12T17:53:00.000Z,168410080000\n2020-03-12T17:54:00.000Z,136500000000\n2020-03-12T17:55:00.000Z,150000000000\n2020-03-12T17:56:00.000Z,168000000000\n2020-03-12T17:57:00.000Z,180000000000\n2020-03-12T17:58:00.000Z,169000000000\n2020-03-12T17:59:00.000Z,130000000000\n2020-03-12T18:00:00.000Z,174000000000\n2020-03-12T18:01:00.000Z,147266206801.43326\n2020-03-12T18:02:00.000Z,151016666666.66666\n2020-03-12T18:03:00.000Z,120000000000\n2020-03-12T18:04:00.000Z,77000000000\n2020-03-12T18:05:00.000Z,160000000000\n2020-03-12T18:06:00.000Z,111308333333.33333\n2020-03-12T18:07:00.000Z,93853333333.33333\n2020-03-12T18:08:00.000Z,60000000000\n2020-03-12T18:09:00.000Z,65626666666.66665\n2020-03-12T18:10:00.000Z,103000000000\n2020-03-12T18:11:00.000Z,114589080459.7\n2020-03-12T18:12:00.000Z,100210001289.6\n2020-03-12T18:13:00.000Z,120000000000\n2020-03-12T18:14:00.000Z,120000000000\n2020-03-12T18:15:00.000Z,120000000000\n2020-03-12T18:16:00.000Z,85093726666.66667\n2020-03-12T18:17:00.000Z,100221328233.87999\n2020-03-12T18:18:00.000Z,55000000000\n2020-03-12T18:19:00.000Z,150000000000\n2020-03-12T18:20:00.000Z,135316850000\n2020-03-12T18:21:00.000Z,81000000000\n2020-03-12T18:22:00.000Z,79200000000\n2020-03-12T18:23:00.000Z,101672222482.94441\n2020-03-12T18:24:00.000Z,82661083333.33331\n2020-03-12T18:25:00.000Z,115500000000\n2020-03-12T18:26:00.000Z,80000000000\n2020-03-12T18:27:00.000Z,99066209525.34999\n2020-03-12T18:28:00.000Z,69023399188.06667\n2020-03-12T18:29:00.000Z,155899999998.19998\n2020-03-12T18:30:00.000Z,83580555493.61111\n2020-03-12T18:31:00.000Z,60000000000\n2020-03-12T18:32:00.000Z,98361666666.78223\n2020-03-12T18:33:00.000Z,72025238621.86665\n2020-03-12T18:34:00.000Z,66334177072.31001\n2020-03-12T18:35:00.000Z,137681200000\n2020-03-12T18:36:00.000Z,71000000000\n2020-03-12T18:37:00.000Z,109436976262.83333\n2020-03-12T18:38:00.000Z,73266666666.66664\n2020-03-12T18:39:00.000Z,72000000000\n2020-03-12T18:40:00.000Z,73000000000\n2020-03-12T18:41:00.000Z,73000000000\n2020-03-12T18:42:00.000Z,70500000000\n2020-03-12T18:43:00.000Z,85902150000\n2020-03-12T18:44:00.000Z,130000000000\n2020-03-12T18:45:00.000Z,180000006327.30002\n2020-03-12T18:46:00.000Z,87000000000\n2020-03-12T18:47:00.000Z,84984999600\n2020-03-12T18:48:00.000Z,71000000000\n2020-03-12T18:49:00.000Z,110999998000\n2020-03-12T18:50:00.000Z,91000000000\n2020-03-12T18:51:00.000Z,71000000000\n2020-03-12T18:52:00.000Z,66926910927.49163\n2020-03-12T18:53:00.000Z,53409166666.66667\n2020-03-12T18:54:00.000Z,73290667210.06665\n2020-03-12T18:55:00.000Z,41000000000\n2020-03-12T18:56:00.000Z,45000000000\n2020-03-12T18:57:00.000Z,71000000000\n2020-03-12T18:58:00.000Z,70000000000\n2020-03-12T18:59:00.000Z,80008000000\n2020-03-12T19:00:00.000Z,80000000000\n2020-03-12T19:01:00.000Z,84000000000\n2020-03-12T19:02:00.000Z,67500000000\n2020-03-12T19:03:00.000Z,67500000000\n2020-03-12T19:04:00.000Z,80005600000\n2020-03-12T19:05:00.000Z,63636511134.82666\n2020-03-12T19:06:00.000Z,65000000000\n2020-03-12T19:07:00.000Z,46989201066.31712\n2020-03-12T19:08:00.000Z,64817767857.14286\n2020-03-12T19:09:00.000Z,80000000000\n2020-03-12T19:10:00.000Z,102966414086.09999\n2020-03-12T19:11:00.000Z,82114285714.28572\n2020-03-12T19:12:00.000Z,108660835046.74167\n2020-03-12T19:13:00.000Z,124000000000\n2020-03-12T19:14:00.000Z,124000000000\n2020-03-12T19:15:00.000Z,103000000000\n2020-03-12T19:16:00.000Z,63000000000\n2020-03-12T19:17:00.000Z,130000000000\n2020-03-12T19:18:00.000Z,119760002566.19998\n2020-03-12T19:19:00.000Z,77005390000\n2020-03-12T19:20:00.000Z,130000000000\n2020-03-12T19:21:00.000Z,170000000000\n2020-03-12T19:22:00.000Z,91938593972.5\n2020-03-12T19:23:00.000Z,78000000000\n2020-03-12T19:24:00.000Z,95830000000.30002\n2020-03-12T19:25:00.000Z,77000000000\n2020-03-12T19:26:00.000Z,100000000000\n2020-03-12T19:27:00.000Z,76424804485.075\n2020-03-12T19:28:00.000Z,52000000000\n2020-03-12T19:29:00.000Z,81460030000.00002\n2020-03-12T19:30:00.000Z,62537142857.14286\n2020-03-12T19:31:00.000Z,78000000000\n2020-03-12T19:32:00.000Z,68150000537.600006\n2020-03-12T19:33:00.000Z,80000000000\n2020-03-12T19:34:00.000Z,85103750000\n2020-03-12T19:35:00.000Z,77000000000\n2020-03-12T19:36:00.000Z,77000000000\n2020-03-12T19:37:00.000Z,79850214736.40001\n2020-03-12T19:38:00.000Z,60000000000\n2020-03-12T19:39:00.000Z,130000000000\n2020-03-12T19:40:00.000Z,113833333333.3333\n2020-03-12T19:41:00.000Z,106114346604.64\n2020-03-12T19:42:00.000Z,104531999999.99998\n2020-03-12T19:43:00.000Z,88000000000\n2020-03-12T19:44:00.000Z,60000000000\n2020-03-12T19:45:00.000Z,92000000000\n2020-03-12T19:46:00.000Z,90000000000\n2020-03-12T19:47:00.000Z,77000000000\n2020-03-12T19:48:00.000Z,60425000000\n2020-03-12T19:49:00.000Z,95871336618.78336\n2020-03-12T19:50:00.000Z,50000000000\n2020-03-12T19:51:00.000Z,60000000000\n2020-03-12T19:52:00.000Z,50000000000\n2020-03-12T19:53:00.000Z,76000000000\n2020-03-12T19:54:00.000Z,75000000000\n2020-03-12T19:55:00.000Z,74003885000\n2020-03-12T19:56:00.000Z,46000000000\n2020-03-12T19:57:00.000Z,52319833333.33334\n2020-03-12T19:58:00.000Z,75280000000\n2020-03-12T19:59:00.000Z,74000000000\n2020-03-12T20:00:00.000Z,75000000000\n2020-03-12T20:01:00.000Z,41013452476.94546\n2020-03-12T20:02:00.000Z,75000000000\n2020-03-12T20:03:00.000Z,66800093999.99999\n2020-03-12T20:04:00.000Z,95000000000\n2020-03-12T20:05:00.000Z,60000000000\n2020-03-12T20:06:00.000Z,53474488606.87411\n2020-03-12T20:07:00.000Z,84533333333.33334\n2020-03-12T20:08:00.000Z,71000000000\n2020-03-12T20:09:00.000Z,83348589999.99997\n2020-03-12T20:10:00.000Z,150000000000\n2020-03-12T20:11:00.000Z,56000000000\n2020-03-12T20:12:00.000Z,84166666666.66667\n2020-03-12T20:13:00.000Z,100350000000\n2020-03-12T20:14:00.000Z,59845250000.69999\n2020-03-12T20:15:00.000Z,70000000000\n2020-03-12T20:16:00.000Z,66600000000\n2020-03-12T20:17:00.000Z,60150000000\n2020-03-12T20:18:00.000Z,70000000405.33334\n2020-03-12T20:19:00.000Z,130000000000\n2020-03-12T20:20:00.000Z,69928571428.57143\n2020-03-12T20:21:00.000Z,60000000000\n2020-03-12T20:22:00.000Z,69500000123.5\n2020-03-12T20:23:00.000Z,97000000000\n2020-03-12T20:24:00.000Z,69947000000\n2020-03-12T20:25:00.000Z,45102764810.51429\n2020-03-12T20:26:00.000Z,100000000000\n2020-03-12T20:27:00.000Z,61006100000\n2020-03-12T20:28:00.000Z,67100000000\n2020-03-12T20:29:00.000Z,69000000000\n2020-03-12T20:30:00.000Z,69000000000\n2020-03-12T20:31:00.000Z,71950000000\n2020-03-12T20:32:00.000Z,68141869764\n2020-03-12T20:33:00.000Z,60000000000\n2020-03-12T20:34:00.000Z,70000000000\n2020-03-12T20:35:00.000Z,61000000000\n2020-03-12T20:36:00.000Z,61000000000\n2020-03-12T20:37:00.000Z,60000000000\n2020-03-12T20:38:00.000Z,49697644380.533325\n2020-03-12T20:39:00.000Z,61000000000\n2020-03-12T20:40:00.000Z,61062105467.119995\n2020-03-12T20:41:00.000Z,60000000000\n2020-03-12T20:42:00.000Z,72000000000\n2020-03-12T20:43:00.000Z,60000000000\n2020-03-12T20:44:00.000Z,50192941176.47059\n2020-03-12T20:45:00.000Z,74000000000\n2020-03-12T20:46:00.000Z,77000000000\n2020-03-12T20:47:00.000Z,63000000000\n2020-03-12T20:48:00.000Z,84000000000\n2020-03-12T20:49:00.000Z,70000000000\n2020-03-12T20:50:00.000Z,150000000000\n2020-03-12T20:51:00.000Z,97199999999.99992\n2020-03-12T20:52:00.000Z,255000000000\n2020-03-12T20:53:00.000Z,274500000000\n2020-03-12T20:54:00.000Z,226500000000\n2020-03-12T20:55:00.000Z,109768273877.09999\n2020-03-12T20:56:00.000Z,120455312438\n2020-03-12T20:57:00.000Z,130000000000\n2020-03-12T20:58:00.000Z,84300000000\n2020-03-12T20:59:00.000Z,121000064641\n2020-03-12T21:00:00.000Z,114000000000\n2020-03-12T21:01:00.000Z,105000001536\n2020-03-12T21:02:00.000Z,90000000000\n2020-03-12T21:03:00.000Z,77000000000\n2020-03-12T21:04:00.000Z,82127015000\n2020-03-12T21:05:00.000Z,112500000000\n2020-03-12T21:06:00.000Z,81815265591.73332\n2020-03-12T21:07:00.000Z,110000000000\n2020-03-12T21:08:00.000Z,82500000000\n2020-03-12T21:09:00.000Z,75000000000\n2020-03-12T21:10:00.000Z,88128000000\n2020-03-12T21:11:00.000Z,91944697324.99997\n2020-03-12T21:12:00.000Z,97375000000\n2020-03-12T21:13:00.000Z,86000000000\n2020-03-12T21:14:00.000Z,83000000000\n2020-03-12T21:15:00.000Z,83200000000\n2020-03-12T21:16:00.000Z,85009333333.33333\n2020-03-12T21:17:00.000Z,91000000000\n2020-03-12T21:18:00.000Z,88670000000\n2020-03-12T21:19:00.000Z,83600000000\n2020-03-12T21:20:00.000Z,80251377526.4\n2020-03-12T21:21:00.000Z,83000000000\n2020-03-12T21:22:00.000Z,77000000000\n2020-03-12T21:23:00.000Z,88000000000\n2020-03-12T21:24:00.000Z,79092444444.44444\n2020-03-12T21:25:00.000Z,130000000000\n2020-03-12T21:26:00.000Z,83000000000\n2020-03-12T21:27:00.000Z,84700000000\n2020-03-12T21:28:00.000Z,81000000000\n2020-03-12T21:29:00.000Z,81000000000\n2020-03-12T21:30:00.000Z,75000000000\n2020-03-12T21:31:00.000Z,80000000000\n2020-03-12T21:32:00.000Z,79000000000\n2020-03-12T21:33:00.000Z,80000000000\n2020-03-12T21:34:00.000Z,71003124000\n2020-03-12T21:35:00.000Z,76845714285.71428\n2020-03-12T21:36:00.000Z,85200000000\n2020-03-12T21:37:00.000Z,81000000000\n2020-03-12T21:38:00.000Z,78000000000\n2020-03-12T21:39:00.000Z,77000000000\n2020-03-12T21:40:00.000Z,85133700000\n2020-03-12T21:41:00.000Z,76000000000\n2020-03-12T21:42:00.000Z,78000000000\n2020-03-12T21:43:00.000Z,66427000000\n2020-03-12T21:44:00.000Z,78000000000\n2020-03-12T21:45:00.000Z,77004106666.66667\n2020-03-12T21:46:00.000Z,67017777777.77778\n2020-03-12T21:47:00.000Z,55610417588.79999\n2020-03-12T21:48:00.000Z,28465714285.714294\n2020-03-12T21:49:00.000Z,77728972412\n2020-03-12T21:50:00.000Z,71000000000\n2020-03-12T21:51:00.000Z,41519705984.91427\n2020-03-12T21:52:00.000Z,65679285717.783325\n2020-03-12T21:53:00.000Z,67048000000\n2020-03-12T21:54:00.000Z,63659999999.99998\n2020-03-12T21:55:00.000Z,75900000123.50002\n2020-03-12T21:56:00.000Z,59910937499.99999\n2020-03-12T21:57:00.000Z,70846666666.66666\n2020-03-12T21:58:00.000Z,60310975699\n2020-03-12T21:59:00.000Z,130000000000\n2020-03-12T22:00:00.000Z,84300000000\n2020-03-12T22:01:00.000Z,78000000000\n2020-03-12T22:02:00.000Z,130000000000\n2020-03-12T22:03:00.000Z,82000000000\n2020-03-12T22:04:00.000Z,123000000000\n2020-03-12T22:05:00.000Z,123000000000\n2020-03-12T22:06:00.000Z,92113916785.33333\n2020-03-12T22:07:00.000Z,87399999999.99998\n2020-03-12T22:08:00.000Z,86400000000\n2020-03-12T22:09:00.000Z,83000000000\n2020-03-12T22:10:00.000Z,78089610471.76297\n2020-03-12T22:11:00.000Z,74027879201.36002\n2020-03-12T22:12:00.000Z,78007800000\n2020-03-12T22:13:00.000Z,75000000000\n2020-03-12T22:14:00.000Z,72384000000\n2020-03-12T22:15:00.000Z,75000000000\n2020-03-12T22:16:00.000Z,65300000000.000015\n2020-03-12T22:17:00.000Z,79000000000\n2020-03-12T22:18:00.000Z,78000000000\n2020-03-12T22:19:00.000Z,69546264461\n2020-03-12T22:20:00.000Z,80000000000\n2020-03-12T22:21:00.000Z,78000000000\n2020-03-12T22:22:00.000Z,82500000000\n2020-03-12T22:23:00.000Z,75000933333.33333\n2020-03-12T22:24:00.000Z,77000000000\n2020-03-12T22:25:00.000Z,75000800000\n2020-03-12T22:26:00.000Z,60000000000\n2020-03-12T22:27:00.000Z,78000000000\n2020-03-12T22:28:00.000Z,76000000000\n2020-03-12T22:29:00.000Z,75000000000\n2020-03-12T22:30:00.000Z,76000000000\n2020-03-12T22:31:00.000Z,49754297859.31717\n2020-03-12T22:32:00.000Z,75005000000\n2020-03-12T22:33:00.000Z,50000000000\n2020-03-12T22:34:00.000Z,33000000000\n2020-03-12T22:35:00.000Z,50000000000\n2020-03-12T22:36:00.000Z,79000000000\n2020-03-12T22:37:00.000Z,60000000000\n2020-03-12T22:38:00.000Z,28000000000\n2020-03-12T22:39:00.000Z,50000000000\n2020-03-12T22:40:00.000Z,85000000000\n2020-03-12T22:41:00.000Z,71800000247\n2020-03-12T22:42:00.000Z,60000000000\n2020-03-12T22:43:00.000Z,60000000000\n2020-03-12T22:44:00.000Z,82265627125\n2020-03-12T22:45:00.000Z,78000000000\n2020-03-12T22:46:00.000Z,64000000000.600006\n2020-03-12T22:47:00.000Z,50000000000\n2020-03-12T22:48:00.000Z,60000000000\n2020-03-12T22:49:00.000Z,79400000000.00002\n2020-03-12T22:50:00.000Z,52000000000\n2020-03-12T22:51:00.000Z,52000000000.86667\n2020-03-12T22:52:00.000Z,50000000000\n2020-03-12T22:53:00.000Z,99369999999.99997\n2020-03-12T22:54:00.000Z,70330877351.43999\n2020-03-12T22:55:00.000Z,64000000000\n2020-03-12T22:56:00.000Z,60000000000\n2020-03-12T22:57:00.000Z,64000768000\n2020-03-12T22:58:00.000Z,50000000000\n2020-03-12T22:59:00.000Z,53000000000\n2020-03-12T23:00:00.000Z,55527692307.69231\n2020-03-12T23:01:00.000Z,60000000000\n2020-03-12T23:02:00.000Z,61000000000\n2020-03-12T23:03:00.000Z,53000000000\n2020-03-12T23:04:00.000Z,130000000000\n2020-03-12T23:05:00.000Z,73900000000\n2020-03-12T23:06:00.000Z,55200000000\n2020-03-12T23:07:00.000Z,56204448152.7037\n2020-03-12T23:08:00.000Z,50000000000\n2020-03-12T23:09:00.000Z,53000000000\n2020-03-12T23:10:00.000Z,99540000000.00003\n2020-03-12T23:11:00.000Z,68900000000\n2020-03-12T23:12:00.000Z,66000000000\n2020-03-12T23:13:00.000Z,130000000000\n2020-03-12T23:14:00.000Z,88713000001.40001\n2020-03-12T23:15:00.000Z,90000000000\n2020-03-12T23:16:00.000Z,80000000000\n2020-03-12T23:17:00.000Z,69013370000\n2020-03-12T23:18:00.000Z,125199999999.99995\n2020-03-12T23:19:00.000Z,77875546666.66667\n2020-03-12T23:20:00.000Z,66000000000\n2020-03-12T23:21:00.000Z,65768183333.33334\n2020-03-12T23:22:00.000Z,60000000000\n2020-03-12T23:23:00.000Z,61000001133.47727\n2020-03-12T23:24:00.000Z,66000000000\n2020-03-12T23:25:00.000Z,65002340321.1\n2020-03-12T23:26:00.000Z,75000000000\n2020-03-12T23:27:00.000Z,100000000000\n2020-03-12T23:28:00.000Z,71500000000\n2020-03-12T23:29:00.000Z,71615301111.11111\n2020-03-12T23:30:00.000Z,68250000000\n2020-03-12T23:31:00.000Z,91299984475\n2020-03-12T23:32:00.000Z,88663523080\n2020-03-12T23:33:00.000Z,83126900661.8\n2020-03-12T23:34:00.000Z,105000000000\n2020-03-12T23:35:00.000Z,77000000461.72\n2020-03-12T23:36:00.000Z,100000000000\n2020-03-12T23:37:00.000Z,90000000000\n2020-03-12T23:38:00.000Z,71500000000\n2020-03-12T23:39:00.000Z,130000000000\n2020-03-12T23:40:00.000Z,130000000000\n2020-03-12T23:41:00.000Z,98224074907.27997\n2020-03-12T23:42:00.000Z,112245000000\n2020-03-12T23:43:00.000Z,112619353390.09999\n2020-03-12T23:44:00.000Z,85000000000\n2020-03-12T23:45:00.000Z,106746420123.9\n2020-03-12T23:46:00.000Z,84700000000\n2020-03-12T23:47:00.000Z,84500000000\n2020-03-12T23:48:00.000Z,83000000000\n2020-03-12T23:49:00.000Z,91875000463.25\n2020-03-12T23:50:00.000Z,92045999999.99998\n2020-03-12T23:51:00.000Z,124000000000\n2020-03-12T23:52:00.000Z,129007900000\n2020-03-12T23:53:00.000Z,96870000000\n2020-03-12T23:54:00.000Z,82583333333.33333\n2020-03-12T23:55:00.000Z,89100000000\n2020-03-12T23:56:00.000Z,86000000000\n2020-03-12T23:57:00.000Z,96000000000\n2020-03-12T23:58:00.000Z,110000000000\n2020-03-12T23:59:00.000Z,85000000000\n";

// src-main/scenarios/black-thursday.ts
var T0 = Date.parse("2020-03-12T00:00:00Z") / 1e3;
var T1 = T0 + 86400;
var T2 = T1 + 86400;
var WHITERABBIT = "Whiterabbit, https://medium.com/@whiterabbit_hq/black-thursday-for-makerdao-8-32-million-was-liquidated-for-0-dai-36b83cac56b6 (2020-03-14)";
var COINAPI_SOURCE = "CoinAPI 10-minute ETH/USD OHLC bars for 03-12 (https://www.coinapi.io; exchange not recorded), as published in https://github.com/BerkeleyBlockchain/stablesims";
var BINANCE_SOURCE = "Binance ETH/USDT hourly OHLC bars for 03-13 (CryptoDataDownload export, https://www.cryptodatadownload.com)";
var ANYBLOCK_SOURCE = "Anyblock Analytics 60th-percentile Ethereum gas price per minute, as published in https://github.com/BerkeleyBlockchain/stablesims";
var ETH_BARS_2020_03_12 = coinApiBars(
  "eth_usd_10min_coinapi_stablesims_2020-03-12.json",
  eth_usd_10min_coinapi_stablesims_2020_03_12_default
);
var ETH_BARS_2020_03_13 = cryptoDataDownloadBars(
  readTable("binance_ethusdt_1h_2020-03-10_to_2020-03-15.csv", binance_ethusdt_1h_2020_03_10_to_2020_03_15_default),
  3600,
  T1,
  T2
);
var ETH_BARS = [...ETH_BARS_2020_03_12, ...ETH_BARS_2020_03_13];
var LOW_03_12 = lowestLow(ETH_BARS_2020_03_12);
var LOW_EPISODE = lowestLow(ETH_BARS);
function gasMedians20Min(csv) {
  const t = readTable("eth_gas_p60_1min_stablesims_2020-03-12.csv", csv);
  const blocks = /* @__PURE__ */ new Map();
  for (const [timestamp, p60] of t.rows) {
    if (!p60) continue;
    const k = Math.floor(Date.parse(timestamp) / 1e3 / 1200) * 1200 + 600;
    blocks.set(k, [...blocks.get(k) ?? [], Number(p60) / 1e9]);
  }
  return [...blocks.entries()].sort((a, b) => a[0] - b[0]).map(([k, v]) => {
    v.sort((x, y) => x - y);
    const n = v.length;
    return [k, n % 2 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2];
  });
}
function gasPoints() {
  const pts = gasMedians20Min(eth_gas_p60_1min_stablesims_2020_03_12_default);
  pts.push([T1 + 6 * 3600, 85], [T1 + 12 * 3600, 30], [T2, 20]);
  return pts;
}
var BAD_DEBT_MISS = "The engine\u2019s keeper throughput and kicks are budgets per step, not per second, and the default population is not converged (MODEL.md \xA77): the bad debt moves with both. With no per-auction data, the keepers\u2019 gas caps and DAI are assumptions (their range is in the band).";
var ZERO_BID_MISS = "Zero bids come from keepers priced out by gas: the share depends on the keepers\u2019 gas caps, which no source gives, and on per-step keeper budgets (not yet per second).";
var hhmm = (t) => new Date(t * 1e3).toISOString().slice(11, 16);
var blackThursday = {
  id: "black-thursday-2020",
  version: 2,
  title: "Black Thursday \u2014 MakerDAO, 12\u201313 March 2020",
  dateLabel: "2020-03-12",
  summary: "ETH fell by half in a day as COVID-19 panic hit every market. Ethereum congested, Maker\u2019s oracle feeds stalled above ~100 gwei, the 1-hour OSM lagged, and keepers priced out by gas or short of DAI left English auctions to bidders who won ETH for zero DAI.",
  lesson: "A liquidation mechanism is only as good as the keepers who can reach it: congestion and a delayed oracle turned an over-collateralised system into one with millions in bad debt.",
  startTime: "2020-03-12T00:00:00Z",
  endTime: "2020-03-14T00:00:00Z",
  defaultStepSeconds: 60,
  assets: [
    {
      id: "ETH",
      observed: {
        source: `${COINAPI_SOURCE}; ${BINANCE_SOURCE}. Lows ${LOW_03_12.low} (03-12 ${hhmm(LOW_03_12.t)} bar) and ${LOW_EPISODE.low} (03-13 ${hhmm(LOW_EPISODE.t)} hour).`,
        resolutionSeconds: 600,
        points: [],
        bars: ETH_BARS
      },
      venues: [
        // Assumed: aggregate centralised-exchange books; square-root impact; depth thins up to 70%.
        // Assumed, not sourced: $3 M per 1% is the scenario's first assumption. A tuning commit
        // (b2cab2a) had raised it to $10 M together with the keepers' count and gas caps to bring bad
        // debt toward the published 5.67 M DAI; that fit is reverted so the published figures can
        // serve as evidence (validation.uncertain gives the range run over instead).
        {
          name: "CEX books",
          impact: "sqrt",
          depthUsd: 3e6,
          permanentFraction: 0.5,
          transientHalfLifeSeconds: 1800,
          stress: { elasticity: 1.4, floor: 0.3 }
        },
        // Assumed: Oasis DEX order book used by Maker keepers.
        {
          name: "Oasis",
          impact: "linear",
          depthUsd: 3e5,
          permanentFraction: 0.6,
          transientHalfLifeSeconds: 1200,
          stress: { elasticity: 1.4, floor: 0.3 }
        },
        // Assumed: Uniswap v1 ETH/DAI pool (~$1.5M reserves → ~$7.5k per 1%).
        {
          name: "Uniswap v1",
          impact: "cpmm",
          depthUsd: 7500,
          permanentFraction: 1,
          transientHalfLifeSeconds: 3600,
          stress: { elasticity: 0, floor: 1 }
        }
      ],
      arbitrage: { fractionPerStep: 0.5, capitalUsdPerStep: 2e6, halfCapacityGasGwei: 100 }
    }
  ],
  gas: {
    source: `${ANYBLOCK_SOURCE}, medians per 20 minutes; 03-13 has no series (assumed 85 gwei to 06:00, 30 by noon, 20 by midnight)`,
    points: gasPoints(),
    tokenAsset: "ETH"
  },
  oracleOutages: [],
  population: {
    asset: "ETH",
    defaultAccounts: 4e3,
    // Assumed: ETH-A debt of ~100M DAI, under its 150M ceiling (spell archive 2020-03-12).
    totalDebtUsd: 1e8,
    // Assumed histogram of collateral ratios (share of vaults), consistent with a system far above 150% on average.
    collateralRatioBins: [
      { from: 1.5, to: 1.75, weight: 5 },
      { from: 1.75, to: 2, weight: 9 },
      { from: 2, to: 2.5, weight: 16 },
      { from: 2.5, to: 3, weight: 14 },
      { from: 3, to: 4, weight: 19 },
      { from: 4, to: 6, weight: 19 },
      { from: 6, to: 10, weight: 18 }
    ],
    debtParetoAlpha: 1.3,
    whales: [
      // "Largest single vault loss ~35,000 ETH" (Whiterabbit): a vault of ~34,700 ETH at 205% (ratio assumed).
      { label: "largest vault (~35,000 ETH)", debtUsd: 33e5, collateralRatio: 2.05 }
    ],
    response: {
      topUp: 0.35,
      deleverage: 0.15,
      medianDelayMinutes: 45,
      delaySigma: 1,
      reserveMedianRatio: 0.3,
      gasCapMedianGwei: 40,
      gasCapSigma: 0.8,
      targetRatio: 2,
      patienceMinutes: 180
    }
  },
  keepers: {
    // Assumed: a handful of keeper bots (2021 Maker stats: ~3.3 bidders per auction), capped gas, limited
    // DAI. The scenario's first assumptions (8 bots, gas caps around 35 gwei): see the depth note above.
    count: 8,
    capitalUsd: 1e6,
    gasCapMedianGwei: 35,
    gasCapSigma: 0.5,
    marginMin: 0.03,
    marginMax: 0.1,
    lowballers: 2,
    lowballerGasCapGwei: 400,
    txPerStep: 4,
    kicksPerStep: 10,
    restockDelaySeconds: 1800,
    maxTakeUsd: 2e6,
    gasUnitsPerTx: 3e5
  },
  historicalDesignId: "maker-2020-flip",
  market: { kind: "on-chain", liquidators: "keepers" },
  published: [
    { figure: "Maker protocol loss (uncollateralised DAI)", value: "5.67 M DAI", source: WHITERABBIT },
    { figure: "Share of liquidations won with zero bids", value: "36%", source: WHITERABBIT },
    { figure: "Value of ETH won with zero bids", value: "$8.32 M", source: WHITERABBIT },
    {
      figure: "ETH/USD low on 03-12",
      value: `${LOW_03_12.low} in the ${hhmm(LOW_03_12.t)} UTC bar`,
      source: COINAPI_SOURCE
    },
    {
      figure: "ETH low of the episode",
      value: `${LOW_EPISODE.low} (Binance), 03-13 ${hhmm(LOW_EPISODE.t)} hour`,
      source: BINANCE_SOURCE
    },
    {
      figure: "Gas, 60th percentile",
      value: "\u22489 gwei at 00:00\u201301:00; peak 300 gwei at 14:35; \u224885 gwei at 23:00",
      source: ANYBLOCK_SOURCE
    },
    {
      figure: "Oracle feeds and zero-bid keepers",
      value: "feeds could not post above 100 gwei; the zero-bid keeper paid 300 gwei",
      source: "MakerDAO governance call of 2020-03-12, https://github.com/makerdao/community/blob/master/governance/governance-and-risk-meetings/summaries/episode-77.md"
    },
    {
      figure: "Debt auctions",
      value: "~20,980 MKR sold for ~5.3 M DAI",
      source: "Smith + Crown, https://smithandcrown.com/briefings/makerdao-completes-mkr-auction-"
    }
  ],
  validation: {
    targets: [
      {
        id: "bad-debt",
        figure: "Maker protocol loss (bad debt)",
        published: "5.67 M DAI",
        source: WHITERABBIT,
        measure: { kind: "bad-debt" },
        value: 567e4,
        pass: { kind: "relative", within: 0.25 },
        status: "evidence",
        ifMissed: BAD_DEBT_MISS
      },
      {
        id: "zero-bid-share",
        figure: "Share of liquidations won with zero bids",
        published: "36%",
        source: WHITERABBIT,
        measure: { kind: "zero-bid-share" },
        value: 0.36,
        pass: { kind: "absolute", within: 0.09 },
        status: "evidence",
        ifMissed: ZERO_BID_MISS
      }
    ],
    fitted: [],
    uncertain: [
      {
        kind: "keeper-gas-cap",
        low: 20,
        high: 80,
        why: "No source gives the keeper bots\u2019 gas settings. On the day, oracle feeds stopped posting above 100 gwei and the zero-bid keeper paid 300 gwei (governance call of 03-12); ordinary bots were set well below that."
      },
      {
        kind: "depth",
        low: 1 / 3,
        high: 10 / 3,
        why: "No order-book depth for March 2020 was found: $1 M to $10 M per 1% for the aggregate CEX books (the range spans the scenario\u2019s first assumption and the value a tuning commit once used)."
      },
      {
        kind: "collateral-ratios",
        low: 0.8,
        high: 1.2,
        why: "No vault-level data for ETH-A on 03-12 was used: the histogram\u2019s distances above 100% scaled by 0.8\u20131.2."
      }
    ]
  },
  assumptions: [
    "DAI is taken at $1 (it traded up to $1.10\u20131.13 that day), so DAI amounts and dollars are the same.",
    "The price path switches source at 03-13 00:00 UTC, from CoinAPI\u2019s 10-minute bars (exchange not recorded) to Binance\u2019s hourly bars; the 03-12 close was 107.52 and Binance\u2019s 03-13 open 107.82.",
    "Keeper transactions and auction kicks are budgets per step (a keeper lands at most that many per step): results depend on the step (the engine\u2019s rates are not yet per second)."
  ],
  limits: [
    "No per-auction Maker data exists in the public figures used: auction counts and winners are modelled, not replayed.",
    "Inside each 10-minute (03-12) and hourly (03-13) bar the path goes through the open, high, low and close; when in the bar the high and the low came is not in the data (a bar that closes down is taken to rally first), and the steps between are a seeded bridge within the bar\u2019s range.",
    "Only ETH-A is modelled; BAT-A and SAI are left out. Stability fees are ignored over the 48 hours.",
    "The debt auction is reported as the MKR it would mint at ~$265; its own dynamics are not simulated."
  ],
  sources: [
    WHITERABBIT,
    COINAPI_SOURCE,
    BINANCE_SOURCE,
    ANYBLOCK_SOURCE,
    "MakerDAO parameters: https://github.com/makerdao/dss-deploy-scripts (config/main.json) and https://github.com/makerdao/spells-mainnet (archive/2020-03-12-DssSpell)",
    "Maker OSM: https://docs.makerdao.com/smart-contract-modules/oracle-module/oracle-security-module-osm-detailed-documentation",
    "Smith + Crown, https://smithandcrown.com/briefings/makerdao-completes-mkr-auction-"
  ]
};

// .scratch/basket.ts
var flip = PRESETS.get("maker-2020-flip");
for (const id of ["maker-2020-flip", "aave-v3", "compound-market-sale"]) {
  const r = replay(blackThursday, PRESETS.get(id), flip, { seed: 7, accounts: 2e3, stepSeconds: 300 });
  console.log(`['${id}', ${r.summary.badDebtUsd}, ${r.summary.liquidatedUsd}],`);
}
