// `mtls-conformance render` writes exactly what a target would apply, for review: here the files are
// read back and checked with the real tools (Kubernetes and cert-manager schemas, Kong's config
// rules, the pre-function under LuaJIT), and the CLI refuses to write over anything.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { kongConfigProblems, type KongConfig } from '../harness/targets/kong/declarative.ts';
import { PROXY_CACHE_DICT } from '../harness/targets/kong/kong-env.ts';
import type { K8sObject } from '../harness/targets/kind/manifests.ts';
import { rfc2253 } from '../harness/pki/subject.ts';
import { loadPolicy } from '../harness/config/policy.ts';
import { runCli } from './support/cli.ts';
import { validate } from './support/k8s-schemas.ts';
import { runPreFunction } from './support/run-prefunction.ts';
import { scratchDir } from './support/scratch.ts';

const dir = scratchDir('mtls-conformance-test-render-');
const policy = loadPolicy('fixtures/policy.yaml');
const objects = (file: string): K8sObject[] => parseAllDocuments(readFileSync(file, 'utf8'), { version: '1.1' }).map((d) => d.toJSON() as K8sObject);

/**
 * What a Kong the suite renders must carry whatever else changes: proxy-cache in a shared dict of
 * its own (Kong purges its default, kong_db_cache, on every POST /config and kong reload), that
 * dict declared, `daemon off` for the `kong reload` run through exec, and a kong.yml written out
 * in full (no YAML anchor and alias, which two header lists holding the same values gave).
 */
function expectKongBasics(out: string, kong: KongConfig): void {
  const env = readFileSync(join(out, 'kong.env'), 'utf8');
  expect(env).toContain(`KONG_NGINX_HTTP_LUA_SHARED_DICT=${PROXY_CACHE_DICT} 5m\n`);
  expect(env).toContain('KONG_NGINX_DAEMON=off\n');
  const cache = kong.plugins.find((p) => p.name === 'proxy-cache')!;
  expect((cache.config.memory as { dictionary_name: string }).dictionary_name).toBe(PROXY_CACHE_DICT);
  expect(readFileSync(join(out, 'kong.yml'), 'utf8')).not.toMatch(/[&*]a\d+\b/);
}

