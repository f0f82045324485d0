// Judging a burst against a quota: exact, too early, too late, refill while bursting.
import { describe, expect, it } from 'vitest';
import { judgeQuota, judgeStillLimited } from '../harness/oracle/quota.ts';
import type { Form } from '../harness/oracle/forms.ts';

const A: Form = 'accepted';
const L: Form = 'rate-limited-json';

describe('judgeQuota', () => {
  it('passes exactly the quota, then 429s', () => {
    const v = judgeQuota({ perMinute: 5, forms: [A, A, A, A, A, L, L], elapsedMs: 200 });
    expect(v.ok).toBe(true);
    expect(v.admitted).toBe(5);
  });

  it('fails a limiter that stops too early, and says the quota was not spent elsewhere', () => {
    const v = judgeQuota({ perMinute: 5, forms: [A, A, A, L, L], elapsedMs: 200 });
    expect(v.ok).toBe(false);
    expect(v.reason).toMatch(/too early.*not spent elsewhere/);
  });

  it('fails nginx\'s burst=N off-by-one (N+1 admitted)', () => {
    expect(judgeQuota({ perMinute: 5, forms: [A, A, A, A, A, A, L, L], elapsedMs: 200 }).ok).toBe(false);
  });

  it('allows one more per refill interval that passed during the burst', () => {
    expect(judgeQuota({ perMinute: 5, forms: [A, A, A, A, A, A, L, L], elapsedMs: 12_500 }).ok).toBe(true);
  });

  it('allows a fresh window when the burst crossed a minute boundary (fixed-window limiters)', () => {
    const forms: Form[] = [...Array(8).fill(A), L, L];
    expect(judgeQuota({ perMinute: 5, forms, elapsedMs: 300 }).ok).toBe(false);
    expect(judgeQuota({ perMinute: 5, forms, elapsedMs: 300, windowResets: 1 }).ok).toBe(true);
  });

  it('fails when nothing is limited', () => {
    expect(judgeQuota({ perMinute: 5, forms: [A, A, A, A, A, A, A, A], elapsedMs: 200 }).reason).toMatch(/not limited/);
  });

  it('fails an odd answer inside the quota, and a leak after the limit', () => {
    expect(judgeQuota({ perMinute: 3, forms: [A, 'other', A, L, L], elapsedMs: 100 }).reason).toMatch(/request 2 got other/);
    expect(judgeQuota({ perMinute: 3, forms: [A, A, A, L, A], elapsedMs: 100 }).reason).toMatch(/request 5 got accepted after the quota/);
  });
});

describe('the still-limited check after a burst', () => {
  const at = (hms: string): number => Date.parse(`2026-11-28T${hms}Z`);
  it('passes when still limited', () => {
    expect(judgeStillLimited({ perMinute: 5, form: 'rate-limited-json', limitedAt: at('12:00:10'), checkedAt: at('12:00:11') })).toMatchObject({ kind: 'verdict', ok: true });
  });
  it('fails a partner let in again in the same minute, before any refill', () => {
    expect(judgeStillLimited({ perMinute: 5, form: 'accepted', limitedAt: at('12:00:10'), checkedAt: at('12:00:11') })).toMatchObject({ kind: 'verdict', ok: false });
  });
  it('redoes, never fails, when a calendar minute turned over in between (Kong counts in calendar minutes)', () => {
    expect(judgeStillLimited({ perMinute: 5, form: 'accepted', limitedAt: at('12:00:59.700'), checkedAt: at('12:01:00.100') })).toMatchObject({ kind: 'redo' });
  });
  it('redoes when a refill interval passed (a leaky bucket lets one in again)', () => {
    expect(judgeStillLimited({ perMinute: 5, form: 'accepted', limitedAt: at('12:00:10'), checkedAt: at('12:00:23') })).toMatchObject({ kind: 'redo' });
  });
  it('fails an answer that is neither', () => {
    expect(judgeStillLimited({ perMinute: 5, form: 'unauthorized-json', limitedAt: at('12:00:10'), checkedAt: at('12:00:11') })).toMatchObject({ kind: 'verdict', ok: false });
  });
});
