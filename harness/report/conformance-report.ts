// conformance-report.json (docs/report.md): the machine-readable verdict of one run, for CI and for
// partners who submit their results; --last-failed reads the last one back.
import { writeReportFile } from './write-file.ts';
import type { Reporter, RunRecord } from './reporter.ts';
import type { DemoResult, Overall } from './rollup.ts';
import type { Whose } from './whose.ts';

export const SCHEMA_VERSION = 2;

export interface ConformanceReport {
  schemaVersion: number;
  tool: { name: string; version: string };
  target: { name: string; url: string | null; oracle: string | null };
  startedAt: string;
  finishedAt: string;
  result: Overall;
  demos: DemoResult[];
  reproduce: string;
  /** verify: whose result this is. */
  whose?: Whose;
}

export function conformanceReport(run: RunRecord): ConformanceReport {
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: run.tool,
    target: run.target,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt.toISOString(),
    result: run.result,
    demos: run.demos,
    reproduce: run.reproduce,
    ...(run.whose ? { whose: run.whose } : {}),
  };
}

export class ConformanceReporter implements Reporter {
  constructor(private readonly file: string) {}

  onRunEnd(run: RunRecord): void {
    writeReportFile(this.file, `${JSON.stringify(conformanceReport(run), null, 2)}\n`);
  }
}
