// `mtls-conformance run` once the run has begun (begin-run.ts): the quota warnings, the suite files
// in this process (harness/run/in-process/) against the opened gateway, then the reports
// (report.ts) and the exit code.
import { mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { RunCatalogue } from '../../harness/run/run-catalogue.ts';
import { budgetOf, budgetWarnings, planRun } from '../../harness/run/plan.ts';
import { ResultCollector } from '../../harness/report/collector.ts';
import { ConsoleReporter } from '../../harness/report/console-reporter.ts';
import { AllureResultsReporter } from '../../harness/report/allure-results-reporter.ts';
import { beginAllureReport } from '../../harness/report/allure-report.ts';
import { writeJunit } from '../../harness/report/junit.ts';
import { judgedBy } from '../../harness/report/judged.ts';
import { EXIT, UserError } from '../../harness/config/errors.ts';
import { recordAllureOnCases } from '../../harness/run/in-process/allure-runtime.ts';
import { runSuiteFiles } from '../../harness/run/in-process/runner.ts';
import { suiteFiles } from '../../harness/run/in-process/suite-files.ts';
import { setRun } from '../../suites/support/target.ts';
import type { RunRequest } from './args.ts';
import type { BegunRun } from './begin-run.ts';
import { ROOT } from './package-info.ts';
import { writeReports, type ReportPaths } from './report.ts';
import { mark } from '../../harness/util/trace.ts';

export async function runCommand(r: RunRequest, catalogue: RunCatalogue, begun: BegunRun): Promise<number> {
  const { started, reportDir, allure } = begun;

  // Quotas the run will outspend, said before any demo starts (the demos would then wait or break).
  const ids = r.only.length > 0 ? catalogue.ids.filter((id) => r.only.includes(id)) : catalogue.ids;
  for (const w of budgetWarnings(budgetOf(catalogue.budget.byDemo, catalogue.budget.spenders, ids), planRun(r).partners)) process.stdout.write(`mtls-conformance: warning: ${w}\n`);

  const paths: ReportPaths = {
    results: join(reportDir, 'allure-results'),
    html: join(reportDir, 'allure-report'),
    junit: r.junitFile ? resolve(r.junitFile) : join(reportDir, 'junit.xml'),
    conformance: join(reportDir, 'conformance-report.json'),
    history: join(reportDir, 'history', 'history.jsonl'),
  };
  // Only what this tool writes is replaced; the reporter does not clean stale results itself.
  // Off the main thread, which meanwhile carries on with the gateway's provisioning.
  await Promise.all([rm(paths.results, { recursive: true, force: true }), rm(paths.html, { recursive: true, force: true })]);
  mkdirSync(join(reportDir, 'history'), { recursive: true });

  const opened = await begun.opened.then((run) => ({ run }), (error: unknown) => ({ error }));
  mark('gateway ready');
  if ('error' in opened) {
    // The gateway did not come up: one line, and an empty JUnit report, as no demo ran.
    const { error } = opened;
    writeJunit(paths.junit, [], ROOT);
    process.stderr.write(`mtls-conformance: ${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof UserError ? error.exitCode : EXIT.environment;
  }
  const { info } = opened.run;
  setRun(opened.run);
  recordAllureOnCases();

  const collector = new ResultCollector();
  collector.errors.push(...catalogue.problems);
  // Each report is written as the run judged its cases, once: a file's cases are judged (the
  // collector) before its Allure results are written.
  const judged = judgedBy(collector, r.require);
  const consoleReporter = new ConsoleReporter(collector, ids.length, r.verbose);
  // The report is begun now: Allure's worker reads each demo's results as it ends, while the others run.
  const report = allure ? beginAllureReport({ outputDir: paths.html, historyFile: paths.history }, allure) : undefined;
  const allureResults = new AllureResultsReporter({ resultsDir: paths.results, reportMatchers: false, judged, onWritten: (files) => report?.read(paths.results, files) });
  // Someone else's gateway (a deploy gate, a partner's self-check) has quotas we may not know of:
  // its demos run one after another in catalogue order, so that one recent acceptance serves as
  // the positive control of the refusals after it, and a shared quota is judged with nothing
  // else running (rate-limit comes last). Our own gateways have quotas to spare: every demo asks
  // for its lease at once, and the lease starts them side by side (lanes.ts).
  const external = r.target === 'external';
  const outcome = await runSuiteFiles(suiteFiles(catalogue, ids, { external, all: r.only.length === 0 }), {
    root: ROOT,
    concurrency: external ? 1 : Number.POSITIVE_INFINITY,
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
  mark('demos done');
  // Nothing after the demos needs the gateway: it stops while the reports are written (a Ctrl-C
  // meanwhile still stops it at once); the run's end waits for it.
  mark('gateway stopping');
  void opened.run.release().then(() => mark('gateway stopped'));

  return writeReports({ request: r, catalogueIds: catalogue.ids, ids, collector, target: { name: info.target, url: info.baseUrl, oracle: info.oracle }, started, paths, allure });
}
