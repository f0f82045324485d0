// A certificate authority held in memory: creating one, issuing leaves from it, signing CRLs.
// It plays cert-manager's CA Issuer for the local target, and signs what cert-manager cannot
// (back-dated certs, CRLs) for the others.
import { randomBytes } from 'node:crypto';
import { EC_P256, generateKeyPairAs, x509, type KeyPair, type SigningAlgorithm } from './x509.ts';
import { issuingName, type Subject } from './subject.ts';

export interface Authority {
  cert: x509.X509Certificate;
  keys: KeyPair;
  /** How this CA signs (the kind of its key): ECDSA P-256 for ours by default; an imported CA's, its own. */
  signingAlgorithm?: SigningAlgorithm;
  /**
   * What a leaf it signs presents after itself: nothing for a root; an issuing CA itself, and the
   * CAs between it and the root (the root left out), as partners of that CA present them.
   */
  presented?: x509.X509Certificate[];
}

export interface Issued {
  cert: x509.X509Certificate;
  keys: KeyPair;
}

export type LeafProfile = 'client' | 'server';

/** A subject to issue with: our own shape, or a Name copied from an existing certificate. */
export type SubjectLike = Subject | x509.Name;

function nameOf(subject: SubjectLike): string | x509.Name {
  return subject instanceof x509.Name ? subject : issuingName(subject);
}

export interface LeafRequest {
  subject: SubjectLike;
  profile: LeafProfile;
  notBefore?: Date;
  notAfter?: Date;
  /** DNS names and IP addresses for a server certificate. */
  dnsNames?: string[];
  ipAddresses?: string[];
  /** The kind of key the leaf gets (a partner's, to imitate it); default ECDSA P-256. */
  keyAs?: SigningAlgorithm;
  /** Extensions copied from a partner's certificate, in place of the profile's (its key identifiers are the leaf's own). */
  carried?: readonly x509.Extension[];
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * The Authority Key Identifier of whatever `ca` signs: the CA certificate's own Subject Key
 * Identifier, byte for byte, or none when it has none. Verifiers (OpenSSL's X509_check_issued, Go,
 * NSS) match AKI against the issuer's SKI, and CAs compute SKIs differently: OpenSSL and this
 * harness use SHA-1 of the public key, Go >= 1.25 (so cert-manager v1.21) the leftmost 160 bits of
 * SHA-256. Recomputing it ourselves would make every probe from such a CA "unable to get issuer".
 */
export function authorityKeyIdentifier(ca: x509.X509Certificate): x509.Extension[] {
  const ski = ca.getExtension(x509.SubjectKeyIdentifierExtension);
  return ski ? [new x509.AuthorityKeyIdentifierExtension(ski.keyId, false)] : [];
}

/** A positive, non-zero 128-bit serial (RFC 5280 allows up to 20 octets). */
export function newSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x10;
  return bytes.toString('hex');
}

/**
 * A CA's validity starts a day back, as real CAs' do: a probe it signs, expired a minute ago, then
 * lies wholly within its CA's validity, as one from an established CA would.
 */
const CA_BACKDATE_MS = DAY_MS;

/** A self-signed certificate over a fresh key pair of the kind `keyAs`, valid from `backdateMs` ago (default a minute). */
async function selfSigned(subject: SubjectLike, validDays: number, extensions: (keys: KeyPair) => Promise<x509.Extension[]>, keyAs: SigningAlgorithm = EC_P256, backdateMs = 60_000): Promise<Issued & { signingAlgorithm: SigningAlgorithm }> {
  const keys = await generateKeyPairAs(keyAs);
  const notBefore = new Date(Date.now() - backdateMs);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: newSerial(),
    name: nameOf(subject),
    keys,
    signingAlgorithm: keyAs,
    notBefore,
    notAfter: new Date(notBefore.getTime() + validDays * DAY_MS),
    extensions: await extensions(keys),
  });
  return { cert, keys, signingAlgorithm: keyAs };
}

