// What the suite promises about secrets, origins, config languages and the files it reads and
// writes (docs/security.md), each tried the way it would be broken: a key pasted where a path
// belongs, a key file given as the config, a route that leads to another host, a policy that
// writes nginx syntax, a device as the config, a link planted in a shared report dir.
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { loadExternal } from '../harness/config/external.ts';
import { checkGatewayUrl } from '../harness/config/gateway-url.ts';
import { loadPolicy, parsePolicy } from '../harness/config/policy.ts';
import { buildVerifyConfig } from '../harness/config/verify-config.ts';
import { createAuthority } from '../harness/pki/authority.ts';
import { privateKeyPem } from '../harness/pki/x509.ts';
import { probe } from '../harness/probe/probe.ts';
import { writeReportFile } from '../harness/report/write-file.ts';
import { quote } from '../harness/targets/local/nginx-config.ts';
import { ROOT, runCliWithoutHtml } from './support/cli.ts';
import { exampleYaml, EXAMPLE_POLICY, localGatewayFixture, type ExternalFixture } from './support/external-fixture.ts';
import { passableTempDir } from './support/scratch.ts';
import { refusal } from './support/refusal.ts';

const dir = passableTempDir('mtls-conformance-security-');
let fx: ExternalFixture;
let keyPem = '';
let keyFile = '';
beforeAll(async () => {
  fx = await localGatewayFixture();
  keyPem = await privateKeyPem((await createAuthority({ CN: 'Secret CA' })).keys);
  keyFile = join(dir, 'ca.key');
  writeFileSync(keyFile, keyPem, { mode: 0o600 });
});
afterAll(async () => {
  await fx.close();
  rmSync(dir, { recursive: true, force: true });
});


const body = (pem: string): string => pem.split('\n')[1]!;

describe('no key in any message', () => {
  it.each([
    ['partners[0].key', (y: string, pem: string) => y.replace('key: certs/partner-a.key', `key: ${JSON.stringify(pem)}`)],
    ['probes.expired', (y: string, pem: string) => y.replace('key: certs/expired.key', `key: ${JSON.stringify(pem)}`)],
    ['issuer', (y: string, pem: string) => `${y}issuer: { cert: certs/ca.crt, key: ${JSON.stringify(pem)} }\n`],
  ])('a PEM key pasted into %s is named as such, and not shown', (where, paste) => {
    const file = join(fx.dir, `pasted-${where.replace(/\W+/g, '-')}.yaml`);
    writeFileSync(file, paste(exampleYaml(fx.baseUrl), keyPem));
    const err = refusal(() => loadExternal(file));
    expect(err.message).toMatch(new RegExp(`${where.replace(/[[\].]/g, '\\$&')}(\\.key)?: looks like PEM content, not a file path`));
    expect(err.message).not.toContain(body(keyPem));
    expect(err.message).not.toContain('PRIVATE KEY');
  });

  it.each([
    ['gateway.ca', (y: string, line: string) => y.replace('ca: certs/ca.crt', `ca: ${line}`)],
    ['partners[0].key', (y: string, line: string) => y.replace('key: certs/partner-a.key', `key: ${line}`)],
  ])('one line of a key\'s body pasted into %s is named as such, and not shown', (where, paste) => {
    const file = join(fx.dir, `pasted-line-${where.replace(/\W+/g, '-')}.yaml`);
    writeFileSync(file, paste(exampleYaml(fx.baseUrl), body(keyPem)));
    const err = refusal(() => loadExternal(file));
    expect(err.message).toMatch(new RegExp(`${where.replace(/[[\].]/g, '\\$&')}: looks like PEM content, not a file path`));
    expect(err.message).not.toContain(body(keyPem).slice(0, 20));
  });

  it.each([['a command', (line: string) => [line]], ['--fault', (line: string) => ['run', '--fault', line]], ['a stray argument', (line: string) => ['list', line]]])('a key line given as %s is not echoed', async (_what, args) => {
    const r = await runCliWithoutHtml(args(body(keyPem)));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/a value of \d+ characters \(not shown\)/);
    expect(r.stderr).not.toContain(body(keyPem).slice(0, 20));
  });

  it('verify --key with the key itself is named as such, and not shown', () => {
    const err = refusal(() => buildVerifyConfig({ url: 'https://localhost:8443/v1', cert: 'a.crt', key: keyPem, ca: 'ca.crt', oracle: 'any' }));
    expect(err.message).toMatch(/^--key: the value given looks like PEM content/);
    expect(err.message).not.toContain(body(keyPem));
  });

  it.each([['--policy', ['run', '--policy']], ['--config', ['run', '--target', 'external', '--config']]])('%s pointed at a key file: one line, without the key', async (_flag, args) => {
    const r = await runCliWithoutHtml([...args, keyFile, '--report-dir', join(dir, 'reports-key')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/a value that looks like PEM content \(not shown\)/);
    expect(r.stderr + r.stdout).not.toContain(body(keyPem));
  });

  it('a URL is shown as scheme, host and port only: no password (even one with / ? #), no query, no path', () => {
    for (const raw of ['https://gate:p@ss/w?rd#x@localhost:8443', 'https://localhost:8443/?token=s3cr3t', 'https://u:s3cr3t@localhost:8443', 'not a url with s3cr3t', 'https://localhost:8443/s3cr3t/path']) {
      const r = checkGatewayUrl(raw, { allowPath: false, example: 'https://gw:8443' });
      expect(r.ok, raw).toBe(false);
      expect(r.ok ? '' : r.problem, raw).not.toMatch(/s3cr3t|p@ss|w\?rd|token/);
    }
  });
});

