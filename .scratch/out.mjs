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
    const window = t.kind === "delay" ? Math.round(t.delaySeconds / stepSeconds) + 1 : t.kind === "twap" ? Math.max(1, Math.round(t.windowSeconds / stepSeconds)) : 1;
    this.ring = new Float64Array(window);
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
    const d2 = this.design;
    const raw = this.read(venuePrices);
    const canPost = !(d2.honorOutages && outage) && (d2.maxGasGwei === null || gasGwei <= d2.maxGasGwei);
    let wants = true;
    if (d2.update.kind === "deviation") {
      const dev = Math.abs(raw / this.posted - 1) * 1e4;
      const age = (step - this.lastPostStep) * this.stepSeconds;
      wants = dev >= d2.update.thresholdBps || age >= d2.update.heartbeatSeconds;
    }
    this.blocked = wants && !canPost;
    if (wants && canPost) {
      this.posted = raw;
      this.lastPostStep = step;
    }
    const before = this.value;
    const t = d2.transform;
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
      const d2 = design.source === "venue" && !names.includes(design.venue ?? "") ? { ...design, source: "median" } : design;
      return new Oracle(d2, names, stepSeconds, startSec);
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
      let z5 = s;
      z5 = Math.imul(z5 ^ z5 >>> 16, 2246822507) >>> 0;
      z5 = Math.imul(z5 ^ z5 >>> 13, 3266489909) >>> 0;
      return (z5 ^ z5 >>> 16) >>> 0;
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
  const z5 = Math.abs(x);
  let c;
  if (!(z5 <= 37)) {
    c = 0;
  } else {
    const e = Math.exp(-0.5 * z5 * z5);
    if (z5 < 7.07106781186547) {
      let n = 0.0352624965998911 * z5 + 0.700383064443688;
      n = n * z5 + 6.37396220353165;
      n = n * z5 + 33.912866078383;
      n = n * z5 + 112.079291497871;
      n = n * z5 + 221.213596169931;
      n = n * z5 + 220.206867912376;
      let d2 = 0.0883883476483184 * z5 + 1.75566716318264;
      d2 = d2 * z5 + 16.064177579207;
      d2 = d2 * z5 + 86.7807322029461;
      d2 = d2 * z5 + 296.564248779674;
      d2 = d2 * z5 + 637.333633378831;
      d2 = d2 * z5 + 793.826512519948;
      d2 = d2 * z5 + 440.413735824752;
      c = e * n / d2;
    } else {
      let b = z5 + 0.65;
      b = z5 + 4 / b;
      b = z5 + 3 / b;
      b = z5 + 2 / b;
      b = z5 + 1 / b;
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
  const add = (m, d2, w) => {
    moves.push(m);
    dirs.push(d2);
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
      for (const d2 of [1, 0, -1]) add(m, d2, 1);
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
    const d2 = spec.dealers;
    const legs = [];
    const dTotal = d2.strikes.reduce((a, b) => a + b.weight, 0);
    const sign = d2.gamma === "short" ? -1 : 1;
    if (d2.units > 0 && dTotal > 0) {
      for (const k of d2.strikes) {
        const q = sign * d2.units * k.weight / dTotal;
        if (q === 0) continue;
        if (d2.right !== "call") legs.push({ isCall: 0, strike: k.moneyness * s0, qty: q });
        if (d2.right !== "put") legs.push({ isCall: 1, strike: k.moneyness * s0, qty: q });
      }
    }
    this.dIsCall = Uint8Array.from(legs.map((l) => l.isCall));
    this.dStrike = Float64Array.from(legs.map((l) => l.strike));
    this.dQty = Float64Array.from(legs.map((l) => l.qty));
    this.dExpiry = opts.startTime + Math.round(d2.expiryDays * 86400);
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
function fnv1a64(text2) {
  let h = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = 0xffffffffffffffffn;
  for (let i = 0; i < text2.length; i++) {
    h ^= BigInt(text2.charCodeAt(i));
    h = h * prime & mask;
  }
  return h.toString(16).padStart(16, "0");
}

// src-main/engine/scenario.ts
import { z as z4 } from "zod";

// src-main/engine/scenario-extras.ts
import { z as z3 } from "zod";
var finitePositive = z3.number().finite().positive();
var iso = z3.string().datetime();
var UnitsSchema = z3.strictObject({
  /** What debts, sales and losses are counted in ('USD', 'ETH', 'DAI'). */
  numeraire: z3.string().regex(/^[A-Za-z]{2,6}$/),
  /**
   * How users read the population asset's price: 'direct', or 'inverse' (Compound 2020: the engine's
   * asset is one dollar of USDC priced in DAI; the story is DAI's dollar price, its inverse).
   */
  priceDisplay: z3.enum(["direct", "inverse"]),
  /** Label of the price as displayed, e.g. 'ETH price (USD)', 'DAI on Coinbase Pro (USD)'. */
  priceLabel: z3.string().min(1).max(80)
});
var MarketSchema = z3.strictObject({
  /**
   * on-chain: gas and keepers are part of the story; exchange: the exchange's own liquidation engine
   * (no gas, no keepers); traditional: brokers and exchanges of a stock market (no gas, no keepers).
   */
  kind: z3.enum(["on-chain", "exchange", "traditional"]),
  /** Who carries out liquidations, in the words users read ("keepers", "brokers' margin desks"). */
  liquidators: z3.string().min(1).max(60),
  /**
   * Whether gas is part of the story users read (absent: on-chain markets yes, others no). Terra's
   * fees in 2022 are not modelled: LUNA is on-chain without gas.
   */
  gas: z3.boolean().optional()
});
var MeasureSchema = z3.discriminatedUnion("kind", [
  /** Bad debt, numeraire. */
  z3.strictObject({ kind: z3.literal("bad-debt") }),
  /** Zero-bid auctions / settled auctions. */
  z3.strictObject({ kind: z3.literal("zero-bid-share") }),
  /** Collateral value (a perpetual's notional) sent to liquidation, numeraire; in [from, to) if given. */
  z3.strictObject({ kind: z3.literal("liquidated-value"), from: iso.optional(), to: iso.optional() }),
  /** Notional auto-deleveraged, numeraire. */
  z3.strictObject({ kind: z3.literal("adl-notional") }),
  /** Seconds from `from` to the first auto-deleveraging (negative: it came before). */
  z3.strictObject({ kind: z3.literal("first-adl-delay"), from: iso }),
  /** Share of the liquidated value that was liquidated in [from, to). */
  z3.strictObject({ kind: z3.literal("liquidated-share"), from: iso, to: iso }),
  /** Portfolio insurers' net sales in [from, to), numeraire. */
  z3.strictObject({ kind: z3.literal("insurance-sold"), from: iso, to: iso }),
  /** The fall of the backed-out exogenous path F against the observed fall (1 = the same). */
  z3.strictObject({ kind: z3.literal("fundamental-drawdown-ratio") })
]);
var PassSchema = z3.discriminatedUnion("kind", [
  /** |median / value − 1| ≤ within. */
  z3.strictObject({ kind: z3.literal("relative"), within: finitePositive }),
  /** |median − value| ≤ within (shares: 0.09 = 9 points). */
  z3.strictObject({ kind: z3.literal("absolute"), within: finitePositive }),
  /** value / factor ≤ median ≤ value × factor. */
  z3.strictObject({ kind: z3.literal("factor"), factor: z3.number().finite().gt(1) }),
  /** median ≥ value, or median ≤ value. */
  z3.strictObject({ kind: z3.literal("at-least") }),
  z3.strictObject({ kind: z3.literal("at-most") })
]);
var TargetSchema = z3.strictObject({
  id: z3.string().regex(/^[a-z0-9-]{1,40}$/),
  /** The published outcome, as users read it. */
  figure: z3.string().min(1),
  /** The published value, as published ("5.67 M DAI"). */
  published: z3.string().min(1),
  /** Its original public source. */
  source: z3.string().min(1),
  measure: MeasureSchema,
  /** The published value in the measure's unit (numeraire, share, seconds). */
  value: z3.number().finite(),
  pass: PassSchema,
  /** 'fitted': a parameter was set to reproduce this figure, so it is shown, never counted as evidence. */
  status: z3.enum(["evidence", "fitted"]),
  /** What a miss means and why it happens, shown when the median misses (honest, specific). */
  ifMissed: z3.string().min(1)
});
var FittedSchema = z3.strictObject({
  /** The parameter, as a path users can find (`keepers.count`, `hyperliquid-2025 backstop risk limit`). */
  parameter: z3.string().min(1),
  value: z3.string().min(1),
  /** The published figure it was set to reproduce (that figure is not evidence). */
  fittedTo: z3.string().min(1)
});
var UncertainSchema = z3.discriminatedUnion("kind", [
  /** Keeper bots' gas cap, median gwei. */
  z3.strictObject({
    kind: z3.literal("keeper-gas-cap"),
    low: finitePositive,
    high: finitePositive,
    why: z3.string().min(1)
  }),
  /** Venue depth, as a multiple of the scenario's. */
  z3.strictObject({
    kind: z3.literal("depth"),
    low: finitePositive,
    high: finitePositive,
    why: z3.string().min(1)
  }),
  /**
   * The population's collateral-ratio histogram: every bin's distance above 1 scaled by this factor
   * (0.85: accounts 15% closer to their 100% line; leverage of perpetuals rises accordingly).
   */
  z3.strictObject({
    kind: z3.literal("collateral-ratios"),
    low: finitePositive,
    high: finitePositive,
    why: z3.string().min(1)
  })
]);
var ValidationSpecSchema = z3.strictObject({
  targets: z3.array(TargetSchema),
  fitted: z3.array(FittedSchema),
  uncertain: z3.array(UncertainSchema).max(4)
});

// src-main/engine/scenario.ts
var finitePositive2 = z4.number().finite().positive();
var finiteNonNegative = z4.number().finite().min(0);
var fraction3 = z4.number().finite().min(0).max(1);
var point = z4.tuple([z4.number().int(), finitePositive2]);
var bar = z4.tuple([
  z4.number().int(),
  z4.number().int().positive(),
  finitePositive2,
  finitePositive2,
  finitePositive2,
  finitePositive2
]);
var VenueSpecSchema = z4.strictObject({
  name: z4.string().min(1).max(60),
  /** How a net flow moves the price: linear in flow/depth, square-root law, or constant-product reserves. */
  impact: z4.enum(["linear", "sqrt", "cpmm"]),
  /** USD of net flow that moves this venue's price by 1% (before stress thinning). */
  depthUsd: finitePositive2,
  /** Share of each impact that is permanent; the rest is transient and decays. */
  permanentFraction: fraction3,
  /** Half-life of the transient part of impact, seconds (venue resilience). */
  transientHalfLifeSeconds: finitePositive2,
  /** Depth factor = max(floor, 1 − elasticity × drawdown of F from its running peak). */
  stress: z4.strictObject({ elasticity: finiteNonNegative, floor: z4.number().finite().gt(0).max(1) })
});
var AssetSpecSchema = z4.strictObject({
  id: z4.string().regex(/^[A-Za-z0-9.-]{1,16}$/),
  observed: z4.strictObject({
    source: z4.string().min(1),
    /** Finest spacing of the source data, seconds (stated to the user). */
    resolutionSeconds: z4.number().int().positive(),
    /**
     * Dated observations [epoch s, price]: published prices (filled between straight in log price,
     * no volatility invented) or intraday knots inside a bar (the path passes through them).
     */
    points: z4.array(point),
    /**
     * OHLC bars in time order, not overlapping: inside each the path opens and closes at the bar's
     * open and close and touches its high and low, never beyond (engine/observed-path.ts).
     */
    bars: z4.array(bar).optional(),
    /**
     * Trading sessions [open, close) in epoch seconds (a market that closes, e.g. the NYSE in 1987);
     * outside them the price holds at the last close. Absent: the market never closes.
     */
    sessions: z4.array(z4.tuple([z4.number().int(), z4.number().int()])).optional()
  }),
  venues: z4.array(VenueSpecSchema).min(1).max(8),
  arbitrage: z4.strictObject({
    /** Share of a venue's gap to the depth-weighted mean closed per step when capital allows. */
    fractionPerStep: fraction3,
    /** Arbitrage capital deployable per step, USD, before congestion. */
    capitalUsdPerStep: finiteNonNegative,
    /** Gas level (gwei) at which arbitrage capacity is halved. */
    halfCapacityGasGwei: finitePositive2
  })
});
var PopulationSpecSchema = z4.strictObject({
  asset: z4.string(),
  /**
   * Multi-collateral basket (absent: every account's collateral is `asset` alone). Every account
   * holds the same fixed-composition basket; one basket unit holds q_a = weight_a × P₀ / P_a,0 units
   * of asset a, where P₀ is `asset`'s initial price, so a basket unit is worth P₀ at the start and
   * accounts' `collateral` is counted in basket units. Assets must be assets of the scenario, listed
   * once, with weights > 0 summing to 1; `asset` must be one of them. Not for perpetuals.
   */
  basket: z4.array(z4.strictObject({ asset: z4.string(), weight: finitePositive2 })).min(1).max(4).optional(),
  /** Number of accounts generated when the user does not ask for another. */
  defaultAccounts: z4.number().int().positive(),
  /** Total debt of the population, USD (numeraire). */
  totalDebtUsd: finitePositive2,
  /** Histogram of collateral ratio (collateral value / debt) at the start. */
  collateralRatioBins: z4.array(z4.strictObject({ from: z4.number().min(1), to: z4.number().min(1), weight: finiteNonNegative })).min(1),
  /** Debt sizes of ordinary accounts: Pareto with this tail index, scaled to the total. */
  debtParetoAlpha: z4.number().finite().gt(1).max(5),
  /** Named large accounts (the whale tail), generated in addition to the ordinary ones. */
  whales: z4.array(
    z4.strictObject({ label: z4.string(), debtUsd: finitePositive2, collateralRatio: z4.number().min(1) })
  ),
  response: z4.strictObject({
    /** Probability that a called account tops up collateral from its reserve. */
    topUp: fraction3,
    /** Probability that a called account sells collateral to repay debt (feeds the loop). */
    deleverage: fraction3,
    /** Median delay between the call and the response, minutes (log-normal). */
    medianDelayMinutes: finitePositive2,
    delaySigma: finiteNonNegative,
    /** Median reserve (collateral held outside the protocol) as a fraction of the account's collateral. */
    reserveMedianRatio: finiteNonNegative,
    /** Gas price (gwei) above which the account's transaction waits (log-normal median). */
    gasCapMedianGwei: finitePositive2,
    gasCapSigma: finiteNonNegative,
    /** Collateral ratio the account restores when it acts. */
    targetRatio: z4.number().min(1),
    /** Give up waiting for gas after this long, minutes. */
    patienceMinutes: finitePositive2
  }),
  /**
   * Perpetual-futures traders instead of borrowers (absent: lending / CDP accounts). The generated
   * accounts are the longs: a long of size s opened at the start price P₀ with margin m is held as
   * collateral s (plus the margin's units when margined in the same asset) against a debt of
   * s·P₀ − m (s·P₀ when margined in the same asset), so `collateralRatioBins` give L/(L−1) for a
   * numeraire-margined long of leverage L and 1 + 1/L for a same-asset one (see perpRatioBins).
   * Funding payments are ignored (a 1–2 day crash moves prices far more than funding does).
   */
  perps: z4.strictObject({
    marginAsset: z4.enum(["numeraire", "same-asset"]),
    /**
     * isolated: each position has only its own margin; the owner's free balance (the `reserve`)
     * stays outside and tops up on a call. cross: the free balance backs the position from the
     * start — it liquidates later, and a liquidation takes all of it.
     */
    marginMode: z4.enum(["isolated", "cross"]),
    /** The opposite side: shorts holding as many units as the longs (open interest balances). */
    shorts: z4.strictObject({
      /** Short accounts per long account. */
      accountsPerLong: z4.number().finite().gt(0).max(10),
      /** Leverage of the shorts at the start (notional / margin). */
      leverageBins: z4.array(
        z4.strictObject({ from: z4.number().min(1), to: z4.number().min(1), weight: finiteNonNegative })
      ).min(1),
      sizeParetoAlpha: z4.number().finite().gt(1).max(5)
    })
  }).optional()
});
var KeeperEnvironmentSchema = z4.strictObject({
  /** Number of ordinary keepers / liquidators. */
  count: z4.number().int().min(0).max(1e3),
  /** Numeraire each keeper can commit to bids or repayments, USD. */
  capitalUsd: finiteNonNegative,
  /** Gas price (gwei) above which a keeper's transactions fail (its bot's cap), log-normal median. */
  gasCapMedianGwei: finitePositive2,
  gasCapSigma: finiteNonNegative,
  /** Required discount to the market price, drawn uniformly per keeper. */
  marginMin: fraction3,
  marginMax: fraction3,
  /** Keepers that open auctions with a near-zero bid and pay any gas (the Black Thursday zero-bidders). */
  lowballers: z4.number().int().min(0).max(100),
  lowballerGasCapGwei: finitePositive2,
  /** Bids, takes or liquidations one keeper lands per step at the default population size. */
  txPerStep: z4.number().int().positive(),
  /** Auction kicks (Maker bite/bark) one keeper lands per step at the default population size. */
  kicksPerStep: z4.number().int().positive(),
  /** Time for a keeper to turn sold collateral back into usable numeraire, seconds. */
  restockDelaySeconds: finiteNonNegative,
  /** Largest single take or repayment, USD, when settling through a DEX (flash liquidity). */
  maxTakeUsd: finitePositive2,
  /** Gas units of one keeper transaction (bid, take, kick, liquidation). */
  gasUnitsPerTx: z4.number().int().positive()
});
var ScenarioSchema = z4.strictObject({
  id: z4.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
  version: z4.number().int().positive(),
  title: z4.string().min(1),
  dateLabel: z4.string(),
  summary: z4.string(),
  lesson: z4.string(),
  startTime: z4.string().datetime(),
  endTime: z4.string().datetime(),
  defaultStepSeconds: z4.number().int().positive(),
  assets: z4.array(AssetSpecSchema).min(1).max(4),
  gas: z4.strictObject({
    source: z4.string(),
    points: z4.array(point).min(1),
    /** The asset gas is paid in (its simulated price converts gas to USD), or a fixed USD price. */
    tokenAsset: z4.string().optional(),
    tokenPriceUsd: finitePositive2.optional()
  }),
  oracleOutages: z4.array(
    z4.strictObject({ startTime: z4.string().datetime(), endTime: z4.string().datetime(), reason: z4.string() })
  ),
  /** Price of the asset gas is paid in is not needed: keepers are gated by gas caps, not cost. */
  population: PopulationSpecSchema,
  /**
   * Option writers, delta-hedging dealers and portfolio insurers on the population's asset
   * (options/option-book.ts); absent: none.
   */
  derivatives: OptionsSpecSchema.optional(),
  keepers: KeeperEnvironmentSchema,
  historicalDesignId: z4.string(),
  /** What prices and amounts are counted in (absent: USD, the asset's price read directly). */
  units: UnitsSchema.optional(),
  /** What kind of market it was (absent: on-chain, liquidated by keepers). */
  market: MarketSchema.optional(),
  /** Published outcomes to check the historical replay against, fitted parameters, unpinned assumptions. */
  validation: ValidationSpecSchema.optional(),
  published: z4.array(z4.strictObject({ figure: z4.string(), value: z4.string(), source: z4.string() })),
  assumptions: z4.array(z4.string()),
  limits: z4.array(z4.string()),
  sources: z4.array(z4.string())
});
function unitsOf(s) {
  return s.units ?? { numeraire: "USD", priceDisplay: "direct", priceLabel: `${s.population.asset} price (USD)` };
}
function marketOf(s) {
  const m = s.market ?? { kind: "on-chain", liquidators: "keepers" };
  return { ...m, gas: m.gas ?? m.kind === "on-chain" };
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
      const d2 = Math.min(Math.exp(-invAlpha * Math.log(1 - rng.fast())), 1e6);
      acc.debt[j] = d2;
      raw += d2;
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
    const d2 = new Float64Array(2 * next + BASE);
    d2.set(this.data.subarray(0, 2 * this.size + BASE));
    this.data = d2;
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
      const d2 = dPermanent + dTransient;
      this.permanent[v] += dPermanent;
      this.transient[v] += dTransient;
      avgFill += share * pre * Math.exp(d2 / 2);
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
      const d2 = acc.debt[i];
      if (d2 <= 0) continue;
      const need = sameAssetPerps ? mm * d2 / P0 + 1.01 * d2 / P0 : 1.01 * LR0 * d2 / P0e;
      const c = acc.collateral[i];
      if (c < need && (sameAssetPerps ? c <= (1 + mm) * d2 / P0 : c * P0e < LR0 * d2)) {
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
    const d2 = acc.debt[i];
    let lt;
    let ct;
    if (sameAssetPerps) {
      const room = c - maintenance * d2 / P0;
      lt = room > 0 ? d2 / room : d2 > 0 ? Infinity : 0;
      ct = lt * CR / LR;
    } else {
      lt = c > 0 ? d2 * LR / c : d2 > 0 ? Infinity : 0;
      ct = c > 0 ? d2 * CR / c : d2 > 0 ? Infinity : 0;
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
        const d2 = acc.debt[i];
        if (price * qf * c >= d2 * CR) {
          acc.calledAt[i] = -1;
          deferredCall.push(i);
          continue;
        }
        if (acc.responseKind[i] === RESPONSE_TOP_UP) {
          const add = Math.min(Math.max(0, d2 * targetRatio / (price * qf) - c), acc.reserve[i]);
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
          let s = (target * d2 - c * price) / (price * (target - 1));
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
      const d2 = acc.debt[i];
      let soldUsd;
      if (liq.kind === "market-sale") soldUsd = marketSale(i, c, d2, liq.closeFactor, liq.bonus, maxUnits);
      else if (liq.kind === "stability-pool") {
        const before = totals.poolAbsorbedUsd;
        soldUsd = poolLiquidation(i, c, d2, maxUnits);
        if (totals.poolAbsorbedUsd > before) {
          pooledNow++;
          pooledDebtNow += totals.poolAbsorbedUsd - before;
        }
      } else if (liq.kind === "exchange-close") {
        const before = totals.vaultTakeovers;
        soldUsd = exchangeClose(i, c, d2, maxUnits);
        vaultNow += totals.vaultTakeovers - before;
      } else soldUsd = auctionKick(i, c, d2, maxUnits);
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
    const sellOff = (held, fraction4, who) => {
      if (held <= 0) return 0;
      let u = held * fraction4;
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
  function partialUnits(c, d2, bonus) {
    const T = mods.partialTargetRatio;
    if (T === null) return Infinity;
    const target = T / qf;
    const k = target / (1 + bonus) - 1;
    if (k <= 0) return Infinity;
    const x = (target * d2 - c * stepPrice) / (stepPrice * k);
    return x > 0 ? x : Infinity;
  }
  function marketSale(i, c, d2, closeFactor, bonus, maxUnits) {
    const t = stepT;
    const price = stepPrice;
    const ref = stepRef;
    let repay = d2 * closeFactor;
    if (repay < 1 || d2 * LR < 100) repay = d2;
    const partial = partialUnits(c, d2, bonus);
    if (partial !== Infinity) repay = Math.min(repay, partial * price / (1 + bonus));
    let seize = repay * (1 + bonus) / price;
    if (seize > maxUnits) {
      seize = maxUnits;
      repay = seize * price / (1 + bonus);
    }
    if (seize > c) {
      seize = c;
      repay = Math.min(d2, c * price / (1 + bonus));
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
    acc.debt[i] = d2 - repay;
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
  function auctionKick(i, c, d2, maxUnits) {
    const a = liq;
    const t = stepT;
    const price = stepPrice;
    const ref = stepRef;
    const lot = Math.min(a.lotSize, c, maxUnits);
    const debtPart = lot >= c ? d2 : d2 * lot / c;
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
    acc.debt[i] = d2 - debtPart;
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
  function poolLiquidation(i, c, d2, maxUnits) {
    const p = liq;
    if (poolDeposits < d2 && p.whenEmpty === "market-sale")
      return marketSale(i, c, d2, p.fallbackCloseFactor, p.fallbackBonus, maxUnits);
    const compUnits = c * p.gasCompensationFraction;
    if (!takeKickTx(p.gasCompensationUsd + compUnits * stepPrice)) {
      deferredLiq.push(i);
      return -1;
    }
    const f = d2 > 0 ? Math.min(1, poolDeposits / d2) : 1;
    const rest = c - compUnits;
    poolDeposits -= d2 * f;
    if (poolDeposits < 1e-9) poolDeposits = 0;
    poolUnits += rest * f;
    totals.repaid += d2 * f;
    totals.poolAbsorbedUsd += d2 * f;
    redistDebt += d2 * (1 - f);
    redistColl += rest * (1 - f);
    closeAccount(i);
    retrigger(i);
    totals.collateralOut += compUnits;
    kicks++;
    kickedUnits += c;
    kickedUsd += c * stepRef;
    totals.oracleValueAtKickUsd += c * stepPrice;
    liqLog.push(i, stepT, c, c * stepRef, d2, -1);
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
  function exchangeClose(i, c, d2, maxUnits) {
    const x = liq;
    const t = stepT;
    const price = stepPrice;
    const ref = stepRef;
    const haircutNow = 1 - 1 / marginState.ratio;
    const equity = c * price - d2;
    const vaultEquity = vaultCash + vaultUnits * price - vaultDebt;
    if (vaultSpec && equity < vaultSpec.belowMaintenanceFraction * haircutNow * c * price && vaultEquity + equity >= 0 && (vaultUnits + c) * price <= vaultSpec.maxHoldingUsd) {
      vaultDebt += d2;
      pendingDebt += d2;
      vaultUnits += c;
      totals.vaultTakeovers++;
      totals.vaultTakeoverUsd += c * price;
      closeAccount(i);
      retrigger(i);
      kicks++;
      kickedUnits += c;
      kickedUsd += c * ref;
      totals.oracleValueAtKickUsd += c * price;
      liqLog.push(i, t, c, c * ref, d2, -1);
      return 0;
    }
    let cNow = c;
    let dNow = d2;
    if (x.autoDeleverage && shorts && fund <= 1e-9 && c > 0 && equity <= 0) {
      if (totals.fundExhaustedStep < 0) totals.fundExhaustedStep = t;
      const pb = d2 / c;
      const r = shorts.deleverage(c, pb, price);
      if (r.units > 0) {
        const debtPart = r.units >= c ? d2 : d2 * r.units / c;
        acc.collateral[i] = c - r.units;
        acc.debt[i] = d2 - debtPart;
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
    const d2 = liq;
    const bidder = book.bidder[au];
    if (bidder >= 0 && t >= book.bidExpiry[au] || t >= book.end[au]) {
      if (bidder < 0) {
        book.end[au] = t + stepsOf(d2.maxDurationSeconds);
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
      const required = bidder < 0 ? MIN_BID_USD : Math.min(tab, current * (1 + d2.minIncrement));
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
      book.bidExpiry[au] = t + stepsOf(d2.bidDurationSeconds);
      return false;
    }
    let bestLot = lot / (1 + d2.minIncrement);
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
    book.bidExpiry[au] = t + stepsOf(d2.bidDurationSeconds);
    return false;
  }
  function stepDutch(au, t) {
    const d2 = liq;
    const elapsed = t - book.startStep[au];
    const elapsedSec = elapsed * dt;
    let top = book.top[au];
    let p = top * (elapsed < decayTable.length ? decayTable[elapsed] : decayFactor(d2.decay, elapsedSec));
    if (elapsedSec > d2.resetAfterSeconds || p / top < d2.resetBelowRatio) {
      const incentive = d2.keeperTipUsd + d2.keeperChip * book.tabLeft[au];
      let k = 0;
      while (k < keepers.count && !useTx(k, incentive)) k++;
      if (k >= keepers.count) return false;
      top = oracle.value * d2.startBuffer;
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
      const budget = d2.flashLiquidity ? env.maxTakeUsd : keepers.capital[k];
      let units = Math.min(lot, tabLeft / p, budget / p);
      if (units <= 0) continue;
      if (lot - units < 1e-12 * lotUnits) units = lot;
      const pay = Math.min(units * p, tabLeft);
      if (!useTx(k, units * (refPrice - p))) continue;
      if (!d2.flashLiquidity) keepers.capital[k] -= pay;
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
      sellForKeeper(d2.flashLiquidity ? -1 : k, units);
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
var STEP_INTERPOLATED = 3;
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
  for (let d2 = 0; d2 <= i1 - i0; d2++) {
    for (const i of [t - d2, t + d2]) {
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
      for (let j = 0; j < i; j++) [log[j], kind[j]] = [log[i], STEP_INTERPOLATED];
    } else if (i - prev > 1) {
      for (let j = prev + 1; j < i; j++) {
        log[j] = log[prev] + (log[i] - log[prev]) * (j - prev) / (i - prev);
        kind[j] = STEP_INTERPOLATED;
        interpolated++;
      }
    }
    prev = i;
  }
  if (prev < 0) return -1;
  for (let j = prev + 1; j < n; j++) [log[j], kind[j]] = [log[prev], STEP_INTERPOLATED];
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
function localizeEventText(text2, v) {
  let out = text2;
  if (!v.onChain || v.gas === false) {
    out = out.replace(
      /; (\d+) of (\d+) keepers can transact at [\d.]+ gwei/g,
      v.onChain ? `; $1 of $2 ${v.liquidators} can act` : ""
    );
  }
  if (!v.onChain) {
    out = out.replace(/no keeper transaction lands at [\d.]+ gwei/g, `no ${v.liquidators} can act`).replace(/ gave up waiting for gas below their limit \([\d.]+ gwei now\)/g, " gave up waiting");
  }
  if (v.numeraire !== "USD") {
    out = out.replace(
      /(−|-)?\$([\d.,]+(?:[kMB])?)/g,
      (_m, sign, n) => `${sign ?? ""}${n} ${v.numeraire}`
    );
  }
  return out;
}
function eventLog(run, waves, vocabulary = { numeraire: "USD", onChain: true, liquidators: "keepers" }) {
  const say = (text2) => localizeEventText(text2, vocabulary);
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
        text: say(`wave ${wave.index} begins: oracle at ${fmtUsd2(wave.triggerPrice)}`)
      });
    }
    const parts = [];
    while (e < events.length && events[e].step === t) {
      const ev = events[e++];
      lines.push({ step: t, time: isoAt(run, t), kind: ev.kind, text: say(ev.text) });
      parts.push(ev.text);
    }
    if (wave && wave.endStep === t) {
      lines.push({
        step: t,
        time: isoAt(run, t),
        kind: "wave",
        text: say(
          `wave ${wave.index} ends: ${wave.accounts} accounts, ${fmtUsd2(wave.collateralSoldUsd)} of collateral, ${Math.round(wave.endogenousShare * 100)}% of the drop endogenous, bad debt ${fmtUsd2(wave.badDebtUsd)}`
        )
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
    diagnostics: calibrationDiagnostics(
      obs,
      best.F[assetIdx],
      best.run.impactLog,
      timeline.stepKind[assetIdx]
    ),
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
function largestClosedMove(log, kind) {
  let worst = 0;
  let from = -1;
  for (let t = 0; t <= log.length; t++) {
    const closed = t < log.length && kind[t] === STEP_CLOSED;
    if (closed && from < 0) from = Math.max(0, t - 1);
    if (!closed && from >= 0) {
      const to = Math.min(log.length - 1, t);
      worst = Math.max(worst, Math.abs(Math.expm1(log[to] - log[from])));
      from = -1;
    }
  }
  return worst;
}
var pctText = (x) => `${x >= 0 ? "+" : "\u2212"}${Math.abs(x * 100).toFixed(1)}%`;
function calibrationDiagnostics(observedLog, fundamentalLog, impactLog2, stepKind) {
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
  const closedMove = stepKind ? largestClosedMove(fundamentalLog, stepKind) : 0;
  if (closedMove > 5e-3) {
    warnings.push(
      `while the market is closed the backed-out fundamental moves by up to ${pctText(closedMove).slice(1)}: flows that fall due overnight (margin-call responses, backlogged sales) still execute in the engine at the held price, and the back-out offsets them`
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
    log: eventLog(run, waves, {
      numeraire: unitsOf(scenario).numeraire,
      onChain: marketOf(scenario).kind === "on-chain",
      gas: marketOf(scenario).gas,
      liquidators: marketOf(scenario).liquidators
    })
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
  SCENARIO_DESIGN_LIST.map((d2) => [d2.id, d2])
);
var SCENARIO_DESIGN_IDS = SCENARIO_DESIGN_LIST.map((d2) => d2.id);

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
var PERPS_DESIGNS = new Map(PERPS_DESIGN_LIST.map((d2) => [d2.id, d2]));

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
var PRESETS = new Map(presetList.map((d2) => [d2.id, parseDesign(d2)]));

// src-main/scenarios/scenario-support.ts
function epochSeconds(iso2) {
  const ms = Date.parse(iso2);
  if (!Number.isFinite(ms) || !/Z$/.test(iso2)) {
    throw new RangeError(`scenario time "${iso2}" must be an ISO-8601 UTC time ending in Z`);
  }
  return ms / 1e3;
}
function pointsAt(pairs) {
  return pairs.map(([iso2, value]) => [epochSeconds(iso2), value]);
}

// src-main/scenarios/data-files.ts
function readTable(name, text2, sep = ",") {
  const lines = text2.replace(/^\uFEFF/, "").split(/\r?\n/).filter((l) => l.trim() !== "");
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
function text(t, row, column) {
  const c = t.header.indexOf(column);
  if (c < 0) throw new Error(`${t.name}: no column "${column}"`);
  return t.rows[row][c];
}
function sessionBars(t, openUtc, closeUtc) {
  return t.rows.map((_, r) => {
    const [m, d2, y] = text(t, r, "Date").split("/");
    const day = `${y}-${m.padStart(2, "0")}-${d2.padStart(2, "0")}`;
    const open = Date.parse(`${day}T${openUtc}:00Z`) / 1e3;
    const close = Date.parse(`${day}T${closeUtc}:00Z`) / 1e3;
    if (!Number.isFinite(open)) throw new Error(`${t.name}: row ${r + 2}: bad date "${text(t, r, "Date")}"`);
    return [
      open,
      close - open,
      cell(t, r, "Open"),
      cell(t, r, "High"),
      cell(t, r, "Low"),
      cell(t, r, "Close")
    ];
  });
}

// raw-text:/work/wt/hist/src-main/scenarios/data/1987-10-19-black-monday/sp500_gspc_daily_1987-10-01_to_1987-10-30.csv
var sp500_gspc_daily_1987_10_01_to_1987_10_30_default = "Date,Open,High,Low,Close,Adj Close,\n10/1/1987,321.83,327.34,321.83,327.33,327.33,\n10/2/1987,327.33,328.94,327.22,328.07,328.07,\n10/5/1987,328.07,328.57,326.09,328.08,328.08,\n10/6/1987,328.08,328.08,319.17,319.22,319.22,\n10/7/1987,319.22,319.39,315.78,318.54,318.54,\n10/8/1987,318.54,319.34,312.02,314.16,314.16,\n10/9/1987,314.16,315.04,310.97,311.07,311.07,\n10/12/1987,311.07,311.07,306.76,309.39,309.39,\n10/13/1987,309.39,314.53,309.39,314.52,314.52,\n10/14/1987,314.52,314.52,304.78,305.23,305.23,\n10/15/1987,305.21,305.23,298.07,298.08,298.08,\n10/16/1987,298.08,298.92,281.52,282.70,282.70,\n10/19/1987,282.70,282.70,224.83,224.84,224.84,\n10/20/1987,225.06,245.62,216.46,236.83,236.83,\n10/21/1987,236.83,259.27,236.83,258.38,258.38,\n10/22/1987,258.24,258.38,242.99,248.25,248.25,\n10/23/1987,248.29,250.70,242.76,248.22,248.22,\n10/26/1987,248.20,248.22,227.26,227.67,227.67,\n10/27/1987,227.67,237.81,227.67,233.19,233.19,\n10/28/1987,233.19,238.58,226.26,233.28,233.28,\n10/29/1987,233.31,246.69,233.28,244.77,244.77,\n10/30/1987,244.77,254.04,244.77,251.79,251.79,\n";

// src-main/scenarios/black-monday-1987.ts
var DAILY_CSV = "S&P 500 daily OHLC (Yahoo Finance ^GSPC, https://finance.yahoo.com/quote/%5EGSPC/history, via https://github.com/andrew-j-millward/GSPC-Backtest-Utility)";
var AOL = 'AOL / The Motley Fool, "The Crash of the Century" (2013-10-19), https://www.aol.com/2013/10/19/the-crash-of-the-century/';
var CNN = 'CNNfn, "The blackest of Mondays" (1997-10-13), https://money.cnn.com/1997/10/13/markets/crash_main/';
var BRADY_SUMMARY = "Report of the Presidential Task Force on Market Mechanisms (Brady Report, January 1988), as summarised at https://alexdenne.com/citations/brady-commission-1988 (report text: https://docslib.org/doc/11250650/report-of-the-presidential-task-force; page numbers unverified)";
var VXO = 'CBOE, "25 Years Ago the VXO Index Topped 150" (2012-10-22), http://www.cboeoptionshub.com/2012/10/22/25-years-ago-the-vxo-index-topped-150-by-matt-moran-2012-10-22-7-32/';
var FIN_HISTORY = "D. B. Henriques, Financial History issue 124 (Winter 2018), https://fhmagazine.org/financial-history-issue-124-winter-2018/0695841001519735985/p26";
var SIEGEL = "J. Siegel, Stocks for the Long Run, ch. on the 1987 crash, https://issuhub.com/view/index?id=4264&pageIndex=298";
var TIME_1988 = 'TIME, "The Culprits Behind the Crash?" (1988-01-25), http://softbeam.net/txt/time/Time1988/1988-01-25/966540.html';
var CITYROOM = 'NYSE "Black Monday, 20 Years Later" fact sheet (2007), https://it.scribd.com/document/159932194/20071019-CITYROOM';
var GABAIX_KOIJEN = 'X. Gabaix and R. Koijen, "In Search of the Origins of Financial Fluctuations: The Inelastic Markets Hypothesis" (NBER WP 28967, 2021), https://www.nber.org/papers/w28967';
var BARRONS_REGT = `Barron's, "Your New Uncle Harry", https://www.barrons.com/articles/SB959987992440581579`;
var DJIA_CLOSE_1987_10_16 = 2246.74;
var SPX_CLOSE_10_16 = 282.7;
var SPX_CLOSE_10_14 = 305.23;
var SPX_CLOSE_10_19 = 224.84;
function spxFromDowLoss(dowPointsDown) {
  const dowDayFall = 508 / DJIA_CLOSE_1987_10_16;
  const spxDayFall = 1 - SPX_CLOSE_10_19 / SPX_CLOSE_10_16;
  const fall = dowPointsDown / DJIA_CLOSE_1987_10_16 * (spxDayFall / dowDayFall);
  return Math.round(SPX_CLOSE_10_16 * (1 - fall) * 100) / 100;
}
var OPEN_UTC = "13:30";
var CLOSE_UTC = "20:00";
var SPX_DAILY_BARS = sessionBars(
  readTable("sp500_gspc_daily_1987-10-01_to_1987-10-30.csv", sp500_gspc_daily_1987_10_01_to_1987_10_30_default),
  OPEN_UTC,
  CLOSE_UTC
);
var SPX_KNOTS = pointsAt([
  // 09:45 EDT: "the Dow falling 200 points soon after the opening bell" (CNN).
  ["1987-10-19T13:45:00Z", spxFromDowLoss(200)],
  // 10:00: "by 10 a.m., the index had crept back up above 2,100" (CNN) → about −147.
  ["1987-10-19T14:00:00Z", spxFromDowLoss(DJIA_CLOSE_1987_10_16 - 2100)],
  // 11:00: "By 11 a.m., the Dow had already lost 250 points" (AOL).
  ["1987-10-19T15:00:00Z", spxFromDowLoss(250)],
  // Noon: "reclaiming 150 points of its initial decline by noon" (AOL) → −100.
  ["1987-10-19T16:00:00Z", spxFromDowLoss(100)],
  // 12:30: "the Dow fell back to a 175-point loss" (AOL).
  ["1987-10-19T16:30:00Z", spxFromDowLoss(175)],
  // 14:05: "new lows, nearly 300 points below the prior day's closing value" (AOL).
  ["1987-10-19T18:05:00Z", spxFromDowLoss(300)],
  // "Shortly after 3:00, the Dow crashed past a loss of 350 points" (AOL).
  ["1987-10-19T19:05:00Z", spxFromDowLoss(350)],
  // 20 October: the high in the morning rally (10:30 EDT assumed), the low after noon (12:30 assumed).
  ["1987-10-20T14:30:00Z", 245.62],
  ["1987-10-20T16:30:00Z", 216.46]
]);
var sessionsOf = (bars) => bars.map((b) => [b[0], b[0] + b[1]]);
var START = "1987-10-19T13:30:00Z";
var END = "1987-10-21T20:00:00Z";
var WINDOW_BARS = SPX_DAILY_BARS.filter(([t]) => t >= epochSeconds(START) && t < epochSeconds(END));
var daysTo = (iso2) => (epochSeconds(iso2) - epochSeconds(START)) / 86400;
var OPTIONS_SPEC = {
  asset: "SPX",
  // Assumed: short-term US rates of about 6.5–7% in October 1987.
  riskFreeRate: 0.065,
  iv: {
    // VXO (30-day OEX implied vol) closed at 27.86 on 15 Oct and 36.37 on 16 Oct, 150.19 on 19 Oct.
    baseVol: 0.25,
    // Pre-crash index smiles were nearly flat; the steep put skew is a post-1987 phenomenon.
    skew: 0.05,
    // Realised vol of the bridged hourly path runs near 50% on quiet days: that is the calm level, and
    // IV adds 0.3 points per point above it (both assumed; the replay reports IV against the VXO).
    stressBeta: 0.3,
    calmVol: 0.5,
    realisedHalfLifeSeconds: 4 * 3600,
    // Hourly returns: the 5-minute path between the authored intraday knots is bridged, and its
    // step-level noise is not market volatility (per-step returns put calm IV near 100%).
    returnIntervalSeconds: 3600,
    relaxHalfLifeSeconds: 2 * 86400,
    termPower: 0.3,
    floor: 0.08,
    cap: 2
  },
  writers: {
    // Assumed: naked index-put writing by individuals and small funds (OEX/SPX), ~$0.6 B notional.
    count: 5e3,
    totalUnits: 2e6,
    sizeParetoAlpha: 1.6,
    strikeBins: [
      { from: 0.85, to: 0.95, weight: 2 },
      { from: 0.95, to: 1.02, weight: 1 }
    ],
    strikeStep: 5 / 305,
    // November (20 Nov) and December (18 Dec) series; October's expired on Friday 16 October.
    expiries: [
      { days: daysTo("1987-11-20T21:00:00Z"), weight: 2 },
      { days: daysTo("1987-12-18T21:00:00Z"), weight: 1 }
    ],
    putShare: 0.7,
    nakedShare: 0.6,
    collateral: "stable",
    initialMarginMultiple: 1.4,
    marginMultipleSigma: 0.3
  },
  dealers: {
    // Assumed: option market makers net short November puts bought as crash protection.
    gamma: "short",
    units: 3e6,
    right: "put",
    strikes: [
      { moneyness: 0.9, weight: 1 },
      { moneyness: 0.95, weight: 1 }
    ],
    expiryDays: daysTo("1987-11-20T21:00:00Z"),
    hedgePolicy: { kind: "interval", seconds: 1800 }
  },
  insurers: {
    // 30 programmes sharing ~$80 B of insured assets (TIME; Brady: $60–90 B).
    count: 30,
    insuredUsd: 8e10,
    // Calibrated (see assumptions): a one-year synthetic put struck 30% below the 14 Oct close at
    // an assumed 20% vol asks for sales on 19 Oct of the order of the Brady figures (~$6 B done,
    // ~$12 B more called for); black-monday-1987.test.ts checks the order of magnitude.
    rule: {
      kind: "synthetic-put",
      // Struck 30% below the 14 Oct close (305.23) for one year from that close; the window opens on
      // 19 Oct at 282.70, so the fraction and the horizon are restated from there (same put).
      strikeFraction: 0.7 * SPX_CLOSE_10_14 / SPX_CLOSE_10_16,
      horizonDays: 365 - (epochSeconds(START) - epochSeconds("1987-10-14T20:00:00Z")) / 86400,
      assumedVol: 0.2
    },
    rebalanceBand: 5e-3,
    rebalanceIntervalSeconds: 1800,
    // Brady: ~$4 B of futures + ~$2 B of stock sold on 19 Oct over a 6.5-hour session ≈ $77 M per
    // 5-minute step (at the scenario's default step).
    maxSaleUsdPerStep: 8e7
  }
};
var blackMonday1987 = {
  id: "black-monday-1987",
  version: 2,
  title: "Black Monday \u2014 S&P 500 and portfolio insurance, 19 October 1987",
  dateLabel: "1987-10-19",
  summary: "After a week of falls, the S&P 500 lost 20.5% on Monday 19 October 1987, the largest one-day fall in its history. Portfolio insurers, replicating protective puts with Black\u2013Scholes, sold index futures and stocks into a falling market; futures traded far below the index, arbitrage broke down, and the models kept calling for sales the market could not take.",
  lesson: "A hedge that sells as prices fall is a liquidation engine in disguise: when everyone runs the same rule, the insurance creates the crash it insures against, and the market cannot deliver the prices the models assumed.",
  startTime: START,
  endTime: END,
  defaultStepSeconds: 300,
  assets: [
    {
      id: "SPX",
      observed: {
        source: `${DAILY_CSV}: daily OHLC bars, one per NYSE session (09:30\u201316:00 EDT = 13:30\u201320:00 UTC); intraday knots on 19 Oct from the DJIA path published by CNNfn and AOL (scaled to the S&P\u2019s own day fall), and the 20 Oct high and low at assumed times. Closed outside the sessions.`,
        resolutionSeconds: 900,
        points: SPX_KNOTS,
        bars: WINDOW_BARS,
        sessions: sessionsOf(WINDOW_BARS)
      },
      venues: [
        // Assumed: NYSE stocks and CME S&P 500 futures as one composite venue. $2 B per 1% is of the
        // order of the inelastic-markets estimate (Gabaix & Koijen: a flow of 1% of the market's value
        // moves it ~5%, ~$5.6 B per 1% of a $2.8 T market, long-run), taken lower intraday. The first
        // assumption, $400 M, made the backed-out fundamental RISE while the index fell 23%.
        {
          name: "NYSE + CME (composite)",
          impact: "linear",
          depthUsd: 2e9,
          permanentFraction: 0.6,
          transientHalfLifeSeconds: 3600,
          stress: { elasticity: 2, floor: 0.3 }
        }
      ],
      arbitrage: { fractionPerStep: 0, capitalUsdPerStep: 0, halfCapacityGasGwei: 1 }
    }
  ],
  gas: {
    source: "No blockchain in 1987: a nominal constant that never gates anyone.",
    points: [[epochSeconds(START), 1]],
    tokenPriceUsd: 1e-9
  },
  oracleOutages: [],
  derivatives: OPTIONS_SPEC,
  population: {
    // Assumed: broker margin accounts (Reg T 50% initial margin; 25% maintenance equity → liquidation
    // below a 1.33 collateral ratio), ~$40 B of margin debt.
    asset: "SPX",
    defaultAccounts: 5e3,
    totalDebtUsd: 4e10,
    collateralRatioBins: [
      { from: 1.4, to: 1.6, weight: 2 },
      { from: 1.6, to: 2, weight: 5 },
      { from: 2, to: 3, weight: 8 },
      { from: 3, to: 6, weight: 6 }
    ],
    debtParetoAlpha: 1.5,
    whales: [],
    response: {
      topUp: 0.55,
      deleverage: 0.25,
      medianDelayMinutes: 240,
      delaySigma: 0.8,
      reserveMedianRatio: 0.3,
      gasCapMedianGwei: 1e3,
      gasCapSigma: 0,
      targetRatio: 2,
      patienceMinutes: 1440
    }
  },
  keepers: {
    // Brokers' margin desks sell out accounts themselves: many, well funded, never gas-gated.
    count: 50,
    capitalUsd: 1e9,
    gasCapMedianGwei: 1e3,
    gasCapSigma: 0,
    marginMin: 0,
    marginMax: 0.01,
    lowballers: 0,
    lowballerGasCapGwei: 1e3,
    txPerStep: 100,
    kicksPerStep: 100,
    restockDelaySeconds: 0,
    maxTakeUsd: 1e9,
    gasUnitsPerTx: 1
  },
  historicalDesignId: "reg-t-1987",
  market: { kind: "traditional", liquidators: "brokers\u2019 margin desks" },
  published: [
    { figure: "S&P 500, 19 Oct 1987", value: "282.70 \u2192 224.84 (\u221220.47%)", source: DAILY_CSV },
    { figure: "S&P 500 daily change, 19 Oct 1987", value: "\u221220.5%", source: VXO },
    {
      figure: "DJIA, 19 Oct 1987",
      value: "\u2212508 points (\u221222.6%) to 1,738.74 from 2,246.74",
      source: `${CNN}; ${CITYROOM}`
    },
    {
      figure: "NYSE volume, 19 Oct 1987",
      value: "604.3 M shares (1987 average to date 181.5 M)",
      source: CITYROOM
    },
    {
      figure: "Portfolio-insurance sales, 19 Oct",
      value: "~$2 B of NYSE stock by three insurers and ~$4 B of futures equivalent (>40% of futures volume); models called for ~$12 B more",
      source: BRADY_SUMMARY
    },
    {
      figure: "Assets under portfolio insurance",
      value: "$60\u201390 B (Brady); ~$80 B (TIME)",
      source: `${BRADY_SUMMARY}; ${TIME_1988}`
    },
    {
      figure: "Opening of 19 Oct",
      value: "S&P futures \u22127% on the first trade; insurers sold >3,000 contracts in the first 30 minutes; Dow \u2212208 in the first 90 minutes",
      source: FIN_HISTORY
    },
    {
      figure: "Intraday DJIA path, 19 Oct",
      value: "\u2212250 by 11:00; \u2212100 by noon; \u2212175 at 12:30; about \u2212300 at 14:05; past \u2212350 shortly after 15:00; \u2212508 at the close",
      source: AOL
    },
    {
      figure: "VXO (30-day OEX implied vol), closes",
      value: "27.86 (15 Oct), 36.37 (16 Oct), 150.19 (19 Oct), 140.00 (20 Oct), 73.91 (21 Oct)",
      source: VXO
    },
    {
      figure: "S&P futures discount, 20 Oct",
      value: "futures fell to 181, ~40 points (22%) below the index; 16 Oct close: December futures 6 points (~3%) under spot",
      source: SIEGEL
    },
    { figure: "Reg T initial margin on stocks", value: "50% since 1974", source: BARRONS_REGT }
  ],
  validation: {
    targets: [
      {
        id: "insurance-sold-19-oct",
        figure: "Portfolio-insurance sales on 19 October",
        published: "~$2 B of NYSE stock and ~$4 B of futures (~$6 B)",
        source: BRADY_SUMMARY,
        measure: { kind: "insurance-sold", from: "1987-10-19T13:30:00Z", to: "1987-10-19T20:00:00Z" },
        value: 6e9,
        pass: { kind: "factor", factor: 1.5 },
        status: "fitted",
        ifMissed: "the insurers\u2019 strike, horizon and assumed volatility, and the $80 M-per-step execution cap, were chosen so that the rule sells about this much on 19 October."
      }
    ],
    fitted: [
      {
        parameter: "derivatives.insurers.rule (synthetic put 30% below the 14 Oct close, one year, 20% vol) and maxSaleUsdPerStep ($80 M)",
        value: "strike 213.66, 360 days, 20%; $80 M per 5-minute step",
        fittedTo: "the Brady Report\u2019s ~$6 B sold on 19 October and ~$12 B more called for"
      }
    ],
    uncertain: [
      {
        kind: "depth",
        low: 0.5,
        high: 2,
        why: "No intraday depth of the 1987 market is published: $1 B to $4 B per 1% around the assumed $2 B (the inelastic-markets estimate gives ~$5.6 B per 1% in the long run)."
      },
      {
        kind: "collateral-ratios",
        low: 0.8,
        high: 1.2,
        why: "Margin accounts\u2019 equity ratios in October 1987 are not published: the histogram\u2019s distances above 100% scaled by 0.8\u20131.2."
      }
    ]
  },
  assumptions: [
    'The S&P 500 intraday path on 19 Oct is the DJIA\u2019s published path scaled to the S&P\u2019s own day fall (20.47% vs 22.61%); the hours of the DJIA knots given as "soon after the opening bell" (09:45) or "shortly after 3:00" (15:05) and of the 20 Oct high (10:30) and low (12:30) are assumed.',
    "The window opens on Monday 19 October: the insurers start at the position their rule asks for at the open, so a backlog left from Friday is not carried in.",
    "Insurers\u2019 futures sales are treated as sales of the index itself (no futures basis): the 7% opening discount and the 22% discount of 20 Oct are reported, not simulated.",
    "The option writers\u2019 and dealers\u2019 sizes are illustrative, not data; the implied-vol parameters are model choices, compared with the VXO closes in the published figures.",
    "The lending population stands for broker margin accounts under Reg T 50% initial margin and 25% maintenance; its debt total and ratio histogram are assumptions.",
    "Depth: the first assumption ($400 M per 1%) made the backed-out fundamental rise while the index fell; $2 B per 1% is of the order of the inelastic-markets estimate (Gabaix & Koijen, \u201CIn Search of the Origins of Financial Fluctuations\u201D, 2021: ~5% per 1% of market value, ~$5.6 B per 1% of the $2.8 T market, long-run), taken lower intraday, and gives a fundamental that falls with the index."
  ],
  limits: [
    "No intraday S&P 500 data was found: 19 Oct has 7 knots from DJIA reports, 20 Oct its high and low at assumed hours; inside each session the path goes through the day\u2019s open, high, low and close and the knots, and the steps between are a seeded bridge within the day\u2019s range.",
    "The market is closed overnight: the price holds at the close and the next session opens with its gap. The engine still steps through the night (it has no per-step market-open switch yet), so margin-call responses and insurers\u2019 backlogged sales that fall due overnight execute at the held price.",
    "The Brady Report figures are taken from a secondary summary; page numbers in the report are unverified.",
    "The futures/cash split, the futures discount, NYSE DOT order-routing delays and late openings of stocks (a third of the Dow unopened for nearly an hour) are not modelled.",
    "Specialists, index arbitrageurs and value buyers appear only through the venue\u2019s depth and resilience."
  ],
  sources: [
    DAILY_CSV,
    BRADY_SUMMARY,
    AOL,
    CNN,
    VXO,
    FIN_HISTORY,
    SIEGEL,
    TIME_1988,
    CITYROOM,
    BARRONS_REGT,
    GABAIX_KOIJEN
  ]
};

// .scratch/bm.ts
var d = PRESETS.get("reg-t-1987");
for (const depth of (process.env.DEPTHS ?? "0.4,1,2,4").split(",").map(Number)) {
  const s = structuredClone(blackMonday1987);
  s.assets[0].venues[0].depthUsd = depth * 1e9;
  const r = replay(s, d, d, { seed: 1 });
  const dg = r.calibration.diagnostics;
  const ins = r.summary.flowsUsd.insurance;
  console.log(depth, "obsFall", dg.observedFall.toFixed(3), "Fmove", dg.fundamentalMoveOverFall.toFixed(3), "Fdd", dg.fundamentalDrawdown.toFixed(3), "maxI", dg.maxImpact.toFixed(3), "ampl", r.summary.amplification.toFixed(2), "ins", (ins / 1e9).toFixed(2), "liq", (r.summary.liquidatedUsd / 1e9).toFixed(2), dg.warnings.length);
}