/** CA extensions; `pathLength` 0: it signs leaves only (an issuing CA, or ours); a root over an issuing CA: 1. */
async function caExtensions(keys: KeyPair, pathLength: number): Promise<x509.Extension[]> {
  return [
    new x509.BasicConstraintsExtension(true, pathLength, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ];
}

/** A self-signed CA; `keyAs`: the kind of key (another party's CA, imitated). */
export function createAuthority(subject: Subject, validDays = 30, o: { keyAs?: SigningAlgorithm; pathLength?: number } = {}): Promise<Authority> {
  return selfSigned(subject, validDays, (keys) => caExtensions(keys, o.pathLength ?? 0), o.keyAs, CA_BACKDATE_MS);
}

/** An issuing CA under `root` (which must allow one: pathLength 1): partners' certs come from it, presented with it. */
export async function createIssuingAuthority(root: Authority, subject: Subject, validDays = 30): Promise<Authority> {
  const keys = await generateKeyPairAs(root.signingAlgorithm);
  const notBefore = new Date(Math.max(Date.now() - CA_BACKDATE_MS, root.cert.notBefore.getTime()));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: newSerial(),
    subject: nameOf(subject),
    issuer: root.cert.subject,
    publicKey: keys.publicKey,
    signingKey: root.keys.privateKey,
    signingAlgorithm: root.signingAlgorithm ?? EC_P256,
    notBefore,
    notAfter: new Date(notBefore.getTime() + validDays * DAY_MS),
    extensions: [...(await caExtensions(keys, 0)), ...authorityKeyIdentifier(root.cert)],
  });
  return { cert, keys, signingAlgorithm: root.signingAlgorithm ?? EC_P256, presented: [cert, ...(root.presented ?? [])] };
}

function clientExtensions(): x509.Extension[] {
  return [
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
  ];
}

function usageExtensions(req: LeafRequest): x509.Extension[] {
  if (req.profile === 'client') return clientExtensions();
  const san = [
    ...(req.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(req.ipAddresses ?? []).map((value) => ({ type: 'ip' as const, value })),
  ];
  return [
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
    ...(san.length > 0 ? [new x509.SubjectAlternativeNameExtension(san)] : []),
  ];
}

/** Issue a leaf signed by `ca`. Default validity: from a minute ago for `validDays` days. */
export async function issueLeaf(ca: Authority, req: LeafRequest, validDays = 30): Promise<Issued> {
  const keys = await generateKeyPairAs(req.keyAs);
  return { cert: await certifyKey(ca, keys.publicKey, req, validDays), keys };
}

/** A leaf over a public key someone else holds the private half of (a partner's CSR). */
export async function certifyKey(ca: Authority, publicKey: KeyPair['publicKey'], req: LeafRequest, validDays = 30): Promise<x509.X509Certificate> {
  const notBefore = req.notBefore ?? new Date(Date.now() - 60_000);
  const notAfter = req.notAfter ?? new Date(notBefore.getTime() + validDays * DAY_MS);
  return x509.X509CertificateGenerator.create({
    serialNumber: newSerial(),
    subject: nameOf(req.subject),
    issuer: ca.cert.subject,
    publicKey,
    signingKey: ca.keys.privateKey,
    signingAlgorithm: ca.signingAlgorithm ?? EC_P256,
    notBefore,
    notAfter,
    extensions: [
      ...(req.carried ?? [new x509.BasicConstraintsExtension(false, undefined, true), ...usageExtensions(req)]),
      ...authorityKeyIdentifier(ca.cert),
      await x509.SubjectKeyIdentifierExtension.create(publicKey),
    ],
  });
}

/** A self-signed client certificate: what an impostor makes to carry a partner's subject (with a key of its kind, and its extensions). */
export function selfSignedClient(subject: SubjectLike, keyAs?: SigningAlgorithm, carried?: readonly x509.Extension[]): Promise<Issued> {
  return selfSigned(subject, 30, async () => [...(carried ?? [new x509.BasicConstraintsExtension(false, undefined, true), ...clientExtensions()])], keyAs);
}

export interface RevokedEntry {
  serialNumber: string;
  revocationDate: Date;
}

/**
 * A CRL signed by `ca`, PEM with the `X509 CRL` label: nginx rejects the library's default
 * `CRL` label ("no certificate or crl found"). nextUpdate must be in the future, or every
 * client fails with "CRL has expired".
 */
export async function signCrl(ca: Authority, entries: RevokedEntry[], validHours = 24): Promise<string> {
  const thisUpdate = new Date(Date.now() - 60_000);
  const crl = await x509.X509CrlGenerator.create({
    issuer: ca.cert.subject,
    thisUpdate,
    nextUpdate: new Date(thisUpdate.getTime() + validHours * 3600 * 1000),
    signingKey: ca.keys.privateKey,
    signingAlgorithm: ca.signingAlgorithm ?? EC_P256,
    extensions: authorityKeyIdentifier(ca.cert),
    entries: entries.map((e) => ({
      serialNumber: e.serialNumber,
      revocationDate: e.revocationDate,
      reason: x509.X509CrlReason.keyCompromise,
    })),
  });
  return x509.PemConverter.encode(crl.rawData, 'X509 CRL');
}
