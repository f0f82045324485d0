// The external target run for real: against the local reference gateway (as Kong OSS and as Kong
// Enterprise answer, healthy and broken) and against a gateway that refuses in the handshake.
// Each oracle is exercised against a real server of its kind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { designYaml, localGatewayFixture, tlsGatewayFixture, type ExternalFixture } from './support/external-fixture.ts';
import { byResult, CERT_DEMOS, observed, runExternal } from './support/external-run.ts';
import { bound } from './support/bounds.ts';

describe('external target', () => {
  it('fails the demos that catch a broken gateway', async () => {
    const fx = await localGatewayFixture({ faults: new Set(['verify-optional', 'no-crl']), convergenceMs: 1000 });
    try {
      const { r, report } = await runExternal(fx, 'broken', ['--only', CERT_DEMOS]);
      expect(r.code).toBe(1);
      expect(byResult(report, 'failed')).toEqual(['missing-cert', 'revoked-cert', 'self-signed-cert', 'untrusted-ca-cert']);
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
      fx.write(designYaml(fx.baseUrl, 'kong-oss'));
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
      fx.write(designYaml(fx.baseUrl, 'any'));
      const any = await runExternal(fx, 'any', ['--only', CERT_DEMOS]);
      expect(any.r.code).toBe(0);
      expect(observed(any.report, 'self-signed-cert').length).toBeGreaterThan(0);
      fx.write(designYaml(fx.baseUrl, 'kong-oss'));
      const oss = await runExternal(fx, 'tls-as-oss', ['--only', 'missing-cert,valid-cert']);
      expect(byResult(oss.report, 'failed')).toEqual(['missing-cert']);
    } finally {
      await fx.close();
    }
  }, bound(120_000));
});

describe('any oracle on the reference gateway', () => {
  let fx: ExternalFixture;
  beforeAll(async () => {
    fx = await localGatewayFixture();
    fx.write(designYaml(fx.baseUrl, 'any'));
  });
  afterAll(() => fx.close());

  it('records the Kong OSS forms it saw', async () => {
    const { r, report } = await runExternal(fx, 'any-oss', ['--only', 'missing-cert,self-signed-cert']);
    expect(r.code).toBe(0);
    expect(observed(report, 'missing-cert')).toEqual(['nginx-no-cert-page']);
    expect(observed(report, 'self-signed-cert')).toEqual(['nginx-cert-error-page']);
  }, bound(60_000));
});
