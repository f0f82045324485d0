// The partner's journey, as a partner lives it: the package packed and installed into an empty
// folder (no clone), verify run from there with --attest against a gateway, and the Home Party's
// attest check of what the partner sends; then every way an attestation can be wrong, each with
// its own one-line reason.
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAttestation } from '../harness/attest/check.ts';
import { signedBundle } from '../harness/attest/sign.ts';
import type { Statement } from '../harness/attest/statement.ts';
import { createAuthority, issueLeaf } from '../harness/pki/authority.ts';
import { KeyStore } from '../harness/pki/store.ts';
import { ROOT } from './support/cli.ts';
import { localGatewayFixture, type ExternalFixture } from './support/external-fixture.ts';
import { scratchDir } from './support/scratch.ts';
import { bound } from './support/bounds.ts';

const run = promisify(execFile);
const dir = scratchDir('mtls-conformance-partner-');
let fx: ExternalFixture;
let bin: string;
const cert = (f: string): string => join(fx.certs, f);

/** The installed CLI, as a partner runs it: exit code, stdout, stderr. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8' });
    return { code: 0, ...r };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/**
 * `npm pack`, then `npm install <tarball>` into an empty folder. From npm's cache alone when it has
 * every package (a machine that ran npm ci and npm install before); else npm asks the registry for
 * what the cache lacks, as a partner's install does.
 */
async function packAndInstall(): Promise<string> {
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' });
  const tarball = join(dir, stdout.trim().split('\n').pop()!);
  writeFileSync(join(dir, 'package.json'), '{"name":"a-partner","private":true}\n');
  const install = (mode: string): Promise<unknown> => run('npm', ['install', mode, '--no-audit', '--no-fund', '--ignore-scripts', tarball], { cwd: dir, encoding: 'utf8' });
  await install('--offline').catch((err: { stderr?: string }) => {
    if (!/ENOTCACHED/.test(err.stderr ?? '')) throw err;
    return install('--prefer-offline');
  });
  return join(dir, 'node_modules', '.bin', 'mtls-conformance');
}

beforeAll(async () => {
  [fx, bin] = await Promise.all([localGatewayFixture(), packAndInstall()]);
}, bound(180_000));
afterAll(() => fx?.close());

