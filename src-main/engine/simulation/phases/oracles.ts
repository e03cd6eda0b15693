/** Phase 2: the oracle updates from the venues' pre-flow prices (blocked by outages and gas). */
import type { World } from '../world.ts';
import type { Phase } from './phase.ts';

export const updateOracles: Phase = {
  name: '2. oracles',
  reads: ['path', 'now'],
  writes: ['oracle', 'now'],
  run(w: World): void {
    const { now, oracle } = w;
    if (now.t === 0) oracle.init(w.path.venuePrices);
    else oracle.update(now.t, w.path.venuePrices, now.gas, w.timeline.outage[now.t] === 1);
    now.price = oracle.value;
  },
};
