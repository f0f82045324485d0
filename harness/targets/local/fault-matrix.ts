// Which demos must catch which fault of the local gateway. The matrix test (test/fault-matrix.test.ts)
// runs each row against real nginx: exactly these demos must fail, every other one must pass.
import type { FaultName } from './faults.ts';

export interface MatrixRow {
  faults: FaultName[];
  mustFail: string[];
  why?: string;
}

export const FAULT_MATRIX: readonly MatrixRow[] = [
  {
    faults: ['verify-optional'],
    mustFail: ['missing-cert', 'untrusted-ca-cert', 'audit-log'],
    why: 'a missing or foreign-CA cert passes the TLS layer; the audit log names partner-a for an unverified impostor. The self-signed cert still fails its CRL check (error 3)',
  },
  {
    faults: ['verify-optional', 'no-crl'],
    mustFail: ['missing-cert', 'self-signed-cert', 'untrusted-ca-cert', 'revoked-cert', 'audit-log', 'session-resumption'],
    why: 'without a CRL nothing stops the self-signed cert either',
  },
  { faults: ['no-crl'], mustFail: ['revoked-cert', 'session-resumption'] },
  { faults: ['offboard-ignored'], mustFail: ['revoked-cert'] },
  { faults: ['no-rate-limit'], mustFail: ['rate-limit'] },
  { faults: ['shared-rate-limit'], mustFail: ['rate-limit'] },
  {
    faults: ['swap-versions'],
    mustFail: ['versioning', 'backend-outage'],
    why: 'with v2\'s backend stopped, /v2 still answers 200: the gateway sends it to another backend',
  },
  { faults: ['no-identity-headers'], mustFail: ['valid-cert', 'identity-propagation', 'onboarding'] },
  { faults: ['spoofable-identity'], mustFail: ['identity-propagation'] },
  { faults: ['tls-legacy'], mustFail: ['tls-versions'] },
  { faults: ['no-audit-log'], mustFail: ['audit-log'] },
  { faults: ['no-ip-allowlist'], mustFail: ['ip-allowlist'] },
  { faults: ['long-lived-certs'], mustFail: ['cert-lifecycle'] },
  { faults: ['no-request-transform'], mustFail: ['request-transformation'] },
  { faults: ['no-upstream-timeout'], mustFail: ['backend-outage'] },
  { faults: ['outage-leaks'], mustFail: ['backend-outage'] },
  { faults: ['cache-shared-key'], mustFail: ['cache-isolation'] },
  { faults: ['onboard-ignored'], mustFail: ['onboarding'] },
  { faults: ['csr-key-replaced'], mustFail: ['onboarding'] },
  { faults: ['session-cache-shared'], mustFail: ['session-resumption'] },
];

export function matrixMarkdown(): string {
  const rows = FAULT_MATRIX.map((r) => `| ${r.faults.map((f) => `\`${f}\``).join(' + ')} | ${r.mustFail.map((d) => `\`${d}\``).join(', ')} |`);
  return ['| fault(s) | demos that must fail (all others must pass) |', '|---|---|', ...rows].join('\n');
}
