// What a partner's self-check attests, as an in-toto Statement (https://in-toto.io/Statement/v1):
// its subject is the gateway, named by the URL checked, with the SHA-256 of the server certificate
// the handshake showed as its digest; its predicate, this tool's: who checked (the partner's
// certificate), when, with what, and each check with its result and reason.
import type { RunRecord } from '../report/reporter.ts';
import type { CaseState, Overall } from '../report/rollup.ts';
import type { CertSummary } from '../report/whose.ts';

export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const PAYLOAD_TYPE = 'application/vnd.in-toto+json';
export const PREDICATE_TYPE = 'https://mtls-conformance.invalid/attestation/verify/v1';

export interface VerifyPredicate {
  tool: { name: string; version: string };
  startedAt: string;
  finishedAt: string;
  url: string;
  oracle: string;
  partner: CertSummary;
  gateway: { subject: string; sha256: string };
  result: Overall;
  checks: { demo: string; case: string; result: CaseState; reason?: string }[];
}

export interface Statement {
  _type: typeof STATEMENT_TYPE;
  subject: { name: string; digest: { sha256: string } }[];
  predicateType: typeof PREDICATE_TYPE;
  predicate: VerifyPredicate;
}

/** "AB:CD:..." as in-toto digests write it: lower-case hex. */
export const hexDigest = (fingerprint: string): string => fingerprint.replace(/:/g, '').toLowerCase();

/** The statement of a verify run; undefined when no handshake showed the gateway's certificate (nothing to name it by). */
export function statementOf(run: RunRecord): Statement | undefined {
  const w = run.whose;
  if (!w?.gateway) return undefined;
  return {
    _type: STATEMENT_TYPE,
    subject: [{ name: w.url, digest: { sha256: hexDigest(w.gateway.sha256) } }],
    predicateType: PREDICATE_TYPE,
    predicate: {
      tool: run.tool,
      startedAt: run.startedAt.toISOString(),
      finishedAt: run.finishedAt.toISOString(),
      url: w.url,
      oracle: run.target.oracle,
      partner: w.partner,
      gateway: w.gateway,
      result: run.result,
      checks: run.demos.flatMap((d) => d.cases.map((c) => ({ demo: d.id, case: c.name, result: c.result, ...(c.reason ? { reason: c.reason } : {}) }))),
    },
  };
}
