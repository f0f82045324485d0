// Named ways to break the local gateway, so that each demo can be shown to fail against the
// breakage it names. Never part of a default run: only `--fault <name>` renders one.
import { ConfigError } from '../../util/errors.ts';
import type { TargetFlags } from '../../core/options.ts';
import { shownValue } from '../../config/shown.ts';

export const FAULTS = {
  'verify-optional': 'client certificates are not verified (ssl_verify_client optional_no_ca) and the allowlist trusts the subject alone',
  'no-crl': 'revocation is not enforced (no ssl_crl)',
  'offboard-ignored': 'offboarding leaves the partner on the allowlist',
  'no-rate-limit': 'no per-partner rate limit',
  'shared-rate-limit': 'one quota shared by all partners instead of one each',
  'swap-versions': '/v1 and /v2 are routed to each other\'s backend',
  'no-identity-headers': 'the gateway does not tell the backend who the partner is',
  'spoofable-identity': 'identity headers sent by the client are passed to the backend',
  'tls-legacy': 'TLS 1.0 and 1.1 are accepted',
  'no-audit-log': 'requests are not logged',
  'onboard-ignored': 'a partner onboarded while the gateway runs is not let in until a restart',
  'session-cache-shared': 'TLS sessions live in a shared cache that survives reloads, so a pre-revocation session can be resumed',
  'no-ip-allowlist': 'a partner held to its source addresses is let in from any address',
  'long-lived-certs': 'partner certificates are issued for a year instead of at most 90 days',
  'no-request-transform': 'the headers the policy says the gateway sets on partner requests are not set',
  'no-upstream-timeout': 'the gateway waits on a backend that does not answer for nginx\'s default 60 s, not the policy\'s upstream.timeoutMs',
  'outage-leaks': 'every version depends on the first version\'s backend, so its outage takes the other versions down too',
  'csr-key-replaced': 'the CA ignores the key in a partner\'s CSR and issues over a key it makes and keeps itself',
  'cache-shared-key': 'the cache key leaves out the partner, so one partner\'s cached answer is served to another',
} as const;

/**
 * Not renderable on nginx: `wrong-eku-accepted`. OpenSSL checks the sslclient purpose on every
 * client certificate nginx verifies, and error 26 (unsupported certificate purpose) is not one of
 * the errors `ssl_verify_client optional_no_ca` tolerates, so nginx always refuses such a cert.
 */
export type FaultName = keyof typeof FAULTS;

export function isFaultName(value: string): value is FaultName {
  return Object.hasOwn(FAULTS, value);
}

/** --fault's values (repeated or comma-separated), each a named fault. */
export function parseFaults(given: TargetFlags[string]): FaultName[] {
  const values = (Array.isArray(given) ? given : typeof given === 'string' ? [given] : []).flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);
  for (const v of values) if (!isFaultName(v)) throw new ConfigError(`unknown fault ${shownValue(v)}: choose from ${Object.keys(FAULTS).join(', ')}`);
  return values as FaultName[];
}
