// The certificates and the key in a PEM file a user gave us, read the same way at validation and
// at use: a file may hold its key before its cert, or both in one (Node's readers stop at the
// first block they do not expect; @peculiar/x509 does not read past a key at all).
const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** The CERTIFICATE blocks of `text`, in order, one per line group; throws if there is none. */
export function certificatesIn(text: string): string {
  const blocks = text.match(CERT_BLOCK);
  if (!blocks) throw new Error('no PEM certificate (-----BEGIN CERTIFICATE-----) in it');
  return `${blocks.join('\n')}\n`;
}

/** Each CERTIFICATE block of `text`, in order (none: an empty list). */
export function certificateBlocks(text: string): string[] {
  return text.match(CERT_BLOCK) ?? [];
}

/** The first certificate only (the leaf of a chain file). */
export function firstCertificateIn(text: string): string {
  return `${certificatesIn(text).match(CERT_BLOCK)![0]}\n`;
}

const KEY_BLOCK = /-----BEGIN ((?:EC |RSA |ENCRYPTED )?PRIVATE KEY)-----[\s\S]*?-----END \1-----/;

/** The (first) private key block of `text`; throws if there is none. Never logged. */
export function privateKeyIn(text: string): string {
  const block = KEY_BLOCK.exec(text);
  if (!block) throw new Error('no PEM private key in it');
  return `${block[0]}\n`;
}
