// --last-failed: the demos that failed or broke in the report dir's last run, read from its
// conformance-report.json, in catalogue order.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../harness/util/errors.ts';

export function lastFailedIds(reportDir: string, catalogueIds: readonly string[]): string[] {
  const file = join(reportDir, 'conformance-report.json');
  let report: { demos?: { id: string; result: string }[] };
  try {
    report = JSON.parse(readFileSync(file, 'utf8')) as typeof report;
  } catch {
    throw new ConfigError(`--last-failed: no last run in ${reportDir} (${file} is missing or unreadable): run without --last-failed first, or give that run's --report-dir`);
  }
  const failed = new Set((report.demos ?? []).filter((d) => d.result === 'failed' || d.result === 'broken').map((d) => d.id));
  return catalogueIds.filter((id) => failed.has(id));
}
