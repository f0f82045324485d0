// globalSetup and the CLI share one process but not one module graph (vitest loads globalSetup
// through its own module runner), so what the CLI needs to hear from it travels on globalThis:
// a provisioning failure (with its exit code) and which gateway was actually tested; and the
// other way, the run the CLI opened while vitest started.
import { EXIT, UserError } from '../config/errors.ts';

const KEY = Symbol.for('mtls-conformance.handover');

export interface Handover {
  provisionError?: { message: string; exitCode: number };
  target?: { name: string; url: string; oracle: string };
  /** The run the CLI opened while vitest started (open-run.ts), for globalSetup to take. */
  opened?: Promise<unknown>;
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

/** Whether the run's target failed to come up (its one line is the CLI's to print, nothing else). */
export function provisionFailed(): boolean {
  return current().provisionError !== undefined;
}

export function recordTarget(target: Handover['target']): void {
  current().target = target;
}

/** The CLI opens the run itself, in parallel with vitest's start; globalSetup takes it once. */
export function handOverRun(opened: Promise<unknown>): void {
  // A rejection is read by globalSetup and recorded as provisionError; never unhandled here.
  opened.catch(() => undefined);
  current().opened = opened;
}

export function takeOpenedRun(): Promise<unknown> | undefined {
  const h = current();
  const opened = h.opened;
  delete h.opened;
  return opened;
}

/** Read and clear what globalSetup left for this run. */
export function takeHandover(): Handover {
  const value = current();
  delete holder()[KEY];
  return value;
}
