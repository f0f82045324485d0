// The external target file: the examples the README and docs/targets.md show are accepted as is; each mistake is one line
// naming the key path, the file and the fix (a ConfigError: exit 2, no stack trace, as the CLI runs
// below show for a few). No gateway is needed.
import { execFileSync } from 'node:child_process';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadExternal, parseExternal } from '../harness/config/external.ts';
import { checkExternalPki } from '../harness/targets/external/external-pki.ts';
import { ConfigError } from '../harness/util/errors.ts';
import { createAuthority, issueLeaf } from '../harness/pki/authority.ts';
import { KeyStore } from '../harness/pki/store.ts';
import { privateKeyPem } from '../harness/pki/x509.ts';
import { mintRunPki } from '../harness/identities/run-pki.ts';
import { runCliWithoutHtml } from './support/cli.ts';
import { EXAMPLE_POLICY, exampleYaml } from './support/external-fixture.ts';
import { passableTempDir } from './support/scratch.ts';
import { refusal } from './support/refusal.ts';
import { docYamlExamples } from './support/doc-yaml.ts';

const store = new KeyStore();
const dir = passableTempDir('mtls-conformance-extcfg-');
const certs = join(dir, 'certs');
afterAll(() => {
  store.remove();
  rmSync(dir, { recursive: true, force: true });
});

beforeAll(async () => {
  const pki = await mintRunPki(store, EXAMPLE_POLICY);
  mkdirSync(certs, { mode: 0o700 });
  const put = (from: string, to: string): void => {
    copyFileSync(from, join(certs, to));
    chmodSync(join(certs, to), to.endsWith('.key') ? 0o600 : 0o644);
  };
  for (const p of pki.partners) {
    put(p.certFile, `${p.name}.crt`);
    put(p.keyFile, `${p.name}.key`);
  }
  const minted = { expired: await pki.mint.mint('expired'), wrongEku: await pki.mint.mint('wrong-eku') };
  for (const [name, p] of Object.entries({ ...minted, revoked: pki.probes.revoked, foreignCa: pki.probes.foreignCa, selfSigned: pki.probes.selfSigned })) {
    put(p.certFile, `${name}.crt`);
    put(p.keyFile, `${name}.key`);
  }
  // An expired cert from a CA the gateway does not trust: off in two ways.
  const other = await createAuthority({ O: 'Other Party', CN: 'Other CA' });
  const day = 86_400_000;
  const foreignExpired = await issueLeaf(other, { subject: { O: 'Producer Organization', OU: 'Integration Team', CN: 'producer-api-client' }, profile: 'client', notBefore: new Date(Date.now() - 3 * day), notAfter: new Date(Date.now() - day) });
  const files = await store.writeIdentity('foreign-expired', foreignExpired);
  put(files.certFile, 'foreign-expired.crt');
  put(files.keyFile, 'foreign-expired.key');
  const strangerStore = new KeyStore();
  const stranger = await mintRunPki(strangerStore, { ...EXAMPLE_POLICY, partners: [{ name: 'x', subject: { O: 'Nobody', CN: 'stranger' } }] });
  put(stranger.caFile, 'stranger-ca.crt');
  writeFileSync(join(certs, 'stranger-ca.key'), await privateKeyPem(stranger.ca.keys), { mode: 0o600 });
  strangerStore.remove();
  put(minted.wrongEku.certFile, 'server-only.crt');
  put(minted.wrongEku.keyFile, 'server-only.key');
  put(pki.caFile, 'ca.crt');
  // What docs/targets.md's example names besides: the CA partners chain to, and an issuer.
  put(pki.caFile, 'partner-root.crt');
  put(pki.caFile, 'partner-ca.crt');
  writeFileSync(join(certs, 'partner-ca.key'), await privateKeyPem(pki.ca.keys), { mode: 0o600 });
  const encrypted = createPrivateKey(readFileSync(join(certs, 'partner-a.key'))).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret' });
  writeFileSync(join(certs, 'encrypted.key'), encrypted, { mode: 0o600 });
  // Text that starts as DER does (0x30, "0"), but is not: not named DER.
  writeFileSync(join(certs, 'garbage.key'), '0: not a key\n', { mode: 0o600 });
  // What CAs and key stores export where PEM belongs: a PKCS#12 bundle, DER.
  const [crt, key] = [join(certs, 'partner-a.crt'), join(certs, 'partner-a.key')];
  execFileSync('openssl', ['pkcs12', '-export', '-in', crt, '-inkey', key, '-out', join(certs, 'partner-a.p12'), '-passout', 'pass:x']);
  chmodSync(join(certs, 'partner-a.p12'), 0o600);
  // A chain file with its CA put before the partner's own certificate.
  writeFileSync(join(certs, 'ca-first.crt'), readFileSync(join(certs, 'ca.crt'), 'utf8') + readFileSync(crt, 'utf8'));
  writeFileSync(join(certs, 'partner-a.der'), new X509Certificate(readFileSync(crt)).raw);
  writeFileSync(join(certs, 'partner-a-der.key'), createPrivateKey(readFileSync(key)).export({ type: 'pkcs8', format: 'der' }), { mode: 0o600 });
});

