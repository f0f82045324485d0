// Before a run loads its runner: the report dir claimed, what killed runs left swept, and what the
// target needs from the machine (nginx, Docker, kind), each said in one line before anything slow
// starts. The policy or target file was read and checked while parsing.
import { sweepStale } from '../../harness/util/reaper.ts';
import { targetEntry } from '../../harness/targets/registry.ts';
import type { RunRequest } from './args.ts';
import { claimReportDir } from './report-dir.ts';

export async function preflight(r: RunRequest): Promise<void> {
  // Where reports go first: a run refused there (a bad path, another run's dir) touches nothing.
  claimReportDir(r.reportDir, r.junitFile);
  // What runs that were killed outright left behind (their owner is gone): ours to remove,
  // before the environment check, since a stale nginx may still hold a port we need.
  const swept = sweepStale();
  if (swept.length > 0) process.stderr.write(`mtls-conformance: removed ${swept.length} temp dir(s) of runs that were killed: ${swept.join(', ')}\n`);
  await targetEntry(r.target).preflight(r);
}
