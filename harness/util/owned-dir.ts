// Temp dirs this tool owns carry an owner file: the pid and start time of the process that made
// them. At start, a run sweeps the dirs of runs whose owner is gone (killed with SIGKILL, say),
// and any nginx still running from one of them; it never touches a dir without an owner file, nor
// the dir of a run that is alive (a pid that was reused has another start time).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TEMP_PREFIX = 'mtls-conformance-';
const OWNER = '.owner';

/** A process's start time (clock ticks since boot, /proc/<pid>/stat field 22), or undefined if gone. */
export function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[0] === 'Z' ? undefined : fields[19];
  } catch {
    return undefined;
  }
}

/** Who this process is, for an owner file or a lock: its pid and start time. */
export function ownerStamp(): string {
  return `${process.pid} ${startTime(process.pid) ?? ''}\n`;
}

/** The process an owner stamp names, and whether it still runs (a reused pid has another start time); undefined if unreadable. */
export function stampedOwner(file: string): { pid: number; alive: boolean } | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const [pid, started] = text.trim().split(' ');
  const now = startTime(Number(pid));
  return { pid: Number(pid), alive: now !== undefined && now === started };
}

/** A fresh 0700 dir under the temp dir, owned by this process. */
export function ownedTempDir(kind: string): string {
  const dir = mkdtempSync(join(tmpdir(), `${TEMP_PREFIX}${kind}-`));
  chmodSync(dir, 0o700);
  writeFileSync(join(dir, OWNER), ownerStamp(), { mode: 0o600 });
  return dir;
}

/** Whether the run that owns this dir still runs; undefined for a dir without an owner file (not ours to judge). */
function ownerAlive(dir: string): boolean | undefined {
  return stampedOwner(join(dir, OWNER))?.alive;
}

/** A process's group id (/proc/<pid>/stat field 5), or undefined if it is gone. */
export function processGroup(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // A zombie has already died: it only waits to be reaped.
    return fields[0] === 'Z' ? undefined : Number(fields[2]);
  } catch {
    return undefined;
  }
}

/** pids in process group `pgid`. */
export function processesInGroup(pgid: number): number[] {
  return readdirSync('/proc').filter((e) => /^\d+$/.test(e) && processGroup(Number(e)) === pgid).map(Number);
}

/** pids whose command line mentions `needle` (nginx started with a stale prefix, say). */
export function processesMentioning(needle: string): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').includes(needle)) out.push(Number(entry));
    } catch {
      // gone
    }
  }
  return out;
}

/** Remove the temp dirs of dead runs (and kill what still runs from them); returns what was swept. */
export function sweepStale(dir = tmpdir()): string[] {
  const swept: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir).filter((e) => e.startsWith(TEMP_PREFIX));
  } catch {
    return swept;
  }
  for (const entry of entries) {
    const path = join(dir, entry);
    if (ownerAlive(path) !== false) continue;
    for (const pid of processesMentioning(path)) {
      try {
        // nginx runs in a process group of its own: killing the group takes its workers too, whose
        // command line ("nginx: worker process") names no prefix.
        process.kill(processGroup(pid) === pid ? -pid : pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    rmSync(path, { recursive: true, force: true });
    swept.push(path);
  }
  return swept;
}
