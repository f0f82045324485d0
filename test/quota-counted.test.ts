// A burst judged by the gateway's own count (Kong's headers): exact from what is left, headers that
// disagree with what happened, a window that turns over mid-burst (redo, never a verdict).
import { describe, expect, it } from 'vitest';
import { judgeCountedBurst, type CountedAnswer } from '../harness/oracle/quota-counted.ts';
import { quotaSignals, waitAdvice } from '../harness/oracle/quota-signals.ts';

/** Kong's answer with `left` remaining after this request, `reset` seconds to the window's end. */
const ok = (left: number, reset = 40, limit = 5): CountedAnswer => ({ form: 'accepted', signals: { limit, remaining: left, resetSeconds: reset, minute: { limit, remaining: left } } });
const no = (reset = 40, limit = 5): CountedAnswer => ({ form: 'rate-limited-json', signals: { limit, remaining: 0, resetSeconds: reset, minute: { limit, remaining: 0 } } });

describe('judgeCountedBurst', () => {
  it('passes a fresh window: exactly the quota, then 429, headers in step', () => {
    const v = judgeCountedBurst(5, [ok(4), ok(3), ok(2), ok(1), ok(0), no()], no(39));
    expect(v).toMatchObject({ kind: 'verdict', ok: true, admitted: 5 });
  });

  it('starts from what the gateway says is left: two spent elsewhere, three let in', () => {
    const v = judgeCountedBurst(5, [ok(2), ok(1), ok(0), no()], no());
    expect(v).toMatchObject({ kind: 'verdict', ok: true, admitted: 3 });
    expect(v.kind === 'verdict' && v.reason).toMatch(/2 already counted in this window/);
  });

  it('fails a gateway whose quota is not the declared one', () => {
    const v = judgeCountedBurst(5, [ok(2, 40, 3), ok(1, 40, 3), ok(0, 40, 3), no(40, 3)], no(40, 3));
    expect(v).toMatchObject({ kind: 'verdict', ok: false });
    expect(v.kind === 'verdict' && v.reason).toMatch(/counts a quota of 3\/min for this partner, but 5\/min is declared/);
  });

  it('fails one that limits before the count it announced, or after', () => {
    expect(judgeCountedBurst(5, [ok(4), ok(3), no()], no())).toMatchObject({ ok: false, reason: expect.stringMatching(/limited too early: the gateway said 5 were left .* but let in 2/) });
    expect(judgeCountedBurst(5, [ok(1), ok(0), ok(0), no()], no())).toMatchObject({ ok: false, reason: expect.stringMatching(/limited too late/) });
  });

  it('fails headers that disagree with what happened', () => {
    expect(judgeCountedBurst(5, [ok(4), ok(2), ok(1), ok(0), no()], no())).toMatchObject({ ok: false, reason: expect.stringMatching(/limited too early/) });
    expect(judgeCountedBurst(5, [ok(3), ok(3), ok(1), ok(0), no()], no())).toMatchObject({ ok: false, reason: expect.stringMatching(/disagrees with what happened: 3 then 3 left/) });
  });

  it('redoes a burst across a window boundary instead of judging it', () => {
    expect(judgeCountedBurst(5, [ok(1, 2), ok(0, 1), ok(4, 60), ok(3, 60)], no())).toMatchObject({ kind: 'redo' });
    // ... and a still-limited check that fell into the next window.
    expect(judgeCountedBurst(5, [ok(1, 3), ok(0, 2), no(1)], ok(4, 60))).toMatchObject({ kind: 'redo' });
  });

  it('fails a second admission in the same window, and a limiter that never limits', () => {
    expect(judgeCountedBurst(5, [ok(1), ok(0), no(30)], ok(0, 29))).toMatchObject({ ok: false, reason: expect.stringMatching(/let in again/) });
    expect(judgeCountedBurst(5, [ok(1), ok(0), ok(0), ok(0)], no())).toMatchObject({ ok: false, reason: expect.stringMatching(/not limited/) });
  });
});

describe('quota signals', () => {
  it('reads Kong\'s headers', () => {
    const h = { 'ratelimit-limit': '5', 'ratelimit-remaining': '2', 'ratelimit-reset': '37', 'x-ratelimit-limit-minute': '5', 'x-ratelimit-remaining-minute': '2' };
    expect(quotaSignals(h)).toEqual({ limit: 5, remaining: 2, resetSeconds: 37, minute: { limit: 5, remaining: 2 } });
  });

  it('takes the wait from Retry-After, RateLimit-Reset or X-RateLimit-Reset (seconds or epoch)', () => {
    const now = Date.parse('2026-11-28T12:00:00Z');
    expect(waitAdvice({ 'retry-after': '12' }, now)).toBe(12_000);
    expect(waitAdvice({ 'retry-after': 'Sat, 28 Nov 2026 12:00:30 GMT' }, now)).toBe(30_000);
    expect(waitAdvice({ 'ratelimit-reset': '7' }, now)).toBe(7_000);
    expect(waitAdvice({ 'x-ratelimit-reset': '9' }, now)).toBe(9_000);
    expect(waitAdvice({ 'x-ratelimit-reset': String(now / 1000 + 20) }, now)).toBe(20_000);
    expect(waitAdvice({ ratelimit: '"default";r=0;t=15' }, now)).toBe(15_000);
    expect(waitAdvice({}, now)).toBeUndefined();
  });
});
