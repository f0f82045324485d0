// The probe check (pki/probe-check.ts, OpenSSL's full path validation): each kind of probe passes
// when it differs from its partner in exactly its own way, presented as the partner presents
// itself, through an issuing CA too; it is caught when it is off in a second way: another chain
// (an intermediate left out), another issuer, another usage, another subject, another key kind.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createAuthority, createIssuingAuthority, issueLeaf, selfSignedClient, type Authority, type LeafRequest } from '../harness/pki/authority.ts';
import { probeProblems, type Presented, type ProbeKind } from '../harness/pki/probe-check.ts';
import { ProbeMint } from '../harness/identities/probe-mint.ts';
import { mintRogueIdentities, ProbeUnfit } from '../harness/identities/rogue.ts';
import { KeyStore } from '../harness/pki/store.ts';
import { x509 } from '../harness/pki/x509.ts';
import { importAuthority } from '../harness/pki/import-authority.ts';
import { extensionsOf } from '../harness/pki/verify-chain.ts';
import { opensslCa, opensslLeaf } from './support/openssl-pki.ts';
import { passableTempDir } from './support/scratch.ts';

const store = new KeyStore();
const dir = passableTempDir('mtls-conformance-probecheck-');
afterAll(() => {
  store.remove();
  rmSync(dir, { recursive: true, force: true });
});

const DAY = 86_400_000;
const subject = { O: 'Producer Organization', CN: 'partner-a' };
const RSA = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' } as const;

/** A PKI with or without an issuing CA: its anchor, the partner as it presents itself, and leaves from its issuer. */
async function setup(levels: 1 | 2) {
  const root = await createAuthority({ O: 'Home Party', CN: 'Root CA' }, 30, { pathLength: levels - 1 });
  const issuer = levels === 2 ? await createIssuingAuthority(root, { O: 'Home Party', CN: 'Issuing CA' }) : root;
  const chain = (issuer.presented ?? []).map((c) => c.toString('pem'));
  const leaf = async (r: Partial<LeafRequest>, from: Authority = issuer): Promise<string> => (await issueLeaf(from, { subject, profile: 'client', ...r })).cert.toString('pem');
  const victim: Presented = { leaf: await leaf({}), chain };
  return { anchors: root.cert.toString('pem'), issuer, chain, victim, leaf };
}

