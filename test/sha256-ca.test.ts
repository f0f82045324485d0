// A Home Party whose CA is cert-manager's (Go >= 1.25: its Subject Key Identifier is the leftmost
// 160 bits of SHA-256) gives the deploy gate `issuer:`. Against a gateway that lets expired certs in,
// expired-cert must fail: the harness's expired probe must chain to that CA as the gateway builds
// chains, or the gateway refuses it as "unable to get issuer" and the case passes for nothing.
// CA, partner and server certs are made by the openssl CLI, as another party's CA issues them.
import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExternal } from './support/external-run.ts';
import type { ExternalFixture } from './support/external-fixture.ts';
import { opensslCa, opensslLeaf } from './support/openssl-pki.ts';
import { bound } from './support/bounds.ts';

const dir = mkdtempSync(join(tmpdir(), 'mtls-conformance-sha256ca-'));
const certs = join(dir, 'certs');
const servers: Server[] = [];
afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  rmSync(dir, { recursive: true, force: true });
});

const SUBJECTS: Record<string, string> = { 'partner-a': '/O=Producer Organization/CN=producer-api-client', 'partner-b': '/O=Consumer Organization/CN=consumer-api-client' };

/**
 * Answers as Kong OSS does, but, when `lenient`, lets in a cert whose only fault is its dates: it
 * still requires the chain (issuer name, key identifiers, signature), as a gateway whose verify
 * callback tolerates only the date errors would. Node (like nginx) reports only the last verify
 * error, so the chain is checked here, not read from authorizationError.
 */
async function gateway(lenient: boolean): Promise<string> {
  const read = (f: string): Buffer => readFileSync(join(certs, f));
  const caCert = new X509Certificate(read('ca.crt'));
  const server = createServer(
    { cert: read('server.crt'), key: read('server.key'), ca: read('ca.crt'), requestCert: true, rejectUnauthorized: false /* deliberately-insecure: server side; like nginx with ssl_verify_client on, the handler judges the client */ },
    (req, res) => {
      const socket = req.socket as TLSSocket;
      const html = (text: string): void => void res.writeHead(400, { 'content-type': 'text/html' }).end(`<html><center>${text}</center></html>`);
      if (!socket.getPeerCertificate()?.subject) return html('No required SSL certificate was sent');
      const leaf = new X509Certificate(socket.getPeerCertificate().raw);
      const chains = leaf.checkIssued(caCert) && leaf.verify(caCert.publicKey);
      const error = socket.authorizationError as unknown as string | undefined;
      const datesOnly = chains && (error === 'CERT_HAS_EXPIRED' || error === 'CERT_NOT_YET_VALID');
      if (!socket.authorized && !(lenient && datesOnly)) return html('The SSL certificate error');
      res.writeHead(200, { 'content-type': 'application/json', via: '1.1 gateway' }).end('{"version":"v1"}');
    },
  );
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `https://localhost:${(server.address() as AddressInfo).port}`;
}

function fixture(url: string, name: string): ExternalFixture {
  const fdir = join(dir, name);
  mkdirSync(fdir);
  const file = join(fdir, 'target.yaml');
  writeFileSync(file, `gateway: { url: ${url}, ca: ../certs/ca.crt, oracle: kong-oss }
partners:
  - { name: partner-a, cert: ../certs/partner-a.crt, key: ../certs/partner-a.key }
  - { name: partner-b, cert: ../certs/partner-b.crt, key: ../certs/partner-b.key }
routes: { default: /v1/consumer }
issuer: { cert: ../certs/ca.crt, key: ../certs/ca.key }
`);
  return { baseUrl: url, dir: fdir, file, certs, partner: () => { throw new Error('unused'); }, write: () => file, close: async () => undefined };
}

beforeAll(() => {
  mkdirSync(certs);
  const ca = opensslCa(certs, 'ca', 'sha256-truncated');
  opensslLeaf(certs, ca, 'server', '/O=Home Party/CN=localhost', 'server');
  for (const [name, subject] of Object.entries(SUBJECTS)) opensslLeaf(certs, ca, name, subject, 'client');
});

describe('issuer: a CA whose key identifier is a truncated SHA-256 (cert-manager v1.21)', () => {
  it('expired-cert fails against a gateway that lets expired certificates in', async () => {
    const { r, report } = await runExternal(fixture(await gateway(true), 'lenient'), 'lenient', ['--only', 'valid-cert,expired-cert']);
    const expired = report.demos.find((d) => d.id === 'expired-cert')!;
    expect(expired.result, r.stdout.slice(-2000)).toBe('failed');
    expect(expired.cases.map((c) => c.result)).toEqual(['failed', 'failed']);
    expect(expired.cases[0]!.reason).toMatch(/LET IN/);
    expect(report.demos.find((d) => d.id === 'valid-cert')!.result).toBe('passed');
    expect(r.code).toBe(1);
  }, bound(60_000));

  it('and passes against one that refuses them', async () => {
    const { r, report } = await runExternal(fixture(await gateway(false), 'strict'), 'strict', ['--only', 'valid-cert,expired-cert']);
    expect(report.demos.map((d) => [d.id, d.result]), r.stdout.slice(-2000)).toEqual([['valid-cert', 'passed'], ['expired-cert', 'passed']]);
    expect(r.code).toBe(0);
  }, bound(60_000));
});
