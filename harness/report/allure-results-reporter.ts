// allure-vitest's reporter, writing its results without a flush to disk per file. Its writer
// (allure-js-commons FileSystemWriter) writes every result and attachment to a temp file, fsyncs
// it and renames it, synchronously on the main thread, which also serves the workers and the
// control endpoint: in a full run, some 600 files and most of a second of that thread. The run
// reads the results back itself moments later (report-fixups.ts), and a run that dies writes no
// report at all, so a plain write is enough here.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringifyEnvInfo, type Writer } from 'allure-js-commons/sdk/reporter';
import AllureVitestReporter, { type AllureVitestReporterConfig } from 'allure-vitest/reporter';
import type { Vitest } from 'vitest/node';

export class PlainResultsWriter implements Writer {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  private write(name: string, content: string | Buffer): void {
    writeFileSync(join(this.dir, name), content);
  }

  writeResult: Writer['writeResult'] = (r) => this.write(`${r.uuid}-result.json`, JSON.stringify(r));
  writeGroup: Writer['writeGroup'] = (r) => this.write(`${r.uuid}-container.json`, JSON.stringify(r));
  writeAttachment: Writer['writeAttachment'] = (name, content) => this.write(name, content);
  writeAttachmentFromPath: Writer['writeAttachmentFromPath'] = (name, from) => copyFileSync(from, join(this.dir, name));
  writeEnvironmentInfo: Writer['writeEnvironmentInfo'] = (info) => this.write('environment.properties', stringifyEnvInfo(info));
  writeCategoriesDefinitions: Writer['writeCategoriesDefinitions'] = (c) => this.write('categories.json', JSON.stringify(c));
  writeGlobals: Writer['writeGlobals'] = (name, info) => this.write(name, JSON.stringify(info));
}

export class AllureResultsReporter extends AllureVitestReporter {
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
}
