// rate-limit (the guide's Scenario 2): a partner gets exactly its quota, then 429, while another partner
// is unaffected at the same time. Quotas are shared state, so the burst must start from a known
// state. A gateway that counts out loud (Kong: RateLimit-* and X-RateLimit-*-Minute headers) tells
// it: the burst starts from what it says is left, its count must agree with what happened, and a
// window that turns over mid-burst means a redo. Otherwise identities reserved for this demo start
// unspent, and one other demos use too is first spent and its window waited out (the CLI runs this
// demo last in that case).
import * as allure from 'allure-js-commons';
import { formOf, type Form } from '../harness/oracle/forms.ts';
import { broken, CaseBroken, noVerdictOnAcceptance } from '../harness/oracle/no-verdict.ts';
import { countsOutLoud, judgeCountedBurst, type CountedAnswer } from '../harness/oracle/quota-counted.ts';
import { quotaSignals, waitAdvice } from '../harness/oracle/quota-signals.ts';
import { judgeQuota, judgeStillLimited, type QuotaVerdict } from '../harness/oracle/quota.ts';
import type { ProbeResult } from '../harness/probe/probe.ts';
import type { PartnerInfo } from '../harness/core/target.ts';
import { expectOutcome, QUOTA_WAIT_MAX_MS } from './support/accept.ts';
import { budget } from './support/budget.ts';
import { defineDemo } from './support/demo.ts';
import { arrange, labelCase, needs, notSupported, probeStep } from './support/steps.ts';
import { reservedPartners, target } from './support/target.ts';
import { waitFor } from './support/wait.ts';
import { holds } from './support/holds.ts';

const minute = (t: number): number => Math.floor(t / 60_000);

/** What holds a partner to exactly its own quota, for a verdict that says it is not. */
const quotaFix = (p: PartnerInfo): string =>
  `${p.name} is not held to its own quota of ${p.rateLimit!.perMinute}/min: limit each partner on its own, at exactly its quota (Kong: rate-limiting on ${p.name}'s consumer, config.minute: ${p.rateLimit!.perMinute}, limit_by: consumer; nginx: a limit_req zone keyed on the partner, rate=${p.rateLimit!.perMinute}r/m with burst=${p.rateLimit!.perMinute - 1} nodelay)`;
const answer = (r: ProbeResult): CountedAnswer => ({ form: formOf(r.outcome), signals: r.outcome.kind === 'response' ? quotaSignals(r.outcome.headers) : {} });

/** A probe of a burst: an answer that is no verdict (a time-out, a cut answer, a 5xx) stops the case as broken. */
async function counted(partner: PartnerInfo, label: string): Promise<ProbeResult> {
  const result = await probeStep({ identity: partner, label });
  const nv = noVerdictOnAcceptance(result.outcome);
  if (nv) throw broken(nv, `${partner.name}, during its burst`);
  return result;
}

/** Send requests one after another until two 429s in a row, or quota + 3 requests in all. */
async function send(partner: PartnerInfo, title: string, already: Form[] = []): Promise<{ forms: Form[]; started: number; finished: number; lastAccepted: number }> {
  const perMinute = partner.rateLimit!.perMinute;
  return allure.step(title, async () => {
    const forms = [...already];
    const started = Date.now();
    let lastAccepted = started;
    while (forms.length < perMinute + 3 && !(forms.length >= 2 && forms.slice(-2).every((f) => f === 'rate-limited-json'))) {
      const result = await counted(partner, `${partner.name} (request ${forms.length + 1})`);
      const form = formOf(result.outcome);
      forms.push(form);
      if (form === 'accepted') lastAccepted = Date.now();
    }
    return { forms, started, finished: Date.now(), lastAccepted };
  });
}

async function burst(partner: PartnerInfo, already: Form[] = []): Promise<QuotaVerdict & { finished: number }> {
  const perMinute = partner.rateLimit!.perMinute;
  const { forms, started, finished } = await send(partner, `probe: spend ${partner.name}'s quota of ${perMinute}/min`, already);
  const verdict = judgeQuota({ perMinute, forms, elapsedMs: finished - started, windowResets: minute(finished) - minute(started) });
  await allure.attachment('quota verdict', `${verdict.reason}\nforms: ${forms.join(', ')}`, 'text/plain');
  return { ...verdict, finished };
}

