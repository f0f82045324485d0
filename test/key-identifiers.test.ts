// Certificates and CRLs the harness signs with someone else's CA must chain to that CA as any
// verifier builds chains: the Authority Key Identifier is the CA's own Subject Key Identifier,
// whatever way the CA computed it (SHA-1 as OpenSSL does, the leftmost 160 bits of SHA-256 as Go
// >= 1.25 and so cert-manager v1.21 do, or none at all). Checked with the openssl CLI, which
// shares nothing with our minting code: each probe must fail with exactly its own error, never 20.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { issueLeaf, signCrl, type Authority } from '../harness/pki/authority.ts';
import { importAuthority } from '../harness/pki/import-authority.ts';
import { ProbeMint } from '../harness/identities/probe-mint.ts';
import { KeyStore } from '../harness/pki/store.ts';
import { openssl, opensslCa as makeCa, type SkiKind } from './support/openssl-pki.ts';
import { passableTempDir } from './support/scratch.ts';

const work = passableTempDir('mtls-conformance-ski-');
const store = new KeyStore();
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  store.remove();
});

/** Every "error N" openssl verify printed, and whether it ended in OK. */
function verify(caFile: string, certFile: string, extra: string[] = []): { errors: number[]; ok: boolean; text: string } {
  const text = openssl(['verify', '-CAfile', caFile, ...extra, certFile]);
  return { errors: [...text.matchAll(/error (\d+) at/g)].map((m) => Number(m[1])), ok: /: OK\s*$/.test(text), text };
}

const attime = (d: Date): string[] => ['-attime', String(Math.floor(d.getTime() / 1000))];

const CAS: [string, SkiKind, 'ec' | 'rsa'][] = [
  ['openssl-sha1', 'sha1', 'ec'],
  ['go-sha256-truncated', 'sha256-truncated', 'ec'],
  ['go-sha256-truncated-rsa', 'sha256-truncated', 'rsa'],
  ['no-key-identifier', 'none', 'ec'],
];

describe.each(CAS)('probes signed with a CA whose key identifier is %s', (name, ski, keyType) => {
  it(`each probe fails openssl verify with exactly its own error, never 20 (${ski}, ${keyType})`, async () => {
    const ca = makeCa(work, name, ski, keyType);
    const authority: Authority = await importAuthority(readFileSync(ca.certFile, 'utf8'), createPrivateKey(readFileSync(ca.keyFile)));
    const subject = { O: 'Producer Organization', CN: `partner-of-${name}` };
    const partner = await store.writeIdentity(`${name}-partner`, await issueLeaf(authority, { subject, profile: 'client' }));
    const revoked = await issueLeaf(authority, { subject, profile: 'client' });
    const revokedFiles = await store.writeIdentity(`${name}-revoked`, revoked);
    const crlFile = store.writePublic(`${name}.crl`, await signCrl(authority, [{ serialNumber: revoked.cert.serialNumber, revocationDate: new Date(Date.now() - 1000) }]));
    const mint = new ProbeMint(store, authority, partner.certFile, { anchors: readFileSync(ca.certFile, 'utf8') });
    const probes = { expired: await mint.mint('expired'), notYetValid: await mint.mint('not-yet-valid'), wrongEku: await mint.mint('wrong-eku') };
    const client = ['-purpose', 'sslclient'];
    const crl = ['-crl_check_all', '-CRLfile', crlFile];

    expect(verify(ca.certFile, partner.certFile, [...client, ...crl])).toMatchObject({ ok: true, errors: [] });

    // Only the date is off: with time checks off (the CA itself is younger than the expired
    // probe's window, so -attime cannot show it), each verifies.
    expect(verify(ca.certFile, probes.expired.certFile, client).errors).toEqual([10]);
    expect(verify(ca.certFile, probes.expired.certFile, [...client, '-no_check_time']).ok).toBe(true);
    expect(verify(ca.certFile, probes.notYetValid.certFile, client).errors).toEqual([9]);
    expect(verify(ca.certFile, probes.notYetValid.certFile, [...client, '-no_check_time']).ok).toBe(true);
    // ... and it can never be used: in its one second of validity the CA has expired.
    const notYet = new X509Certificate(readFileSync(probes.notYetValid.certFile));
    expect(verify(ca.certFile, probes.notYetValid.certFile, [...client, ...attime(new Date(Date.parse(notYet.validFrom) + 500))]).errors).toContain(10);

    expect(verify(ca.certFile, probes.wrongEku.certFile, client).errors).toEqual([26]);
    expect(verify(ca.certFile, probes.wrongEku.certFile).ok).toBe(true);

    const rev = verify(ca.certFile, revokedFiles.certFile, [...client, ...crl]);
    expect(rev.errors, rev.text).toEqual([23]);
    expect(verify(ca.certFile, revokedFiles.certFile, client).ok).toBe(true);
  });
});
