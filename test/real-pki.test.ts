// A Home Party's real PKI, made by the openssl CLI (not our minting code): an offline root, an
// issuing CA under it whose Subject Key Identifier is a truncated SHA-256 (as Go >= 1.25 and so
// cert-manager v1.21 write it), partners signed by the issuing CA whose files present it after
// their leaf. The deploy gate names the issuing CA as its `issuer:`, with and without an expired
// probe of its own (a leaf alone: the run presents it as its partner presents itself). All of it in
// ECDSA; in RSA and Ed25519, the run's minted probes, the one part that depends on the key's kind
// (a probe's key is made like its partner's). Against a gateway that lets expired certificates in (it checks the chain, and forgives
// only expiry), expired-cert fails with the probe the run minted and with the one it was given;
// against one that checks expiry, it passes. A probe sent without the issuing CA would be refused
// for its chain ("unable to get issuer"), and the case would pass for nothing.
import { X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { DetailedPeerCertificate, PeerCertificate, TLSSocket } from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { runExternal } from './support/external-run.ts';
import { runCliWithoutHtml } from './support/cli.ts';
import type { ExternalFixture } from './support/external-fixture.ts';
import { opensslCa, opensslIssuingCa, opensslLeaf, type KeyKind } from './support/openssl-pki.ts';
import { bound } from './support/bounds.ts';
import { passableTempDir } from './support/scratch.ts';

const dir = passableTempDir('mtls-conformance-realpki-');
const servers: Server[] = [];
afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  rmSync(dir, { recursive: true, force: true });
});

const SUBJECTS: Record<string, string> = { 'partner-a': '/O=Producer Organization/CN=producer-api-client', 'partner-b': '/O=Consumer Organization/CN=consumer-api-client' };
/** Each partner's alternative names, by which a gateway may let it in (Envoy's match_typed_subject_alt_names). */
const NAMES = (name: string): string => `DNS:${name}.example, URI:spiffe://home.example/${name}`;
const DAY = 86_400_000;

/** root -> issuing CA -> partners (each file: leaf, issuing CA), a server cert from the root, and an expired leaf of partner-a's subject. */
function pki(key: KeyKind): string {
  const certs = join(dir, `certs-${key}`);
  mkdirSync(certs);
  const root = opensslCa(certs, 'root', 'sha1', key);
  const issuing = opensslIssuingCa(certs, root, 'issuing', 'sha256-truncated', key);
  opensslLeaf(certs, root, 'server', '/O=Home Party/CN=localhost', 'server');
  // The gateway's certificate from the issuing CA: sent alone, and sent with the issuing CA after it.
  opensslLeaf(certs, issuing, 'server-alone', '/O=Home Party/CN=localhost', 'server');
  opensslLeaf(certs, issuing, 'server-chained', '/O=Home Party/CN=localhost', 'server', { chain: [issuing.certFile] });
  const ext = (name: string): string[] => [`subjectAltName = ${NAMES(name).replace(/, /g, ',')}`, 'certificatePolicies = 1.3.6.1.4.1.55555.1.2'];
  for (const [name, subject] of Object.entries(SUBJECTS)) opensslLeaf(certs, issuing, name, subject, 'client', { key, chain: [issuing.certFile], ext: ext(name) });
  opensslLeaf(certs, issuing, 'expired', SUBJECTS['partner-a']!, 'client', { key, dates: { start: new Date(Date.now() - 3 * DAY), end: new Date(Date.now() - DAY) }, ext: ext('partner-a') });
  return certs;
}

/** The chain the handshake built, leaf first, up to where it stops (a CA the client did not send and the server does not trust). */
function built(peer: DetailedPeerCertificate): X509Certificate[] {
  const out: X509Certificate[] = [];
  for (let c: PeerCertificate | undefined = peer; c?.raw && out.length < 5; c = (c as DetailedPeerCertificate).issuerCertificate) {
    out.push(new X509Certificate(c.raw));
    if ((c as DetailedPeerCertificate).issuerCertificate === c) break;
  }
  return out;
}

interface GatewayOptions {
  /** It lets in a certificate whose only fault is its expiry: the chain it presents must reach the root, each link signed by the next, as a verify callback that tolerates only that error would demand. */
  lenient?: boolean;
  /** The key kinds of the client certificates it saw. */
  keysSeen?: string[];
  serverCert?: string;
  /** It lets in only these alternative names (as Node prints them), and refuses any other certificate as it refuses a bad one. */
  pinned?: string[];
}

