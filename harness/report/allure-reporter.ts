// The Allure report of a run. allure-vitest's reporter, fed by the CLI's runner
// (harness/run/in-process/) instead of vitest, writes each suite file's results to allure-results
// as it ends, from the runtime messages its cases recorded (allure-runtime.ts): each as the run
// judged its case (a not-supported case carries its reason as the status message, with a
// resultState label; a required demo that could not be tested is failed there too) and named from
// the package root (allure-identity.ts). At the end, the HTML report (allure-report.ts).
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestResult } from 'allure-js-commons';
import { ReporterRuntime, stringifyEnvInfo, type Writer } from 'allure-js-commons/sdk/reporter';
import AllureVitestReporter from 'allure-vitest/reporter';
import type { File } from '@vitest/runner';
import { canonicalIdentity } from './allure-identity.ts';
import type { Reporter, RunRecord } from './reporter.ts';
import { testedOf, type CaseResult } from './rollup.ts';
import { whoseLines } from './whose.ts';

/** How the run judged a case (demo id, case name), once its file has ended. */
type Judged = (demo: string, name: string) => CaseResult | undefined;

interface AllureResult {
  name?: string;
  status?: string;
  labels?: { name: string; value: string }[];
  statusDetails?: { message?: string; trace?: string };
}

/** An Allure result as its case was judged. */
function judgedAllure<T extends AllureResult>(r: T, judged: Judged | undefined): T {
  const demo = r.labels?.find((l) => l.name === 'feature')?.value ?? '';
  const c = r.name === undefined ? undefined : judged?.(demo, r.name);
  if (c?.result === 'not-supported') {
    return { ...r, statusDetails: { ...r.statusDetails, message: `not-supported: ${c.reason ?? ''}` }, labels: [...(r.labels ?? []).filter((l) => l.name !== 'resultState'), { name: 'resultState', value: 'not-supported' }] };
  }
  // A failure --expect-failures lists: its own category, not a broken promise (the run does not fail for it).
  if (c?.result === 'known-failure') {
    return { ...r, status: 'skipped', statusDetails: { ...r.statusDetails, message: c.reason ?? 'known failure' }, labels: [...(r.labels ?? []).filter((l) => l.name !== 'resultState'), { name: 'resultState', value: 'known-failure' }] };
  }
  // A required demo that could not be tested (--require), or a listed known failure that passed.
  if (c?.result === 'failed' && r.status !== 'failed') return { ...r, status: 'failed', statusDetails: { message: c.reason ?? 'failed' } };
  return r;
}


/** The result as the report shows it: named from the package root, judged, framed as this tool's. */
function asWritten(r: TestResult, judged: Judged | undefined): TestResult {
  const out = judgedAllure(canonicalIdentity(r), judged);
  return { ...out, labels: out.labels.map((l) => (l.name === 'framework' ? { ...l, value: 'mtls-conformance' } : l)) };
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

export class AllureReporter extends AllureVitestReporter implements Reporter {
  private readonly judged: CaseResult[] = [];
  /** Allure itself, loaded only for the HTML report, while the demos run. */
  private readonly allure: Promise<typeof import('./allure-report.ts')> | undefined;

  constructor(private readonly options: AllureOptions) {
    super({ resultsDir: options.resultsDir, reportMatchers: false });
    this.allure = options.html ? import('./allure-report.ts') : undefined;
    const judged: Judged = (demo, name) => this.judged.find((c) => c.demo === demo && c.name === name);
    const runtime = new ReporterRuntime({
      writer: plainWriter(options.resultsDir),
      // The writer writes the object it was handed after this: the result is rewritten in place.
      listeners: [{ beforeTestResultWrite: (r: TestResult) => void Object.assign(r, asWritten(r, judged)) }],
    });
    // allure-vitest's own onInit does this with a vitest instance there is none of here; its
    // runtime field is private in its types.
    (this as unknown as { allureReporterRuntime: ReporterRuntime }).allureReporterRuntime = runtime;
  }

  onFileEnd(file: File, cases: readonly CaseResult[]): void {
    this.judged.push(...cases);
    this.handleTask(file);
  }

  async onRunEnd(run: RunRecord): Promise<void> {
    // What was recorded outside any case (global messages), after the last file.
    super.onTestRunEnd([]);
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
