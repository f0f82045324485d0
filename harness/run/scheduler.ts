// Which demos may run at the same time. Each claims the backends it reaches (by version name):
// most only share them and run side by side; a demo that breaks one (backend-outage stops a
// version's backend) claims it alone, and runs once no demo that reaches it runs. Among claims
// that conflict, the one ranked first (then asked first) is granted first, so a demo waiting to
// break a backend holds back the demos after it that reach it and cannot be starved; one that
// conflicts with nothing never waits, but for a lane.
// A claim asked by a demo that already runs (nested: more of the gateway, for a while) goes before
// the waiting ones: they may be waiting for that very demo, which would then never get it. A
// demo's own claims never hold each other back.
// Lanes: how many demos run at once. A demo waiting for its claim holds no lane, so the demos
// that can run meanwhile do.
import type { Claim } from '../core/demo.ts';

export type { Claim };

export interface Ask {
  /** A running demo asking for more, for a while (nested): `owner` is that demo's lease. */
  owner?: number;
  /** Among waiting demos, lower goes first (default 0); then the order asked. */
  rank?: number;
}

interface Holder {
  claim: Claim;
  /** The demo's lease: its own id, or the lease it is nested in. */
  owner: number;
  nested: boolean;
}

interface Waiter {
  claim: Claim;
  owner: number | undefined;
  rank: number;
  seq: number;
  grant: (id: number) => void;
}

function conflicts(a: Claim, b: Claim): boolean {
  const touches = (c: Claim, r: string): boolean => c.shared.includes(r) || c.exclusive.includes(r);
  return a.exclusive.some((r) => touches(b, r)) || b.exclusive.some((r) => touches(a, r));
}

export class DemoLease {
  private readonly held = new Map<number, Holder>();
  private readonly queue: Waiter[] = [];
  private next = 1;
  private asked = 0;

  /** `lanes`: how many demos may hold a lease at once (nested claims take none). */
  constructor(private readonly lanes = Number.POSITIVE_INFINITY) {}

  /** Resolves with a lease id once the claim conflicts with no lease held and no claim queued before it, and a lane is free. */
  begin(claim: Claim, ask: Ask = {}): Promise<number> {
    return new Promise((grant) => {
      this.queue.push({ claim, owner: ask.owner, rank: ask.owner !== undefined ? Number.NEGATIVE_INFINITY : (ask.rank ?? 0), seq: this.asked++, grant });
      // Nested first, in the order asked; then by rank.
      this.queue.sort((a, b) => a.rank - b.rank || a.seq - b.seq);
      this.pump();
    });
  }

  /** A running demo gives back part of its claim (what it keeps is `claim`); the demos waiting for the rest may start. */
  narrow(id: number, claim: Claim): void {
    const h = this.held.get(id);
    if (!h || h.nested) return;
    h.claim = claim;
    this.pump();
  }

  end(id: number): void {
    this.held.delete(id);
    this.pump();
  }

  private pump(): void {
    const waiting: Waiter[] = [];
    for (const w of [...this.queue]) {
      const theirs = (owner: number | undefined): boolean => w.owner !== undefined && owner === w.owner;
      const blocked =
        [...this.held.values()].some((h) => !theirs(h.owner) && conflicts(h.claim, w.claim)) ||
        waiting.some((o) => !theirs(o.owner) && conflicts(o.claim, w.claim)) ||
        (w.owner === undefined && this.running() >= this.lanes);
      if (blocked) {
        waiting.push(w);
        continue;
      }
      this.queue.splice(this.queue.indexOf(w), 1);
      const id = this.next++;
      this.held.set(id, { claim: w.claim, owner: w.owner ?? id, nested: w.owner !== undefined });
      w.grant(id);
    }
  }

  /** Demos holding a lease (their nested claims are not demos). */
  private running(): number {
    return [...this.held.values()].filter((h) => !h.nested).length;
  }
}
