// allure-vitest's reporter, fed by the CLI's runner (harness/run/in-process/) instead of vitest:
// each suite file's results are written to allure-results as it ends, from the runtime messages its
// cases recorded (allure-runtime.ts). Each result is written as the run judged its case (judged.ts)
// and named from the package root (allure-identity.ts).
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestResult } from 'allure-js-commons';
import { ReporterRuntime, stringifyEnvInfo, type Writer } from 'allure-js-commons/sdk/reporter';
import AllureVitestReporter from 'allure-vitest/reporter';
import type { File } from '@vitest/runner';
import { canonicalIdentity } from './allure-identity.ts';
import { judgedAllure, type Judged } from './judged.ts';

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

export class AllureResultsReporter extends AllureVitestReporter {
  constructor(options: { resultsDir: string; judged?: Judged; environmentInfo?: Record<string, string> }) {
    super({ resultsDir: options.resultsDir, reportMatchers: false });
    const runtime = new ReporterRuntime({
      writer: plainWriter(options.resultsDir),
      ...(options.environmentInfo ? { environmentInfo: options.environmentInfo } : {}),
      // The writer writes the object it was handed after this: the result is rewritten in place.
      listeners: [{ beforeTestResultWrite: (r: TestResult) => void Object.assign(r, asWritten(r, options.judged)) }],
    });
    // allure-vitest's own onInit does this with a vitest instance there is none of here; its
    // runtime field is private in its types.
    (this as unknown as { allureReporterRuntime: ReporterRuntime }).allureReporterRuntime = runtime;
    runtime.writeEnvironmentInfo();
  }

  onFileEnd(file: File): void {
    this.handleTask(file);
  }

  /** What was recorded outside any case (global messages), after the last file. */
  onRunEnd(): void {
    super.onTestRunEnd([]);
  }
}
