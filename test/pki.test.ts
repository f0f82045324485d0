// The PKI is checked by parsing what it wrote, with Node's X509 parser and the openssl CLI.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePolicy, type Policy } from '../harness/config/policy.ts';
import { KeyStore } from '../harness/pki/store.ts';
import { mintRunPki, type RunPki } from '../harness/identities/run-pki.ts';
import { parse } from 'yaml';
import { PRIVATE } from './support/pem-markers.ts';

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const policy = parsePolicy(parse(readFileSync(new URL('../fixtures/policy.yaml', import.meta.url), 'utf8'))).policy as Policy;

let store: KeyStore;
let pki: RunPki;
const cert = (file: string): X509Certificate => new X509Certificate(readFileSync(file));

beforeAll(async () => {
  store = new KeyStore();
  pki = await mintRunPki(store, policy);
});
afterAll(() => store.remove());

describe('local PKI', () => {
  it('keeps keys 0600 in a 0700 directory, and removes it all', () => {
    expect(statSync(store.dir).mode & 0o777).toBe(0o700);
    for (const p of pki.partners) expect(statSync(p.keyFile).mode & 0o777).toBe(0o600);
    expect(statSync(pki.serverKeyFile).mode & 0o777).toBe(0o600);
    const other = new KeyStore();
    other.writePublic('x.crt', 'x');
    other.remove();
    expect(existsSync(other.dir)).toBe(false);
  });

  it('writes PKCS#8 keys that match their certificates', () => {
    const p = pki.partners[0]!;
    expect(readFileSync(p.keyFile, 'utf8')).toMatch(new RegExp(`^-----BEGIN ${PRIVATE}-----`));
    const c = cert(p.certFile);
    expect(c.checkPrivateKey(createPrivateKey(readFileSync(p.keyFile)))).toBe(true);
  });

  it('makes an ECDSA P-256 CA that may sign certificates and CRLs', () => {
    const ca = cert(pki.caFile);
    expect(ca.ca).toBe(true);
    expect(ca.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(ca.verify(ca.publicKey)).toBe(true);
  });

  it('makes a server certificate for localhost and 127.0.0.1 with EKU serverAuth', () => {
    const s = cert(pki.serverCertFile);
    expect(s.subjectAltName).toContain('DNS:localhost');
    expect(s.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(s.keyUsage).toEqual([SERVER_AUTH]);
    expect(s.checkIssued(cert(pki.caFile))).toBe(true);
  });

  it('issues each partner a clientAuth certificate with its subject, from the CA', () => {
    const a = pki.partners.find((p) => p.name === 'partner-a')!;
    const c = cert(a.certFile);
    expect(c.subject.split('\n')).toEqual(['O=Producer Organization', 'OU=Integration Team', 'CN=producer-api-client']);
    expect(a.subject).toBe('CN=producer-api-client,OU=Integration Team,O=Producer Organization');
    expect(c.keyUsage).toEqual([CLIENT_AUTH]);
    expect(c.ca).toBe(false);
    expect(c.verify(cert(pki.caFile).publicKey)).toBe(true);
    expect(new Date(c.validFrom).getTime()).toBeLessThan(Date.now());
    expect(new Date(c.validTo).getTime()).toBeGreaterThan(Date.now());
  });

  it('makes an expired and a not-yet-valid cert signed by the trusted CA', async () => {
    const expired = cert((await pki.mint.mint('expired')).certFile);
    const notYet = cert((await pki.mint.mint('not-yet-valid')).certFile);
    expect(new Date(expired.validTo).getTime()).toBeLessThan(Date.now());
    expect(new Date(notYet.validFrom).getTime()).toBeGreaterThan(Date.now());
    for (const c of [expired, notYet]) expect(c.verify(cert(pki.caFile).publicKey)).toBe(true);
  });

  it('makes impostors that carry a real partner subject but do not chain to the CA', () => {
    const self = cert(pki.probes.selfSigned.certFile);
    const foreign = cert(pki.probes.foreignCa.certFile);
    const real = cert(pki.partners[0]!.certFile);
    expect(self.subject).toBe(real.subject);
    expect(foreign.subject).toBe(real.subject);
    expect(self.issuer).toBe(self.subject);
    expect(foreign.issuer).toContain('CN=Foreign Root CA');
    for (const c of [self, foreign]) expect(c.verify(cert(pki.caFile).publicKey)).toBe(false);
  });
});
