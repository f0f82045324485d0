// The rendered nginx config: what it promises, what each fault changes, and that real nginx accepts it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyStore } from '../harness/pki/store.ts';
import { mintRunPki } from '../harness/identities/run-pki.ts';
import { FAULTS, type FaultName } from '../harness/targets/local/faults.ts';
import { quote, renderNginxConfig, type NginxModel } from '../harness/targets/local/nginx-config.ts';
import { findNginx, NginxProcess } from '../harness/targets/local/nginx-process.ts';
import { parsePolicy, type Policy } from '../harness/config/policy.ts';

const policy: Policy = parsePolicy({
  partners: [
    { name: 'partner-a', subject: { O: 'Producer Organization', OU: 'Integration Team', CN: 'producer-api-client' }, rateLimit: { perMinute: 5 } },
    { name: 'partner-b', subject: { O: 'Consumer Organization', CN: 'consumer-api-client' }, rateLimit: { perMinute: 20 } },
    { name: 'partner-c', subject: { CN: 'no-limit' } },
  ],
  routes: {
    default: '/v1/consumer',
    versions: { v1: { path: '/v1/consumer', expect: { bodyIncludes: 'v1' } }, v2: { path: '/v2/consumer', expect: { bodyIncludes: 'v2' } } },
  },
}).policy!;

function model(faults: FaultName[] = [], files = { serverCert: '/s.crt', serverKey: '/s.key', clientCa: '/ca.crt', crl: '/crl.pem' }): NginxModel {
  return {
    prefix: '/tmp/prefix',
    port: 18443,
    backends: { v1: 19001, v2: 19002 },
    routes: policy.routes,
    files,
    partners: [
      { name: 'partner-a', subject: 'CN=producer-api-client,OU=Integration Team,O=Producer Organization', perMinute: 5, allowed: true },
      { name: 'partner-b', subject: 'CN=consumer-api-client,O=Consumer Organization', perMinute: 20, allowed: false },
      { name: 'partner-c', subject: 'CN=no-limit', allowed: true, sourceAddresses: ['127.0.0.1', '10.0.0.0/8'] },
    ],
    faults: new Set(faults),
    requestHeaders: { 'Content-Type': 'application/json', 'X-Partner-Format': 'json' },
    upstream: { timeoutMs: 500, breakerSeconds: 1 },
    cache: { path: '/v1/consumer/cached', version: 'v1', ttlSeconds: 60 },
  };
}

