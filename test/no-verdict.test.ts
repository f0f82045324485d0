// Item: a refusal counts only when nothing was let through and a positive control got in just
// before. Against a gateway that lets everyone in and cuts every answer short, and against a port
// that speaks plain HTTP, no refusal demo may pass: they are broken (or failed, for a client let
// in), the run exits 3 (or 1), never 0. Also with --only, and with verify. A port that does not
// speak TLS at all is stopped before any demo.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConformanceReport } from '../harness/report/conformance-report.ts';
import { cliStartupMs, runCliWithoutHtml } from './support/cli.ts';
import { badGatewayFixture, exampleYaml, type ExternalFixture } from './support/external-fixture.ts';
import { runExternal } from './support/external-run.ts';
import { readReport, schemaProblems } from './support/report-schema.ts';
import { bound } from './support/bounds.ts';

const REFUSALS = ['missing-cert', 'self-signed-cert', 'untrusted-ca-cert', 'expired-cert', 'revoked-cert', 'wrong-eku', 'tls-versions'];

const passedRefusals = (report: ConformanceReport): string[] => report.demos.filter((d) => REFUSALS.includes(d.id) && d.result === 'passed').map((d) => d.id);

describe.each(['cut-body'] as const)('against a gateway that gives no verdict (%s)', (kind) => {
  let fx: ExternalFixture;
  beforeAll(async () => (fx = await badGatewayFixture(kind)));
  afterAll(() => fx.close());

  it('no refusal demo passes in a full run of them; each says why and how to fix it', async () => {
    const { r, report } = await runExternal(fx, 'all', ['--only', REFUSALS.join(',')]);
    expect(passedRefusals(report), r.stdout.slice(-3000)).toEqual([]);
    expect(report.demos.every((d) => ['broken', 'not-supported'].includes(d.result)), r.stdout.slice(-3000)).toBe(true);
    expect(report.result).toBe('inconclusive');
    expect(r.code).toBe(3);
    const broken = report.demos.flatMap((d) => d.cases).filter((c) => c.result === 'broken');
    expect(broken.length).toBeGreaterThan(0);
    for (const c of broken) {
      // A refusal case is broken by its positive control; an acceptance case (TLS 1.2 accepted) by its own answer.
      expect(c.reason).toMatch(/refused/.test(c.name) ? /positive control/ : /cut short|does not speak TLS/);
      expect(c.fix).toBeTruthy();
    }
    expect(r.stdout).toMatch(/BROKEN missing-cert [\d.]+ s\n\s+broken: .*positive control/);
    expect(r.stdout).toMatch(/^\s+fix: /m);
  }, bound(90_000));

  it('rate-limit is broken too, never "not limited": answers cut short say nothing of a quota', async () => {
    const { r, report } = await runExternal(fx, 'quota', ['--only', 'rate-limit']);
    expect(report.demos.map((d) => [d.id, d.result]), r.stdout.slice(-2000)).toEqual([['rate-limit', 'broken']]);
    expect(report.demos[0]!.cases[0]!.reason).toMatch(/during its burst: the answer was cut short/);
  }, bound(60_000));

  it('nor alone with --only', async () => {
    const { r, report } = await runExternal(fx, 'only', ['--only', 'missing-cert']);
    expect(report.demos.map((d) => [d.id, d.result])).toEqual([['missing-cert', 'broken']]);
    expect(r.code).toBe(3);
  }, bound(60_000));

  it('nor in a partner\'s verify', async () => {
    const c = (f: string): string => join(fx.certs, f);
    const reportDir = join(fx.dir, 'verify');
    const r = await runCliWithoutHtml(['verify', '--url', `${fx.baseUrl}/v1/consumer`, '--cert', c('partner-b.crt'), '--key', c('partner-b.key'), '--ca', c('ca.crt'), '--report-dir', reportDir]);
    const report = readReport(join(reportDir, 'conformance-report.json'));
    expect(schemaProblems(report)).toEqual([]);
    expect(passedRefusals(report), r.stdout.slice(-3000)).toEqual([]);
    expect(report.demos.find((d) => d.id === 'valid-cert')!.result).toBe('broken');
    expect([1, 3]).toContain(r.code);
    expect(r.code).not.toBe(0);
  }, bound(60_000));
});

