// What demos claim of the gateway while they run (harness/run/scheduler.ts): the backends they
// reach, by version name, and the gateway's config for those that change it. A config change
// (an nginx reload, a Kong config push) starts the gateway's upstream state afresh, circuit breaker
// included, so the demo that trips a breaker claims the config alone.
import { versionOfPath } from '../../harness/config/routes.ts';
import type { Claim } from '../../harness/run/scheduler.ts';
import type { TargetInfo } from '../../harness/core/target.ts';

export const GATEWAY_CONFIG = 'gateway config';

/** The backend of the default route: its version, or the path itself. */
export function homeBackend(t: Pick<TargetInfo, 'routes'>): string {
  return versionOfPath(t.routes, t.routes.default) ?? t.routes.default;
}

/** Every demo's claim unless it declares its own: the default route's backend, shared. */
export function defaultClaim(t: Pick<TargetInfo, 'routes'>): Claim {
  return { shared: [homeBackend(t)], exclusive: [] };
}

/** A demo that changes the gateway's config (revokes, offboards, onboards) while it probes the default route. */
export function changesConfig(t: Pick<TargetInfo, 'routes'>): Claim {
  return { shared: [homeBackend(t), GATEWAY_CONFIG], exclusive: [] };
}