describe('a partner, with the package installed from its tarball', () => {
  it('runs --version, verify --attest and run --target external from the installed package, and the Home Party checks the attestation', async () => {
    expect((await cli(['--version'])).stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    const attestation = join(dir, 'attestation.json');
    const v = await cli(['verify', '--url', `${fx.baseUrl}/v1/consumer`, '--cert', cert('partner-b.crt'), '--key', cert('partner-b.key'), '--ca', cert('ca.crt'), '--no-html-report', '--attest', attestation]);
    expect(v.code, v.stdout + v.stderr).toBe(0);
    expect(v.stdout).toContain(`Attestation, signed with your key: ${attestation}`);
    expect(readFileSync(attestation, 'utf8')).not.toMatch(/PRIVATE KEY/);
    const check = await cli(['attest', 'check', attestation, '--ca', cert('ca.crt'), '--url', `${fx.baseUrl}/v1/consumer`, '--max-age', '1h']);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toMatch(/^partner: .*CN=consumer-api-client \(serial [0-9A-F]+, SHA-256 /m);
    expect(check.stdout).toMatch(/^ {2}PASS {3}missing-cert: a request without a client certificate is refused$/m);
    expect(check.stdout).toMatch(/^genuine, and every check it made passed$/m);
    const e = await cli(['run', '--target', 'external', '--config', fx.file, '--only', 'valid-cert,missing-cert', '--no-html-report', '--report-dir', join(dir, 'reports')]);
    expect(e.code, e.stdout + e.stderr).toBe(0);
  }, bound(120_000));
});

describe('attest check refuses what is not what a partner signed', () => {
  let genuine: string;
  let statement: Statement;
  const store = new KeyStore();
  afterAll(() => store.remove());
  const ca = (): string => readFileSync(cert('ca.crt'), 'utf8');
  const write = (name: string, text: string): string => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  beforeAll(async () => {
    genuine = join(dir, 'genuine.json');
    const v = await cli(['verify', '--url', `${fx.baseUrl}/v1/consumer`, '--cert', cert('partner-a.crt'), '--key', cert('partner-a.key'), '--ca', cert('ca.crt'), '--no-html-report', '--report-dir', join(dir, 'genuine'), '--attest', genuine]);
    expect(v.code, v.stdout + v.stderr).toBe(0);
    const bundle = JSON.parse(readFileSync(genuine, 'utf8')) as { dsseEnvelope: { payload: string } };
    statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8')) as Statement;
  }, bound(60_000));

  const checked = (file: string, extra: { url?: string; maxAgeMs?: number; now?: Date } = {}): ReturnType<typeof checkAttestation> => checkAttestation({ file, caPem: ca(), ...extra });

  it('passes the genuine one', async () => {
    expect(await checked(genuine, { url: `${fx.baseUrl}/v1/consumer`, maxAgeMs: 3_600_000 })).toMatchObject({ ok: true });
  });

  it('a byte of the payload changed', async () => {
    const b = JSON.parse(readFileSync(genuine, 'utf8')) as { dsseEnvelope: { payload: string } };
    const payload = Buffer.from(b.dsseEnvelope.payload, 'base64').toString('utf8').replace('"result":"success"', '"result":"successs"');
    b.dsseEnvelope.payload = Buffer.from(payload).toString('base64');
    expect(await checked(write('tampered.json', JSON.stringify(b)))).toEqual({ ok: false, why: expect.stringMatching(/^its signature does not verify with the key of the certificate it carries/) });
  });

  it('the certificate swapped for another partner\'s', async () => {
    const b = JSON.parse(readFileSync(genuine, 'utf8')) as { verificationMaterial: { x509CertificateChain: { certificates: { rawBytes: string }[] } } };
    const other = readFileSync(cert('partner-b.crt'), 'utf8').replace(/-----[^-]+-----|\s/g, '');
    b.verificationMaterial.x509CertificateChain.certificates = [{ rawBytes: other }];
    expect(await checked(write('swapped.json', JSON.stringify(b)))).toEqual({ ok: false, why: expect.stringMatching(/^its signature does not verify with the key of the certificate it carries \(.*CN=consumer-api-client\)/) });
  });

  it('signed with a certificate from another CA, with the same subject', async () => {
    const foreign = await createAuthority({ O: 'Foreign Party', CN: 'Foreign Root CA' }, 30);
    const leaf = await issueLeaf(foreign, { subject: { O: 'Producer Organization', OU: 'Integration Team', CN: 'producer-api-client' }, profile: 'client' });
    const files = await store.writeIdentity('impostor', leaf, []);
    // The statement names the certificate that signs it, as a forger would make it.
    const forged = { ...statement, predicate: { ...statement.predicate, partner: { ...statement.predicate.partner, sha256: new X509Certificate(leaf.cert.toString('pem')).fingerprint256 } } };
    const file = write('other-ca.json', signedBundle(forged, files.certFile, files.keyFile));
    expect(await checked(file)).toEqual({ ok: false, why: expect.stringMatching(/does not chain to the CA given, or was not a valid client certificate when it signed \(OpenSSL: error 20 at depth 0/) });
  });

  it('older than --max-age', async () => {
    expect(await checked(genuine, { maxAgeMs: 3_600_000, now: new Date(Date.now() + 2 * 3_600_000) })).toEqual({ ok: false, why: expect.stringMatching(/longer ago than --max-age allows$/) });
  });

  it('about another gateway than --url', async () => {
    expect(await checked(genuine, { url: 'https://gateway.example:8443/v1/consumer' })).toEqual({ ok: false, why: `it is about ${fx.baseUrl}/v1/consumer, not https://gateway.example:8443/v1/consumer` });
  });

  it('genuine, with a check inside that failed: exit 1, naming it; a tampered one, or a CA given as DER: exit 2, one line', async () => {
    const failing = { ...statement, predicate: { ...statement.predicate, result: 'failure' as const, checks: statement.predicate.checks.map((c) => (c.demo === 'missing-cert' ? { ...c, result: 'failed' as const, reason: 'let through: HTTP 200' } : c)) } };
    const file = write('failed-inside.json', signedBundle(failing, cert('partner-a.crt'), cert('partner-a.key')));
    const r = await cli(['attest', 'check', file, '--ca', cert('ca.crt')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ {2}FAIL {3}missing-cert: a request without a client certificate is refused: let through: HTTP 200$/m);
    const t = await cli(['attest', 'check', join(dir, 'tampered.json'), '--ca', cert('ca.crt')]);
    expect(t.code).toBe(2);
    expect(t.stderr.trim().split('\n')).toHaveLength(1);
    expect(t.stderr).toMatch(/^mtls-conformance: attest check: .*tampered\.json its signature does not verify/);
    // The Home Party's CA as DER, where PEM belongs: named, with the conversion.
    const der = join(dir, 'ca.der');
    writeFileSync(der, new X509Certificate(ca()).raw);
    const d = await cli(['attest', 'check', genuine, '--ca', der]);
    expect(d.code).toBe(2);
    expect(d.stderr.trim()).toMatch(/^mtls-conformance: --ca .*ca\.der is binary \(DER\), not PEM: convert it with openssl x509 -inform DER -in <file> -out <cert\.pem>$/);
  }, bound(60_000));
});