// One cause, one wait: a gateway that completes TLS and then never answers (or never ends its
// answer) makes the whole run broken within 30 s, each case citing the first that waited.
describe.each(['never-answers', 'endless-body'] as const)('against a gateway that %s after TLS', (kind) => {
  let fx: ExternalFixture;
  beforeAll(async () => (fx = await badGatewayFixture(kind, 'kong-oss')));
  afterAll(() => fx.close());

  it('a full run ends broken (exit 3) within 30 s, naming the one cause', async () => {
    const t0 = Date.now();
    const { r, report } = await runExternal(fx, kind, []);
    const took = Date.now() - t0;
    expect(r.code, r.stdout.slice(-3000)).toBe(3);
    expect(took).toBeLessThan(30_000);
    // Only what reads certificates alone (credentials, cert-lifecycle) can pass without an HTTP answer.
    const judged = report.demos.filter((d) => !['credentials', 'cert-lifecycle'].includes(d.id));
    expect(judged.every((d) => ['broken', 'not-supported'].includes(d.result)), r.stdout.slice(-3000)).toBe(true);
    const cited = report.demos.flatMap((d) => d.cases).filter((c) => /earlier in this run/.test(c.reason ?? ''));
    expect(cited.length, r.stdout.slice(-3000)).toBeGreaterThan(3);
  }, bound(60_000));
});

// A port that does not speak TLS, closes at once, or is closed: nothing to test, said once, before
// any demo (exit 3, one line, no vitest output, in about the CLI's startup time), so no demo can pass either.
describe.each(['plain-http', 'close-at-once'] as const)('against a port that is no TLS listener (%s)', (kind) => {
  let fx: ExternalFixture;
  beforeAll(async () => (fx = await badGatewayFixture(kind)));
  afterAll(() => fx.close());
  const c = (f: string): string => join(fx.certs, f);

  it.each([['run'], ['run --only missing-cert'], ['verify']])('%s: exit 3 with one line, before any demo', async (how) => {
    const reportDir = join(fx.dir, `reports-${how.replace(/\W+/g, '-')}`);
    const args = how === 'verify'
      ? ['verify', '--url', `${fx.baseUrl}/v1/consumer`, '--cert', c('partner-b.crt'), '--key', c('partner-b.key'), '--ca', c('ca.crt'), '--report-dir', reportDir]
      : ['run', '--target', 'external', '--config', fx.file, '--report-dir', reportDir, ...(how.includes('--only') ? ['--only', 'missing-cert'] : [])];
    const startup = await cliStartupMs();
    const t0 = Date.now();
    const r = await runCliWithoutHtml(args);
    expect(r.code).toBe(3);
    // Before any demo: about as long as the CLI takes to start here and now, never a vitest run.
    expect(Date.now() - t0, `startup ${startup} ms`).toBeLessThan(startup * 2 + 5000);
    expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
    expect(r.stderr).toMatch(new RegExp(`^mtls-conformance: cannot reach localhost:\\d+: ${kind === 'plain-http' ? 'NOT_TLS' : 'HANDSHAKE_ABORTED'} `));
    expect(r.stdout).toBe('');
    expect(existsSync(join(reportDir, 'conformance-report.json'))).toBe(false);
  }, bound(30_000));
});

describe('a gateway that lets any certificate through TLS and refuses in HTTP (401/403 JSON)', () => {
  let fx: ExternalFixture;
  beforeAll(async () => (fx = await badGatewayFixture('refuses-in-http', 'any')));
  afterAll(() => fx.close());
  const IMPOSTORS = 'missing-cert,self-signed-cert,untrusted-ca-cert';

  it('any: the refusals count, each with a warning that the listener does not require client certificates at TLS', async () => {
    const { r, report } = await runExternal(fx, 'any', ['--only', IMPOSTORS]);
    expect(report.demos.map((d) => d.result), r.stdout.slice(-3000)).toEqual(['passed', 'passed', 'passed']);
    for (const c of report.demos.flatMap((d) => d.cases)) expect(c.reason).toMatch(/this listener does not require client certificates at TLS/);
    expect(report.demos.flatMap((d) => d.cases.flatMap((c) => c.observed ?? [])).sort()).toEqual(['forbidden-json', 'forbidden-json', 'unauthorized-json']);
    expect(r.code).toBe(0);
  }, bound(60_000));

  it('the strict oracles stay strict: kong-oss fails them', async () => {
    fx.write(exampleYaml(fx.baseUrl, 'kong-oss'));
    const { r, report } = await runExternal(fx, 'oss', ['--only', IMPOSTORS]);
    expect(report.demos.map((d) => d.result), r.stdout.slice(-3000)).toEqual(['failed', 'failed', 'failed']);
    expect(r.code).toBe(1);
  }, bound(60_000));
});
