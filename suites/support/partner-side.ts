// A partner onboarding by the guide's Option A, on its own side of the fence: its own folder (0700)
// where it makes its own key (0600) and a certificate signing request. Only the CSR leaves the
// folder; the certificate the Home Party sends back is put next to the key.
import { createPublicKey, X509Certificate } from 'node:crypto';
import { chmodSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { issuingName, type Subject } from '../../harness/pki/subject.ts';
import { EC_P256, generateKeyPair, privateKeyPem, x509 } from '../../harness/pki/x509.ts';
import { ownedTempDir } from '../../harness/util/reaper.ts';

export interface PartnerSide {
  dir: string;
  keyFile: string;
  csrPem: string;
  /** Put the issued certificate in the folder, next to the key. */
  keep(certPem: string): string;
  remove(): void;
}

export async function partnerMakesKeyAndCsr(subject: Subject): Promise<PartnerSide> {
  const dir = ownedTempDir('partner');
  const keys = await generateKeyPair();
  const keyFile = join(dir, 'partner.key');
  writeFileSync(keyFile, await privateKeyPem(keys), { mode: 0o600 });
  chmodSync(keyFile, 0o600);
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: issuingName(subject), keys, signingAlgorithm: EC_P256 });
  return {
    dir,
    keyFile,
    csrPem: csr.toString('pem'),
    keep: (certPem) => {
      const certFile = join(dir, 'partner.crt');
      writeFileSync(certFile, certPem, { mode: 0o644 });
      return certFile;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const spki = (key: ReturnType<typeof createPublicKey>): Buffer => key.export({ type: 'spki', format: 'der' });

/**
 * Read with node:crypto (OpenSSL), not with the library that made the CSR: the public key of the
 * certificate, of the CSR, and of the key in the partner's folder, as DER SubjectPublicKeyInfo.
 */
export function publicKeys(certPem: string, csrPem: string, keyFile: string): { cert: Buffer; csr: Buffer; key: Buffer } {
  const der = Buffer.from(new x509.Pkcs10CertificateRequest(csrPem).publicKey.rawData);
  return {
    cert: spki(new X509Certificate(certPem).publicKey),
    csr: spki(createPublicKey({ key: der, format: 'der', type: 'spki' })),
    key: spki(createPublicKey(readFileSync(keyFile, 'utf8'))),
  };
}

/** The permission bits of a file (0600 for a key only its owner reads). */
export function modeOf(file: string): number {
  return statSync(file).mode & 0o777;
}
