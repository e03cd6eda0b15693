import { calibrate } from '../src-main/engine/replay.ts';
import { PRESETS } from '../src-main/engine/presets.ts';
import { parseDesign } from '../src-main/engine/design.ts';
import { simulate } from '../src-main/engine/simulate.ts';
import { buildTimeline } from '../src-main/engine/timeline.ts';
import { blackThursdayOptions } from '../src-main/scenarios/black-thursday-options.ts';
const h = PRESETS.get(blackThursdayOptions.historicalDesignId)!;
const tl = buildTimeline(blackThursdayOptions, 300, 1);
const cal = calibrate(blackThursdayOptions, h, tl, { seed: 1, accounts: 1000, stepSeconds: 300 });
const run = (d: any) => simulate({ scenario: blackThursdayOptions, design: d, timeline: tl, fundamentalLog: cal.fundamentalLog, seed: 1, accounts: 1000 });
const on = run(h), off = run(parseDesign({ ...h, id: 'x', options: { ...h.options!, ivFeedback: false } }));
function byFall(r: any, fall: number) { const p0 = r.series.price[0]; let n = 0; for (let t = 0; t < r.steps; t++) { n += r.options.series.writersLiquidated[t]; if (r.series.price[t] <= p0 * (1 - fall)) return n; } return n; }
for (const f of [0.1, 0.15, 0.2, 0.25, 0.3, 0.35]) console.log(f, byFall(on, f), byFall(off, f));
