// A PKI made by the openssl CLI, not by our minting code: a CA with the Subject Key Identifier of a
// chosen kind (SHA-1 as OpenSSL writes it, the leftmost 160 bits of SHA-256 as Go >= 1.25 and so
// cert-manager v1.21 write it, or none), and leaves it signs, as another party's CA would issue them.
import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

export type KeyKind = 'ec' | 'rsa' | 'ed25519' | 'rsa-pss';

const GENPKEY: Record<KeyKind, string[]> = {
  ec: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
  rsa: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
  ed25519: ['-algorithm', 'ED25519'],
  'rsa-pss': ['-algorithm', 'RSA-PSS', '-pkeyopt', 'rsa_keygen_bits:2048'],
};

function genKey(file: string, key: KeyKind): void {
  openssl(['genpkey', ...GENPKEY[key], '-out', file]);
}

export interface Files {
  certFile: string;
  keyFile: string;
}

export function opensslCa(dir: string, name: string, ski: SkiKind, key: KeyKind = 'ec', keyUsage = 'keyCertSign,cRLSign,digitalSignature'): Files {
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

/** An issuing CA under `root` (CA:TRUE, pathlen 0), with a Subject Key Identifier of the kind given. */
export function opensslIssuingCa(dir: string, root: Files, name: string, ski: SkiKind, key: KeyKind = 'ec'): Files {
  const keyFile = join(dir, `${name}.key`);
  const certFile = join(dir, `${name}.crt`);
  const csr = join(dir, `${name}.csr`);
  const ext = join(dir, `${name}.ext`);
  genKey(keyFile, key);
  openssl(['req', '-new', '-key', keyFile, '-subj', `/O=Home Party/CN=${name}`, '-out', csr]);
  const value = ski === 'sha1' ? 'hash' : ski === 'none' ? 'none' : truncatedSha256(keyFile);
  writeFileSync(ext, ['basicConstraints = critical,CA:TRUE,pathlen:0', 'keyUsage = critical,keyCertSign,cRLSign,digitalSignature', `subjectKeyIdentifier = ${value}`, 'authorityKeyIdentifier = keyid'].join('\n'));
  openssl(['x509', '-req', '-in', csr, '-CA', root.certFile, '-CAkey', root.keyFile, '-CAcreateserial', '-days', '25', '-sha256', '-extfile', ext, '-out', certFile]);
  return { certFile, keyFile };
}

/**
 * A leaf signed by `ca` (AKI from the CA's own SKI, as OpenSSL does): with openssl x509 -req, or
 * with `openssl ca` when it must have dates of its own (an expired one). `chain`: CA certs to put
 * after the leaf in its file, as a partner presents them. `ext`: more extension lines (a partner's alternative names, policies).
 */
export function opensslLeaf(dir: string, ca: Files, name: string, subject: string, usage: 'client' | 'server', o: { key?: KeyKind; dates?: { start: Date; end: Date }; chain?: string[]; ext?: string[] } = {}): Files {
  const keyFile = join(dir, `${name}.key`);
  const certFile = join(dir, `${name}.crt`);
  const csr = join(dir, `${name}.csr`);
  const ext = join(dir, `${name}.ext`);
  genKey(keyFile, o.key ?? 'ec');
  openssl(['req', '-new', '-key', keyFile, '-subj', subject, '-out', csr]);
  writeFileSync(ext, [
    'basicConstraints = critical,CA:FALSE',
    'keyUsage = critical,digitalSignature',
    `extendedKeyUsage = ${usage === 'client' ? 'clientAuth' : 'serverAuth'}`,
    'authorityKeyIdentifier = keyid',
    ...(usage === 'server' ? ['subjectAltName = DNS:localhost,IP:127.0.0.1'] : []),
    ...(o.ext ?? []),
  ].join('\n'));
  if (o.dates) {
    const db = join(dir, `${name}-ca`);
    mkdirSync(db, { recursive: true });
    writeFileSync(join(db, 'index.txt'), '');
    writeFileSync(join(db, 'serial'), `${Date.now().toString(16).padStart(16, '0')}\n`);
    const cnf = join(db, 'ca.cnf');
    writeFileSync(cnf, ['[ca]', 'default_ca = d', '[d]', `database = ${db}/index.txt`, `new_certs_dir = ${db}`, `serial = ${db}/serial`, 'default_md = sha256', 'policy = p', 'unique_subject = no', 'preserve = yes', '[p]', 'organizationName = optional', 'organizationalUnitName = optional', 'commonName = supplied'].join('\n'));
    const stamp = (d: Date): string => d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
    openssl(['ca', '-batch', '-notext', '-config', cnf, '-cert', ca.certFile, '-keyfile', ca.keyFile, '-in', csr, '-out', certFile, '-startdate', stamp(o.dates.start), '-enddate', stamp(o.dates.end), '-extfile', ext]);
  } else {
    openssl(['x509', '-req', '-in', csr, '-CA', ca.certFile, '-CAkey', ca.keyFile, '-CAcreateserial', '-days', '20', '-sha256', '-extfile', ext, '-out', certFile]);
  }
  if (o.chain) writeFileSync(certFile, [readFileSync(certFile, 'utf8'), ...o.chain.map((f) => readFileSync(f, 'utf8'))].join(''));
  return { certFile, keyFile };
}
