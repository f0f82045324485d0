// A fake Kubernetes API over HTTPS on 127.0.0.1, enough for the kind target: Certificates become
// Ready and Deployments Available after a few polls (so waits are exercised), Secrets hold what
// cert-manager would have written. A kubeconfig (with the fake's CA: verification stays on) points
// @kubernetes/client-node at it.
import type { ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import { createAuthority, issueLeaf } from '../../harness/pki/authority.ts';
import { privateKeyPem } from '../../harness/pki/x509.ts';
import type { AddressInfo } from 'node:net';

export interface FakeKube {
  kubeconfig: string;
  requests: string[];
  secrets: Map<string, Record<string, string>>;
  /** Certificates that never become Ready (to test the bound). */
  stuck: Set<string>;
  /** A Certificate's spec renewal settings, where a test sets them (default: 2160h, renewBefore 720h). */
  renewal: Map<string, Record<string, string | number>>;
  /** What cert-manager signed for each CertificateRequest (PEM), served once it is Ready. */
  signed: Map<string, string>;
  /** How many of the next reads of a Certificate, CertificateRequest or Deployment answer 503 (an API server briefly unavailable). */
  transient: { left: number };
  close(): Promise<void>;
}

export async function startFakeKube(pollsUntilReady = 2): Promise<FakeKube> {
  const requests: string[] = [];
  const polls = new Map<string, number>();
  const secrets = new Map<string, Record<string, string>>();
  const stuck = new Set<string>();
  const signed = new Map<string, string>();
  const renewal = new Map<string, Record<string, string | number>>();
  const transient = { left: 0 };
  const ca = await createAuthority({ CN: 'fake kube CA' });
  const tls = await issueLeaf(ca, { subject: { CN: '127.0.0.1' }, profile: 'server', ipAddresses: ['127.0.0.1'] });
  const json = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server: Server = createServer({ cert: tls.cert.toString('pem'), key: await privateKeyPem(tls.keys) }, (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(`${req.method} ${path}`);
    const count = (polls.get(path) ?? 0) + 1;
    polls.set(path, count);
    if (transient.left > 0 && /\/(certificates|certificaterequests|deployments)\/[^/]+$/.test(path)) {
      transient.left--;
      return json(res, 503, { kind: 'Status', status: 'Failure', reason: 'ServiceUnavailable', code: 503, message: 'etcdserver: leader changed' });
    }
    let m = /^\/apis\/cert-manager\.io\/v1\/namespaces\/([^/]+)\/certificates\/([^/]+)$/.exec(path);
    if (m) {
      const ready = count >= pollsUntilReady && !stuck.has(m[2]!);
      return json(res, 200, { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: m[2], namespace: m[1] }, spec: renewal.get(m[2]!) ?? { duration: '2160h', renewBefore: '720h' }, status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', message: ready ? 'issued' : 'Issuing certificate as Secret does not exist' }] } });
    }
    m = /^\/apis\/cert-manager\.io\/v1\/namespaces\/([^/]+)\/certificaterequests\/([^/]+)$/.exec(path);
    if (m) {
      const cert = count >= pollsUntilReady ? signed.get(m[2]!) : undefined;
      return json(res, 200, { apiVersion: 'cert-manager.io/v1', kind: 'CertificateRequest', metadata: { name: m[2], namespace: m[1] }, status: { conditions: [{ type: 'Approved', status: 'True' }, { type: 'Ready', status: cert ? 'True' : 'False', message: cert ? 'Certificate fetched from issuer successfully' : 'Waiting on certificate issuance' }], ...(cert ? { certificate: Buffer.from(cert).toString('base64') } : {}) } });
    }
    m = /^\/api\/v1\/namespaces\/([^/]+)\/secrets\/([^/]+)$/.exec(path);
    if (m) {
      const data = secrets.get(m[2]!);
      if (!data) return json(res, 404, { kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404, message: `secrets "${m[2]}" not found` });
      return json(res, 200, { apiVersion: 'v1', kind: 'Secret', metadata: { name: m[2], namespace: m[1] }, type: 'kubernetes.io/tls', data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])) });
    }
    m = /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/deployments\/([^/]+)$/.exec(path);
    if (m) {
      return json(res, 200, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: m[2], namespace: m[1] }, spec: { replicas: 1 }, status: { availableReplicas: count >= pollsUntilReady ? 1 : 0 } });
    }
    json(res, 404, { kind: 'Status', code: 404, message: `no fake for ${path}` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const caData = Buffer.from(ca.cert.toString('pem')).toString('base64');
  const kubeconfig = `apiVersion: v1
kind: Config
clusters: [{ name: fake, cluster: { server: "${url}", certificate-authority-data: "${caData}" } }]
users: [{ name: fake, user: {} }]
contexts: [{ name: kind-fake, context: { cluster: fake, user: fake } }]
current-context: kind-fake
`;
  return {
    kubeconfig,
    requests,
    secrets,
    stuck,
    signed,
    renewal,
    transient,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
