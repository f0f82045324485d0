// A gateway of the `tls` family, for testing that oracle against a real server: Node's https with
// requestCert + rejectUnauthorized + a CRL refuses bad clients in the handshake. Known partners
// get the versioned echo; unknown subjects get 401 JSON; TLS 1.2 and 1.3 only.
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import type { TLSSocket } from 'node:tls';
import type { Policy } from '../../harness/config/policy.ts';
import { KeyStore } from '../../harness/pki/store.ts';
import type { TargetInfo } from '../../harness/targets/contract.ts';
import { mintLocalPki, writeCrl } from '../../harness/targets/local/local-pki.ts';

/** With the PKI's pre-revoked probe on the CRL. */
export async function startTlsGateway(policy: Policy): Promise<{ info: Pick<TargetInfo, 'partners' | 'probes' | 'serverCaPem' | 'baseUrl'>; close(): Promise<void> }> {
  const store = new KeyStore();
  const pki = await mintLocalPki(store, policy);
  await writeCrl(store, pki, []);
  const allowed = new Map(pki.partners.map((p) => [p.subject, p.name]));
  const server = createServer(
    {
      cert: readFileSync(pki.serverCertFile),
      key: readFileSync(pki.serverKeyFile),
      ca: readFileSync(pki.caFile),
      crl: readFileSync(pki.crlFile),
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
    },
    (req, res) => {
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      const subject = Object.entries(peer.subject ?? {}).reverse().map(([k, v]) => `${k}=${String(v)}`).join(',');
      const partner = allowed.get(subject);
      const version = /^\/(v1|v2)\//.exec(req.url ?? '')?.[1];
      const json = (status: number, body: object, headers: Record<string, string> = {}): void => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      if (!partner) return json(401, { message: 'Unauthorized' });
      if (!version) return json(404, { message: 'no Route matched with those values' });
      json(200, { version, consumer: partner }, { 'x-service-version': version });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    info: {
      baseUrl: `https://localhost:${(server.address() as AddressInfo).port}`,
      serverCaPem: readFileSync(pki.caFile, 'utf8'),
      partners: pki.partners,
      probes: pki.probes,
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          store.remove();
          resolve();
        });
      }),
  };
}
