// Recognising the *form* of an Outcome: which way of saying yes or no it is. Oracles then decide
// which forms count for an expectation. A response that came through the proxy from a backend is
// never a gateway's refusal, whatever its status.
import type { Outcome, ResponseOutcome } from '../probe/outcome.ts';

export type Form =
  | 'accepted' //              2xx
  | 'nginx-no-cert-page' //    400 text/html "No required SSL certificate was sent" (Kong OSS, nginx)
  | 'nginx-cert-error-page' // 400 text/html "The SSL certificate error"
  | 'mtls-auth-no-cert' //     401 JSON "No required TLS certificate was sent" (Kong Enterprise)
  | 'mtls-auth-cert-failed' // 401 JSON "TLS certificate failed verification"
  | 'unauthorized-json' //     401 JSON {"message": ...} (unknown or offboarded consumer)
  | 'forbidden-json' //        403 JSON {"message": ...} from the gateway itself
  | 'other-refusal' //         another 401 or 403 of the gateway's own (a page, another JSON): nginx's `return 403`, HAProxy's deny
  | 'rate-limited-json' //     429 JSON {"message":"API rate limit exceeded"}
  | 'route-not-found' //       404 from the gateway itself
  | 'tls-alert' //             handshake ended by the server
  | 'connection-closed' //     reset / closed before any HTTP response
  | 'proxied-error' //         a non-2xx that a backend produced (carries the proxy's marks)
  | 'upstream-failed' //       502/503/504 in Kong's words for a backend that failed it (even with Via: Kong marks those proxied)
  | 'gateway-error' //         another 5xx from the gateway itself
  | 'other'; //                anything else: a 502, a timeout, our refusal of the server cert, ...

/** Each form in words a reader of a verdict knows. */
export const FORM_WORDS: Record<Form, string> = {
  accepted: 'let in (2xx)',
  'nginx-no-cert-page': 'nginx\'s 400 page "No required SSL certificate was sent"',
  'nginx-cert-error-page': 'nginx\'s 400 page "The SSL certificate error"',
  'mtls-auth-no-cert': 'mtls-auth\'s 401 "No required TLS certificate was sent"',
  'mtls-auth-cert-failed': 'mtls-auth\'s 401 "TLS certificate failed verification"',
  'unauthorized-json': 'a 401 JSON refusal (an auth plugin, after TLS let the client through)',
  'forbidden-json': 'a 403 JSON refusal',
  'other-refusal': 'a 401 or 403 of the gateway\'s own in another form',
  'rate-limited-json': 'a 429 "API rate limit exceeded"',
  'route-not-found': 'a 404 of the gateway\'s own',
  'tls-alert': 'a TLS alert in the handshake',
  'connection-closed': 'the connection closed before any HTTP answer',
  'proxied-error': 'a backend\'s error answer, passed through',
  'upstream-failed': 'the gateway\'s own 502/503/504 for a failed backend',
  'gateway-error': 'a 5xx of the gateway\'s own',
  other: 'another answer',
};

export const NO_CERT_MARKER = 'No required SSL certificate was sent';
export const CERT_ERROR_MARKER = 'The SSL certificate error';
export const RATE_LIMIT_MESSAGE = 'API rate limit exceeded';

/**
 * What Kong says when the backend failed it: kong/error_handlers.lua (502, 503, 504) and
 * kong/runloop/balancer/init.lua (503 with no healthy target), at 3.9.3. In JSON or plain text,
 * as the client's Accept asks; Kong adds Via to these too, as it had set out to proxy.
 */
export const UPSTREAM_FAILED_MESSAGES: readonly string[] = [
  'An invalid response was received from the upstream server',
  'The upstream server is currently unavailable',
  'The upstream server is timing out',
  'failure to get a peer from the ring-balancer',
  'failure to get a peer from retry handler',
  'name resolution failed',
];

/** Kong adds Via (3.x: "1.1 kong/3.9.3") and X-Kong-Upstream-Latency to proxied responses; so does our reference gateway (Via). */
export function wasProxied(o: ResponseOutcome): boolean {
  return o.headers['via'] !== undefined || o.headers['x-kong-upstream-latency'] !== undefined;
}

/** The `message` of a JSON answer (Kong's form), if it has one. */
export function jsonMessage(o: ResponseOutcome): string | undefined {
  if (!(o.headers['content-type'] ?? '').startsWith('application/json')) return undefined;
  try {
    const parsed: unknown = JSON.parse(o.body);
    if (parsed && typeof parsed === 'object' && typeof (parsed as { message?: unknown }).message === 'string') {
      return (parsed as { message: string }).message;
    }
  } catch {
    // not JSON after all: no message
  }
  return undefined;
}

function isHtml(o: ResponseOutcome): boolean {
  return (o.headers['content-type'] ?? '').startsWith('text/html');
}

export function formOf(o: Outcome): Form {
  if (o.kind !== 'response') return o.kind === 'tls-rejected' ? 'tls-alert' : o.kind === 'connection-reset' ? 'connection-closed' : 'other';
  if (o.status >= 200 && o.status < 300) return 'accepted';
  if ([502, 503, 504].includes(o.status) && UPSTREAM_FAILED_MESSAGES.some((m) => o.body.includes(m))) return 'upstream-failed';
  if (wasProxied(o)) return 'proxied-error';
  const message = jsonMessage(o);
  if (o.status === 400 && isHtml(o)) {
    if (o.body.includes(NO_CERT_MARKER)) return 'nginx-no-cert-page';
    if (o.body.includes(CERT_ERROR_MARKER)) return 'nginx-cert-error-page';
  }
  if (o.status === 401 && message !== undefined) {
    if (message === 'No required TLS certificate was sent') return 'mtls-auth-no-cert';
    if (message === 'TLS certificate failed verification') return 'mtls-auth-cert-failed';
    return 'unauthorized-json';
  }
  if (o.status === 403 && message !== undefined) return 'forbidden-json';
  if (o.status === 401 || o.status === 403) return 'other-refusal';
  if (o.status === 429 && message === RATE_LIMIT_MESSAGE) return 'rate-limited-json';
  if (o.status >= 500) return 'gateway-error';
  if (o.status === 404) return 'route-not-found';
  return 'other';
}
