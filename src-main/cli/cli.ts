/**
 * The `cascade-lab` command line: the same services as the app. `runCli` is pure of process state
 * (arguments in, text out, exit status returned) so tests drive it in-process; main.ts binds it to
 * the process. Bad input exits with status 2 and one line naming the problem, never a stack trace.
 */
import { DesignError } from '../engine/design.ts';
import { ORACLE_VARIANTS, PRESETS } from '../engine/presets.ts';
import type { ReplayResult } from '../engine/replay.ts';
import { ScenarioError } from '../engine/scenario.ts';
import { fmtUsd } from '../engine/simulate.ts';
import {
  InputError,
  getScenario,
  listScenarios,
  reportJson,
  resolveDesign,
  runReplays,
} from '../services/replay-service.ts';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  readFile?: (path: string) => string;
}

const USAGE = `usage:
  cascade-lab scenarios
  cascade-lab designs
  cascade-lab replay <scenario> [--design <preset|preset+oracle|file.json>] [--seed N] [--accounts N] [--step SECONDS] [--json]
  cascade-lab compare <scenario> --design A --design B [--design C …] [--seed N] [--accounts N] [--json]`;

interface Parsed {
  positional: string[];
  flags: Map<string, string[]>;
  bools: Set<string>;
}

const VALUE_FLAGS = new Set(['design', 'seed', 'accounts', 'step']);
const BOOL_FLAGS = new Set(['json', 'help']);

function parseArgs(args: string[]): Parsed {
  const positional: string[] = [];
  const flags = new Map<string, string[]>();
  const bools = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq < 0 ? undefined : eq);
      if (BOOL_FLAGS.has(name)) {
        bools.add(name);
        continue;
      }
      if (!VALUE_FLAGS.has(name)) throw new InputError(`unknown option --${name}`);
      const value = eq >= 0 ? a.slice(eq + 1) : args[++i];
      if (value === undefined || value === '') throw new InputError(`--${name} needs a value`);
      flags.set(name, [...(flags.get(name) ?? []), value]);
    } else positional.push(a);
  }
  return { positional, flags, bools };
}

function intFlag(p: Parsed, name: string): number | undefined {
  const v = p.flags.get(name);
  if (!v) return undefined;
  if (v.length > 1) throw new InputError(`--${name} given more than once`);
  const raw = v[0]!;
  if (!/^\d+$/.test(raw)) throw new InputError(`--${name} must be a whole number (got "${raw}")`);
  return Number(raw);
}

export function runCli(argv: string[], io: CliIo): number {
  try {
    return dispatch(argv, io);
  } catch (e) {
    if (e instanceof InputError || e instanceof DesignError || e instanceof ScenarioError) {
      io.err(`cascade-lab: ${e.message}\n`);
      return 2;
    }
    io.err(`cascade-lab: internal error: ${(e as Error).message ?? String(e)}\n`);
    return 1;
  }
}

