// Which demos run at the same time (harness/control/lease.ts): sharers side by side, a demo that
// breaks a backend only once nobody reaches it, and nobody who asked after it overtakes it.
import { describe, expect, it } from 'vitest';
import { DemoLease, type Claim } from '../harness/control/lease.ts';

const shares = (...r: string[]): Claim => ({ shared: r, exclusive: [] });
const breaks = (r: string, ...s: string[]): Claim => ({ shared: s, exclusive: [r] });

/** Ask for a claim; `granted()` says whether it has been granted yet. */
function ask(lease: DemoLease, claim: Claim): { id: () => number | undefined; granted: () => boolean } {
  let id: number | undefined;
  void lease.begin(claim).then((i) => (id = i));
  return { id: () => id, granted: () => id !== undefined };
}

const settle = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('demo lease', () => {
  it('lets demos that share backends run side by side', async () => {
    const lease = new DemoLease();
    const a = ask(lease, shares('v1'));
    const b = ask(lease, shares('v1', 'v2'));
    await settle();
    expect([a.granted(), b.granted()]).toEqual([true, true]);
  });

  it('starts a demo that breaks a backend only when no demo reaching it runs, and holds back later ones that reach it', async () => {
    const lease = new DemoLease();
    const reader = ask(lease, shares('v1', 'v2'));
    const breaker = ask(lease, breaks('v2', 'v1'));
    const later = ask(lease, shares('v2'));
    const elsewhere = ask(lease, shares('v1'));
    await settle();
    expect([reader.granted(), breaker.granted(), later.granted(), elsewhere.granted()]).toEqual([true, false, false, true]);
    lease.end(reader.id()!);
    await settle();
    expect([breaker.granted(), later.granted()]).toEqual([true, false]);
    lease.end(breaker.id()!);
    await settle();
    expect(later.granted()).toBe(true);
  });

  it('runs one breaker at a time on the same backend', async () => {
    const lease = new DemoLease();
    const first = ask(lease, breaks('config'));
    const second = ask(lease, breaks('config'));
    await settle();
    expect([first.granted(), second.granted()]).toEqual([true, false]);
    lease.end(first.id()!);
    await settle();
    expect(second.granted()).toBe(true);
  });
});

describe('a nested claim (a running demo asking for more, for a while)', () => {
  it('goes before the claims waiting for that demo, so it cannot wait on them forever', async () => {
    const lease = new DemoLease();
    const outage = ask(lease, breaks('v2'));
    const runner = ask(lease, shares('v1'));
    await settle();
    const versioning = ask(lease, shares('v1', 'v2')); // waits for the outage's v2
    let phase: number | undefined;
    void lease.begin({ shared: [], exclusive: ['v1', 'config'] }, true).then((i) => (phase = i));
    const later = ask(lease, shares('v1'));
    await settle();
    expect([outage.granted(), runner.granted(), versioning.granted(), phase, later.granted()]).toEqual([true, true, false, undefined, false]);
    lease.end(runner.id()!);
    await settle();
    expect(phase).toBeDefined();
    expect(later.granted()).toBe(false);
    lease.end(phase!);
    await settle();
    expect([later.granted(), versioning.granted()]).toEqual([true, false]);
    lease.end(outage.id()!);
    await settle();
    expect(versioning.granted()).toBe(true);
  });
});
