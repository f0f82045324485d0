// What every report of a run is told, and when: a wait or warning as it happens, each suite file as
// it ends (its cases already judged), and the run once it is over. The console, Allure, JUnit and
// conformance-report.json are each one Reporter; the run tells them all through one fan-out.
import type { File, Test, TestAnnotation } from '@vitest/runner';
import type { CaseResult, DemoResult, Overall } from './rollup.ts';
import type { Whose } from './whose.ts';

/** A run, once it is over: what every report writes from. */
export interface RunRecord {
  tool: { name: string; version: string };
  /** `verify` is a partner's self-check. */
  mode: 'run' | 'verify';
  /** The gateway that was tested (the registry's name, or "partner self-check"). */
  target: { name: string; url: string; oracle: string };
  startedAt: Date;
  finishedAt: Date;
  /** The demos this run selected, in catalogue order, and any result whose demo is not in the catalogue. */
  demos: DemoResult[];
  result: Overall;
  /** Errors thrown outside any case (they fail the run). */
  errors: string[];
  /** verify: whose result this is (the partner's certificate, the URL, the gateway's certificate). */
  whose?: Whose;
  /** The suite files as the runner ran them (for reports that show cases by file). */
  files: readonly File[];
  /** The command line that runs the same checks again, and the one that runs just these demos again. */
  reproduce: string;
  rerun(demos: readonly string[]): string;
}

export interface Reporter {
  /** A wait announced (ctx.annotate(..., 'wait')) or a warning, as it happens. */
  onAnnotate?(test: Test, annotation: TestAnnotation): void;
  /** A suite file has run; its cases, as the run judged them. */
  onFileEnd?(file: File, cases: readonly CaseResult[]): void;
  /** The run is over: write what this report writes. */
  onRunEnd?(run: RunRecord): void | Promise<void>;
}

/** One reporter that tells each of `reporters`, in order. */
export function fanOut(reporters: readonly Reporter[]): Required<Reporter> {
  return {
    onAnnotate: (test, annotation) => reporters.forEach((r) => r.onAnnotate?.(test, annotation)),
    onFileEnd: (file, cases) => reporters.forEach((r) => r.onFileEnd?.(file, cases)),
    onRunEnd: async (run) => {
      for (const r of reporters) await r.onRunEnd?.(run);
    },
  };
}
