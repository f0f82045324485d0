// The external target run for real: against the local reference gateway (as Kong OSS and as Kong
// Enterprise answer, healthy and broken) and against a gateway that refuses in the handshake.
// Each oracle is exercised against a real server of its kind.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConformanceReport } from '../harness/report/conformance-report.ts';
import { runCli, type CliRun } from './support/cli.ts';
import { designYaml, localGatewayFixture, tlsGatewayFixture, type ExternalFixture } from './support/external-fixture.ts';
import { readReport, schemaProblems } from './support/report-schema.ts';

const CERT_DEMOS = 'credentials,valid-cert,missing-cert,self-signed-cert,untrusted-ca-cert,expired-cert,revoked-cert,versioning,tls-versions';

async function run(fx: ExternalFixture, label: string, extra: string[] = []): Promise<{ r: CliRun; report: ConformanceReport }> {
  const reportDir = join(fx.dir, `reports-${label}`);
  const r = await runCli(['run', '--target', 'external', '--config', fx.file, '--report-dir', reportDir, ...extra]);
  const report = readReport(join(reportDir, 'conformance-report.json'));
  expect(schemaProblems(report)).toEqual([]);
  return { r, report };
}

const byResult = (report: ConformanceReport, result: string): string[] => report.demos.filter((d) => d.result === result).map((d) => d.id).sort();
const observed = (report: ConformanceReport, demo: string): string[] => report.demos.find((d) => d.id === demo)!.cases.flatMap((c) => c.observed ?? []);

describe.concurrent('external target', () => {
  it('accepts the DESIGN.md file as is; a run against a conforming gateway exits 0', async () => {
    const fx = await localGatewayFixture();
    try {
      const { r, report } = await run(fx, 'design');
      expect(r.code, r.stdout.slice(-3000)).toBe(0);
      expect(report.result).toBe('success');
      expect(byResult(report, 'failed')).toEqual([]);
      // What the file cannot give is not-supported, with the reason.
      expect(byResult(report, 'not-supported')).toEqual(['audit-log', 'identity-propagation', 'onboarding', 'session-resumption', 'wrong-eku']);
      expect(report.demos.find((d) => d.id === 'rate-limit')!.result).toBe('passed');
      expect(report.demos.find((d) => d.id === 'revoked-cert')!.cases.map((c) => c.result)).toEqual(['passed', 'not-supported']);
      expect(report.reproduce).toBe(`npx mtls-conformance run --target external --config ${fx.file}`);
    } finally {
      await fx.close();
    }
  }, 240_000);

  it('fails the demos that catch a broken gateway', async () => {
    const fx = await localGatewayFixture({ faults: new Set(['verify-optional', 'no-crl']), convergenceMs: 1000 });
    try {
      const { r, report } = await run(fx, 'broken', ['--only', CERT_DEMOS]);
      expect(r.code).toBe(1);
      expect(byResult(report, 'failed')).toEqual(['missing-cert', 'revoked-cert', 'self-signed-cert', 'untrusted-ca-cert']);
    } finally {
      await fx.close();
    }
  }, 120_000);

  it('kong-enterprise: passes a gateway that answers as mtls-auth does, which kong-oss would fail', async () => {
    const fx = await localGatewayFixture({ flavor: 'kong-enterprise' });
    try {
      const ee = await run(fx, 'ee', ['--only', CERT_DEMOS]);
      expect(ee.r.code, ee.r.stdout.slice(-2000)).toBe(0);
      expect(observed(ee.report, 'missing-cert')).toEqual(['mtls-auth-no-cert']);
      expect(observed(ee.report, 'expired-cert')).toContain('mtls-auth-cert-failed');
      fx.write(designYaml(fx.baseUrl, 'kong-oss'));
      const oss = await run(fx, 'ee-as-oss', ['--only', CERT_DEMOS]);
      expect(oss.r.code).toBe(1);
      expect(byResult(oss.report, 'failed')).toEqual(['expired-cert', 'missing-cert', 'revoked-cert', 'self-signed-cert', 'untrusted-ca-cert']);
    } finally {
      await fx.close();
    }
  }, 120_000);

  it('tls and any: pass a gateway that refuses in the handshake, and record the form seen', async () => {
    const fx = await tlsGatewayFixture();
    try {
      const tls = await run(fx, 'tls', ['--only', CERT_DEMOS]);
      expect(tls.r.code, tls.r.stdout.slice(-2000)).toBe(0);
      expect(byResult(tls.report, 'passed')).toEqual(CERT_DEMOS.split(',').sort());
      for (const form of observed(tls.report, 'missing-cert')) expect(['tls-alert', 'connection-closed']).toContain(form);
      fx.write(designYaml(fx.baseUrl, 'any'));
      const any = await run(fx, 'any', ['--only', CERT_DEMOS]);
      expect(any.r.code).toBe(0);
      expect(observed(any.report, 'self-signed-cert').length).toBeGreaterThan(0);
      fx.write(designYaml(fx.baseUrl, 'kong-oss'));
      const oss = await run(fx, 'tls-as-oss', ['--only', 'missing-cert,valid-cert']);
      expect(byResult(oss.report, 'failed')).toEqual(['missing-cert']);
    } finally {
      await fx.close();
    }
  }, 120_000);
});

describe('any oracle on the reference gateway', () => {
  let fx: ExternalFixture;
  beforeAll(async () => {
    fx = await localGatewayFixture();
    fx.write(designYaml(fx.baseUrl, 'any'));
  });
  afterAll(() => fx.close());

  it('records the Kong OSS forms it saw', async () => {
    const { r, report } = await run(fx, 'any-oss', ['--only', 'missing-cert,self-signed-cert']);
    expect(r.code).toBe(0);
    expect(observed(report, 'missing-cert')).toEqual(['nginx-no-cert-page']);
    expect(observed(report, 'self-signed-cert')).toEqual(['nginx-cert-error-page']);
  }, 60_000);
});
