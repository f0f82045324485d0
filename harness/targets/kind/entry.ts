// Registry line of the kind target: Kong OSS 3.9 + cert-manager on a kind cluster. Its Kubernetes
// client is loaded only when it runs.
import { policyOf } from '../../contract/plan.ts';
import type { TargetEntry } from '../registry-types.ts';
import { preflight } from '../container/preflight.ts';

export const kind: TargetEntry = {
  name: 'kind',
  summary: 'Kong OSS 3.9 + cert-manager on a kind cluster (needs Docker, kind, kubectl)',
  flags: ['policy', 'cluster', 'keep'],
  can: ['identity-headers', 'mint-invalid-validity', 'revoke', 'offboard', 'onboard', 'gateway-log', 'request-transform', 'cache', 'onboard-csr', 'cert-manager'],
  preRevokedProbe: false,
  preflight: () => preflight('kind'),
  render: async (policy) => (await import('./render.ts')).renderKind(policy),
  provision: async (plan, scope) => {
    const [{ provisionKind }, { kindDeps }] = await Promise.all([import('./kind-target.ts'), import('./kind-deps.ts')]);
    return provisionKind(policyOf(plan), scope, { ...plan.consistency, ...(plan.cluster ? { cluster: plan.cluster } : {}), keep: !!plan.keep }, kindDeps);
  },
};
