// Judging a burst against a per-minute quota. The burst is sent by one identity that no other
// demo uses, so "limited too early" cannot be "another demo spent the quota". A limiter refills
// while the burst runs (nginx: one request per 60/N s), so the upper bound grows with elapsed time;
// a fixed window (Kong) starts afresh at a minute boundary, so a burst across one may get 2N.
import type { Form } from './forms.ts';

export interface QuotaBurst {
  perMinute: number;
  /** Forms seen, in the order the requests were sent, one fresh connection each. */
  forms: Form[];
  /** From the first request's start to the last one's end. */
  elapsedMs: number;
  /** Fixed-window limiters (Kong) reset at each minute boundary: how many the burst crossed. */
  windowResets?: number;
}

export interface QuotaVerdict {
  ok: boolean;
  admitted: number;
  /** Most admissions a correct limiter could allow in elapsedMs. */
  maxAdmitted: number;
  reason: string;
}

export function judgeQuota(b: QuotaBurst): QuotaVerdict {
  const refill = Math.floor(b.elapsedMs / (60_000 / b.perMinute));
  const maxAdmitted = b.perMinute + refill + b.perMinute * (b.windowResets ?? 0);
  const firstLimited = b.forms.indexOf('rate-limited-json');
  const admitted = firstLimited === -1 ? b.forms.length : firstLimited;
  const base = { admitted, maxAdmitted };
  const odd = b.forms.findIndex((f) => f !== 'accepted' && f !== 'rate-limited-json');
  if (odd !== -1 && (firstLimited === -1 || odd < firstLimited)) {
    return { ...base, ok: false, reason: `request ${odd + 1} got ${b.forms[odd]}, neither accepted nor rate-limited` };
  }
  if (firstLimited === -1) {
    return { ...base, ok: false, reason: `not limited: all ${b.forms.length} requests accepted with a quota of ${b.perMinute}/min` };
  }
  if (admitted < b.perMinute) {
    return {
      ...base,
      ok: false,
      reason: `limited too early: 429 after ${admitted} of ${b.perMinute} requests; this identity is used by no other demo, so its quota was not spent elsewhere`,
    };
  }
  if (admitted > maxAdmitted) {
    return { ...base, ok: false, reason: `limited too late: ${admitted} accepted with a quota of ${b.perMinute}/min (at most ${maxAdmitted} in ${b.elapsedMs} ms)` };
  }
  const after = b.forms.slice(firstLimited);
  const leak = after.findIndex((f) => f !== 'rate-limited-json');
  if (leak !== -1) {
    return { ...base, ok: false, reason: `request ${firstLimited + leak + 1} got ${after[leak]} after the quota was spent` };
  }
  return { ...base, ok: true, reason: `exactly the quota: ${admitted} accepted, then ${after.length} rate-limited (${b.elapsedMs} ms)` };
}

/** One more request after a burst ended in 429s, to show the partner stays limited. */
export interface StillLimitedCheck {
  perMinute: number;
  form: Form;
  /** When the burst's last (limited) answer came. */
  limitedAt: number;
  /** When this request's answer came. */
  checkedAt: number;
}

export type StillLimitedVerdict = { kind: 'verdict'; ok: boolean; reason: string } | { kind: 'redo'; reason: string };

/**
 * Let in again is a failure only if no limiter could have: not across a minute boundary (a fixed
 * window, as Kong counts, starts afresh there) and not once a refill interval (60/N s, a leaky
 * bucket as nginx's) has passed. Otherwise it proves nothing either way: burst and check again.
 */
export function judgeStillLimited(c: StillLimitedCheck): StillLimitedVerdict {
  if (c.form === 'rate-limited-json') return { kind: 'verdict', ok: true, reason: 'still limited' };
  if (c.form !== 'accepted') return { kind: 'verdict', ok: false, reason: `after the quota was spent, got ${c.form}` };
  const minute = (t: number): number => Math.floor(t / 60_000);
  if (minute(c.checkedAt) !== minute(c.limitedAt)) return { kind: 'redo', reason: 'a minute boundary passed between the last 429 and the check, where a fixed window starts afresh' };
  const refillMs = 60_000 / c.perMinute;
  if (c.checkedAt - c.limitedAt >= refillMs) return { kind: 'redo', reason: `${Math.round((c.checkedAt - c.limitedAt) / 1000)} s passed since the last 429, in which a limiter refills a request` };
  return { kind: 'verdict', ok: false, reason: 'let in again after its quota was spent, in the same minute and before any refill' };
}
