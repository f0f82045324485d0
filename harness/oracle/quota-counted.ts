// Judging a burst against a gateway that counts out loud, as Kong's rate-limiting plugin does: every
// answer says the limit, what is left in the window and when it resets; a 429 says when to retry.
// The burst then starts from what the gateway says is left (no window waited out), the headers must
// agree with what happened, and a window that turned over mid-burst (Kong counts in calendar
// minutes) means the burst is redone, never judged.
import type { Form } from './forms.ts';
import type { QuotaSignals } from './quota-signals.ts';

export interface CountedAnswer {
  form: Form;
  signals: QuotaSignals;
}

export type CountedVerdict =
  | { kind: 'verdict'; ok: boolean; reason: string; admitted: number }
  /** The window turned over during the burst or the check after it: do it again. */
  | { kind: 'redo'; reason: string };

/** The gateway counts out loud when it says both the limit and what is left. */
export function countsOutLoud(s: QuotaSignals): boolean {
  return limitOf(s) !== undefined && remainingOf(s) !== undefined;
}

const limitOf = (s: QuotaSignals): number | undefined => s.minute?.limit ?? s.limit;
const remainingOf = (s: QuotaSignals): number | undefined => s.minute?.remaining ?? s.remaining;

/** A new window: more is left than before, or the reset moved further away. */
function turned(prev: QuotaSignals, next: QuotaSignals): boolean {
  const [r0, r1] = [remainingOf(prev), remainingOf(next)];
  if (r0 !== undefined && r1 !== undefined && r1 > r0) return true;
  return prev.resetSeconds !== undefined && next.resetSeconds !== undefined && next.resetSeconds > prev.resetSeconds;
}

/**
 * `answers`: the burst in order, one fresh connection each, from the first request until the
 * first 429 (or a few past where the gateway said the quota would end); `still`: one more request
 * after it. `perMinute`: the quota the policy or target file declares.
 */
export function judgeCountedBurst(perMinute: number, answers: CountedAnswer[], still: CountedAnswer): CountedVerdict {
  const first = answers[0];
  if (!first) return { kind: 'verdict', ok: false, reason: 'no request was sent', admitted: 0 };
  const limit = limitOf(first.signals);
  if (limit !== perMinute) {
    return { kind: 'verdict', ok: false, reason: `the gateway counts a quota of ${limit}/min for this partner, but ${perMinute}/min is declared`, admitted: 0 };
  }
  for (let i = 1; i < answers.length; i++) {
    if (turned(answers[i - 1]!.signals, answers[i]!.signals)) return { kind: 'redo', reason: `the quota window turned over at request ${i + 1}` };
  }
  const leftAfterFirst = remainingOf(first.signals)!;
  const expected = leftAfterFirst + 1;
  const firstLimited = answers.findIndex((a) => a.form === 'rate-limited-json');
  const odd = answers.findIndex((a, i) => a.form !== 'accepted' && a.form !== 'rate-limited-json' && (firstLimited === -1 || i < firstLimited));
  if (odd !== -1) return { kind: 'verdict', ok: false, reason: `request ${odd + 1} got ${answers[odd]!.form}, neither accepted nor rate-limited`, admitted: odd };
  const admitted = firstLimited === -1 ? answers.length : firstLimited;
  const counted = `${perMinute - expected} already counted in this window, then ${expected} left by the gateway's own count`;
  if (firstLimited === -1) return { kind: 'verdict', ok: false, reason: `not limited: ${admitted} requests let in (${counted})`, admitted };
  if (admitted !== expected) {
    const how = admitted < expected ? 'limited too early' : 'limited too late';
    return { kind: 'verdict', ok: false, reason: `${how}: the gateway said ${expected} were left (${counted}) but let in ${admitted}`, admitted };
  }
  // The headers must agree with what happened: one less left with each request let in.
  for (let i = 1; i < admitted; i++) {
    const [a, b] = [remainingOf(answers[i - 1]!.signals), remainingOf(answers[i]!.signals)];
    if (a !== undefined && b !== undefined && b !== a - 1) {
      return { kind: 'verdict', ok: false, reason: `the gateway's count disagrees with what happened: ${a} then ${b} left after request ${i + 1}`, admitted };
    }
  }
  const limited = answers[firstLimited]!;
  const leftWhenLimited = remainingOf(limited.signals);
  if (leftWhenLimited !== undefined && leftWhenLimited !== 0) {
    return { kind: 'verdict', ok: false, reason: `the 429 says ${leftWhenLimited} are left`, admitted };
  }
  if (still.form === 'accepted') {
    if (turned(limited.signals, still.signals)) return { kind: 'redo', reason: 'the quota window turned over before the still-limited check' };
    return { kind: 'verdict', ok: false, reason: 'let in again after the quota was spent, in the same window', admitted };
  }
  if (still.form !== 'rate-limited-json') return { kind: 'verdict', ok: false, reason: `after the quota was spent, got ${still.form}`, admitted };
  return { kind: 'verdict', ok: true, reason: `exactly the quota the gateway counts (${perMinute}/min, as declared): ${counted}, let in, then 429; the headers agree`, admitted };
}
