// The Home Party's side of the guide's Option A: the partner makes its own key and sends only a
// certificate signing request (PKCS#10); the CA checks it and issues a client certificate over the
// partner's public key. A request that carries a private key, is not signed by the key it names,
// or asks for another subject than the one agreed is refused, with the reason.
import { issuingName, type Subject } from './subject.ts';
import { certifyKey, type Authority } from './authority.ts';
import { x509 } from './x509.ts';

/** The CA's refusal of a partner's CSR, with the reason: an answer to the partner, not a failure of the harness. */
export class CsrRefused extends Error {
  override name = 'CsrRefused';
}

/** The CSR, checked: only a request, signed by its own key (proof of possession), for the agreed subject. */
export async function checkedCsr(csrPem: string, agreed: Subject): Promise<x509.Pkcs10CertificateRequest> {
  if (/PRIVATE KEY-----/.test(csrPem)) throw new CsrRefused('the request carries a private key: only the CSR may travel; make a new key, keep it, and send a CSR');
  let csr: x509.Pkcs10CertificateRequest;
  try {
    csr = new x509.Pkcs10CertificateRequest(csrPem);
  } catch (err) {
    throw new CsrRefused(`not a PKCS#10 certificate signing request: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!(await csr.verify())) throw new CsrRefused('the CSR is not signed by the key it names (no proof that the partner holds that key)');
  if (csr.subject !== issuingName(agreed)) throw new CsrRefused(`the CSR asks for "${csr.subject}", not the subject agreed for this partner ("${issuingName(agreed)}")`);
  return csr;
}

/** A client certificate over the CSR's public key, for `days` days (cert-manager's default: 90). */
export async function signCsr(ca: Authority, csr: x509.Pkcs10CertificateRequest, agreed: Subject, days = 90): Promise<x509.X509Certificate> {
  return certifyKey(ca, await csr.publicKey.export(), { subject: agreed, profile: 'client' }, days);
}
