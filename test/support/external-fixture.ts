// Gateways to test the external target against, each with a target file written exactly in the
// example target file's format (certs under certs/): the local reference gateway (as Kong OSS or Kong
// Enterprise answer, optionally broken), or a gateway that refuses in the TLS handshake.
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePolicy, type Policy } from '../../harness/config/policy.ts';
import type { OracleName } from '../../harness/oracle/oracle.ts';
import type { PartnerInfo, TargetInfo } from '../../harness/core/target.ts';
import { Scope } from '../../harness/util/scope.ts';
import { provisionLocal, type LocalOptions } from '../../harness/targets/local/local-target.ts';
import { startBadGateway, type BadKind } from './bad-gateways.ts';
import { startKongLimiter, type KongLimiter, type LimiterOptions } from './kong-limiter.ts';
import { startTlsGateway } from './tls-gateway.ts';
import { passableTempDir } from './scratch.ts';

/** The example target file (docs/targets.md's without partnerCa, sourceAddresses and issuer), but for the URL and the oracle. */
export function exampleYaml(url: string, oracle: OracleName = 'kong-oss'): string {
  return `gateway:
  url: ${url}          # base URL of the mTLS listener
  ca: certs/ca.crt                     # trust anchor for the gateway's server certificate
  oracle: ${oracle}                     # kong-oss | kong-enterprise | tls | any
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

/** The example's partners: partner-a 5/min, partner-b unlimited. */
export const EXAMPLE_POLICY: Policy = parsePolicy({
  partners: [
    { name: 'partner-a', subject: { O: 'Producer Organization', OU: 'Integration Team', CN: 'producer-api-client' }, rateLimit: { perMinute: 5 } },
    { name: 'partner-b', subject: { O: 'Consumer Organization', OU: 'Integration Team', CN: 'consumer-api-client' } },
  ],
  routes: {
    default: '/v1/consumer',
    versions: { v1: { path: '/v1/consumer', expect: { bodyIncludes: '"version":"v1"' } }, v2: { path: '/v2/consumer', expect: { header: { name: 'x-service-version', value: 'v2' } } } },
  },
}).policy!;

/** The same partners and one more, reserved for the demos that revoke it (control-action tests). */
export const REVOCABLE_POLICY: Policy = {
  ...EXAMPLE_POLICY,
  partners: [...EXAMPLE_POLICY.partners, { name: 'revoked', subject: { O: 'Producer Organization', OU: 'Integration Team', CN: 'revoked-client' }, reservedFor: 'revoked-cert' }],
};

export interface ExternalFixture {
  baseUrl: string;
  dir: string;
  file: string;
  /** certs/ of the fixture, laid out as the target file names them. */
  certs: string;
  partner(name: string): PartnerInfo;
  /** Rewrite the target file (e.g. with another oracle). */
  write(yaml: string): string;
  close(): Promise<void>;
}

/** Copy the gateway's certs into <dir>/certs (keys 0600) and write target.yaml. */
function layout(info: Pick<TargetInfo, 'partners' | 'probes' | 'serverCaPem' | 'baseUrl'>, oracle: OracleName, close: () => Promise<void>): ExternalFixture {
  const dir = passableTempDir('mtls-conformance-external-');
  const certs = join(dir, 'certs');
  mkdirSync(certs, { mode: 0o700 });
  const copy = (from: string, to: string, mode: number): void => {
    copyFileSync(from, join(certs, to));
    chmodSync(join(certs, to), mode);
  };
  for (const p of info.partners) {
    copy(p.certFile, `${p.name}.crt`, 0o644);
    copy(p.keyFile, `${p.name}.key`, 0o600);
  }
  // The gateway's CRL lists the revoked probe from the start: a second cert for partner-a's subject.
  for (const probe of ['expired', 'revoked'] as const) {
    copy(info.probes[probe]!.certFile, `${probe}.crt`, 0o644);
    copy(info.probes[probe]!.keyFile, `${probe}.key`, 0o600);
  }
  writeFileSync(join(certs, 'ca.crt'), info.serverCaPem);
  const file = join(dir, 'target.yaml');
  const write = (yaml: string): string => {
    writeFileSync(file, yaml);
    return file;
  };
  write(exampleYaml(info.baseUrl, oracle));
  return {
    baseUrl: info.baseUrl,
    dir,
    file,
    certs,
    partner: (name) => info.partners.find((p) => p.name === name)!,
    write,
    close: async () => {
      await close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A local reference gateway (optionally broken or Enterprise-flavoured). */
export async function localGatewayFixture(options: LocalOptions = {}, policy: Policy = EXAMPLE_POLICY): Promise<ExternalFixture> {
  const scope = new Scope();
  const gateway = await provisionLocal(policy, scope, options).catch(async (err: unknown) => {
    await scope.close();
    throw err;
  });
  // The expired cert a Home Party would hand over in probes.expired, from the gateway's own CA.
  const expired = await gateway.control.mintProbe!('expired');
  return layout({ ...gateway.info, probes: { ...gateway.info.probes, expired } }, options.flavor ?? 'kong-oss', async () => void (await scope.close()));
}

/** A gateway that refuses bad clients in the TLS handshake (Node https, requestCert + CRL). */
export async function tlsGatewayFixture(): Promise<ExternalFixture> {
  const gateway = await startTlsGateway(EXAMPLE_POLICY);
  return layout(gateway.info, 'tls', () => gateway.close());
}

export function readCert(fixture: ExternalFixture, name: string): string {
  return readFileSync(join(fixture.certs, name), 'utf8');
}

/** A gateway whose answers are no verdict (bad-gateways.ts), with the same target file. */
export async function badGatewayFixture(kind: BadKind, oracle: OracleName = 'any'): Promise<ExternalFixture> {
  const gateway = await startBadGateway(kind, EXAMPLE_POLICY);
  return layout(gateway.info, oracle, () => gateway.close());
}

/** A gateway that counts each partner's requests as Kong's rate-limiting plugin does (kong-limiter.ts). */
export async function kongLimiterFixture(o: LimiterOptions, oracle: OracleName = 'kong-oss'): Promise<ExternalFixture & { limiter: KongLimiter }> {
  const limiter = await startKongLimiter(EXAMPLE_POLICY, o);
  return { ...layout(limiter.info, oracle, () => limiter.close()), limiter };
}
