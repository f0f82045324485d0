// Without /proc (macOS has none; a hardened Linux may hide it), a run must not take itself for dead:
// the watchdog and the start-up sweep then ask the kernel whether a pid is there (signal 0), and
// stop no process they cannot prove is the one recorded. Run here in a mount namespace whose /proc
// is an empty tmpfs (needs root, as CI has; elsewhere this file says it did not run).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ended, fileTmp, ROOT, type CliRun } from './support/cli.ts';
import { localGatewayFixture, type ExternalFixture } from './support/external-fixture.ts';
import { bound } from './support/bounds.ts';

const HIDE_PROC = ['-m', '--propagation', 'private', 'sh', '-c', 'mount -t tmpfs none /proc && exec "$@"', 'sh'];
const probe = spawnSync('unshare', [...HIDE_PROC, 'test', '!', '-e', '/proc/self/stat'], { encoding: 'utf8' });
const skipped = probe.error ? `unshare could not run (${probe.error.message})` : probe.status !== 0 ? `no mount namespace could hide /proc here (${(probe.stderr || `exit ${probe.status}`).trim()}): it needs root` : undefined;
if (skipped) console.warn(`test/no-proc.test.ts did not run: ${skipped}`);

/** `node <args>` with /proc hidden, in the file's own temp dir. */
function nodeWithoutProc(args: string[]): Promise<CliRun> {
  return ended(spawn('unshare', [...HIDE_PROC, process.execPath, ...args], { cwd: ROOT, env: { ...process.env, TMPDIR: fileTmp() }, stdio: ['ignore', 'pipe', 'pipe'] }));
}

describe.skipIf(skipped !== undefined)('without /proc', () => {
  it('a live process is alive, a gone one is not; the sweep removes the dir of a gone owner only', async () => {
    const reaper = pathToFileURL(join(ROOT, 'dist', 'harness', 'util', 'reaper.js')).href;
    const script = `
      import { spawnSync } from 'node:child_process';
      import { mkdtempSync, writeFileSync } from 'node:fs';
      import { tmpdir } from 'node:os';
      import { join } from 'node:path';
      import { alive, ownerStamp, stampedOwner, sweepStale } from '${reaper}';
      const gone = spawnSync('true').pid;
      const parent = mkdtempSync(join(tmpdir(), 'sweep-'));
      const dir = (name, stamp) => { const d = mkdtempSync(join(parent, 'mtls-conformance-' + name + '-')); writeFileSync(join(d, '.owner'), stamp, { mode: 0o600 }); return d; };
      const live = dir('live', ownerStamp());
      const dead = dir('dead', gone + ' \\n');
      console.log(JSON.stringify({ self: alive(process.pid), gone: alive(gone), owner: stampedOwner(join(live, '.owner')), swept: sweepStale(parent).map((d) => d === dead ? 'dead' : d === live ? 'live' : d) }));
    `;
    const r = await nodeWithoutProc(['--input-type=module', '-e', script]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { self: boolean; gone: boolean; owner: { alive: boolean }; swept: string[] };
    expect(out).toMatchObject({ self: true, gone: false, owner: { alive: true }, swept: ['dead'] });
  });

  describe('verify against a conforming gateway', () => {
    let fx: ExternalFixture;
    beforeAll(async () => (fx = await localGatewayFixture()));
    afterAll(() => fx.close());

    it('runs to its verdict: its watchdog does not take the run for dead and remove its keys', async () => {
      const c = (f: string): string => join(fx.certs, f);
      const reportDir = join(fx.dir, 'no-proc');
      const r = await nodeWithoutProc([BIN, 'verify', '--no-html-report', '--url', `${fx.baseUrl}/v1/consumer`, '--cert', c('partner-b.crt'), '--key', c('partner-b.key'), '--ca', c('ca.crt'), '--report-dir', reportDir]);
      expect(r.code, r.stdout.slice(-3000) + r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^Result: success: 7 of 20 demos tested/m);
      expect(existsSync(join(reportDir, 'conformance-report.json'))).toBe(true);
    }, bound(60_000));
  });
});
