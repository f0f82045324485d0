// A partner's self-check against Apache httpd (Debian's apache2-bin; .ci/run installs it) set up as
// Apache's own documentation shows client authentication: `SSLVerifyClient require` for the whole
// virtual host, or only inside a <Location>. In a <Location>, Apache asks for the certificate after
// the handshake: renegotiation over TLS 1.2, post-handshake authentication over TLS 1.3, which
// Node.js (like Go, Java and browsers) does not do, so over TLS 1.3 a valid partner gets a 403.
// The run must say that, not "ask to be added to the partner list", and still judge TLS 1.2.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../harness/targets/ports.ts';
import { pollUntil } from '../harness/util/poll.ts';
import { runCliWithoutHtml } from './support/cli.ts';
import { opensslCa, opensslLeaf } from './support/openssl-pki.ts';
import { readReport } from './support/report-schema.ts';
import { passableTempDir } from './support/scratch.ts';
import { bound } from './support/bounds.ts';

const APACHE = '/usr/sbin/apache2';
const MODULES = '/usr/lib/apache2/modules';
const prefix = passableTempDir('mtls-conformance-apache-');
const certs = join(prefix, 'certs');
let port: number;
let apache: ChildProcess | undefined;

/** The virtual host; `where`: the whole host, or only /v1 (a <Location>). */
function config(where: 'host' | 'location'): string {
  const c = (f: string): string => `"${join(certs, f)}"`;
  const verify = where === 'host' ? ['  SSLVerifyClient require'] : ['  <Location /v1>', '    SSLVerifyClient require', '  </Location>'];
  return [
    `ServerRoot "${prefix}"`,
    `PidFile "${prefix}/httpd.pid"`,
    `ErrorLog "${prefix}/error.log"`,
    ...['mpm_event', 'authz_core', 'ssl', 'socache_shmcb', 'alias', 'headers'].map((m) => `LoadModule ${m}_module ${MODULES}/mod_${m}.so`),
    ...(process.getuid?.() === 0 ? ['User nobody', 'Group nogroup'] : []),
    'ServerName localhost',
    `Listen 127.0.0.1:${port} https`,
    `SSLSessionCache "shmcb:${prefix}/scache(512000)"`,
    `<VirtualHost 127.0.0.1:${port}>`,
    '  SSLEngine on',
    `  SSLCertificateFile ${c('server.crt')}`,
    `  SSLCertificateKeyFile ${c('server.key')}`,
    `  SSLCACertificateFile ${c('root.crt')}`,
    '  SSLProtocol -all +TLSv1.2 +TLSv1.3',
    ...verify,
    `  AliasMatch ^/ "${prefix}/ok.json"`,
    `  <Directory "${prefix}">`,
    '    Require all granted',
    '  </Directory>',
    '  Header always set Content-Type application/json',
    '</VirtualHost>',
  ].join('\n');
}

const listening = (): Promise<boolean> =>
  new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', () => (s.destroy(), resolve(true)));
    s.on('error', () => resolve(false));
  });

async function start(where: 'host' | 'location'): Promise<void> {
  writeFileSync(join(prefix, 'httpd.conf'), config(where));
  // Its own process group, stopped as one by its pid.
  apache = spawn(APACHE, ['-f', join(prefix, 'httpd.conf'), '-DFOREGROUND'], { detached: true, stdio: 'ignore' });
  const up = await pollUntil(async () => ((await listening()) ? true : apache?.exitCode !== null ? false : undefined), 10_000);
  if (!up) throw new Error(`apache2 did not start (see ${prefix}/error.log)`);
}

async function stop(): Promise<void> {
  const child = apache;
  apache = undefined;
  if (!child?.pid || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid, 'SIGTERM');
  await exited;
}

beforeAll(async () => {
  expect(existsSync(APACHE), `${APACHE} is missing: run "apt-get install -y apache2-bin" (Debian/Ubuntu)`).toBe(true);
  mkdirSync(certs);
  const root = opensslCa(certs, 'root', 'sha1');
  opensslLeaf(certs, root, 'server', '/O=Home Party/CN=localhost', 'server');
  opensslLeaf(certs, root, 'partner', '/O=Producer Organization/CN=producer-api-client', 'client');
  writeFileSync(join(prefix, 'ok.json'), '{"version":"v1"}\n', { mode: 0o644 });
  port = await freePort();
});

afterAll(async () => {
  await stop();
  rmSync(prefix, { recursive: true, force: true });
});

async function verify(label: string): Promise<{ code: number | null; stdout: string; cases: Map<string, { result: string; reason?: string }> }> {
  const reportDir = join(prefix, `report-${label}`);
  const c = (f: string): string => join(certs, f);
  const r = await runCliWithoutHtml(['verify', '--url', `https://localhost:${port}/v1/consumer`, '--cert', c('partner.crt'), '--key', c('partner.key'), '--ca', c('root.crt'), '--report-dir', reportDir]);
  const report = readReport(join(reportDir, 'conformance-report.json'));
  const cases = new Map(report.demos.flatMap((d) => d.cases.map((k) => [`${d.id}: ${k.name}`, { result: k.result, ...(k.reason ? { reason: k.reason } : {}) }] as const)));
  return { code: r.code, stdout: r.stdout + r.stderr, cases };
}

describe('Apache httpd as the gateway', () => {
  it('with SSLVerifyClient require for the virtual host, the self-check passes', async () => {
    await start('host');
    try {
      const r = await verify('host');
      expect(r.code, r.stdout.slice(-2500)).toBe(0);
    } finally {
      await stop();
    }
  }, bound(60_000));

  it('with it only inside a <Location>, over TLS 1.3 the partner is refused, and the cause is post-handshake authentication; TLS 1.2 is still judged', async () => {
    await start('location');
    try {
      const r = await verify('location');
      expect(r.code, r.stdout.slice(-2500)).toBe(1);
      expect(r.cases.get('valid-cert: partner is let in')?.result).toBe('failed');
      expect(r.stdout).toMatch(/^ +likely cause: you get in over TLS 1\.2, but over TLS 1\.3 the gateway answers 403 on \/v1\/consumer: it asks for your certificate only after the TLS 1\.3 handshake \(post-handshake authentication, e\.g\. Apache's SSLVerifyClient inside <Location> or <Directory>\), which most TLS clients do not do \(Go, Java, browsers, Node\.js\): ask the Home Party to require the certificate in the handshake/m);
      expect(r.cases.get('tls-versions: TLSv1.2 is accepted')?.result).toBe('passed');
      expect(r.cases.get('tls-versions: TLSv1.3 is accepted')?.result).toBe('broken');
      expect(r.cases.get('missing-cert: a request without a client certificate is refused')?.result).toBe('broken');
    } finally {
      await stop();
    }
  }, bound(60_000));
});
