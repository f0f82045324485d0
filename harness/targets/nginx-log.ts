// One JSON access-log format for every nginx we read (the local reference gateway, and Kong, which
// takes it through nginx_http_log_format and proxy_access_log = "<path> <format>": Kong's own
// spec/01-unit/04-prefix_handler_spec.lua at 3.9.3), and one way to find one request's lines in it:
// its access line by the x-request-id the probe sent, then the error lines of the same connection
// (nginx writes "<pid>#<tid>: *<connection> client SSL certificate verify error: (10:...)").

export const LOG_FORMAT_NAME = 'mtls_conformance';

/** Fields every nginx has; `extra` adds the local gateway's own (e.g. the mapped partner). */
export function jsonLogFormat(extra: Record<string, string> = {}): string {
  const fields: [string, string][] = [
    ['time', '"$time_iso8601"'],
    ['request_id', '"$http_x_request_id"'],
    ['request', '"$request"'],
    ['status', '$status'],
    ...Object.entries(extra),
    ['ssl_protocol', '"$ssl_protocol"'],
    ['ssl_session_reused', '"$ssl_session_reused"'],
    ['ssl_client_verify', '"$ssl_client_verify"'],
    ['ssl_client_s_dn', '"$ssl_client_s_dn"'],
    ['ssl_client_serial', '"$ssl_client_serial"'],
    ['request_time', '$request_time'],
    ['pid', '$pid'],
    ['conn', '$connection'],
  ];
  return `${LOG_FORMAT_NAME} escape=json '{${fields.map(([k, v]) => `"${k}":${v}`).join(',')}}'`;
}

/** The access line of `requestId` and the error lines of its connection, from whatever lines a log gave. */
export function linesForRequest(requestId: string, accessLines: string[], errorLines: string[] = accessLines): string[] {
  if (!/^[0-9a-f-]{36}$/.test(requestId)) return [];
  const access = accessLines.filter((l) => l.includes(`"request_id":"${requestId}"`));
  const out = [...access];
  for (const line of access) {
    try {
      const { pid, conn } = JSON.parse(line.slice(line.indexOf('{'))) as { pid: number; conn: number };
      out.push(...errorLines.filter((l) => l.includes(` ${pid}#`) && l.includes(`: *${conn} `)));
    } catch {
      // not a line we wrote
    }
  }
  return out;
}
