// A provisioning run as named steps: a step that fails names itself in the one-line error (what it
// set up is undone by the run's scope, harness/util/scope.ts).
import { EnvironmentError } from '../../util/errors.ts';

export class Steps {
  async step<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw err instanceof EnvironmentError ? err : new EnvironmentError(`${what} failed: ${why}`);
    }
  }
}
