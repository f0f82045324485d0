// The reference gateway's log lines for one request: its JSON access-log line (found by the
// x-request-id the probe sent) and the error-log lines of the same connection (the verify reason).
import { readFileSync } from 'node:fs';
import type { AuditRecord } from '../../core/target.ts';
import { linesForRequest } from '../nginx-log.ts';

function readLines(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

export function gatewayLogFor(requestId: string, accessLog: string, errorLog: string): string[] {
  return linesForRequest(requestId, readLines(accessLog), readLines(errorLog));
}

interface AccessLine {
  time: string;
  request_id: string;
  status: number;
  partner: string;
  ssl_client_s_dn: string;
  ssl_client_verify: string;
}

/** The access-log lines for one request, as audit records. */
export function auditRecordsFor(requestId: string, accessLog: string): AuditRecord[] {
  const out: AuditRecord[] = [];
  for (const line of readLines(accessLog)) {
    if (!line.includes(`"request_id":"${requestId}"`)) continue;
    try {
      const a = JSON.parse(line) as AccessLine;
      out.push({ time: a.time, requestId: a.request_id, status: a.status, consumer: a.partner, subject: a.ssl_client_s_dn, verify: a.ssl_client_verify });
    } catch {
      // a torn line: not a record
    }
  }
  return out;
}
