// Process bookkeeping through /proc: which processes a parent has, whether a pid is alive, and a
// synchronous wait for signal handlers (which cannot await).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { alive, procStat } from '../../util/reaper.ts';

/**
 * The parent's children. The kernel lists them for a task (/proc/P/task/P/children: nginx forks
 * its workers from its one thread); a kernel built without that list is scanned for, whole /proc,
 * which on a busy machine is hundreds of reads per poll of a reload.
 */
export function childPids(parent: number): number[] {
  try {
    return readFileSync(`/proc/${parent}/task/${parent}/children`, 'utf8').split(' ').filter((p) => p.trim() !== '').map(Number);
  } catch (err) {
    // Gone: it has no children. Any other error: no such list in this kernel.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && existsSync('/proc/self/task')) return [];
    return scanForChildren(parent);
  }
}

/** Every process whose parent is `parent`, by reading each one's stat. */
export function scanForChildren(parent: number): number[] {
  return readdirSync('/proc').filter((e) => /^\d+$/.test(e) && procStat(Number(e))?.ppid === parent).map(Number);
}

/** Whether `pid` runs (not a zombie that only waits to be reaped). */
export function isAlive(pid: number): boolean {
  return alive(pid);
}

export function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Block until every pid is gone or `ms` passed; true if all are gone. For signal handlers only. */
export function waitGoneSync(pids: number[], ms: number): boolean {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (pids.every((p) => !isAlive(p))) return true;
    Atomics.wait(sleeper, 0, 0, 10);
  }
  return pids.every((p) => !isAlive(p));
}
