// From one outcome to what it means for a case: the oracle says which forms are expected; this
// says whether an unexpected answer is the gateway breaking the promise (a failure), a client let
// through (a failure, whatever else), or no verdict at all (broken). Pure, so it is tested alone.
import { formOf } from './forms.ts';
import { noVerdictOnAcceptance, noVerdictOnRefusal, type NoVerdict } from './no-verdict.ts';
import { judge, type Expectation, type OracleName, type Verdict } from './oracle.ts';
import { describeOutcome, type Outcome } from '../probe/outcome.ts';

export type RefusalJudgement =
  | { state: 'refused'; verdict: Verdict }
  /** The gateway let the client through: 2xx, a backend's answer, or a quota counted for it. */
  | { state: 'let-in'; verdict: Verdict; why: string }
  /** The gateway answered, but not with a refusal of the promised kind. */
  | { state: 'wrong-answer'; verdict: Verdict }
  | { state: 'no-verdict'; verdict: Verdict; noVerdict: NoVerdict };

/** Expectations whose refusal must come at TLS or before any consumer is known. */
const BEFORE_ANY_CONSUMER: readonly Expectation[] = ['no-cert', 'cert-rejected', 'protocol-refused'];

export function judgeRefusal(oracle: OracleName, expectation: Expectation, o: Outcome): RefusalJudgement {
  const verdict = judge(oracle, expectation, o);
  if (verdict.ok) return { state: 'refused', verdict };
  const form = formOf(o);
  if (form === 'accepted' || form === 'proxied-error') return { state: 'let-in', verdict, why: `let through: ${describeOutcome(o)}` };
  // The gateway set out to proxy the request: it had let the client through.
  if (form === 'upstream-failed') return { state: 'let-in', verdict, why: `let through to a backend that failed: ${describeOutcome(o)}` };
  if (o.kind === 'response' && expectation === 'protocol-refused') return { state: 'let-in', verdict, why: `the handshake succeeded and the gateway answered: ${describeOutcome(o)}` };
  if (o.kind === 'response' && o.status === 429) {
    if (BEFORE_ANY_CONSUMER.includes(expectation)) {
      return { state: 'let-in', verdict, why: `the gateway accepted the certificate and counted the request against a quota (HTTP 429): ${describeOutcome(o)}` };
    }
    return { state: 'no-verdict', verdict, noVerdict: { reason: `the gateway answered 429 (over a quota), not whether it knows this partner: ${describeOutcome(o)}`, fix: 'declare the quota in the policy or target file, or reserve this identity for the demo' } };
  }
  const nv = noVerdictOnRefusal(o);
  if (nv) return { state: 'no-verdict', verdict, noVerdict: nv };
  if (o.kind === 'response' && o.truncated) {
    return { state: 'no-verdict', verdict, noVerdict: { reason: `the answer was cut short before its form could be told: ${describeOutcome(o)}`, fix: 'check the gateway: complete answers are needed to judge' } };
  }
  return { state: 'wrong-answer', verdict };
}

export type AcceptanceJudgement =
  | { state: 'as-expected'; verdict: Verdict }
  /** The gateway answered, and not as promised (e.g. refused a valid partner). */
  | { state: 'not-as-expected'; verdict: Verdict }
  /** Over a quota: for the quota logic to wait, spread or give up on. */
  | { state: 'quota'; verdict: Verdict }
  | { state: 'no-verdict'; verdict: Verdict; noVerdict: NoVerdict };

/** For a probe that should get in ('accepted') or be routed ('route-not-found'). */
export function judgeAcceptance(oracle: OracleName, expectation: Expectation, o: Outcome): AcceptanceJudgement {
  const verdict = judge(oracle, expectation, o);
  if (o.kind === 'response' && o.status === 429 && expectation !== 'rate-limited') return { state: 'quota', verdict };
  const nv = noVerdictOnAcceptance(o);
  if (nv) return { state: 'no-verdict', verdict, noVerdict: nv };
  return verdict.ok ? { state: 'as-expected', verdict } : { state: 'not-as-expected', verdict };
}
