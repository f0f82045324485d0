// A gateway on 127.0.0.1 that refuses certificates as Kong OSS does (nginx's 400 pages, 401 JSON for
// an unknown subject) and counts each consumer's requests as Kong's rate-limiting plugin does
// (kong/plugins/rate-limiting/handler.lua at 3.9.3): fixed windows aligned to the clock, the count
// read before the request and raised after it, and on every answer X-RateLimit-Limit-Minute,
// X-RateLimit-Remaining-Minute, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset (Retry-After
// and 429 {"message":"API rate limit exceeded"} when over). `windowMs` shortens Kong's minute so
// that tests need not wait one out; `turnWindow` starts the next window now, as a boundary would.
import { createServer } from 'node:https';
import { readFileSync } from 'node:fs';
import type { TLSSocket } from 'node:tls';
import type { Policy } from '../../harness/config/policy.ts';
import type { TargetInfo } from '../../harness/core/target.ts';
import { startStandIn } from './stand-in.ts';

export interface LimiterOptions {
  /** Per-window quotas by partner name; a partner not named is not limited. */
  limits: Record<string, number>;
  windowMs?: number;
  /** Send Kong's headers (true), or limit silently as a bare limiter does. */
  headers?: boolean;
  /** Start a new window once this partner has sent this many requests in the current one (once). */
  turnAfter?: { partner: string; requests: number };
}

export interface KongLimiter {
  info: Pick<TargetInfo, 'partners' | 'probes' | 'serverCaPem' | 'baseUrl'>;
  /** HTTP requests each partner sent (on any route, limited or not), for budget checks. */
  seen: Map<string, number>;
  turnWindow(): void;
  close(): Promise<void>;
}

export async function startKongLimiter(policy: Policy, o: LimiterOptions): Promise<KongLimiter> {
  const windowMs = o.windowMs ?? 60_000;
  const counts = new Map<string, number>();
  const seen = new Map<string, number>();
  let shift = 0;
  let turnAfter = o.turnAfter;
  const now = (): number => Date.now() + shift;
  const turnWindow = (): void => void (shift += windowMs - (now() % windowMs));

  const standIn = await startStandIn(policy, (pki) => {
    const names = new Map(pki.partners.map((p) => [p.subject, p.name]));
    return createServer(
      { cert: readFileSync(pki.serverCertFile), key: readFileSync(pki.serverKeyFile), ca: readFileSync(pki.caFile), crl: readFileSync(pki.crlFile), requestCert: true, rejectUnauthorized: false /* deliberately-insecure: server side; like nginx with ssl_verify_client on, the handler judges the client */ },
      (req, res) => {
        const socket = req.socket as TLSSocket;
        const peer = socket.getPeerCertificate();
        const send = (status: number, body: string, headers: Record<string, string | number> = {}, type = 'application/json; charset=utf-8'): void => {
          res.writeHead(status, { 'content-type': type, ...headers });
          res.end(body);
        };
        if (!peer?.subject) return send(400, '<html><center>No required SSL certificate was sent</center></html>', {}, 'text/html');
        if (!socket.authorized) return send(400, '<html><center>The SSL certificate error</center></html>', {}, 'text/html');
        const subject = Object.entries(peer.subject).reverse().map(([k, v]) => `${k}=${String(v)}`).join(',');
        const consumer = names.get(subject);
        if (!consumer) return send(401, '{"message":"Unauthorized"}');
        seen.set(consumer, (seen.get(consumer) ?? 0) + 1);
        const version = /^\/(v1|v2)\//.exec(req.url ?? '')?.[1];
        if (!version) return send(404, '{"message":"no Route matched with those values"}');
        const limit = o.limits[consumer];
        const headers: Record<string, string | number> = { via: '1.1 kong/3.9.3' };
        if (limit !== undefined) {
          const t = now();
          const windowStart = t - (t % windowMs);
          const key = `${consumer}@${windowStart}`;
          const used = counts.get(key) ?? 0;
          const stop = limit - used <= 0;
          const remaining = Math.max(0, stop ? 0 : limit - used - 1);
          const reset = Math.max(1, Math.round(windowMs / 1000) - Math.floor((t - windowStart) / 1000));
          const quota = { 'x-ratelimit-limit-minute': limit, 'x-ratelimit-remaining-minute': remaining, 'ratelimit-limit': limit, 'ratelimit-remaining': remaining, 'ratelimit-reset': reset };
          if (stop) return send(429, '{"message":"API rate limit exceeded"}', o.headers === false ? {} : { ...quota, 'retry-after': reset });
          counts.set(key, used + 1);
          if (o.headers !== false) Object.assign(headers, quota);
          if (turnAfter && turnAfter.partner === consumer && used + 1 >= turnAfter.requests) {
            turnAfter = undefined;
            turnWindow();
          }
        }
        send(200, JSON.stringify({ version, consumer }), { ...headers, 'x-service-version': version });
      },
    );
  });
  return { info: standIn.info, seen, turnWindow, close: () => standIn.close() };
}
