// The independent probe check: each kind of probe passes when it is off in exactly its own way and
// is caught when it is off in a second way; minting from a CA that cannot make a fair probe stops.
import { X509Certificate } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createAuthority, issueLeaf, selfSignedClient, type Authority, type LeafRequest } from '../harness/pki/authority.ts';
import { probeProblems, type ProbeKind } from '../harness/pki/probe-check.ts';
import { ProbeMint } from '../harness/identities/probe-mint.ts';
import { mintRogueIdentities, ProbeUnfit } from '../harness/identities/rogue.ts';
import { KeyStore } from '../harness/pki/store.ts';
import { x509 } from '../harness/pki/x509.ts';

const store = new KeyStore();
afterAll(() => store.remove());

const DAY = 86_400_000;
const subject = { O: 'Producer Organization', CN: 'partner-a' };
const node = (c: x509.X509Certificate): X509Certificate => new X509Certificate(Buffer.from(c.rawData));

async function setup(): Promise<{ ca: Authority; trusted: X509Certificate; partner: X509Certificate; leaf: (r: Partial<LeafRequest>, from?: Authority) => Promise<X509Certificate> }> {
  const ca = await createAuthority({ O: 'Home Party', CN: 'Partner CA' });
  const leaf = async (r: Partial<LeafRequest>, from = ca): Promise<X509Certificate> => node((await issueLeaf(from, { subject, profile: 'client', ...r })).cert);
  return { ca, trusted: node(ca.cert), partner: await leaf({}), leaf };
}

describe('probeProblems', () => {
  it('passes each probe that is off in exactly its own way', async () => {
    const { trusted, partner, leaf } = await setup();
    const foreign = await createAuthority({ O: 'Foreign Party', CN: 'Foreign CA' });
    const ctx = { trusted, partners: [partner] };
    const now = Date.now();
    const fair: [ProbeKind, X509Certificate][] = [
      ['expired', await leaf({ notBefore: new Date(now - 3 * DAY), notAfter: new Date(now - DAY) })],
      ['not-yet-valid', await leaf({ notBefore: new Date(now + DAY), notAfter: new Date(now + 2 * DAY) })],
      ['wrong-eku', await leaf({ profile: 'server' })],
      ['revoked', await leaf({})],
      ['self-signed', node((await selfSignedClient(subject)).cert)],
      ['foreign-ca', await leaf({}, foreign)],
    ];
    for (const [kind, cert] of fair) expect(probeProblems(kind, cert, ctx), kind).toEqual([]);
  });

  it('names the second way a probe is off', async () => {
    const { trusted, partner, leaf } = await setup();
    const foreign = await createAuthority({ O: 'Foreign Party', CN: 'Foreign CA' });
    const ctx = { trusted, partners: [partner] };
    const now = Date.now();
    const past = { notBefore: new Date(now - 3 * DAY), notAfter: new Date(now - DAY) };
    const twice: [ProbeKind, X509Certificate, RegExp][] = [
      ['expired', await leaf(past, foreign), /Authority Key Identifier does not match/],
      ['expired', await leaf({ ...past, profile: 'server' }), /lacks clientAuth/],
      ['expired', await leaf({ ...past, subject: { O: 'Nobody', CN: 'stranger' } }), /none of the partners' subjects/],
      ['expired', await leaf({}), /it is not expired/],
      ['wrong-eku', await leaf({ profile: 'server', ...past }), /it expired on/],
      ['revoked', await leaf({ notBefore: new Date(now + DAY), notAfter: new Date(now + 2 * DAY) }), /it is not valid yet/],
      ['foreign-ca', await leaf({}), /it chains to the trusted CA/],
      ['self-signed', await leaf({}, foreign), /it is not self-signed/],
    ];
    for (const [kind, cert, why] of twice) expect(probeProblems(kind, cert, ctx).join('; '), kind).toMatch(why);
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
    const err = await new ProbeMint(store, ca, partner.certFile).mint('expired').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProbeUnfit);
    expect((err as Error).message).toMatch(/the expired-1 probe minted with O=Home Party, CN=Not Quite A CA is not only expired: .*may not sign certificates/);
  });

  it('mints impostors that carry the victim\'s subject and do not chain to the trusted CA', async () => {
    const { ca, trusted } = await setup();
    const victim = await store.writeIdentity('victim-2', await issueLeaf(ca, { subject, profile: 'client' }));
    const rogue = await mintRogueIdentities(store, victim.certFile, trusted);
    expect(rogue.selfSigned.subject).toBe('CN=partner-a,O=Producer Organization');
    expect(rogue.foreignCa.subject).toBe(rogue.selfSigned.subject);
  });
});
