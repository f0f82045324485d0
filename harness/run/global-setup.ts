// vitest globalSetup for the demo suites: provide() the opened run's TargetInfo and close it after
// the demos. The CLI opens the run itself while vitest starts (handover.ts); `vitest run` alone
// (npm test) opens it here. Opening, signals and teardown: open-run.ts.
import type { TestProject } from 'vitest/node';
import type { TargetInfo } from '../contract/target.ts';
import { takeOpenedRun } from './handover.ts';
import { openRun, type OpenRun } from './open-run.ts';
import { planFromEnv } from './run-options.ts';

declare module 'vitest' {
  interface ProvidedContext {
    target: TargetInfo;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Typed on globalThis as unknown: the CLI's module graph is not vitest's (handover.ts).
  const handed = takeOpenedRun() as Promise<OpenRun> | undefined;
  const run = await (handed ?? openRun(planFromEnv()));
  project.provide('target', run.info);
  return () => run.close();
}
