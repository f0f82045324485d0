// Which demos may run at the same time. Each claims the backends it reaches (by version name):
// most only share them and run side by side; a demo that breaks one (backend-outage stops a
// version's backend) claims it alone, and runs once no demo that reaches it runs. Claims are
// granted in the order asked among those that conflict, so a demo waiting to break a backend holds
// back later demos that reach it and cannot be starved; one that conflicts with nothing never waits.
// A claim asked by a demo that already runs (nested: more of the gateway, for a while) goes before
// the waiting ones: they may be waiting for that very demo, which would then never get it.

export interface Claim {
  shared: string[];
  exclusive: string[];
}

interface Waiter {
  claim: Claim;
  grant: (id: number) => void;
  nested: boolean;
}

function conflicts(a: Claim, b: Claim): boolean {
  const touches = (c: Claim, r: string): boolean => c.shared.includes(r) || c.exclusive.includes(r);
  return a.exclusive.some((r) => touches(b, r)) || b.exclusive.some((r) => touches(a, r));
}

export class DemoLease {
  private readonly held = new Map<number, Claim>();
  private readonly queue: Waiter[] = [];
  private next = 1;

  /** Resolves with a lease id once the claim conflicts with no lease held and no claim queued before it. */
  begin(claim: Claim, nested = false): Promise<number> {
    return new Promise((grant) => {
      const waiter = { claim, grant, nested };
      // Nested claims queue after the nested ones already waiting, before every other.
      const at = nested ? this.queue.findIndex((w) => !w.nested) : -1;
      if (at === -1) this.queue.push(waiter);
      else this.queue.splice(at, 0, waiter);
      this.pump();
    });
  }

  end(id: number): void {
    this.held.delete(id);
    this.pump();
  }

  private pump(): void {
    const waiting: Claim[] = [];
    for (const w of [...this.queue]) {
      const blocked = [...this.held.values(), ...waiting].some((c) => conflicts(c, w.claim));
      if (blocked) {
        waiting.push(w.claim);
        continue;
      }
      this.queue.splice(this.queue.indexOf(w), 1);
      const id = this.next++;
      this.held.set(id, w.claim);
      w.grant(id);
    }
  }
}
