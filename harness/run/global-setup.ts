// vitest globalSetup for the demo suites: provision the target, start the control endpoint,
// provide() the TargetInfo, and tear everything down afterwards: also on failure and on
// SIGINT/SIGTERM (synchronously, by pid, since a signal handler cannot await).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { redact } from '../report/redact.ts';
import { startControlServer } from '../control/server.ts';
import type { ProvisionedTarget, TargetInfo } from '../targets/contract.ts';
import { provisionTarget } from '../targets/provision.ts';
import { recordProvisionError, recordTarget } from './handover.ts';
import { runEmergencyCleanups } from './interrupt.ts';
import { fromEnv } from './run-options.ts';

declare module 'vitest' {
  interface ProvidedContext {
    target: TargetInfo;
  }
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

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Listen for signals from the start: a Ctrl-C during provisioning must not strand nginx or a
  // cluster. While provisioning, each target has registered what undoes it so far (onInterrupt).
  let target: ProvisionedTarget | undefined;
  const onSignal = (sig: NodeJS.Signals): void => {
    if (target) target.teardownSync();
    else runEmergencyCleanups();
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
    target = await provisionTarget(fromEnv());
  } catch (err) {
    unlisten();
    recordProvisionError(withDiagnostics(err));
    throw err;
  }
  const provisioned = target;
  recordTarget({ name: provisioned.info.target, url: provisioned.info.baseUrl, oracle: provisioned.info.oracle });
  const control = await startControlServer(provisioned.control);
  project.provide('target', { ...provisioned.info, control: { url: control.url, token: control.token } });

  return async () => {
    unlisten();
    await control.close();
    await provisioned.teardown();
  };
}
