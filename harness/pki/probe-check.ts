// Is a negative probe what it names, and only that, as the gateway will see it? It must present
// exactly what the partner it imitates presents (the same CAs after its leaf, in the same order,
// the same extensions but its key identifiers), with a key of the same kind, and fail OpenSSL's
// full path validation from its leaf to the trust anchors with exactly its own error and no other
// at any depth (verify-chain.ts: not our minting code vouching for itself). Where OpenSSL stops at
// that error, a second validation with only that one fault taken away (no date checks, another
// purpose, no CRL, its own CA as the anchor) must find none: a probe off in a second way proves
// nothing (an "expired" cert the gateway cannot chain is refused as "unable to get issuer",
// whatever it does with expiry).
import { X509Certificate } from 'node:crypto';
import { describeErrors, extensionsOf, verifyChain, type VerifyError } from './verify-chain.ts';
import { algorithmOf } from './x509.ts';
import { certLabel } from './subject.ts';

export type ProbeKind = 'expired' | 'not-yet-valid' | 'wrong-eku' | 'revoked' | 'self-signed' | 'foreign-ca';

/** What each probe kind must be refused for, as OpenSSL names it. */
export const VERIFY_ERROR: Record<ProbeKind, { code: number; text: string }> = {
  expired: { code: 10, text: 'certificate has expired' },
  'not-yet-valid': { code: 9, text: 'certificate is not yet valid' },
  'wrong-eku': { code: 26, text: 'unsuitable certificate purpose' },
  revoked: { code: 23, text: 'certificate revoked' },
  'self-signed': { code: 18, text: 'self-signed certificate' },
  'foreign-ca': { code: 20, text: 'unable to get local issuer certificate' },
};

/** A client certificate as it is presented in the handshake: its leaf, then the CAs after it (PEM each). */
export interface Presented {
  leaf: string;
  chain: readonly string[];
}

export interface ProbeUnderCheck {
  kind: ProbeKind;
  probe: Presented;
  /** The partner whose subject it carries, as that partner presents itself. */
  victim: Presented;
  /** The CAs the gateway trusts for partner certificates (PEM, one or several). */
  anchors: string;
  /** The gateway's CRLs: with them a revoked probe must be refused for exactly that. */
  crl?: string;
  /** The CA that issued a foreign-CA probe (ours, made for it): everything but the trust must hold under it. */
  foreignCa?: string;
}

const x509 = (pem: string): X509Certificate => new X509Certificate(pem);

/** The kind of a certificate's key, as one word: "ECDSA P-256", "RSA 2048", "Ed25519". */
export function keyKind(cert: X509Certificate): string {
  const a = algorithmOf(cert.publicKey);
  if (!a) return cert.publicKey.asymmetricKeyType ?? 'unknown';
  return a.name === 'ECDSA' ? `ECDSA ${a.namedCurve}` : a.name === 'Ed25519' ? a.name : `RSA ${a.modulusLength}`;
}

const same = (a: readonly VerifyError[], b: readonly { code: number; depth: number }[]): boolean =>
  a.length === b.length && a.every((e, i) => e.code === b[i]!.code && e.depth === b[i]!.depth);

/** How the probe differs from its partner's presentation other than in what it validates to. */
function shapeProblems(c: ProbeUnderCheck): string[] {
  const leaf = x509(c.probe.leaf);
  const victim = x509(c.victim.leaf);
  const out: string[] = [];
  if (leaf.ca) out.push('it is a CA certificate');
  if (leaf.subject !== victim.subject) out.push(`its subject ${certLabel(leaf)} is not the partner's (${certLabel(victim)})`);
  if (keyKind(leaf) !== keyKind(victim)) out.push(`its key is ${keyKind(leaf)}, the partner's ${keyKind(victim)}`);
  // Impostors present their leaf alone; the others exactly what the partner presents after its leaf.
  const expected = c.kind === 'self-signed' || c.kind === 'foreign-ca' ? [] : c.victim.chain.map((p) => x509(p).fingerprint256);
  const presented = c.probe.chain.map((p) => x509(p).fingerprint256);
  if (presented.join() !== expected.join()) {
    out.push(`it presents ${presented.length} CA certificate(s) after its leaf, where the partner presents ${expected.length === presented.length ? 'others' : expected.length}: a gateway would refuse it for its chain, whatever else is wrong with it`);
  }
  return out;
}

