// Reading the reference gateway's logs: the access line and error lines of one request, as
// evidence and as audit records.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditRecordsFor, gatewayLogFor } from '../harness/targets/local/gateway-log.ts';
import { scratchDir } from './support/scratch.ts';

const dir = scratchDir('mtls-conformance-log-test-');
const ID = '32880e89-4672-4b22-bca5-61f437e1d937';
const OTHER = '9472153c-2a62-4737-a65a-159a2847d41a';
const access = join(dir, 'access.json');
const errors = join(dir, 'error.log');
writeFileSync(
  access,
  [
    `{"time":"2026-11-28T07:23:17+00:00","request_id":"${OTHER}","request":"GET /v1/consumer HTTP/1.1","status":200,"partner":"partner-a","ssl_client_verify":"SUCCESS","ssl_client_s_dn":"CN=producer-api-client","pid":2714,"conn":2}`,
    `{"time":"2026-11-28T07:23:18+00:00","request_id":"${ID}","request":"GET /v1/consumer HTTP/1.1","status":400,"partner":"","ssl_client_verify":"FAILED:certificate has expired","ssl_client_s_dn":"CN=producer-api-client","pid":2714,"conn":10}`,
    '{"time":"2026-11-28T07:23:1', // a line torn by a crash is not a record
  ].join('\n'),
);
writeFileSync(
  errors,
  [
    '2026/11/28 07:23:18 [info] 2714#2714: *10 client SSL certificate verify error: (10:certificate has expired) while reading client request headers',
    '2026/11/28 07:23:18 [info] 2714#2714: *100 something about another connection',
    '2026/11/28 07:23:18 [info] 2715#2715: *10 the same connection number in another worker',
  ].join('\n'),
);

describe('gateway logs', () => {
  it('finds the access line and the error lines of that connection only', () => {
    const lines = gatewayLogFor(ID, access, errors);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('(10:certificate has expired)');
  });

  it('turns the access line into an audit record', () => {
    expect(auditRecordsFor(ID, access)).toEqual([
      { time: '2026-11-28T07:23:18+00:00', requestId: ID, status: 400, consumer: '', subject: 'CN=producer-api-client', verify: 'FAILED:certificate has expired' },
    ]);
    expect(auditRecordsFor(OTHER, access)[0]?.consumer).toBe('partner-a');
  });

  it('finds nothing for an unknown or malformed id, or a missing log', () => {
    expect(gatewayLogFor('00000000-0000-0000-0000-000000000000', access, errors)).toEqual([]);
    expect(gatewayLogFor('"; rm -rf', access, errors)).toEqual([]);
    expect(auditRecordsFor(ID, join(dir, 'absent.json'))).toEqual([]);
  });
});
