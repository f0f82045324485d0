// The Kong declarative config shared by the kind and docker targets, checked on paper: the fields
// Kong requires, the consumer mapping's Lua parses (luaparse, Lua 5.1 = LuaJIT syntax), offboarding
// removes the partner, and the checker catches what Kong would refuse.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import luaparse from 'luaparse';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { buildKongConfig, kongConfigProblems, type KongConfig, type KongPartner } from '../harness/targets/kong/declarative.ts';
import { createAuthority, issueLeaf } from '../harness/pki/authority.ts';
import { privateKeyPem } from '../harness/pki/x509.ts';
import { kongEnv } from '../harness/targets/kong/kong-env.ts';
import { findNginx } from '../harness/targets/local/nginx-process.ts';
import { consumerMappingLua, luaString } from '../harness/targets/kong/lua.ts';
import { EXAMPLE_POLICY } from './support/external-fixture.ts';

const partners: KongPartner[] = [
  { name: 'partner-a', subject: 'CN=producer-api-client,OU=Integration Team,O=Producer Organization', perMinute: 5, allowed: true },
  { name: 'partner-b', subject: 'CN=consumer-api-client,OU=Integration Team,O=Consumer Organization', allowed: true },
  { name: 'gone', subject: 'CN=gone,O=Offboarded "Quotes" Ltd', perMinute: 9, allowed: false },
];
const config = buildKongConfig({ partners, routes: EXAMPLE_POLICY.routes, upstreams: { v1: 'http://consumer-v1:8080', v2: 'http://consumer-v2:8080' } });

