// vitest's JUnit reporter, without its "JUNIT report written to ..." line: the run's summary says
// where every report is, once, as the user gave the path.
import { JUnitReporter, type TestModule, type Vitest } from 'vitest/node';
import { provisionFailed } from '../run/handover.ts';

export class QuietJUnitReporter extends JUnitReporter {
  private vitest?: Vitest;

  override async onInit(ctx: Vitest): Promise<void> {
    this.vitest = ctx;
    await super.onInit(ctx);
  }

  override async onTestRunEnd(all: ReadonlyArray<TestModule>): Promise<void> {
    // A target that never came up ran no demo: an empty report, not one failure per suite file.
    const modules = provisionFailed() ? [] : all;
    const logger = this.vitest?.logger;
    if (!logger) return super.onTestRunEnd(modules);
    const log = logger.log.bind(logger);
    logger.log = (...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].startsWith('JUNIT report written to')) return;
      log(...args);
    };
    try {
      await super.onTestRunEnd(modules);
    } finally {
      logger.log = log;
    }
  }
}