/** Answers as Kong OSS does. */
async function gateway(certs: string, { lenient = false, keysSeen = [], serverCert = 'server', pinned }: GatewayOptions = {}): Promise<string> {
  const read = (f: string): Buffer => readFileSync(join(certs, f));
  const root = new X509Certificate(read('root.crt'));
  const server = createServer(
    { cert: read(`${serverCert}.crt`), key: read(`${serverCert}.key`), ca: read('root.crt'), requestCert: true, rejectUnauthorized: false /* deliberately-insecure: server side; like nginx with ssl_verify_client on, the handler judges the client */ },
    (req, res) => {
      const socket = req.socket as TLSSocket;
      const html = (text: string): void => void res.writeHead(400, { 'content-type': 'text/html' }).end(`<html><center>${text}</center></html>`);
      const peer = socket.getPeerCertificate(true);
      if (!peer?.raw) return html('No required SSL certificate was sent');
      keysSeen.push(new X509Certificate(peer.raw).publicKey.asymmetricKeyType ?? 'unknown');
      const chain = built(peer);
      const reachesRoot = chain.at(-1)?.fingerprint256 === root.fingerprint256 && chain.slice(0, -1).every((c, i) => c.verify(chain[i + 1]!.publicKey));
      const datesOnly = reachesRoot && (socket.authorizationError as unknown as string) === 'CERT_HAS_EXPIRED';
      if (!socket.authorized && !(lenient && datesOnly)) return html('The SSL certificate error');
      if (pinned && !pinned.includes(new X509Certificate(peer.raw).subjectAltName ?? '')) return html('The SSL certificate error');
      res.writeHead(200, { 'content-type': 'application/json', via: '1.1 gateway' }).end('{"version":"v1"}');
    },
  );
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `https://localhost:${(server.address() as AddressInfo).port}`;
}

function fixture(certs: string, url: string, name: string, given: boolean): ExternalFixture {
  const fdir = join(dir, name);
  mkdirSync(fdir);
  const file = join(fdir, 'target.yaml');
  const c = (f: string): string => join(certs, f);
  writeFileSync(file, `gateway: { url: ${url}, ca: ${c('root.crt')}, oracle: kong-oss }
partners:
  - { name: partner-a, cert: ${c('partner-a.crt')}, key: ${c('partner-a.key')} }
  - { name: partner-b, cert: ${c('partner-b.crt')}, key: ${c('partner-b.key')} }
routes: { default: /v1/consumer }
issuer: { cert: ${c('issuing.crt')}, key: ${c('issuing.key')} }
${given ? `probes: { expired: { cert: ${c('expired.crt')}, key: ${c('expired.key')} } }\n` : ''}`);
  return { baseUrl: url, dir: fdir, file, certs, partner: () => { throw new Error('unused'); }, write: () => file, close: async () => undefined };
}

