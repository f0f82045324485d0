// Which hash a key signs with, the same on both sides: ECDSA with the hash of its curve's size,
// RSA with SHA-256 (PKCS#1 v1.5), Ed25519 with none (it hashes itself).
import type { KeyObject } from 'node:crypto';

export function hashFor(key: KeyObject): string | null {
  if (key.asymmetricKeyType === 'ed25519' || key.asymmetricKeyType === 'ed448') return null;
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    return curve === 'secp384r1' ? 'sha384' : curve === 'secp521r1' ? 'sha512' : 'sha256';
  }
  return 'sha256';
}
