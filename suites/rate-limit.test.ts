// rate-limit (seed Scenario 2): a partner gets exactly its quota, then 429, while another partner
// with a different quota is unaffected at the same time. Both identities are reserved for this
// demo, so their quotas start unspent; each burst is judged from the probes it sent.
import * as allure from 'allure-js-commons';
import { describe, expect, it } from 'vitest';
import { formOf, type Form } from '../harness/oracle/forms.ts';
import { judgeQuota, type QuotaVerdict } from '../harness/oracle/quota.ts';
import type { PartnerInfo } from '../harness/targets/contract.ts';
import { expectOutcome, labelCase, needs, notSupported, probeStep } from './support/steps.ts';
import { reservedPartners } from './support/target.ts';

/** Send requests one after another until two 429s in a row, or quota + 3 requests. */
async function burst(partner: PartnerInfo): Promise<QuotaVerdict> {
  const perMinute = partner.rateLimit!.perMinute;
  return allure.step(`probe: spend ${partner.name}'s quota of ${perMinute}/min`, async () => {
    const forms: Form[] = [];
    const started = Date.now();
    for (let i = 1; i <= perMinute + 3; i++) {
      const result = await probeStep({ identity: partner, label: `${partner.name} (request ${i})` });
      forms.push(formOf(result.outcome));
      if (forms.length >= 2 && forms.slice(-2).every((f) => f === 'rate-limited-json')) break;
    }
    const verdict = judgeQuota({ perMinute, forms, elapsedMs: Date.now() - started });
    await allure.attachment('quota verdict', `${verdict.reason}\nforms: ${forms.join(', ')}`, 'text/plain');
    return verdict;
  });
}

describe('rate-limit', () => {
  it('each partner gets exactly its own quota, then 429', async (ctx) => {
    await labelCase('rate-limit', 'a partner gets exactly its quota, another is unaffected');
    await needs(ctx, ['rate-limit']);
    const [first, second] = reservedPartners('rate-limit').filter((p) => p.rateLimit);
    if (!first || !second) return notSupported(ctx, 'the policy reserves fewer than two rate-limited partners for rate-limit');
    await allure.parameter('partners', `${first.name} (${first.rateLimit!.perMinute}/min), ${second.name} (${second.rateLimit!.perMinute}/min)`);

    const a = await burst(first);
    expect(a.ok, `${first.name}: ${a.reason}`).toBe(true);
    // While the first partner is limited, the second must still have its whole, different quota.
    const b = await burst(second);
    expect(b.ok, `${second.name} (while ${first.name} is limited): ${b.reason}`).toBe(true);
    await expectOutcome('rate-limited', { identity: first, label: `${first.name} (still limited)` });
  });
});
