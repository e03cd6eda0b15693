/**
 * Scenarios written before rates were in time (engine < 0.3) carried per-step fields: keepers'
 * `txPerStep` and `kicksPerStep`, arbitrage's `fractionPerStep` and `capitalUsdPerStep`, insurers'
 * `maxSaleUsdPerStep`. They are upgraded here, before validation, with the conversion at the
 * scenario's own `defaultStepSeconds` (the step they were written for), and the upgrade is stated in
 * the scenario's assumptions so users read what was converted and how.
 */

type Obj = Record<string, unknown>;

const isObj = (x: unknown): x is Obj => x !== null && typeof x === 'object' && !Array.isArray(x);
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const short = (v: number): string => String(Number(v.toPrecision(4)));

/** Half-life of a gap of which `fraction` closes per step of `step` seconds (null: never closes). */
export function gapHalfLifeOf(fraction: number, step: number): number | null {
  if (fraction <= 0) return null;
  // A gap closed entirely each step: a half-life of a twentieth of the step (1 − 2⁻²⁰ per step).
  if (fraction >= 1) return step / 20;
  return (step * Math.LN2) / -Math.log(1 - fraction);
}

/** Moves `obj[from]` (a per-step count or amount) to `obj[to]` per second; notes the change. */
function perSecond(obj: Obj, from: string, to: string, step: number, where: string, notes: string[]): void {
  if (!(from in obj) || to in obj) return;
  const v = obj[from];
  delete obj[from];
  if (v === null) obj[to] = null;
  else if (isNum(v)) {
    obj[to] = v / step;
    notes.push(`${where}.${from} ${short(v)} → ${to} ${short(v / step)}`);
  } else obj[to] = v;
}

function upgradeArbitrage(a: Obj, step: number, where: string, notes: string[]): void {
  perSecond(a, 'capitalUsdPerStep', 'capitalUsdPerSecond', step, where, notes);
  if ('fractionPerStep' in a && !('gapHalfLifeSeconds' in a)) {
    const f = a.fractionPerStep;
    delete a.fractionPerStep;
    if (isNum(f)) {
      const h = gapHalfLifeOf(f, step);
      a.gapHalfLifeSeconds = h;
      notes.push(
        `${where}.fractionPerStep ${short(f)} → gapHalfLifeSeconds ${h === null ? 'null' : short(h)}`,
      );
    } else a.gapHalfLifeSeconds = f;
  }
}

/**
 * Converts, in place, the per-step fields of a scenario-shaped object (keepers, assets' arbitrage,
 * derivatives' insurers) to per-second ones at `step` seconds; returns what it converted, one note
 * a field ("keepers.txPerStep 4 → txPerSecond 0.06667").
 */
export function convertPerStepRates(s: Record<string, unknown>, step: number): string[] {
  const notes: string[] = [];
  if (isObj(s.keepers)) {
    perSecond(s.keepers, 'txPerStep', 'txPerSecond', step, 'keepers', notes);
    perSecond(s.keepers, 'kicksPerStep', 'kicksPerSecond', step, 'keepers', notes);
  }
  if (Array.isArray(s.assets)) {
    s.assets.forEach((a, i) => {
      if (isObj(a) && isObj(a.arbitrage)) upgradeArbitrage(a.arbitrage, step, `assets.${i}.arbitrage`, notes);
    });
  }
  const d = s.derivatives;
  if (isObj(d) && isObj(d.insurers)) {
    perSecond(d.insurers, 'maxSaleUsdPerStep', 'maxSaleUsdPerSecond', step, 'derivatives.insurers', notes);
  }
  return notes;
}

/** The sentence users read about an upgrade (added to the scenario's assumptions). */
export function upgradeStatement(step: number, notes: readonly string[]): string {
  return `Upgraded from per-step rates at this scenario's ${step} s step (engine 0.3 counts rates per second): ${notes.join('; ')}.`;
}

/**
 * Returns the input with per-step fields converted to per-second ones at its `defaultStepSeconds`
 * (a copy; the input is not changed). Anything else, including bad values, is left for validation.
 */
export function upgradeScenarioRates(input: unknown): unknown {
  if (!isObj(input)) return input;
  const step = input.defaultStepSeconds;
  if (!isNum(step) || step <= 0) return input;
  const s = JSON.parse(JSON.stringify(input)) as Record<string, unknown>;
  const notes = convertPerStepRates(s, step);
  if (notes.length === 0) return input;
  const statement = upgradeStatement(step, notes);
  s.assumptions = Array.isArray(s.assumptions) ? [...(s.assumptions as unknown[]), statement] : [statement];
  return s;
}
