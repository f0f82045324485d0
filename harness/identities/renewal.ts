// How long before expiry cert-manager renews a Certificate (the guide's checklist: at least 30
// days). Read from cert-manager itself where it has said it (status.notAfter and status.renewalTime),
// else worked out from the spec as cert-manager does (pkg/util/pki/renewaltime.go at v1.21.1,
// desiredRenewalTime): renewBefore when set and shorter than the lifetime, else
// renewBeforePercentage of it, else a third of it; the lifetime is spec.duration (default 2160h).

import type { CertManagerCertificate } from '../core/target.ts';

export type { CertManagerCertificate };

const HOUR_MS = 3_600_000;
const UNIT_MS: Record<string, number> = { h: HOUR_MS, m: 60_000, s: 1000, ms: 1, us: 1e-3, 'µs': 1e-3, ns: 1e-6 };

/** A Go duration string ("2160h", "720h0m0s", "1h30m"), in ms; undefined when it is not one. */
export function goDurationMs(text: string): number | undefined {
  if (!/^(\d+(\.\d+)?(h|m|s|ms|us|µs|ns))+$/.test(text)) return undefined;
  let ms = 0;
  for (const [, n, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)/g)) ms += Number(n) * UNIT_MS[unit!]!;
  return ms;
}

export interface RenewalLead {
  /** How long before expiry it is renewed, in hours. */
  hours: number;
  /** Said by cert-manager (status) or worked out from the spec. */
  from: 'status' | 'spec';
  /** The lifetime the spec asks for, in hours (default 2160). */
  durationHours: number;
}

export function renewalLead(c: CertManagerCertificate): RenewalLead | undefined {
  const duration = c.duration === undefined ? 2160 * HOUR_MS : goDurationMs(c.duration);
  if (duration === undefined) return undefined;
  const durationHours = duration / HOUR_MS;
  if (c.notAfter && c.renewalTime) {
    const lead = Date.parse(c.notAfter) - Date.parse(c.renewalTime);
    if (Number.isFinite(lead)) return { hours: lead / HOUR_MS, from: 'status', durationHours };
  }
  const before = c.renewBefore === undefined ? undefined : goDurationMs(c.renewBefore);
  const pct = c.renewBeforePercentage;
  const lead = before !== undefined && before > 0 && before < duration ? before : pct !== undefined && pct > 0 && pct < 100 ? (duration * pct) / 100 : duration / 3;
  return { hours: lead / HOUR_MS, from: 'spec', durationHours };
}
