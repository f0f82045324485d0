// The reaper, in a plain node of its own with the compiled reaper (no earlier file's watchdog in the
// way): a group it was told of before it existed is killed with the process that started it; and a
// process that outlives the TMPDIR its watchdog's manifest was made in (a test worker running file
// after file, each with a TMPDIR of its own) starts a watchdog in the TMPDIR it has now.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { isAlive } from '../harness/targets/local/proc.ts';
import { pollUntil } from '../harness/util/poll.ts';
import { ROOT } from './support/cli.ts';

const first = mkdtempSync(join(tmpdir(), 'mtls-conformance-reaper-test-a-'));
const second = mkdtempSync(join(tmpdir(), 'mtls-conformance-reaper-test-b-'));
afterAll(() => [first, second].forEach((d) => rmSync(d, { recursive: true, force: true })));

const dist = (m: string): string => JSON.stringify(pathToFileURL(join(ROOT, 'dist', 'harness', 'util', m)).href);

describe('the reaper', () => {
  // As nginx is started: marked, then spawned detached (a group of its own whose leader names the
  // marker), then registered by pid; a SIGKILL between the spawn and that is what this stands for.
  // A process that names the marker but leads no group (as \`nginx -t\` does) is not the mark's:
  // its group is its parent's.
  it('kills a group it was told of by marker only, once its process is killed; and no group the marker does not lead', async () => {
    const marker = `mtls-conformance-reaper-mark-${process.pid}-${Date.now()}`;
    const script = `const { reaper } = await import(${dist('reaper.js')}); const { spawn } = await import('node:child_process');
reaper.marked(${JSON.stringify(marker)});
const hold = ['-e', 'setInterval(() => {}, 1000)', ${JSON.stringify(marker)}];
const leader = spawn(process.execPath, hold, { detached: true, stdio: 'ignore' });
const member = spawn(process.execPath, hold, { stdio: 'ignore' });
console.log(JSON.stringify([leader.pid, member.pid]));`;
    // Its own group, so that a wrong reap of the member's group hits the script's, not this worker's.
    const parent = spawn(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, TMPDIR: second }, stdio: ['ignore', 'pipe', 'ignore'], detached: true });
    const [leader, member] = JSON.parse(await new Promise<string>((resolve) => parent.stdout!.once('data', (d: Buffer) => resolve(d.toString())))) as [number, number];
    try {
      parent.kill('SIGKILL');
      expect(await pollUntil(() => (!isAlive(leader) ? true : undefined), 5000, 50), 'the marked group outlived its killed parent').toBe(true);
      expect(isAlive(member)).toBe(true);
    } finally {
      for (const p of [leader, member]) {
        try {
          process.kill(p, 'SIGKILL');
        } catch {
          // gone
        }
      }
    }
  });

  it('starts a watchdog in the TMPDIR it has once the one of its manifest is gone', () => {
    const script = `const { reaper } = await import(${dist('reaper.js')}); const { readFileSync, rmSync, mkdtempSync } = await import('node:fs');
const watchdogs = () => readFileSync('/proc/self/task/' + process.pid + '/children', 'utf8').trim().split(' ').map((p) => readFileSync('/proc/' + p + '/cmdline', 'utf8').split('\\0')).filter((a) => a.some((x) => x.endsWith('watchdog.mjs'))).map((a) => a.filter(Boolean).at(-1));
reaper.dir(mkdtempSync(${JSON.stringify(first)} + '/mtls-conformance-x-'));
rmSync(${JSON.stringify(first)}, { recursive: true, force: true });
process.env.TMPDIR = ${JSON.stringify(second)};
reaper.dir(mkdtempSync(${JSON.stringify(second)} + '/mtls-conformance-y-'));
console.log(JSON.stringify(watchdogs()));`;
    const manifests = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, TMPDIR: first }, stdio: ['ignore', 'pipe', 'pipe'] })) as string[];
    expect(manifests).toHaveLength(2);
    expect(manifests[0]!.startsWith(`${first}/mtls-conformance-reaper-`)).toBe(true);
    expect(manifests[1]!.startsWith(`${second}/mtls-conformance-reaper-`)).toBe(true);
  });
});
