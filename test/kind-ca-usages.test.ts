// The kind target's partner CA must be able to sign the CRL the gateway loads. cert-manager v1.21.1
// gives a CA Certificate exactly the usages it requests, plus cert sign (isCA), and when it requests
// none, its defaults: digital signature and key encipherment (pkg/util/pki/csr.go,
// KeyUsagesForCertificateOrCertificateRequest; pkg/apis/certmanager/v1/types.go, DefaultKeyUsages).
// Here openssl makes a CA with what that would give for our manifest (and a truncated-SHA-256 SKI,
// as cert-manager built with Go >= 1.25 writes it); the harness signs the CRL with its key as the
// kind target does; `openssl verify -crl_check_all` (as nginx's ssl_crl checks: every level of the chain) must accept a valid partner.
import { createPrivateKey } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { signCrl } from '../harness/pki/authority.ts';
import { importAuthority } from '../harness/pki/import-authority.ts';
import { pki, type K8sObject } from '../harness/targets/kind/manifests.ts';
import { openssl, opensslCa, opensslLeaf } from './support/openssl-pki.ts';
import { scratchDir } from './support/scratch.ts';

const dir = scratchDir('mtls-conformance-test-causages-');

const OPENSSL_NAME: Record<string, string> = {
  'digital signature': 'digitalSignature',
  'key encipherment': 'keyEncipherment',
  'cert sign': 'keyCertSign',
  'crl sign': 'cRLSign',
};

/** The key usages cert-manager v1.21.1 puts in a Certificate's cert, as OpenSSL names them. */
function certManagerKeyUsage(cert: K8sObject): string {
  const spec = cert.spec as { isCA?: boolean; usages?: string[] };
  const requested = spec.usages && spec.usages.length > 0 ? spec.usages : ['digital signature', 'key encipherment'];
  const names = new Set([...(spec.isCA ? ['cert sign'] : []), ...requested].filter((u) => u in OPENSSL_NAME).map((u) => OPENSSL_NAME[u]!));
  return [...names].join(',');
}

async function verifyWithCrl(keyUsage: string, name: string): Promise<string> {
  const ca = opensslCa(dir, name, 'sha256-truncated', 'ec', keyUsage);
  const partner = opensslLeaf(dir, ca, `${name}-partner`, '/O=Acme/CN=acme-partner', 'client');
  const authority = await importAuthority(readFileSync(ca.certFile, 'utf8'), createPrivateKey(readFileSync(ca.keyFile)));
  const crl = join(dir, `${name}.crl`);
  writeFileSync(crl, await signCrl(authority, []));
  return openssl(['verify', '-crl_check_all', '-purpose', 'sslclient', '-CAfile', ca.certFile, '-CRLfile', crl, partner.certFile]);
}

describe("the kind target's partner CA", () => {
  const caCert = pki([]).find((o) => o.kind === 'Certificate' && (o.spec as { isCA?: boolean }).isCA)!;

  it('gets CRL signing from cert-manager, so a valid partner verifies with our CRL loaded', async () => {
    const usage = certManagerKeyUsage(caCert);
    expect(usage.split(',')).toContain('cRLSign');
    expect(await verifyWithCrl(usage, 'manifest-ca')).toMatch(/: OK\s*$/);
  });

  it('(the failure it prevents: a CA with cert-manager\'s defaults fails every client once a CRL is loaded)', async () => {
    const withoutUsages = { ...caCert, spec: { ...(caCert.spec as object), usages: undefined } };
    expect(await verifyWithCrl(certManagerKeyUsage(withoutUsages), 'default-ca')).toMatch(/key usage does not include CRL signing/);
  });
});
