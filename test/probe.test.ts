// The probe against real TLS servers on 127.0.0.1: what it reports when the server is not who it
// should be, and when a server refuses in the handshake. Neither case may look like an HTTP answer.
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { bound } from './support/bounds.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthority, issueLeaf } from '../harness/pki/authority.ts';
import { privateKeyPem } from '../harness/pki/x509.ts';
import { classifyError } from '../harness/probe/classify.ts';
import { probe, type ClientIdentity } from '../harness/probe/probe.ts';
import { readFileSync } from 'node:fs';
import { judge, ORACLE_NAMES } from '../harness/oracle/oracle.ts';
import { judgeAcceptance, judgeRefusal } from '../harness/oracle/verdicts.ts';
import { startBadGateway } from './support/bad-gateways.ts';
import { EXAMPLE_POLICY } from './support/external-fixture.ts';

let trustedCaPem: string;
let client: ClientIdentity;
const servers: Server[] = [];

async function serve(opts: { certPem: string; keyPem: string; requestCert?: boolean; caPem?: string }): Promise<string> {
  const server = createServer(
    { cert: opts.certPem, key: opts.keyPem, ...(opts.requestCert ? { requestCert: true, rejectUnauthorized: true, ca: opts.caPem } : {}) },
    (_req, res) => res.end('ok'),
  );
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `https://localhost:${(server.address() as AddressInfo).port}`;
}

let impostorUrl: string;
let strictUrl: string;

beforeAll(async () => {
  const trusted = await createAuthority({ CN: 'Trusted CA' });
  const other = await createAuthority({ CN: 'Other CA' });
  trustedCaPem = trusted.cert.toString('pem');
  const good = await issueLeaf(trusted, { subject: { CN: 'localhost' }, profile: 'server', dnsNames: ['localhost'] });
  const bad = await issueLeaf(other, { subject: { CN: 'localhost' }, profile: 'server', dnsNames: ['localhost'] });
  const partner = await issueLeaf(trusted, { subject: { CN: 'partner' }, profile: 'client' });
  client = { certPem: partner.cert.toString('pem'), keyPem: await privateKeyPem(partner.keys) };
  impostorUrl = await serve({ certPem: bad.cert.toString('pem'), keyPem: await privateKeyPem(bad.keys) });
  strictUrl = await serve({ certPem: good.cert.toString('pem'), keyPem: await privateKeyPem(good.keys), requestCert: true, caPem: trustedCaPem });
});
afterAll(() => servers.forEach((s) => s.close()));

describe('probe', () => {
  it('refuses a server whose certificate does not chain to our CA, and says so', async () => {
    const { outcome } = await probe({ baseUrl: impostorUrl, path: '/', caPem: trustedCaPem, identity: client });
    expect(outcome.kind).toBe('network-error');
    expect(outcome.kind !== 'response' && outcome.message).toMatch(/we refused the gateway's server certificate/);
    expect(judge('any', 'cert-rejected', outcome).ok).toBe(false);
  });

  it('reports a handshake refusal as tls-rejected or connection-reset, which the tls oracle counts', async () => {
    const { outcome } = await probe({ baseUrl: strictUrl, path: '/', caPem: trustedCaPem });
    expect(['tls-rejected', 'connection-reset']).toContain(outcome.kind);
    expect(judge('tls', 'no-cert', outcome).ok).toBe(true);
    expect(judge('kong-oss', 'no-cert', outcome).ok).toBe(false);
  });

  it('gets in with a good identity, on a fresh full handshake, and reports the TLS it used', async () => {
    const { outcome } = await probe({ baseUrl: strictUrl, path: '/', caPem: trustedCaPem, identity: client, tls: { maxVersion: 'TLSv1.2' } });
    expect(outcome.kind === 'response' && [outcome.status, outcome.tls.protocol, outcome.tls.resumed]).toEqual([200, 'TLSv1.2', false]);
  });

  // The TLS context is shared by the probes of one identity (secure-contexts.ts): it must carry no
  // session, or a negative probe after a positive control could get in on the control's session.
  it.each(['TLSv1.2', 'TLSv1.3'] as const)('a second probe with the same identity over %s is a full handshake again; only a saved session is resumed', async (version) => {
    const tls = { minVersion: version, maxVersion: version };
    const first = await probe({ baseUrl: strictUrl, path: '/', caPem: trustedCaPem, identity: client, tls });
    const again = await probe({ baseUrl: strictUrl, path: '/', caPem: trustedCaPem, identity: client, tls });
    const resumed = await probe({ baseUrl: strictUrl, path: '/', caPem: trustedCaPem, identity: client, tls: { ...tls, session: again.session! } });
    const seen = (r: typeof first): unknown => r.outcome.kind === 'response' && [r.outcome.status, r.outcome.tls.protocol, r.outcome.tls.resumed];
    expect([seen(first), seen(again), seen(resumed)]).toEqual([[200, version, false], [200, version, false], [200, version, true]]);
  });

  it('a probe without an identity after one with it sends no certificate', async () => {
    await probe({ baseUrl: strictUrl, path: '/', caPem: trustedCaPem, identity: client });
    const { outcome } = await probe({ baseUrl: strictUrl, path: '/', caPem: trustedCaPem });
    expect(['tls-rejected', 'connection-reset']).toContain(outcome.kind);
  });

  it('times out instead of hanging, and a timeout is no refusal', async () => {
    const silent = (await import('node:net')).createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as AddressInfo).port;
      const { outcome } = await probe({ baseUrl: `https://localhost:${port}`, path: '/', caPem: trustedCaPem, timeoutMs: 300 });
      expect(outcome.kind).toBe('network-error');
      expect(judge('any', 'no-cert', outcome).ok).toBe(false);
    } finally {
      silent.close();
    }
  });
});

