// Registry line of the docker target: Kong OSS 3.9 in one container. testcontainers is loaded only
// when it runs.
import { policyOf } from '../../core/options.ts';
import type { TargetEntry } from '../registry-types.ts';
import { preflight } from '../container/preflight.ts';

export const docker: TargetEntry = {
  name: 'docker',
  summary: 'Kong OSS 3.9 in one container (needs Docker)',
  source: 'policy',
  ownsGateway: true,
  // No --keep: the run's echo backends end with its process, and testcontainers' reaper removes the
  // container once the process ends, so a kept Kong would have nothing behind it.
  flags: [],
  can: ['identity-headers', 'mint-invalid-validity', 'revoke', 'offboard', 'onboard', 'gateway-log', 'request-transform', 'cache', 'onboard-csr', 'backend-outage'],
  lacks: {
    'ip-allowlist': "the gateway sees the client through Docker's port mapping (NAT), not from the address the probe binds",
    'audit-log': "the harness does not read Kong's audit log on this target",
  },
  preRevokedProbe: true,
  preflight: () => preflight('docker'),
  render: async (policy) => (await import('./render.ts')).renderDocker(policy),
  provision: async (o, scope) => {
    const [{ provisionDocker }, { testcontainersRuntime }] = await Promise.all([import('./docker-target.ts'), import('./runtime.ts')]);
    return provisionDocker(policyOf(o), scope, { rejections: o.rejections, convergenceMs: o.convergenceMs }, await testcontainersRuntime());
  },
};
