// A provisioning run as named steps with a cleanup stack: a step that fails names itself in the
// one-line error, and everything set up before it is undone in reverse order.
import { EnvironmentError } from '../../config/errors.ts';

export class Steps {
  private readonly undo: { what: string; fn: () => Promise<void> }[] = [];
  readonly log: string[] = [];

  async step<T>(what: string, fn: () => Promise<T>): Promise<T> {
    this.log.push(what);
    try {
      return await fn();
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw err instanceof EnvironmentError ? err : new EnvironmentError(`${what} failed: ${why}`);
    }
  }

  onCleanup(what: string, fn: () => Promise<void>): void {
    this.undo.push({ what, fn });
  }

  /** Undo in reverse order; a failing undo is reported and the rest still run. */
  async cleanup(): Promise<string[]> {
    const problems: string[] = [];
    while (this.undo.length > 0) {
      const { what, fn } = this.undo.pop()!;
      try {
        await fn();
      } catch (err) {
        problems.push(`${what}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return problems;
  }
}
