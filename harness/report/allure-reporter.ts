// The Allure report of a run. Each suite file's cases are written to allure-results as the file
// ends: named from the package root (allure-identity.ts), with what their steps recorded through
// allure-js-commons (harness/run/in-process/allure-runtime.ts), each as the run judged it (a
// not-supported case carries its reason as the status message, with a resultState label; a
// required demo that could not be tested is failed there too). At the end, the HTML report
// (allure-report.ts).
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stage, Status, type TestResult } from 'allure-js-commons';
import { getMessageAndTraceFromError, getStatusFromError, type RuntimeMessage } from 'allure-js-commons/sdk';
import { ReporterRuntime, getEnvironmentLabels, getHostLabel, getLanguageLabel, getSuiteLabels, getThreadLabel, stringifyEnvInfo, type Writer } from 'allure-js-commons/sdk/reporter';
import type { File, Test } from '@vitest/runner';
import { identityOf, suitePath } from './allure-identity.ts';
import { demoOf, testsOf } from './collector.ts';
import type { Reporter, RunRecord } from './reporter.ts';
import { testedOf, type CaseResult } from './rollup.ts';
import { whoseLines } from './whose.ts';

/** An Allure result as its case was judged. */
function judgedAllure(r: TestResult, c: CaseResult | undefined): void {
  const state = (value: string): void => void (r.labels = [...r.labels.filter((l) => l.name !== 'resultState'), { name: 'resultState', value }]);
  if (c?.result === 'not-supported') {
    r.statusDetails = { ...r.statusDetails, message: `not-supported: ${c.reason ?? ''}` };
    state('not-supported');
  } else if (c?.result === 'known-failure') {
    // A failure --expect-failures lists: its own category, not a broken promise (the run does not fail for it).
    Object.assign(r, { status: Status.SKIPPED, statusDetails: { ...r.statusDetails, message: c.reason ?? 'known failure' } });
    state('known-failure');
  } else if (c?.result === 'failed' && r.status !== Status.FAILED) {
    // A required demo that could not be tested (--require), or a listed known failure that passed.
    Object.assign(r, { status: Status.FAILED, statusDetails: { message: c.reason ?? 'failed' } });
  }
}

/** The result's status from how the case ended under @vitest/runner. */
function ended(r: TestResult, test: Test): void {
  const state = test.result?.state;
  if (state === 'fail') {
    const [error] = test.result?.errors ?? [];
    Object.assign(r, { status: getStatusFromError(error as Error), statusDetails: getMessageAndTraceFromError(error as Error), stage: Stage.FINISHED });
  } else if (state === 'pass') Object.assign(r, { status: Status.PASSED, stage: Stage.FINISHED });
  else Object.assign(r, { status: Status.SKIPPED, stage: Stage.PENDING });
}

/**
 * Plain writes. allure-js-commons' own writer fsyncs each of the several hundred files a full run
 * writes, on the one thread that also runs the demos; a run that dies writes no report at all.
 */
function plainWriter(dir: string): Writer {
  mkdirSync(dir, { recursive: true });
  const write = (name: string, content: string | Buffer): void => writeFileSync(join(dir, name), content);
  return {
    writeResult: (r) => write(`${r.uuid}-result.json`, JSON.stringify(r)),
    writeGroup: (r) => write(`${r.uuid}-container.json`, JSON.stringify(r)),
    writeAttachment: (name, content) => write(name, content),
    writeAttachmentFromPath: (name, from) => copyFileSync(from, join(dir, name)),
    writeEnvironmentInfo: (info) => write('environment.properties', stringifyEnvInfo(info)),
    writeCategoriesDefinitions: (c) => write('categories.json', JSON.stringify(c)),
    writeGlobals: (name, info) => write(name, JSON.stringify(info)),
  };
}

export interface AllureOptions {
  resultsDir: string;
  /** Absent: allure-results only (--no-html-report). */
  html?: { outputDir: string; historyFile: string };
}

export class AllureReporter implements Reporter {
  private readonly runtime: ReporterRuntime;
  /** Allure itself, loaded only for the HTML report, while the demos run. */
  private readonly allure: Promise<typeof import('./allure-report.ts')> | undefined;

  constructor(private readonly options: AllureOptions) {
    this.runtime = new ReporterRuntime({ writer: plainWriter(options.resultsDir) });
    this.allure = options.html ? import('./allure-report.ts') : undefined;
  }

  /** One result: named, with what its steps recorded, ended and judged (`finish`), written. */
  private write(file: string, suites: string[], name: string, finish: (r: TestResult) => void, test?: Test): void {
    const identity = identityOf(file, suites, name);
    const labels = [{ name: 'framework', value: 'mtls-conformance' }, getLanguageLabel(), ...getSuiteLabels(suites), ...getEnvironmentLabels(), getHostLabel(), getThreadLabel(), ...identity.labels];
    const uuid = this.runtime.startTest({ name, start: test?.result?.startTime, fullName: identity.fullName, titlePath: identity.titlePath, labels });
    const messages = (test?.meta as { allureRuntimeMessages?: RuntimeMessage[] } | undefined)?.allureRuntimeMessages ?? [];
    if (messages.length > 0) this.runtime.applyRuntimeMessages(uuid, messages);
    this.runtime.updateTest(uuid, finish);
    this.runtime.stopTest(uuid, { duration: test?.result?.duration ?? 0 });
    this.runtime.writeTest(uuid);
  }

  onFileEnd(file: File, cases: readonly CaseResult[]): void {
    for (const test of testsOf(file)) {
      if (test.mode === 'skip' && !test.result) continue;
      const judged = cases.find((c) => c.demo === demoOf(test) && c.name === test.name);
      this.write(file.filepath, suitePath(test), test.name, (r) => {
        ended(r, test);
        judgedAllure(r, judged);
      }, test);
    }
    // A demo whose hooks threw, or a file that did not load: its own result, as the run judged it.
    for (const c of cases.filter((c) => c.name === '(suite file)')) {
      this.write(file.filepath, [c.demo], c.name, (r) => {
        Object.assign(r, { status: c.result === 'broken' ? Status.BROKEN : Status.FAILED, statusDetails: { message: [c.reason, c.fix && `fix: ${c.fix}`].filter(Boolean).join('\n') }, stage: Stage.FINISHED });
        r.labels.push({ name: 'feature', value: c.demo });
        judgedAllure(r, c);
      });
    }
  }

  async onRunEnd(run: RunRecord): Promise<void> {
    if (!this.options.html || !this.allure) return;
    // Allure's ring counts only what was judged: the title says how much could be tested at all.
    const demos = run.demos.map((d) => d.result);
    const cases = run.demos.flatMap((d) => d.cases.map((c) => c.result));
    const tested = `${testedOf(demos)} of ${demos.length} demos tested`;
    const variables = { gateway: run.target.url, oracle: run.target.oracle, result: run.result, tested, 'cases tested': `${testedOf(cases)} of ${cases.length}`, tool: `${run.tool.name} ${run.tool.version}`, started: run.startedAt.toISOString(), ...(run.whose ? whoseLines(run.whose) : {}) };
    const { generateAllureReport } = await this.allure;
    await generateAllureReport({ resultsDir: this.options.resultsDir, ...this.options.html, name: `mtls-conformance: ${run.target.name} · ${tested}`, variables });
  }
}
