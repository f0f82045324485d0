// `mtls-conformance run` (and `verify`), once preflight.ts has passed: the catalogue, the gateway opened, the suite files run in this process (harness/run/in-process/) against it,
// the gateway closed, the reports (report.ts) and the exit code.
import { mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { readRunCatalogue } from '../../harness/run/run-catalogue.ts';
import { budgetOf, budgetWarnings, planRun } from '../../harness/run/plan.ts';
import { openRun } from '../../harness/run/open-run.ts';
import { targetEntry } from '../../harness/targets/registry.ts';
import { ResultCollector } from '../../harness/report/collector.ts';
import { ConsoleReporter } from '../../harness/report/console-reporter.ts';
import { AllureResultsReporter } from '../../harness/report/allure-results-reporter.ts';
import { writeJunit } from '../../harness/report/junit.ts';
import { judgedBy } from '../../harness/report/judged.ts';
import { EXIT, UserError } from '../../harness/config/errors.ts';
import { recordAllureOnCases } from '../../harness/run/in-process/allure-runtime.ts';
import { runSuiteFiles } from '../../harness/run/in-process/runner.ts';
import { suiteFiles } from '../../harness/run/in-process/suite-files.ts';
import { setRun } from '../../suites/support/target.ts';
import { checkOnly, type RunRequest } from './args.ts';
import { leaseLanes } from './lanes.ts';
import { ROOT } from './package-info.ts';
import { writeReports, type ReportPaths } from './report.ts';

export async function runCommand(r: RunRequest, started: Date): Promise<number> {
  const entry = targetEntry(r.target);
  const catalogue = await readRunCatalogue(r);
  checkOnly(r.only, catalogue.ids);
  checkOnly(r.require, catalogue.ids, '--require');
  if (r.lastFailed) {
    const { lastFailedIds } = await import('./last-failed.ts');
    const again = lastFailedIds(r.reportDir, catalogue.ids);
    if (again.length === 0) {
      process.stdout.write(`mtls-conformance: nothing failed or broke in the last run in ${r.reportDir}: nothing to run again\n`);
      return EXIT.success;
    }
    process.stdout.write(`mtls-conformance: running again what failed or broke last time: ${again.join(', ')}\n`);
    r.only = again;
  }

  // Quotas the run will outspend, said before any demo starts (the demos would then wait or break).
  const ids = r.only.length > 0 ? catalogue.ids.filter((id) => r.only.includes(id)) : catalogue.ids;
  for (const w of budgetWarnings(budgetOf(catalogue.budget.byDemo, catalogue.budget.spenders, ids), planRun(r).partners)) process.stdout.write(`mtls-conformance: warning: ${w}\n`);

  const reportDir = resolve(r.reportDir);
  const paths: ReportPaths = {
    results: join(reportDir, 'allure-results'),
    html: join(reportDir, 'allure-report'),
    junit: r.junitFile ? resolve(r.junitFile) : join(reportDir, 'junit.xml'),
    conformance: join(reportDir, 'conformance-report.json'),
    history: join(reportDir, 'history', 'history.jsonl'),
  };
  // Only what this tool writes is replaced.
  await Promise.all([rm(paths.results, { recursive: true, force: true }), rm(paths.html, { recursive: true, force: true })]);
  mkdirSync(join(reportDir, 'history'), { recursive: true });

  let opened;
  try {
    opened = await openRun(r, { lanes: leaseLanes(entry), reportDir });
  } catch (error) {
    // The gateway did not come up: one line, and an empty JUnit report, as no demo ran.
    writeJunit(paths.junit, [], ROOT);
    process.stderr.write(`mtls-conformance: ${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof UserError ? error.exitCode : EXIT.environment;
  }
  const { info } = opened;
  const collector = new ResultCollector();
  collector.errors.push(...catalogue.problems);
  try {
    setRun(opened);
    recordAllureOnCases();
    // Each report is written as the run judged its cases, once: a file's cases are judged (the
    // collector) before its Allure results are written.
    const judged = judgedBy(collector, r.require);
    const consoleReporter = new ConsoleReporter(collector, ids.length, r.verbose);
    const allureResults = new AllureResultsReporter({ resultsDir: paths.results, judged });
    // Someone else's gateway (a deploy gate, a partner's self-check) has quotas we may not know of:
    // its demos run one after another in catalogue order, so that one recent acceptance serves as
    // the positive control of the refusals after it, and a shared quota is judged with nothing
    // else running (rate-limit comes last). Our own gateways have quotas to spare: every demo asks
    // the scheduler for its turn at once, and it starts them side by side (lanes.ts).
    const outcome = await runSuiteFiles(suiteFiles(catalogue, ids, { oneAtATime: !entry.ownsGateway, all: r.only.length === 0 }), {
      root: ROOT,
      concurrency: entry.ownsGateway ? Number.POSITIVE_INFINITY : 1,
      listener: {
        onAnnotate: (test, annotation) => consoleReporter.onAnnotate(test, annotation),
        onFileEnd: (file) => {
          collector.addFile(file);
          allureResults.onFileEnd(file);
          consoleReporter.onFileEnd(file);
        },
      },
    });
    allureResults.onRunEnd();
    collector.addUnhandled(outcome.unhandled);
    writeJunit(paths.junit, outcome.files, ROOT, judged);
  } finally {
    await opened.close();
  }
  return writeReports({ request: r, catalogueIds: catalogue.ids, ids, collector, target: { name: info.target, url: info.baseUrl, oracle: info.oracle }, started, paths });
}
