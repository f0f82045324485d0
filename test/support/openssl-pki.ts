// A PKI made by the openssl CLI, not by our minting code: a CA with the Subject Key Identifier of a
// chosen kind (SHA-1 as OpenSSL writes it, the leftmost 160 bits of SHA-256 as Go >= 1.25 and so
// cert-manager v1.21 write it, or none), and leaves it signs, as another party's CA would issue them.
import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AsnConvert } from '@peculiar/asn1-schema';
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';

export type SkiKind = 'sha1' | 'sha256-truncated' | 'none';

export function openssl(args: string[]): string {
  try {
    return execFileSync('openssl', args, { encoding: 'utf8', stdio: 'pipe' });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return `${e.stdout ?? ''}${e.stderr ?? ''}`;
  }
}

/** The leftmost 160 bits of SHA-256 of the raw public key (RFC 7093 method 1; Go >= 1.25). */
export function truncatedSha256(keyFile: string): string {
  const spki = createPublicKey(createPrivateKey(readFileSync(keyFile))).export({ type: 'spki', format: 'der' });
  const raw = Buffer.from(AsnConvert.parse(spki, SubjectPublicKeyInfo).subjectPublicKey);
  return createHash('sha256').update(raw).digest('hex').slice(0, 40);
}

function genKey(file: string, key: 'ec' | 'rsa'): void {
  openssl(['genpkey', ...(key === 'ec' ? ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'] : ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']), '-out', file]);
}

export interface Files {
  certFile: string;
  keyFile: string;
}

export function opensslCa(dir: string, name: string, ski: SkiKind, key: 'ec' | 'rsa' = 'ec', keyUsage = 'keyCertSign,cRLSign,digitalSignature'): Files {
  const keyFile = join(dir, `${name}.key`);
  const certFile = join(dir, `${name}.crt`);
  genKey(keyFile, key);
  const value = ski === 'sha1' ? 'hash' : ski === 'none' ? 'none' : truncatedSha256(keyFile);
  const cnf = join(dir, `${name}.cnf`);
  writeFileSync(cnf, [
    '[req]', 'distinguished_name = dn', 'prompt = no', 'x509_extensions = ext',
    '[dn]', 'O = Home Party', `CN = ${name}`,
    '[ext]', 'basicConstraints = critical,CA:TRUE', `keyUsage = critical,${keyUsage}`, `subjectKeyIdentifier = ${value}`,
  ].join('\n'));
  openssl(['req', '-x509', '-new', '-key', keyFile, '-sha256', '-days', '30', '-config', cnf, '-out', certFile]);
  return { certFile, keyFile };
}

/** A leaf signed by `ca` with openssl x509 -req (AKI from the CA's own SKI, as OpenSSL does). */
export function opensslLeaf(dir: string, ca: Files, name: string, subject: string, usage: 'client' | 'server'): Files {
  const keyFile = join(dir, `${name}.key`);
  const certFile = join(dir, `${name}.crt`);
  const csr = join(dir, `${name}.csr`);
  const ext = join(dir, `${name}.ext`);
  genKey(keyFile, 'ec');
  openssl(['req', '-new', '-key', keyFile, '-subj', subject, '-out', csr]);
  writeFileSync(ext, [
    'basicConstraints = critical,CA:FALSE',
    'keyUsage = critical,digitalSignature',
    `extendedKeyUsage = ${usage === 'client' ? 'clientAuth' : 'serverAuth'}`,
    'authorityKeyIdentifier = keyid',
    ...(usage === 'server' ? ['subjectAltName = DNS:localhost,IP:127.0.0.1'] : []),
  ].join('\n'));
  openssl(['x509', '-req', '-in', csr, '-CA', ca.certFile, '-CAkey', ca.keyFile, '-CAcreateserial', '-days', '20', '-sha256', '-extfile', ext, '-out', certFile]);
  return { certFile, keyFile };
}
