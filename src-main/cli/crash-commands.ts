/**
 * `replay` and `compare` on a user scenario with several protocols on one crash (the same venues,
 * so one protocol's sales move the others' prices): per protocol and total. `--protocol NAME` says
 * whose design `--design` replaces; the other protocols keep their own.
 */
import type { StoredCrash } from '../services/crash-service.ts';
import { crashReportJson, designSet, protocolIndex, runCrash } from '../services/crash-service.ts';
import type { Store } from '../services/library.ts';
import { resolveDesignRef } from '../services/library.ts';
import { InputError } from '../services/replay-service.ts';
import type { Parsed } from './args.ts';
import { intFlag, optional, textFlag } from './args.ts';
import { renderCrash, renderCrashCompare } from './render.ts';
import { saveCrashRun } from '../services/runs-service.ts';

interface CrashIo {
  out: (text: string) => void;
  readFile?: (file: string) => string;
}

function requestOf(p: Parsed) {
  return {
    seed: intFlag(p, 'seed') ?? 1,
    ...optional('accounts', intFlag(p, 'accounts')),
    ...optional('stepSeconds', intFlag(p, 'step')),
  };
}

/** The protocol `--protocol` names; required when a design is given. */
function chosenProtocol(crash: StoredCrash, p: Parsed, needed: boolean): number {
  const name = textFlag(p, 'protocol');
  if (name === undefined) {
    if (!needed) return -1;
    throw new InputError(
      `scenario "${crash.id}" has ${crash.protocols.length} protocols (${crash.protocols.map((x) => x.name).join(', ')}): name the one whose design --design replaces with --protocol NAME`,
    );
  }
  return protocolIndex(crash, name);
}

/** `replay ID [--protocol NAME --design D]` on a crash with several protocols. */
export function replayCrash(store: Store, crash: StoredCrash, p: Parsed, io: CrashIo): number {
  const refs = p.flags.get('design') ?? [];
  if (refs.length > 1) throw new InputError('replay takes one --design (use compare for several)');
  const k = chosenProtocol(crash, p, refs.length > 0);
  const design = refs[0] !== undefined ? resolveDesignRef(refs[0], store, io.readFile) : undefined;
  const request = requestOf(p);
  const [result] = runCrash(crash, [designSet(crash, k, design)], request);
  // Saved: one run per protocol, each holding what re-running the whole crash needs.
  const saved = p.bools.has('save')
    ? saveCrashRun(store, crash, result!, request.accounts ?? null).map((m) => m.id)
    : undefined;
  if (p.bools.has('json')) {
    io.out(`${JSON.stringify({ ...crashReportJson(result!), ...(saved ? { runIds: saved } : {}) })}\n`);
  } else {
    io.out(
      renderCrash(
        result!,
        crash.protocols.map((x) => x.scenario),
      ),
    );
    if (saved) {
      io.out(`saved runs ${saved.map((id, i) => `${id} (${crash.protocols[i]!.name})`).join(', ')}\n`);
    }
  }
  return 0;
}

/** `compare ID --protocol NAME --design A --design B …`: one protocol's design swapped at a time. */
export function compareCrash(store: Store, crash: StoredCrash, p: Parsed, io: CrashIo): number {
  const refs = p.flags.get('design') ?? [];
  const k = chosenProtocol(crash, p, true);
  const sets = refs.map((ref) => designSet(crash, k, resolveDesignRef(ref, store, io.readFile)));
  const results = runCrash(crash, sets, requestOf(p));
  const protocol = crash.protocols[k]!.name;
  if (p.bools.has('json')) {
    io.out(
      `${JSON.stringify({
        scenario: crash.id,
        seed: results[0]!.seed,
        protocol,
        runs: results.map((r) => ({ design: r.protocols[k]!.result.design.id, ...crashReportJson(r) })),
      })}\n`,
    );
  } else io.out(renderCrashCompare(results, protocol));
  return 0;
}

/** `--protocol` names a protocol of a scenario with several; on any other scenario it is refused. */
export function refuseProtocolFlag(p: Parsed, scenarioId: string): void {
  if (textFlag(p, 'protocol') !== undefined) {
    throw new InputError(
      `--protocol: scenario "${scenarioId}" has one protocol; leave --protocol out (it names the protocol whose design --design replaces in a scenario with several)`,
    );
  }
}
