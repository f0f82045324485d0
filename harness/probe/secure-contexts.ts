// The TLS client contexts of probes, one per trust anchor, identity and TLS settings, made once per
// run rather than at each of a run's hundreds of probes (each parses the CA, the certificate and
// the key). A context carries no session from one connection to the next: Node keeps no client sessions in it (SSL_SESS_CACHE_NO_INTERNAL), so
// each probe is still a fresh full handshake unless it hands in a saved session itself
// (test/probe.test.ts holds both).
import { createHash } from 'node:crypto';
import { createSecureContext, type SecureContext, type SecureVersion } from 'node:tls';

export interface ContextSettings {
  caPem: string;
  identity?: { certPem: string; keyPem: string };
  minVersion: SecureVersion;
  maxVersion?: SecureVersion;
  ciphers?: string;
}

/** Enough for every identity and TLS setting of a run; past it, the oldest are let go. */
const LIMIT = 256;
const contexts = new Map<string, SecureContext>();

/** A digest, not the PEMs themselves: no private key is held as a map key. */
function keyOf(s: ContextSettings): string {
  const h = createHash('sha256');
  for (const part of [s.caPem, s.identity?.certPem ?? '', s.identity?.keyPem ?? '', s.minVersion, s.maxVersion ?? '', s.ciphers ?? '']) h.update(part).update('\0');
  return h.digest('hex');
}

/** The context for these settings, made on first use. Throws as tls.connect would for a bad key or certificate. */
export function secureContextFor(s: ContextSettings): SecureContext {
  const key = keyOf(s);
  const known = contexts.get(key);
  if (known) return known;
  const made = createSecureContext({
    ca: s.caPem,
    ...(s.identity ? { cert: s.identity.certPem, key: s.identity.keyPem } : {}),
    minVersion: s.minVersion,
    ...(s.maxVersion ? { maxVersion: s.maxVersion } : {}),
    ...(s.ciphers ? { ciphers: s.ciphers } : {}),
  });
  if (contexts.size >= LIMIT) contexts.delete(contexts.keys().next().value!);
  contexts.set(key, made);
  return made;
}
