// Validating conformance-report.json against the committed JSON Schema (ajv, draft 2020-12).
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ConformanceReport } from '../../harness/report/conformance-report.ts';

const schema = JSON.parse(readFileSync(new URL('../../schemas/conformance-report.schema.json', import.meta.url), 'utf8')) as object;
// date-time is checked by hand below: ajv-formats is not worth a dependency for one format.
const validate = new Ajv2020({ allErrors: true, strict: true, validateFormats: false }).compile(schema);

/** The report's schema problems, one line each (none = valid). */
export function schemaProblems(report: unknown): string[] {
  const problems = validate(report) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
  const r = report as Partial<ConformanceReport>;
  for (const key of ['startedAt', 'finishedAt'] as const) {
    if (typeof r[key] === 'string' && Number.isNaN(Date.parse(r[key]))) problems.push(`/${key} is not a date-time`);
  }
  return problems;
}

export function readReport(file: string): ConformanceReport {
  return JSON.parse(readFileSync(file, 'utf8')) as ConformanceReport;
}
