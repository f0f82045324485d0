// `verify` flags as an external target of one partner: the gateway URL (its path is the route to
// try), the partner's cert and key, the CA of the gateway's server cert, and an oracle. Files must
// exist and parse (exit 2 otherwise); whether the cert is fit for use is a check, not a usage error.
import { resolve } from 'node:path';
import { ConfigError } from './errors.ts';
import { checkGatewayUrl } from './gateway-url.ts';
import type { ExternalConfig } from './external.ts';
import { readCertificate, readPrivateKey } from './credentials.ts';
import { isOracleName, ORACLE_NAMES } from '../oracle/oracle.ts';

export interface VerifyFlags {
  url: string;
  cert: string;
  key: string;
  ca: string;
  oracle: string;
}

export function buildVerifyConfig(f: VerifyFlags): ExternalConfig {
  const url = checkGatewayUrl(f.url, { allowPath: true, example: 'https://gateway.example:8443/v1/consumer' });
  if (!url.ok) throw new ConfigError(`--url ${url.problem}`);
  if (!isOracleName(f.oracle)) throw new ConfigError(`--oracle "${f.oracle}" is not an oracle: choose ${ORACLE_NAMES.join(', ')}`);
  for (const [flag, file] of [['--cert', f.cert], ['--ca', f.ca]] as const) {
    const c = readCertificate(resolve(file), file);
    if (!c.ok) throw new ConfigError(`${flag}: ${c.problem}`);
  }
  const k = readPrivateKey(resolve(f.key), f.key);
  if (!k.ok) throw new ConfigError(`--key: ${k.problem}`);
  return {
    gateway: { url: url.origin, ca: resolve(f.ca), oracle: f.oracle },
    partners: [{ name: 'partner', cert: resolve(f.cert), key: resolve(f.key) }],
    routes: { default: url.path, versions: {} },
    probes: {},
  };
}
