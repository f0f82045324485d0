// Opening a run's target: provision it (from the registry), make its demo scheduler, and close the
// run's one teardown scope afterwards: also on failure and on SIGINT/SIGTERM (synchronously, since
// a signal handler cannot await). The suites run in this same process and reach the target's
// control actions and the scheduler directly (suites/support/target.ts).
import { join } from 'node:path';
import type { TargetControl, TargetInfo } from '../core/target.ts';
import { DemoLease } from './scheduler.ts';
import { redact } from '../report/redact.ts';
import { writeReportFile } from '../report/write-file.ts';
import { targetEntry } from '../targets/registry.ts';
import { Scope } from '../util/scope.ts';
import type { RunOptions } from '../core/options.ts';

export interface OpenRun {
  info: TargetInfo;
  control: TargetControl;
  /** Which demos may run at once (scheduler.ts). */
  scheduler: DemoLease;
  /** Stops the gateway and removes the run's temp files, once; a signal meanwhile still stops them at once. */
  release(): Promise<void>;
  /** release(), then no longer listens for signals; once. */
  close(): Promise<void>;
}

/** A target that failed to come up may carry filtered diagnostics: keep them next to the reports. */
function withDiagnostics(err: unknown, dir: string | undefined): unknown {
  const diagnostics = (err as { diagnostics?: unknown }).diagnostics;
  if (typeof diagnostics !== 'string' || !diagnostics || !dir || !(err instanceof Error)) return err;
  const file = join(dir, 'diagnostics.txt');
  writeReportFile(file, redact(diagnostics));
  err.message = `${err.message} (diagnostics: ${file})`;
  return err;
}

/**
 * `lanes`: how many demos the scheduler lets run at once (default, as many as ask); `reportDir`:
 * where a target that did not come up leaves its diagnostics.
 */
export async function openRun(plan: RunOptions, o: { lanes?: number | undefined; reportDir?: string } = {}): Promise<OpenRun> {
  // One scope records what undoes each provisioning step as it happens. Listen for signals from the
  // start: a Ctrl-C during provisioning must not strand nginx or a cluster.
  const scope = new Scope();
  const entry = targetEntry(plan.target);
  // Someone else's gateway (a partner's self-check, a deploy gate) is never ours to stop: say only what was.
  const stopped = entry.ownsGateway ? "stopped the gateway and removed the run's temp files" : "removed the run's temp files (the gateway is not this tool's: it was left as it was)";
  const onSignal = (sig: NodeJS.Signals): void => {
    scope.closeSync();
    process.stderr.write(`\nmtls-conformance: ${sig}: ${stopped}\n`);
    process.exit(sig === 'SIGINT' ? 130 : 143);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const unlisten = (): void => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };

  try {
    const provisioned = await entry.provision(plan, scope);
    let released: Promise<void> | undefined;
    let closed: Promise<void> | undefined;
    const release = (): Promise<void> => (released ??= scope.close().then(() => undefined));
    return {
      info: { ...provisioned.info, lifecycle: { maxValidityDays: plan.maxValidityDays }, ...(entry.lacks ? { lacks: entry.lacks } : {}) },
      control: provisioned.control,
      scheduler: new DemoLease(o.lanes),
      release,
      close: () =>
        (closed ??= (async () => {
          await release();
          unlisten();
        })()),
    };
  } catch (err) {
    const problems = await scope.close();
    unlisten();
    if (err instanceof Error && problems.length > 0) err.message = [err.message, ...problems.map((p) => `cleanup: ${p}`)].join('; ');
    throw withDiagnostics(err, o.reportDir);
  }
}
