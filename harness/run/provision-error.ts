// globalSetup and the CLI share one process but not one module graph (vitest loads globalSetup
// through its own module runner), so a provisioning failure is handed over on globalThis.
import { UserError } from '../config/errors.ts';

const KEY = Symbol.for('mtls-conformance.provision-error');

interface Holder {
  [KEY]?: { message: string; exitCode: number };
}

export function recordProvisionError(err: unknown): void {
  if (err instanceof UserError || (err instanceof Error && 'exitCode' in err)) {
    (globalThis as Holder)[KEY] = { message: err.message, exitCode: (err as UserError).exitCode };
  } else {
    (globalThis as Holder)[KEY] = { message: err instanceof Error ? err.message : String(err), exitCode: 3 };
  }
}

export function takeProvisionError(): { message: string; exitCode: number } | undefined {
  const holder = globalThis as Holder;
  const value = holder[KEY];
  delete holder[KEY];
  return value;
}