describe.each(['ec', 'rsa', 'ed25519'] as const)('root -> issuing CA (SHA-256 key identifier) -> partners, %s', (key) => {
  const certs = pki(key);
  const probes = key === 'ec' ? ([['minted', false], ['given', true]] as const) : ([['minted', false]] as const);

  it.each(probes)('expired-cert fails against a gateway that lets expired certificates in, with the %s probe', async (what, given) => {
    const { r, report } = await runExternal(fixture(certs, await gateway(certs, { lenient: true }), `lenient-${key}-${what}`, given), `lenient-${what}`, ['--only', 'valid-cert,expired-cert']);
    const expired = report.demos.find((d) => d.id === 'expired-cert')!;
    // It forgives expiry only: the not-yet-valid probe, minted beside, is refused.
    expect(expired.cases.map((c) => [c.name, c.result]), r.stdout.slice(-2500)).toEqual([
      ['an expired certificate from the trusted CA is refused', 'failed'],
      ['a not-yet-valid certificate from the trusted CA is refused', 'passed'],
    ]);
    expect(expired.cases[0]!.reason).toMatch(/let through: HTTP 200/);
    expect(report.demos.find((d) => d.id === 'valid-cert')!.result).toBe('passed');
    expect(r.code).toBe(1);
  }, bound(60_000));

  it("verify: the partner checks itself, and the impostors it makes carry a key of its certificate's kind", async () => {
    const keysSeen: string[] = [];
    const url = await gateway(certs, { keysSeen });
    const c = (f: string): string => join(certs, f);
    const r = await runCliWithoutHtml(['verify', '--url', `${url}/v1/consumer`, '--cert', c('partner-a.crt'), '--key', c('partner-a.key'), '--ca', c('root.crt'), '--report-dir', join(dir, `verify-${key}`)]);
    expect(r.code, r.stdout.slice(-2500) + r.stderr).toBe(0);
    for (const id of ['valid-cert', 'self-signed-cert', 'untrusted-ca-cert']) expect(r.stdout).toMatch(new RegExp(`PASS ${id}\\b`));
    expect(new Set(keysSeen)).toEqual(new Set([key]));
  }, bound(60_000));

  if (key !== 'ec') return;

  it('expired-cert fails against a gateway that lets expired certificates in and partners in by their alternative names: each probe carries its partner\'s', async () => {
    const url = await gateway(certs, { lenient: true, pinned: Object.keys(SUBJECTS).map(NAMES) });
    const { r, report } = await runExternal(fixture(certs, url, `pinned-${key}`, false), 'pinned', ['--only', 'valid-cert,expired-cert']);
    expect(report.demos.map((d) => [d.id, d.result]), r.stdout.slice(-2500)).toEqual([['valid-cert', 'passed'], ['expired-cert', 'failed']]);
    expect(report.demos[1]!.cases[0]!.reason).toMatch(/let through: HTTP 200/);
  }, bound(60_000));

  it('with two issuing CAs, the probes the issuer mints imitate a partner it issued, not the workhorse of the other', async () => {
    const other = opensslIssuingCa(certs, { certFile: join(certs, 'root.crt'), keyFile: join(certs, 'root.key') }, 'issuing-2', 'sha1');
    opensslLeaf(certs, other, 'partner-c', '/O=Third Party/CN=third-api-client', 'client', { chain: [other.certFile] });
    const fx = fixture(certs, await gateway(certs, { lenient: true }), `two-issuers-${key}`, false);
    // partner-c comes first, with no quota: the workhorse, from the CA that is not the issuer.
    writeFileSync(fx.file, readFileSync(fx.file, 'utf8').replace('partners:\n', `partners:\n  - { name: partner-c, cert: ${join(certs, 'partner-c.crt')}, key: ${join(certs, 'partner-c.key')} }\n`));
    const { r, report } = await runExternal(fx, 'two-issuers', ['--only', 'valid-cert,expired-cert']);
    expect(report.demos.map((d) => [d.id, d.result]), r.stdout.slice(-2500) + r.stderr).toEqual([['valid-cert', 'passed'], ['expired-cert', 'failed']]);
    expect(report.demos[1]!.cases[0]!.reason).toMatch(/producer-api-client.*let through: HTTP 200/s);
  }, bound(60_000));

  it.each([
    ['alone', 2, /^mtls-conformance: --ca: the gateway's certificate is not issued by .*root\.crt \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\): give the CA that issued localhost:\d+'s server certificate; if that is the root above an issuing CA, the gateway sends its certificate without that issuing CA after it, which it must send$/],
    ['chained', 0, /^$/],
  ] as const)("verify: a gateway certificate from the issuing CA, sent %s, against the root as --ca", async (how, code, stderr) => {
    const url = await gateway(certs, { serverCert: `server-${how}` });
    const c = (f: string): string => join(certs, f);
    const r = await runCliWithoutHtml(['verify', '--url', `${url}/v1/consumer`, '--cert', c('partner-a.crt'), '--key', c('partner-a.key'), '--ca', c('root.crt'), '--report-dir', join(dir, `verify-server-${how}`)]);
    expect(r.code, r.stdout.slice(-2500) + r.stderr).toBe(code);
    expect(r.stderr.trim()).toMatch(stderr);
  }, bound(60_000));

  it('verify: the issuing CA alone as --ca is named as no root, with the root to add', async () => {
    const url = await gateway(certs, { serverCert: 'server-chained' });
    const c = (f: string): string => join(certs, f);
    const r = await runCliWithoutHtml(['verify', '--url', `${url}/v1/consumer`, '--cert', c('partner-a.crt'), '--key', c('partner-a.key'), '--ca', c('issuing.crt'), '--report-dir', join(dir, 'verify-issuing-ca')]);
    expect(r.code, r.stdout.slice(-2500) + r.stderr).toBe(2);
    expect(r.stderr.trim()).toMatch(/^mtls-conformance: --ca: .*issuing\.crt holds an issuing CA without the root above it, and a chain ends only at a root \(UNABLE_TO_GET_ISSUER_CERT\): add that root to .*issuing\.crt, or give the root instead$/);
  }, bound(60_000));

  it('a partner certificate with no subject, named by a SPIFFE ID alone: verify names it so, and its impostors carry the same', async () => {
    opensslLeaf(certs, { certFile: join(certs, 'issuing.crt'), keyFile: join(certs, 'issuing.key') }, 'spiffe', '/', 'client', { chain: [join(certs, 'issuing.crt')], ext: ['subjectAltName = critical,URI:spiffe://home.example/partner-c'] });
    const c = (f: string): string => join(certs, f);
    const v = await runCliWithoutHtml(['verify', '--url', `${await gateway(certs)}/v1/consumer`, '--cert', c('spiffe.crt'), '--key', c('spiffe.key'), '--ca', c('root.crt'), '--report-dir', join(dir, 'verify-spiffe')]);
    expect(v.code, v.stdout.slice(-2500) + v.stderr).toBe(0);
    expect(v.stdout).toMatch(/^partner: no subject \(URI:spiffe:\/\/home\.example\/partner-c\) \(serial /m);
  }, bound(60_000));

  it('partnerCa holding the issuing CA alone is one line naming it as no root, with the root to give, not a chain to add to the partners', async () => {
    const { file } = fixture(certs, await gateway(certs), `unrooted-${key}`, false);
    writeFileSync(file, readFileSync(file, 'utf8').replace('routes:', `partnerCa: ${join(certs, 'issuing.crt')}\nroutes:`));
    const r = await runCliWithoutHtml(['run', '--target', 'external', '--config', file, '--report-dir', join(dir, `unrooted-${key}-report`)]);
    expect(r.code, r.stdout.slice(-2500) + r.stderr).toBe(2);
    expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
    expect(r.stderr).toMatch(/partnerCa: .*issuing\.crt holds O=Home Party, CN=issuing, which is not a root CA: .* give the root above it \(O=Home Party, CN=root\) as partnerCa, or add it to .*issuing\.crt$/m);
  }, bound(60_000));

  it('credentials reports the issuing CA each partner presents, and warns that it expires within 30 days', async () => {
    const { r, report } = await runExternal(fixture(certs, await gateway(certs), `credentials-${key}`, false), 'credentials', ['--only', 'credentials']);
    const partnerA = report.demos[0]!.cases.find((c) => c.name.startsWith('partner-a'))!;
    expect(partnerA.result, r.stdout.slice(-2500)).toBe('passed');
    expect(partnerA.reason).toMatch(/warning: the CA O=Home Party, CN=issuing that partner-a presents expires in 2\d day\(s\)/);
  }, bound(60_000));

  it('and passes against one that checks expiry', async () => {
    const { r, report } = await runExternal(fixture(certs, await gateway(certs), `strict-${key}`, true), 'strict', ['--only', 'valid-cert,expired-cert']);
    expect(report.demos.map((d) => [d.id, d.result]), r.stdout.slice(-2500)).toEqual([['valid-cert', 'passed'], ['expired-cert', 'passed']]);
    expect(r.code).toBe(0);
  }, bound(60_000));
});

it('a partner key no probe can be made of (RSA-PSS) is one line naming it, not blamed on the issuer', async () => {
  const certs = join(dir, 'certs-rsa-pss');
  mkdirSync(certs);
  const root = opensslCa(certs, 'root', 'sha1');
  const issuing = opensslIssuingCa(certs, root, 'issuing', 'sha256-truncated');
  opensslLeaf(certs, root, 'server', '/O=Home Party/CN=localhost', 'server');
  for (const [name, subject] of Object.entries(SUBJECTS)) opensslLeaf(certs, issuing, name, subject, 'client', { key: 'rsa-pss', chain: [issuing.certFile] });
  const { file } = fixture(certs, await gateway(certs), 'rsa-pss', false);
  const r = await runCliWithoutHtml(['run', '--target', 'external', '--config', file, '--report-dir', join(dir, 'rsa-pss-report')]);
  expect(r.code, r.stdout.slice(-2500) + r.stderr).toBe(2);
  expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr).toMatch(/^mtls-conformance: .*partner-a\.crt: its key is rsa-pss, a kind this tool cannot make probes of \(it makes ECDSA on P-256, P-384 or P-521, RSA, or Ed25519\), so it cannot check this certificate's refusals$/m);
}, bound(60_000));
