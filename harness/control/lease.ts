// Which demos may run at the same time. Each claims the backends it reaches (by version name):
// most only share them and run side by side; a demo that breaks one (backend-outage stops a
// version's backend) claims it alone, and runs once no demo that reaches it runs. Claims are
// granted in the order asked among those that conflict, so a demo waiting to break a backend holds
// back later demos that reach it and cannot be starved; one that conflicts with nothing never waits.

export interface Claim {
  shared: string[];
  exclusive: string[];
}

interface Waiter {
  claim: Claim;
  grant: (id: number) => void;
}

function conflicts(a: Claim, b: Claim): boolean {
  const touches = (c: Claim, r: string): boolean => c.shared.includes(r) || c.exclusive.includes(r);
  return a.exclusive.some((r) => touches(b, r)) || b.exclusive.some((r) => touches(a, r));
}

export class DemoLease {
  private readonly held = new Map<number, Claim>();
  private readonly queue: Waiter[] = [];
  private next = 1;

  /** Resolves with a lease id once the claim conflicts with no lease held and no claim asked before it. */
  begin(claim: Claim): Promise<number> {
    return new Promise((grant) => {
      this.queue.push({ claim, grant });
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
