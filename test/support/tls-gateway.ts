// A gateway of the `tls` family, for testing that oracle against a real server: Node's https with
// requestCert + rejectUnauthorized + a CRL refuses bad clients in the handshake. Known partners
// get the versioned echo; unknown subjects get 401 JSON; TLS 1.2 and 1.3 only.
import { createServer } from 'node:https';
import { readFileSync } from 'node:fs';
import type { TLSSocket } from 'node:tls';
import type { Policy } from '../../harness/config/policy.ts';
import { startStandIn, type StandIn } from './stand-in.ts';

/** With the PKI's pre-revoked probe on the CRL. */
export function startTlsGateway(policy: Policy): Promise<StandIn> {
  return startStandIn(policy, (pki) => {
    const allowed = new Map(pki.partners.map((p) => [p.subject, p.name]));
    return createServer(
      { cert: readFileSync(pki.serverCertFile), key: readFileSync(pki.serverKeyFile), ca: readFileSync(pki.caFile), crl: readFileSync(pki.crlFile), requestCert: true, rejectUnauthorized: true, minVersion: 'TLSv1.2' },
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
  });
}
