// What a run leaves behind if it is killed outright (SIGKILL: no handler runs), and the two things
// that clean it up, which read /proc the one way this file does:
// - the watchdog: a detached process (this file, run as `node reaper.js watch <pid> <manifest>`)
//   told of each temp dir and each process group the run starts; once the run is gone without
//   saying "done", it stops those groups and removes those dirs;
// - the sweep at the next run's start, for a run whose watchdog was killed too: it removes the temp
//   dirs of dead owners and stops the processes they recorded.
// Both touch only what is provably this user's and this tool's: a real directory (never a link)
// owned by this user, mode 0700, whose owner file (read without following links) names a process
// that is gone; a process only by the pid and start time that was recorded for it, never by name.
import { spawn } from 'node:child_process';
import { appendFileSync, chmodSync, closeSync, constants, existsSync, fstatSync, lstatSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from './package-root.ts';

export const TEMP_PREFIX = 'mtls-conformance-';
const OWNER = '.owner';
/** In an owned dir: the processes started from it, one "pid start" per line. */
const PROCESSES = '.processes';

interface ProcStat {
  state: string;
  ppid: number;
  pgid: number;
  /** Clock ticks since boot: with the pid, it names one process (a reused pid has another). */
  start: string;
}

/** /proc/<pid>/stat, or undefined when the process is gone. */
export function procStat(pid: number): ProcStat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: fields are counted after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', ppid: Number(fields[1]), pgid: Number(fields[2]), start: fields[19] ?? '' };
  } catch {
    return undefined;
  }
}

// Without /proc (macOS; a Linux that hides it) no start time can be read: a pid is then alive while
// the kernel knows it (signal 0). A reused pid keeps a dead run's dir a while longer, and a process
// is never stopped, as it cannot be proven the one recorded: both err on the side of leaving things.
const PROC = existsSync('/proc/self/stat');

/** Whether `pid` runs (a zombie has died, it only waits to be reaped), and is the one started at `start`. */
export function alive(pid: number, start?: string): boolean {
  if (!PROC) {
    try {
      process.kill(pid, 0);
      return true;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'EPERM';
    }
  }
  const s = procStat(pid);
  return s !== undefined && s.state !== 'Z' && (start === undefined || s.start === start);
}

/** Who this process is, for an owner file or a lock: its pid and start time. */
export function ownerStamp(pid = process.pid): string {
  return `${pid} ${procStat(pid)?.start ?? ''}\n`;
}

/** A small file of ours, read without following a link planted in its place; undefined if it is not a regular file. */
function readOwnFile(file: string, maxBytes = 64 * 1024): string | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > maxBytes) return undefined;
    const buf = Buffer.alloc(st.size);
    readSync(fd, buf, 0, st.size, 0);
    return buf.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** "pid start" stamps in a file, each parsed. */
function stamps(text: string): { pid: number; start: string }[] {
  return text
    .split('\n')
    .map((l) => l.trim().split(' '))
    .filter(([pid]) => /^\d+$/.test(pid ?? ''))
    .map(([pid, start]) => ({ pid: Number(pid), start: start ?? '' }));
}

/** The process an owner stamp names, and whether it still runs; undefined if there is no such file of ours. */
export function stampedOwner(file: string): { pid: number; alive: boolean } | undefined {
  const text = readOwnFile(file);
  const [owner] = text === undefined ? [] : stamps(text);
  return owner && { pid: owner.pid, alive: PROC ? owner.start !== '' && alive(owner.pid, owner.start) : alive(owner.pid) };
}

/** Stop a recorded process, and its group when it leads one (nginx: master and workers): only if it is still the one recorded. */
function stopRecorded(p: { pid: number; start: string }): void {
  const s = procStat(p.pid);
  if (!s || s.state === 'Z' || s.start !== p.start || p.start === '') return;
  try {
    process.kill(s.pgid === p.pid ? -p.pid : p.pid, 'SIGKILL');
  } catch {
    // gone meanwhile
  }
}

/**
 * A dir of this tool's for this user, as the sweep and the watchdog may remove it: a real dir (not
 * a link), ours by uid, that no one else may read or write (0700; nginx's prefix is 0711 in a root
 * run, for its unprivileged workers to pass through).
 */
