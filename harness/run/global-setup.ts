// vitest globalSetup for the demo suites: publish the opened run's TargetInfo to the workers
// (target-channel.ts) and close the run after the demos. It does not wait for the gateway: the
// workers start while it comes up. The CLI opens the run itself while vitest starts (handover.ts);
// `vitest run` alone (npm test) opens it here. Opening, signals and teardown: open-run.ts.
import { randomUUID } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { takeOpenedRun } from './handover.ts';
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
  // Typed on globalThis as unknown: the CLI's module graph is not vitest's (handover.ts).
  const handed = takeOpenedRun() as Promise<OpenRun> | undefined;
  // Imported only when needed: vitest transforms what globalSetup imports, before any worker starts.
  const run = handed ?? openHere();
  // A failure is the CLI's to report (handover.ts); the workers hear why they have no target.
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
