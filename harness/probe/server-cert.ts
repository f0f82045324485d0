// What a client sees of the gateway's server certificate: whether it chains to the CA we were
// given and matches the host (Node's own checks, never switched off), and how long it has left.
import { connect, type PeerCertificate } from 'node:tls';
import type { ClientIdentity } from './probe.ts';
import { tlsConnectOptions } from './tls-options.ts';

export interface ServerCertView {
  authorized: boolean;
  /** Why Node refused it (e.g. UNABLE_TO_VERIFY_LEAF_SIGNATURE, ERR_TLS_CERT_ALTNAME_INVALID). */
  error?: string;
  /** The error code alone, to tell a certificate we refused from a port we could not talk TLS to. */
  code?: string;
  subject?: string;
  issuer?: string;
  /** SHA-256 of its DER, hex with colons. */
  sha256?: string;
  notBefore?: string;
  notAfter?: string;
  daysLeft?: number;
}

export function inspectServerCert(baseUrl: string, caPem: string, identity?: ClientIdentity, timeoutMs = 5000): Promise<ServerCertView> {
  return new Promise((resolve) => {
    const socket = connect(tlsConnectOptions(baseUrl, caPem, identity));
    const done = (view: ServerCertView): void => {
      socket.destroy();
      resolve(view);
    };
    socket.setTimeout(timeoutMs, () => done({ authorized: false, code: 'ETIMEDOUT', error: `no TLS handshake within ${timeoutMs} ms` }));
    socket.once('secureConnect', () => {
      const peer: PeerCertificate = socket.getPeerCertificate();
      const notAfter = new Date(peer.valid_to);
      done({
        authorized: socket.authorized,
        subject: Object.entries(peer.subject ?? {}).map(([k, v]) => `${k}=${String(v)}`).join(', '),
        issuer: Object.entries(peer.issuer ?? {}).map(([k, v]) => `${k}=${String(v)}`).join(', '),
        sha256: peer.fingerprint256,
        notBefore: new Date(peer.valid_from).toISOString(),
        notAfter: notAfter.toISOString(),
        daysLeft: Math.floor((notAfter.getTime() - Date.now()) / 86_400_000),
      });
    });
    socket.once('error', (err: NodeJS.ErrnoException) => done({ authorized: false, code: err.code ?? 'ERROR', error: `${err.code ?? 'ERROR'}: ${err.message}` }));
  });
}
