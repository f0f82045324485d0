// Evidence as people read it in the report: the request, the response (status, headers, the first
// KiB of body), a certificate summary. Built from what was sent and seen, never from key files.
import { readFileSync } from 'node:fs';
import type { ProbeResult } from '../probe/probe.ts';
import { summarizeCert } from '../pki/summary.ts';
import { redact } from './redact.ts';

const BODY_PREVIEW = 1024;

export function requestEvidence(r: ProbeResult, identityLabel: string, method = 'GET'): string {
  const lines = [`${method} ${r.url}`, `client certificate: ${identityLabel}`, '', ...Object.entries(r.sentHeaders).map(([k, v]) => `${k}: ${v}`)];
  return redact(lines.join('\n'));
}

export function responseEvidence(r: ProbeResult): string {
  const o = r.outcome;
  if (o.kind !== 'response') {
    return redact(`no HTTP response: ${o.kind}\ncode: ${o.code}\nmessage: ${o.message}\nafter ${o.elapsedMs} ms`);
  }
  const body = o.body.length > BODY_PREVIEW ? `${o.body.slice(0, BODY_PREVIEW)}\n[... ${o.body.length - BODY_PREVIEW} more bytes]` : o.body;
  const lines = [
    `HTTP ${o.status}  (${o.elapsedMs} ms, ${o.tls.protocol ?? '?'}, ${o.tls.cipher ?? '?'}${o.tls.resumed ? ', resumed session' : ', full handshake'}${o.tls.localAddress ? `, from ${o.tls.localAddress}` : ''})`,
    ...Object.entries(o.headers).map(([k, v]) => `${k}: ${v}`),
    '',
    body,
  ];
  return redact(lines.join('\n'));
}

/** A probe's whole exchange, in sections: the request, the response, the client certificate, the gateway's log lines for it. */
export function exchangeEvidence(r: ProbeResult, identityLabel: string, certFile: string | undefined, gatewayLog: readonly string[]): string {
  return [
    `--- request\n${requestEvidence(r, identityLabel)}`,
    `--- response\n${responseEvidence(r)}`,
    ...(certFile ? [`--- client certificate\n${certEvidence(certFile)}`] : []),
    ...(gatewayLog.length > 0 ? [`--- gateway log\n${redact(gatewayLog.join('\n'))}`] : []),
  ].join('\n\n');
}

export function certEvidence(certFile: string): string {
  const s = summarizeCert(readFileSync(certFile, 'utf8'));
  return [
    `subject:     ${s.subject}`,
    `issuer:      ${s.issuer}`,
    `serial:      ${s.serial}`,
    `not before:  ${s.notBefore}`,
    `not after:   ${s.notAfter}`,
    `ext. key usage: ${s.extKeyUsage.join(', ') || '(none)'}`,
    `SHA-256:     ${s.sha256}`,
  ].join('\n');
}
