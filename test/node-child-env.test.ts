// The node processes a run starts (echo backends, watchdog, Allure's worker) make no TLS connection
// and start without NODE_EXTRA_CA_CERTS, which would make each parse a whole CA bundle first.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEchoBackend } from '../harness/echo/echo-backend.ts';
import { startAllureGenerator } from '../harness/report/allure-generator.ts';
import { childPids } from '../harness/targets/local/proc.ts';
import { nodeChildEnv } from '../harness/util/node-child-env.ts';
import { ROOT } from './support/cli.ts';

/** The environment variable names of a process, from /proc. */
function envNames(pid: number): string[] {
  return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean).map((kv) => kv.slice(0, kv.indexOf('=')));
}

/** The one child of this process that `start` adds, by its command line. */
async function newChild(start: () => unknown, cmdline: RegExp): Promise<number> {
  const before = new Set(childPids(process.pid));
  await start();
  const added = childPids(process.pid).filter((p) => !before.has(p) && cmdline.test(readFileSync(`/proc/${p}/cmdline`, 'utf8')));
  expect(added).toHaveLength(1);
  return added[0]!;
}

describe('node children of a run', () => {
  const inherited = process.env.NODE_EXTRA_CA_CERTS;
  // What the children would inherit. Only its presence is read: a child given it would merely warn
  // that the file does not load.
  beforeAll(() => void (process.env.NODE_EXTRA_CA_CERTS = join(tmpdir(), 'no-such-bundle.pem')));
  afterAll(() => {
    if (inherited === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
    else process.env.NODE_EXTRA_CA_CERTS = inherited;
  });

  it('keep every variable but NODE_EXTRA_CA_CERTS', () => {
    expect(nodeChildEnv({ PATH: '/bin', TMPDIR: '/t', NODE_EXTRA_CA_CERTS: '/b.pem' })).toEqual({ PATH: '/bin', TMPDIR: '/t' });
  });

  it('the echo backend starts without it', async () => {
    let echo: Awaited<ReturnType<typeof startEchoBackend>> | undefined;
    const pid = await newChild(async () => (echo = await startEchoBackend('v1')), /echo-server\.mjs/);
    try {
      expect(envNames(pid)).toContain('PATH');
      expect(envNames(pid)).not.toContain('NODE_EXTRA_CA_CERTS');
    } finally {
      await echo?.close();
    }
  });

  it("Allure's worker starts without it", async () => {
    let generator: ReturnType<typeof startAllureGenerator> | undefined;
    const pid = await newChild(() => (generator = startAllureGenerator()), /allure-worker\.mjs/);
    try {
      expect(envNames(pid)).not.toContain('NODE_EXTRA_CA_CERTS');
    } finally {
      generator?.stop();
    }
  });

  // In a plain node of its own (the compiled reaper): a test worker that ran other files may have
  // its watchdog already, started before this file set the variable.
  it('the watchdog starts without it', () => {
    const dist = (m: string): string => JSON.stringify(pathToFileURL(join(ROOT, 'dist', 'harness', 'util', m)).href);
    const script = `const { reaper } = await import(${dist('reaper.js')}); const { ownedTempDir } = await import(${dist('owned-dir.js')});
const { readFileSync, rmSync } = await import('node:fs'); const dir = ownedTempDir('node-child-env'); reaper.dir(dir);
const kids = readFileSync('/proc/self/task/' + process.pid + '/children', 'utf8').trim().split(' ').filter((p) => readFileSync('/proc/' + p + '/cmdline', 'utf8').includes('watchdog.mjs'));
console.log(JSON.stringify(kids.map((p) => readFileSync('/proc/' + p + '/environ', 'utf8').split('\\0').map((kv) => kv.split('=')[0]))));
rmSync(dir, { recursive: true, force: true });`;
    const envs = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as string[][];
    expect(envs).toHaveLength(1);
    expect(envs[0]).toContain('PATH');
    expect(envs[0]).not.toContain('NODE_EXTRA_CA_CERTS');
  });
});