describe('nginx config rendering', () => {
  const healthy = renderNginxConfig(model());

  it('verifies client certificates against the CA and the CRL, on TLS 1.2 and 1.3 only', () => {
    expect(healthy).toContain('ssl_verify_client on;');
    expect(healthy).toContain('ssl_client_certificate "/ca.crt";');
    expect(healthy).toContain('ssl_crl "/crl.pem";');
    expect(healthy).toContain('ssl_protocols TLSv1.2 TLSv1.3;');
  });

  it('allows only verified subjects of partners still on the list; others get 401 JSON', () => {
    expect(healthy).toContain('map "$ssl_client_verify|$ssl_client_s_dn" $partner {');
    expect(healthy).toContain('"SUCCESS|CN=producer-api-client,OU=Integration Team,O=Producer Organization" "partner-a";');
    expect(healthy).not.toContain('"SUCCESS|CN=consumer-api-client,O=Consumer Organization"');
    expect(healthy).toMatch(/if \(\$partner = ""\) \{\s+return 401 '\{"message":/);
  });

  it('gives each limited partner its own zone that admits exactly its quota', () => {
    expect(healthy).toContain('limit_req_zone $rl_partner_a_key zone=rl_partner_a:1m rate=5r/m;');
    expect(healthy).toContain('limit_req zone=rl_partner_a burst=4 nodelay;');
    expect(healthy).toContain('limit_req zone=rl_partner_b burst=19 nodelay;');
    expect(healthy).not.toContain('rl_partner_c');
    expect(healthy).toContain('return 429 \'{"message":"API rate limit exceeded"}\\n\';');
  });

  it('routes each version to its backend and sets identity headers itself', () => {
    expect(healthy).toMatch(/location \/v1\/consumer \{[^}]*proxy_pass http:\/\/backend_v1;/);
    expect(healthy).toMatch(/location \/v2\/consumer \{[^}]*proxy_pass http:\/\/backend_v2;/);
    expect(healthy).toContain('proxy_set_header X-Consumer-Username $partner;');
  });

  it.each<[FaultName, RegExp, RegExp | undefined]>([
    ['verify-optional', /ssl_verify_client optional_no_ca;/, /map "\$ssl_client_verify/],
    ['no-crl', /ssl_verify_client on;/, /ssl_crl/],
    ['offboard-ignored', /"SUCCESS\|CN=consumer-api-client,O=Consumer Organization" "partner-b";/, undefined],
    ['no-rate-limit', /ssl_verify_client on;/, /limit_req zone/],
    ['shared-rate-limit', /limit_req zone=rl_shared burst=19 nodelay;/, /zone=rl_partner_a/],
    ['swap-versions', /location \/v1\/consumer \{[^}]*proxy_pass http:\/\/backend_v2;/, /location \/v1\/consumer \{[^}]*backend_v1/],
    ['spoofable-identity', /proxy_set_header X-Consumer-Username \$consumer_claimed;/, /X-Consumer-Username \$partner;/],
    ['no-identity-headers', /proxy_pass http:\/\/backend_v1;/, /proxy_set_header X-Consumer-Username/],
    ['tls-legacy', /ssl_protocols TLSv1 TLSv1\.1 TLSv1\.2 TLSv1\.3;\s+ssl_ciphers DEFAULT:@SECLEVEL=0;/, /ssl_protocols TLSv1\.2 TLSv1\.3;/],
    ['no-audit-log', /access_log off;/, /access\.json/],
    ['session-cache-shared', /ssl_session_cache shared:SSL:1m;\s+ssl_session_tickets off;/, /ssl_session_cache none;/],
    ['no-ip-allowlist', /ssl_verify_client on;/, /geo \$ip_ok_partner_c|return 403/],
    ['no-request-transform', /proxy_pass http:\/\/backend_v1;/, /proxy_set_header X-Partner-Format/],
    ['no-upstream-timeout', /proxy_next_upstream off;/, /proxy_read_timeout/],
    ['outage-leaks', /location \/v1\/consumer \{[^}]*auth_request \/_depends_on_v2;[\s\S]*location \/v2\/consumer \{[^}]*auth_request \/_depends_on_v1;/, undefined],
    ['cache-shared-key', /proxy_cache_key "\$request_method\|\$request_uri";/, /"\$partner\|\$request_method/],
  ])('fault %s changes the config as named', (fault, present, absent) => {
    const text = renderNginxConfig(model([fault]));
    expect(text).toMatch(present);
    if (absent) expect(text).not.toMatch(absent);
    expect(healthy).not.toBe(text);
  });

  it('holds a partner to its source addresses: 403 JSON from any other, after the 401 for strangers', () => {
    expect(healthy).toMatch(/geo \$ip_ok_partner_c \{\s+default 0;\s+127\.0\.0\.1 1;\s+10\.0\.0\.0\/8 1;\s+\}/);
    expect(healthy).toMatch(/map \$partner \$ip_ok \{\s+default 1;\s+"partner-c" \$ip_ok_partner_c;\s+\}/);
    expect(healthy).toMatch(/if \(\$partner = ""\) \{\s+return 401 '[^']*';\s+\}\s+if \(\$ip_ok = 0\) \{\s+return 403 '\{"message":"IP address not allowed: \$remote_addr"\}\\n';/);
  });

  it('sets the policy\'s request headers on every version, replacing what a client sent', () => {
    for (const v of ['v1', 'v2']) {
      expect(healthy).toMatch(new RegExp(`location /${v}/consumer \\{[^}]*proxy_set_header Content-Type "application/json";\\s+proxy_set_header X-Partner-Format "json";`));
    }
  });

  it('bounds the wait on a backend, and trips a breaker after one failure', () => {
    expect(healthy).toContain('proxy_connect_timeout 500ms; proxy_send_timeout 500ms; proxy_read_timeout 500ms;');
    // A lone server is never marked failed by nginx: the backup that nothing listens on makes the breaker.
    expect(healthy).toMatch(/upstream backend_v1 \{\s+server 127\.0\.0\.1:19001 max_fails=1 fail_timeout=1s;\s+server unix:\/tmp\/prefix\/breaker-open\.sock backup max_fails=0;/);
    expect(healthy).toMatch(/location @bad_gateway \{\s+if \(\$breaker_open\) \{\s+return 503 '\{"message":"failure to get a peer from the ring-balancer"\}\\n';/);
    expect(healthy).toContain('return 504 \'{"message":"The upstream server is timing out"}\\n\';');
    // With "=", the named location's status is the answer's: 503 for an open breaker, not the 502 that led there.
    expect(healthy).toContain('error_page 502 = @bad_gateway;');
    expect(renderNginxConfig({ ...model(), upstream: { timeoutMs: 500 } })).toContain('upstream backend_v1 { server 127.0.0.1:19001; keepalive 4; }');
  });

  it('caches the policy\'s route per partner and says so', () => {
    expect(healthy).toMatch(/location \/v1\/consumer\/cached \{\s+proxy_cache partner_cache;\s+proxy_cache_key "\$partner\|\$request_method\|\$request_uri";\s+proxy_cache_valid 200 60s;\s+add_header X-Cache-Status \$upstream_cache_status always;[^}]*proxy_pass http:\/\/backend_v1;/);
    const { cache: _cache, ...uncached } = model();
    expect(renderNginxConfig(uncached)).not.toMatch(/proxy_cache/);
  });

  it('keeps no TLS session across a reload when healthy', () => {
    expect(healthy).toContain('ssl_session_cache none;');
    expect(healthy).toContain('ssl_session_tickets on;');
    expect(healthy).not.toContain('ssl_session_ticket_key');
  });

  it('sets or clears every identity header Kong owns', () => {
    for (const h of ['X-Consumer-ID $partner', 'X-Consumer-Custom-ID ""', 'X-Anonymous-Consumer ""', 'X-Client-DN $ssl_client_s_dn']) {
      expect(healthy).toContain(`proxy_set_header ${h};`);
    }
  });

  it('leaves a partner onboarded mid-run off the allowlist only under onboard-ignored', () => {
    const m = model();
    m.partners.push({ name: 'newcomer', subject: 'CN=newcomer', allowed: true, onboarded: true });
    expect(renderNginxConfig(m)).toContain('"SUCCESS|CN=newcomer" "newcomer";');
    expect(renderNginxConfig({ ...m, faults: new Set(['onboard-ignored']) })).not.toContain('newcomer');
  });

  it('quotes values so that a subject cannot inject directives', () => {
    expect(quote('CN=a"; evil on; #')).toBe('"CN=a\\"; evil on; #"');
    expect(quote('x\\y')).toBe('"x\\\\y"');
    expect(() => quote('a\nb')).toThrow(/line breaks/);
    // nginx expands variables even in quoted strings: a "$" is refused, not escaped.
    expect(() => quote('$x')).toThrow(/"\$"/);
  });
});

describe('nginx -t accepts every rendered config', () => {
  let store: KeyStore;
  let dir: string;
  let files: NginxModel['files'];
  beforeAll(async () => {
    store = new KeyStore();
    dir = mkdtempSync(join(tmpdir(), 'mtls-conformance-nginx-t-'));
    const pki = await mintRunPki(store, policy);
    files = { serverCert: pki.serverCertFile, serverKey: pki.serverKeyFile, clientCa: pki.caFile, crl: pki.crlFile };
  });
  afterAll(() => {
    store.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['(healthy)', ...Object.keys(FAULTS)])('%s', async (fault) => {
    const m = { ...model(fault === '(healthy)' ? [] : [fault as FaultName], files), prefix: dir };
    const nginx = new NginxProcess(findNginx(), dir);
    nginx.writeConfig(renderNginxConfig(m));
    expect(await nginx.test()).toBeUndefined();
  });

  it('and says what is wrong with one it rejects', async () => {
    const nginx = new NginxProcess(findNginx(), dir);
    nginx.writeConfig(renderNginxConfig({ ...model([], files), prefix: dir }).replace('http {', 'http {\n    no_such_directive on;'));
    expect(await nginx.test()).toMatch(/^\[emerg\] unknown directive "no_such_directive"/);
  });
});
