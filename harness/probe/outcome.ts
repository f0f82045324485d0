// The Outcome of one probe (docs/verdicts.md): either an HTTP response with what TLS negotiated, or the
// way the connection failed. Oracles judge Outcomes; nothing else interprets raw errors.

export interface TlsInfo {
  protocol: string | null;
  cipher: string | null;
  resumed: boolean;
  /** The source address the connection left from, as the OS reports it (not as we asked for it). */
  localAddress?: string;
}

export interface ResponseOutcome {
  kind: 'response';
  status: number;
  /** Lower-case header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: string;
  tls: TlsInfo;
  elapsedMs: number;
  /** The connection broke off while the body was read: status and headers came, the body is partial. */
  truncated?: boolean;
}

export interface FailureOutcome {
  /**
   * tls-rejected: the peer sent a TLS alert (or answered our version offer with another version);
   * connection-reset: the server closed or reset after the TLS handshake, before any HTTP response;
   * network-error: anything else: OUR refusal of the server's certificate, our failure to speak
   * TLS with the port, time-outs, nothing listening, a close before the handshake completed.
   * Only the first two can ever count as a gateway's refusal.
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
    const cut = o.truncated ? ', cut short: the connection broke off in the body' : '';
    return `HTTP ${o.status} (${type}, ${o.body.length} bytes${cut}) over ${o.tls.protocol ?? 'TLS'}${o.tls.resumed ? ' (resumed)' : ''}`;
  }
  return `${o.kind} ${o.code}: ${o.message}`;
}
