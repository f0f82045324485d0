// `verify` flags as an external target of one partner: the gateway URL (its path is the route to
// try), the partner's cert and key, the CA of the gateway's server cert, and an oracle. Files must
// exist and parse, and the key must be the cert's (exit 2 otherwise); whether the cert is fit for
// use (client auth, dates) is a check the credentials demo reports, not a usage error.
import type { X509Certificate } from 'node:crypto';
import { resolve } from 'node:path';
import { ConfigError } from '../util/errors.ts';
import { checkGatewayUrl } from './gateway-url.ts';
import { pathProblem, shownValue } from './shown.ts';
import type { ExternalConfig } from './external.ts';
import { keyMismatch, readCertificate, readPrivateKey } from './credentials.ts';
import { isOracleName, ORACLE_NAMES } from '../oracle/oracle.ts';

export interface VerifyFlags {
  url: string;
  cert: string;
  key: string;
  ca: string;
  oracle: string;
}

export function buildVerifyConfig(f: VerifyFlags): ExternalConfig {
  for (const [flag, value] of [['--cert', f.cert], ['--key', f.key], ['--ca', f.ca]] as const) {
    const pasted = pathProblem(value);
    if (pasted) throw new ConfigError(`${flag}: the value given ${pasted}`);
  }
  const url = checkGatewayUrl(f.url, { allowPath: true, example: 'https://gateway.example:8443/v1/consumer' });
  if (!url.ok) throw new ConfigError(`--url ${url.problem}`);
  if (!isOracleName(f.oracle)) throw new ConfigError(`--oracle ${shownValue(f.oracle)} is not an oracle: choose ${ORACLE_NAMES.join(', ')}`);
  const read = (flag: string, file: string): X509Certificate => {
    const c = readCertificate(resolve(file), file, 'the current folder');
    if (!c.ok) throw new ConfigError(`${flag}: ${c.problem}`);
    return c.value;
  };
  const cert = read('--cert', f.cert);
  read('--ca', f.ca);
  const k = readPrivateKey(resolve(f.key), f.key, 'the current folder');
  if (!k.ok) throw new ConfigError(`--key: ${k.problem}`);
  // The partner's setup, said before any demo: a key of another cert would fail every one of them.
  const mismatch = keyMismatch(cert, resolve(f.cert), k.value, { cert: `--cert ${f.cert}`, key: `--key ${f.key}` });
  if (mismatch) throw new ConfigError(mismatch);
  return {
    gateway: { url: url.origin, ca: resolve(f.ca), oracle: f.oracle, caGivenAs: '--ca' },
    partners: [{ name: 'partner', cert: resolve(f.cert), key: resolve(f.key) }],
    routes: { default: url.path, versions: {} },
    probes: {},
    selfCheck: true,
  };
}
