// Opening a run's target: provision it (from the registry), start the control endpoint, and close
// the run's one teardown scope afterwards: also on failure and on SIGINT/SIGTERM (synchronously,
// since a signal handler cannot await). The CLI opens the run as soon as its arguments are checked
// (scripts/cli/begin-run.ts); `vitest run` alone (npm test) opens it in globalSetup.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TargetInfo } from '../contract/target.ts';
import { startControlServer } from '../control/server.ts';
import { redact } from '../report/redact.ts';
import { targetEntry } from '../targets/registry.ts';
import { Scope } from '../util/scope.ts';
import type { TargetPlan } from '../contract/plan.ts';
import { mark } from '../util/trace.ts';

export interface OpenRun {
  info: TargetInfo;
  /** Stops the gateway and removes the run's temp files, once; a signal meanwhile still stops them at once. */
  release(): Promise<void>;
  /** release(), then no longer listens for signals; once. */
  close(): Promise<void>;
}

/** A target that failed to come up may carry filtered diagnostics: keep them next to the reports. */
function withDiagnostics(err: unknown): unknown {
  const diagnostics = (err as { diagnostics?: unknown }).diagnostics;
  const dir = process.env.MTLS_REPORT_DIR;
  if (typeof diagnostics !== 'string' || !diagnostics || !dir || !(err instanceof Error)) return err;
  const file = join(dir, 'diagnostics.txt');
  writeFileSync(file, redact(diagnostics));
  err.message = `${err.message} (diagnostics: ${file})`;
  return err;
}

/** `lanes`: how many demos the run's lease lets run at once (control/lease.ts); default, as many as ask. */
export async function openRun(plan: TargetPlan, o: { lanes?: number | undefined } = {}): Promise<OpenRun> {
  // One scope records what undoes each provisioning step as it happens. Listen for signals from the
  // start: a Ctrl-C during provisioning must not strand nginx or a cluster.
  const scope = new Scope();
  const onSignal = (sig: NodeJS.Signals): void => {
    scope.closeSync();
    process.stderr.write(`\nmtls-conformance: ${sig}: stopped the gateway and removed the run's temp files\n`);
    process.exit(sig === 'SIGINT' ? 130 : 143);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const unlisten = (): void => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };

  try {
    const provisioned = await targetEntry(plan.target).provision(plan, scope);
    mark('gateway provisioned');
    const control = await startControlServer(provisioned.control, o.lanes);
    scope.defer('stop the control endpoint', () => control.close());
    let released: Promise<void> | undefined;
    let closed: Promise<void> | undefined;
    const release = (): Promise<void> => (released ??= scope.close().then(() => undefined));
    return {
      info: { ...provisioned.info, control: { url: control.url, token: control.token }, ...(plan.lifecycle ? { lifecycle: plan.lifecycle } : {}) },
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
    throw withDiagnostics(err);
  }
}
