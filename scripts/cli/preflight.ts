// Before a run loads its runner: the report dir claimed, what killed runs left swept, and what the
// target needs from the machine (nginx, Docker, kind), each said in one line before anything slow
// starts. The policy or target file was read and checked while parsing.
import { mkdtempSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { EnvironmentError } from '../../harness/util/errors.ts';
import { sweepStale } from '../../harness/util/reaper.ts';
import { targetEntry } from '../../harness/targets/registry.ts';
import type { RunRequest } from './args.ts';
import { claimReportDir } from './report-dir.ts';

export async function preflight(r: RunRequest): Promise<void> {
  // Where reports go first: a run refused there (a bad path, another run's dir) touches nothing.
  claimReportDir(r.reportDir, r.junitFile);
  tempDirUsable();
  // What runs that were killed outright left behind (their owner is gone): ours to remove,
  // before the environment check, since a stale nginx may still hold a port we need.
  const swept = sweepStale();
  if (swept.length > 0) process.stderr.write(`mtls-conformance: removed ${swept.length} temp dir(s) of runs that were killed: ${swept.join(', ')}\n`);
  await targetEntry(r.target).preflight(r);
}

/** The run keeps its keys and the gateway's files under the temp dir (TMPDIR, else /tmp): said here, not as a raw mkdtemp error later. */
function tempDirUsable(): void {
  const dir = tmpdir();
  const unusable = (what: string): EnvironmentError => new EnvironmentError(`the temp dir ${dir}${process.env.TMPDIR ? ' (TMPDIR)' : ''} ${what}: set TMPDIR to a folder this user can write, or unset it`);
  const code = (err: unknown): string | undefined => (err as NodeJS.ErrnoException).code;
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (err) {
    throw unusable(code(err) === 'ENOENT' ? 'does not exist' : code(err) === 'ENOTDIR' ? 'is under a file' : `cannot be read (${code(err)})`);
  }
  if (!isDir) throw unusable('is not a folder');
  try {
    rmdirSync(mkdtempSync(join(dir, 'mtls-conformance-check-')));
  } catch (err) {
    throw unusable(`cannot be written (${code(err)})`);
  }
}