describe('only the named origin', () => {
  it.each(['//other.example/x', '/\\other.example/x', '/v1/../x', '/v1?x=1', 'https://other.example/x', '/v1//x'])('a route %s is refused', (path) => {
    const { problems } = parsePolicy({ ...parseDocument(readFileSync(join(ROOT, 'fixtures', 'policy.yaml'), 'utf8')).toJS(), routes: { default: path } } as object);
    expect(problems.join('\n')).toMatch(/routes\.default: must be a plain absolute path/);
  });

  it.each(['https://localhost:8443//other.example/x', 'https://localhost:8443/\\other.example/x'])('verify --url %s is refused', (url) => {
    expect(refusal(() => buildVerifyConfig({ url, cert: 'a', key: 'b', ca: 'c', oracle: 'any' })).message).toMatch(/^--url .*its path must be a plain absolute path/);
  });

  it('a probe never sends a request whose URL leaves the gateway\'s origin', async () => {
    for (const path of ['//127.0.0.2:1/x', '/\\127.0.0.2:1/x']) {
      const r = await probe({ baseUrl: fx.baseUrl, path, caPem: 'unused' });
      expect(r.outcome).toMatchObject({ kind: 'network-error', code: 'OFF_ORIGIN' });
    }
  });
});

describe('nothing from a file reaches a config language unvalidated', () => {
  const base = EXAMPLE_POLICY;
  const policy = (change: (p: Record<string, unknown>) => void): string[] => {
    const raw = JSON.parse(JSON.stringify({ ...base, partners: base.partners.map((p) => ({ ...p })) })) as Record<string, unknown>;
    change(raw);
    return parsePolicy(raw).problems;
  };
  const injected = 'x { } location /evil { alias /etc/; } location /y';

  it('an nginx block injected through a route path, a version name or the cache path is refused, naming the key', () => {
    expect(policy((p) => ((p.routes as { default: string }).default = `/v1${injected}`)).join('\n')).toMatch(/routes\.default: must be a plain absolute path/);
    expect(policy((p) => ((p.routes as { versions: Record<string, unknown> }).versions[`v3 { } upstream evil`] = { path: '/v3', expect: { bodyIncludes: 'x' } })).join('\n')).toMatch(/routes\.versions\.v3 \{ \} upstream evil: the version name must be lowercase/);
    expect(policy((p) => (p.cache = { path: `/v1/consumer${injected}`, ttlSeconds: 60 })).join('\n')).toMatch(/cache\.path: must be a plain absolute path/);
  });

  it('render of such a policy is exit 2 naming the key, and writes nothing', async () => {
    const file = join(dir, 'crafted.yaml');
    writeFileSync(file, readFileSync(join(ROOT, 'fixtures', 'policy.yaml'), 'utf8').replace('default: /v1/consumer', `default: "/v1/consumer; } location /evil { alias /etc/"`));
    const out = join(dir, 'rendered');
    const r = await runCliWithoutHtml(['render', '--target', 'local', '--policy', file, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/routes\.default: must be a plain absolute path/);
    expect(existsSync(out)).toBe(false);
  });

  it('a header value with "$" is refused (nginx would expand it), and nginx values cannot carry one', () => {
    expect(policy((p) => (p.requestHeaders = { 'X-Auth': '$http_authorization' })).join('\n')).toMatch(/requestHeaders\.X-Auth: a header value cannot hold "\$"/);
    expect(() => quote('$http_authorization')).toThrow(/"\$"/);
  });

  it.each(['default', 'include', 'hostnames', 'volatile'])('the partner name "%s" is refused (an nginx map reads it as its own)', (name) => {
    expect(policy((p) => ((p.partners as { name: string }[])[0]!.name = name)).join('\n')).toMatch(new RegExp(`partners\\[0\\]\\.name: "${name}" is a word gateway configs reserve`));
  });
});

describe('bounded and safe I/O', () => {
  it('a device given as the config file is one line, at once', async () => {
    const r = await runCliWithoutHtml(['run', '--target', 'external', '--config', '/dev/zero', '--report-dir', join(dir, 'reports-zero')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('mtls-conformance: target file /dev/zero is not a regular file (a device, a FIFO or a socket): check that it is the right file');
    expect(() => loadPolicy('/dev/zero')).toThrow(/not a regular file/);
  });

  it('a report file is written past a link planted under its name, never through it', () => {
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'untouched');
    const reports = join(dir, 'shared-reports');
    mkdirSync(reports);
    symlinkSync(victim, join(reports, 'junit.xml'));
    writeReportFile(join(reports, 'junit.xml'), '<testsuites/>');
    expect(readFileSync(victim, 'utf8')).toBe('untouched');
    expect(readFileSync(join(reports, 'junit.xml'), 'utf8')).toBe('<testsuites/>');
  });

  it('a run refuses a report dir whose history is a link (Allure appends to it in place)', async () => {
    const reports = join(dir, 'linked-history');
    mkdirSync(join(reports, 'history'), { recursive: true });
    symlinkSync(join(dir, 'victim.txt'), join(reports, 'history', 'history.jsonl'));
    const r = await runCliWithoutHtml(['run', '--only', 'missing-cert', '--report-dir', reports]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/history\/history\.jsonl there is a link/);
  });
});
