// The renderer's view of the contract: types only. `import type` is erased at build time, so none
// of main's code (nor zod) reaches the bundle; the renderer talks to main only through lib/api.ts.
export type {
  AccountAutopsy,
  ApiError,
  ApiEvent,
  CascadeApi,
  Channel,
  DesignSummary,
  DesignValidation,
  GlossaryEntry,
  Input,
  LogLineView,
  MenuCommand,
  Outputs,
  Result,
  RunView,
  ScenarioCard,
  ScenarioDetail,
  WaveView,
} from '../../src-main/contract/api.ts';
