// A refusal counts only when N fresh connections in a row are refused in the form the oracle
// expects, next to a positive control (a valid partner let in on the same route just before). Any
// client let through fails the case; a wrong kind of answer fails it; an answer that is no verdict
// (a dead port, a cut answer, our own TLS failure) makes it broken, never passed.
import * as allure from 'allure-js-commons';
import { CaseBroken } from '../../harness/oracle/no-verdict.ts';
import type { Expectation } from '../../harness/oracle/oracle.ts';
import { judgeRefusal, type RefusalJudgement } from '../../harness/oracle/verdicts.ts';
import { describeReason, verifyReasons, type VerifyReason } from '../../harness/oracle/verify-reason.ts';
import { likelyCause, type ProbeFault } from '../../harness/oracle/likely-cause.ts';
import { positiveControl } from './accept.ts';
import { judgeStep, probeStep, warn, type ProbeOptions, type StepResult } from './steps.ts';
import { pollUntil } from '../../harness/util/poll.ts';
import { control, describeProbe, hasFeature, target } from './target.ts';
import { holds } from './holds.ts';

const EXPLAIN: Record<RefusalJudgement['state'], string> = {
  refused: 'refused as expected',
  'let-in': 'LET IN',
  'wrong-answer': 'NOT as expected',
  'no-verdict': 'no verdict',
};

/** What a client let through means for the promise. */
const LET_IN_MEANS: Partial<Record<Expectation, string>> = {
  'no-cert': 'anyone without a certificate gets in',
  'cert-rejected': 'anyone holding such a certificate gets in as the partner it names',
  'unknown-partner': 'a partner who should be out still gets in',
  'ip-not-allowed': 'the partner gets in from an address it is not allowed to use',
  'protocol-refused': 'the gateway speaks a TLS version it must not',
};

function line(j: RefusalJudgement): string {
  const detail = j.state === 'let-in' ? j.why : j.state === 'no-verdict' ? j.noVerdict.reason : j.verdict.reason;
  return `${EXPLAIN[j.state]}: ${detail}`;
}

export interface RefusalOptions extends ProbeOptions {
  /** What is wrong with the certificate sent (cert-rejected), for the likely cause of a failure. */
  fault?: ProbeFault;
  /** Who and how the positive control probes (default: the workhorse partner, same route and TLS). */
  control?: ProbeOptions;
  /** The reason the gateway must give in its log, where it has one (the property the probe names). */
  verifyError?: VerifyReason;
}

/**
 * Where the gateway's log is readable: it refused for the reason the probe names, or the probe
 * proved nothing (an "expired" cert refused as "unable to get issuer" says nothing about expiry).
 */
async function checkReason(results: StepResult[], wanted: VerifyReason): Promise<void> {
  if (!hasFeature('gateway-log')) return;
  const reasons = (await Promise.all(results.map(reasonsOf))).flat();
  await allure.step(`judge: the gateway's log gives the reason ${describeReason(wanted)}`, async () => {
    await allure.attachment('verify reasons', reasons.length > 0 ? reasons.map(describeReason).join('\n') : '(no verify error line in the gateway log)', 'text/plain');
    const other = reasons.find((r) => r.code !== wanted.code);
    if (other) {
      throw new CaseBroken(
        `refused, but for ${describeReason(other)}, not ${describeReason(wanted)}: the probe did not test what it names`,
        'make the gateway trust the CA the probes come from (ssl_client_certificate, ssl_verify_depth) and give it a current CRL, so that only the named property is wrong',
      );
    }
  });
}

/** A log is written after the answer is sent (and shipped later on a cluster): look again, briefly. */
const LOG_LAG_MS = 3000;

async function reasonsOf(r: StepResult): Promise<VerifyReason[]> {
  const seen = verifyReasons(r.gatewayLog ?? []);
  if (seen.length > 0) return seen;
  const lines = await pollUntil(async () => {
    const now = await control().gatewayLog(r.requestId);
    return verifyReasons(now).length > 0 ? now : undefined;
  }, LOG_LAG_MS, 100, 500);
  return verifyReasons(lines ?? []);
}

export async function expectRefused(expectation: Expectation, opts: RefusalOptions): Promise<StepResult[]> {
  const { control, verifyError, fault, ...probeOpts } = opts;
  await positiveControl(probeOpts, control);
  const n = target().consistency.rejections;
  const results: StepResult[] = [];
  const judged: RefusalJudgement[] = [];
  for (let i = 1; i <= n; i++) {
    const result = await probeStep({ ...probeOpts, label: `${opts.label ?? opts.identity?.name ?? 'no client certificate'} (attempt ${i}/${n})` });
    results.push(result);
    judged.push(await judgeStep(`expect ${expectation}`, () => judgeRefusal(target().oracle, expectation, result.outcome), line));
  }
  const summary = judged.map((j, i) => `attempt ${i + 1}: ${line(j)}`).join('\n');
  await allure.attachment('consistency', summary, 'text/plain');
  const refused = judged.filter((j) => j.state === 'refused').length;
  const firstOther = judged.find((j) => j.state === 'let-in') ?? judged.find((j) => j.state === 'wrong-answer');
  const headline = `${refused} of ${n} fresh connections answered as expected`;
  if (firstOther) {
    const what = firstOther.state === 'let-in' ? `${firstOther.why}${LET_IN_MEANS[expectation] ? `: ${LET_IN_MEANS[expectation]}` : ''}` : `refused, but not as promised: ${firstOther.verdict.reason}`;
    const { oracle, oracleSetting } = target();
    const cause = likelyCause({ oracle, expectation, ...(fault ? { fault } : {}), state: firstOther.state, form: firstOther.verdict.form, ...(oracleSetting ? { oracleSetting } : {}) });
    holds(false, `sent ${describeProbe(probeOpts.identity)}: ${refused} of ${n} fresh connections refused as promised; ${what}\n${summary}`, cause);
  }
  const noVerdict = judged.find((j): j is Extract<RefusalJudgement, { state: 'no-verdict' }> => j.state === 'no-verdict');
  if (noVerdict) throw new CaseBroken(`${headline}; the others were no verdict: ${noVerdict.noVerdict.reason}`, noVerdict.noVerdict.fix);
  if (verifyError) await checkReason(results, verifyError);
  for (const w of new Set(judged.map((j) => j.verdict.warning).filter((x): x is string => !!x))) await warn(w);
  return results;
}
