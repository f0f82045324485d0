// One probe = one fresh TLS connection (undici Client with its own connector), one request,
// one Outcome. Server verification always stays on; TLS session reuse is off unless a caller
// hands in a saved session. The TLS context (CA, identity, versions) is made once per run
// (secure-contexts.ts); it carries no session between connections.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { SecureVersion, TLSSocket } from 'node:tls';
import { Client, buildConnector, type Dispatcher, type buildConnector as Connector } from 'undici';
import { certificatesIn, privateKeyIn } from '../pki/pem.ts';
import { classifyError, OFF_ORIGIN } from './classify.ts';
import { secureContextFor } from './secure-contexts.ts';
import type { Outcome, TlsInfo } from './outcome.ts';

export interface ClientIdentity {
  certPem: string;
  /** Held in memory for the handshake only; never logged or attached. */
  keyPem: string;
}

export interface ProbeRequest {
  baseUrl: string;
  path: string;
  /** Trust anchor for the gateway's server certificate. */
  caPem: string;
  identity?: ClientIdentity;
  method?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** The source address to connect from (another loopback address, for an IP allowlist). */
  localAddress?: string;
  tls?: {
    minVersion?: SecureVersion;
    maxVersion?: SecureVersion;
    /** A session saved from an earlier probe, to try resuming it. */
    session?: Buffer;
    /** OpenSSL cipher list; legacy-version probes need '@SECLEVEL=0' to offer TLS 1.0/1.1 at all. */
    ciphers?: string;
  };
}

export interface ProbeResult {
  outcome: Outcome;
  /** Sent as x-request-id, so the gateway's log line for this request can be found. */
  requestId: string;
  url: string;
  sentHeaders: Record<string, string>;
  /** The TLS session the server handed out, for a later resumption test. */
  session?: Buffer;
}

const BODY_LIMIT = 64 * 1024;
export const USER_AGENT = 'mtls-conformance/0.1';

export function loadIdentity(files: { certFile: string; keyFile: string }): ClientIdentity {
  // Only the certificate blocks (a user's file may hold its key first), as validation read them.
  return { certPem: certificatesIn(readFileSync(files.certFile, 'utf8')), keyPem: privateKeyIn(readFileSync(files.keyFile, 'utf8')) };
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

export async function probe(req: ProbeRequest): Promise<ProbeResult> {
  const requestId = randomUUID();
  const timeout = req.timeoutMs ?? 5000;
  const url = new URL(req.path, req.baseUrl);
  const sentHeaders = { 'user-agent': USER_AGENT, 'x-request-id': requestId, ...(req.headers ?? {}) };
  // Only the named origin: a path that would lead elsewhere ("//host/x", "/\\host") is never sent.
  const origin = new URL(req.baseUrl).origin;
  if (url.origin !== origin || !req.path.startsWith('/') || req.path.startsWith('//') || req.path.includes('\\')) {
    return { outcome: { kind: 'network-error', code: OFF_ORIGIN, message: `the path ${JSON.stringify(req.path.slice(0, 80))} does not stay on ${origin}: nothing was sent`, elapsedMs: 0 }, requestId, url: origin, sentHeaders };
  }
  let tls: TlsInfo = { protocol: null, cipher: null, resumed: false };
  let session: Buffer | undefined;
  let handshakeDone = false;

  const connect: Connector.connector = (opts, callback) => {
    let base: Connector.connector;
    try {
      base = buildConnector({
        secureContext: secureContextFor({
          caPem: req.caPem,
          ...(req.identity ? { identity: req.identity } : {}),
          minVersion: req.tls?.minVersion ?? 'TLSv1.2',
          ...(req.tls?.maxVersion ? { maxVersion: req.tls.maxVersion } : {}),
          ...(req.tls?.ciphers ? { ciphers: req.tls.ciphers } : {}),
        }),
        ...(req.tls?.session ? { session: req.tls.session } : {}),
        maxCachedSessions: 0,
        timeout,
      });
    } catch (err) {
      // A key or certificate TLS cannot use fails the request, as tls.connect's own check did.
      return callback(err as Error, null);
    }
    return base(opts, (...args) => {
      const socket = args[1] as TLSSocket | null;
      if (socket) {
        handshakeDone = true;
        // Read while the socket is up: a 400 page closes the connection right after.
        tls = {
          protocol: socket.getProtocol(),
          cipher: socket.getCipher()?.name ?? null,
          resumed: socket.isSessionReused(),
          ...(socket.localAddress ? { localAddress: socket.localAddress } : {}),
        };
        socket.on('session', (s: Buffer) => (session = s));
      }
      callback(...args);
    });
  };

  const client = new Client(url.origin, { connect, headersTimeout: timeout, bodyTimeout: timeout, pipelining: 0, ...(req.localAddress ? { localAddress: req.localAddress } : {}) });
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  try {
    let res: Dispatcher.ResponseData;
    try {
      res = await client.request({ method: req.method ?? 'GET', path: url.pathname + url.search, headers: sentHeaders });
    } catch (err) {
      return { outcome: classifyError(err, elapsed(), handshakeDone), requestId, url: url.href, sentHeaders };
    }
    // The gateway has answered: a status line and headers are a verdict even if the body is then
    // cut short (a truncated 200 is still an acceptance, never a refusal).
    const { body, truncated } = await readBody(res.body, timeout);
    const outcome: Outcome = {
      kind: 'response',
      status: res.statusCode,
      headers: flattenHeaders(res.headers),
      body,
      tls,
      elapsedMs: elapsed(),
      ...(truncated ? { truncated } : {}),
    };
    return { outcome, requestId, url: url.href, sentHeaders, ...(session ? { session } : {}) };
  } finally {
    await client.destroy().catch(() => undefined);
  }
}

/**
 * The body up to BODY_LIMIT, read within `deadlineMs` in all (undici's body timeout is per chunk:
 * a gateway that trickles an endless body would otherwise hold a probe forever). Reading stops at
 * the cap (the rest is not needed to judge); `truncated` when the connection broke off, or the
 * deadline passed, before the body ended.
 */
async function readBody(stream: AsyncIterable<unknown> & { destroy?(err?: Error): void }, deadlineMs: number): Promise<{ body: string; truncated: boolean }> {
  let body = '';
  let late = false;
  const timer = setTimeout(() => {
    late = true;
    stream.destroy?.(new Error(`body not complete within ${deadlineMs} ms`));
  }, deadlineMs);
  try {
    for await (const chunk of stream) {
      body += (chunk as Buffer).toString('utf8');
      if (body.length >= BODY_LIMIT) break;
    }
    return { body: body.slice(0, BODY_LIMIT), truncated: late };
  } catch {
    return { body: body.slice(0, BODY_LIMIT), truncated: true };
  } finally {
    clearTimeout(timer);
  }
}
