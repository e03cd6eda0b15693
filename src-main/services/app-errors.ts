/**
 * Errors the application's use cases report, and their mapping to the contract's ApiError. Every
 * host (Electron IPC, the loopback browser host, workers) turns a thrown error into a Result through
 * `toApiError`, so the renderer sees one vocabulary of codes and never a stack trace.
 */
import type { ApiError } from '../contract/api.ts';
import { DesignError } from '../engine/design.ts';
import { ScenarioError } from '../engine/scenario.ts';
import { CancelledError } from '../engine/simulate.ts';
import { StoreError } from '../store/store-errors.ts';
import { explainStoreFailure } from '../store/store-failures.ts';

/** A disk or database failure explained in one line (undefined when it is not one), for hosts. */
export { explainStoreFailure };
import { TrainingFileError, TrainingInputError } from '../training/lesson.ts';
import { BudgetError } from './pool/run-budget.ts';
import { InputError } from './replay-service.ts';

/** A problem with a known code ('invalid-input' | 'not-found' | 'cancelled' | 'failed' | 'forbidden'). */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export function notFound(message: string, field?: string): AppError {
  return new AppError('not-found', message, field);
}

export function invalidInput(message: string, field?: string): AppError {
  return new AppError('invalid-input', message, field);
}

/**
 * The ApiError for anything thrown. Known errors keep their message; anything else becomes
 * 'failed' with its one-line message only (no stack: messages cross into the renderer).
 */
export function toApiError(e: unknown): ApiError {
  if (e instanceof AppError) return withField({ code: e.code, message: e.message }, e.field);
  if (e instanceof DesignError) return withField({ code: 'invalid-input', message: e.message }, e.field);
  if (e instanceof ScenarioError) return withField({ code: 'invalid-input', message: e.message }, e.field);
  if (e instanceof InputError) return { code: 'invalid-input', message: e.message };
  if (e instanceof TrainingFileError)
    return withField({ code: 'invalid-input', message: e.message }, e.field);
  if (e instanceof TrainingInputError) return withField({ code: e.code, message: e.message }, e.field);
  if (e instanceof StoreError && (e.code === 'store-input' || e.code === 'not-found')) {
    return { code: e.code === 'not-found' ? 'not-found' : 'invalid-input', message: e.message };
  }
  if (e instanceof BudgetError) return withField({ code: 'invalid-input', message: e.message }, e.field);
  if (e instanceof CancelledError) return { code: 'cancelled', message: 'the job was cancelled' };
  // The store's own errors (damaged data, read-only folder, full disk…) say what to do: not a bug.
  const store = e instanceof StoreError ? e : explainStoreFailure(e);
  if (store !== undefined) return { code: 'failed', message: store.message };
  const message = e instanceof Error ? e.message : String(e);
  return {
    code: 'failed',
    message: `internal error: ${firstLine(message)} (this is a bug in Cascade Lab; the details are in the terminal or log)`,
  };
}

function withField(error: ApiError, field: string | undefined): ApiError {
  return field ? { ...error, field } : error;
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/**
 * Whether an error is the user's to fix (bad input, an unknown name, a design over budget): the
 * command line reports it in one line with exit status 2.
 */
export function isUserInputError(e: unknown): e is Error {
  if (e instanceof AppError) return e.code === 'invalid-input' || e.code === 'not-found';
  return (
    e instanceof InputError ||
    e instanceof DesignError ||
    e instanceof ScenarioError ||
    e instanceof TrainingFileError ||
    e instanceof TrainingInputError ||
    e instanceof BudgetError
  );
}

/** Store error codes that mean the request was wrong (exit 2), not the database (exit 1). */
const STORE_INPUT_CODES = new Set([
  'store-input',
  'not-found',
  'bundle-invalid',
  'backup-invalid',
  'builtin-overwrite',
  'preset-overwrite',
]);

/** Exit status and one-line message for a store error; undefined for anything else. */
export function storeErrorExit(e: unknown): { exit: number; message: string } | undefined {
  if (!(e instanceof StoreError)) return undefined;
  return { exit: STORE_INPUT_CODES.has(e.code) ? 2 : 1, message: e.message.replace(/\s*\n\s*/g, ' ') };
}
