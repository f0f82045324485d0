// The flags of the partner's attestation: where `verify --attest` writes it, and `attest check`.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathProblem, shownValue } from '../../harness/config/shown.ts';
import { ConfigError } from '../../harness/util/errors.ts';
import { noPositionals, parse } from './parse-flags.ts';

export interface AttestCheckRequest {
  file: string;
  caFile: string;
  url?: string;
  maxAgeMs?: number;
}

export const ATTEST = {
  ca: { type: 'string' },
  url: { type: 'string' },
  'max-age': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Where --attest writes: a new file, or an attestation this tool wrote before; never a file of the user's. */
export function attestTarget(file: string): string {
  if (!file.trim()) throw new ConfigError('--attest is empty: give a file for the attestation');
  const pasted = pathProblem(file);
  if (pasted) throw new ConfigError(`--attest: the value given ${pasted}`);
  const at = resolve(file);
  if (!existsSync(dirname(at))) throw new ConfigError(`--attest ${file}: the folder ${dirname(file)} does not exist: create it, or give a file in an existing one`);
  if (existsSync(at)) {
    let earlier = false;
    try {
      earlier = /sigstore\.bundle/.test(String((JSON.parse(readFileSync(at, 'utf8')) as { mediaType?: unknown }).mediaType));
    } catch {
      // not JSON: not one of ours
    }
    if (!earlier) throw new ConfigError(`--attest ${file}: the file exists and is not an attestation: give a new file name (a file you made is never overwritten)`);
  }
  return at;
}

/** `attest check <file> --ca <file> [--url <url>] [--max-age <duration>]`. */
export function parseAttest(argv: string[]): { kind: 'help'; topic: 'attest' } | ({ kind: 'attest-check' } & AttestCheckRequest) {
  const { values, positionals } = parse(argv, ATTEST);
  if (values.help) return { kind: 'help', topic: 'attest' };
  const [action, file, ...more] = positionals;
  if (action !== 'check') throw new ConfigError(`attest${action ? ` ${action}` : ''}: the one action is check: mtls-conformance attest check <file> --ca <file> (see mtls-conformance attest --help)`);
  if (!file) throw new ConfigError('attest check needs the attestation file: mtls-conformance attest check <file> --ca <file>');
  noPositionals(more, 'mtls-conformance attest --help');
  if (!values.ca) throw new ConfigError("attest check needs --ca <file>: the Home Party's CA the partner's certificate chains to");
  return {
    kind: 'attest-check',
    file,
    caFile: values.ca,
    ...(values.url !== undefined ? { url: values.url } : {}),
    ...(values['max-age'] !== undefined ? { maxAgeMs: parseDuration(values['max-age']) } : {}),
  };
}

/** "90s", "30m", "24h", "7d". */
function parseDuration(value: string): number {
  const m = /^(\d{1,6})([smhd])$/.exec(value.trim());
  if (!m) throw new ConfigError(`--max-age must be a number with s, m, h or d (e.g. 24h, 7d), got ${shownValue(value)}`);
  return Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
}
