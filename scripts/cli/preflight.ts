// Before a run: what the target needs from the machine (nginx, Docker, kind), said in one line
// before anything slow starts (exit 3). The policy or target file was read and checked while parsing.
import { targetPlan, type RunOptions } from '../../harness/run/run-options.ts';
import { targetEntry } from '../../harness/targets/registry.ts';

export async function preflightEnvironment(r: RunOptions): Promise<void> {
  await targetEntry(r.target).preflight(targetPlan(r));
}