describe('Kong declarative config', () => {
  it('has what Kong requires and nothing it would refuse', () => {
    expect(kongConfigProblems(config)).toEqual([]);
    expect(config._format_version).toBe('3.0');
    expect(config.services.map((s) => [s.name, s.url, s.routes[0]!.paths])).toEqual([
      ['consumer-v1', 'http://consumer-v1:8080', ['/v1/consumer']],
      ['consumer-v2', 'http://consumer-v2:8080', ['/v2/consumer']],
    ]);
  });

  it('has a consumer and a per-consumer rate limit only for partners still on the list', () => {
    expect(config.consumers).toEqual([{ username: 'partner-a' }, { username: 'partner-b' }]);
    expect(config.plugins.filter((p) => p.name === 'rate-limiting')).toEqual([
      { name: 'rate-limiting', consumer: 'partner-a', config: { minute: 5, policy: 'local', limit_by: 'consumer' } },
    ]);
    expect(JSON.stringify(config)).not.toContain('gone');
  });

  it('maps verified subjects to consumers in Lua that parses, and sets identity headers itself', () => {
    const lua = (config.plugins[0]!.config.access as string[])[0]!;
    expect(() => luaparse.parse(lua)).not.toThrow();
    expect(lua).toContain('["CN=producer-api-client,OU=Integration Team,O=Producer Organization"] = "partner-a"');
    expect(lua).toContain('if ngx.var.ssl_client_verify ~= "SUCCESS" then');
    expect(lua).toContain('kong.service.request.set_header("X-Consumer-Username", consumer.username)');
    expect(lua).toContain('kong.service.request.clear_header("X-Consumer-Custom-ID")');
    expect(() => luaparse.parse(consumerMappingLua(new Map([['CN=a "b" \\ c', 'x']])))).not.toThrow();
  });

  it('escapes Lua strings and refuses control characters', () => {
    expect(luaString('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(() => luaString('a\nb')).toThrow(/control characters/);
  });

  it('survives YAML as Kong reads it', () => {
    const back = parse(stringify(config)) as KongConfig;
    expect(back._format_version).toBe('3.0');
    expect(kongConfigProblems(back)).toEqual([]);
  });

  it.each<[string, (c: KongConfig) => void, RegExp]>([
    ['a format version Kong does not know', (c) => (c._format_version = '4.0'), /_format_version "4.0"/],
    ['a plugin for an unknown consumer', (c) => c.plugins.push({ name: 'rate-limiting', consumer: 'ghost', config: { minute: 1, limit_by: 'consumer' } }), /names consumer ghost/],
    ['rate limiting by IP', (c) => (c.plugins[1]!.config.limit_by = 'ip'), /limit_by must be consumer/],
    ['a fractional quota', (c) => (c.plugins[1]!.config.minute = 2.5), /minute must be a positive integer/],
    ['a service without a URL', (c) => (c.services[0]!.url = ''), /is not an http\(s\) URL/],
    ['a duplicate consumer', (c) => c.consumers.push({ username: 'partner-a' }), /defined twice/],
  ])('catches %s', (_what, breakIt, problem) => {
    const c = structuredClone(config);
    breakIt(c);
    expect(kongConfigProblems(c).join('\n')).toMatch(problem);
  });
});

describe("Kong config for the policy's other promises (Scenarios 3 and 5)", () => {
  const promised = buildKongConfig({
    partners,
    routes: EXAMPLE_POLICY.routes,
    upstreams: { v1: 'http://consumer-v1:8080', v2: 'http://consumer-v2:8080' },
    requestHeaders: { 'Content-Type': 'application/json', 'X-Partner-Format': 'json' },
    upstream: { timeoutMs: 300, breakerSeconds: 1 },
    cache: { path: '/v1/consumer/cached', version: 'v1', ttlSeconds: 60 },
  });

  it('has nothing Kong would refuse', () => {
    expect(kongConfigProblems(promised)).toEqual([]);
    expect(kongConfigProblems(parse(stringify(promised)) as KongConfig)).toEqual([]);
  });

  it('sets the headers with request-transformer: replace what a client sent, add what it did not', () => {
    expect(promised.plugins.find((p) => p.name === 'request-transformer')).toEqual({
      name: 'request-transformer',
      config: { replace: { headers: ['Content-Type:application/json', 'X-Partner-Format:json'] }, add: { headers: ['Content-Type:application/json', 'X-Partner-Format:json'] } },
    });
  });

  it('bounds each service to the time-out without retries, through an upstream whose breaker trips at one failure and closes on an active check', () => {
    const v1 = promised.services.find((s) => s.name === 'consumer-v1')!;
    expect([v1.url, v1.connect_timeout, v1.read_timeout, v1.write_timeout, v1.retries]).toEqual(['http://consumer-v1.upstream', 300, 300, 300, 0]);
    expect(promised.upstreams?.map((u) => [u.name, u.targets])).toEqual([
      ['consumer-v1.upstream', [{ target: 'consumer-v1:8080' }]],
      ['consumer-v2.upstream', [{ target: 'consumer-v2:8080' }]],
    ]);
    expect(promised.upstreams![0]!.healthchecks).toMatchObject({ passive: { unhealthy: { tcp_failures: 1, timeouts: 1 } }, active: { unhealthy: { interval: 1 }, healthy: { successes: 1 } } });
    // Without a breaker the services reach their backends directly.
    const plain = buildKongConfig({ partners, routes: EXAMPLE_POLICY.routes, upstreams: { v1: 'http://consumer-v1:8080', v2: 'http://consumer-v2:8080' }, upstream: { timeoutMs: 300 } });
    expect([plain.upstreams, plain.services[0]!.url, plain.services[0]!.read_timeout]).toEqual([undefined, 'http://consumer-v1:8080', 300]);
  });

  it("caches only the policy's route, on its version's service, in memory", () => {
    const v1 = promised.services.find((s) => s.name === 'consumer-v1')!;
    expect(v1.routes.map((r) => [r.name, r.paths])).toEqual([['consumer-v1', ['/v1/consumer']], ['consumer-v1-cached', ['/v1/consumer/cached']]]);
    expect(promised.plugins.find((p) => p.name === 'proxy-cache')).toMatchObject({ route: 'consumer-v1-cached', config: { strategy: 'memory', cache_ttl: 60, content_type: ['application/json'] } });
  });

  it.each<[string, (c: KongConfig) => void, RegExp]>([
    ['a header pair without a colon', (c) => ((c.plugins.find((p) => p.name === 'request-transformer')!.config.add as { headers: string[] }).headers = ['X-Partner-Format']), /"X-Partner-Format" is not "name:value"/],
    ['a cache on every route', (c) => delete c.plugins.find((p) => p.name === 'proxy-cache')!.route, /must be scoped to the cached route/],
    ['a cache on a route that does not exist', (c) => (c.plugins.find((p) => p.name === 'proxy-cache')!.route = 'ghost'), /names route ghost/],
    ['a zero time-out', (c) => (c.services[0]!.read_timeout = 0), /read_timeout must be an integer from 1/],
    ['a breaker that never trips', (c) => (c.upstreams![0]!.healthchecks = { active: { unhealthy: { interval: 1 } }, passive: { unhealthy: { tcp_failures: 0, timeouts: 0 } } }), /no breaker trips/],
    ['a breaker that never closes', (c) => (c.upstreams![0]!.healthchecks = { passive: { unhealthy: { tcp_failures: 1 } } }), /never lets it back in/],
    ['a service host that names no upstream', (c) => (c.upstreams = c.upstreams!.slice(1)), /its host consumer-v1\.upstream names no upstream/],
  ])('catches %s', (_what, breakIt, problem) => {
    const c = structuredClone(promised);
    breakIt(c);
    expect(kongConfigProblems(c).join('\n')).toMatch(problem);
  });
});

describe('Kong environment', () => {
  const env = kongEnv({ certDir: '/certs', crlFile: '/crl/crl.pem', declarativeFile: '/kong.yml' });
  it('injects the mTLS directives, with "on" as a string that survives YAML', () => {
    expect(env.KONG_NGINX_PROXY_SSL_VERIFY_CLIENT).toBe('on');
    // Kubernetes reads YAML 1.1, where a bare `on` is a boolean.
    const back = parse(stringify({ env }, { version: '1.1' }), { version: '1.1' }) as { env: Record<string, unknown> };
    expect(back.env.KONG_NGINX_PROXY_SSL_VERIFY_CLIENT).toBe('on');
    expect(Object.values(back.env).every((v) => typeof v === 'string')).toBe(true);
    expect(env.KONG_NGINX_PROXY_SSL_CLIENT_CERTIFICATE).toBe('/certs/ca.crt');
    expect(env.KONG_NGINX_PROXY_SSL_CRL).toBe('/crl/crl.pem');
    expect(env.KONG_LOG_LEVEL).toBe('info');
  });
});

describe('Kong\'s access log format', () => {
  it('is what Kong would render from the env (log_format in http, access_log with its name), and a real nginx accepts it', async () => {
    const env = kongEnv({ certDir: '/etc/kong-tls', crlFile: '/etc/kong-crl/crl.pem', declarativeFile: '/kong/kong.yml' });
    const [path, format] = env.KONG_PROXY_ACCESS_LOG!.split(' ');
    expect(path).toBe('/dev/stdout');
    expect(env.KONG_NGINX_HTTP_LOG_FORMAT!.startsWith(`${format} escape=json '`)).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'mtls-conformance-kong-log-'));
    try {
      const ca = await createAuthority({ CN: 'log format test' });
      const leaf = await issueLeaf(ca, { subject: { CN: 'localhost' }, profile: 'server', dnsNames: ['localhost'] });
      writeFileSync(join(dir, 'tls.crt'), leaf.cert.toString('pem'));
      writeFileSync(join(dir, 'tls.key'), await privateKeyPem(leaf.keys), { mode: 0o600 });
      // As kong/templates/nginx_kong.lua (3.9.3) renders them: injected http directives, then the proxy server's access_log.
      writeFileSync(join(dir, 'nginx.conf'), [
        'events {}',
        'http {',
        `  log_format ${env.KONG_NGINX_HTTP_LOG_FORMAT};`,
        '  server {',
        '    listen 127.0.0.1:8443 ssl;', // nginx -t only parses, it binds nothing
        `    ssl_certificate ${join(dir, 'tls.crt')};`,
        `    ssl_certificate_key ${join(dir, 'tls.key')};`,
        `    access_log ${env.KONG_PROXY_ACCESS_LOG};`,
        '  }',
        '}',
      ].join('\n'));
      // stdout to /dev/null: nginx -t opens /dev/stdout, which a socket (as vitest's pipes may be) refuses.
      const r = spawnSync(findNginx(), ['-t', '-p', `${dir}/`, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
      expect(r.status, r.stderr).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
