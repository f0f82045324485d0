// Checking certificate and key files a user points us at: each problem is one sentence with the
// fix, never the key's content. Used by the external target file and by `verify`.
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { readInputFile } from './input-file.ts';
import { certificateBlocks, firstCertificateIn, privateKeyIn } from '../pki/pem.ts';

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

/** A PEM file is a few KiB; a bigger one is not what the user meant to give. */
const PEM_MAX_BYTES = 1024 * 1024;

/** Where a relative path starts: the target file's folder, or (for a flag) the folder the tool runs in. */
export type PathBase = "the config file's folder" | 'the current folder';

function readText(file: string, shown: string, base: PathBase): Checked<{ text: string; bytes: Buffer }> {
  const read = readInputFile(file, PEM_MAX_BYTES);
  if (read.ok) return { ok: true, value: read };
  return { ok: false, problem: `${shown} ${read.why}${read.why === 'does not exist' ? `: check the path (relative paths start at ${base})` : ''}` };
}

/** The openssl line that turns a binary export (a PKCS#12 bundle, or DER) into the PEM wanted. */
const CONVERT = {
  certificate: { pkcs12: 'openssl pkcs12 -in <file> -clcerts -nokeys -out <cert.pem>', der: 'openssl x509 -inform DER -in <file> -out <cert.pem>' },
  key: { pkcs12: 'openssl pkcs12 -in <file> -nocerts -nodes -out <key.pem>, kept 0600', der: 'openssl pkey -inform DER -in <file> -out <key.pem>, kept 0600' },
};

/**
 * What a file that is not PEM is, when it is what CAs and key stores export instead: DER (the whole
 * file one ASN.1 SEQUENCE), or a PKCS#12 bundle (a SEQUENCE that starts with version 3, RFC 7292;
 * some tools write it with an indefinite length).
 */
export function notPem(bytes: Buffer, shown: string, want: keyof typeof CONVERT): string | undefined {
  if (bytes[0] !== 0x30 || bytes.length < 5) return undefined;
  const lengthBytes = bytes[1]! < 0x80 ? 0 : bytes[1]! - 0x80;
  if (lengthBytes > 4) return undefined;
  const length = lengthBytes === 0 ? bytes[1]! : bytes.readUIntBE(2, lengthBytes);
  if (bytes[1] !== 0x80 && 2 + lengthBytes + length !== bytes.length) return undefined;
  const body = bytes.subarray(2 + lengthBytes, 5 + lengthBytes);
  const kind = body.equals(Buffer.from([0x02, 0x01, 0x03])) ? 'pkcs12' : 'der';
  return `${shown} is ${kind === 'pkcs12' ? 'a PKCS#12 bundle' : 'binary (DER)'}, not PEM: convert it with ${CONVERT[want][kind]}`;
}

export function readCertificate(file: string, shown = file, base: PathBase = "the config file's folder"): Checked<X509Certificate> {
  const text = readText(file, shown, base);
  if (!text.ok) return text;
  try {
    // The same reading as at use (pem.ts): only the CERTIFICATE blocks, whatever else the file holds.
    return { ok: true, value: new X509Certificate(firstCertificateIn(text.value.text)) };
  } catch {
    return { ok: false, problem: notPem(text.value.bytes, shown, 'certificate') ?? `${shown} is not a PEM certificate (expected -----BEGIN CERTIFICATE-----)` };
  }
}

export function readPrivateKey(file: string, shown = file, base: PathBase = "the config file's folder"): Checked<KeyObject> {
  const text = readText(file, shown, base);
  if (!text.ok) return text;
  // PKCS#8 encrypted (the PEM label ENCRYPTED PRIVATE KEY) or a legacy encrypted PEM header.
  if (/ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(text.value.text)) {
    return { ok: false, problem: `${shown} is an encrypted key: give an unencrypted one (e.g. openssl pkey -in <key> -out <plain.key>), kept 0600` };
  }
  try {
    // The same reading as at use (pem.ts): the key block, whatever else the file holds.
    return { ok: true, value: createPrivateKey(privateKeyIn(text.value.text)) };
  } catch {
    return { ok: false, problem: notPem(text.value.bytes, shown, 'key') ?? `${shown} is not a PEM private key (expected a PEM "PRIVATE KEY" block, PKCS#8, or an EC/RSA key)` };
  }
}

/** Where in a chain file the certificate of `key` stands when it is not first (1-based), as when a CA was put before it. */
function keyCertPosition(certFile: string, key: KeyObject): number | undefined {
  const read = readInputFile(certFile, PEM_MAX_BYTES);
  const blocks = read.ok ? certificateBlocks(read.text) : [];
  const i = blocks.findIndex((pem, n) => {
    try {
      return n > 0 && new X509Certificate(pem).checkPrivateKey(key);
    } catch {
      return false;
    }
  });
  return i > 0 ? i + 1 : undefined;
}

/** Why `key` is not the key of the cert file's first certificate, `cert` (undefined: it is). */
export function keyMismatch(cert: X509Certificate, certFile: string, key: KeyObject, shown: { cert: string; key: string }): string | undefined {
  if (cert.checkPrivateKey(key)) return undefined;
  const at = keyCertPosition(certFile, key);
  if (at) return `${shown.cert}: the certificate of ${shown.key} is certificate ${at} in it; put it first, with its CAs after it (the first is the one presented as the partner's)`;
  return `${shown.key} does not match ${shown.cert}: use the key the certificate was issued for`;
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
  const mismatch = keyMismatch(cert.value, certFile, key.value, shown);
  if (mismatch) return { ok: false, problem: mismatch };
  if (!anyUsage) {
    if (cert.value.ca) return { ok: false, problem: `${shown.cert} is a CA certificate, not a client certificate` };
    const eku = cert.value.keyUsage;
    if (eku && eku.length > 0 && !eku.includes(CLIENT_AUTH)) {
      return { ok: false, problem: `${shown.cert} is not a client certificate (its extended key usage lacks clientAuth): issue it with usage "client auth"` };
    }
  }
  return { ok: true, value: { cert: cert.value, key: key.value } };
}