describe.each([1, 2] as const)('probeProblems, %d-level PKI', (levels) => {
  it('passes each probe that is off in exactly its own way, presented as its partner presents itself', async () => {
    const { anchors, chain, victim, leaf } = await setup(levels);
    const foreign = await createAuthority({ O: 'Foreign Party', CN: 'Foreign CA' });
    const now = Date.now();
    const fair: [ProbeKind, Presented, string?][] = [
      ['expired', { leaf: await leaf({ notBefore: new Date(now - 3 * DAY), notAfter: new Date(now - DAY) }), chain }],
      ['not-yet-valid', { leaf: await leaf({ notBefore: new Date(now + DAY), notAfter: new Date(now + 2 * DAY) }), chain }],
      ['wrong-eku', { leaf: await leaf({ profile: 'server' }), chain }],
      ['revoked', { leaf: await leaf({}), chain }],
      ['self-signed', { leaf: (await selfSignedClient(subject)).cert.toString('pem'), chain: [] }],
      ['foreign-ca', { leaf: await leaf({}, foreign), chain: [] }, foreign.cert.toString('pem')],
    ];
    for (const [kind, probe, foreignCa] of fair) expect(await probeProblems({ kind, probe, victim, anchors, ...(foreignCa ? { foreignCa } : {}) }), kind).toEqual([]);
  });

  it('names the second way a probe is off', async () => {
    const { anchors, chain, victim, leaf } = await setup(levels);
    const foreign = await createAuthority({ O: 'Foreign Party', CN: 'Foreign CA' });
    const now = Date.now();
    const past = { notBefore: new Date(now - 3 * DAY), notAfter: new Date(now - DAY) };
    const twice: [ProbeKind, Presented, RegExp][] = [
      ['expired', { leaf: await leaf(past, foreign), chain }, /OpenSSL finds error 20 at depth 0/],
      ['expired', { leaf: await leaf({ ...past, profile: 'server' }), chain }, /without its expired fault, OpenSSL still finds error 26/],
      ['expired', { leaf: await leaf({ ...past, subject: { O: 'Nobody', CN: 'stranger' } }), chain }, /is not the partner's/],
      ['expired', { leaf: await leaf({}), chain }, /OpenSSL finds no error, where it must find only error 10/],
      ['expired', { leaf: await leaf({ ...past, keyAs: RSA }), chain }, /its key is RSA 2048, the partner's ECDSA P-256/],
      ['wrong-eku', { leaf: await leaf({ profile: 'server', ...past }), chain }, /without its wrong-eku fault, OpenSSL still finds error 10/],
      ['revoked', { leaf: await leaf({ notBefore: new Date(now + DAY), notAfter: new Date(now + 2 * DAY) }), chain }, /OpenSSL finds error 9 at depth 0/],
      ['foreign-ca', { leaf: await leaf({}), chain: [] }, /OpenSSL finds (no error|error 20 at depth 1)/],
      ['self-signed', { leaf: await leaf({}, foreign), chain: [] }, /OpenSSL finds error 20 at depth 0/],
    ];
    for (const [kind, probe, why] of twice) expect((await probeProblems({ kind, probe, victim, anchors })).join('; '), `${kind}: ${why}`).toMatch(why);
  });
});

describe('a probe whose only fault besides its own is the intermediate it leaves out', () => {
  it('is caught: it presents less than its partner, and OpenSSL cannot chain it (error 20), not only expired', async () => {
    const { anchors, victim, leaf } = await setup(2);
    const now = Date.now();
    const probe = { leaf: await leaf({ notBefore: new Date(now - 3 * DAY), notAfter: new Date(now - DAY) }), chain: [] };
    const problems = (await probeProblems({ kind: 'expired', probe, victim, anchors })).join('; ');
    expect(problems).toMatch(/it presents 0 CA certificate\(s\) after its leaf, where the partner presents 1/);
    expect(problems).toMatch(/OpenSSL finds error 20 at depth 0/);
  });
});

describe('minting checks what it minted', () => {
  it('stops with ProbeUnfit when the CA may not sign certificates', async () => {
    // A "CA" whose key usage lacks keyCertSign: verifiers refuse to chain anything to it.
    const keys = await x509.cryptoProvider.get().subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: '01', name: 'O=Home Party, CN=Not Quite A CA', keys, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + DAY),
      extensions: [new x509.BasicConstraintsExtension(true, 0, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)],
    });
    const ca: Authority = { cert, keys: keys as Authority['keys'] };
    const partner = await store.writeIdentity('victim', await issueLeaf(ca, { subject, profile: 'client' }));
    const err = await new ProbeMint(store, ca, partner.certFile, { anchors: cert.toString('pem') }).mint('expired').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProbeUnfit);
    expect((err as Error).message).toMatch(/the expired-1 probe for O=Producer Organization, CN=partner-a is not only expired: OpenSSL finds error \d+/);
  });

  it('mints probes with the partner\'s key kind and chain, and impostors with its key kind', async () => {
    const root = await createAuthority({ O: 'Home Party', CN: 'Root CA' }, 30, { keyAs: RSA, pathLength: 1 });
    const issuer = await createIssuingAuthority(root, { O: 'Home Party', CN: 'Issuing CA' });
    const issued = await issueLeaf(issuer, { subject, profile: 'client', keyAs: RSA });
    const victim = await store.writeIdentity('victim-rsa', issued, [issuer.cert.toString('pem')]);
    const trust = { anchors: root.cert.toString('pem') };
    const expired = await new ProbeMint(store, issuer, victim.certFile, trust).mint('expired');
    const rogue = await mintRogueIdentities(store, victim.certFile, trust);
    const blocks = (f: string): string[] => readFileSync(f, 'utf8').match(/-----BEGIN CERTIFICATE-----/g) ?? [];
    expect(blocks(expired.certFile)).toHaveLength(2);
    for (const p of [expired, rogue.selfSigned, rogue.foreignCa]) expect(new X509Certificate(readFileSync(p.certFile)).publicKey.asymmetricKeyDetails?.modulusLength, p.name).toBe(2048);
    expect(rogue.selfSigned.subject).toBe('CN=partner-a,O=Producer Organization');
  });
});

