// allure-vitest's reporter, without vitest, writing its results plainly, per demo, and named from
// the package root (allure-identity.ts). Its own writer (allure-js-commons FileSystemWriter) writes
// every result and attachment to a temp file, fsyncs it and renames it, synchronously on the one
// thread that also runs the demos and the control endpoint: in a full run, some 600 files and most
// of a second of that thread. Allure's worker reads the results moments later, and a run that
// dies writes no report at all, so a plain write is enough.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Writer } from 'allure-js-commons/sdk/reporter';
import type { AllureVitestReporterConfig } from 'allure-vitest/reporter';
import { AllureVitestReporter, ReporterRuntime, stringifyEnvInfo } from '../vendor/allure-reporter.ts';
import type { File } from '@vitest/runner';
import { canonicalIdentity } from './allure-identity.ts';
import { judgedAllure, type Judged } from './judged.ts';

export class PlainResultsWriter implements Writer {
  /** The files written since the last drain(). */
  private written: string[] = [];

  /** `judged`: each result is written as the run judged its case (judged.ts). */
  constructor(
    private readonly dir: string,
    private readonly judged?: Judged,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  private write(name: string, content: string | Buffer): void {
    writeFileSync(join(this.dir, name), content);
    this.written.push(name);
  }

  /** The names of the files written since the last call. */
  drain(): string[] {
    const out = this.written;
    this.written = [];
    return out;
  }

  writeResult: Writer['writeResult'] = (r) => this.write(`${r.uuid}-result.json`, JSON.stringify(judgedAllure(canonicalIdentity(r), this.judged)));
  writeGroup: Writer['writeGroup'] = (r) => this.write(`${r.uuid}-container.json`, JSON.stringify(r));
  writeAttachment: Writer['writeAttachment'] = (name, content) => this.write(name, content);
  writeAttachmentFromPath: Writer['writeAttachmentFromPath'] = (name, from) => {
    copyFileSync(from, join(this.dir, name));
    this.written.push(name);
  };
  writeEnvironmentInfo: Writer['writeEnvironmentInfo'] = (info) => this.write('environment.properties', stringifyEnvInfo(info));
  writeCategoriesDefinitions: Writer['writeCategoriesDefinitions'] = (c) => this.write('categories.json', JSON.stringify(c));
  writeGlobals: Writer['writeGlobals'] = (name, info) => this.write(name, JSON.stringify(info));
}

/**
 * allure-vitest's reporter, fed by the CLI's runner (harness/run/in-process/): each suite file's
 * results are written as soon as it ends, from the runtime messages its cases recorded
 * (allure-runtime.ts), as allure-vitest writes them under vitest.
 */
export class AllureResultsReporter extends AllureVitestReporter {
  private readonly writer: PlainResultsWriter;
  private readonly onWritten: ((files: string[]) => void) | undefined;

  /** `onWritten`: told the files each suite file's results were written to, as it ends (Allure's worker reads them then). */
  constructor(options: AllureVitestReporterConfig & { resultsDir: string; judged?: Judged; onWritten?: (files: string[]) => void }) {
    super(options);
    const { resultsDir, judged, onWritten, reportMatchers: _matchers, listeners, ...config } = options;
    this.writer = new PlainResultsWriter(resultsDir, judged);
    this.onWritten = onWritten;
    const runtime = new ReporterRuntime({ ...config, writer: this.writer, ...(listeners ? { listeners } : {}) });
    // allure-vitest's own onInit does this with a vitest instance there is none of here; its
    // runtime field is private in its types.
    (this as unknown as { allureReporterRuntime: ReporterRuntime }).allureReporterRuntime = runtime;
    runtime.writeCategoriesDefinitions();
    runtime.writeEnvironmentInfo();
  }

  onFileEnd(file: File): void {
    this.handleTask(file);
    this.onWritten?.(this.writer.drain());
  }

  /** What was recorded outside any case (global messages), after the last file. */
  onRunEnd(): void {
    super.onTestRunEnd([]);
  }
}
