// Turning a thrown connection error into an Outcome kind. Only two things are a gateway refusing us
// at TLS: an alert the peer sent, or the connection closed after the handshake completed and before
// any HTTP answer. Everything else is no verdict at all: our own refusal of the server certificate,
// our failure to speak TLS with the port (a plain-HTTP port answers "wrong version number"), a
// time-out, nothing listening, or a close before the handshake completed without an alert.
import type { FailureOutcome } from './outcome.ts';

/** OpenSSL verify results Node reports when the *client* rejects the server certificate. */
export const SERVER_CERT_REJECTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** TLS errors raised by OUR side before the server had a say (e.g. it cannot offer TLS 1.0). */
export const CLIENT_CANNOT_OFFER = new Set(['ERR_SSL_NO_PROTOCOLS_AVAILABLE', 'ERR_SSL_NO_CIPHERS_AVAILABLE', 'ERR_SSL_NO_CIPHER_MATCH']);

/** An alert record the peer sent (OpenSSL names it SSLV3_ALERT_*, TLSV1_ALERT_*, TLSV13_ALERT_*). */
const PEER_ALERT = /^ERR_SSL_(SSLV3|TLSV1|TLSV13)_ALERT_/;

/** The server answered our version offer with another version: its refusal of the one we offered. */
const VERSION_REFUSED = new Set(['ERR_SSL_UNSUPPORTED_PROTOCOL']);

const CLOSED = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/** Codes of failures that are no verdict, for reasons and fixes (see no-verdict.ts). */
export const NO_TLS_CODE = 'NOT_TLS';
export const HANDSHAKE_ABORTED = 'HANDSHAKE_ABORTED';
/** A probe refused to send a request whose URL would leave the gateway's origin. */
export const OFF_ORIGIN = 'OFF_ORIGIN';

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

/** `handshakeDone`: our TLS handshake had completed (secureConnect) when the error came. */
export function classifyError(err: unknown, elapsedMs: number, handshakeDone = false): FailureOutcome {
  const inner = innermost(err);
  const outer = (err ?? {}) as ErrorLike;
  const code = String(inner.code ?? outer.code ?? 'UNKNOWN');
  const message = String(inner.message ?? outer.message ?? err).split('\n')[0]!;
  if (SERVER_CERT_REJECTED.has(code)) {
    return { kind: 'network-error', code, message: `we refused the gateway's server certificate: ${message}`, elapsedMs };
  }
  if (CLIENT_CANNOT_OFFER.has(code)) {
    return { kind: 'network-error', code, message: `this client cannot offer that: ${message}`, elapsedMs };
  }
  if (PEER_ALERT.test(code)) return { kind: 'tls-rejected', code, message, elapsedMs };
  if (VERSION_REFUSED.has(code)) return { kind: 'tls-rejected', code, message: `the server would not speak the TLS version offered: ${message}`, elapsedMs };
  if (code.startsWith('ERR_SSL_')) {
    return { kind: 'network-error', code: NO_TLS_CODE, message: `we could not speak TLS with this port (${code}: ${message})`, elapsedMs };
  }
  if (CLOSED.has(code)) {
    if (handshakeDone) return { kind: 'connection-reset', code, message: `closed after the TLS handshake, before any HTTP answer (${message})`, elapsedMs };
    return { kind: 'network-error', code: HANDSHAKE_ABORTED, message: `closed before the TLS handshake completed, without a TLS alert (${code}: ${message})`, elapsedMs };
  }
  return { kind: 'network-error', code, message, elapsedMs };
}