/**
 * One more request once the partner was limited: let in again fails the case only where no limiter
 * could have let it in (judgeStillLimited); across a minute boundary or a refill, burst and check again.
 */
async function stillLimited(partner: PartnerInfo, limitedAt: number): Promise<void> {
  let since = limitedAt;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const still = await counted(partner, `${partner.name} (still limited)`);
    const v = judgeStillLimited({ perMinute: partner.rateLimit!.perMinute, form: formOf(still.outcome), limitedAt: since, checkedAt: Date.now() });
    if (v.kind === 'verdict') {
      holds(v.ok, `${partner.name}: ${v.reason}`, quotaFix(partner));
      return;
    }
    const again = await allure.step(`redo: ${v.reason}`, () => burst(partner, [formOf(still.outcome)]));
    holds(again.ok, `${partner.name} (again): ${again.reason}`, quotaFix(partner));
    since = again.finished;
  }
  throw new CaseBroken(`${partner.name}: a minute boundary or a refill came between the burst and the check, 3 times`, 'run it again on a less busy machine or network');
}

/**
 * For identities other demos also use, when the gateway does not say what is left: spend what is
 * left, then wait until both a fixed window (the next minute boundary) and a leaky bucket (60 s
 * after the last admission) are full again: a wait for time itself, which no probe could shorten.
 */
async function startFromKnownState(partners: PartnerInfo[], opened: Map<string, Form[]>): Promise<void> {
  const shared = partners.filter((p) => p.rateLimit && p.reservedFor !== 'rate-limit');
  if (shared.length === 0) return;
  await arrange(`${shared.map((p) => p.name).join(', ')} ${shared.length > 1 ? 'are' : 'is'} used by other demos: spend and wait out the window`, async () => {
    let until = 0;
    for (const p of shared) {
      const spent = await send(p, `arrange: spend what is left of ${p.name}'s quota`, opened.get(p.name) ?? []);
      opened.delete(p.name);
      holds(spent.forms.includes('rate-limited-json'), `${p.name}: not limited at all while spending (${spent.forms.join(', ')})`, quotaFix(p));
      until = Math.max(until, (minute(Date.now()) + 1) * 60_000, spent.lastAccepted + 60_000);
    }
    const waitMs = Math.max(0, until + 1000 - Date.now());
    await allure.attachment('window', `waiting ${Math.round(waitMs / 1000)} s for a fresh quota window (the gateway does not say when its window resets)`, 'text/plain');
    await waitFor(waitMs, `for a fresh quota window of ${shared.map((p) => p.name).join(', ')} (the gateway does not say when it resets)`);
  });
}

/** Wait as long as the gateway says, bounded; then probe again. */
async function waitAsTold(partner: PartnerInfo, last: ProbeResult, why: string): Promise<ProbeResult> {
  const ms = last.outcome.kind === 'response' ? waitAdvice(last.outcome.headers) : undefined;
  if (ms === undefined || ms > QUOTA_WAIT_MAX_MS) {
    throw new CaseBroken(`${partner.name}: ${why}, and the gateway ${ms === undefined ? 'gives no reset time' : `says to wait ${Math.ceil(ms / 1000)} s`}`, 'run the rate-limit demo with an identity reserved for it (reservedFor: rate-limit)');
  }
  await allure.step(`wait ${Math.ceil(ms / 1000)} s: ${why}; the gateway says its window resets then`, () => waitFor(ms + 250, `for ${partner.name}'s quota window: ${why}`));
  return counted(partner, `${partner.name} (after the window reset)`);
}

