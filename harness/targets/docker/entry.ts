// Registry line of the docker target: Kong OSS 3.9 in one container. testcontainers is loaded only
// when it runs.
import { policyOf } from '../../contract/plan.ts';
import type { TargetEntry } from '../registry-types.ts';
import { preflight } from '../container/preflight.ts';

export const docker: TargetEntry = {
  name: 'docker',
  summary: 'Kong OSS 3.9 in one container (needs Docker)',
  flags: ['policy', 'keep'],
  can: ['identity-headers', 'mint-invalid-validity', 'revoke', 'offboard', 'onboard', 'gateway-log', 'request-transform', 'cache', 'onboard-csr', 'backend-outage'],
  preRevokedProbe: true,
  preflight: () => preflight('docker'),
  render: async (policy) => (await import('./render.ts')).renderDocker(policy),
  provision: async (plan, scope) => {
    const [{ provisionDocker }, { testcontainersRuntime }] = await Promise.all([import('./docker-target.ts'), import('./runtime.ts')]);
    return provisionDocker(policyOf(plan), scope, { ...plan.consistency, keep: !!plan.keep }, await testcontainersRuntime());
  },
};
