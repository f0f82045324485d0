// The Outcome of one probe (DESIGN.md): either an HTTP response with what TLS negotiated, or the
// way the connection failed. Oracles judge Outcomes; nothing else interprets raw errors.

export interface TlsInfo {
  protocol: string | null;
  cipher: string | null;
  resumed: boolean;
}

export interface ResponseOutcome {
  kind: 'response';
  status: number;
  /** Lower-case header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: string;
  tls: TlsInfo;
  elapsedMs: number;
}

export interface FailureOutcome {
  /**
   * tls-rejected: the server ended the handshake (alert);
   * connection-reset: the server closed or reset before any HTTP response;
   * network-error: anything else, including OUR refusal of the server's certificate and timeouts.
   * Only the first two can ever count as a gateway's rejection.
   */
  kind: 'tls-rejected' | 'connection-reset' | 'network-error';
  code: string;
  message: string;
  elapsedMs: number;
}

export type Outcome = ResponseOutcome | FailureOutcome;

/** A one-line description for logs and evidence. */
export function describeOutcome(o: Outcome): string {
  if (o.kind === 'response') {
    const type = o.headers['content-type'] ?? 'no content-type';
    return `HTTP ${o.status} (${type}, ${o.body.length} bytes) over ${o.tls.protocol ?? 'TLS'}${o.tls.resumed ? ' (resumed)' : ''}`;
  }
  return `${o.kind} ${o.code}: ${o.message}`;
}
