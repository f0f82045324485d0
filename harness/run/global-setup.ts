// vitest globalSetup for the demo suites: provision the target, start the control endpoint,
// provide() the TargetInfo, and tear everything down afterwards: also on failure and on
// SIGINT/SIGTERM (synchronously, by pid, since a signal handler cannot await).
import type { TestProject } from 'vitest/node';
import { loadPolicy } from '../config/policy.ts';
import { startControlServer } from '../control/server.ts';
import type { ProvisionedTarget, TargetInfo } from '../targets/contract.ts';
import { provisionLocal } from '../targets/local/local-target.ts';
import { recordProvisionError } from './provision-error.ts';
import { fromEnv } from './run-options.ts';

declare module 'vitest' {
  interface ProvidedContext {
    target: TargetInfo;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let target: ProvisionedTarget;
  try {
    const options = fromEnv();
    const policy = loadPolicy(options.policyFile);
    target = await provisionLocal(policy, { faults: new Set(options.faults) });
  } catch (err) {
    recordProvisionError(err);
    throw err;
  }
  const control = await startControlServer(target.control);
  const onSignal = (sig: NodeJS.Signals): void => {
    target.teardownSync();
    process.stderr.write(`\nmtls-conformance: ${sig}: stopped the ${target.info.target} gateway and removed its temp files\n`);
    process.exit(sig === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  project.provide('target', { ...target.info, control: { url: control.url, token: control.token } });

  return async () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await control.close();
    await target.teardown();
  };
}
