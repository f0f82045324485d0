// The attestation `verify --attest` writes: the in-toto Statement in a DSSE envelope, signed with
// the partner's own client key, in a Sigstore bundle whose verification material is the partner's
// certificate chain as it presents it. No transparency log, no timestamp authority: nothing leaves
// the machine. The key only signs; nothing of it is written. DSSE signs its pre-authentication
// encoding ("DSSEv1 <len> <type> <len> <payload>"), which no TLS handshake ever signs.
import { createPrivateKey, sign, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { bundleToJSON, toDSSEBundle } from '@sigstore/bundle';
import { dsse } from '@sigstore/core';
import { certificatesIn, privateKeyIn } from '../pki/pem.ts';
import { PAYLOAD_TYPE, type Statement } from './statement.ts';
import { hashFor } from './signing-key.ts';

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** The bundle as JSON text, signed with the key in `keyFile`, carrying the chain in `certFile`. */
export function signedBundle(statement: Statement, certFile: string, keyFile: string): string {
  const chain = (certificatesIn(readFileSync(certFile, 'utf8')).match(PEM_CERT) ?? []).map((pem) => new X509Certificate(pem).raw);
  const key = createPrivateKey(privateKeyIn(readFileSync(keyFile, 'utf8')));
  const payload = Buffer.from(JSON.stringify(statement));
  const signature = sign(hashFor(key), dsse.preAuthEncoding(PAYLOAD_TYPE, payload), key);
  const bundle = toDSSEBundle({ artifact: payload, artifactType: PAYLOAD_TYPE, signature, certificate: chain[0]!, certificateChain: true });
  // The whole chain the partner presents, leaf first (toDSSEBundle puts the leaf alone).
  if (bundle.verificationMaterial.content.$case === 'x509CertificateChain') {
    bundle.verificationMaterial.content.x509CertificateChain.certificates = chain.map((rawBytes) => ({ rawBytes }));
  }
  return `${JSON.stringify(bundleToJSON(bundle), null, 2)}\n`;
}
