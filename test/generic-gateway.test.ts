// A partner's self-check against a gateway of no family the tool names: a real nginx set up as
// many mTLS guides set it up, not as Kong is (`ssl_verify_client optional`, then `return 403` for
// a client whose certificate did not verify). Under `any` (verify's default) its 403 page is its
// refusal: missing-cert passes, with the warning that certificates are not required at TLS. Without
// that check, missing-cert fails. Under an oracle whose forms it does not use, the likely cause
// names verify's --oracle. The PKI is made by the openssl CLI.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findNginx, NginxProcess } from '../harness/targets/local/nginx-process.ts';
import { freePort } from '../harness/targets/ports.ts';
import { runCliWithoutHtml } from './support/cli.ts';
import { opensslCa, opensslLeaf } from './support/openssl-pki.ts';
import { readReport } from './support/report-schema.ts';
import { passableTempDir } from './support/scratch.ts';
import { bound } from './support/bounds.ts';

const prefix = passableTempDir('mtls-conformance-generic-');
const certs = join(prefix, 'certs');
let port: number;
let nginx: NginxProcess;

/** The gateway: a verified client certificate gets the JSON answer; `check` adds the 403 for anyone else. */
function config(check: boolean): string {
  const c = (f: string): string => `"${join(certs, f)}"`;
  return [
    ...(process.getuid?.() === 0 ? ['user root;'] : []),
    'worker_processes 1;',
    'daemon off;',
    `pid "${prefix}/nginx.pid";`,
    'events { worker_connections 64; }',
    'http {',
    '  access_log off;',
    '  client_body_temp_path tmp/body; proxy_temp_path tmp/proxy; fastcgi_temp_path tmp/fastcgi; uwsgi_temp_path tmp/uwsgi; scgi_temp_path tmp/scgi;',
    `  server {`,
    `    listen 127.0.0.1:${port} ssl;`,
    `    ssl_certificate ${c('server.crt')}; ssl_certificate_key ${c('server.key')};`,
    `    ssl_client_certificate ${c('root.crt')}; ssl_verify_client optional;`,
    "    ssl_protocols TLSv1.2 TLSv1.3;",
    '    location / {',
    ...(check ? ['      if ($ssl_client_verify != SUCCESS) { return 403; }'] : []),
    '      default_type application/json;',
    '      return 200 \'{"version":"v1"}\';',
    '    }',
    '  }',
    '}',
  ].join('\n');
}

beforeAll(async () => {
  mkdirSync(certs);
  const root = opensslCa(certs, 'root', 'sha1');
  opensslLeaf(certs, root, 'server', '/O=Home Party/CN=localhost', 'server');
  opensslLeaf(certs, root, 'partner', '/O=Producer Organization/CN=producer-api-client', 'client');
  port = await freePort();
  nginx = new NginxProcess(findNginx(), prefix);
  nginx.writeConfig(config(true));
  await nginx.start();
});

afterAll(async () => {
  await nginx?.stop();
  rmSync(prefix, { recursive: true, force: true });
});

async function verify(label: string, extra: string[] = []): Promise<{ code: number | null; stdout: string; missing: { result: string; reason?: string; observed?: string[] } }> {
  const reportDir = join(prefix, `report-${label}`);
  const c = (f: string): string => join(certs, f);
  const r = await runCliWithoutHtml(['verify', '--url', `https://localhost:${port}/v1/consumer`, '--cert', c('partner.crt'), '--key', c('partner.key'), '--ca', c('root.crt'), '--report-dir', reportDir, ...extra]);
  const report = readReport(join(reportDir, 'conformance-report.json'));
  const missing = report.demos.find((d) => d.id === 'missing-cert')!.cases[0]!;
  return { code: r.code, stdout: r.stdout + r.stderr, missing };
}

describe('a generic nginx mTLS gateway (ssl_verify_client optional, then 403)', () => {
  it('passes missing-cert under any: its 403 page is its refusal, with the warning that TLS does not require a certificate', async () => {
    const r = await verify('any');
    expect(r.code, r.stdout.slice(-2500)).toBe(0);
    expect(r.missing.result).toBe('passed');
    expect(r.missing.observed).toEqual(['other-refusal']);
    expect(r.missing.reason).toMatch(/warning: this listener does not require client certificates at TLS: the missing certificate was let through the handshake and refused afterwards in HTTP/);
    expect(r.stdout).toMatch(/PASS self-signed-cert/);
  }, bound(60_000));

  it('fails missing-cert without the 403: anyone without a certificate gets in', async () => {
    await nginx.reload(config(false));
    try {
      const r = await verify('let-in');
      expect(r.code, r.stdout.slice(-2500)).toBe(1);
      expect(r.missing.result).toBe('failed');
      expect(r.missing.reason).toMatch(/let through: HTTP 200 .*: anyone without a certificate gets in/);
    } finally {
      await nginx.reload(config(true));
    }
  }, bound(60_000));

  it("fails it under an oracle whose forms it does not use, and the likely cause names verify's --oracle", async () => {
    const r = await verify('ee', ['--oracle', 'kong-enterprise']);
    expect(r.code, r.stdout.slice(-2500)).toBe(1);
    expect(r.missing.result).toBe('failed');
    expect(r.stdout).toMatch(/^ +likely cause: the gateway refused in a form kong-enterprise does not use \(see the response attached to the case\); if the refusal is right, run verify with --oracle any$/m);
  }, bound(60_000));
});
