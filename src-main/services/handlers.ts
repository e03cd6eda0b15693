/**
 * The shape of the application's handler map, in its own module so that the app service and the
 * modules that contribute handlers to it (training-handlers.ts, …) can both name it without
 * importing each other.
 */
import type { ApiEvent, Channel, Input, Outputs } from '../contract/api.ts';

/** Per call: where the events this call causes (job progress, completion) go. */
export interface CallContext {
  emit(event: ApiEvent): void;
  /**
   * Aborted when the caller has gone (the host's client disconnected, the Electron window closed):
   * engine work started for this call is cancelled. Absent: the work is never cancelled that way.
   */
  signal?: AbortSignal;
}

/** One handler per channel; input already parsed; throws AppError and friends, which dispatch maps. */
export type Handlers = { [C in Channel]: (input: Input<C>, ctx: CallContext) => Promise<Outputs[C]> };