describe("a partner certificate with extensions of its own (made by openssl: alternative names, a policy, a CRL distribution point)", () => {
  const EXT = ['subjectAltName = DNS:partner-a.example, URI:spiffe://home.example/partner-a, email:ops@partner-a.example', 'certificatePolicies = 1.3.6.1.4.1.55555.1.2', 'crlDistributionPoints = URI:http://pki.home.example/root.crl'];
  const root = opensslCa(dir, 'root', 'sha1');
  const partner = opensslLeaf(dir, root, 'partner-a', '/O=Producer Organization/CN=partner-a', 'client', { ext: EXT });
  const ca = (): Promise<Authority> => importAuthority(readFileSync(root.certFile, 'utf8'), createPrivateKey(readFileSync(root.keyFile)));

  it('every probe minted for it carries them, as OpenSSL reads them, and passes the check', async () => {
    const trust = { anchors: readFileSync(root.certFile, 'utf8') };
    const mint = new ProbeMint(store, await ca(), partner.certFile, trust);
    const probes = [await mint.mint('expired'), await mint.mint('not-yet-valid'), await mint.mint('wrong-eku'), ...Object.values(await mintRogueIdentities(store, partner.certFile, trust))];
    const [wanted] = await extensionsOf([readFileSync(partner.certFile, 'utf8')]);
    for (const p of probes) {
      const [seen] = await extensionsOf([readFileSync(p.certFile, 'utf8')]);
      for (const n of ['X509v3 Subject Alternative Name', 'X509v3 Certificate Policies', 'X509v3 CRL Distribution Points', 'X509v3 Key Usage']) expect(seen!.get(n), `${p.name}: ${n}`).toBe(wanted!.get(n));
      expect(new X509Certificate(readFileSync(p.certFile)).subjectAltName, p.name).toBe('DNS:partner-a.example, URI:spiffe://home.example/partner-a, email:ops@partner-a.example');
      // Not for clients, and, as its partner has alternative names, no server cert for them either: a usage no verifier knows.
      expect(seen!.get('X509v3 Extended Key Usage'), p.name).toBe(p.name.startsWith('wrong-eku') ? '2.999.1' : 'TLS Web Client Authentication');
    }
  });

  it('a probe without its alternative names is caught: a gateway that lets partners in by name would refuse it for that', async () => {
    const probe = { leaf: (await issueLeaf(await ca(), { subject, profile: 'client', notBefore: new Date(Date.now() - 3 * DAY), notAfter: new Date(Date.now() - DAY) })).cert.toString('pem'), chain: [] };
    const problems = (await probeProblems({ kind: 'expired', probe, victim: { leaf: readFileSync(partner.certFile, 'utf8'), chain: [] }, anchors: readFileSync(root.certFile, 'utf8') })).join('; ');
    expect(problems).toMatch(/its X509v3 Subject Alternative Name is absent, the partner's DNS:partner-a\.example, URI:spiffe:\/\/home\.example\/partner-a, email:ops@partner-a\.example/);
    expect(problems).toMatch(/its X509v3 Certificate Policies is absent/);
  });
});
