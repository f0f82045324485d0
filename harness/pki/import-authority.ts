// Using a CA someone else runs (cert-manager's CA Secret, or `issuer:` in an external target file)
// to sign what cert-manager cannot: back-dated certs, wrong-EKU certs, CRLs. Its file may hold the
// CAs above it as well: those are what a leaf it signs presents after itself (the root left out).
import type { KeyObject } from 'node:crypto';
import type { Authority } from './authority.ts';
import { certificateBlocks, certificatesIn } from './pem.ts';
import { algorithmOf, importAlgorithm, KEY_KINDS, subtle, x509 } from './x509.ts';

export async function importAuthority(certPem: string, key: KeyObject): Promise<Authority> {
  const [cert, ...above] = certificateBlocks(certificatesIn(certPem)).map((pem) => new x509.X509Certificate(pem));
  const signingAlgorithm = algorithmOf(key);
  if (!signingAlgorithm) throw new Error(`the CA key is ${key.asymmetricKeyType}${key.asymmetricKeyDetails?.namedCurve ? ` on ${key.asymmetricKeyDetails.namedCurve}` : ''}; this harness signs with CA keys of ${KEY_KINDS}`);
  const importAlg = importAlgorithm(signingAlgorithm);
  const privateKey = await subtle.importKey('pkcs8', key.export({ type: 'pkcs8', format: 'der' }), importAlg, false, ['sign']);
  const publicKey = await cert!.publicKey.export(importAlg, ['verify']);
  // A self-signed issuer is a root: its leaves present nothing after them; else it and what is above it but the root.
  const selfSigned = cert!.subject === cert!.issuer && (await cert!.isSelfSigned());
  const presented = selfSigned ? [] : [cert!, ...above.filter((c) => c.subject !== c.issuer)];
  // x509's export is typed with the DOM CryptoKey; at run time both are Node's webcrypto keys.
  return { cert: cert!, keys: { privateKey, publicKey: publicKey as unknown as typeof privateKey }, signingAlgorithm, presented };
}
