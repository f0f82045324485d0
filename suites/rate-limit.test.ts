// rate-limit (seed Scenario 2): a partner gets exactly its quota, then 429, while another partner
// is unaffected at the same time. Quotas are shared state, so the burst must start from a known
// state: identities reserved for this demo start unspent; an identity other demos use too is first
// spent to its limit and its window waited out (the CLI runs this demo last in that case).
import * as allure from 'allure-js-commons';
import { expect } from 'vitest';
import { formOf, type Form } from '../harness/oracle/forms.ts';
import { judgeQuota, type QuotaVerdict } from '../harness/oracle/quota.ts';
import type { PartnerInfo } from '../harness/targets/contract.ts';
import { expectOutcome } from './support/accept.ts';
import { budget } from './support/budget.ts';
import { defineDemo } from './support/demo.ts';
import { arrange, judgeOutcome, labelCase, needs, notSupported, probeStep } from './support/steps.ts';
import { reservedPartners, target } from './support/target.ts';

const minute = (t: number): number => Math.floor(t / 60_000);

/** Send requests one after another until two 429s in a row, or quota + 3 requests. */
async function send(partner: PartnerInfo, title: string): Promise<{ forms: Form[]; started: number; finished: number; lastAccepted: number }> {
  const perMinute = partner.rateLimit!.perMinute;
  return allure.step(title, async () => {
    const forms: Form[] = [];
    const started = Date.now();
    let lastAccepted = started;
    for (let i = 1; i <= perMinute + 3; i++) {
      const result = await probeStep({ identity: partner, label: `${partner.name} (request ${i})` });
      const form = formOf(result.outcome);
      forms.push(form);
      if (form === 'accepted') lastAccepted = Date.now();
      if (forms.length >= 2 && forms.slice(-2).every((f) => f === 'rate-limited-json')) break;
    }
    return { forms, started, finished: Date.now(), lastAccepted };
  });
}

async function burst(partner: PartnerInfo): Promise<QuotaVerdict> {
  const perMinute = partner.rateLimit!.perMinute;
  const { forms, started, finished } = await send(partner, `probe: spend ${partner.name}'s quota of ${perMinute}/min`);
  const verdict = judgeQuota({ perMinute, forms, elapsedMs: finished - started, windowResets: minute(finished) - minute(started) });
  await allure.attachment('quota verdict', `${verdict.reason}\nforms: ${forms.join(', ')}`, 'text/plain');
  return verdict;
}

/**
 * For identities other demos also use: spend what is left, then wait until both a fixed window
 * (the next minute boundary) and a leaky bucket (60 s after the last admission) are full again.
 * This is a wait for time itself to pass, which no probe could shorten without spending quota.
 */
async function startFromKnownState(partners: PartnerInfo[]): Promise<void> {
  const shared = partners.filter((p) => p.rateLimit && p.reservedFor !== 'rate-limit');
  if (shared.length === 0) return;
  await arrange(`${shared.map((p) => p.name).join(', ')} ${shared.length > 1 ? 'are' : 'is'} used by other demos: spend and wait out the window`, async () => {
    let until = 0;
    for (const p of shared) {
      const spent = await send(p, `arrange: spend what is left of ${p.name}'s quota`);
      expect(spent.forms, `${p.name}: not limited at all while spending (${spent.forms.join(', ')})`).toContain('rate-limited-json');
      until = Math.max(until, (minute(Date.now()) + 1) * 60_000, spent.lastAccepted + 60_000);
    }
    const waitMs = until + 1000 - Date.now();
    await allure.attachment('window', `waiting ${Math.round(waitMs / 1000)} s for a fresh quota window`, 'text/plain');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, waitMs)));
  });
}

export const demo = defineDemo(
  {
    id: 'rate-limit',
    order: 7,
    seed: 'Scenario 2',
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
      await labelCase(demo.id, 'a partner gets exactly its quota, another is unaffected');
      await needs(ctx, ['rate-limit'], 'no partner declares rateLimit.perMinute, and a self-check never spends a quota to find one');
      const reserved = reservedPartners('rate-limit').filter((p) => p.rateLimit);
      const limited = reserved.length > 0 ? reserved : target().partners.filter((p) => p.rateLimit);
      const first = limited[0];
      const other = limited[1] ?? target().partners.find((p) => p !== first && !p.rateLimit && !p.reservedFor);
      if (!first) return notSupported(ctx, 'no partner declares rateLimit.perMinute');
      if (!other) return notSupported(ctx, 'a second partner is needed to show it is unaffected');
      await allure.parameter('partners', `${first.name} (${first.rateLimit!.perMinute}/min), ${other.name} (${other.rateLimit ? `${other.rateLimit.perMinute}/min` : 'no declared limit'})`);
      await startFromKnownState([first, other]);

      const a = await burst(first);
      expect(a.ok, `${first.name}: ${a.reason}`).toBe(true);
      // While the first partner is limited, the other must still get in: with a declared quota, all of it.
      if (other.rateLimit) {
        const b = await burst(other);
        expect(b.ok, `${other.name} (while ${first.name} is limited): ${b.reason}`).toBe(true);
      } else {
        await expectOutcome('accepted', { identity: other, label: `${other.name} (while ${first.name} is limited)` });
      }
      const still = await probeStep({ identity: first, label: `${first.name} (still limited)` });
      expect((await judgeOutcome('rate-limited', still)).ok, `${first.name} was let in again after its quota was spent`).toBe(true);
    }, { extraMs: 180_000 }); // waiting out a shared quota's window can take up to two minutes
  },
);
