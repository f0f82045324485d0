// The reference gateway's log lines for one request: its JSON access-log line (found by the
// x-request-id the probe sent) and the error-log lines of the same connection (the verify reason).
import { readFileSync } from 'node:fs';

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
