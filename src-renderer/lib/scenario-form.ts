/**
 * The New-scenario flow's form as plain data: built from what was imported (or from a stored
 * scenario's document, to edit it), turned into a cascade-lab/scenario document for main to
 * validate, and a validation error's field mapped to the form field it belongs beside. Pure.
 */

/** A venue as the template (or the document) gives it; only its depth is edited here. */
export type Venue = Record<string, unknown> & { name: string; depthUsd: number };

export interface AssetRow {
  id: string;
  /** `{ seriesId }` for a new scenario; the stored points when editing. */
  series: Record<string, unknown>;
  /** What the user sees ("ETH · Binance, 865 points"). */
  label: string;
  /** Null: the template's venues (not edited). */
  venues: Venue[] | null;
  arbitrage?: unknown;
}

export type PopulationRow =
  | { kind: 'positions'; positionSetId: string; kept?: Record<string, unknown> }
  | { kind: 'distribution'; accounts: number; totalDebtUsd: number; spec: Record<string, unknown> };

export interface ProtocolRow {
  name: string;
  /** A design id, or (editing) the stored design object. */
  design: string | Record<string, unknown>;
  oracle?: unknown;
  population: PopulationRow;
}

export interface ScenarioForm {
  name: string;
  template: string;
  /** ISO UTC; blank: the span the series share. */
  start: string;
  end: string;
  stepSeconds: number | null;
  assets: AssetRow[];
  gas:
    | { kind: 'constant'; gwei: number | null }
    | { kind: 'series'; seriesId: string }
    | { kind: 'kept'; raw: Record<string, unknown> };
  protocols: ProtocolRow[];
  ledger:
    | { kind: 'none' }
    | { kind: 'imported'; ledgerId: string }
    | { kind: 'kept'; raw: Record<string, unknown> };
  /** Everything else of an edited document (published figures, assumptions, keepers …), kept as is. */
  rest: Record<string, unknown>;
}

export function emptyScenarioForm(template: string): ScenarioForm {
  return {
    name: '',
    template,
    start: '',
    end: '',
    stepSeconds: null,
    assets: [],
    gas: { kind: 'constant', gwei: null },
    protocols: [],
    ledger: { kind: 'none' },
    rest: {},
  };
}

function populationEntry(p: PopulationRow): Record<string, unknown> {
  if (p.kind === 'positions') return p.kept ?? { kind: 'positions', positionSetId: p.positionSetId };
  return { ...p.spec, kind: 'distribution', defaultAccounts: p.accounts, totalDebtUsd: p.totalDebtUsd };
}

function gasEntry(gas: ScenarioForm['gas']): Record<string, unknown> | undefined {
  if (gas.kind === 'kept') return gas.raw;
  if (gas.kind === 'series') return { seriesId: gas.seriesId };
  return gas.gwei === null ? undefined : { constantGwei: gas.gwei };
}

/** The cascade-lab/scenario document of the form (main validates it). */
export function documentOf(form: ScenarioForm): Record<string, unknown> {
  const gas = gasEntry(form.gas);
  const doc: Record<string, unknown> = {
    ...form.rest,
    format: 'cascade-lab/scenario',
    version: 1,
    name: form.name.trim(),
    template: form.template,
    assets: form.assets.map((a) => ({
      id: a.id,
      series: a.series,
      ...(a.venues !== null ? { venues: a.venues } : {}),
      ...(a.venues !== null && a.arbitrage !== undefined ? { arbitrage: a.arbitrage } : {}),
    })),
    protocols: form.protocols.map((p) => ({
      name: p.name.trim(),
      design: p.design,
      ...(p.oracle !== undefined ? { oracle: p.oracle } : {}),
      population: populationEntry(p.population),
    })),
  };
  if (form.start.trim() !== '' || form.end.trim() !== '')
    doc['window'] = { start: form.start.trim(), end: form.end.trim() };
  else delete doc['window'];
  if (form.stepSeconds !== null) doc['stepSeconds'] = form.stepSeconds;
  else delete doc['stepSeconds'];
  if (gas !== undefined) doc['gas'] = gas;
  else delete doc['gas'];
  if (form.ledger.kind === 'imported') doc['ledger'] = { ledgerId: form.ledger.ledgerId };
  else if (form.ledger.kind === 'kept') doc['ledger'] = form.ledger.raw;
  else delete doc['ledger'];
  return doc;
}

