// The Home Party's CA and a partner's CSR (the guide's Option A): it signs the partner's own key and
// nothing else, and refuses a request that carries a key, is not signed by the key it names, or
// asks for another subject. Public keys are compared with node:crypto, not the library that signs.
import { createPublicKey, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { TargetInfo } from '../harness/core/target.ts';
import { CaseBroken } from '../harness/oracle/no-verdict.ts';
import { DemoLease } from '../harness/run/scheduler.ts';
import { control, setRun } from '../suites/support/target.ts';
import { createAuthority } from '../harness/pki/authority.ts';
import { CsrRefused } from '../harness/pki/sign-csr.ts';
import { checkedCsr, signCsr } from '../harness/pki/sign-csr.ts';
import { issuingName, type Subject } from '../harness/pki/subject.ts';
import { EC_P256, generateKeyPair, privateKeyPem, x509 } from '../harness/pki/x509.ts';
import { NO_CONTROL } from '../harness/core/no-control.ts';

const agreed: Subject = { O: 'Onboarded Organization', OU: 'Integration Team', CN: 'csr-partner' };

async function csrFor(subject: Subject): Promise<{ pem: string; keyPem: string }> {
  const keys = await generateKeyPair();
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: issuingName(subject), keys, signingAlgorithm: EC_P256 });
  return { pem: csr.toString('pem'), keyPem: await privateKeyPem(keys) };
}

const spki = (k: ReturnType<typeof createPublicKey>): Buffer => k.export({ type: 'spki', format: 'der' });

describe('signing a partner CSR', () => {
  it("issues a client certificate over the partner's own key, chained to the CA", async () => {
    const ca = await createAuthority({ CN: 'Home Party CA' });
    const { pem, keyPem } = await csrFor(agreed);
    const cert = new X509Certificate((await signCsr(ca, await checkedCsr(pem, agreed), agreed)).toString('pem'));
    expect(spki(cert.publicKey).equals(spki(createPublicKey(keyPem)))).toBe(true);
    expect(cert.checkIssued(new X509Certificate(ca.cert.toString('pem')))).toBe(true);
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(cert.subject.split('\n')).toEqual(['O=Onboarded Organization', 'OU=Integration Team', 'CN=csr-partner']);
  });

  it.each<[string, () => Promise<string>, RegExp]>([
    ['a request that carries the private key', async () => { const c = await csrFor(agreed); return `${c.pem}\n${c.keyPem}`; }, /carries a private key: only the CSR may travel/],
    ['a request for another subject', async () => (await csrFor({ ...agreed, CN: 'someone-else' })).pem, /asks for ".*someone-else", not the subject agreed/],
    ['a request not signed by the key it names', async () => {
      // One bit of the signature's last integer flipped: still a well-formed request, no proof of possession.
      const der = Buffer.from(new x509.Pkcs10CertificateRequest((await csrFor(agreed)).pem).rawData);
      der[der.length - 1] = der[der.length - 1]! ^ 0x01;
      return x509.PemConverter.encode(der, 'CERTIFICATE REQUEST');
    }, /not signed by the key it names/],
    ['something that is not a CSR', async () => '-----BEGIN CERTIFICATE REQUEST-----\nbm90IGEgY3Ny\n-----END CERTIFICATE REQUEST-----\n', /not a PKCS#10 certificate signing request/],
  ])('refuses %s, saying why', async (_what, make, reason) => {
    const err = await checkedCsr(await make(), agreed).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CsrRefused);
    expect((err as Error).message).toMatch(reason);
  });
});

describe('a refused CSR, as a case sees it', () => {
  it("is the CA's answer with its reason, for the case to judge, not a case without a verdict", async () => {
    setRun({ info: { target: 'test' } as TargetInfo, control: { ...NO_CONTROL, onboardCsr: () => Promise.reject(new CsrRefused('the request carries a private key')) }, scheduler: new DemoLease() });
    const err = await control().onboardCsr('csr-partner', 'x').catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(CaseBroken);
    // A broken promise: the collector counts only those as failures (anything else is broken).
    expect((err as Error).name).toBe('AssertionError');
    expect((err as Error).message).toMatch(/the CA refused the CSR: the request carries a private key/);
  });

  it('a control action that throws on the run\'s side is a case without a verdict, with a fix', async () => {
    setRun({ info: { target: 'test' } as TargetInfo, control: { ...NO_CONTROL, revoke: () => Promise.reject(new Error('nginx reload did not complete within 5000 ms')) }, scheduler: new DemoLease() });
    const err = await control().revoke('partner-a').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CaseBroken);
    expect((err as CaseBroken).reason).toBe('revoke failed: nginx reload did not complete within 5000 ms');
    expect((err as CaseBroken).fix).toMatch(/run again/);
  });
});
