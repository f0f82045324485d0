// The control of a gateway the harness cannot change (external): suites see no control feature
// and never call these; a call anyway is a clear error, not a silent no-op.
import type { TargetControl } from './target.ts';

export const NO_CONTROL: TargetControl = {
  revoke: () => Promise.reject(new Error('this target offers no control actions')),
  offboard: () => Promise.reject(new Error('this target offers no control actions')),
  onboard: () => Promise.reject(new Error('this target offers no control actions')),
  gatewayLog: async () => [],
  auditLog: async () => [],
  diagnostics: async () => '',
};
