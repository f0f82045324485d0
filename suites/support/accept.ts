// Probes that should get in (or be routed): the answer is judged next to what else it could be. A
// 429 in a case that is not about quotas is no verdict: the probe moves to another partner when any
// will do, or waits as long as the gateway says (bounded), and else the case is broken, with the
// fix. A dead port, a cut answer or a 5xx of the gateway's own are broken too, never a failure.
import * as allure from 'allure-js-commons';
import { CaseBroken, broken, gaveNoAnswer } from '../../harness/oracle/no-verdict.ts';
import { causeOf, checkKnownCauses, forgetCauses, noAnswerOn, notLetIn } from './known-causes.ts';
import { waitAdvice } from '../../harness/oracle/quota-signals.ts';
import { judgeAcceptance, type AcceptanceJudgement } from '../../harness/oracle/verdicts.ts';
import type { Expectation } from '../../harness/oracle/oracle.ts';
import type { ProbeResult } from '../../harness/probe/probe.ts';
import { describeOutcome, type Outcome } from '../../harness/probe/outcome.ts';
import type { Identity } from '../../harness/core/target.ts';
import { isLimited, markLimited } from './limited.ts';
import { arrange, judgeStep, probeStep, type ProbeOptions } from './steps.ts';
import { describeProbe, regularPartners, target, workhorse } from './target.ts';
import { waitFor } from './wait.ts';
import { holds } from './holds.ts';

/** The longest this run waits for a quota it did not plan for (Kong counts per minute). */
export const QUOTA_WAIT_MAX_MS = 65_000;

/** How recent a valid partner's acceptance must be to serve as the positive control of a refusal. */
export const CONTROL_FRESH_MS = 10_000;

interface Acceptance {
  at: number;
  who: string;
  requestId: string;
  seen: string;
}

/**
 * Regular partners let in, by route and TLS version, in this run: a refusal case's control. A
 * reserved partner's acceptance never serves (it is about to be revoked or offboarded), and a
 * control action (act() in actions.ts) forgets them all: a control must come after the change it is next to.
 */
const recent = new Map<string, Acceptance>();

export function forgetAcceptances(): void {
  recent.clear();
  forgetCauses();
}
const conditions = (path: string, tls?: ProbeOptions['tls']): string => JSON.stringify([path, tls?.minVersion ?? 'TLSv1.2', tls?.maxVersion ?? 'any']);

export interface Accepted {
  result: ProbeResult;
  identity: Identity | undefined;
  judgement: AcceptanceJudgement;
  /** A valid partner not let in: the likely root cause. */
  cause?: string;
}

/**
 * After a 401 or 403 over TLS 1.3 to a valid partner: does it get in over TLS 1.2? Then the
 * gateway asks for its certificate only after the TLS 1.3 handshake, which most clients never answer.
 */
async function inOverTls12(opts: ProbeOptions, identity: Identity, o: Outcome): Promise<boolean> {
  if (o.kind !== 'response' || o.tls.protocol !== 'TLSv1.3' || (o.status !== 401 && o.status !== 403) || opts.tls?.maxVersion) return false;
  const retry = await probeStep({ ...opts, identity, tls: { ...opts.tls, maxVersion: 'TLSv1.2' }, label: `diagnosis: ${identity.name} over TLS 1.2` });
  return judgeAcceptance(target().oracle, 'accepted', retry.outcome).state === 'as-expected';
}

function overQuota(who: string, result: ProbeResult, waitMs: number | undefined): CaseBroken {
  const when = waitMs === undefined ? 'the gateway did not say when to try again (no Retry-After or RateLimit-Reset)' : `the gateway says to wait ${Math.ceil(waitMs / 1000)} s, longer than the ${QUOTA_WAIT_MAX_MS / 1000} s this run waits`;
  return new CaseBroken(
    `${who} is over a quota the gateway enforces (${describeOutcome(result.outcome)}); ${when}, and no other partner could take its place`,
    `declare ${who}'s quota (rateLimit.perMinute) so the demos plan their requests around it, or list more partners to spread the probes over`,
  );
}

