// Process bookkeeping through /proc: which processes a parent has, whether a pid is alive, and a
// synchronous wait for signal handlers (which cannot await).
import { existsSync, readdirSync, readFileSync } from 'node:fs';

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
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Field 4 (ppid) follows the command name, which is in parentheses and may hold spaces.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent) out.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A zombie (exited, not yet reaped) still answers signal 0.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
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
