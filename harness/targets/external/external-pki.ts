// The Home Party's PKI as a target file describes it, checked as the gateway will check it before
// any probe is used: the trust anchors (partnerCa, else gateway.ca: one or several CAs), each
// partner's chain as it presents it, the issuing CA whose key mints probes (and, if it is not a
// root, its chain up to an anchor: from its own file or the partners'), and the probes the file
// gives, each presented as the partner whose subject it carries presents itself. Every problem is
// a config error (exit 2), listed with the key it is about.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ExternalConfig, CertKey } from '../../config/external-types.ts';
import { problemLines } from '../../config/shape.ts';
import type { Identity } from '../../core/target.ts';
import { victimOf, type TrustContext, type Victim } from '../../identities/rogue.ts';
import { certificateBlocks, certificatesIn } from '../../pki/pem.ts';
import { chainProblem, probeProblems, type ProbeKind } from '../../pki/probe-check.ts';
import type { KeyStore } from '../../pki/store.ts';
import { certLabel, oneLine, subjectOf } from '../../pki/subject.ts';
import { describeErrors, verifyChain } from '../../pki/verify-chain.ts';
import { ConfigError } from '../../util/errors.ts';

const pems = (file: string): string[] => certificateBlocks(certificatesIn(readFileSync(file, 'utf8'))).map((p) => `${p}\n`);

const FIX: Record<'expired' | 'revoked', string> = {
  expired: "give a cert from the partners' CA, with a partner's subject, key kind and extensions (EKU clientAuth, its alternative names), whose notAfter has passed",
  revoked: "give a cert from the partners' CA, with a partner's subject, key kind and extensions (EKU clientAuth, its alternative names), valid now, that the gateway's CRL lists",
};

export interface CheckedPki {
  trust: TrustContext;
  /** The partner the minted probes imitate. */
  victim: Victim;
  /** The target file's own probes, as they are presented (with their partner's chain). */
  probes: { expired?: Identity; revoked?: Identity };
}

/**
 * Check the file's PKI; `victimFile`: the partner minted probes imitate. Throws a ConfigError with
 * one line per problem.
 */
export async function checkExternalPki(config: ExternalConfig, victimFile: string, store: KeyStore): Promise<CheckedPki> {
  const shown = (abs: string): string => config.shown?.[abs] ?? abs;
  const anchorsFile = config.partnerCa ?? config.gateway.ca;
  const anchorKey = config.partnerCa ? 'partnerCa' : 'gateway.ca';
  const trust: TrustContext = { anchors: pems(anchorsFile).join('') };
  const problems: string[] = [];
  const add = (key: string, problem: string): void => void problems.push(`${key}: ${problem}`);

  // Only probes the file gives, or mints with its issuer, depend on the partners' chains.
  const checksChains = !!config.issuer || !!config.probes.expired || !!config.probes.revoked;
  const unrooted = checksChains ? notRoots(pems(anchorsFile)) : [];
  for (const c of unrooted) add(anchorKey, `${shown(anchorsFile)} holds ${oneLine(c.subject)}, which is not a root CA: OpenSSL (nginx's, Kong's, and the checks here) ends a chain only at a root, so nothing chains to it alone: give the root above it (${oneLine(c.issuer)}) as ${anchorKey}, or add it to ${shown(anchorsFile)}`);
  if (checksChains && unrooted.length === 0) {
    for (const [i, p] of config.partners.entries()) {
      const [leaf, ...chain] = pems(p.cert);
      const problem = await chainProblem({ leaf: leaf!, chain }, trust.anchors);
      if (problem) add(`partners[${i}]`, `${shown(p.cert)}: ${problem}: ${config.partnerCa ? '' : 'if partners chain to another CA than the gateway\'s server certificate, name it as partnerCa; '}add the CAs between the partner's issuer and ${shown(anchorsFile)} (${anchorKey}) to ${shown(p.cert)}, as the partner presents them`);
    }
  }
  const victim = victimOf(victimFile);
  if (config.issuer && unrooted.length === 0) await checkIssuer(config.issuer, victim, config, trust, add);

  const given: CheckedPki['probes'] = {};
  for (const kind of ['expired', 'revoked'] as const) {
    const files = config.probes[kind];
    if (!files) continue;
    const probe = await givenProbe(kind, files, config, trust, store);
    for (const p of probe.problems) add(`probes.${kind}`, `${shown(files.cert)} is not only ${kind}: ${p}: ${FIX[kind]}`);
    if (probe.identity) given[kind] = probe.identity;
  }
  if (problems.length > 0) throw new ConfigError(problemLines(config.file ?? 'the target file', problems));
  return { trust, victim, probes: given };
}

