// Which demos run at the same time (harness/run/scheduler.ts): sharers side by side, a demo that
// breaks a backend only once nobody reaches it, and nobody who asked after it overtakes it.
import { describe, expect, it } from 'vitest';
import { DemoLease, type Ask, type Claim } from '../harness/run/scheduler.ts';

const shares = (...r: string[]): Claim => ({ shared: r, exclusive: [] });
const breaks = (r: string, ...s: string[]): Claim => ({ shared: s, exclusive: [r] });

/** Ask for a claim; `granted()` says whether it has been granted yet. */
function ask(lease: DemoLease, claim: Claim, how: Ask = {}): { id: () => number | undefined; granted: () => boolean } {
  let id: number | undefined;
  void lease.begin(claim, how).then((i) => (id = i));
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
    void lease.begin({ shared: [], exclusive: ['v1', 'config'] }, { owner: outage.id()! }).then((i) => (phase = i));
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

describe('a demo holding the whole gateway', () => {
  it('is not held back by its own nested claims, and lets the others start once it narrows what it holds', async () => {
    const lease = new DemoLease();
    const outage = ask(lease, { shared: [], exclusive: ['v1', 'v2', 'config'] });
    const other = ask(lease, shares('v1'));
    await settle();
    const phase = ask(lease, { shared: [], exclusive: ['v1', 'config'] }, { owner: outage.id()! });
    await settle();
    expect([outage.granted(), phase.granted(), other.granted()]).toEqual([true, true, false]);
    lease.end(phase.id()!);
    lease.narrow(outage.id()!, breaks('v2'));
    await settle();
    expect(other.granted()).toBe(true);
  });

  it('still holds back another demo\'s nested claim', async () => {
    const lease = new DemoLease();
    const alone = ask(lease, { shared: [], exclusive: ['v1', 'config'] });
    const reader = ask(lease, shares('v2'));
    await settle();
    const more = ask(lease, breaks('config'), { owner: reader.id()! });
    await settle();
    expect([alone.granted(), reader.granted(), more.granted()]).toEqual([true, true, false]);
    lease.end(alone.id()!);
    await settle();
    expect(more.granted()).toBe(true);
  });
});

describe('lanes and ranks', () => {
  it('runs at most `lanes` demos at once; a demo waiting for its claim takes no lane from one that can run', async () => {
    const lease = new DemoLease(2);
    const outage = ask(lease, breaks('v2'));
    const versioning = ask(lease, shares('v1', 'v2'));
    const a = ask(lease, shares('v1'));
    const b = ask(lease, shares('v1'));
    await settle();
    expect([outage.granted(), versioning.granted(), a.granted(), b.granted()]).toEqual([true, false, true, false]);
    lease.end(a.id()!);
    await settle();
    expect([versioning.granted(), b.granted()]).toEqual([false, true]);
    lease.end(outage.id()!);
    await settle();
    // A lane: the one the outage gave back.
    expect(versioning.granted()).toBe(true);
  });

  it('nested claims take no lane', async () => {
    const lease = new DemoLease(1);
    const demo = ask(lease, shares('v1'));
    await settle();
    const more = ask(lease, breaks('config'), { owner: demo.id()! });
    await settle();
    expect(more.granted()).toBe(true);
  });

  it('starts the lower rank first when lanes are short, whatever the order asked', async () => {
    const lease = new DemoLease(1);
    const running = ask(lease, shares('v1'));
    const late = ask(lease, shares('v1'), { rank: 2 });
    const early = ask(lease, shares('v1', 'config'), { rank: 1 });
    await settle();
    lease.end(running.id()!);
    await settle();
    expect([early.granted(), late.granted()]).toEqual([true, false]);
  });
});
