// Before a run: a bad policy (exit 2), or a missing nginx, Docker or kind (exit 3), is said in one
// line before anything slow starts. An external target file was checked while parsing.
import { loadPolicy } from '../../harness/config/policy.ts';
import { preflight } from '../../harness/targets/container/preflight.ts';
import { findNginx } from '../../harness/targets/local/nginx-process.ts';
import type { RunRequest } from './args.ts';

export async function preflightEnvironment(r: RunRequest): Promise<void> {
  if (r.target !== 'external') loadPolicy(r.policyFile);
  if (r.target === 'local') findNginx();
  if (r.target === 'kind' || r.target === 'docker') await preflight(r.target);
}
