// conformance-report.json (docs/report.md): the machine-readable verdict of one run, for CI and for
// partners who submit their results.
import { writeFileSync } from 'node:fs';
import { overall, type DemoResult, type Overall } from './rollup.ts';

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
}

export function buildConformanceReport(input: Omit<ConformanceReport, 'schemaVersion' | 'result'>): ConformanceReport {
  return { schemaVersion: SCHEMA_VERSION, ...input, result: overall(input.demos) };
}

export function writeConformanceReport(file: string, report: ConformanceReport): void {
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}