const EXAMPLE = exampleYaml('https://localhost:8443');


function variant(name: string, yaml: string): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, yaml);
  return file;
}

describe('external target file', () => {
  it.each(['README.md', 'docs/targets.md'])('accepts the target file %s shows as is', (doc) => {
    const examples = docYamlExamples(doc, 'gateway');
    expect(examples).toHaveLength(1);
    expect(parseExternal(examples[0], dir).problems).toEqual([]);
  });

  it('accepts the example with versions and probes as is, resolving paths against its folder', () => {
    const { config, problems } = parseExternal(parse(EXAMPLE), dir);
    expect(problems).toEqual([]);
    expect(config!.gateway).toEqual({ url: 'https://localhost:8443', ca: join(certs, 'ca.crt'), oracle: 'kong-oss' });
    expect(config!.partners.map((p) => [p.name, p.rateLimit?.perMinute])).toEqual([['partner-a', 5], ['partner-b', undefined]]);
    expect(config!.probes.expired?.cert).toBe(join(certs, 'expired.crt'));
    expect(Object.keys(config!.routes.versions)).toEqual(['v1', 'v2']);
  });

  const cases: [string, string[] | ((yaml: string) => string), RegExp][] = [
    ['a missing target file', ['--config', '/nonexistent/target.yaml'], /target file \/nonexistent\/target\.yaml does not exist/],
    ['malformed YAML', (y) => y.replace('partners:', 'partners: [') , /is not valid YAML/],
    ['an unknown key', (y) => y.replace('  oracle: kong-oss', '  oracle: kong-oss\n  timeout: 5'), /gateway\.timeout: unknown key \(allowed: url, ca, oracle\)/],
    ['a missing cert file', (y) => y.replace('certs/partner-a.crt', 'certs/nope.crt'), /partners\[0\]: certs\/nope\.crt does not exist: check the path/],
    ['a key that is a folder', (y) => y.replace('certs/partner-a.key', 'certs'), /partners\[0\]: certs is a directory/],
    ['a file that is not a key', (y) => y.replace('certs/partner-a.key', 'certs/garbage.key'), /partners\[0\]: certs\/garbage\.key is not a PEM private key/],
    ['a PKCS#12 bundle as the cert', (y) => y.replace('certs/partner-a.crt', 'certs/partner-a.p12'), /partners\[0\]: certs\/partner-a\.p12 is a PKCS#12 bundle, not PEM: convert it with openssl pkcs12 -in <file> -clcerts -nokeys -out <cert\.pem>$/],
    ['a PKCS#12 bundle as the key', (y) => y.replace('certs/partner-a.key', 'certs/partner-a.p12'), /partners\[0\]: certs\/partner-a\.p12 is a PKCS#12 bundle, not PEM: convert it with openssl pkcs12 -in <file> -nocerts -nodes -out <key\.pem>, kept 0600$/],
    ['a chain file whose first certificate is a CA', (y) => y.replace('certs/partner-a.crt', 'certs/ca-first.crt'), /partners\[0\]: certs\/ca-first\.crt: the certificate of certs\/partner-a\.key is certificate 2 in it; put it first, with its CAs after it/],
    ['a DER cert', (y) => y.replace('certs/partner-a.crt', 'certs/partner-a.der'), /partners\[0\]: certs\/partner-a\.der is binary \(DER\), not PEM: convert it with openssl x509 -inform DER -in <file> -out <cert\.pem>$/],
    ['a DER key', (y) => y.replace('certs/partner-a.key', 'certs/partner-a-der.key'), /partners\[0\]: certs\/partner-a-der\.key is binary \(DER\), not PEM: convert it with openssl pkey -inform DER -in <file> -out <key\.pem>, kept 0600$/],
    ['an encrypted key', (y) => y.replace('certs/partner-a.key', 'certs/encrypted.key'), /partners\[0\]: certs\/encrypted\.key is an encrypted key: give an unencrypted one/],
    ['a key that does not match its cert', (y) => y.replace('certs/partner-a.key', 'certs/partner-b.key'), /partners\[0\]: certs\/partner-b\.key does not match certs\/partner-a\.crt/],
    ['a cert that is not a client cert', (y) => y.replace('certs/partner-a.crt', 'certs/server-only.crt').replace('certs/partner-a.key', 'certs/server-only.key'), /partners\[0\]: certs\/server-only\.crt is not a client certificate/],
    ['a CA cert as a partner cert', (y) => y.replace('cert: certs/partner-b.crt', 'cert: certs/ca.crt'), /partners\[1\]: certs\/partner-b\.key does not match certs\/ca\.crt/],
    ['a URL that is not https', (y) => y.replace('https://localhost:8443', 'http://localhost:8443'), /gateway\.url: "http:\/\/localhost:8443" is not https/],
    ['a URL that is not a URL', (y) => y.replace('https://localhost:8443', 'localhost:8443'), /gateway\.url: "localhost:8443" is not (a URL|https)/],
    ['a URL with a user and password', (y) => y.replace('https://localhost:8443', 'https://gate:s3cr3t-pw@localhost:8443'), /gateway\.url: "https:\/\/localhost:8443" holds a user or password: remove it/],
    ['a URL with a query', (y) => y.replace('https://localhost:8443', 'https://localhost:8443/?x=1'), /gateway\.url: "https:\/\/localhost:8443" has a query: remove it/],
    ['a URL with a fragment', (y) => y.replace('https://localhost:8443', 'https://localhost:8443/#top'), /gateway\.url: "https:\/\/localhost:8443" has a fragment: remove it/],
    ['a URL with port 0', (y) => y.replace('https://localhost:8443', 'https://localhost:0'), /gateway\.url: .* has port 0: give the port/],
    ['a URL with a path', (y) => y.replace('https://localhost:8443', 'https://localhost:8443/api'), /gateway\.url: "https:\/\/localhost:8443" has a path: give scheme, host and port only, .* and the paths under routes:/],
    ['a rate limit of zero', (y) => y.replace('perMinute: 5', 'perMinute: 0'), /partners\[0\]\.rateLimit\.perMinute: expected a positive integer, found number 0/],
    ['a rate limit that is text', (y) => y.replace('perMinute: 5', 'perMinute: five'), /partners\[0\]\.rateLimit\.perMinute: expected a positive integer, found string "five"/],
    ['an unknown oracle', (y) => y.replace('oracle: kong-oss', 'oracle: envoy'), /gateway\.oracle: "envoy" is not an oracle: choose kong-oss, kong-enterprise, tls, any/],
    ['a missing CA file', (y) => y.replace('ca: certs/ca.crt', 'ca: certs/missing-ca.crt'), /gateway\.ca: certs\/missing-ca\.crt does not exist/],
    ['no partners', (y) => y.replace(/partners:[\s\S]*?routes:/, 'partners: []\nroutes:'), /partners: list at least one partner/],
    ['every partner reserved for one demo', (y) => y.replace(/(key: certs\/partner-[ab]\.key)/g, '$1\n    reservedFor: rate-limit'), /\.yaml: partners: needs at least one partner without reservedFor$/],
    ['a probe whose key does not match', (y) => y.replace('key: certs/expired.key', 'key: certs/partner-a.key'), /probes\.expired: certs\/partner-a\.key does not match certs\/expired\.crt/],
    ['a version without a marker', (y) => y.replace("v1: { path: /v1/consumer, expect: { bodyIncludes: '\"version\":\"v1\"' } }", 'v1: { path: /v1/consumer, expect: {} }'), /routes\.versions\.v1\.expect: needs bodyIncludes and\/or header/],
  ];

  it.each(cases)('refuses %s with one line (exit 2)', (name, change, message) => {
    const file = Array.isArray(change) ? change[1]! : variant(name.replace(/\W+/g, '-'), change(EXAMPLE));
    const err = refusal(() => loadExternal(file));
    expect(err.exitCode).toBe(2);
    expect(err.message.split('\n'), err.message).toHaveLength(1);
    expect(err.message).toMatch(message);
    // Never the password, anywhere.
    expect(err.message).not.toContain('s3cr3t-pw');
  });

  const pkiCases: [string, (yaml: string) => string, RegExp][] = [
    ['an expired probe that is not expired', (y) => y.replace('cert: certs/expired.crt, key: certs/expired.key', 'cert: certs/partner-b.crt, key: certs/partner-b.key'), /probes\.expired: certs\/partner-b\.crt is not only expired: OpenSSL finds no error, where it must find only error 10 at depth 0/],
    ['an expired probe from another CA', (y) => y.replace('cert: certs/expired.crt, key: certs/expired.key', 'cert: certs/foreign-expired.crt, key: certs/foreign-expired.key'), /probes\.expired: certs\/foreign-expired\.crt is not only expired: OpenSSL finds error 20 at depth 0/],
    ['a revoked probe that has expired', (y) => y.replace('cert: certs/revoked.crt, key: certs/revoked.key', 'cert: certs/expired.crt, key: certs/expired.key'), /probes\.revoked: certs\/expired\.crt is not only revoked: OpenSSL finds error 10 at depth 0 \(certificate has expired\), where it must find only no error/],
    ['a revoked probe that is self-signed', (y) => y.replace('cert: certs/revoked.crt, key: certs/revoked.key', 'cert: certs/selfSigned.crt, key: certs/selfSigned.key'), /probes\.revoked: certs\/selfSigned\.crt is not only revoked: OpenSSL finds error 18 at depth 0/],
    ['an issuer that did not issue the partners', (y) => `${y}issuer: { cert: certs/stranger-ca.crt, key: certs/stranger-ca.key }\n`, /issuer\.cert: certs\/stranger-ca\.crt issued none of the partners' certificates \(those without reservedFor; /],
  ];

  it.each(pkiCases)('refuses %s as the run starts, with one line per problem (exit 2), as OpenSSL sees it', async (name, change, message) => {
    const config = loadExternal(variant(name.replace(/\W+/g, '-'), change(EXAMPLE)));
    const err = await checkExternalPki(config, config.partners[0]!.cert, store).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toMatch(message);
  });

  it('as the CLI says it: exit 2, one line on stderr, nothing on stdout, no stack trace', async () => {
    const file = variant('cli-unknown-key', EXAMPLE.replace('  oracle: kong-oss', '  oracle: kong-oss\n  timeout: 5'));
    const r = await runCliWithoutHtml(['run', '--target', 'external', '--config', file, '--report-dir', join(dir, 'reports')]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^mtls-conformance: \S+cli-unknown-key\.yaml: gateway\.timeout: unknown key \(allowed: url, ca, oracle\)\n$/);
  });

  it.concurrent.each<[string, () => string, RegExp]>([
    ['an alias bomb', () => `${EXAMPLE}bomb:\n  a: &a [x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 8 }, (_, i) => `  ${'bcdefghi'[i]}: &${'bcdefghi'[i]} [*${'abcdefgh'[i]}, *${'abcdefgh'[i]}, *${'abcdefgh'[i]}, *${'abcdefgh'[i]}, *${'abcdefgh'[i]}, *${'abcdefgh'[i]}, *${'abcdefgh'[i]}, *${'abcdefgh'[i]}, *${'abcdefgh'[i]}]`).join('\n')}\n`, /is not YAML this tool reads \(Excessive alias count/],
    ['an unknown tag', () => EXAMPLE.replace('oracle: kong-oss', 'oracle: !!js/function kong-oss'), /line \d+, column \d+ is not valid YAML \(Unresolved tag: tag:yaml\.org,2002:js\/function\): fix the syntax/],
    ['a file over 256 KiB', () => `${EXAMPLE}# ${'x'.repeat(300 * 1024)}\n`, /is 30\d KiB, over the 256 KiB it may have/],
  ])('refuses %s with one line, quickly', (name, yaml, message) => {
    const file = variant(name.replace(/\W+/g, '-'), yaml());
    // Quickly: in about the time reading the plain example takes here and now (no parse runs away).
    const t0 = performance.now();
    refusal(() => loadExternal(variant('baseline', EXAMPLE.replace('certs/partner-a.crt', 'certs/nope.crt'))));
    const baseline = performance.now() - t0;
    const t1 = performance.now();
    const err = refusal(() => loadExternal(file));
    expect(performance.now() - t1, `the plain example: ${baseline} ms`).toBeLessThan(20 * baseline + 200);
    expect(err.message.split('\n'), err.message).toHaveLength(1);
    expect(err.message).toMatch(message);
  });

  it('lists at most 20 problems, then says how many more', async () => {
    const keys = Array.from({ length: 5000 }, (_, i) => `  extra${i}: 1`).join('\n');
    const file = variant('thousands', EXAMPLE.replace('  oracle: kong-oss', `  oracle: kong-oss\n${keys}`));
    const r = await runCliWithoutHtml(['run', '--target', 'external', '--config', file, '--report-dir', join(dir, 'reports-many')]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(21);
    expect(lines[20]).toMatch(/thousands\.yaml: and 4980 more problems$/);
  });

  it('lists every problem of a file, one line each', async () => {
    const file = variant('many', EXAMPLE.replace('perMinute: 5', 'perMinute: -5').replace('oracle: kong-oss', 'oracle: nope').replace('certs/partner-b.key', 'certs/x.key'));
    const r = await runCliWithoutHtml(['run', '--target', 'external', '--config', file, '--report-dir', join(dir, 'reports-many')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(3);
    for (const line of r.stderr.trim().split('\n')) expect(line).toMatch(/^mtls-conformance: .*many\.yaml: /);
  });
});
