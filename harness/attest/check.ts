// `mtls-conformance attest check`: is this attestation what a partner's self-check signed, about
// the gateway the Home Party expects, recent enough, and did every check pass? The DSSE signature
// is verified with the key of the certificate that carries it; that certificate must chain to the
// Home Party's CA and have been valid (for client auth) when the statement says it was signed,
// checked by OpenSSL; and the statement must name that same certificate as the partner's.
import { verify as verifySignature, X509Certificate } from 'node:crypto';
import { bundleFromJSON, isBundleWithCertificateChain, isBundleWithDsseEnvelope } from '@sigstore/bundle';
import { dsse } from '@sigstore/core';
import { readInputFile } from '../config/input-file.ts';
import { describeErrors, verifyChain } from '../pki/verify-chain.ts';
import { certLabel } from '../pki/subject.ts';
import { PAYLOAD_TYPE, PREDICATE_TYPE, STATEMENT_TYPE, hexDigest, type Statement } from './statement.ts';
import { hashFor } from './signing-key.ts';

export interface AttestCheck {
  file: string;
  /** The Home Party's CA (PEM, one or several). */
  caPem: string;
  /** The gateway it must be about: its URL as the partner checked it. */
  url?: string;
  maxAgeMs?: number;
  now?: Date;
}

export type Checked = { ok: true; statement: Statement } | { ok: false; why: string };

/** A clock may run a little ahead of another: a statement from further ahead is not believed. */
const CLOCK_SKEW_MS = 5 * 60_000;

const pem = (der: Buffer): string => `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').trim()}\n-----END CERTIFICATE-----\n`;

function parse(file: string): { payload: Buffer; signature: Buffer; chain: Buffer[] } | string {
  const read = readInputFile(file, 1024 * 1024);
  if (!read.ok) return read.why;
  let json: unknown;
  try {
    json = JSON.parse(read.text);
  } catch {
    return 'is not JSON: not an attestation made by verify --attest';
  }
  let bundle;
  try {
    bundle = bundleFromJSON(json);
  } catch (err) {
    return `is not a Sigstore bundle (${(err as Error).message})`;
  }
  if (!isBundleWithDsseEnvelope(bundle) || !isBundleWithCertificateChain(bundle)) return 'is a Sigstore bundle, but not one with a DSSE envelope and a certificate chain, as verify --attest writes';
  const envelope = bundle.content.dsseEnvelope;
  if (envelope.payloadType !== PAYLOAD_TYPE) return `carries ${envelope.payloadType}, not an in-toto statement`;
  if (envelope.signatures.length !== 1) return `carries ${envelope.signatures.length} signatures, where verify --attest writes one`;
  const chain = bundle.verificationMaterial.content.x509CertificateChain.certificates.map((c) => c.rawBytes);
  if (chain.length === 0) return 'carries no certificate';
  return { payload: envelope.payload, signature: envelope.signatures[0]!.sig, chain };
}

function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return false;
  }
}

export async function checkAttestation(c: AttestCheck): Promise<Checked> {
  const parsed = parse(c.file);
  if (typeof parsed === 'string') return { ok: false, why: parsed };
  const leaf = new X509Certificate(parsed.chain[0]!);
  const pae = dsse.preAuthEncoding(PAYLOAD_TYPE, parsed.payload);
  if (!verifySignature(hashFor(leaf.publicKey), pae, leaf.publicKey, parsed.signature)) {
    return { ok: false, why: `its signature does not verify with the key of the certificate it carries (${certLabel(leaf)}): it was changed after it was signed, or signed with another key` };
  }
  let statement: Statement;
  try {
    statement = JSON.parse(parsed.payload.toString('utf8')) as Statement;
  } catch {
    return { ok: false, why: 'its signed payload is not JSON' };
  }
  if (statement._type !== STATEMENT_TYPE || statement.predicateType !== PREDICATE_TYPE || !statement.subject?.[0] || !statement.predicate?.checks) {
    return { ok: false, why: `its statement is not a partner self-check's (${String(statement.predicateType)})` };
  }
  const p = statement.predicate;
  if (p.partner?.sha256 !== leaf.fingerprint256) return { ok: false, why: 'its statement names another certificate than the one that signed it' };
  if (statement.subject[0].digest?.sha256 !== hexDigest(p.gateway?.sha256 ?? '')) return { ok: false, why: "its subject's digest is not the gateway certificate the statement names" };
  const signedAt = new Date(p.finishedAt);
  if (Number.isNaN(signedAt.getTime())) return { ok: false, why: 'its statement carries no time of signing' };
  const now = c.now ?? new Date();
  if (signedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) return { ok: false, why: `it says it was signed at ${p.finishedAt}, in the future` };
  const errors = await verifyChain({ leafPem: pem(parsed.chain[0]!), chainPem: parsed.chain.slice(1).map(pem), anchorsPem: c.caPem, purpose: 'sslclient', at: signedAt });
  if (errors.length > 0) return { ok: false, why: `the certificate that signed it (${certLabel(leaf)}) does not chain to the CA given, or was not a valid client certificate when it signed (OpenSSL: ${describeErrors(errors)})` };
  if (c.url && !sameUrl(statement.subject[0].name, c.url)) return { ok: false, why: `it is about ${statement.subject[0].name}, not ${c.url}` };
  if (c.maxAgeMs !== undefined && now.getTime() - signedAt.getTime() > c.maxAgeMs) {
    return { ok: false, why: `it was signed at ${p.finishedAt}, longer ago than --max-age allows` };
  }
  return { ok: true, statement };
}