/** Probe until the gateway gives a verdict on `expectation`, dealing with quotas it did not promise. */
export async function acceptedProbe(expectation: Expectation, opts: ProbeOptions, asControl = false): Promise<Accepted> {
  let identity = opts.identity;
  const tried = new Set<string>();
  let waited = false;
  const below13 = !!opts.tls?.maxVersion && opts.tls.maxVersion !== 'TLSv1.3';
  if (expectation === 'accepted') checkKnownCauses(opts.path ?? target().routes.default, opts.identity, below13);
  for (;;) {
    const result = await probeStep({ ...opts, ...(identity ? { identity } : {}), ...(identity && identity !== opts.identity ? { label: `${identity.name} (in place of ${opts.identity?.name})` } : {}) });
    const judgement = await judgeStep(`expect ${expectation}`, () => judgeAcceptance(target().oracle, expectation, result.outcome), undefined, !asControl);
    if (judgement.state === 'no-verdict') {
      if (expectation === 'accepted' && gaveNoAnswer(result.outcome)) noAnswerOn(opts.path ?? target().routes.default, judgement.noVerdict);
      throw broken(judgement.noVerdict, identity?.name);
    }
    if (judgement.state === 'not-as-expected' && expectation === 'accepted' && identity) {
      const path = opts.path ?? target().routes.default;
      const in12 = await inOverTls12(opts, identity, result.outcome);
      const cause = causeOf(path, identity, result.outcome, judgement.verdict, in12);
      notLetIn(path, identity, cause, in12);
      return { result, identity, judgement, ...(cause ? { cause } : {}) };
    }
    if (judgement.state === 'as-expected' && expectation === 'accepted' && identity && !opts.headers && regularPartners().some((p) => p.name === identity!.name)) {
      const path = opts.path ?? target().routes.default;
      recent.set(conditions(path, opts.tls), { at: Date.now(), who: identity.name, requestId: result.requestId, seen: describeOutcome(result.outcome) });
    }
    if (judgement.state !== 'quota' || !identity) return { result, identity, judgement };
    const waitMs = result.outcome.kind === 'response' ? waitAdvice(result.outcome.headers) : undefined;
    markLimited(identity.name, waitMs);
    tried.add(identity.name);
    const next = opts.spread ? regularPartners().find((p) => !tried.has(p.name) && !isLimited(p.name)) : undefined;
    if (next) {
      await allure.step(`spread: ${identity.name} is over a quota; ${next.name} takes its place`, () => undefined);
      identity = next;
      continue;
    }
    if (waited || waitMs === undefined || waitMs > QUOTA_WAIT_MAX_MS) throw overQuota(identity.name, result, waitMs);
    const who = identity.name;
    await allure.step(`wait ${Math.ceil(waitMs / 1000)} s: the gateway says ${who} may try again then`, () => waitFor(waitMs, `for ${who}'s quota window (the gateway says it may try again then)`));
    waited = true;
  }
}

/** The client gets in (or is routed as `expectation` says); a refusal is a failure of the case. */
export async function expectOutcome(expectation: Expectation, opts: ProbeOptions): Promise<ProbeResult> {
  const { result, judgement, identity, cause } = await acceptedProbe(expectation, opts);
  if (judgement.state !== 'as-expected') {
    const path = opts.path ?? target().routes.default;
    holds(false, `sent ${describeProbe(identity)} on ${path}: ${judgement.verdict.reason}`, cause ?? causeOf(path, identity, result.outcome, judgement.verdict));
  }
  return result;
}

/**
 * A valid partner gets in on the same route, with the same TLS version, just before a refusal is
 * judged: without it, a refusal could be a dead port, a port that does not speak TLS, a gateway that
 * refuses everyone. A valid partner let in there in the last CONTROL_FRESH_MS serves (it keeps the
 * requests a partner's self-check sends to a few); else one is sent. If it does not get in, the
 * refusal case cannot be judged: broken.
 */
export async function positiveControl(opts: ProbeOptions, control: ProbeOptions = { identity: workhorse(), spread: true }): Promise<void> {
  const path = opts.path ?? target().routes.default;
  const { session: _session, ...tls } = opts.tls ?? {};
  const sameTls = opts.tls || control.tls ? { tls: { ...tls, ...control.tls } } : {};
  const fresh = recent.get(conditions(path, sameTls.tls));
  if (fresh && Date.now() - fresh.at <= CONTROL_FRESH_MS) {
    await arrange(`positive control: ${fresh.who} got in on ${path} ${Date.now() - fresh.at} ms ago`, async () => {
      await allure.attachment('positive control', `${fresh.who} was let in on ${path} (request ${fresh.requestId}): ${fresh.seen}`, 'text/plain');
    });
    return;
  }
  // A control that says more than its partner's name (e.g. where it connects from) is shown so.
  const who = control.label ?? control.identity?.name ?? 'a valid partner';
  await arrange(`positive control: ${who} gets in on ${path} just before`, async () => {
    const { judgement, result, cause: seen } = await acceptedProbe('accepted', { ...control, path, ...sameTls, label: `positive control: ${who}` }, true).catch((err: unknown) => {
      if (err instanceof CaseBroken) throw new CaseBroken(`positive control: ${err.reason}`, err.fix);
      throw err;
    });
    if (judgement.state !== 'as-expected') {
      const cause = seen ?? causeOf(path, control.identity, result.outcome, judgement.verdict) ?? 'make valid partners get in on this route (see valid-cert), then run again';
      throw new CaseBroken(`not judged: the positive control was not let in (${judgement.verdict.reason}), so a refusal here would prove nothing`, cause);
    }
  });
}
