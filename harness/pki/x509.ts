// The one place that loads @peculiar/x509 (reflect-metadata first: tsyringe, one of its
// dependencies, refuses to load without it), and gives it Node's WebCrypto as its provider.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';

// Node's webcrypto is the same API as the DOM Crypto the library's types name.
x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export { x509 };
export const subtle = webcrypto.subtle;

/** ECDSA P-256 with SHA-256: what cert-manager issues with `privateKey: {algorithm: ECDSA, size: 256}`. */
export const EC_P256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export type KeyPair = webcrypto.CryptoKeyPair;

export async function generateKeyPair(): Promise<KeyPair> {
  return subtle.generateKey(EC_P256, true, ['sign', 'verify']) as Promise<KeyPair>;
}

/** PKCS#8 PEM ("PRIVATE KEY"), which nginx, Kong and Node all read. Only ever written to a 0600 file. */
export async function privateKeyPem(keys: KeyPair): Promise<string> {
  const der = await subtle.exportKey('pkcs8', keys.privateKey);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}
