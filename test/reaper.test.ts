// The reaper (harness/util/reaper.ts): the watchdog stops what a killed run recorded, and the sweep
// at a run's start touches only what is provably this user's and this tool's: a planted entry in a
// shared TMPDIR (another user's dir, a link, a dir anyone may enter, an owner file that is a link)
// is left alone, and a process is stopped only by the pid and start time that were recorded for
// it, never because its command line names a swept dir.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { alive, procStat, sweepStale } from '../harness/util/reaper.ts';
import { pollUntil } from '../harness/util/poll.ts';
import { ROOT } from './support/cli.ts';

const shared = mkdtempSync(join(tmpdir(), 'reaper-test-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(shared, { recursive: true, force: true });
});

/** A process that does nothing for a while, with `words` on its command line. */
function idle(...words: string[]): ChildProcess {
  const c = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', ...words], { stdio: 'ignore' });
  children.push(c);
  return c;
}

/** A pid that no process has now (a dead owner: it has exited and been reaped). */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid;
}

/** A dir as a dead run of ours leaves it: 0700, an owner file naming a gone process, and what it recorded. */
function deadRunDir(name: string, processes = ''): string {
  const dir = join(shared, `mtls-conformance-${name}`);
  mkdirSync(dir, { mode: 0o700 });
  chmodSync(dir, 0o700);
  writeFileSync(join(dir, '.owner'), `${deadPid()} 1\n`);
  if (processes) writeFileSync(join(dir, '.processes'), processes);
  return dir;
}

describe('the sweep at a run\'s start', () => {
  it('removes a dead run\'s dir and stops the process it recorded (by pid and start time)', async () => {
    const recorded = idle();
    const dir = deadRunDir('nginx-dead', `${recorded.pid} ${procStat(recorded.pid!)!.start}\n`);
    expect(sweepStale(shared)).toContain(dir);
    expect(existsSync(dir)).toBe(false);
    expect(await pollUntil(() => (alive(recorded.pid!) ? undefined : true), 3000, 20)).toBe(true);
  });

  it('never stops a process because its command line names the dir, nor one whose start time is not the one recorded', () => {
    const dir = deadRunDir('planted');
    const namesIt = idle(dir);
    const reused = idle();
    writeFileSync(join(dir, '.processes'), `${reused.pid} 12345\n`);
    expect(sweepStale(shared)).toContain(dir);
    expect(alive(namesIt.pid!)).toBe(true);
    expect(alive(reused.pid!)).toBe(true);
  });

  it.runIf(process.getuid?.() === 0)('leaves another user\'s dir, a dir anyone may enter, a link and an owner file that is a link', () => {
    const theirs = deadRunDir('theirs');
    chownSync(theirs, 65534, 65534);
    const open = deadRunDir('open');
    chmodSync(open, 0o755);
    const target = mkdtempSync(join(shared, 'elsewhere-'));
    writeFileSync(join(target, '.owner'), `${deadPid()} 1\n`);
    const link = join(shared, 'mtls-conformance-link');
    symlinkSync(target, link);
    const linkedOwner = join(shared, 'mtls-conformance-linked-owner');
    mkdirSync(linkedOwner, { mode: 0o700 });
    symlinkSync(join(target, '.owner'), join(linkedOwner, '.owner'));
    const swept = sweepStale(shared);
    for (const kept of [theirs, open, link, linkedOwner]) expect(swept, kept).not.toContain(kept);
    for (const kept of [theirs, open, target, linkedOwner]) expect(existsSync(kept), kept).toBe(true);
  });
});

describe('the watchdog', () => {
  const reaperJs = JSON.stringify(pathToFileURL(join(ROOT, 'dist', 'harness', 'util', 'reaper.js')).href);

  it('stops a recorded process group and removes the run\'s dirs once the run is killed; a process it was not told of lives on', async () => {
    const tmp = mkdtempSync(join(shared, 'wd-'));
    const script = `const { ownedTempDir, recordProcess } = await import(${reaperJs}); const { spawn } = await import('node:child_process');
const dir = ownedTempDir('nginx');
const hold = ['-e', 'setInterval(() => {}, 1000)', dir];
const leader = spawn(process.execPath, hold, { detached: true, stdio: 'ignore' });
recordProcess(dir, leader.pid);
const member = spawn(process.execPath, hold, { stdio: 'ignore' });
console.log(JSON.stringify({ dir, leader: leader.pid, member: member.pid }));`;
    // Its own group, so that a wrong reap of the member's group would hit the script's, not this worker's.
    const parent = spawn(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'ignore'], detached: true });
    const out = JSON.parse(await new Promise<string>((resolve) => parent.stdout!.once('data', (d: Buffer) => resolve(d.toString())))) as { dir: string; leader: number; member: number };
    try {
      parent.kill('SIGKILL');
      expect(await pollUntil(() => (!alive(out.leader) && !existsSync(out.dir) ? true : undefined), 5000, 50), 'the recorded group outlived its killed run').toBe(true);
      expect(alive(out.member)).toBe(true);
    } finally {
      for (const p of [out.leader, out.member]) {
        try {
          process.kill(p, 'SIGKILL');
        } catch {
          // gone
        }
      }
    }
  });
});
