// The demo catalogue (DESIGN.md). Ids are stable: they name the suite files, the Allure features,
// the entries of conformance-report.json, and the values of --only.

export interface Demo {
  id: string;
  seed: string;
  checks: string;
}

export const CATALOGUE: readonly Demo[] = [
  { id: 'credentials', seed: 'partner self-check', checks: "the gateway's server cert chains to the CA, matches the host, is not close to expiry; each partner's cert is valid, has EKU clientAuth, matches its key, has > 30 days left" },
  { id: 'valid-cert', seed: 'Demo 1', checks: "every partner's cert gets 2xx on the default route; the backend receives that partner's identity from the gateway" },
  { id: 'missing-cert', seed: 'Demo 2', checks: 'no client cert is refused' },
  { id: 'self-signed-cert', seed: 'Demo 3', checks: "a self-signed cert carrying a real partner's subject is refused" },
  { id: 'untrusted-ca-cert', seed: 'Demo 3', checks: "a cert from another CA carrying a real partner's subject is refused" },
  { id: 'expired-cert', seed: 'Demo 4', checks: 'a cert from the trusted CA whose notAfter has passed is refused; also not-yet-valid' },
  { id: 'revoked-cert', seed: 'Demo 5', checks: '(a) a cert listed in the CRL is refused; (b) an offboarded partner is refused with 401 while others still get in' },
  { id: 'rate-limit', seed: 'Scenario 2', checks: 'a partner gets exactly its quota, then 429; another partner is unaffected at the same time' },
  { id: 'versioning', seed: 'Scenario 6', checks: '/v1 and /v2 reach different backends; an unknown version is 404' },
  { id: 'identity-propagation', seed: 'more demos', checks: "the backend gets the partner's identity from the gateway; identity headers a client sends cannot impersonate anyone" },
  { id: 'wrong-eku', seed: 'more demos', checks: 'a cert from the trusted CA whose EKU lacks clientAuth is refused' },
  { id: 'tls-versions', seed: 'more demos', checks: 'TLS 1.2 and 1.3 are accepted; TLS 1.0 and 1.1 are refused' },
  { id: 'audit-log', seed: 'http-log to the SIEM', checks: 'every partner request, accepted or refused, is in the audit log with identity, status and time' },
  { id: 'onboarding', seed: 'more demos', checks: 'a partner onboarded mid-run gets in without a gateway restart, within the convergence window' },
  { id: 'session-resumption', seed: 'more demos', checks: 'after revocation, a TLS session saved before it cannot be resumed to get in' },
];

export const DEMO_IDS: readonly string[] = CATALOGUE.map((d) => d.id);

export function suiteFile(id: string): string {
  return `suites/${id}.test.ts`;
}
