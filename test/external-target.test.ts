// The external target run for real: against the local reference gateway (as Kong OSS and as Kong
// Enterprise answer, healthy and broken) and against a gateway that refuses in the handshake.
// Each oracle is exercised against a real server of its kind.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../harness/run/load-catalogue.ts';
import { junitProblems } from './support/junit-schema.ts';
import { exampleYaml, localGatewayFixture, tlsGatewayFixture, type ExternalFixture } from './support/external-fixture.ts';
import { byResult, CERT_DEMOS, observed, runExternal } from './support/external-run.ts';
import { bound } from './support/bounds.ts';

describe('external target', () => {
  // The deploy gate against a gateway with ssl_verify_client optional_no_ca and no CRL, as CI runs
  // it: every demo but rate-limit (which would only wait out a quota window here).
  it('fails the demos that catch a broken gateway: each failure names its probe and the likely cause, in at most 30 lines', async () => {
    const fx = await localGatewayFixture({ faults: new Set(['verify-optional', 'no-crl']), convergenceMs: 1000 });
    try {
      const ids = (await loadCatalogue()).ids.filter((id) => id !== 'rate-limit');
      const { r, report } = await runExternal(fx, 'broken', ['--only', ids.join(',')], { CI: 'true' });
      expect(r.code).toBe(1);
      expect(byResult(report, 'failed')).toEqual(['missing-cert', 'revoked-cert', 'self-signed-cert', 'untrusted-ca-cert']);
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines.length, r.stdout).toBeLessThanOrEqual(30);
      // No word of how the project was built: users never saw the documents it grew from, nor its issues.
      expect(r.stdout + r.stderr).not.toMatch(/the seed|Demo [0-9]|Scenario [0-9]|Option A|issue [0-9]|more demos/);
      const failed = lines.filter((l) => /^ +failed: /.test(l));
      expect(failed).toHaveLength(4);
      for (const l of failed) expect(l).toMatch(/: sent (no client certificate|.+: .+ \(serial [0-9A-F]+\)): /);
      expect(lines.filter((l) => /^ +likely cause: .*(ssl_verify_client on|ssl_crl)/.test(l))).toHaveLength(4);
      expect(lines.at(-1)).toMatch(/^Result: failure: 10 of 19 demos tested \(9 not supported on external: see list --target external\); /);
      const junit = readFileSync(join(fx.dir, 'reports-broken', 'junit.xml'), 'utf8');
      expect(await junitProblems(junit)).toEqual([]);
      expect(junit).not.toMatch(/^\s+at |node_modules|\.js:\d+/m);
      expect([...junit.matchAll(/classname="([^"]+)"/g)].every((m) => /^mtls-conformance\.[a-z-]+$/.test(m[1]!))).toBe(true);
      expect(junit.match(/<failure message="[^"]+" type="failed">[^<]*likely cause: /g)).toHaveLength(4);
    } finally {
      await fx.close();
    }
  }, bound(120_000));

  it('kong-enterprise: passes a gateway that answers as mtls-auth does, which kong-oss would fail', async () => {
    const fx = await localGatewayFixture({ flavor: 'kong-enterprise' });
    try {
      const ee = await runExternal(fx, 'ee', ['--only', CERT_DEMOS]);
      expect(ee.r.code, ee.r.stdout.slice(-2000)).toBe(0);
      expect(observed(ee.report, 'missing-cert')).toEqual(['mtls-auth-no-cert']);
      expect(observed(ee.report, 'expired-cert')).toContain('mtls-auth-cert-failed');
      fx.write(exampleYaml(fx.baseUrl, 'kong-oss'));
      const oss = await runExternal(fx, 'ee-as-oss', ['--only', CERT_DEMOS]);
      expect(oss.r.code).toBe(1);
      expect(byResult(oss.report, 'failed')).toEqual(['expired-cert', 'missing-cert', 'revoked-cert', 'self-signed-cert', 'untrusted-ca-cert']);
    } finally {
      await fx.close();
    }
  }, bound(120_000));

  it('tls and any: pass a gateway that refuses in the handshake, and record the form seen', async () => {
    const fx = await tlsGatewayFixture();
    try {
      const tls = await runExternal(fx, 'tls', ['--only', CERT_DEMOS]);
      expect(tls.r.code, tls.r.stdout.slice(-2000)).toBe(0);
      expect(byResult(tls.report, 'passed')).toEqual(CERT_DEMOS.split(',').sort());
      const seen = observed(tls.report, 'missing-cert');
      expect(seen.length).toBeGreaterThan(0);
      for (const form of seen) expect(['tls-alert', 'connection-closed']).toContain(form);
      fx.write(exampleYaml(fx.baseUrl, 'any'));
      const any = await runExternal(fx, 'any', ['--only', CERT_DEMOS]);
      expect(any.r.code).toBe(0);
      expect(observed(any.report, 'self-signed-cert').length).toBeGreaterThan(0);
      fx.write(exampleYaml(fx.baseUrl, 'kong-oss'));
      const oss = await runExternal(fx, 'tls-as-oss', ['--only', 'missing-cert,valid-cert']);
      expect(byResult(oss.report, 'failed')).toEqual(['missing-cert']);
      // The fix names the target file's key.
      expect(oss.r.stdout).toMatch(/^ +likely cause: the gateway refuses in the TLS handshake, not as kong-oss does; if that is how it is built, set gateway\.oracle: tls$/m);
    } finally {
      await fx.close();
    }
  }, bound(120_000));
});

describe('any oracle on the reference gateway', () => {
  let fx: ExternalFixture;
  beforeAll(async () => {
    fx = await localGatewayFixture();
    fx.write(exampleYaml(fx.baseUrl, 'any'));
  });
  afterAll(() => fx.close());

  it('records the Kong OSS forms it saw', async () => {
    const { r, report } = await runExternal(fx, 'any-oss', ['--only', 'missing-cert,self-signed-cert']);
    expect(r.code).toBe(0);
    expect(observed(report, 'missing-cert')).toEqual(['nginx-no-cert-page']);
    expect(observed(report, 'self-signed-cert')).toEqual(['nginx-cert-error-page']);
  }, bound(60_000));
});
