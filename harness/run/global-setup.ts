// vitest globalSetup for the demo suites under `vitest run` (npm test; the CLI runs them in its own
// process, harness/run/in-process/): open the run, provide its TargetInfo to the workers (their
// setup file, suites/support/target-setup.ts, hands it to target()) and close it after the demos.
// Opening, signals and teardown: open-run.ts.
import type { TestProject } from 'vitest/node';
import type { TargetInfo } from '../contract/target.ts';
import { openRun } from './open-run.ts';
import { planFromEnv } from './run-options.ts';

declare module 'vitest' {
  interface ProvidedContext {
    target: TargetInfo;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const run = await openRun(planFromEnv());
  project.provide('target', run.info);
  return () => run.close();
}
