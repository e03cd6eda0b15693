/** Argument parsing shared by the `cascade-lab` commands: positionals, value flags, boolean flags. */
import { InputError } from '../services/replay-service.ts';

export interface Parsed {
  positional: string[];
  flags: Map<string, string[]>;
  bools: Set<string>;
}

/** Flags that take a value (`--name value` or `--name=value`); several may repeat (`--design`, `--run`). */
const VALUE_FLAGS = new Set([
  'design',
  'seed',
  'accounts',
  'step',
  'asset',
  'venue',
  'tz',
  'date-order',
  'out',
  'scenario',
  'run',
  'lesson',
  'challenge',
  'title',
  // Scenarios users bring (scenario-commands.ts).
  'kind',
  'bar-time',
  'delimiter',
  'time-column',
  'value-column',
  'name',
  'series',
  'template',
  'population',
  'protocol',
  'gas',
  'ledger',
  'start',
  'end',
  'id',
  'vary',
  'seeds',
  'shock',
  'workers',
  'queue',
]);
/** Flags without a value. */
const BOOL_FLAGS = new Set(['json', 'help', 'save', 'csv', 'yes']);

export function parseArgs(args: string[]): Parsed {
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

export function intFlag(p: Parsed, name: string): number | undefined {
  const v = p.flags.get(name);
  if (!v) return undefined;
  if (v.length > 1) throw new InputError(`--${name} given more than once`);
  const raw = v[0]!;
  if (!/^\d+$/.test(raw)) throw new InputError(`--${name} must be a whole number (got "${raw}")`);
  return Number(raw);
}

/** The value of a flag given at most once, or undefined. */
export function textFlag(p: Parsed, name: string): string | undefined {
  const v = p.flags.get(name);
  if (!v) return undefined;
  if (v.length > 1) throw new InputError(`--${name} given more than once`);
  return v[0]!;
}

/** Refuses options the command does not take, naming the ones it does. */
export function allowOnly(p: Parsed, command: string, allowed: readonly string[]): void {
  for (const name of [...p.flags.keys(), ...p.bools]) {
    if (name === 'help' || allowed.includes(name)) continue;
    throw new InputError(
      `${command} does not take --${name}${allowed.length > 0 ? ` (it takes ${allowed.map((a) => `--${a}`).join(', ')})` : ''}`,
    );
  }
}

/** The command's positional arguments, exactly `names.length` of them. */
export function positionals(p: Parsed, command: string, names: readonly string[]): string[] {
  if (p.positional.length < names.length) {
    throw new InputError(`${command} needs ${names.map((n) => `<${n}>`).join(' ')}`);
  }
  if (p.positional.length > names.length)
    throw new InputError(`unexpected argument "${p.positional[names.length]}"`);
  return p.positional;
}

export function optional<K extends string>(key: K, v: number | undefined): { [P in K]?: number } {
  return (v === undefined ? {} : { [key]: v }) as { [P in K]?: number };
}