function dispatch(argv: string[], io: CliIo): number {
  const [command, ...rest] = argv;
  const p = parseArgs(rest);
  if (!command || command === 'help' || command === '--help' || p.bools.has('help')) {
    io.out(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  switch (command) {
    case 'scenarios':
      return cmdScenarios(p, io);
    case 'designs':
      return cmdDesigns(io);
    case 'replay':
      return cmdReplay(p, io);
    case 'compare':
      return cmdCompare(p, io);
    default:
      throw new InputError(`unknown command "${command}"\n${USAGE}`);
  }
}

function cmdScenarios(p: Parsed, io: CliIo): number {
  const list = listScenarios();
  if (p.bools.has('json')) {
    io.out(
      `${JSON.stringify(list.map((s) => ({ id: s.id, title: s.title, date: s.dateLabel, historicalDesign: s.historicalDesignId, summary: s.summary })))}\n`,
    );
    return 0;
  }
  for (const s of list)
    io.out(
      `${s.id.padEnd(24)} ${s.dateLabel}  ${s.title}\n${' '.repeat(25)}historical design: ${s.historicalDesignId}\n`,
    );
  return 0;
}

function cmdDesigns(io: CliIo): number {
  io.out('presets:\n');
  for (const d of PRESETS.values()) io.out(`  ${d.id.padEnd(24)} ${d.name}\n`);
  io.out('oracle variants (mix in as preset+variant):\n');
  for (const [id, v] of ORACLE_VARIANTS) io.out(`  ${id.padEnd(24)} ${v.description}\n`);
  return 0;
}

function needScenario(p: Parsed): string {
  const id = p.positional[0];
  if (!id) throw new InputError(`name a scenario (see: cascade-lab scenarios)`);
  if (p.positional.length > 1) throw new InputError(`unexpected argument "${p.positional[1]}"`);
  return id;
}

function cmdReplay(p: Parsed, io: CliIo): number {
  const scenario = getScenario(needScenario(p));
  const refs = p.flags.get('design') ?? [scenario.historicalDesignId];
  if (refs.length > 1) throw new InputError('replay takes one --design (use compare for several)');
  const design = resolveDesign(refs[0]!, io.readFile);
  const [result] = runReplays({
    scenarioId: scenario.id,
    designs: [design],
    seed: intFlag(p, 'seed') ?? 1,
    ...optional('accounts', intFlag(p, 'accounts')),
    ...optional('stepSeconds', intFlag(p, 'step')),
  });
  if (p.bools.has('json')) io.out(`${JSON.stringify(reportJson(result!))}\n`);
  else io.out(renderReplay(result!));
  return 0;
}

function cmdCompare(p: Parsed, io: CliIo): number {
  const scenario = getScenario(needScenario(p));
  const refs = p.flags.get('design') ?? [];
  if (refs.length < 2) throw new InputError('compare needs at least two --design options');
  if (refs.length > 4) throw new InputError('compare takes at most four designs');
  const designs = refs.map((r) => resolveDesign(r, io.readFile));
  const results = runReplays({
    scenarioId: scenario.id,
    designs,
    seed: intFlag(p, 'seed') ?? 1,
    ...optional('accounts', intFlag(p, 'accounts')),
    ...optional('stepSeconds', intFlag(p, 'step')),
  });
  if (p.bools.has('json')) {
    io.out(
      `${JSON.stringify({ scenario: scenario.id, seed: results[0]!.seed, runs: results.map(reportJson) })}\n`,
    );
    return 0;
  }
  io.out(renderCompare(results));
  return 0;
}

function optional<K extends string>(key: K, v: number | undefined): { [P in K]?: number } {
  return (v === undefined ? {} : { [key]: v }) as { [P in K]?: number };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

export function renderReplay(r: ReplayResult): string {
  const s = r.summary;
  const lines = [
    `${r.scenarioId} under ${r.design.id} (${r.design.name})`,
    `seed ${r.seed} · ${r.accounts} accounts · ${r.run.steps} steps of ${r.stepSeconds}s · engine ${r.engineVersion}`,
    `calibration: residual ${r.calibration.residual.toExponential(2)} in log price after ${r.calibration.iterations} iterations (historical design ${r.calibration.historicalDesign})`,
    `note: ${r.timeline.bridge.note}`,
    '',
    `drawdown            observed ${pct(s.drawdown.observed)}  simulated ${pct(s.drawdown.simulated)}  fundamental ${pct(s.drawdown.fundamental)}`,
    `amplification       ${s.amplification.toFixed(3)}×`,
    `liquidated          ${fmtUsd(s.liquidatedUsd)} across ${s.accountsLiquidated} accounts`,
    `bad debt            ${fmtUsd(s.badDebtUsd)} (${s.badDebtPctOfDebt.toFixed(2)}% of debt)`,
    `zero-bid auctions   ${s.zeroBidAuctions} of ${s.auctionsSettled} settled (${pct(s.zeroBidShare)}), ${fmtUsd(s.zeroBidCollateralUsd)} of collateral`,
    `recovery vs oracle  ${pct(s.recoveryRateVsOracle)}`,
    `margin calls        ${s.marginCalls.issued} issued, ${s.marginCalls.answered} answered`,
    `waterfall           surplus ${fmtUsd(s.waterfall.surplusUsedUsd)}, debt auction ${fmtUsd(s.waterfall.debtAuctionUsd)} (${s.waterfall.govTokensMinted.toFixed(0)} gov tokens), socialised ${fmtUsd(s.waterfall.socialisedUsd)}`,
    `capital efficiency  max LTV ${pct(s.capitalEfficiency.maxLtv)}, max leverage ${s.capitalEfficiency.maxLeverage.toFixed(2)}×`,
    '',
    'waves',
    `  ${'#'.padEnd(3)} ${'start'.padEnd(17)} ${'end'.padEnd(17)} ${'trigger'.padStart(9)} ${'accounts'.padStart(8)} ${'collateral'.padStart(11)} ${'endog.'.padStart(7)} ${'bad debt'.padStart(10)}`,
    ...r.waves.map(
      (w) =>
        `  ${String(w.index).padEnd(3)} ${w.start.slice(0, 16).replace('T', ' ').padEnd(17)} ${w.end.slice(0, 16).replace('T', ' ').padEnd(17)} ${fmtUsd(w.triggerPrice).padStart(9)} ${String(w.accounts).padStart(8)} ${fmtUsd(w.collateralSoldUsd).padStart(11)} ${pct(w.endogenousShare).padStart(7)} ${fmtUsd(w.badDebtUsd).padStart(10)}`,
    ),
  ];
  if (r.waves.length === 0) lines.push('  (no liquidations)');
  return `${lines.join('\n')}\n`;
}

export function renderCompare(results: ReplayResult[]): string {
  const rows: [string, (r: ReplayResult) => string][] = [
    ['drawdown (simulated)', (r) => pct(r.summary.drawdown.simulated)],
    ['amplification', (r) => `${r.summary.amplification.toFixed(3)}×`],
    ['liquidated', (r) => fmtUsd(r.summary.liquidatedUsd)],
    ['accounts liquidated', (r) => String(r.summary.accountsLiquidated)],
    ['bad debt', (r) => fmtUsd(r.summary.badDebtUsd)],
    ['bad debt % of debt', (r) => `${r.summary.badDebtPctOfDebt.toFixed(2)}%`],
    ['zero-bid auctions', (r) => String(r.summary.zeroBidAuctions)],
    ['recovery vs oracle', (r) => pct(r.summary.recoveryRateVsOracle)],
    ['margin calls answered', (r) => `${r.summary.marginCalls.answered}/${r.summary.marginCalls.issued}`],
    ['waves', (r) => String(r.waves.length)],
    ['largest wave', (r) => fmtUsd(Math.max(0, ...r.waves.map((w) => w.collateralSoldUsd)))],
    ['max leverage', (r) => `${r.summary.capitalEfficiency.maxLeverage.toFixed(2)}×`],
  ];
  const width = 24;
  const col = Math.max(18, ...results.map((r) => r.design.id.length + 2));
  const first = results[0]!;
  const out = [
    `${first.scenarioId} · seed ${first.seed} · ${first.accounts} accounts · calibration residual ${first.calibration.residual.toExponential(2)} (${first.calibration.iterations} iterations)`,
    '',
    `${''.padEnd(width)}${results.map((r) => r.design.id.padStart(col)).join('')}`,
    ...rows.map(([label, f]) => `${label.padEnd(width)}${results.map((r) => f(r).padStart(col)).join('')}`),
  ];
  return `${out.join('\n')}\n`;
}
