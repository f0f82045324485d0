// After the demos: the conformance report, the Allure HTML report with its history (unless
// --no-html-report), the console summary, and the exit code. Allure's results were written as each
// demo ended and JUnit when the demos had run (run.ts), each as the run judged its cases.
import { isAbsolute, relative } from 'node:path';
import { EXIT } from '../../harness/config/errors.ts';
import type { ResultCollector } from '../../harness/report/collector.ts';
import { buildConformanceReport, writeConformanceReport } from '../../harness/report/conformance-report.ts';
import { applyRequired } from '../../harness/report/required.ts';
import { groupByDemo, outsideCatalogue } from '../../harness/report/rollup.ts';
import type { RunRequest } from './args.ts';
import { PKG } from './package-info.ts';
import { reproduceLine } from './reproduce.ts';
import { printSummary } from './summary.ts';

export interface ReportPaths {
  results: string;
  html: string;
  junit: string;
  conformance: string;
  history: string;
}

export interface Finished {
  request: RunRequest;
  catalogueIds: readonly string[];
  /** The demos this run selected, in catalogue order. */
  ids: readonly string[];
  collector: ResultCollector;
  /** The gateway that was tested. */
  target: { name: string; url: string; oracle: string };
  started: Date;
  paths: ReportPaths;
}

export async function writeReports(f: Finished): Promise<number> {
  const r = f.request;
  // The deploy gate's --require: a required demo not tested is a failure, in every report alike
  // (Allure's results and JUnit were written so: harness/report/judged.ts).
  const cases = applyRequired(f.collector.cases, r.require);
  // A result whose demo is not in the catalogue must not fall out of the verdict: it fails the run.
  const demos = [...groupByDemo(cases, f.ids), ...outsideCatalogue(cases, f.catalogueIds)];
  const report = buildConformanceReport({
    tool: { name: PKG.name, version: PKG.version },
    target: { name: r.mode === 'verify' ? 'partner self-check' : r.target, url: f.target.url, oracle: f.target.oracle },
    startedAt: f.started.toISOString(),
    finishedAt: new Date().toISOString(),
    demos,
    reproduce: reproduceLine(r),
  });
  writeConformanceReport(f.paths.conformance, report);
  // Allure's ring counts only what was tested: the title says how many could be tested at all.
  const all = demos.flatMap((d) => d.cases);
  const tested = all.filter((c) => c.result === 'passed' || c.result === 'failed' || c.result === 'broken').length;
  const name = `mtls-conformance: ${report.target.name} · ${tested} of ${all.length} cases tested`;
  const variables = { gateway: `${f.target.url}`, oracle: f.target.oracle, result: report.result, 'cases tested': `${tested} of ${all.length}`, tool: `${PKG.name} ${PKG.version}` };
  // Allure itself is loaded only to write the HTML report (half a second of a short run's CPU).
  const html = r.htmlReport ? await (await import('../../harness/report/allure-report.ts')).generateAllureReport({ resultsDir: f.paths.results, outputDir: f.paths.html, historyFile: f.paths.history, name, variables }) : undefined;
  // Paths as the user gave them: under an absolute --report-dir, absolute; else relative to here.
  const shown = (p: string, given: string | undefined): string => (given && isAbsolute(given) ? p : relative(process.cwd(), p) || '.');
  printSummary(report, f.collector.errors, {
    html: html ? shown(html, r.reportDir) : `not written (--no-html-report); its results: ${shown(f.paths.results, r.reportDir)}`,
    junit: shown(f.paths.junit, r.junitFile ?? r.reportDir),
    conformance: shown(f.paths.conformance, r.reportDir),
    seconds: (Date.now() - f.started.getTime()) / 1000,
    rerun: (id) => reproduceLine({ ...r, only: [id] }),
  });
  if (report.result === 'failure' || f.collector.errors.length > 0) return EXIT.failure;
  // Nothing failed, but some cases could not be judged: the environment kept the run from a verdict.
  return report.result === 'inconclusive' ? EXIT.environment : EXIT.success;
}
