// Diagnostics for a failed run (pod status, events, Kong's logs) pass through this filter before
// they reach a report or a terminal: never a Secret's data, never key material.
import { redact } from './redact.ts';

/** Secret-bearing lines: `tls.key: <base64>`, `"ca.key":"..."`, `stringData`/`data` values of Secrets. */
const KEY_VALUE = /("?[\w.-]*(?:key|crt|pem|token|password)"?\s*[:=]\s*)("?)[A-Za-z0-9+/=._-]{16,}\2/gi;
/** Long base64 runs (a Secret's data, a certificate or key pasted into a log). */
const BASE64_RUN = /[A-Za-z0-9+/]{120,}={0,2}/g;

export function filterDiagnostics(text: string): string {
  return redact(text)
    .replace(KEY_VALUE, '$1[redacted]')
    .replace(BASE64_RUN, '[base64 redacted]')
    .replace(/^(\s*(?:data|stringData):)[\s\S]*?(?=^\S|^---|(?![\s\S]))/gm, '$1 [Secret data redacted]\n');
}
