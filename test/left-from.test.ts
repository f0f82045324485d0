// ip-allowlist's probes differ from the partner's accepted request only in their source address;
// that they did leave from it is read back from the OS, and a probe that did not is no verdict.
import { describe, expect, it } from 'vitest';
import type { Outcome } from '../harness/probe/outcome.ts';
import { strayFrom } from '../suites/support/left-from.ts';

const answered = (localAddress?: string): { outcome: Outcome } => ({
  outcome: { kind: 'response', status: 403, headers: {}, body: '{"message":"Your IP address is not allowed"}', tls: { protocol: 'TLSv1.3', cipher: null, resumed: false, ...(localAddress ? { localAddress } : {}) }, elapsedMs: 3 },
});
const cutOff: { outcome: Outcome } = { outcome: { kind: 'tls-rejected', code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', message: 'alert 116', elapsedMs: 2 } };

describe('where a probe left from', () => {
  it('is no verdict when the OS says a connection left from another address than the probe names', () => {
    const stray = strayFrom([answered('127.0.0.2'), answered('127.0.0.1')], '127.0.0.2');
    expect(stray?.name).toBe('CaseBroken');
    expect(stray?.reason).toBe('a probe meant to leave from 127.0.0.2 left from 127.0.0.1: it did not test what it names');
    expect(stray?.fix).toMatch(/loopback network 127\.0\.0\.0\/8 is local/);
  });

  it('passes probes that left from it, and ones refused in the handshake (which report no address)', () => {
    expect(strayFrom([answered('127.0.0.2'), answered('127.0.0.2'), cutOff], '127.0.0.2')).toBeUndefined();
    expect(strayFrom([cutOff], '127.0.0.2')).toBeUndefined();
  });
});
