// Registry line of the local target: Debian's nginx as the reference gateway. Light to import:
// the CLI reads it at start-up; what provisioning needs is loaded when it runs.
import { policyOf } from '../../core/options.ts';
import type { TargetEntry } from '../registry-types.ts';
import { FAULTS, parseFaults } from './faults.ts';
import { findNginx } from './nginx-process.ts';

export const local: TargetEntry = {
  name: 'local',
  summary: "Debian's nginx as a reference gateway that behaves as Kong OSS does, started and stopped by this run (needs nginx)",
  source: 'policy',
  ownsGateway: true,
  flags: [
    { name: 'fault', type: 'string', multiple: true, value: '<name>', help: `break the gateway in one named way, to see the demos catch it (repeatable; never part of a normal run): ${Object.keys(FAULTS).join(', ')}` },
    { name: 'issuing-ca', type: 'boolean', help: 'a two-level PKI: partners get their certs from an issuing CA under the root the gateway trusts, and present it' },
  ],
  checkFlags: (flags) => void parseFaults(flags.fault),
  can: ['identity-headers', 'mint-invalid-validity', 'revoke', 'offboard', 'onboard', 'gateway-log', 'audit-log', 'ip-allowlist', 'request-transform', 'backend-outage', 'cache', 'onboard-csr'],
  preRevokedProbe: true,
  preflight: async () => void findNginx(),
  render: async (policy) => (await import('./render.ts')).renderLocal(policy),
  // Loaded when it runs: the CLI reads this line at start-up, and the PKI code is heavy.
  provision: async (o, scope) => {
    const { provisionLocal } = await import('./local-target.ts');
    return provisionLocal(policyOf(o), scope, { faults: new Set(parseFaults(o.flags.fault)), rejections: o.rejections, convergenceMs: o.convergenceMs, issuingCa: o.flags['issuing-ca'] === true });
  },
};
