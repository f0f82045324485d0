// The options of a bare TLS connection to a gateway's base URL, as the probe's connector sets
// them: SNI with a host name (never with an IP address), the given CA, verification on.
import type { ConnectionOptions } from 'node:tls';
import type { ClientIdentity } from './probe.ts';

export function tlsConnectOptions(baseUrl: string, caPem: string, identity?: ClientIdentity): ConnectionOptions {
  const url = new URL(baseUrl);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const isIp = /^[\d.]+$/.test(host) || host.includes(':');
  return {
    host,
    port: Number(url.port || 443),
    ca: caPem,
    ...(isIp ? {} : { servername: host }),
    ...(identity ? { cert: identity.certPem, key: identity.keyPem } : {}),
    minVersion: 'TLSv1.2',
  };
}
