// Named ways to break the local gateway, so that each demo can be shown to fail against the
// breakage it names. Never part of a default run: only `--fault <name>` renders one.

export const FAULTS = {
  'verify-optional': 'client certificates are not verified (ssl_verify_client optional_no_ca) and the allowlist trusts the subject alone',
  'no-crl': 'revocation is not enforced (no ssl_crl)',
  'offboard-ignored': 'offboarding leaves the partner on the allowlist',
  'no-rate-limit': 'no per-partner rate limit',
  'shared-rate-limit': 'one quota shared by all partners instead of one each',
  'swap-versions': '/v1 and /v2 are routed to each other\'s backend',
  'spoofable-identity': 'identity headers sent by the client are passed to the backend',
} as const;

export type FaultName = keyof typeof FAULTS;

export function isFaultName(value: string): value is FaultName {
  return Object.hasOwn(FAULTS, value);
}
