// A gateway to test the external target against: a local reference gateway started in this
// process, and a target file for it written exactly in the DESIGN.md format, certs under certs/.
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePolicy, type Policy } from '../../harness/config/policy.ts';
import type { ProvisionedTarget } from '../../harness/targets/contract.ts';
import { provisionLocal, type LocalOptions } from '../../harness/targets/local/local-target.ts';

/** The DESIGN.md example, verbatim but for the URL; `extra` is appended (e.g. reservedFor lines are not). */
export function designYaml(url: string): string {
  return `gateway:
  url: ${url}          # base URL of the mTLS listener
  ca: certs/ca.crt                     # trust anchor for the gateway's server certificate
  oracle: kong-oss                     # kong-oss | kong-enterprise | tls | any
partners:
  - name: partner-a
    cert: certs/partner-a.crt
    key: certs/partner-a.key
    rateLimit: { perMinute: 5 }        # optional: enables rate-limit for this partner
  - name: partner-b
    cert: certs/partner-b.crt
    key: certs/partner-b.key
routes:
  default: /v1/consumer
  versions:                            # optional: versioning runs with two or more
    v1: { path: /v1/consumer, expect: { bodyIncludes: '"version":"v1"' } }
    v2: { path: /v2/consumer, expect: { header: { name: x-service-version, value: v2 } } }
probes:                                # optional certs prepared by the Home Party
  expired: { cert: certs/expired.crt, key: certs/expired.key }
  revoked: { cert: certs/revoked.crt, key: certs/revoked.key }
`;
}

/** A policy whose partners are the DESIGN example's: partner-a 5/min, partner-b unlimited, one to revoke. */
export const DESIGN_POLICY: Policy = parsePolicy({
  partners: [
    { name: 'partner-a', subject: { O: 'Producer Organization', OU: 'Integration Team', CN: 'producer-api-client' }, rateLimit: { perMinute: 5 } },
    { name: 'partner-b', subject: { O: 'Consumer Organization', OU: 'Integration Team', CN: 'consumer-api-client' } },
    { name: 'revoked', subject: { O: 'Producer Organization', OU: 'Integration Team', CN: 'revoked-client' }, reservedFor: 'revoked-cert' },
  ],
  routes: {
    default: '/v1/consumer',
    versions: { v1: { path: '/v1/consumer', expect: { bodyIncludes: '"version":"v1"' } }, v2: { path: '/v2/consumer', expect: { header: { name: 'x-service-version', value: 'v2' } } } },
  },
}).policy!;

export interface ExternalFixture {
  gateway: ProvisionedTarget;
  dir: string;
  file: string;
  close(): Promise<void>;
}

/** Start a local gateway (optionally broken), revoke `revoked`, and lay out certs/ + target.yaml. */
export async function externalFixture(options: LocalOptions = {}, yaml = designYaml): Promise<ExternalFixture> {
  const gateway = await provisionLocal(DESIGN_POLICY, options);
  const dir = mkdtempSync(join(tmpdir(), 'mtls-conformance-external-'));
  try {
    const certs = join(dir, 'certs');
    mkdirSync(certs, { mode: 0o700 });
    const copy = (from: string, to: string, mode: number): void => {
      copyFileSync(from, join(certs, to));
      chmodSync(join(certs, to), mode);
    };
    const { partners, probes } = gateway.info;
    for (const p of partners) {
      copy(p.certFile, `${p.name}.crt`, 0o644);
      copy(p.keyFile, `${p.name}.key`, 0o600);
    }
    copy(probes.expired!.certFile, 'expired.crt', 0o644);
    copy(probes.expired!.keyFile, 'expired.key', 0o600);
    writeFileSync(join(certs, 'ca.crt'), gateway.info.serverCaPem);
    await gateway.control.revoke('revoked');
    const file = join(dir, 'target.yaml');
    writeFileSync(file, yaml(gateway.info.baseUrl));
    return { gateway, dir, file, close: async () => { await gateway.teardown(); rmSync(dir, { recursive: true, force: true }); } };
  } catch (err) {
    await gateway.teardown();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
