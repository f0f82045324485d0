// Policy files: the shipped one is valid; every mistake is one line with its key path.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../harness/util/errors.ts';
import { loadPolicy, parsePolicy } from '../harness/config/policy.ts';
import { DEFAULT_POLICY } from '../harness/core/options.ts';
import { sourceAddressMatcher } from '../harness/config/source-addresses.ts';
import { scratchDir } from './support/scratch.ts';
import { docYamlExamples } from './support/doc-yaml.ts';

const dir = scratchDir('mtls-conformance-policy-test-');

const valid = {
  partners: [{ name: 'partner-a', subject: { O: 'Org', CN: 'a' }, rateLimit: { perMinute: 5 } }],
  routes: { default: '/v1/x', versions: { v1: { path: '/v1/x', expect: { bodyIncludes: 'v1' } } } },
};

function problems(mutate: (p: Record<string, unknown>) => void): string[] {
  const copy = structuredClone(valid) as unknown as Record<string, unknown>;
  mutate(copy);
  return parsePolicy(copy).problems;
}

describe('policy', () => {
  it('accepts the policy docs/cli.md shows as is', () => {
    const examples = docYamlExamples('docs/cli.md', 'partners');
    expect(examples).toHaveLength(1);
    expect(parsePolicy(examples[0]).problems).toEqual([]);
  });

  it('accepts the shipped fixtures/policy.yaml', () => {
    const policy = loadPolicy(DEFAULT_POLICY);
    expect(policy.partners.filter((p) => !p.reservedFor).length).toBeGreaterThanOrEqual(2);
    const limits = new Set(policy.partners.filter((p) => p.reservedFor === 'rate-limit').map((p) => p.rateLimit?.perMinute));
    expect(limits.size).toBeGreaterThanOrEqual(2);
    expect(Object.keys(policy.routes.versions)).toEqual(['v1', 'v2']);
  });

  it.each<[string, (p: Record<string, unknown>) => void, string]>([
    ['an unknown key', (p) => ((p.partners as Record<string, unknown>[])[0]!.rateLimits = 1), 'partners[0].rateLimits: unknown key'],
    ['a rate limit that is not a positive integer', (p) => ((p.partners as { rateLimit: unknown }[])[0]!.rateLimit = { perMinute: 0 }), 'partners[0].rateLimit.perMinute: expected a positive integer, found number 0'],
    ['a fractional rate limit', (p) => ((p.partners as { rateLimit: unknown }[])[0]!.rateLimit = { perMinute: 2.5 }), 'partners[0].rateLimit.perMinute: expected a positive integer'],
    ['a missing subject CN', (p) => ((p.partners as { subject: unknown }[])[0]!.subject = { O: 'x' }), 'partners[0].subject.CN: is required'],
    ['a bad partner name', (p) => ((p.partners as { name: unknown }[])[0]!.name = 'Partner A'), 'partners[0].name: "Partner A" must be lowercase'],
    ['partners that is not a list', (p) => (p.partners = { a: 1 }), 'partners: expected a list, found a mapping'],
    ['a route path without a slash', (p) => ((p.routes as { default: unknown }).default = 'v1/x'), 'routes.default: must be a plain absolute path like /v1/consumer'],
    ['a version without expect', (p) => delete (p.routes as { versions: { v1: { expect?: unknown } } }).versions.v1.expect, 'routes.versions.v1.expect: is required'],
    ['missing routes', (p) => delete p.routes, 'routes: is required'],
    ['a source address that is not one', (p) => ((p.partners as Record<string, unknown>[])[0]!.sourceAddresses = ['127.0.0.1', 'partner-host']), 'partners[0].sourceAddresses[1]: "partner-host" is not an IP address or CIDR range'],
    ['a CIDR range past its family\'s length', (p) => ((p.partners as Record<string, unknown>[])[0]!.sourceAddresses = ['10.0.0.0/33']), 'partners[0].sourceAddresses[0]: "10.0.0.0/33" is not an IP address or CIDR range'],
    ['an empty list of source addresses', (p) => ((p.partners as Record<string, unknown>[])[0]!.sourceAddresses = []), 'partners[0].sourceAddresses: give at least one address or CIDR range'],
    ['a request header name with a space', (p) => (p.requestHeaders = { 'X Partner': 'json' }), 'requestHeaders.X Partner: "X Partner" is not a header name of letters, digits and dashes'],
    ['a request header value on two lines', (p) => (p.requestHeaders = { 'X-Partner-Format': 'json\nX-Evil: 1' }), 'requestHeaders.X-Partner-Format: a header value must be on one line'],
    ['an upstream time-out that is not a positive integer', (p) => (p.upstream = { timeoutMs: '1s' }), 'upstream.timeoutMs: expected a positive integer, found string "1s"'],
    ['a cached path under no version', (p) => (p.cache = { path: '/v9/cached', ttlSeconds: 60 }), 'cache.path: "/v9/cached" must lie under a version\'s route (/v1/x/)'],
    ['a cache without a time to live', (p) => (p.cache = { path: '/v1/x/cached' }), 'cache.ttlSeconds: expected a positive integer, found nothing'],
    ['only reserved partners', (p) => ((p.partners as { reservedFor?: string }[])[0]!.reservedFor = 'rate-limit'), 'partners: needs at least one partner without reservedFor'],
  ])('reports %s with its key path', (_what, mutate, message) => {
    expect(problems(mutate).join('\n')).toContain(message);
  });

  it('takes an upstream bound and a cached route, and knows which version serves the cached path', () => {
    const copy = structuredClone(valid) as unknown as Record<string, unknown>;
    copy.upstream = { timeoutMs: 300, breakerSeconds: 1 };
    copy.cache = { path: '/v1/x/cached', ttlSeconds: 60 };
    const { policy } = parsePolicy(copy);
    expect(policy?.upstream).toEqual({ timeoutMs: 300, breakerSeconds: 1 });
    expect(policy?.cache).toEqual({ path: '/v1/x/cached', version: 'v1', ttlSeconds: 60 });
  });

  it('takes source addresses as IPs and CIDR ranges, v4 and v6', () => {
    const copy = structuredClone(valid) as unknown as { partners: Record<string, unknown>[] };
    copy.partners[0]!.sourceAddresses = ['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8'];
    expect(parsePolicy(copy).policy?.partners[0]?.sourceAddresses).toEqual(['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8']);
  });

  it('matches addresses against source addresses as the gateway would: exact, CIDR, v6', () => {
    const inList = sourceAddressMatcher(['127.0.0.1', '10.0.0.0/8', 'fd00::/8']);
    expect(['127.0.0.1', '10.200.3.4', 'fd00::1'].map(inList)).toEqual([true, true, true]);
    expect(['127.0.0.2', '11.0.0.1', 'fe80::1'].map(inList)).toEqual([false, false, false]);
  });

  it('reports duplicate names', () => {
    const list = problems((p) => (p.partners as unknown[]).push(structuredClone(valid.partners[0])));
    expect(list).toContain('partners[1].name: "partner-a" is used twice');
  });

  it('names the file for a missing, malformed or invalid policy', () => {
    expect(() => loadPolicy(join(dir, 'nope.yaml'))).toThrow(/policy file .*nope\.yaml does not exist: check the path/);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'partners: [\n  - name: a\n');
    expect(() => loadPolicy(bad)).toThrow(ConfigError);
    expect(() => loadPolicy(bad)).toThrow(/bad\.yaml:.*is not valid YAML/);
    const wrong = join(dir, 'wrong.yaml');
    writeFileSync(wrong, 'partners: []\nroutes: { default: /x }\nextra: 1\n');
    expect(() => loadPolicy(wrong)).toThrow(/wrong\.yaml: extra: unknown key/);
  });
});
