/**
 * Phase 3: the margin engine — the requirement in force (fixed, or volatility-scaled from the
 * oracle's EWMA volatility with anti-procyclical damping) and the circuit breaker (margin-model.ts).
 * Triggers are filed at the base ratio; a moving requirement moves the query factor instead.
 */
import type { World } from '../world.ts';
import type { Phase } from './phase.ts';

export const marginEngine: Phase = {
  name: '3. margin engine',
  reads: ['oracle', 'now'],
  writes: ['margin', 'now', 'tally'],
  run(w: World): void {
    const { now, basketOracle } = w;
    w.tally.breakerChange = w.margin.update(now.t, basketOracle ? basketOracle.effective : now.price);
    // A basket's haircuts scale its value like a requirement does: effective = price × efficiency.
    now.qf = basketOracle ? w.margin.queryFactor * basketOracle.efficiency : w.margin.queryFactor;
  },
};
