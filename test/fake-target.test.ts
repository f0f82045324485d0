// Adding a target is one folder plus one registry line: in a built temp copy of the project, a small
// target (a bare Node https server that asks for a client certificate) is added that way, and the
// CLI takes it everywhere at once: --target, --help, list, its flags, provisioning and teardown.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtCopy } from './support/project-copy.ts';
import { bound } from './support/bounds.ts';
import { rm } from 'node:fs/promises';
import { REMOVAL_MS } from './support/scratch.ts';

const FAKE = `// A bare Node https server that asks for a client certificate from the run's CA.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { NO_CONTROL } from '../../core/no-control.ts';
import { policyOf } from '../../core/options.ts';
import { mintRunPki } from '../../identities/run-pki.ts';
import { KeyStore } from '../../pki/store.ts';
import type { TargetEntry } from '../registry-types.ts';

export const fake: TargetEntry = {
  name: 'fake',
  summary: 'a bare Node https server that asks for a client certificate',
  source: 'policy',
  ownsGateway: true,
  flags: [],
  can: [],
  preRevokedProbe: false,
  preflight: async () => undefined,
  provision: async (o, scope) => {
    const policy = policyOf(o);
    const store = new KeyStore();
    scope.defer('remove the keys', () => store.remove(), () => store.remove());
    const pki = await mintRunPki(store, policy);
    const ca = readFileSync(pki.caFile, 'utf8');
    const server = createServer({ cert: readFileSync(pki.serverCertFile), key: readFileSync(pki.serverKeyFile), ca, requestCert: true, rejectUnauthorized: true }, (req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: req.url }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    process.stderr.write('fake target: listening\\n');
    scope.defer('stop the server', async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      process.stderr.write('fake target: stopped\\n');
    });
    return {
      info: {
        target: 'fake',
        baseUrl: \`https://localhost:\${(server.address() as AddressInfo).port}\`,
        serverCaPem: ca,
        oracle: 'tls',
        features: [],
        partners: pki.partners,
        probes: { selfSigned: pki.probes.selfSigned, foreignCa: pki.probes.foreignCa },
        routes: policy.routes,
        consistency: { rejections: o.rejections, convergenceMs: o.convergenceMs },
      },
      control: NO_CONTROL,
    };
  },
};
`;

let dir = '';
beforeAll(() => {
  dir = builtCopy({
    // One folder ...
    'harness/targets/fake/entry.ts': FAKE,
    // ... plus one registry line (and its import).
    'harness/targets/registry.ts': (text) => {
      expect(text).toContain('  docker,\n];');
      return `import { fake } from './fake/entry.ts';\n${text.replace('  docker,\n];', '  docker,\n  fake,\n];')}`;
    },
  });
}, bound(60_000));
afterAll(() => rm(dir, { recursive: true, force: true }), REMOVAL_MS);

function cli(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(dir, 'scripts/mtls-conformance.mjs'), ...args], { cwd: dir, encoding: 'utf8', timeout: 90_000, env: { ...process.env, TMPDIR: dir } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('a target added as one folder plus one registry line', () => {
  it('runs demos: valid partners get in, no cert and a self-signed cert are refused, the rest is not-supported; its scope is closed', () => {
    const r = cli(['run', '--target', 'fake', '--only', 'valid-cert,missing-cert,self-signed-cert,revoked-cert', '--report-dir', join(dir, 'reports')]);
    expect(r.code, r.stdout.slice(-2000) + r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'reports/conformance-report.json'), 'utf8')) as { target: { name: string }; demos: { id: string; result: string }[] };
    expect(report.target.name).toBe('fake');
    expect(report.demos.map((d) => [d.id, d.result])).toEqual([
      ['valid-cert', 'passed'],
      ['missing-cert', 'passed'],
      ['self-signed-cert', 'passed'],
      ['revoked-cert', 'not-supported'],
    ]);
    expect(r.stderr).toMatch(/fake target: listening[\s\S]*fake target: stopped/);
    expect(readdirSync(dir).filter((f) => /^mtls-conformance-(pki|store)/.test(f))).toEqual([]);
  }, bound(90_000));

  it('is in --help and list, and its flags are checked from its line', () => {
    expect(cli(['run', '--help']).stdout).toMatch(/fake {6}a bare Node https server that asks for a client certificate\./);
    const list = cli(['list', '--target', 'fake']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('valid-cert');
    const keep = cli(['run', '--target', 'fake', '--keep']);
    expect(keep.code).toBe(2);
    expect(keep.stderr).toBe('mtls-conformance: --keep is for --target kind\n');
  }, bound(60_000));
});
