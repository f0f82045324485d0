// The reference gateway's log lines for one request: its JSON access-log line (found by the
// x-request-id the probe sent) and the error-log lines of the same connection (the verify reason).
import { readFileSync } from 'node:fs';
import type { AuditRecord } from '../contract.ts';

function readLines(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

export function gatewayLogFor(requestId: string, accessLog: string, errorLog: string): string[] {
  if (!/^[0-9a-f-]{36}$/.test(requestId)) return [];
  const access = readLines(accessLog).filter((l) => l.includes(`"request_id":"${requestId}"`));
  const out = [...access];
  for (const line of access) {
    try {
      const { pid, conn } = JSON.parse(line) as { pid: number; conn: number };
      // error.log lines look like: 2026/11/28 07:00:00 [info] 123#123: *45 client SSL certificate verify error: ...
      out.push(...readLines(errorLog).filter((l) => l.includes(` ${pid}#`) && l.includes(`: *${conn} `)));
    } catch {
      // not a line we wrote
    }
  }
  return out;
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