/** `cert` names `ca` as its issuer and carries its signature. */
const signedBy = (cert: X509Certificate, ca: X509Certificate): boolean => cert.checkIssued(ca) && cert.verify(ca.publicKey);

/** Anchors that are neither self-signed nor issued by another anchor: no chain ends at them for OpenSSL (it takes no partial chain). */
function notRoots(anchors: readonly string[]): X509Certificate[] {
  const certs = anchors.map((p) => new X509Certificate(p));
  return certs.filter((c) => !certs.some((a) => signedBy(c, a)));
}

/** Whether the CA in `caFile` (its first certificate) issued the leaf in `certFile`. */
export function issuedBy(certFile: string, caFile: string): boolean {
  const [leaf, ca] = [certFile, caFile].map((f) => new X509Certificate(pems(f)[0]!));
  return signedBy(leaf!, ca!);
}

/** The issuer signs what partners carry: it issued the victim's cert, and (not a root) chains to an anchor. */
async function checkIssuer(issuer: CertKey, victim: Victim, config: ExternalConfig, trust: TrustContext, add: (key: string, problem: string) => void): Promise<void> {
  const shown = config.shown?.[issuer.cert] ?? issuer.cert;
  const [own, ...above] = pems(issuer.cert);
  const ca = new X509Certificate(own!);
  // The victim is a partner it issued, where there is one (external-target.ts).
  if (!issuedBy(victim.file, issuer.cert)) {
    add('issuer.cert', `${shown} issued none of the partners' certificates (those without reservedFor; ${oneLine(new X509Certificate(victim.leaf).issuer)} issued ${config.shown?.[victim.file] ?? victim.file}), so what the harness mints with it would be refused as untrusted, whatever else is wrong with it: give the CA that issues the partner certs`);
    return;
  }
  if (signedBy(ca, ca)) return;
  // An issuing CA: the chain to an anchor from its own file, else from what the partners present.
  const known = [...above, ...config.partners.flatMap((p) => pems(p.cert).slice(1))];
  const errors = await verifyChain({ leafPem: own!, chainPem: known, anchorsPem: trust.anchors, purpose: 'any' });
  if (errors.length > 0) add('issuer.cert', `${shown} is an issuing CA whose chain up to the trust anchor is in neither ${shown} nor the partners' cert files (OpenSSL: ${describeErrors(errors)}): add the CAs between it and the root to ${shown}`);
}

/** A probe the file gives: its partner found by subject; presented with that partner's chain when its file holds its leaf alone. */
async function givenProbe(kind: 'expired' | 'revoked', files: CertKey, config: ExternalConfig, trust: TrustContext, store: KeyStore): Promise<{ problems: string[]; identity?: Identity }> {
  const [leaf, ...own] = pems(files.cert);
  const subject = certLabel(new X509Certificate(leaf!));
  const partner = config.partners.find((p) => certLabel(new X509Certificate(pems(p.cert)[0]!)) === subject);
  if (!partner) return { problems: [`its subject ${subject} is none of the partners' subjects, so a gateway that skipped the check would still not let it in as a partner`] };
  const victim = victimOf(partner.cert);
  const chain = own.length > 0 ? own : victim.chain;
  const problems = await probeProblems({ kind: kind satisfies ProbeKind, probe: { leaf: leaf!, chain }, victim, anchors: trust.anchors });
  if (problems.length > 0) return { problems };
  // The file's own cert file when it already presents the chain; else one that does, beside its own key.
  const certFile = own.length > 0 ? files.cert : store.writePublic(`given-${kind}.crt`, [leaf!, ...chain].join(''));
  const origin = `probes.${kind} from the target file (${config.shown?.[files.cert] ?? files.cert})`;
  return { problems: [], identity: { name: `${kind} (from the target file)`, certFile, keyFile: files.key, subject: subjectOf(files.cert), origin } };
}
