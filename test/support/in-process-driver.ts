// Runs suite files through the CLI's in-process runner in a process of its own (inside a vitest
// worker, @vitest/runner's state is vitest's), and prints what each case recorded as JSON.
import { recordAllureOnCases } from '../../harness/run/in-process/allure-runtime.ts';
import { runSuiteFiles } from '../../harness/run/in-process/runner.ts';
import { ResultCollector, testsOf } from '../../harness/report/collector.ts';
import type { RuntimeMessage } from 'allure-js-commons/sdk';

// argv: [--concurrency N] files...
const lanes = process.argv[2] === '--concurrency' ? Number(process.argv[3]) : 2;
const files = process.argv.slice(process.argv[2] === '--concurrency' ? 4 : 2);
recordAllureOnCases();
const outcome = await runSuiteFiles(
  files.map((f) => ({ path: f, module: f })),
  { root: process.cwd(), concurrency: lanes, listener: {} },
);
const collector = new ResultCollector();
for (const f of outcome.files) collector.addFile(f);
const steps = (messages: RuntimeMessage[] = []): string[] =>
  messages.flatMap((m) => (m.type === 'step_start' ? [(m.data as { name: string }).name] : []));
// Exits when written: a fixture may leave a request pending on purpose (test/fixtures/in-process/demo-start.mjs).
process.stdout.write(
  JSON.stringify({
    files: outcome.files.map((f) => ({ path: f.filepath, state: f.result?.state, errors: (f.result?.errors ?? []).map((e) => e.message) })),
    cases: outcome.files.flatMap((f) =>
      testsOf(f).map((t) => ({
        name: t.name,
        state: t.result?.state,
        start: t.result?.startTime,
        duration: t.result?.duration,
        note: (t.result as { note?: string } | undefined)?.note,
        errors: (t.result?.errors ?? []).map((e) => e.message),
        errorNames: (t.result?.errors ?? []).map((e) => e.name),
        steps: steps((t.meta as { allureRuntimeMessages?: RuntimeMessage[] }).allureRuntimeMessages),
      })),
    ),
    unhandled: outcome.unhandled.map((e) => e.message),
    collected: collector.cases,
  }),
  () => process.exit(0),
);
