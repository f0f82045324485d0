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
import { DESIGN_POLICY } from './support/external-fixture.ts';

const partners: KongPartner[] = [
  { name: 'partner-a', subject: 'CN=producer-api-client,OU=Integration Team,O=Producer Organization', perMinute: 5, allowed: true },
  { name: 'partner-b', subject: 'CN=consumer-api-client,OU=Integration Team,O=Consumer Organization', allowed: true },
  { name: 'gone', subject: 'CN=gone,O=Offboarded "Quotes" Ltd', perMinute: 9, allowed: false },
];
const config = buildKongConfig({ partners, routes: DESIGN_POLICY.routes, upstreams: { v1: 'http://consumer-v1:8080', v2: 'http://consumer-v2:8080' } });

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
