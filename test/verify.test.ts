// `verify`: a partner's self-check with only its own cert, key and the CA, against real gateways.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliWithoutHtml } from './support/cli.ts';
import { badGatewayFixture, localGatewayFixture, type ExternalFixture } from './support/external-fixture.ts';
import { readReport, schemaProblems } from './support/report-schema.ts';
import { bound } from './support/bounds.ts';

function verifyArgs(fx: ExternalFixture, partner: string, reportDir: string): string[] {
  const c = (f: string): string => join(fx.certs, f);
  return ['verify', '--url', `${fx.baseUrl}/v1/consumer`, '--cert', c(`${partner}.crt`), '--key', c(`${partner}.key`), '--ca', c('ca.crt'), '--report-dir', reportDir];
}

describe('verify against a conforming gateway', () => {
  let fx: ExternalFixture;
  beforeAll(async () => (fx = await localGatewayFixture()));
  afterAll(() => fx.close());

  it('exits 0 and lists what was checked and what was not-supported, and why', async () => {
    const reportDir = join(fx.dir, 'verify-b');
    const r = await runCliWithoutHtml(verifyArgs(fx, 'partner-b', reportDir));
    expect(r.code, r.stdout.slice(-3000) + r.stderr).toBe(0);
    for (const id of ['credentials', 'valid-cert', 'missing-cert', 'self-signed-cert', 'untrusted-ca-cert', 'tls-versions', 'cert-lifecycle']) {
      expect(r.stdout).toMatch(new RegExp(`PASS ${id}\\b`));
    }
    // What a self-check cannot check is said once, with the demos it covers; they get no line of their own.
    expect(r.stdout).toMatch(/^N\/S in a self-check: a partner's self-check sends only its own certificate .*: expired-cert, revoked-cert, rate-limit, /m);
    expect(r.stdout.match(/^N\/S /gm)).toHaveLength(1);
    expect(r.stdout).not.toMatch(/N\/S rate-limit/);
    // Whose result it is: first on the console, and in every report.
    const serial = execFileSync('openssl', ['x509', '-noout', '-serial', '-in', join(fx.certs, 'partner-b.crt')], { encoding: 'utf8' }).trim().split('=')[1]!;
    expect(r.stdout.split('\n')[0]).toMatch(new RegExp(`^partner: .*CN=consumer-api-client \\(serial ${serial}, SHA-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}, issued by .*, valid until `));
    expect(r.stdout.split('\n')[1]).toBe(`url: ${fx.baseUrl}/v1/consumer`);
    expect(r.stdout.split('\n')[2]).toMatch(/^gateway certificate: .*CN=localhost \(SHA-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}\)$/);
    expect(readFileSync(join(reportDir, 'junit.xml'), 'utf8')).toMatch(new RegExp(`<property name="partner" value="[^"]*serial ${serial}`));
    expect(r.stdout).toMatch(/^Result: success: 7 of 20 demos tested \(13 not supported in a self-check\); /m);
    expect(r.stdout).toContain('partner self-check');
    expect(r.stdout).toMatch(/^demos: 7 passed, 0 failed, 0 broken, 0 skipped, 13 not-supported; cases: /m);
    const report = readReport(join(reportDir, 'conformance-report.json'));
    expect(schemaProblems(report)).toEqual([]);
    expect(report.whose).toMatchObject({ url: `${fx.baseUrl}/v1/consumer`, partner: { serial } });
    expect(report.reproduce).toMatch(/^npx mtls-conformance verify --url https:\/\/localhost:\d+\/v1\/consumer --cert /);
  }, bound(60_000));

  it('stays within a small quota: the 5/min partner passes too; --junit writes where asked', async () => {
    const junit = join(fx.dir, 'ci', 'results.xml');
    const r = await runCliWithoutHtml([...verifyArgs(fx, 'partner-a', join(fx.dir, 'verify-a')), '--junit', junit]);
    expect(r.code, r.stdout.slice(-2000)).toBe(0);
    expect(readFileSync(junit, 'utf8')).toMatch(/<testsuites [^>]*tests="\d+"/);
  }, bound(60_000));

  // The partner's own setup is said apart from the gateway's conformance, on the same gateway.
  it("exits 2 with one line naming --ca when the gateway's certificate is not issued by it", async () => {
    const other = join(fx.dir, 'other-ca.crt');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(fx.dir, 'other-ca.key'), '-subj', '/CN=Some Other CA', '-days', '2', '-out', other], { stdio: 'ignore' });
    const args = verifyArgs(fx, 'partner-b', join(fx.dir, 'verify-other-ca'));
    args[args.indexOf('--ca') + 1] = other;
    const r = await runCliWithoutHtml(args);
    expect(r.code, r.stdout).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(/^mtls-conformance: --ca: the gateway's certificate is not issued by .*other-ca\.crt \((UNABLE_TO_VERIFY_LEAF_SIGNATURE\): give the CA that issued localhost:\d+'s server certificate; if that is the root above an issuing CA, the gateway sends its certificate without that issuing CA after it, which it must send|UNABLE_TO_GET_ISSUER_CERT_LOCALLY\): give the CA that issued localhost:\d+'s server certificate)$/);
  }, bound(60_000));

  it('exits 2 with one line naming --key when the key does not match the certificate', async () => {
    const args = verifyArgs(fx, 'partner-b', join(fx.dir, 'verify-wrong-key'));
    args[args.indexOf('--key') + 1] = join(fx.certs, 'partner-a.key');
    const r = await runCliWithoutHtml(args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
    expect(r.stderr).toMatch(/--key.*does not match .*partner-b\.crt/);
    expect(r.stderr).not.toMatch(/PRIVATE KEY|at .*\.ts:\d+/);
  }, bound(60_000));

  it('exits 2 with one line saying where the certificate is when a CA stands before it in --cert', async () => {
    const caFirst = join(fx.dir, 'ca-first.crt');
    writeFileSync(caFirst, readFileSync(join(fx.certs, 'ca.crt'), 'utf8') + readFileSync(join(fx.certs, 'partner-b.crt'), 'utf8'));
    const args = verifyArgs(fx, 'partner-b', join(fx.dir, 'verify-ca-first'));
    args[args.indexOf('--cert') + 1] = caFirst;
    const r = await runCliWithoutHtml(args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
    expect(r.stderr).toMatch(/^mtls-conformance: --cert .*ca-first\.crt: the certificate of --key .*partner-b\.key is certificate 2 in it; put it first, with its CAs after it/);
  }, bound(60_000));
});

