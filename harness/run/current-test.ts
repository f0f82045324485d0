// The case running now, for what records on it (observed forms, warnings, waits, Allure steps,
// diagnostics on failure). The CLI's runner (harness/run/in-process/) runs demos concurrently in
// one thread, where @vitest/runner's one global "current test" names whichever case started last:
// it keeps the running case per async context instead. Under vitest itself (npm test's suites
// project, one file at a time per worker) there is no such context, and the global is right.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Test } from '@vitest/runner';
import { getCurrentTest } from '@vitest/runner';

interface CaseContext {
  storage: AsyncLocalStorage<Test>;
  /**
   * From its start until its failure hooks have run (they attach the gateway's diagnostics). A case
   * that skips itself ends without that call (@vitest/runner returns early): its mode says so.
   */
  active: WeakSet<Test>;
}

const KEY = Symbol.for('mtls-conformance.current-test');
// On globalThis: the runner and the suites may load this module from different places (dist, sources).
const held = globalThis as { [KEY]?: CaseContext };

export function caseContext(): CaseContext {
  held[KEY] ??= { storage: new AsyncLocalStorage<Test>(), active: new WeakSet<Test>() };
  return held[KEY];
}

/** The case this code runs for; undefined outside a case or once it has ended. */
export function currentTest(): Test | undefined {
  const { storage, active } = caseContext();
  const own = storage.getStore();
  if (own) return active.has(own) && own.mode !== 'skip' ? own : undefined;
  const global = getCurrentTest();
  return global?.type === 'test' ? global : undefined;
}
