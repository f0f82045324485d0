// Oracle verdicts on recorded outcomes, including outcomes that must NOT count as a refusal.
import { describe, expect, it } from 'vitest';
import { judge, ORACLE_NAMES, type Expectation } from '../harness/oracle/oracle.ts';
import { formOf } from '../harness/oracle/forms.ts';
import { judgeAcceptance, judgeRefusal } from '../harness/oracle/verdicts.ts';
import type { Outcome } from '../harness/probe/outcome.ts';

const tls = { protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', resumed: false };
const html = { 'content-type': 'text/html', connection: 'close' };
const json = { 'content-type': 'application/json' };
const res = (status: number, headers: Record<string, string>, body: string): Outcome => ({ kind: 'response', status, headers, body, tls, elapsedMs: 5 });

// Recorded from the local reference gateway (nginx 1.22) and, for Kong, from its source.
const NO_CERT_PAGE = res(400, html, '<html>\r\n<head><title>400 No required SSL certificate was sent</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>No required SSL certificate was sent</center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n');
const CERT_ERROR_PAGE = res(400, { 'content-type': 'text/html; charset=UTF-8' }, '<html>\r\n<head><title>400 The SSL certificate error</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>The SSL certificate error</center>\r\n</body>\r\n</html>\r\n');
const UNAUTHORIZED = res(401, json, '{"message":"Unauthorized"}');
const RATE_LIMITED = res(429, { 'content-type': 'application/json; charset=utf-8' }, '{"message":"API rate limit exceeded"}');
const ACCEPTED = res(200, { ...json, via: '1.1 kong/3.9.3' }, '{"version":"v1"}');
const NOT_FOUND = res(404, json, '{"message":"no Route matched with those values"}');
const EE_NO_CERT = res(401, json, '{"message":"No required TLS certificate was sent"}');
const FORBIDDEN = res(403, json, '{"message":"You cannot consume this service"}');
const PROXIED_401 = res(401, { ...json, via: '1.1 kong/3.9.3' }, '{"message":"Unauthorized"}');
const EE_FAILED = res(401, json, '{"message":"TLS certificate failed verification"}');
// Gateways of no family above: nginx's `return 403` (nginx 1.22) and HAProxy's `http-request deny` (2.6).
const NGINX_403 = res(403, html, '<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n<center><h1>403 Forbidden</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n');
const HAPROXY_403 = res(403, { 'content-type': 'text/html', 'cache-control': 'no-cache' }, '<html><body><h1>403 Forbidden</h1>\nRequest forbidden by administrative rules.\n</body></html>\n');
const TLS_ALERT: Outcome = { kind: 'tls-rejected', code: 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', message: 'sslv3 alert handshake failure', elapsedMs: 3 };
const RESET: Outcome = { kind: 'connection-reset', code: 'UND_ERR_SOCKET', message: 'other side closed', elapsedMs: 3 };

// Outcomes that look like refusals but are not the gateway refusing the client.
const NOT_A_REFUSAL: Record<string, Outcome> = {
  'a 400 from the upstream, carrying the proxy marks': res(400, { ...html, via: '1.1 kong/3.9.3' }, '<center>The SSL certificate error</center>'),
  'a 400 JSON from the upstream': res(400, { ...json, 'x-kong-upstream-latency': '3' }, '{"message":"bad request"}'),
  'a 502 bad gateway': res(502, html, '<html><center>502 Bad Gateway</center></html>'),
  'a 503': res(503, json, '{"message":"failure to get a peer from the ring-balancer"}'),
  'a 400 with a different page': res(400, html, '<center>The plain HTTP request was sent to HTTPS port</center>'),
  'a 429 HTML page (nginx default, not Kong)': res(429, html, '<html><head><title>429 Too Many Requests</title></head></html>'),
  'a timeout': { kind: 'network-error', code: 'UND_ERR_HEADERS_TIMEOUT', message: 'Headers Timeout Error', elapsedMs: 5000 },
  'connection refused': { kind: 'network-error', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:8443', elapsedMs: 1 },
  'our refusal of the server certificate': { kind: 'network-error', code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', message: "we refused the gateway's server certificate", elapsedMs: 2 },
};

describe('kong-oss oracle', () => {
  it.each<[Expectation, Outcome]>([
    ['no-cert', NO_CERT_PAGE],
    ['cert-rejected', CERT_ERROR_PAGE],
    ['unknown-partner', UNAUTHORIZED],
    ['rate-limited', RATE_LIMITED],
    ['accepted', ACCEPTED],
    ['route-not-found', NOT_FOUND],
  ])('counts the Kong OSS form of %s', (expectation, outcome) => {
    expect(judge('kong-oss', expectation, outcome).ok).toBe(true);
  });

  it('does not take one refusal for another', () => {
    expect(judge('kong-oss', 'no-cert', CERT_ERROR_PAGE).ok).toBe(false);
    expect(judge('kong-oss', 'cert-rejected', NO_CERT_PAGE).ok).toBe(false);
    expect(judge('kong-oss', 'cert-rejected', UNAUTHORIZED).ok).toBe(false);
    expect(judge('kong-oss', 'unknown-partner', CERT_ERROR_PAGE).ok).toBe(false);
    expect(judge('kong-oss', 'cert-rejected', ACCEPTED).ok).toBe(false);
  });

  it('does not accept the other families\' refusals', () => {
    expect(judge('kong-oss', 'no-cert', EE_NO_CERT).ok).toBe(false);
    expect(judge('kong-oss', 'cert-rejected', TLS_ALERT).ok).toBe(false);
  });

  for (const [name, outcome] of Object.entries(NOT_A_REFUSAL)) {
    it(`never counts ${name} as a refusal`, () => {
      for (const oracle of ORACLE_NAMES) {
        for (const e of ['no-cert', 'cert-rejected', 'unknown-partner', 'rate-limited'] as const) {
          expect(judge(oracle, e, outcome).ok, `${oracle} ${e}`).toBe(false);
        }
      }
    });
  }

  it('explains a miss with what was expected and what was seen', () => {
    const v = judge('kong-oss', 'no-cert', ACCEPTED);
    expect(v.reason).toContain('expected nginx\'s 400 page "No required SSL certificate was sent" (kong-oss), got let in (2xx)');
    expect(v.reason).toContain('HTTP 200');
  });
});

describe('other oracles', () => {
  it('kong-enterprise wants mtls-auth 401 JSON', () => {
    expect(judge('kong-enterprise', 'no-cert', EE_NO_CERT).ok).toBe(true);
    expect(judge('kong-enterprise', 'cert-rejected', EE_FAILED).ok).toBe(true);
    expect(judge('kong-enterprise', 'cert-rejected', CERT_ERROR_PAGE).ok).toBe(false);
  });

  it('tls wants a refused handshake or a closed connection', () => {
    expect(judge('tls', 'no-cert', TLS_ALERT).ok).toBe(true);
    expect(judge('tls', 'cert-rejected', RESET).ok).toBe(true);
    expect(judge('tls', 'cert-rejected', CERT_ERROR_PAGE).ok).toBe(false);
  });

  it('any takes every family\'s form and says which it saw', () => {
    for (const o of [NO_CERT_PAGE, CERT_ERROR_PAGE, EE_NO_CERT, TLS_ALERT, RESET]) expect(judge('any', 'no-cert', o).ok).toBe(true);
    expect(judge('any', 'no-cert', TLS_ALERT).form).toBe('tls-alert');
    expect(judge('any', 'no-cert', ACCEPTED).ok).toBe(false);
  });

  it('any also takes a 401 or 403 JSON of the gateway\'s own for a bad certificate, with a warning', () => {
    for (const e of ['no-cert', 'cert-rejected'] as const) {
      for (const o of [UNAUTHORIZED, FORBIDDEN]) {
        const v = judge('any', e, o);
        expect(v.ok, `${e} ${o.kind}`).toBe(true);
        expect(v.warning).toMatch(/this listener does not require client certificates at TLS/);
      }
      // Refusals at TLS (or nginx's own pages) carry no warning.
      expect(judge('any', e, TLS_ALERT).warning).toBeUndefined();
    }
    expect(judge('any', 'cert-rejected', PROXIED_401).ok).toBe(false);
  });

  it("any takes a 401 or 403 of the gateway's own in another form (nginx's return 403, HAProxy's deny), with the warning; never a proxied one", () => {
    for (const o of [NGINX_403, HAPROXY_403, res(401, json, '{"error":"unauthorized"}')]) {
      expect(formOf(o)).toBe('other-refusal');
      for (const e of ['no-cert', 'cert-rejected', 'unknown-partner', 'ip-not-allowed'] as const) expect(judge('any', e, o).ok, e).toBe(true);
      expect(judge('any', 'no-cert', o).warning).toMatch(/this listener does not require client certificates at TLS/);
      for (const strict of ['kong-oss', 'kong-enterprise', 'tls'] as const) expect(judge(strict, 'no-cert', o).ok, strict).toBe(false);
    }
    expect(formOf(res(403, { ...html, via: '1.1 varnish' }, '<h1>403 Forbidden</h1>'))).toBe('proxied-error');
  });

  it('the strict oracles stay strict', () => {
    expect(judge('kong-oss', 'cert-rejected', FORBIDDEN).ok).toBe(false);
    expect(judge('kong-oss', 'no-cert', UNAUTHORIZED).ok).toBe(false);
    expect(judge('tls', 'cert-rejected', UNAUTHORIZED).ok).toBe(false);
    expect(judge('kong-enterprise', 'cert-rejected', FORBIDDEN).ok).toBe(false);
    expect(judge('kong-oss', 'cert-rejected', CERT_ERROR_PAGE).warning).toBeUndefined();
  });

  it('recognises forms', () => {
    expect(formOf(NO_CERT_PAGE)).toBe('nginx-no-cert-page');
    expect(formOf(CERT_ERROR_PAGE)).toBe('nginx-cert-error-page');
    expect(formOf(RESET)).toBe('connection-closed');
  });
});

describe('a backend that failed the gateway (Kong 3.9.3: error_handlers.lua, balancer/init.lua)', () => {
  // Kong marks these proxied (Via, X-Kong-Upstream-Latency): it had set out to proxy the request.
  const proxiedMarks = { ...json, via: '1.1 kong/3.9.3', 'x-kong-upstream-latency': '2' };
  const KONG_502 = res(502, proxiedMarks, '{\n  "message":"An invalid response was received from the upstream server",\n  "request_id":"f3a1"\n}');
  const KONG_504_PLAIN = res(504, { 'content-type': 'text/plain; charset=utf-8', via: '1.1 kong/3.9.3' }, 'The upstream server is timing out\nrequest_id: f3a1\n');
  const KONG_503_BALANCER = res(503, json, '{"message":"failure to get a peer from the ring-balancer"}');
  const BACKEND_502 = res(502, proxiedMarks, '{"message":"upstream of the backend is down"}');

  it("is told by Kong's words, with or without Via, in JSON or plain text", () => {
    expect([KONG_502, KONG_504_PLAIN, KONG_503_BALANCER].map(formOf)).toEqual(['upstream-failed', 'upstream-failed', 'upstream-failed']);
    // A backend's own 502, in other words, stays the backend's.
    expect(formOf(BACKEND_502)).toBe('proxied-error');
  });

  it('is what backend-outage expects, for every oracle', () => {
    for (const oracle of ORACLE_NAMES) expect(judge(oracle, 'upstream-unavailable', KONG_502).ok, oracle).toBe(true);
    expect(judge('kong-oss', 'upstream-unavailable', ACCEPTED).ok).toBe(false);
    expect(judge('kong-oss', 'upstream-unavailable', res(500, html, '<html>500 Internal Server Error</html>')).ok).toBe(false);
    expect(judge('any', 'upstream-unavailable', res(500, html, '<html>500 Internal Server Error</html>')).ok).toBe(true);
  });

  it('is no verdict on a partner who should get in (broken), and a probe let through to the backend when it should be refused (failed)', () => {
    const accepted = judgeAcceptance('kong-oss', 'accepted', KONG_502);
    expect(accepted.state).toBe('no-verdict');
    expect(accepted.state === 'no-verdict' && accepted.noVerdict.fix).toMatch(/start or fix the backend/);
    expect(judgeRefusal('kong-oss', 'unknown-partner', KONG_502).state).toBe('let-in');
  });
});
