// Turns allure-results into the HTML report at the end of a run, as `allure generate` does
// (allure/dist/commands/commons/generate.js): Allure 3's own API, offline, no Java. One
// self-contained index.html that opens from file://; trend history kept in a JSONL file. What the
// page must say beyond Allure's own view (what was tested, the verdict) is said in Allure's terms:
// the report's name, its variables, and the categories.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AllureReport, resolveConfig } from '@allurereport/core';
import type { CategoryRule } from '@allurereport/core-api';

/** How results group in the report: a not-supported case is its own category, not a skip among skips. */
export const ALLURE_CATEGORIES: CategoryRule[] = [
  { name: 'Known failures (--expect-failures), each until its day', matchers: { statuses: ['skipped'], labels: { resultState: 'known-failure' } } },
  { name: 'Not supported by this target', matchers: { statuses: ['skipped'], labels: { resultState: 'not-supported' } } },
  { name: 'The gateway broke a promise', matchers: { statuses: ['failed'] } },
  { name: 'No verdict (broken): fix the setup, then run again', matchers: { statuses: ['broken'] } },
];

/** Runs the history keeps (history.jsonl, the trend, each case's history): a nightly's file must not grow without end. */
export const HISTORY_RUNS = 30;

export interface AllureReportOptions {
  resultsDir: string;
  outputDir: string;
  historyFile: string;
  /** The report's title: the target and how many cases were tested. */
  name: string;
  /** Shown on the report's front page: the gateway, the verdict, the tool. */
  variables: Record<string, string>;
}

/** The Awesome plugin hard-codes a Google Tag Manager script; an offline, internal report must not call out. */
export function stripAnalytics(html: string): string {
  return html.replace(/<script[^>]*googletagmanager[^>]*>\s*<\/script>/gi, '').replace(/<script>[^<]*gtag\([^<]*<\/script>/gi, '');
}

/** Write the report; its index.html. */
export async function generateAllureReport(o: AllureReportOptions): Promise<string> {
  const config = await resolveConfig(
    {
      name: o.name,
      output: o.outputDir,
      historyPath: o.historyFile,
      historyLimit: HISTORY_RUNS,
      categories: ALLURE_CATEGORIES,
      variables: o.variables,
      plugins: { awesome: { options: { singleFile: true, reportLanguage: 'en-iso', groupBy: ['feature', 'story'] } } },
    },
    { cwd: dirname(o.outputDir) },
  );
  const report = new AllureReport(config);
  await report.restoreState([]);
  await report.start();
  await report.readDirectory(o.resultsDir);
  await report.done();
  const index = join(o.outputDir, 'index.html');
  if (!existsSync(index)) throw new Error(`allure generate wrote no ${index}`);
  writeFileSync(index, stripAnalytics(readFileSync(index, 'utf8')));
  return index;
}
