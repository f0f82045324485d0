// What the harness signs with a Home Party's CA key is useless outside the run: each minted probe's
// validity window is dead or minutes long (the not-yet-valid one starts after the CA itself has
// expired, so it never validates), and its key lives in the run's 0700 dir, 0600, only until its
// case discards it, through the control actions the suites call.
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DemoLease } from '../harness/run/scheduler.ts';
import { control, setRun } from '../suites/support/target.ts';
import { parsePolicy } from '../harness/config/policy.ts';
import { probeWindow } from '../harness/identities/probe-mint.ts';
import { KeyStore } from '../harness/pki/store.ts';
import { Scope } from '../harness/util/scope.ts';
import { provisionLocal } from '../harness/targets/local/local-target.ts';
import { mintRunPki } from '../harness/identities/run-pki.ts';
import { EXAMPLE_POLICY } from './support/external-fixture.ts';

const MINUTE = 60_000;
const store = new KeyStore();
afterAll(() => store.remove());

const verifyAt = (caFile: string, certFile: string, when: number): string => {
  try {
    return execFileSync('openssl', ['verify', '-CAfile', caFile, '-purpose', 'sslclient', '-attime', String(Math.floor(when / 1000)), certFile], { encoding: 'utf8', stdio: 'pipe' });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return `${e.stdout ?? ''}${e.stderr ?? ''}`;
  }
};

describe('minted probe windows', () => {
  it('expired: a minute that ended a minute ago; serverAuth only: ten minutes; not yet valid: one second after the CA expires', () => {
    const now = Date.parse('2026-11-28T12:00:00Z');
    const caNotAfter = Date.parse('2027-11-28T12:00:00Z');
    const expired = probeWindow('expired', now, caNotAfter);
    expect(expired.notAfter.getTime()).toBeLessThanOrEqual(now - MINUTE);
    expect(expired.notAfter.getTime() - expired.notBefore.getTime()).toBeLessThanOrEqual(MINUTE);
    const wrongEku = probeWindow('wrong-eku', now, caNotAfter);
    expect(wrongEku.notBefore.getTime()).toBeLessThanOrEqual(now);
    expect(wrongEku.notAfter.getTime() - now).toBeLessThanOrEqual(10 * MINUTE);
    const notYet = probeWindow('not-yet-valid', now, caNotAfter);
    expect(notYet.notBefore.getTime()).toBeGreaterThan(caNotAfter);
    expect(notYet.notAfter.getTime() - notYet.notBefore.getTime()).toBeLessThanOrEqual(1000);
    // A CA that expires within the day: the probe still starts at least a day ahead.
    expect(probeWindow('not-yet-valid', now, now + MINUTE).notBefore.getTime()).toBeGreaterThanOrEqual(now + 24 * 60 * MINUTE);
  });

  it('as minted: openssl never accepts the not-yet-valid probe, and the serverAuth-only one is dead after ten minutes', async () => {
    const pki = await mintRunPki(store, parsePolicy({ partners: [{ name: 'p', subject: { CN: 'p' } }], routes: { default: '/v1' } }).policy!);
    const notYet = await pki.mint.mint('not-yet-valid');
    const cert = new X509Certificate(readFileSync(notYet.certFile));
    for (const at of [Date.parse(cert.validFrom), Date.parse(cert.validTo)]) expect(verifyAt(pki.caFile, notYet.certFile, at)).toMatch(/error 10 at 1 depth lookup: certificate has expired/);
    const wrongEku = await pki.mint.mint('wrong-eku');
    const eku = new X509Certificate(readFileSync(wrongEku.certFile));
    expect(Date.parse(eku.validTo) - Date.now()).toBeLessThanOrEqual(10 * MINUTE + 1000);
    const expired = await pki.mint.mint('expired');
    expect(Date.parse(new X509Certificate(readFileSync(expired.certFile)).validTo)).toBeLessThan(Date.now() - 59_000);
  });
});

describe('minted probe keys', () => {
  it('live 0600 in the run\'s 0700 dir from mint to discard, through the control actions the suites call', async () => {
    const scope = new Scope();
    const gateway = await provisionLocal(EXAMPLE_POLICY, scope);
    try {
      setRun({ info: gateway.info, control: gateway.control, scheduler: new DemoLease() });
      const client = control();
      for (const kind of ['expired', 'not-yet-valid', 'wrong-eku'] as const) {
        const probe = await client.mintProbe(kind);
        expect(statSync(probe.keyFile).mode & 0o777, kind).toBe(0o600);
        expect(statSync(dirname(probe.keyFile)).mode & 0o777, kind).toBe(0o700);
        await client.discardProbe(probe.name);
        expect(existsSync(probe.keyFile), `${kind} key after discard`).toBe(false);
        expect(existsSync(probe.certFile), `${kind} cert after discard`).toBe(false);
      }
    } finally {
      await scope.close();
    }
  });
});