describe('render', () => {
  it('--target kind writes manifests that validate, a CA that may sign CRLs, and Kong config that maps partners', async () => {
    const out = join(dir, 'kind');
    const r = await runCli(['render', '--target', 'kind', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['1-pki.yaml', '2-gateway.yaml', 'RENDERED.md', 'kind-cluster.yaml', 'kong.env', 'kong.yml']);
    const all = [...objects(join(out, '1-pki.yaml')), ...objects(join(out, '2-gateway.yaml'))];
    for (const o of all) expect(() => validate(o), `${o.kind}/${o.metadata.name}`).not.toThrow();
    const ca = all.find((o) => o.kind === 'Certificate' && (o.spec as { isCA?: boolean }).isCA)!;
    expect((ca.spec as { usages: string[] }).usages).toEqual(expect.arrayContaining(['cert sign', 'crl sign']));
    expect(all.filter((o) => o.kind === 'Certificate').map((o) => o.metadata.name)).toEqual(expect.arrayContaining(policy.partners.map((p) => `partner-${p.name}`)));
    // The ConfigMap Kong seeds from holds the same declarative config as kong.yml.
    const kong = parse(readFileSync(join(out, 'kong.yml'), 'utf8'), { version: '1.1' }) as KongConfig;
    expect(kongConfigProblems(kong)).toEqual([]);
    const configMap = all.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'kong-declarative') as K8sObject & { data: Record<string, string> };
    expect(configMap.data['kong.yml']).toBe(readFileSync(join(out, 'kong.yml'), 'utf8'));
    expect(readFileSync(join(out, 'kong.env'), 'utf8')).toContain('KONG_NGINX_PROXY_SSL_CRL=/kong/live/crl.pem\n');
    expectKongBasics(out, kong);
    // The Deployment's env is the same.
    const deployment = all.find((o) => o.kind === 'Deployment' && o.metadata.name === 'kong') as K8sObject & { spec: { template: { spec: { containers: { name: string; env: { name: string; value?: string }[] }[] } } } };
    const kongEnv = deployment.spec.template.spec.containers.find((c) => c.name === 'kong')!.env;
    expect(kongEnv).toEqual(expect.arrayContaining([{ name: 'KONG_NGINX_DAEMON', value: 'off' }, { name: 'KONG_NGINX_HTTP_LUA_SHARED_DICT', value: `${PROXY_CACHE_DICT} 5m` }]));
    const lua = (kong.plugins.find((p) => p.name === 'pre-function')!.config.access as string[])[0]!;
    const first = policy.partners[0]!;
    expect(runPreFunction(lua, { var: { ssl_client_verify: 'SUCCESS', ssl_client_s_dn: rfc2253(first.subject), ssl_client_serial: '01' }, consumers: policy.partners.map((p) => p.name) })).toContain(`upstream X-Consumer-Username: ${first.name}`);
    expect(readFileSync(join(out, 'RENDERED.md'), 'utf8')).toMatch(/partner-crl.*signed with the CA key/);
    expect(JSON.stringify(all)).not.toMatch(/PRIVATE KEY/);
  });

  it('--target docker writes the declarative config Kong starts with and its env', async () => {
    const out = join(dir, 'docker');
    const r = await runCli(['render', '--target', 'docker', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const kong = parse(readFileSync(join(out, 'kong.yml'), 'utf8')) as KongConfig;
    expect(kongConfigProblems(kong)).toEqual([]);
    expect(readFileSync(join(out, 'kong.env'), 'utf8')).toContain('KONG_DECLARATIVE_CONFIG=/kong/kong.yml\n');
    expectKongBasics(out, kong);
    // Kong's proxy, its unauthenticated Admin API and its status port are published on loopback only.
    const container = parse(readFileSync(join(out, 'container.yaml'), 'utf8')) as { ports: string[] };
    expect(container.ports).toEqual(['127.0.0.1::8443', '127.0.0.1::8001', '127.0.0.1::8100']);
    // What the policy promises beyond mTLS is in Kong's config too, as the local gateway renders it.
    expect(kong.plugins.map((p) => p.name)).toEqual(expect.arrayContaining(['request-transformer', 'proxy-cache']));
    expect(kong.services.every((s) => s.read_timeout === policy.upstream!.timeoutMs && s.retries === 0)).toBe(true);
    expect(kong.upstreams?.map((u) => u.name)).toEqual(Object.keys(policy.routes.versions).map((v) => `consumer-${v}.upstream`));
  });

  it('--target local writes the nginx.conf of a healthy run', async () => {
    const out = join(dir, 'local');
    const r = await runCli(['render', '--target', 'local', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const conf = readFileSync(join(out, 'nginx.conf'), 'utf8');
    expect(conf).toContain('ssl_verify_client on;');
    for (const p of policy.partners) expect(conf).toContain(rfc2253(p.subject).replace(/(["\\$])/g, '\\$1'));
    // What the policy promises beyond the allowlist: the allowlist-probe's source addresses and the request headers.
    expect(conf).toMatch(/geo \$ip_ok_allowlist_probe \{\s+default 0;\s+127\.0\.0\.1 1;/);
    expect(conf).toContain('if ($ip_ok = 0) {');
    for (const [name, value] of Object.entries(policy.requestHeaders ?? {})) expect(conf).toContain(`proxy_set_header ${name} "${value}";`);
    expect(Object.keys(policy.requestHeaders ?? {}).length).toBeGreaterThan(0);
  });

  it.each<[string, string[], RegExp]>([
    ['a folder that is not empty, leaving it as it was', ['--target', 'kind', '--out', '<full>'], /--out .*full is not empty \(1 entries\): give a new or empty folder/],
    ['a gateway it does not build', ['--target', 'external', '--out', '<new>'], /--target external is a gateway this tool does not build/],
    ['no --target', ['--out', '<new>'], /render needs --target <name>: one of local, kind, docker/],
    ['no --out', ['--target', 'kind'], /render needs --out <dir>/],
    ['a folder under /proc (where a recursive mkdir would spin forever)', ['--target', 'local', '--out', '/proc/mtls-conformance-render'], /--out \/proc\/mtls-conformance-render: cannot be made \(ENOENT\)/],
  ])('exits 2 with one line on %s', async (_what, args, message) => {
    const full = join(dir, 'full');
    mkdirSync(full, { recursive: true });
    writeFileSync(join(full, 'mine.yaml'), 'kept: true\n');
    const r = await runCli(['render', ...args.map((a) => a.replace('<full>', full).replace('<new>', join(dir, 'never')))]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(readdirSync(full)).toEqual(['mine.yaml']);
    expect(readFileSync(join(full, 'mine.yaml'), 'utf8')).toBe('kept: true\n');
  });
});
