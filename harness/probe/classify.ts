// Turning a thrown connection error into an Outcome kind. Our own refusal of the server's
// certificate is a network-error: it must never be mistaken for the gateway refusing us.
import type { FailureOutcome } from './outcome.ts';

/** OpenSSL verify results Node reports when the *client* rejects the server certificate. */
const SERVER_CERT_REJECTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** TLS errors raised by OUR side before the server had a say (e.g. it cannot offer TLS 1.0). */
export const CLIENT_CANNOT_OFFER = new Set(['ERR_SSL_NO_PROTOCOLS_AVAILABLE', 'ERR_SSL_NO_CIPHERS_AVAILABLE', 'ERR_SSL_NO_CIPHER_MATCH']);

const RESET = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
}

function innermost(err: unknown): ErrorLike {
  let e = (err ?? {}) as ErrorLike;
  // undici wraps socket errors; the TLS alert code is on the cause.
  while (e.cause && typeof e.cause === 'object' && typeof (e.cause as ErrorLike).code === 'string') {
    e = e.cause as ErrorLike;
  }
  return e;
}

export function classifyError(err: unknown, elapsedMs: number): FailureOutcome {
  const inner = innermost(err);
  const outer = (err ?? {}) as ErrorLike;
  const code = String(inner.code ?? outer.code ?? 'UNKNOWN');
  const message = String(inner.message ?? outer.message ?? err);
  if (SERVER_CERT_REJECTED.has(code)) {
    return { kind: 'network-error', code, message: `we refused the gateway's server certificate: ${message}`, elapsedMs };
  }
  if (CLIENT_CANNOT_OFFER.has(code)) {
    return { kind: 'network-error', code, message: `this client cannot offer that: ${message}`, elapsedMs };
  }
  if (code.startsWith('ERR_SSL_')) return { kind: 'tls-rejected', code, message, elapsedMs };
  if (RESET.has(code)) return { kind: 'connection-reset', code, message, elapsedMs };
  return { kind: 'network-error', code, message, elapsedMs };
}
