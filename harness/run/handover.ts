// What opening a run (open-run.ts) leaves for the CLI to report: a provisioning failure (with its
// exit code) and which gateway was actually tested. On globalThis: under `vitest run` (npm test's
// suites project) the run is opened by globalSetup, in a module graph of vitest's own.
import { EXIT, UserError } from '../config/errors.ts';

const KEY = Symbol.for('mtls-conformance.handover');

export interface Handover {
  provisionError?: { message: string; exitCode: number };
  target?: { name: string; url: string; oracle: string };
}

function holder(): { [KEY]?: Handover } {
  return globalThis as { [KEY]?: Handover };
}

function current(): Handover {
  const h = holder();
  h[KEY] ??= {};
  return h[KEY];
}

export function recordProvisionError(err: unknown): void {
  const exitCode = err instanceof UserError ? err.exitCode : EXIT.environment;
  current().provisionError = { message: err instanceof Error ? err.message : String(err), exitCode };
}

export function recordTarget(target: Handover['target']): void {
  current().target = target;
}

/** Read and clear what globalSetup left for this run. */
export function takeHandover(): Handover {
  const value = current();
  delete holder()[KEY];
  return value;
}
