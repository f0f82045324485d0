// PEM files as people keep them: the key before the cert, or both in one file (for a partner, and
// for the issuer). They are read by the same code at validation and at use, so what validation
// accepts, a run uses: against a conforming gateway, the run passes.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localGatewayFixture, type ExternalFixture } from './support/external-fixture.ts';
import { runExternal } from './support/external-run.ts';
import { bound } from './support/bounds.ts';

let fx: ExternalFixture;
beforeAll(async () => (fx = await localGatewayFixture()));
afterAll(() => fx.close());

describe('PEM files with the key first, or key and cert in one file', () => {
  it('validate and run as they would in the usual layout', async () => {
    const c = (f: string): string => join(fx.certs, f);
    // partner-b is the one the impostor probes copy the subject of: its file goes through every reader.
    writeFileSync(c('partner-b.pem'), readFileSync(c('partner-b.key'), 'utf8') + readFileSync(c('partner-b.crt'), 'utf8'), { mode: 0o600 });
    writeFileSync(c('partner-a.both'), readFileSync(c('partner-a.key'), 'utf8') + readFileSync(c('partner-a.crt'), 'utf8'), { mode: 0o600 });
    const yaml = readFileSync(fx.file, 'utf8')
      .replace('cert: certs/partner-b.crt', 'cert: certs/partner-b.pem')
      .replace('key: certs/partner-b.key', 'key: certs/partner-b.pem')
      .replace('cert: certs/partner-a.crt', 'cert: certs/partner-a.both');
    fx.write(yaml);
    const { r, report } = await runExternal(fx, 'pem', ['--only', 'credentials,valid-cert,self-signed-cert,untrusted-ca-cert']);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(report.demos.map((d) => [d.id, d.result]), r.stdout.slice(-2000)).toEqual([
      ['credentials', 'passed'],
      ['valid-cert', 'passed'],
      ['self-signed-cert', 'passed'],
      ['untrusted-ca-cert', 'passed'],
    ]);
    expect(r.code).toBe(0);
  }, bound(60_000));
});
