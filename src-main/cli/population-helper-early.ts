/**
 * The CLI's population helper (services/population/population-helper.ts), started by the first
 * module the executable evaluates: its worker then boots while the rest of the bundle initialises
 * (~0.1 s), so it is ready when the population is drawn. Only `replay` and `compare` use it, and
 * only for a population large enough to split: a command that asks for fewer accounts starts no
 * worker (its boot and warm-up would only compete with the command for the machine).
 * CASCADE_LAB_POPULATION_HELPER=0 turns it off (same output, one thread; the bench compares both).
 */
import type { PopulationHelper } from '../services/population/population-helper.ts';
import { createPopulationHelper, HELPER_MIN_ACCOUNTS } from '../services/population/population-helper.ts';

/**
 * Whether a command line (`argv` after the executable and script) may draw a population worth a
 * helper. Read before the arguments are parsed (the parser's module would build schemas first), so it
 * only looks for `--accounts N` / `--accounts=N`; without one the scenario's size decides, later.
 */
export function wantsPopulationHelper(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  if (env.CASCADE_LAB_POPULATION_HELPER === '0') return false;
  if (argv[0] !== 'replay' && argv[0] !== 'compare') return false;
  const flag = '--accounts';
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    const value = a === flag ? argv[i + 1] : a.startsWith(`${flag}=`) ? a.slice(flag.length + 1) : undefined;
    // A value that is not a number is the parser's to refuse; a helper costs nothing then.
    if (value !== undefined) return !(Number(value) < HELPER_MIN_ACCOUNTS);
  }
  return true;
}

export const populationHelper: PopulationHelper | null = wantsPopulationHelper(
  process.argv.slice(2),
  process.env,
)
  ? createPopulationHelper()
  : null;