describe('verify against a gateway that accepts a self-signed cert', () => {
  let fx: ExternalFixture;
  beforeAll(async () => (fx = await localGatewayFixture({ faults: new Set(['verify-optional', 'no-crl']), convergenceMs: 500 })));
  afterAll(() => fx.close());

  it('exits 1 and names the check', async () => {
    const r = await runCliWithoutHtml(verifyArgs(fx, 'partner-b', join(fx.dir, 'verify-broken')));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL self-signed-cert [\d.]+ s\n\s+failed: a self-signed certificate .* is refused: sent a self-signed certificate minted by this run: CN=.* \(serial [0-9A-F]+\): 0 of 3 fresh connections refused as promised; let through: HTTP 200.*\n\s+likely cause: client certificates are not verified against the partner CA/);
  }, bound(60_000));
});

describe('verify usage errors', () => {
  it.concurrent.each<[string, string[], RegExp]>([
    ['no --key', ['verify', '--url', 'https://localhost:8443/', '--cert', 'a.crt', '--ca', 'ca.crt'], /verify needs --key/],
    ['an http URL', ['verify', '--url', 'http://localhost:8443/', '--cert', 'a', '--key', 'b', '--ca', 'c'], /--url "http:\/\/localhost:8443" is not https/],
    ['an unknown oracle', ['verify', '--url', 'https://localhost:8443/', '--cert', 'a', '--key', 'b', '--ca', 'c', '--oracle', 'nginx'], /--oracle "nginx" is not an oracle/],
    ['a missing cert file', ['verify', '--url', 'https://localhost:8443/', '--cert', '/nonexistent.crt', '--key', 'b', '--ca', 'c'], /--cert: \/nonexistent\.crt does not exist: check the path \(relative paths start at the current folder\)$/m],
    ['a URL with a password', ['verify', '--url', 'https://me:s3cr3t-pw@localhost:8443/v1', '--cert', 'a', '--key', 'b', '--ca', 'c'], /--url "https:\/\/localhost:8443" holds a user or password/],
    ['a URL with a query', ['verify', '--url', 'https://localhost:8443/v1?x=1', '--cert', 'a', '--key', 'b', '--ca', 'c'], /--url .* has a query/],
  ])('exits 2 on %s', async (_what, args, message) => {
    const r = await runCliWithoutHtml(args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.stdout + r.stderr).not.toContain('s3cr3t-pw');
  });
});

// One cause, said once and first, in words a partner can act on: the checks that needed the
// partner let in are not judged because of it, never failures of their own.
describe.each([
  ['knows-no-partner', /your certificate is accepted at TLS, but the gateway answers 401 "Unauthorized" on \/v1\/consumer: ask the Home Party to add CN=consumer-api-client,.* \(serial [0-9A-F]+\) to its partner list/],
  ['has-no-route', /the gateway has no route \/v1\/consumer \(it answers 404 "no Route matched with those values"\): check the path of --url with the Home Party/],
] as const)('verify against a gateway that %s', (kind, cause) => {
  let fx: ExternalFixture;
  beforeAll(async () => (fx = await badGatewayFixture(kind)));
  afterAll(() => fx.close());

  it('exits 1 with the root cause as the first failure, and the checks that needed it not judged', async () => {
    const r = await runCliWithoutHtml(verifyArgs(fx, 'partner-b', join(fx.dir, 'verify')));
    expect(r.code, r.stdout).toBe(1);
    const lines = r.stdout.split('\n');
    const firstProblem = lines.findIndex((l) => /^ +(failed|broken): /.test(l));
    expect(lines[firstProblem]).toMatch(/^ +failed: partner is let in: /);
    expect(lines[firstProblem + 1]).toMatch(cause);
    expect(lines.filter((l) => /^ +failed: /.test(l))).toHaveLength(1);
    for (const l of lines.filter((x) => /^ +broken: /.test(x))) expect(l).toMatch(/not judged: partner is not let in on \/v1\/consumer \(see valid-cert: partner is let in\)/);
    expect(r.stdout).not.toMatch(/make valid partners get in/);
  }, bound(60_000));
});
