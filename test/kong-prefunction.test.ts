// The Kong pre-function that maps a verified client certificate to a consumer, executed, not only
// parsed: its Lua runs under LuaJIT (Kong 3.9 runs OpenResty's LuaJIT 2.1) in an environment that
// has only `kong` and `ngx`, as Kong's sandbox gives it, with a stand-in for exactly the calls it
// makes (test/support/kong-standin.lua). Each request is one a partner, a stranger or an attacker
// could send. Needs Debian's `luajit` (.ci/run installs it).
import { describe, expect, it } from 'vitest';
import { buildKongConfig, type KongPartner } from '../harness/targets/kong/declarative.ts';
import { UNKNOWN_PARTNER_MESSAGE } from '../harness/targets/kong/lua.ts';
import { hasLuajit, runPreFunction } from './support/run-prefunction.ts';
import { EXAMPLE_POLICY } from './support/external-fixture.ts';

const A = 'CN=producer-api-client,OU=Integration Team,O=Producer Organization';
const ODD = 'CN=a \\"quoted\\" \\\\ name,O=Odd\\, Ltd';
const partners: KongPartner[] = [
  { name: 'partner-a', subject: A, perMinute: 5, allowed: true },
  { name: 'odd', subject: ODD, allowed: true },
  { name: 'gone', subject: 'CN=gone,O=Offboarded Ltd', allowed: false },
];
const config = buildKongConfig({ partners, routes: EXAMPLE_POLICY.routes, upstreams: { v1: 'http://v1:8080', v2: 'http://v2:8080' } });
const lua = (config.plugins.find((p) => p.name === 'pre-function')!.config.access as string[])[0]!;
const consumers = config.consumers.map((c) => c.username);
const verified = (dn: string, serial = '1A2B'): Record<string, string> => ({ ssl_client_verify: 'SUCCESS', ssl_client_s_dn: dn, ssl_client_serial: serial });

describe('the Kong pre-function, run under LuaJIT', () => {
  it('is there to run', () => {
    expect(hasLuajit(), "luajit is missing: run 'apt-get install -y luajit' (Debian/Ubuntu)").toBe(true);
  });

  it('lets a verified partner in as its consumer, with the identity headers it sets itself', () => {
    const out = runPreFunction(lua, { var: verified(A), consumers });
    expect(out).toContain('auth partner-a');
    expect(out).toEqual(expect.arrayContaining([
      'upstream X-Consumer-Username: partner-a',
      'upstream X-Consumer-ID: id-partner-a',
      `upstream X-Client-DN: ${A}`,
      'upstream X-Client-Serial: 1A2B',
      'upstream X-Client-Verify: SUCCESS',
      'upstream X-Credential-Identifier: 1A2B',
    ]));
    expect(out.some((l) => l.startsWith('exit'))).toBe(false);
  });

  it('maps a subject with quotes, backslashes and an escaped comma exactly', () => {
    expect(runPreFunction(lua, { var: verified(ODD), consumers })).toContain('upstream X-Consumer-Username: odd');
  });

  it('does not let a client choose its consumer with headers of its own', () => {
    const out = runPreFunction(lua, {
      var: verified(A),
      consumers,
      headers: { 'x-consumer-username': 'odd', 'X-Consumer-ID': 'id-odd', 'X-Consumer-Custom-ID': 'admin', 'X-Anonymous-Consumer': 'true', 'X-Client-DN': 'CN=admin' },
    });
    expect(out).toEqual(expect.arrayContaining(['upstream X-Consumer-Username: partner-a', 'upstream X-Consumer-ID: id-partner-a', `upstream X-Client-DN: ${A}`]));
    expect(out.filter((l) => /custom-id|anonymous/i.test(l))).toEqual([]);
    expect(out.filter((l) => /odd|admin/.test(l))).toEqual([]);
  });

  it.each([
    ['no certificate', { ssl_client_verify: 'NONE' }],
    ['a certificate that failed verification', { ssl_client_verify: 'FAILED:certificate has expired', ssl_client_s_dn: A }],
    ['no verify result at all', {}],
  ])('refuses %s with 401 JSON, even with a known subject', (_what, v) => {
    expect(runPreFunction(lua, { var: v, consumers, headers: { 'X-Consumer-Username': 'partner-a' } })).toEqual(['exit 401 client certificate required']);
  });

  it('refuses a verified subject not on the table, and an offboarded one, with 401 JSON', () => {
    expect(runPreFunction(lua, { var: verified('CN=stranger,O=Elsewhere'), consumers })).toEqual([`exit 401 ${UNKNOWN_PARTNER_MESSAGE}`]);
    expect(runPreFunction(lua, { var: verified('CN=gone,O=Offboarded Ltd'), consumers })).toEqual([`exit 401 ${UNKNOWN_PARTNER_MESSAGE}`]);
  });

  it('refuses a partner whose consumer Kong does not have (401), and answers 500 when the lookup fails', () => {
    expect(runPreFunction(lua, { var: verified(A), consumers: [] })).toEqual([`exit 401 ${UNKNOWN_PARTNER_MESSAGE}`]);
    expect(runPreFunction(lua, { var: verified(A), consumers, lookupError: 'db down' })).toEqual(['log consumer lookup failed: db down', 'exit 500 An unexpected error occurred']);
  });
});
