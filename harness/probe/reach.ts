// Before any demo: can we speak TLS with the gateway at all? One TCP connection and TLS handshake,
// bounded. A completed handshake, an alert from the peer, or a server certificate we refuse all
// mean a TLS listener answered (the demos judge the rest); a name that does not resolve, a refused
// port, a port that does not speak TLS, a close before the handshake or a handshake that never
// completes mean there is nothing to test: the environment's fault, said once (exit 3).
import { connect } from 'node:tls';
import { classifyError, SERVER_CERT_REJECTED } from './classify.ts';
import type { ClientIdentity } from './probe.ts';
import { tlsConnectOptions } from './tls-options.ts';

/**
 * ok: a TLS listener answered. `notIssuedByCa`: it did, with a server certificate that does not
 * chain to the CA we were given (not an expired or revoked one: that is the gateway's to answer for).
 */
export type Reach = { ok: true; notIssuedByCa?: string } | { ok: false; code: string; message: string };

/** Verify errors that mean the server certificate does not chain to the CA given. */
const NOT_ISSUED_BY_CA = new Set(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN']);

export function reach(baseUrl: string, caPem: string, identity?: ClientIdentity, boundMs = 10_000): Promise<Reach> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(tlsConnectOptions(baseUrl, caPem, identity));
    let handshake = false;
    const done = (r: Reach): void => {
      socket.destroy();
      resolve(r);
    };
    socket.setTimeout(boundMs, () => done({ ok: false, code: 'ETIMEDOUT', message: `no TLS handshake within ${Math.round(boundMs / 1000)} s` }));
    socket.once('secureConnect', () => {
      handshake = true;
      done({ ok: true });
    });
    socket.once('error', (err) => {
      const o = classifyError(err, Date.now() - started, handshake);
      if (NOT_ISSUED_BY_CA.has(o.code)) return done({ ok: true, notIssuedByCa: o.code });
      if (o.kind !== 'network-error' || SERVER_CERT_REJECTED.has(o.code)) return done({ ok: true });
      done({ ok: false, code: o.code, message: o.message });
    });
  });
}