/** The burst from what the gateway says is left; redone when its window turns over mid-burst. */
async function countedBurst(partner: PartnerInfo, opening: ProbeResult): Promise<{ ok: boolean; reason: string }> {
  const perMinute = partner.rateLimit!.perMinute;
  let first = opening;
  for (let attempt = 1; attempt <= 3; attempt++) {
    if (answer(first).form === 'rate-limited-json') first = await waitAsTold(partner, first, 'the window is already spent');
    const left = answer(first).signals.minute?.remaining ?? answer(first).signals.remaining ?? 0;
    // A burst that cannot end before the window does would only be redone: wait for the next one.
    if ((answer(first).signals.resetSeconds ?? 60) * 1000 < 1500 + 100 * (left + 3)) first = await waitAsTold(partner, first, 'too little of the window is left for the burst');
    const answers = [answer(first)];
    const sent = await allure.step(`probe: ${partner.name} has ${left} of ${perMinute} left by the gateway's count; spend them`, async () => {
      for (let i = 2; i <= left + 4 && answers.at(-1)!.form !== 'rate-limited-json'; i++) {
        answers.push(answer(await counted(partner, `${partner.name} (request ${i})`)));
      }
      return counted(partner, `${partner.name} (still limited)`);
    });
    const verdict = judgeCountedBurst(perMinute, answers, answer(sent));
    const lines = answers.map((a, i) => `request ${i + 1}: ${a.form}, ${JSON.stringify(a.signals)}`);
    await allure.attachment('quota verdict', `${verdict.reason}\n${lines.join('\n')}\nstill limited: ${answer(sent).form}`, 'text/plain');
    if (verdict.kind === 'verdict') return verdict;
    first = await allure.step(`redo: ${verdict.reason}`, () => counted(partner, `${partner.name} (request 1, again)`));
  }
  throw new CaseBroken(`${partner.name}: the gateway's quota window turned over during each of 3 bursts`, 'run it again; if it persists, check that the gateway counts in windows of a minute');
}

export const demo = defineDemo(
  {
    id: 'rate-limit',
    order: 7,
    guide: 'Scenario 2',
    checks: 'a partner gets exactly its quota, then 429; another partner is unaffected at the same time',
    needs: ['rate-limit'],
    spendsQuota: true,
    // Each limited identity: its quota and a few over it, twice when a shared one is first spent.
    requests: (p) => {
      const reserved = p.reserved('rate-limit').filter((n) => p.quota(n) !== undefined);
      const used = reserved.length > 0 ? reserved : [...p.regular, ...p.reserved('rate-limit')].filter((n) => p.quota(n) !== undefined).slice(0, 2);
      return budget(...used.map((n): [string, number] => [n, (p.quota(n)! + 3) * (reserved.includes(n) ? 1 : 2) + 1]));
    },
  },
  (d) => {
    d.case('a partner gets exactly its quota, then 429, and another is unaffected', async (ctx) => {
      await labelCase(demo, 'a partner gets exactly its quota, another is unaffected');
      await needs(ctx, ['rate-limit']);
      const reserved = reservedPartners('rate-limit').filter((p) => p.rateLimit);
      const limited = reserved.length > 0 ? reserved : target().partners.filter((p) => p.rateLimit);
      const first = limited[0];
      const other = limited[1] ?? target().partners.find((p) => p !== first && !p.rateLimit && !p.reservedFor);
      if (!first) return notSupported(ctx, 'no partner declares rateLimit.perMinute');
      if (!other) return notSupported(ctx, 'a second partner is needed to show it is unaffected');
      await allure.parameter('partners', `${first.name} (${first.rateLimit!.perMinute}/min), ${other.name} (${other.rateLimit ? `${other.rateLimit.perMinute}/min` : 'no declared limit'})`);

      const opening = await counted(first, `${first.name} (request 1)`);
      if (countsOutLoud(answer(opening).signals)) {
        const a = await countedBurst(first, opening);
        holds(a.ok, `${first.name}: ${a.reason}`, quotaFix(first));
        if (other.rateLimit) {
          const b = await countedBurst(other, await counted(other, `${other.name} (request 1, while ${first.name} is limited)`));
          holds(b.ok, `${other.name} (while ${first.name} is limited): ${b.reason}`, quotaFix(other));
        } else {
          await expectOutcome('accepted', { identity: other, label: `${other.name} (while ${first.name} is limited)` });
        }
        return;
      }

      const opened = new Map([[first.name, [formOf(opening.outcome)]]]);
      await startFromKnownState([first, other], opened);
      const a = await burst(first, opened.get(first.name) ?? []);
      holds(a.ok, `${first.name}: ${a.reason}`, quotaFix(first));
      // While the first partner is limited, the other must still get in: with a declared quota, all of it.
      if (other.rateLimit) {
        const b = await burst(other);
        holds(b.ok, `${other.name} (while ${first.name} is limited): ${b.reason}`, quotaFix(other));
      } else {
        await expectOutcome('accepted', { identity: other, label: `${other.name} (while ${first.name} is limited)` });
      }
      await stillLimited(first, a.finished);
    }, { quotaWaits: 3, extraMs: 180_000 }); // waiting out a shared quota's window can take up to two minutes
  },
);
