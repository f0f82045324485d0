// The CLI's runner: the suite files run in this process, through @vitest/runner (the engine under
// vitest: describe, it, hooks, time-outs, skip notes, annotations and failure hooks behave as
// there), without vitest's server, transform pipeline and worker threads. Those were most of a
// run's CPU (docs/performance.md). Demos run concurrently as async work in one thread: what a demo
// must have to itself is held through the run's scheduler (harness/run/scheduler.ts).
import { pathToFileURL } from 'node:url';
import type { File, Test, TestAnnotation, VitestRunner, VitestRunnerConfig } from '@vitest/runner';
import { startTests } from '@vitest/runner';
import { caseContext } from '../current-test.ts';
import { permits } from '../../util/permits.ts';

export interface SuiteFile {
  /** The suite file as reports name it (its TypeScript source, absolute). */
  path: string;
  /** The module to import for it (the compiled file when the CLI runs from dist/). */
  module: string;
}

export interface RunListener {
  /** A wait announced (ctx.annotate(..., 'wait')) or a warning, as it happens. */
  onAnnotate?(test: Test, annotation: TestAnnotation): void;
  /** A suite file has run (or failed to load): its tasks carry every result. */
  onFileEnd?(file: File): void;
}

export interface RunSettings {
  root: string;
  /** How many suite files run at once (1: one after another, in the order given). */
  concurrency: number;
  listener: RunListener;
}

export interface RunOutcome {
  files: File[];
  /** Errors thrown or rejected outside any case while the demos ran. */
  unhandled: Error[];
}

function runnerConfig(root: string): VitestRunnerConfig {
  return {
    root,
    setupFiles: [],
    name: 'suites',
    passWithNoTests: false,
    testNamePattern: undefined,
    allowOnly: false,
    sequence: { shuffle: false, concurrent: false, seed: 0, hooks: 'stack', setupFiles: 'list' },
    chaiConfig: undefined,
    // @vitest/runner bounds the tests and hooks running at once with one limiter for the process.
    // The lanes bound the demos; a second bound below them deadlocks: a demo whose case waits
    // for a lease (backend-outage) holds a slot the demo it waits for needs to end.
    maxConcurrency: Number.POSITIVE_INFINITY,
    // As vitest.config.ts: each case sets its own (suites/support/demo.ts).
    testTimeout: 60_000,
    hookTimeout: 60_000,
    retry: 0,
    includeTaskLocation: false,
    tags: [],
    tagsFilter: undefined,
    strictTags: false,
  };
}

function makeRunner(settings: RunSettings, modules: ReadonlyMap<string, string>): VitestRunner {
  const { storage, active } = caseContext();
  return {
    config: runnerConfig(settings.root),
    // A fresh instance of the module: reading the catalogue may have imported it already, with
    // defineDemo only declaring (load-catalogue.ts); what it imports is shared as usual.
    importFile: async (filepath) => {
      await import(`${pathToFileURL(modules.get(filepath) ?? filepath).href}?run`);
    },
    // The running case, per async context (current-test.ts), until its failure hooks have run.
    onBeforeRunTask: (test) => {
      active.add(test);
      storage.enterWith(test);
    },
    onAfterRunTask: (test) => {
      active.delete(test);
    },
    onTestAnnotate: (test, annotation) => {
      settings.listener.onAnnotate?.(test, annotation);
      return Promise.resolve(annotation);
    },
  };
}

/**
 * Runs the suite files, `concurrency` at a time in the order given. Collecting a file imports it
 * and records its describe/it calls in @vitest/runner's one collector, which refuses them while any
 * case runs: every file is collected, one at a time, before the first case starts.
 */
export async function runSuiteFiles(files: readonly SuiteFile[], settings: RunSettings): Promise<RunOutcome> {
  const runner = makeRunner(settings, new Map(files.map((f) => [f.path, f.module])));
  const unhandled: Error[] = [];
  const onError = (err: unknown): void => void unhandled.push(err instanceof Error ? err : new Error(String(err)));
  process.on('unhandledRejection', onError);
  process.on('uncaughtException', onError);

  const lanes = permits(Math.max(1, settings.concurrency));
  let allCollected!: () => void;
  const collectedAll = new Promise<void>((resolve) => (allCollected = resolve));
  const done: File[] = [];
  const runs: Promise<void>[] = [];
  try {
    for (const spec of files) {
      let collected!: () => void;
      const collecting = new Promise<void>((resolve) => (collected = resolve));
      let release = (): void => undefined;
      const run = startTests([spec.path], {
        ...runner,
        // Runs wait for every file to be collected, then for a lane, in the order the files came.
        onCollected: async () => {
          collected();
          await collectedAll;
          release = await lanes.take();
        },
      });
      runs.push(
        run
          .then(([file]) => {
            if (!file) return;
            done.push(file);
            settings.listener.onFileEnd?.(file);
          })
          .finally(() => {
            collected();
            release();
          }),
      );
      await collecting;
    }
    allCollected();
    await Promise.all(runs);
  } finally {
    allCollected();
    process.off('unhandledRejection', onError);
    process.off('uncaughtException', onError);
  }
  return { files: done, unhandled };
}
