// Checking certificate and key files a user points us at: each problem is one sentence with the
// fix, never the key's content. Used by the external target file and by `verify`.
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { readInputFile } from './input-file.ts';
import { firstCertificateIn, privateKeyIn } from '../pki/pem.ts';

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

/** A PEM file is a few KiB; a bigger one is not what the user meant to give. */
const PEM_MAX_BYTES = 1024 * 1024;

/** Where a relative path starts: the target file's folder, or (for a flag) the folder the tool runs in. */
export type PathBase = "the config file's folder" | 'the current folder';

function readText(file: string, shown: string, base: PathBase): Checked<string> {
  const read = readInputFile(file, PEM_MAX_BYTES);
  if (read.ok) return { ok: true, value: read.text };
  return { ok: false, problem: `${shown} ${read.why}${read.why === 'does not exist' ? `: check the path (relative paths start at ${base})` : ''}` };
}

export function readCertificate(file: string, shown = file, base: PathBase = "the config file's folder"): Checked<X509Certificate> {
  const text = readText(file, shown, base);
  if (!text.ok) return text;
  try {
    // The same reading as at use (pem.ts): only the CERTIFICATE blocks, whatever else the file holds.
    return { ok: true, value: new X509Certificate(firstCertificateIn(text.value)) };
  } catch {
    return { ok: false, problem: `${shown} is not a PEM certificate (expected -----BEGIN CERTIFICATE-----)` };
  }
}

export function readPrivateKey(file: string, shown = file, base: PathBase = "the config file's folder"): Checked<KeyObject> {
  const text = readText(file, shown, base);
  if (!text.ok) return text;
  // PKCS#8 encrypted (the PEM label ENCRYPTED PRIVATE KEY) or a legacy encrypted PEM header.
  if (/ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(text.value)) {
    return { ok: false, problem: `${shown} is an encrypted key: give an unencrypted one (e.g. openssl pkey -in <key> -out <plain.key>), kept 0600` };
  }
  try {
    // The same reading as at use (pem.ts): the key block, whatever else the file holds.
    return { ok: true, value: createPrivateKey(privateKeyIn(text.value)) };
  } catch {
    return { ok: false, problem: `${shown} is not a PEM private key (expected a PEM "PRIVATE KEY" block, PKCS#8, or an EC/RSA key)` };
  }
}

export interface ClientCredentials {
  cert: X509Certificate;
  key: KeyObject;
}

/** A cert + key pair for a client: readable, matching, and (unless `anyUsage`) meant for client auth. */
export function checkClientPair(certFile: string, keyFile: string, shown: { cert: string; key: string }, anyUsage = false): Checked<ClientCredentials> {
  const cert = readCertificate(certFile, shown.cert);
  if (!cert.ok) return cert;
  const key = readPrivateKey(keyFile, shown.key);
  if (!key.ok) return key;
  if (!cert.value.checkPrivateKey(key.value)) {
    return { ok: false, problem: `${shown.key} does not match ${shown.cert}: use the key the certificate was issued for` };
  }
  if (!anyUsage) {
    if (cert.value.ca) return { ok: false, problem: `${shown.cert} is a CA certificate, not a client certificate` };
    const eku = cert.value.keyUsage;
    if (eku && eku.length > 0 && !eku.includes(CLIENT_AUTH)) {
      return { ok: false, problem: `${shown.cert} is not a client certificate (its extended key usage lacks clientAuth): issue it with usage "client auth"` };
    }
  }
  return { ok: true, value: { cert: cert.value, key: key.value } };
}
