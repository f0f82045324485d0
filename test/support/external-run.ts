// Running `mtls-conformance run --target external` on a fixture and reading what it reported.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { ConformanceReport } from '../../harness/report/conformance-report.ts';
import { runCliWithoutHtml, type CliRun } from './cli.ts';
import type { ExternalFixture } from './external-fixture.ts';
import { readReport, schemaProblems } from './report-schema.ts';

export const CERT_DEMOS = 'credentials,valid-cert,missing-cert,self-signed-cert,untrusted-ca-cert,expired-cert,revoked-cert,versioning,tls-versions';

/** One run; its conformance-report.json must validate against the schema. */
export async function runExternal(fx: ExternalFixture, label: string, extra: string[] = [], env: Record<string, string> = {}): Promise<{ r: CliRun; report: ConformanceReport }> {
  const reportDir = join(fx.dir, `reports-${label}`);
  const r = await runCliWithoutHtml(['run', '--target', 'external', '--config', fx.file, '--report-dir', reportDir, ...extra], env);
  expect(existsSync(join(reportDir, 'conformance-report.json')), `no report (exit ${r.code}): ${r.stderr}`).toBe(true);
  const report = readReport(join(reportDir, 'conformance-report.json'));
  expect(schemaProblems(report)).toEqual([]);
  return { r, report };
}

export const byResult = (report: ConformanceReport, result: string): string[] =>
  report.demos.filter((d) => d.result === result).map((d) => d.id).sort();

export const observed = (report: ConformanceReport, demo: string): string[] =>
  report.demos.find((d) => d.id === demo)!.cases.flatMap((c) => c.observed ?? []);
