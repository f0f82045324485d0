// vitest globalSetup for the demo suites under `vitest run` (npm test; the CLI runs them in its own
// process, harness/run/in-process/): open the run, publish its TargetInfo to the workers
// (target-channel.ts) and close the run after the demos. It does not wait for the gateway: the
// workers start while it comes up. Opening, signals and teardown: open-run.ts.
import { randomUUID } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import type { OpenRun } from './open-run.ts';
import { publishTarget } from './target-channel.ts';
import { mark } from '../util/trace.ts';

declare module 'vitest' {
  interface ProvidedContext {
    /** The BroadcastChannel on which the run's TargetInfo is published. */
    targetChannel: string;
  }
}

async function openHere(): Promise<OpenRun> {
  const [{ openRun }, { planFromEnv }] = await Promise.all([import('./open-run.ts'), import('./run-options.ts')]);
  return openRun(planFromEnv());
}

export default function setup(project: TestProject): () => Promise<void> {
  mark('globalSetup');
  const run = openHere();
  // The workers hear why they have no target (target-setup.ts).
  run.catch(() => undefined);
  const name = `mtls-conformance:target:${randomUUID()}`;
  const published = publishTarget(name, run.then((r) => r.info));
  project.provide('targetChannel', name);
  return async () => {
    published.close();
    await run.then(
      (r) => r.close(),
      () => undefined,
    );
  };
}