const KEPT_KEYS = [
  'format',
  'version',
  'name',
  'template',
  'window',
  'stepSeconds',
  'assets',
  'gas',
  'protocols',
  'ledger',
];

/** The form of a stored (resolved) document, to edit it: data stays as stored, choices become editable. */
export function formOfDocument(doc: Record<string, unknown>): ScenarioForm {
  const d = doc as {
    name: string;
    template?: string;
    window?: { start: string; end: string };
    stepSeconds?: number;
    assets: { id: string; series: Record<string, unknown>; venues?: Venue[]; arbitrage?: unknown }[];
    gas?: Record<string, unknown>;
    protocols: {
      name: string;
      design: string | Record<string, unknown>;
      oracle?: unknown;
      population: Record<string, unknown>;
    }[];
    ledger?: Record<string, unknown>;
  };
  const rest = Object.fromEntries(Object.entries(doc).filter(([k]) => !KEPT_KEYS.includes(k)));
  return {
    name: d.name,
    template: d.template ?? '',
    start: d.window?.start ?? '',
    end: d.window?.end ?? '',
    stepSeconds: d.stepSeconds ?? null,
    assets: d.assets.map((a) => ({
      id: a.id,
      series: a.series,
      label: `${a.id}: ${Array.isArray(a.series['points']) ? (a.series['points'] as unknown[]).length : '?'} points (${String(a.series['source'] ?? 'stored')})`,
      venues: a.venues ?? null,
      arbitrage: a.arbitrage,
    })),
    gas: d.gas ? { kind: 'kept', raw: d.gas } : { kind: 'constant', gwei: null },
    protocols: d.protocols.map((p) => ({
      name: p.name,
      design: p.design,
      ...(p.oracle !== undefined ? { oracle: p.oracle } : {}),
      population:
        p.population['kind'] === 'distribution'
          ? {
              kind: 'distribution',
              accounts: Number(p.population['defaultAccounts']),
              totalDebtUsd: Number(p.population['totalDebtUsd']),
              spec: Object.fromEntries(
                Object.entries(p.population).filter(
                  ([k]) => !['kind', 'defaultAccounts', 'totalDebtUsd'].includes(k),
                ),
              ),
            }
          : { kind: 'positions', positionSetId: '', kept: p.population },
    })),
    ledger: d.ledger ? { kind: 'kept', raw: d.ledger } : { kind: 'none' },
    rest,
  };
}

/**
 * The form field a validation error belongs beside: `scenario.protocols.1.population.totalDebtUsd`
 * → `protocol-1-population`. Anything without a field of its own goes to the form's top.
 */
export function formFieldOf(path: string): string {
  const parts = path.split('.');
  const [, top, i, sub, j] = parts;
  switch (top) {
    case 'name':
    case 'id':
      return 'name';
    case 'window':
      return sub === 'end' || i === 'end' ? 'end' : 'start';
    case 'stepSeconds':
      return 'step';
    case 'assets':
      if (sub === 'venues' && j !== undefined) return `venue-${i}-${j}`;
      return 'series';
    case 'gas':
      return 'gas';
    case 'protocols':
      if (i === undefined) return 'protocols';
      if (sub === 'name') return `protocol-${i}-name`;
      if (sub === 'design' || sub === 'oracle') return `protocol-${i}-design`;
      return `protocol-${i}-population`;
    case 'ledger':
      return 'ledger';
    case 'template':
      return 'template';
    default:
      return 'form';
  }
}
