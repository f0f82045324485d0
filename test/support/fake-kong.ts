// Stand-ins for what cert-manager and Kong would do on a kind cluster, so the kind orchestration can
// be tested without one: Secrets as cert-manager writes them (real certificates from a real CA),
// and an https "Kong" that refuses certs on the CRL it last reloaded and partners not in its config.
import { createServer as createHttp, type Server as HttpServer } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { parse } from 'yaml';
import type { Policy } from '../../harness/config/policy.ts';
import { createAuthority, issueLeaf } from '../../harness/pki/authority.ts';
import { rfc2253 } from '../../harness/pki/subject.ts';
import { privateKeyPem, x509 } from '../../harness/pki/x509.ts';
import { NAMES, partnerSecretName } from '../../harness/targets/kind/manifests.ts';

/** The partner table of the pre-function in a declarative config: verified subject -> consumer. */
export function subjectsFromKongConfig(kongYaml: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of kongYaml.matchAll(/\[\\?"([^"\\]*)\\?"\] = \\?"([^"\\]*)\\?"/g)) out.set(m[1]!, m[2]!);
  return out;
}

/** The Secrets cert-manager would write for the CA, Kong's server cert and each partner. */
export async function certManagerSecrets(policy: Policy): Promise<{ secrets: Map<string, Record<string, string>>; subjects: Map<string, string> }> {
  const ca = await createAuthority({ O: 'Home Party', CN: 'Home Party Partner Root CA' });
  const caPem = ca.cert.toString('pem');
  const secrets = new Map<string, Record<string, string>>();
  secrets.set(NAMES.caCert, { 'tls.crt': caPem, 'tls.key': await privateKeyPem(ca.keys), 'ca.crt': caPem });
  const server = await issueLeaf(ca, { subject: { CN: 'localhost' }, profile: 'server', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
  secrets.set(NAMES.serverCert, { 'tls.crt': server.cert.toString('pem'), 'tls.key': await privateKeyPem(server.keys), 'ca.crt': caPem });
  const subjects = new Map<string, string>();
  for (const p of policy.partners) {
    const issued = await issueLeaf(ca, { subject: p.subject, profile: 'client' });
    secrets.set(partnerSecretName(p.name), { 'tls.crt': issued.cert.toString('pem'), 'tls.key': await privateKeyPem(issued.keys), 'ca.crt': caPem });
    subjects.set(rfc2253(p.subject), p.name);
  }
  return { secrets, subjects };
}

export interface FakeKong {
  proxyPort: number;
  adminPort: number;
  /**
   * Called when the orchestration runs `kong reload`: re-read the CRL file and, as Kong 3.9.3
   * DB-less does (kong/init.lua: reset_kong_shm drops the "loaded" mark when declarative_config is
   * set, so init_worker loads the file again), the declarative file: what was only pushed is lost.
   */
  reload(crlPem: string, declarativeYaml?: string): void;
  pushedConfigs: { consumers?: { username: string }[] }[];
  close(): Promise<void>;
}

export async function startFakeKong(serverSecret: Record<string, string>, subjects: Map<string, string>): Promise<FakeKong> {
  let revoked = new Set<string>();
  let allowed = new Set(subjects.values());
  const pushedConfigs: FakeKong['pushedConfigs'] = [];
  // Like nginx with ssl_verify_client on: ask for a client cert, finish the handshake, judge in HTTP.
  const tlsOptions = { cert: serverSecret['tls.crt'], key: serverSecret['tls.key'], ca: serverSecret['ca.crt'], requestCert: true };
  const proxy: Server = createServer({ ...tlsOptions, rejectUnauthorized: false /* deliberately-insecure: server side; the handler refuses unauthorized clients */ }, (req, res) => {
    const socket = req.socket as TLSSocket;
    const peer = socket.getPeerCertificate();
    const send = (status: number, body: string, type = 'application/json'): void => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    if (!peer?.serialNumber) return send(400, '<center>No required SSL certificate was sent</center>', 'text/html');
    if (!socket.authorized || revoked.has(peer.serialNumber.toUpperCase())) return send(400, '<center>The SSL certificate error</center>', 'text/html');
    const dn = Object.entries(peer.subject).reverse().map(([k, v]) => `${k}=${String(v)}`).join(',');
    const name = subjects.get(dn);
    if (!name || !allowed.has(name)) return send(401, '{"message":"Unauthorized"}');
    send(200, JSON.stringify({ version: 'v1', consumer: name }));
  });
  const admin: HttpServer = createHttp((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const config = JSON.parse(body) as FakeKong['pushedConfigs'][number];
      pushedConfigs.push(config);
      allowed = new Set((config.consumers ?? []).map((c) => c.username));
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => admin.listen(0, '127.0.0.1', resolve));
  return {
    proxyPort: (proxy.address() as AddressInfo).port,
    adminPort: (admin.address() as AddressInfo).port,
    reload(crlPem, declarativeYaml) {
      revoked = new Set(new x509.X509Crl(crlPem).entries.map((e) => e.serialNumber.toUpperCase()));
      if (declarativeYaml !== undefined) allowed = new Set(((parse(declarativeYaml) as FakeKong['pushedConfigs'][number]).consumers ?? []).map((c) => c.username));
    },
    pushedConfigs,
    close: async () => {
      for (const s of [proxy, admin]) {
        s.closeAllConnections();
        await new Promise<void>((resolve) => s.close(() => resolve()));
      }
    },
  };
}
