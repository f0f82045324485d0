// Using a CA someone else runs (cert-manager's CA Secret, or `issuer:` in an external target file)
// to sign what cert-manager cannot: back-dated certs, wrong-EKU certs, CRLs.
import type { KeyObject } from 'node:crypto';
import type { Authority } from './authority.ts';
import { firstCertificateIn } from './pem.ts';
import { subtle, x509 } from './x509.ts';

const EC_HASH: Record<string, string> = { prime256v1: 'SHA-256', secp384r1: 'SHA-384', secp521r1: 'SHA-512' };
const EC_CURVE: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };

export async function importAuthority(certPem: string, key: KeyObject): Promise<Authority> {
  const cert = new x509.X509Certificate(firstCertificateIn(certPem));
  const der = key.export({ type: 'pkcs8', format: 'der' });
  let importAlg: { name: string; namedCurve?: string; hash?: string };
  let signingAlgorithm: { name: 'ECDSA' | 'RSASSA-PKCS1-v1_5'; hash: string };
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve ?? '';
    if (!EC_CURVE[curve]) throw new Error(`the CA key uses the curve ${curve}, which this harness cannot sign with (P-256, P-384, P-521)`);
    importAlg = { name: 'ECDSA', namedCurve: EC_CURVE[curve] };
    signingAlgorithm = { name: 'ECDSA', hash: EC_HASH[curve]! };
  } else if (key.asymmetricKeyType === 'rsa') {
    importAlg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    signingAlgorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  } else {
    throw new Error(`the CA key is ${key.asymmetricKeyType}; this harness signs with EC or RSA CA keys`);
  }
  const privateKey = await subtle.importKey('pkcs8', der, importAlg, false, ['sign']);
  const publicKey = await cert.publicKey.export(importAlg, ['verify']);
  // x509's export is typed with the DOM CryptoKey; at run time both are Node's webcrypto keys.
  return { cert, keys: { privateKey, publicKey: publicKey as unknown as typeof privateKey }, signingAlgorithm };
}
