/**
 * Accounts as struct-of-arrays typed arrays (one column per field). Collateral is in asset units,
 * debt in the numeraire (USD). They are generated from a scenario's population by population.ts.
 */
import { FRESH_COLUMNS } from './buffer-pool.ts';
import type { Columns } from './buffer-pool.ts';

export const RESPONSE_NONE = 0;
export const RESPONSE_TOP_UP = 1;
export const RESPONSE_DELEVERAGE = 2;

export const STATUS_ACTIVE = 0;
/** Sold or auctioned away entirely; holds neither collateral nor debt that can be liquidated. */
export const STATUS_CLOSED = 1;

export interface Accounts {
  count: number;
  /** Collateral held in the protocol, asset units. */
  collateral: Float64Array;
  /** Debt owed, USD. */
  debt: Float64Array;
  /** Collateral the owner holds outside the protocol and can top up with, asset units. */
  reserve: Float64Array;
  responseKind: Uint8Array;
  responseDelaySteps: Uint16Array;
  /** Gas price above which the owner's transaction waits, gwei. */
  gasCapGwei: Float32Array;
  status: Uint8Array;
  /**
   * Step of the pending margin call, or −1. Its owner gives up waiting for gas after the call's
   * step + response delay + the design's patience (not stored: derived where it is read).
   */
  calledAt: Int32Array;
  /** 1 while a self-deleveraging sale is in flight this step (not liquidatable until it settles). */
  selling: Uint8Array;
  /** Number of the whale (index into the spec's whale list) or −1. */
  whale: Int16Array;
  /**
   * Set by an observer that keeps its own view of the accounts (the insolvency watch): told of every
   * account whose collateral, debt or status the step changes (`noteChanged`). Absent: nobody listens.
   */
  changes?: AccountChangeListener | null;
}

/** Told which accounts changed (collateral, debt or status), once per change. */
export interface AccountChangeListener {
  changed(i: number): void;
}

/** Every write to an account's collateral, debt or status is followed by this call. */
export function noteChanged(acc: Accounts, i: number): void {
  const l = acc.changes;
  if (l) l.changed(i);
}

/** Bytes of typed-array storage per account in this layout (for the memory benchmark). */
export const ACCOUNT_BYTES = 8 * 3 + 1 + 2 + 4 + 1 + 4 + 1 + 2;

/**
 * Zeroed columns for `n` accounts (pending steps and whale numbers −1). `buffer`, when given,
 * supplies the storage of the columns a population helper writes or reads (shared memory): its
 * attributes, and the collateral and status its first triggers are computed from.
 */
export function allocateAccounts(n: number, buffer?: (bytes: number) => ArrayBufferLike): Accounts {
  const f64 = (): Float64Array => (buffer ? new Float64Array(buffer(8 * n)) : new Float64Array(n));
  return {
    count: n,
    collateral: f64(),
    debt: f64(),
    reserve: f64(),
    responseKind: buffer ? new Uint8Array(buffer(n)) : new Uint8Array(n),
    responseDelaySteps: buffer ? new Uint16Array(buffer(2 * n)) : new Uint16Array(n),
    gasCapGwei: buffer ? new Float32Array(buffer(4 * n)) : new Float32Array(n),
    status: buffer ? new Uint8Array(buffer(n)) : new Uint8Array(n),
    calledAt: new Int32Array(n).fill(-1),
    selling: new Uint8Array(n),
    whale: (buffer ? new Int16Array(buffer(2 * n)) : new Int16Array(n)).fill(-1),
    changes: null,
  };
}

/** A copy of every column (a pass changes its accounts; the copy it started from stays as it was). */
export function copyAccounts(a: Accounts, columns: Columns = FRESH_COLUMNS): Accounts {
  const copy = columns.copy.bind(columns);
  return {
    count: a.count,
    collateral: copy(a.collateral),
    debt: copy(a.debt),
    reserve: copy(a.reserve),
    responseKind: copy(a.responseKind),
    responseDelaySteps: copy(a.responseDelaySteps),
    gasCapGwei: copy(a.gasCapGwei),
    status: copy(a.status),
    calledAt: copy(a.calledAt),
    selling: copy(a.selling),
    whale: copy(a.whale),
    changes: null,
  };
}
