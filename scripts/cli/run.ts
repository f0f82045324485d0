// `mtls-conformance run` (and `verify`), once preflight.ts has passed: the catalogue, the gateway
// opened, the suite files run in this process (harness/run/in-process/) against it, the gateway
// closed, then every report told of the run (harness/report/reporter.ts) and the exit code.
import { mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { EXIT, UserError } from '../../harness/util/errors.ts';
import { AllureReporter } from '../../harness/report/allure-reporter.ts';
import { ResultCollector } from '../../harness/report/collector.ts';
import { ConformanceReporter } from '../../harness/report/conformance-report.ts';
import { ConsoleReporter } from '../../harness/report/console-reporter.ts';
import { junitXml, JUnitReporter, writeJunit } from '../../harness/report/junit.ts';
import { fanOut, type RunRecord } from '../../harness/report/reporter.ts';
import { redact } from '../../harness/report/redact.ts';
import { groupByDemo, outsideCatalogue, overall } from '../../harness/report/rollup.ts';
import { recordAllureOnCases } from '../../harness/run/in-process/allure-runtime.ts';
import { runSuiteFiles } from '../../harness/run/in-process/runner.ts';
import { suiteFiles } from '../../harness/run/in-process/suite-files.ts';
import { openRun } from '../../harness/run/open-run.ts';
import { budgetOf, budgetWarnings, planRun } from '../../harness/run/plan.ts';
import { readRunCatalogue } from '../../harness/run/run-catalogue.ts';
import { targetEntry } from '../../harness/targets/registry.ts';
import { setRun } from '../../suites/support/target.ts';
import { checkOnly, type RunRequest } from './args.ts';
import { leaseLanes } from './lanes.ts';
import { PKG, ROOT } from './package-info.ts';
import { reproduceLine } from './reproduce.ts';
import { whoseOf } from './whose.ts';
import { loadExpectedFailures } from '../../harness/config/expected-failures.ts';
import { ExpectedFailures } from '../../harness/report/expected.ts';
import { statementOf } from '../../harness/attest/statement.ts';
import { writeReportFile } from '../../harness/report/write-file.ts';

/** verify --attest: the result, signed with the partner's own key (harness/attest/; Sigstore's packages load only for it). */
async function attest(run: RunRecord, file: string, partner: { cert: string; key: string }): Promise<void> {
  const statement = statementOf(run);
  if (!statement) {
    process.stderr.write(`mtls-conformance: no attestation written: no TLS handshake showed the gateway's certificate, so there is nothing to name the gateway by\n`);
    return;
  }
  const { signedBundle } = await import('../../harness/attest/sign.ts');
  writeReportFile(file, signedBundle(statement, partner.cert, partner.key));
  process.stdout.write(`Attestation, signed with your key: ${file} (the Home Party checks it with: mtls-conformance attest check ${file} --ca <its CA>)\n`);
}

type Catalogue = Awaited<ReturnType<typeof readRunCatalogue>>;

/** The demos this run runs (--only, or what failed last time with --last-failed), or none when nothing is left to run again. */
async function demoIds(r: RunRequest, catalogue: Catalogue): Promise<string[] | undefined> {
  if (r.lastFailed) {
    const { lastFailedIds } = await import('./last-failed.ts');
    const again = lastFailedIds(r.reportDir, catalogue.ids);
    if (again.length === 0) {
      process.stdout.write(`mtls-conformance: nothing failed or broke in the last run in ${r.reportDir}: nothing to run again\n`);
      return undefined;
    }
    process.stdout.write(`mtls-conformance: running again what failed or broke last time: ${again.join(', ')}\n`);
    r.only = again;
  }
  const ids = r.only.length > 0 ? catalogue.ids.filter((id) => r.only.includes(id)) : catalogue.ids;
  // Quotas the run will outspend, said before any demo starts (the demos would then wait or break).
  for (const w of budgetWarnings(budgetOf(catalogue.budget.byDemo, catalogue.budget.spenders, ids), planRun(r).partners)) process.stdout.write(`mtls-conformance: warning: ${w}\n`);
  return ids;
}

/** Where the reports go; the Allure results and HTML of an earlier run are replaced (only what this tool writes). */
async function reportPaths(r: RunRequest) {
  const reportDir = resolve(r.reportDir);
  const paths = {
    dir: reportDir,
    results: join(reportDir, 'allure-results'),
    html: join(reportDir, 'allure-report'),
    junit: r.junitFile ? resolve(r.junitFile) : join(reportDir, 'junit.xml'),
    conformance: join(reportDir, 'conformance-report.json'),
    history: join(reportDir, 'history', 'history.jsonl'),
  };
  await Promise.all([rm(paths.results, { recursive: true, force: true }), rm(paths.html, { recursive: true, force: true })]);
  mkdirSync(join(reportDir, 'history'), { recursive: true });
  return paths;
}

/** The gateway did not come up: one line (a fault of this tool's: with its stack), and a JUnit report with that one error, as no demo ran. */
function notOpened(error: unknown, junitFile: string, targetName: string, started: Date): number {
  const why = redact(error instanceof Error ? error.message : String(error));
  const demos = [{ id: 'environment', result: 'broken' as const, cases: [{ name: 'the target came up', result: 'broken' as const, reason: why }] }];
  writeJunit(junitFile, junitXml({ demos, target: { name: targetName, url: '', oracle: '' }, tool: PKG, startedAt: started, finishedAt: new Date() }, []));
  const own = !(error instanceof UserError) && error instanceof Error;
  process.stderr.write(`mtls-conformance: ${own ? `internal error: ${redact(error.stack ?? why)}` : why}\n`);
  return error instanceof UserError ? error.exitCode : EXIT.environment;
}

export async function runCommand(r: RunRequest, started: Date): Promise<number> {
  const entry = targetEntry(r.target);
  const catalogue = await readRunCatalogue(r);
  checkOnly(r.only, catalogue.ids);
  checkOnly(r.require, catalogue.ids, '--require');
  const expected = r.expectFailuresFile ? new ExpectedFailures(loadExpectedFailures(r.expectFailuresFile, catalogue.ids), r.expectFailuresFile) : undefined;
  const ids = await demoIds(r, catalogue);
  if (!ids) return EXIT.success;
  const paths = await reportPaths(r);
  const targetName = r.mode === 'verify' ? 'partner self-check' : r.target;

  const collector = new ResultCollector(r.require, expected);
  collector.errors.push(...catalogue.problems);
  // Allure loads while the gateway comes up; the console learns after it how many demos it can test.
  const allure = new AllureReporter({ resultsDir: paths.results, ...(r.htmlReport ? { html: { outputDir: paths.html, historyFile: paths.history } } : {}) });
  let opened;
  try {
    opened = await openRun(r, { lanes: leaseLanes(entry), reportDir: paths.dir });
  } catch (error) {
    return notOpened(error, paths.junit, targetName, started);
  }
  const testable = ids.filter((id) => (catalogue.needs[id] ?? []).every((f) => opened.info.features.includes(f)));
  const whose = r.mode === 'verify' && r.external ? await whoseOf(r.external, opened.info) : undefined;
  const consoleReporter = consoleFor(r, paths, testable.length);
  if (whose) consoleReporter.whose(whose);
  const reporters = fanOut([allure, new JUnitReporter(paths.junit), new ConformanceReporter(paths.conformance), consoleReporter]);

  const { info } = opened;
  let outcome;
  try {
    setRun(opened);
    recordAllureOnCases();
    // Someone else's gateway (a deploy gate, a partner's self-check) has quotas we may not know of:
    // its demos run one after another in catalogue order, so that one recent acceptance serves as
    // the positive control of the refusals after it, and a shared quota is judged with nothing
    // else running (rate-limit comes last). Our own gateways have quotas to spare: every demo asks
    // the scheduler for its turn at once, and it starts them side by side (lanes.ts).
    outcome = await runSuiteFiles(suiteFiles(catalogue, ids, { oneAtATime: !entry.ownsGateway, all: r.only.length === 0 }), {
      root: ROOT,
      concurrency: entry.ownsGateway ? Number.POSITIVE_INFINITY : 1,
      listener: {
        onAnnotate: (test, annotation) => reporters.onAnnotate(test, annotation),
        onFileEnd: (file) => reporters.onFileEnd(file, collector.addFile(file)),
      },
    });
  } finally {
    await opened.close();
  }
  collector.addUnhandled(outcome.unhandled);

  const cases = collector.all();
  // A result whose demo is not in the catalogue must not fall out of the verdict: it fails the run.
  const demos = [...groupByDemo(cases, ids), ...outsideCatalogue(cases, catalogue.ids)];
  const run: RunRecord = {
    tool: PKG,
    mode: r.mode,
    target: { name: targetName, url: info.baseUrl, oracle: info.oracle },
    startedAt: started,
    finishedAt: new Date(),
    demos,
    result: overall(demos),
    errors: collector.errors,
    files: outcome.files,
    ...(whose ? { whose } : {}),
    reproduce: reproduceLine(r),
    rerun: (demos) => reproduceLine({ ...r, only: [...demos] }),
  };
  await reporters.onRunEnd(run);
  // An entry naming a case no demo that ran has: a mistake in the list, said once the cases are known.
  const unmatched = expected?.unmatched(cases) ?? [];
  if (unmatched.length > 0) {
    process.stderr.write(unmatched.map((l) => `mtls-conformance: ${l}: correct the case name, or drop the case key to list every case of the demo\n`).join(''));
    return EXIT.usage;
  }
  if (r.attestFile && r.external) await attest(run, r.attestFile, r.external.partners[0]!);
  return exitCodeOf(run);
}

function exitCodeOf(run: RunRecord): number {
  if (run.result === 'failure' || run.errors.length > 0) return EXIT.failure;
  // Nothing failed, but some cases could not be judged: the environment kept the run from a verdict.
  return run.result === 'inconclusive' ? EXIT.environment : EXIT.success;
}

/** The console, told where each report is: as the user gave the paths (under an absolute --report-dir, absolute; else relative to here). */
function consoleFor(r: RunRequest, paths: Awaited<ReturnType<typeof reportPaths>>, testable: number): ConsoleReporter {
  const shown = (p: string, given: string | undefined): string => (given && isAbsolute(given) ? p : relative(process.cwd(), p) || '.');
  return new ConsoleReporter(testable, {
    html: r.htmlReport ? shown(join(paths.html, 'index.html'), r.reportDir) : `${shown(paths.results, r.reportDir)} (no HTML: --no-html-report)`,
    junit: shown(paths.junit, r.junitFile ?? r.reportDir),
    conformance: shown(paths.conformance, r.reportDir),
  }, r.verbose);
}
