// `mtls-conformance run` once the run has begun (begin-run.ts): the quota warnings, the suites
// through vitest (the opened run handed over once), then the reports (report.ts) and the exit code.
import { mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { RunCatalogue } from '../../harness/run/run-catalogue.ts';
import { budgetOf, budgetWarnings, planRun } from '../../harness/run/plan.ts';
import { ResultCollector } from '../../harness/report/collector.ts';
import { ConsoleReporter } from '../../harness/report/console-reporter.ts';
import { QuietJUnitReporter } from '../../harness/report/quiet-junit.ts';
import { AllureResultsReporter } from '../../harness/report/allure-results-reporter.ts';
import { takeHandover } from '../../harness/run/handover.ts';
import { CatalogueOrderSequencer, ScheduledSequencer } from '../../harness/run/sequencer.ts';
import type { RunRequest } from './args.ts';
import type { BegunRun } from './begin-run.ts';
import { ROOT } from './package-info.ts';
import { writeReports, type ReportPaths } from './report.ts';
import { mark } from '../../harness/util/trace.ts';
import { COMPILED_RUN_ENV } from '../../harness/run/compiled-suites.ts';

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

  // Compiled (dist/), the suites import the compiled harness too (vitest.config.ts).
  if (import.meta.url.endsWith('.js')) process.env[COMPILED_RUN_ENV] = '1';
  const { startVitest } = await import('vitest/node');
  mark('vitest loaded');
  const collector = new ResultCollector();
  collector.errors.push(...catalogue.problems);
  const vitest = await startVitest('test', r.only.map((id) => catalogue.files[id]!), {
    root: ROOT,
    config: join(ROOT, 'vitest.config.ts'),
    project: ['suites'],
    watch: false,
    // Someone else's gateway (a deploy gate, a partner's self-check) has quotas we may not know of:
    // its demos run one after another in catalogue order, so that one recent acceptance serves as
    // the positive control of the refusals after it, and a shared quota is judged with nothing
    // else running (rate-limit comes last). Our own gateways have quotas to spare: in parallel.
    ...(r.target === 'external' ? { fileParallelism: false, sequence: { sequencer: CatalogueOrderSequencer } } : { sequence: { sequencer: ScheduledSequencer } }),
    // The run speaks for itself (ConsoleReporter); vitest's own listing only when asked.
    // Matchers are not report steps: each case's verdict is its own steps and message.
    reporters: [
      ...(r.verbose ? ['default' as const] : []),
      new AllureResultsReporter({ resultsDir: paths.results, reportMatchers: false }),
      new QuietJUnitReporter({ outputFile: paths.junit }),
      collector,
      new ConsoleReporter(collector, ids.length),
    ],
  });
  mark('demos done');
  await vitest.close();

  const handover = takeHandover();
  if (handover.provisionError) {
    process.stderr.write(`mtls-conformance: ${handover.provisionError.message}\n`);
    return handover.provisionError.exitCode;
  }

  return writeReports({ request: r, catalogueIds: catalogue.ids, ids, collector, target: handover.target, started, paths, allure });
}

