// One teardown scope per run: each step that sets something up records what undoes it, once. The
// runner closes the scope after the demos (async, in reverse order) or, on SIGINT/SIGTERM, closes
// it synchronously (a signal handler cannot await): each undo gives a sync form for that, or is
// left to the process's own exit (in-process servers) and to the watchdog (harness/util/reaper.ts).

interface Undo {
  what: string;
  async: () => Promise<void> | void;
  sync?: () => void;
}

export class Scope {
  private readonly undo: Undo[] = [];

  /** Record what undoes a step; the returned function drops it (the step's result was handed on). */
  defer(what: string, async: () => Promise<void> | void, sync?: () => void): () => void {
    const entry: Undo = { what, async, ...(sync ? { sync } : {}) };
    this.undo.push(entry);
    return () => {
      const i = this.undo.indexOf(entry);
      if (i >= 0) this.undo.splice(i, 1);
    };
  }

  /** Undo in reverse order; a failing undo is reported and the rest still run. */
  async close(): Promise<string[]> {
    const problems: string[] = [];
    while (this.undo.length > 0) {
      const { what, async } = this.undo.pop()!;
      try {
        await async();
      } catch (err) {
        problems.push(`${what}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return problems;
  }

  /** For a signal handler: every sync undo, in reverse order, each whatever the others do. */
  closeSync(): void {
    while (this.undo.length > 0) {
      const { sync } = this.undo.pop()!;
      try {
        sync?.();
      } catch {
        // keep going: the others still need to run
      }
    }
  }
}
