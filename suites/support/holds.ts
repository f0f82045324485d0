// A case's verdict as an assertion: `holds(ok, sentence)` fails the case with exactly that sentence
// (no "expected false to be true" tail), and a stack of this project's frames only, so that a
// failed case in the report opens on what happened, not on the test runner's internals.

/**
 * A case's failed promise. Named AssertionError: a failure (not a broken case) to every reporter.
 * `fix`: the likely cause and the setting to check, when known; it rides on the message's last
 * line too, so that Allure shows it (the collector reads it from the property).
 */
export class CaseFailed extends Error {
  constructor(
    message: string,
    readonly fix?: string,
  ) {
    super(fix ? `${message}\nlikely cause: ${fix}` : message);
    this.name = 'AssertionError';
    const frames = (new Error().stack ?? '').split('\n').slice(1).filter((l) => /^\s+at /.test(l) && !/node_modules|node:internal|\(node:/.test(l) && !/\/holds\.[jt]s:/.test(l));
    this.stack = [`${this.name}: ${this.message}`, ...frames].join('\n');
  }
}

/** Fails the case with `message` (and the likely cause, if known) unless `ok`. */
export function holds(ok: boolean, message: string, fix?: string): asserts ok {
  if (!ok) throw new CaseFailed(message, fix);
}

/** How a value reads in a verdict: JSON, and "nothing" for a value that is not there. */
function shown(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

/** Fails the case unless `actual` is `expected`: "<what>: expected "b", got "a"". */
export function holdsEqual<T>(actual: T | undefined, expected: T, what: string, fix?: string): void {
  holds(Object.is(actual, expected), `${what}: expected ${shown(expected)}, got ${shown(actual)}`, fix);
}
