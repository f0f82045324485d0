// Quotas on gateways we did not build, against a stand-in that counts as Kong's rate-limiting plugin
// does. With Kong's headers the rate-limit demo starts from what the gateway says is left (no window
// waited out, so a deploy gate takes seconds), checks the count agrees, and redoes a burst across a
// window boundary. A quota nobody declared fails no demo (they wait as the gateway says, spread
// over partners, or are broken with the fix), with headers and without.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { kongLimiterFixture, type ExternalFixture } from './support/external-fixture.ts';
import { byResult, runExternal } from './support/external-run.ts';
import { bound } from './support/bounds.ts';

let fx: ExternalFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const ALL_BUT_SLOW = 'credentials,valid-cert,missing-cert,self-signed-cert,untrusted-ca-cert,expired-cert,revoked-cert,versioning,tls-versions,rate-limit';

describe('a gateway that counts out loud (Kong\'s headers)', () => {
  it('a shared, declared quota is judged from what is left: rate-limit passes in seconds, with nothing waited out', async () => {
    fx = await kongLimiterFixture({ limits: { 'partner-a': 5 } });
    const t0 = Date.now();
    const { r, report } = await runExternal(fx, 'counted', ['--only', ALL_BUT_SLOW]);
    const seconds = (Date.now() - t0) / 1000;
    expect(r.code, r.stdout.slice(-3000)).toBe(0);
    expect(byResult(report, 'passed')).toContain('rate-limit');
    expect(r.stdout).not.toMatch(/waiting \d+ s for a fresh quota window/);
    // Nothing in the run waits for a window (that would take a minute or more): the rate-limit
    // case itself, as JUnit timed it, takes seconds, however busy the machine.
    const rateLimit = /<testcase [^>]*classname="mtls-conformance.rate-limit" time="([\d.]+)"/.exec(readFileSync(join(fx.dir, 'reports-counted', 'junit.xml'), 'utf8'));
    expect(Number(rateLimit?.[1]), `the rate-limit case took ${rateLimit?.[1]} s (the run ${seconds} s)`).toBeLessThan(45);
  }, bound(90_000));

  it('redoes a burst during which the window turned over, instead of judging it', async () => {
    fx = await kongLimiterFixture({ limits: { 'partner-a': 5 }, turnAfter: { partner: 'partner-a', requests: 3 }, windowMs: 8000 });
    const { r, report } = await runExternal(fx, 'turned', ['--only', 'rate-limit']);
    expect(r.code, r.stdout.slice(-3000)).toBe(0);
    expect(byResult(report, 'passed')).toEqual(['rate-limit']);
  }, bound(90_000));

  it('fails a gateway that counts another quota than the one declared', async () => {
    fx = await kongLimiterFixture({ limits: { 'partner-a': 3 } });
    const { r, report } = await runExternal(fx, 'wrong-quota', ['--only', 'rate-limit']);
    expect(r.code).toBe(1);
    expect(report.demos[0]!.cases[0]!.reason).toMatch(/counts a quota of 3\/min for this partner, but 5\/min is declared/);
  }, bound(90_000));
});

describe.each([true, false])('a quota nobody declared (gateway sends Kong\'s headers: %s)', (headers) => {
  it('fails no demo: they wait as the gateway says, spread over partners, or are broken with the fix', async () => {
    // partner-b is limited to 5 per (shortened) minute; the target file declares only partner-a's quota.
    fx = await kongLimiterFixture({ limits: { 'partner-a': 5, 'partner-b': 5 }, windowMs: 6000, headers });
    // rate-limit itself is left out: without the headers it would wait out a shared window (tested elsewhere).
    const { r, report } = await runExternal(fx, `undeclared-${headers}`, ['--only', ALL_BUT_SLOW.replace(',rate-limit', '')]);
    expect(byResult(report, 'failed'), r.stdout.slice(-4000)).toEqual([]);
    for (const c of report.demos.flatMap((d) => d.cases).filter((x) => x.result === 'broken')) expect(c.fix, c.name).toMatch(/declare .*quota|reserved/);
    expect([0, 1, 3]).toContain(r.code);
  }, bound(180_000));
});
