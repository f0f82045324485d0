// The one place that loads @peculiar/x509 (reflect-metadata first: tsyringe, one of its
// dependencies, refuses to load without it), and gives it Node's WebCrypto as its provider.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto, type KeyObject } from 'node:crypto';

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

/** How a key signs: ECDSA with the hash of its curve's size, RSA PKCS#1 v1.5 with SHA-256, or Ed25519. */
export type SigningAlgorithm = { name: 'ECDSA'; namedCurve: string; hash: string } | { name: 'RSASSA-PKCS1-v1_5'; modulusLength: number; publicExponent: Uint8Array; hash: string } | { name: 'Ed25519' };

/** The kinds of key the harness can make and sign with, for the line that names one it cannot. */
export const KEY_KINDS = 'ECDSA on P-256, P-384 or P-521, RSA, or Ed25519';

const CURVES: Record<string, { namedCurve: string; hash: string }> = {
  prime256v1: { namedCurve: 'P-256', hash: 'SHA-256' },
  secp384r1: { namedCurve: 'P-384', hash: 'SHA-384' },
  secp521r1: { namedCurve: 'P-521', hash: 'SHA-512' },
};

/** The algorithm of a key (a partner's, a CA's): what a key of the same kind is made and signs with; undefined for a kind this cannot make. */
export function algorithmOf(key: KeyObject): SigningAlgorithm | undefined {
  const d = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'ec' && d?.namedCurve && CURVES[d.namedCurve]) return { name: 'ECDSA', ...CURVES[d.namedCurve]! };
  if (key.asymmetricKeyType === 'ed25519') return { name: 'Ed25519' };
  if (key.asymmetricKeyType === 'rsa' && d?.modulusLength) {
    const hex = BigInt(d.publicExponent ?? 65537).toString(16);
    return { name: 'RSASSA-PKCS1-v1_5', modulusLength: d.modulusLength, publicExponent: new Uint8Array(Buffer.from(hex.padStart(hex.length + (hex.length % 2), '0'), 'hex')), hash: 'SHA-256' };
  }
  return undefined;
}

/** How WebCrypto imports a key of this kind (its name, and the curve or hash that goes with it). */
export function importAlgorithm(a: SigningAlgorithm): { name: string; namedCurve?: string; hash?: string } {
  if (a.name === 'ECDSA') return { name: a.name, namedCurve: a.namedCurve };
  return a.name === 'Ed25519' ? a : { name: a.name, hash: a.hash };
}

/** A fresh key pair of the same kind as `like`: ECDSA on its curve, RSA of its size, Ed25519 (default: ECDSA P-256). */
export async function generateKeyPairAs(like: SigningAlgorithm = EC_P256): Promise<KeyPair> {
  return subtle.generateKey(like, true, ['sign', 'verify']) as Promise<KeyPair>;
}

/** PKCS#8 PEM ("PRIVATE KEY"), which nginx, Kong and Node all read. Only ever written to a 0600 file. */
export async function privateKeyPem(keys: KeyPair): Promise<string> {
  const der = await subtle.exportKey('pkcs8', keys.privateKey);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}
