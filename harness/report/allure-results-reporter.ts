// allure-vitest's reporter, writing its results plainly, per demo, and named from the package
// root (allure-identity.ts). Its own writer (allure-js-commons FileSystemWriter) writes every
// result and attachment to a temp file, fsyncs it and renames it, synchronously on the main
// thread, which also serves the workers and the control endpoint: in a full run, some 600 files
// and most of a second of that thread. The run reads the results back itself moments later
// (report-fixups.ts), and a run that dies writes no report at all, so a plain write is enough.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringifyEnvInfo, type Writer } from 'allure-js-commons/sdk/reporter';
import AllureVitestReporter, { type AllureVitestReporterConfig } from 'allure-vitest/reporter';
import type { RunnerTask } from 'vitest';
import type { TestModule, Vitest } from 'vitest/node';
import { canonicalIdentity } from './allure-identity.ts';

export class PlainResultsWriter implements Writer {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  private write(name: string, content: string | Buffer): void {
    writeFileSync(join(this.dir, name), content);
  }

  writeResult: Writer['writeResult'] = (r) => this.write(`${r.uuid}-result.json`, JSON.stringify(canonicalIdentity(r)));
  writeGroup: Writer['writeGroup'] = (r) => this.write(`${r.uuid}-container.json`, JSON.stringify(r));
  writeAttachment: Writer['writeAttachment'] = (name, content) => this.write(name, content);
  writeAttachmentFromPath: Writer['writeAttachmentFromPath'] = (name, from) => copyFileSync(from, join(this.dir, name));
  writeEnvironmentInfo: Writer['writeEnvironmentInfo'] = (info) => this.write('environment.properties', stringifyEnvInfo(info));
  writeCategoriesDefinitions: Writer['writeCategoriesDefinitions'] = (c) => this.write('categories.json', JSON.stringify(c));
  writeGlobals: Writer['writeGlobals'] = (name, info) => this.write(name, JSON.stringify(info));
}

/** vitest's reported module carries its runner task (allure-vitest reads it the same way). */
type WithTask = { task?: RunnerTask };

/**
 * Also: each demo's results are written as soon as its file ends, not all at the end of the run
 * (allure-vitest's way), where writing some 600 files held up the report by most of a second.
 */
export class AllureResultsReporter extends AllureVitestReporter {
  private readonly written = new Set<string>();

  constructor(private readonly options: AllureVitestReporterConfig & { resultsDir: string }) {
    super(options);
  }

  override onInit(vitest: Vitest): void {
    super.onInit(vitest);
    // The runtime is allure-vitest's own (private in its types); its writer is a plain field.
    const runtime = (this as unknown as { allureReporterRuntime?: { writer: Writer } }).allureReporterRuntime;
    if (!runtime) throw new Error('allure-vitest changed: its reporter has no runtime after onInit');
    runtime.writer = new PlainResultsWriter(this.options.resultsDir);
  }

  onTestModuleEnd(module: TestModule): void {
    const task = (module as unknown as WithTask).task;
    if (!task) return;
    this.handleTask(task);
    this.written.add(module.moduleId);
  }

  override onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    super.onTestRunEnd(modules.filter((m) => !this.written.has(m.moduleId)));
  }
}
