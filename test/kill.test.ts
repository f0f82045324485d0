// A run killed outright (SIGKILL, as a CI runner does past its time-out; no handler runs) leaves
// nothing running and no key on disk for long: its watchdog stops nginx's process group and removes
// the run's temp dirs within 2 s; and if the watchdog was killed too, the next run's start sweeps
// what the dead run owned, and never a dir it does not own.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pollUntil } from '../harness/util/poll.ts';
import { nginxMastersMentioning, nginxProcessesMentioning, processesInGroup, processesMentioning, runCli, startCli } from './support/cli.ts';
import { usePrivateTmp } from './support/private-tmp.ts';
import { bound } from './support/bounds.ts';

const tmp = usePrivateTmp('kill');
const TMP = (): string => process.env.TMPDIR!;

/**
 * Start a run and wait until its nginx runs (the master, not the `nginx -t` check before it). How
 * soon that is depends on how busy the machine is (npm test runs three files at once); what is
 * tested is what happens after the kill, so the wait is generous, and a run that ends first fails
 * at once with what it said.
 */
async function runningRun(): Promise<{ pid: number }> {
  const { child, done } = startCli(['run', '--report-dir', join(TMP(), 'reports')], { TMPDIR: TMP() });
  if (child.pid) runs.add(child.pid);
  let ended: string | undefined;
  void done.then((r) => (ended = `the run ended first (exit ${r.code}): ${r.stderr.slice(-500)}`));
  const up = await pollUntil(() => (nginxMastersMentioning(TMP()).length > 0 ? true : ended !== undefined ? false : undefined), bound(20_000), 50);
  expect(up, ended ?? 'nginx never came up within 60 s').toBe(true);
  for (const m of nginxMastersMentioning(TMP())) started.add(m);
  return { pid: child.pid! };
}

/** nginx's processes as ps shows them (pid, parent, group, state), for a failure message. */
function nginxPs(): string {
  return execFileSync('ps', ['-eo', 'pid,ppid,pgid,stat,args'], { encoding: 'utf8' }).split('\n').filter((l) => l.includes('nginx')).join(' | ');
}

/** The echo backend processes a run started (its children running fixtures/echo/echo-server.mjs). */
function echoBackendsOf(parent: number): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return ppid === parent && readFileSync(`/proc/${d}/cmdline`, 'utf8').includes('echo-server.mjs');
      } catch {
        return false;
      }
    })
    .map(Number);
}

// Whatever a failing assertion leaves running is stopped here: each run (one that a test failed
// before killing would go on, and its temp dir is removed under it) and each nginx, with its workers.
const started = new Set<number>();
const runs = new Set<number>();
afterAll(() => {
  for (const p of runs) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // gone, as it should be
    }
  }
  for (const m of started) {
    try {
      process.kill(-m, 'SIGKILL');
    } catch {
      // gone, as it should be
    }
  }
});

describe('a run killed with SIGKILL', () => {
  it('leaves no nginx, no echo backend and no key within 2 s: its watchdog reaps them, the backends end with it', async () => {
    const { pid } = await runningRun();
    expect(tmp.ours().some((d) => d.startsWith('mtls-conformance-pki-'))).toBe(true);
    const masters = nginxMastersMentioning(TMP());
    const echoes = echoBackendsOf(pid);
    expect(echoes.length, 'the run started no echo backend processes').toBe(2);
    process.kill(pid, 'SIGKILL');
    const t0 = Date.now();
    const alive = (p: number): boolean => existsSync(`/proc/${p}`) && !readFileSync(`/proc/${p}/stat`, 'utf8').includes(') Z ');
    const gone = (): boolean => nginxProcessesMentioning(TMP()).length === 0 && masters.flatMap((m) => processesInGroup(m)).length === 0 && !echoes.some(alive);
    const clean = await pollUntil(() => (gone() && !tmp.ours().some((d) => /^mtls-conformance-(pki|nginx)-/.test(d)) ? true : undefined), 2000, 50);
    expect(clean, `after ${Date.now() - t0} ms: nginx ${nginxProcessesMentioning(TMP()).join(',')}; dirs ${tmp.ours().join(', ')}`).toBe(true);
  }, bound(90_000));

  it('and if its watchdog is killed too, the next start sweeps what it owned, and nothing it did not', async () => {
    const { pid } = await runningRun();
    const watchdogs = processesMentioning('reaper.js watch').filter((p) => processesMentioning(TMP()).includes(p));
    expect(watchdogs.length).toBeGreaterThan(0);
    for (const p of [...watchdogs, pid]) process.kill(p, 'SIGKILL');
    await pollUntil(() => (processesMentioning(`${pid}`).length === 0 ? true : undefined), 1000, 50);
    const masters = nginxMastersMentioning(TMP());
    expect(masters.length, 'nginx outlives a killed run and its watchdog').toBeGreaterThan(0);
    // Its workers too: they name no prefix, but share the master's process group (they may still be starting).
    const workers = await pollUntil(() => (masters.flatMap((m) => processesInGroup(m)).length > masters.length ? true : undefined), 10_000, 50);
    expect(workers, `the stale nginx has workers: masters ${masters.join(',')}; ${nginxPs()}`).toBe(true);
    const stale = tmp.ours().filter((d) => /^mtls-conformance-(pki|nginx)-/.test(d));
    expect(stale.length).toBe(2);
    // A dir of ours without an owner file is not the sweep's to judge.
    mkdirSync(join(TMP(), 'mtls-conformance-unowned'));
    writeFileSync(join(TMP(), 'mtls-conformance-unowned', 'keep'), 'x');
    const next = await runCli(['run', '--only', 'missing-cert', '--report-dir', join(TMP(), 'reports-2')], { TMPDIR: TMP() });
    expect(next.stderr).toMatch(/removed \d+ temp dir\(s\) of runs that were killed/);
    expect(next.code, next.stdout.slice(-1500)).toBe(0);
    expect(tmp.ours().filter((d) => stale.includes(d))).toEqual([]);
    expect(readdirSync(join(TMP(), 'mtls-conformance-unowned'))).toEqual(['keep']);
    // The sweep's SIGKILL takes effect as the kernel gets to it (a busy machine: a moment later): look again, briefly.
    await pollUntil(() => (nginxProcessesMentioning(TMP()).length === 0 && masters.flatMap((m) => processesInGroup(m)).length === 0 ? true : undefined), 2000, 50);
    expect(nginxProcessesMentioning(TMP())).toEqual([]);
    expect(masters.flatMap((m) => processesInGroup(m)), 'nginx workers of the killed run').toEqual([]);
  }, bound(120_000));
});
