// Registry line of the local target: Debian's nginx as the reference gateway.
import { policyOf } from '../../contract/plan.ts';
import type { TargetEntry } from '../registry-types.ts';
import { isFaultName } from './faults.ts';
import { provisionLocal } from './local-target.ts';
import { findNginx } from './nginx-process.ts';

export const local: TargetEntry = {
  name: 'local',
  summary: "Debian's nginx as a reference gateway that behaves as Kong OSS does, started and stopped by this run (needs nginx)",
  flags: ['policy', 'fault'],
  can: ['identity-headers', 'mint-invalid-validity', 'revoke', 'offboard', 'onboard', 'gateway-log', 'audit-log'],
  preRevokedProbe: true,
  preflight: async () => void findNginx(),
  provision: (plan, scope) =>
    provisionLocal(policyOf(plan), scope, { faults: new Set(plan.faults.filter(isFaultName)), rejections: plan.consistency.rejections, convergenceMs: plan.consistency.convergenceMs }),
};
