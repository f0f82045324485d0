// Registry line of the kind target: Kong OSS 3.9 + cert-manager on a kind cluster. Its Kubernetes
// client is loaded only when it runs.
import { policyOf } from '../../core/options.ts';
import type { TargetEntry } from '../registry-types.ts';
import { preflight } from '../container/preflight.ts';
import { ConfigError } from '../../util/errors.ts';
import { shownValue } from '../../config/shown.ts';

/** A kind cluster's name as this tool makes them (mtls-conformance-1a2b3c): it goes to kind, docker and kubectl as an argument, never as an option. */
const CLUSTER_NAME = /^[a-z0-9]([a-z0-9.-]{0,48}[a-z0-9])?$/;

export const kind: TargetEntry = {
  name: 'kind',
  summary: 'Kong OSS 3.9 + cert-manager on a kind cluster (needs Docker, kind, kubectl)',
  source: 'policy',
  ownsGateway: true,
  flags: [{ name: 'cluster', type: 'string', value: '<name>', help: 'reuse this cluster (one this tool created with --keep) instead of a new one' }, { name: 'keep', type: 'boolean', help: 'keep the cluster afterwards, to inspect it or reuse it with --cluster' }],
  can: ['identity-headers', 'mint-invalid-validity', 'revoke', 'offboard', 'onboard', 'gateway-log', 'request-transform', 'cache', 'onboard-csr', 'cert-manager'],
  lacks: {
    'ip-allowlist': "the gateway sees the client through Docker's port mapping (NAT), not from the address the probe binds",
    'backend-outage': 'the harness does not stop or hang its backend pods',
    'audit-log': "the harness does not read Kong's audit log on this target",
  },
  preRevokedProbe: false,
  checkFlags: ({ cluster }) => {
    if (typeof cluster === 'string' && !CLUSTER_NAME.test(cluster)) {
      throw new ConfigError(`--cluster ${shownValue(cluster)} is not a kind cluster name (lower-case letters, digits, dots and dashes, at most 50): give one this tool created with --keep, e.g. mtls-conformance-1a2b3c`);
    }
  },
  preflight: () => preflight('kind'),
  render: async (policy) => (await import('./render.ts')).renderKind(policy),
  provision: async (o, scope) => {
    const [{ provisionKind }, { kindDeps }] = await Promise.all([import('./kind-target.ts'), import('./kind-deps.ts')]);
    const cluster = typeof o.flags.cluster === 'string' ? o.flags.cluster : undefined;
    return provisionKind(policyOf(o), scope, { rejections: o.rejections, convergenceMs: o.convergenceMs, ...(cluster ? { cluster } : {}), keep: o.flags.keep === true }, kindDeps);
  },
};