/** Extensions bound to one key or signature, as OpenSSL names them: a probe has its own. */
const OWN = ['X509v3 Subject Key Identifier', 'X509v3 Authority Key Identifier', 'CT Precertificate SCTs'];

/** Each extension, as OpenSSL reads it, that the probe carries otherwise than its partner (a serverAuth-only probe: but its usage). */
async function extensionProblems(c: ProbeUnderCheck): Promise<string[]> {
  const [probe, victim] = (await extensionsOf([c.probe.leaf, c.victim.leaf])) as [Map<string, string>, Map<string, string>];
  const skip = new Set([...OWN, ...(c.kind === 'wrong-eku' ? ['X509v3 Extended Key Usage'] : [])]);
  const names = [...new Set([...probe.keys(), ...victim.keys()])].filter((n) => !skip.has(n));
  return names.filter((n) => probe.get(n) !== victim.get(n)).map((n) => `its ${n} is ${probe.get(n) || (probe.has(n) ? 'empty' : 'absent')}, the partner's ${victim.get(n) || (victim.has(n) ? 'empty' : 'absent')}`);
}

/** The second validation: the probe with only its named fault taken away, which must then find nothing. */
function withoutItsFault(c: ProbeUnderCheck): Parameters<typeof verifyChain>[0] | undefined {
  const base = { leafPem: c.probe.leaf, chainPem: c.probe.chain, anchorsPem: c.anchors };
  if (c.kind === 'expired') return { ...base, noCheckTime: true };
  if (c.kind === 'wrong-eku') return { ...base, purpose: 'any' };
  if (c.kind === 'revoked') return c.crl ? base : undefined;
  if (c.kind === 'self-signed') return { ...base, anchorsPem: c.probe.leaf };
  if (c.kind === 'foreign-ca') return c.foreignCa ? { ...base, anchorsPem: c.foreignCa } : undefined;
  // Not yet valid: the date is the last thing OpenSSL checks; every other check came before it.
  return undefined;
}

/** Every way the probe differs from a valid partner's presentation other than the one its kind names. */
export async function probeProblems(c: ProbeUnderCheck): Promise<string[]> {
  const out = [...shapeProblems(c), ...(await extensionProblems(c))];
  // A revoked probe without the gateway's CRL: all that can be checked is that nothing else is wrong.
  const expected = c.kind === 'revoked' && !c.crl ? [] : [{ code: VERIFY_ERROR[c.kind].code, depth: 0 }];
  // An impostor must not chain even with every CA its partner presents at hand.
  const impostor = c.kind === 'self-signed' || c.kind === 'foreign-ca';
  const chainPem = impostor ? [...c.probe.chain, ...c.victim.chain] : c.probe.chain;
  const found = await verifyChain({ leafPem: c.probe.leaf, chainPem, anchorsPem: c.anchors, ...(c.kind === 'revoked' && c.crl ? { crlPem: c.crl } : {}) });
  if (!same(found, expected)) out.push(`OpenSSL finds ${describeErrors(found)}, where it must find only ${expected.length > 0 ? describeErrors(expected.map((e) => ({ ...e, text: VERIFY_ERROR[c.kind].text }))) : 'no error'}`);
  const second = withoutItsFault(c);
  if (second) {
    const rest = await verifyChain(second);
    if (rest.length > 0) out.push(`without its ${c.kind === 'revoked' ? 'revocation' : c.kind} fault, OpenSSL still finds ${describeErrors(rest)}`);
  }
  return out;
}

/**
 * Why a partner's own presentation does not reach the trust anchors (undefined: it does). Its dates
 * and usage are the credentials demo's to judge, not a reason it cannot chain.
 */
export async function chainProblem(p: Presented, anchors: string): Promise<string | undefined> {
  const found = (await verifyChain({ leafPem: p.leaf, chainPem: p.chain, anchorsPem: anchors })).filter((e) => ![9, 10, 26].includes(e.code) || e.depth > 0);
  return found.length > 0 ? `it does not chain to the trust anchors as presented: OpenSSL finds ${describeErrors(found)}` : undefined;
}
