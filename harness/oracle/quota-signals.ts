// What a gateway says about a quota in its headers: Kong's rate-limiting plugin sends
// RateLimit-Limit/-Remaining/-Reset, X-RateLimit-Limit-<Window>/X-RateLimit-Remaining-<Window> on
// every answer and Retry-After on a 429 (kong/plugins/rate-limiting/handler.lua, 3.9.3); other
// gateways send X-RateLimit-Reset (seconds, or an epoch time) or the IETF draft's RateLimit field.

export interface QuotaSignals {
  /** The tightest limit the gateway reports, and what is left of it after this request. */
  limit?: number;
  remaining?: number;
  /** Seconds until that window resets. */
  resetSeconds?: number;
  /** Kong's per-minute figures, when it counts per minute. */
  minute?: { limit?: number; remaining?: number };
}

const int = (v: string | undefined): number | undefined => (v !== undefined && /^\s*\d+\s*$/.test(v) ? Number(v) : undefined);

/** Seconds from a Retry-After value: delta-seconds or an HTTP-date. */
function retryAfterSeconds(v: string | undefined, now: number): number | undefined {
  const n = int(v);
  if (n !== undefined) return n;
  const t = v ? Date.parse(v) : NaN;
  return Number.isNaN(t) ? undefined : Math.max(0, Math.ceil((t - now) / 1000));
}

/** X-RateLimit-Reset is seconds until reset for some gateways and an epoch time for others. */
function resetSeconds(v: string | undefined, now: number): number | undefined {
  const n = int(v);
  if (n === undefined) return undefined;
  return n > 1_000_000_000 ? Math.max(0, Math.ceil(n - now / 1000)) : n;
}

export function quotaSignals(headers: Record<string, string>, now = Date.now()): QuotaSignals {
  const draft = headers['ratelimit'];
  const fromDraft = draft ? int(/(?:reset=|;t=)(\d+)/.exec(draft)?.[1]) : undefined;
  const minute = { limit: int(headers['x-ratelimit-limit-minute']), remaining: int(headers['x-ratelimit-remaining-minute']) };
  const s: QuotaSignals = {
    limit: int(headers['ratelimit-limit']) ?? minute.limit,
    remaining: int(headers['ratelimit-remaining']) ?? minute.remaining,
    resetSeconds: int(headers['ratelimit-reset']) ?? resetSeconds(headers['x-ratelimit-reset'], now) ?? fromDraft,
    ...(minute.limit !== undefined || minute.remaining !== undefined ? { minute } : {}),
  };
  return Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as QuotaSignals;
}

/** How long the gateway says to wait before this identity may try again, in ms, if it says. */
export function waitAdvice(headers: Record<string, string>, now = Date.now()): number | undefined {
  const seconds = retryAfterSeconds(headers['retry-after'], now) ?? quotaSignals(headers, now).resetSeconds;
  return seconds === undefined ? undefined : seconds * 1000;
}