function ownDir(path: string): boolean {
  try {
    const st = lstatSync(path);
    return st.isDirectory() && st.uid === process.getuid?.() && (st.mode & 0o066) === 0;
  } catch {
    return false;
  }
}

/** Remove the temp dirs of dead runs, and stop what they recorded still running; returns what was swept. */
export function sweepStale(dir = tmpdir()): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir).filter((e) => e.startsWith(TEMP_PREFIX));
  } catch {
    return [];
  }
  const swept: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry);
    if (!ownDir(path) || stampedOwner(join(path, OWNER))?.alive !== false) continue;
    for (const p of stamps(readOwnFile(join(path, PROCESSES)) ?? '')) stopRecorded(p);
    rmSync(path, { recursive: true, force: true });
    swept.push(path);
  }
  return swept;
}

// ---- the watchdog ----

// The compiled file runs as the watchdog (also when this module runs from source, under the tests).
const WATCHDOG = join(PACKAGE_ROOT, 'dist', 'harness', 'util', 'reaper.js');
let manifest: string | undefined;

/** This process's watchdog manifest, and the watchdog, started with the first thing to watch. */
function watchdog(): string {
  // A process that outlives the TMPDIR it started in (a test worker, file after file) starts a
  // watchdog in the one it has now.
  if (manifest && readOwnFile(manifest) !== undefined) return manifest;
  const dir = mkdtempSync(join(tmpdir(), `${TEMP_PREFIX}reaper-`));
  chmodSync(dir, 0o700);
  writeFileSync(join(dir, OWNER), ownerStamp(), { mode: 0o600 });
  const file = join(dir, 'manifest');
  writeFileSync(file, '', { mode: 0o600 });
  // Its own session: a Ctrl-C to our process group, or a kill of it, does not reach it.
  spawn(process.execPath, [WATCHDOG, 'watch', String(process.pid), file], { detached: true, stdio: 'ignore' }).unref();
  process.on('exit', () => {
    // A normal end (also after a handled signal): the watchdog stands down, nothing is reaped.
    try {
      appendFileSync(file, 'done\n');
    } catch {
      // already gone
    }
    rmSync(dir, { recursive: true, force: true });
  });
  manifest = file;
  return file;
}

/** A fresh 0700 dir under the temp dir, owned by this process, removed by the watchdog if this process is killed. */
export function ownedTempDir(kind: string): string {
  const dir = mkdtempSync(join(tmpdir(), `${TEMP_PREFIX}${kind}-`));
  chmodSync(dir, 0o700);
  writeFileSync(join(dir, OWNER), ownerStamp(), { mode: 0o600 });
  appendFileSync(watchdog(), `dir ${dir}\n`);
  return dir;
}

/**
 * A process this run started from `dir` (nginx from its prefix): stopped, with its group, if this
 * process is killed (the watchdog) or by the next run's sweep. Recorded the moment it is spawned.
 */
export function recordProcess(dir: string, pid: number): void {
  const stamp = ownerStamp(pid);
  appendFileSync(join(dir, PROCESSES), stamp, { mode: 0o600 });
  appendFileSync(watchdog(), `proc ${stamp}`);
}

/** The watchdog's loop: once `parent` is gone without "done", undo what the manifest lists. */
function watch(parent: number, file: string): void {
  const start = procStat(parent)?.start;
  const lines = (): string[] => (readOwnFile(file) ?? 'done').split('\n').filter(Boolean);
  const timer = setInterval(() => {
    const entries = lines();
    if (!entries.includes('done') && alive(parent, start)) return;
    clearInterval(timer);
    if (!entries.includes('done')) {
      for (const p of stamps(entries.filter((l) => l.startsWith('proc ')).map((l) => l.slice(5)).join('\n'))) stopRecorded(p);
      for (const dir of entries.filter((l) => l.startsWith('dir ')).map((l) => l.slice(4))) if (dir.startsWith(join(tmpdir(), TEMP_PREFIX)) && ownDir(dir)) rmSync(dir, { recursive: true, force: true });
    }
    rmSync(dirname(file), { recursive: true, force: true });
  }, 200);
}

if (process.argv[2] === 'watch' && process.argv[1] === fileURLToPath(import.meta.url)) watch(Number(process.argv[3]), process.argv[4] ?? '');
