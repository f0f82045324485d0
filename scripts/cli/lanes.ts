// How many demos a run runs at once. On someone else's gateway (external): one at a time, in
// catalogue order, by the runner (run.ts: its quotas are not ours to spend side by side). On our
// own: as many as the run's scheduler grants (harness/run/scheduler.ts), which knows what each
// demo waits for: a demo waiting for a backend another one has out of service holds no lane meanwhile.
import type { TargetEntry } from '../../harness/targets/registry.ts';

/** Demos at once on our own gateways: the outage demo mostly waits on its gateway's breaker, in a lane of its own. */
export const PARALLEL_DEMOS = 4;

/** The lease's bound on the demos running at once; undefined: the runner's one at a time. */
export function leaseLanes(entry: TargetEntry): number | undefined {
  return entry.ownsGateway ? PARALLEL_DEMOS : undefined;
}
