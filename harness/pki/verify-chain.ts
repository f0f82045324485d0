// Full path validation by OpenSSL itself (`openssl verify`), as a TLS server builds and checks a
// client's chain: from the leaf, through the certificates it presents, to the trust anchors, for
// the sslclient purpose, with a CRL for every CA in the chain when one is given (nginx's
// ssl_crl checks them all). It is not our minting code vouching for itself. Every error OpenSSL
// reports is kept, with the depth it was found at: a check of a probe wants exactly its own.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvironmentError } from '../util/errors.ts';

export interface VerifyError {
  /** OpenSSL's X509_V_ERR code: 10 expired, 9 not yet valid, 26 purpose, 23 revoked, 20 issuer not found, 18 self-signed leaf. */
  code: number;
  depth: number;
  text: string;
}

export interface ChainToVerify {
  leafPem: string;
  /** What is presented after the leaf, in that order. */
  chainPem: readonly string[];
  /** The trust anchors (one PEM, or several in one). */
  anchorsPem: string;
  /** CRLs (PEM), checked for every CA in the chain. */
  crlPem?: string;
  /** sslclient (default): EKU clientAuth and the key usages a client certificate needs; any: none. */
  purpose?: 'sslclient' | 'any';
  /** Verify as of this moment instead of now. */
  at?: Date;
  /** Skip every date check (-no_check_time): what an expired certificate is, but for its dates. */
  noCheckTime?: boolean;
}

export const OPENSSL_HINT = 'install the openssl command (apt-get install -y openssl), which checks every probe as a gateway would';

function run(args: string[]): Promise<{ failed: boolean; output: string }> {
  return new Promise((resolve, reject) => {
    execFile('openssl', args, { encoding: 'utf8', timeout: 10_000 }, (err, stdout, stderr) => {
      if ((err as NodeJS.ErrnoException | null)?.code === 'ENOENT') return reject(new EnvironmentError(`openssl was not found: ${OPENSSL_HINT}`));
      resolve({ failed: err !== null, output: `${stdout}${stderr}` });
    });
  });
}

/** What OpenSSL says of the chain: no error when it verifies. */
export async function verifyChain(c: ChainToVerify): Promise<VerifyError[]> {
  const dir = mkdtempSync(join(tmpdir(), 'mtls-conformance-verify-'));
  try {
    const file = (name: string, text: string): string => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const args = ['verify', '-CAfile', file('anchors.pem', c.anchorsPem), '-purpose', c.purpose ?? 'sslclient'];
    if (c.chainPem.length > 0) args.push('-untrusted', file('chain.pem', `${c.chainPem.join('\n')}\n`));
    if (c.crlPem) args.push('-crl_check_all', '-CRLfile', file('crl.pem', c.crlPem));
    if (c.at) args.push('-attime', String(Math.floor(c.at.getTime() / 1000)));
    if (c.noCheckTime) args.push('-no_check_time');
    args.push(file('leaf.pem', c.leafPem));
    const { failed, output } = await run(args);
    const errors = [...output.matchAll(/^error (\d+) at (\d+) depth lookup: ?(.*)$/gm)].map((m) => ({ code: Number(m[1]), depth: Number(m[2]), text: m[3]!.trim() }));
    if (failed && errors.length === 0) throw new Error(`openssl verify failed without saying why: ${output.trim().split('\n').pop()}`);
    return errors;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * What OpenSSL reads of each certificate's extensions: each one's name, with its criticality and
 * value as its text form prints them. One `openssl storeutl` reads them all (`openssl x509` reads
 * one, and takes five times as long to start).
 */
export async function extensionsOf(pems: readonly string[]): Promise<Map<string, string>[]> {
  const dir = mkdtempSync(join(tmpdir(), 'mtls-conformance-verify-'));
  try {
    writeFileSync(join(dir, 'certs.pem'), pems.join('\n'));
    const { failed, output } = await run(['storeutl', '-noout', '-text', '-certs', join(dir, 'certs.pem')]);
    const certs = output.split(/^\d+: Certificate$/m).slice(1);
    if (failed || certs.length !== pems.length) throw new Error(`openssl could not read the certificates: ${output.trim().split('\n').pop()}`);
    return certs.map((text) => {
      const out = new Map<string, string>();
      let name: string | undefined;
      for (const line of text.split(/^ {8}X509v3 extensions:$/m)[1]?.split('\n') ?? []) {
        const head = /^ {12}(\S.*?):( critical)?\s*$/.exec(line);
        if (head) out.set((name = head[1]!), head[2] ? 'critical' : '');
        else if (name && /^ {16}/.test(line)) out.set(name, `${out.get(name)} ${line.trim()}`.trim());
        else if (/^ {0,11}\S/.test(line)) break;
      }
      return out;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function describeErrors(errors: readonly VerifyError[]): string {
  return errors.length === 0 ? 'no error' : errors.map((e) => `error ${e.code} at depth ${e.depth} (${e.text})`).join(', ');
}
