// Servers on 127.0.0.1 that must never make a refusal demo pass: one that lets every client in and
// cuts every answer short, one that never answers (or never ends its answer) after TLS, one that
// verifies certificates but knows no partner (or no route), one that speaks plain HTTP on the "mTLS" port, one that closes every
// connection before any TLS; and one that does not require client certs at TLS but refuses in
// HTTP (401/403 JSON), which only the `any` oracle takes. Each comes with the PKI the target file
// needs (certs under certs/).
import { createServer as createHttp } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { createServer as createNet } from 'node:net';
import { readFileSync } from 'node:fs';
import type { TLSSocket } from 'node:tls';
import type { Policy } from '../../harness/config/policy.ts';
import { startStandIn, type StandIn } from './stand-in.ts';

export type BadKind = 'cut-body' | 'plain-http' | 'close-at-once' | 'refuses-in-http' | 'never-answers' | 'endless-body' | 'knows-no-partner' | 'has-no-route';


export function startBadGateway(kind: BadKind, policy: Policy): Promise<StandIn> {
  return startStandIn(policy, (pki) => {
    const tls = { cert: readFileSync(pki.serverCertFile), key: readFileSync(pki.serverKeyFile) };
    if (kind === 'cut-body') {
      // Asks for a client cert but lets everyone in (any cert, or none), and breaks off every body:
      // announced by a Content-Length it never reaches, or chunked and never ended (in turn).
      let answers = 0;
      return createHttps({ ...tls, requestCert: true, rejectUnauthorized: false /* deliberately-insecure: server side; this stand-in accepts every client on purpose */ }, (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', ...(answers++ % 2 === 0 ? { 'content-length': '4096' } : {}) });
        res.write('{"version":"v1","consumer":');
        setTimeout(() => res.socket?.destroy(), 5);
      });
    }
    if (kind === 'never-answers' || kind === 'endless-body') {
      // Completes TLS with any client and then never answers, or starts an answer it never ends.
      return createHttps({ ...tls, requestCert: true, rejectUnauthorized: false /* deliberately-insecure: server side; this stand-in takes every client on purpose */ }, (_req, res) => {
        if (kind === 'endless-body') res.writeHead(200, { 'content-type': 'application/json' }).write('{"version":"v1",');
      });
    }
    if (kind === 'knows-no-partner' || kind === 'has-no-route') {
      // Verifies client certs at TLS as it must, then knows no consumer (Kong's 401), or no route (Kong's 404).
      return createHttps({ ...tls, ca: readFileSync(pki.caFile), requestCert: true, rejectUnauthorized: true }, (_req, res) => {
        const [status, message] = kind === 'knows-no-partner' ? [401, 'Unauthorized'] : [404, 'no Route matched with those values'];
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ message }));
      });
    }
    if (kind === 'refuses-in-http') {
      return createHttps({ ...tls, ca: readFileSync(pki.caFile), requestCert: true, rejectUnauthorized: false /* deliberately-insecure: server side; TLS lets any client through, the handler refuses in HTTP */ }, (req, res) => {
        const socket = req.socket as TLSSocket;
        const json = (status: number, body: object): void => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        if (!socket.getPeerCertificate()?.subject) return json(401, { message: 'client certificate required' });
        if (!socket.authorized) return json(403, { message: 'client certificate not trusted' });
        json(200, { version: 'v1' });
      });
    }
    if (kind === 'plain-http') {
      return createHttp((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"version":"v1"}');
      });
    }
    return createNet((socket) => socket.destroy());
  });
}