describe('probe against servers whose answers are no verdict', () => {
  let fx: Awaited<ReturnType<typeof startBadGateway>>[];
  beforeAll(async () => {
    fx = await Promise.all((['plain-http', 'close-at-once', 'cut-body'] as const).map((k) => startBadGateway(k, EXAMPLE_POLICY)));
  });
  afterAll(async () => Promise.all(fx.map((f) => f.close())));
  const at = (i: number, identity = true) => {
    const f = fx[i]!;
    const p = f.info.partners[0]!;
    return probe({ baseUrl: f.info.baseUrl, path: '/v1/consumer', caPem: f.info.serverCaPem, ...(identity ? { identity: { certPem: readFileSync(p.certFile, 'utf8'), keyPem: readFileSync(p.keyFile, 'utf8') } } : {}) });
  };

  it('a port that speaks plain HTTP: we could not speak TLS, which no oracle counts and which is no verdict', async () => {
    const { outcome } = await at(0);
    expect(outcome).toMatchObject({ kind: 'network-error', code: 'NOT_TLS' });
    for (const oracle of ORACLE_NAMES) expect(judge(oracle, 'cert-rejected', outcome).ok).toBe(false);
    expect(judgeRefusal('any', 'no-cert', outcome).state).toBe('no-verdict');
    expect(judgeAcceptance('any', 'accepted', outcome).state).toBe('no-verdict');
  });

  it('a close before any handshake: no refusal, no verdict', async () => {
    const { outcome } = await at(1, false);
    expect(outcome).toMatchObject({ kind: 'network-error', code: 'HANDSHAKE_ABORTED' });
    expect(judgeRefusal('tls', 'no-cert', outcome).state).toBe('no-verdict');
  });

  it('a 200 cut short is an answer: an acceptance that lets a refused client in, and no verdict for a valid one', async () => {
    const { outcome } = await at(2, false);
    expect(outcome).toMatchObject({ kind: 'response', status: 200, truncated: true });
    expect(judgeRefusal('any', 'no-cert', outcome).state).toBe('let-in');
    expect(judgeRefusal('tls', 'cert-rejected', outcome).state).toBe('let-in');
    expect(judgeAcceptance('any', 'accepted', outcome).state).toBe('no-verdict');
  });
});

describe('probe deadlines', () => {
  it('gives up on a body that never ends, and stops reading a huge one at the cap', async () => {
    const ca = await createAuthority({ CN: 'deadline CA' });
    const leaf = await issueLeaf(ca, { subject: { CN: 'localhost' }, profile: 'server', dnsNames: ['localhost'] });
    const server = createServer({ cert: leaf.cert.toString('pem'), key: await privateKeyPem(leaf.keys) }, (req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      if (req.url === '/huge') return res.end(Buffer.alloc(8 * 1024 * 1024, 'x'));
      const t = setInterval(() => res.write('.'), 50); // a byte every 50 ms, forever
      res.on('close', () => clearInterval(t));
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `https://localhost:${(server.address() as AddressInfo).port}`;
    const t0 = Date.now();
    const endless = await probe({ baseUrl: base, path: '/endless', caPem: ca.cert.toString('pem'), timeoutMs: 800 });
    expect(Date.now() - t0).toBeLessThan(800 + bound(1000));
    expect(endless.outcome).toMatchObject({ kind: 'response', status: 200, truncated: true });
    const huge = await probe({ baseUrl: base, path: '/huge', caPem: ca.cert.toString('pem') });
    expect(huge.outcome.kind === 'response' && [huge.outcome.body.length, huge.outcome.truncated]).toEqual([64 * 1024, undefined]);
  });
});

describe('classifyError', () => {
  it('tells our own TLS limits from the server\'s refusal', () => {
    expect(classifyError({ code: 'ERR_SSL_NO_PROTOCOLS_AVAILABLE', message: 'no protocols' }, 1).kind).toBe('network-error');
    expect(classifyError({ code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', message: 'alert' }, 1).kind).toBe('tls-rejected');
    // A close counts as a refusal only after the handshake completed.
    expect(classifyError({ code: 'UND_ERR_SOCKET', message: 'other side closed' }, 1, true).kind).toBe('connection-reset');
    expect(classifyError({ code: 'UND_ERR_SOCKET', message: 'other side closed' }, 1, false)).toMatchObject({ kind: 'network-error', code: 'HANDSHAKE_ABORTED' });
    expect(classifyError({ message: 'wrapped', cause: { code: 'ECONNRESET', message: 'reset' } }, 1, true)).toMatchObject({ kind: 'connection-reset', code: 'ECONNRESET' });
    // Our failure to speak TLS with the port is not the peer's alert.
    expect(classifyError({ code: 'ERR_SSL_WRONG_VERSION_NUMBER', message: 'wrong version number' }, 1)).toMatchObject({ kind: 'network-error', code: 'NOT_TLS' });
    expect(classifyError({ code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', message: 'alert' }, 1, true).kind).toBe('tls-rejected');
    expect(classifyError({ code: 'CERT_HAS_EXPIRED', message: 'expired' }, 1).kind).toBe('network-error');
  });
});
