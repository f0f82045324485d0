// Runs Debian's nginx as our own child process (daemon off, own prefix), and knows when a start
// or a reload has really taken effect: by the worker processes it owns, not by sleeping.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, closeSync, constants, mkdirSync, openSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EnvironmentError } from '../../util/errors.ts';
import { pollUntil } from '../../util/poll.ts';
import { recordProcess } from '../../util/reaper.ts';
import { childPids, isAlive, signal, waitGoneSync } from './proc.ts';

const CANDIDATES = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx'];
export const INSTALL_HINT = 'install it with "apt-get install -y nginx-light" (Debian/Ubuntu), or set NGINX_BIN to an nginx binary';

/** The nginx binary: $NGINX_BIN, then PATH, then the usual sbin places (not on a user's PATH). */
export function findNginx(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.NGINX_BIN;
  const dirs = (env.PATH ?? '').split(':').filter(Boolean).map((d) => join(d, 'nginx'));
  for (const file of fromEnv ? [fromEnv] : [...dirs, ...CANDIDATES]) {
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // try the next one
    }
  }
  if (fromEnv) throw new EnvironmentError(`NGINX_BIN=${fromEnv} is not an executable file: point it at nginx, or unset it and ${INSTALL_HINT}`);
  throw new EnvironmentError(`nginx was not found (the local target runs it as the reference gateway): ${INSTALL_HINT}`);
}

function sizeOf(file: string): number {
  return statSync(file, { throwIfNoEntry: false })?.size ?? 0;
}

/** nginx's [emerg] lines in `text`, each without the log's prefix (time, level, pid#tid). */
function emergLines(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l.includes('[emerg]'))
    .map((l) => l.replace(/^.*\[emerg\] \d+#\d+: /, ''));
}

/** The first [emerg] line nginx wrote to `file` past byte `from`. */
function emergSince(file: string, from: number): string | undefined {
  const size = sizeOf(file);
  if (size <= from) return undefined;
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(size - from);
    readSync(fd, buf, 0, buf.length, from);
    return emergLines(buf.toString('utf8'))[0];
  } finally {
    closeSync(fd);
  }
}

export class NginxProcess {
  private child: ChildProcess | undefined;
  private stderr = '';
  private workers: number[] = [];
  readonly confFile: string;
  readonly errorLog: string;
  readonly accessLog: string;

  constructor(
    readonly bin: string,
    readonly prefix: string,
  ) {
    // The logs are written by the master (the workers inherit them); the workers' own temp and
    // cache dirs are made by nginx under tmp/ and handed to them.
    mkdirSync(join(prefix, 'logs'), { recursive: true, mode: 0o700 });
    mkdirSync(join(prefix, 'tmp'), { recursive: true, mode: 0o755 });
    this.confFile = join(prefix, 'nginx.conf');
    this.errorLog = join(prefix, 'logs', 'error.log');
    this.accessLog = join(prefix, 'logs', 'access.json');
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  private args(extra: string[] = []): string[] {
    return ['-p', `${this.prefix}/`, '-c', this.confFile, '-e', this.errorLog, ...extra];
  }

  writeConfig(text: string): void {
    writeFileSync(this.confFile, text, { mode: 0o600 });
  }

  /**
   * `nginx -t`: the config's first [emerg] line, or undefined when it is fine. A run no longer
   * checks first (start and reload read nginx's own [emerg] line); the tests check rendered
   * configs with it.
   */
  test(): Promise<string | undefined> {
    return new Promise((resolve) => {
      execFile(this.bin, this.args(['-t']), { encoding: 'utf8', timeout: 10_000 }, (err, _stdout, stderr) => {
        if (!err) return resolve(undefined);
        const line = `${stderr}`.split('\n').find((l) => l.includes('[emerg]')) ?? (`${stderr}`.trim() || err.message);
        resolve(line.replace(/^nginx: /, ''));
      });
    });
  }

  /**
   * Start the master; resolves once it has a worker. `ready` then proves it answers HTTPS. A config
   * nginx refuses ends it at once, with its [emerg] line (nginx -t first would cost a run's start
   * 25 to 50 ms more).
   */
  async start(): Promise<void> {
    // Its own process group, so that master and workers can be stopped together, also by the
    // watchdog or the next run's sweep if this process is killed outright (a CI time-out's SIGKILL
    // runs no handler): recorded, by pid and start time, the moment it exists.
    const child = spawn(this.bin, this.args(), { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    if (child.pid) recordProcess(this.prefix, child.pid);
    this.child = child;
    child.stderr?.on('data', (d: Buffer) => (this.stderr += d.toString()));
    const started = await pollUntil(() => {
      if (child.exitCode !== null || child.signalCode !== null) return 'exited';
      const workers = child.pid ? childPids(child.pid) : [];
      return workers.length > 0 ? 'running' : undefined;
    }, 10_000);
    if (started !== 'running') {
      const reason = this.lastEmerg() ?? (started === 'exited' ? `exited with ${child.exitCode ?? child.signalCode}` : 'no worker after 10 s');
      this.stopSync();
      throw new EnvironmentError(`nginx did not start: ${reason}`);
    }
    this.workers = childPids(child.pid!);
  }

  /** The last [emerg] line nginx wrote to stderr or its error log. */
  lastEmerg(): string | undefined {
    let log = this.stderr;
    try {
      log += readFileSync(this.errorLog, 'utf8');
    } catch {
      // no log yet
    }
    return emergLines(log).pop();
  }

  get exited(): boolean {
    return !this.child || this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /**
   * Resolves when nginx's master takes a signal: after a reload it sleeps 100 ms (its
   * ngx_msleep), signals blocked, before it waits for the next in sigsuspend. A reload sent
   * meanwhile would only wait there; rendered once the master takes it, it carries every change
   * made until then. Read from /proc/PID/wchan; where that says nothing (another kernel, no
   * permission), at once, as before.
   */
  async takesSignals(boundMs = 300): Promise<void> {
    const master = this.child?.pid;
    if (!master) return;
    const waiting = (): string | undefined => {
      try {
        return readFileSync(`/proc/${master}/wchan`, 'utf8');
      } catch {
        return undefined;
      }
    };
    if (!waiting()?.includes('nanosleep')) return;
    await pollUntil(() => (waiting()?.includes('nanosleep') ? undefined : true), boundMs, 2);
  }

  /**
   * Apply a new config (SIGHUP) and wait until every old worker has exited: only then do new
   * connections all see the new config. nginx's master starts the new workers, then waits 100 ms
   * before it tells the old ones to shut down gracefully (ngx_process_cycle.c, "allow new
   * processes to start"): told at once (SIGQUIT, the same graceful shutdown), they stop accepting
   * then, and a connection that arrives meanwhile waits in the listen queue for a new worker. An
   * old worker that has exited is gone although its master, still in that wait, has not reaped it.
   * A config nginx refuses leaves the old workers running: its [emerg] line is the error, as soon
   * as the master writes it (nginx -t first would cost every reload 25 to 50 ms more).
   */
  async reload(config: string, boundMs = 5000): Promise<number> {
    const master = this.child?.pid;
    if (!master || this.exited) throw new Error('nginx is not running');
    this.writeConfig(config);
    const before = childPids(master);
    const logFrom = sizeOf(this.errorLog);
    const t0 = Date.now();
    signal(master, 'SIGHUP');
    const told = new Set<number>();
    const after = await pollUntil(() => {
      const now = childPids(master);
      const fresh = now.filter((p) => !before.includes(p));
      if (fresh.length === 0) {
        const refused = emergSince(this.errorLog, logFrom);
        return refused === undefined ? undefined : { refused };
      }
      for (const p of before.filter((old) => now.includes(old) && !told.has(old))) {
        told.add(p);
        signal(p, 'SIGQUIT');
      }
      return before.some(isAlive) ? undefined : { fresh };
    }, boundMs, 5);
    if (after && 'refused' in after) throw new Error(`rendered nginx config is invalid: ${after.refused}`);
    if (!after) throw new Error(`nginx reload did not complete within ${boundMs} ms${this.lastEmerg() ? `: ${this.lastEmerg()}` : ''}`);
    this.workers = after.fresh;
    return Date.now() - t0;
  }

  /** Graceful stop (QUIT), then KILL after a bound; also reaps workers that outlived the master. */
  async stop(boundMs = 3000): Promise<void> {
    const child = this.child;
    if (!child?.pid) return;
    const pids = [child.pid, ...childPids(child.pid), ...this.workers];
    if (!this.exited) signal(child.pid, 'SIGQUIT');
    const gone = await pollUntil(() => (pids.every((p) => !isAlive(p)) ? true : undefined), boundMs);
    if (!gone) for (const p of pids) signal(p, 'SIGKILL');
    await pollUntil(() => (pids.every((p) => !isAlive(p)) ? true : undefined), 1000);
    this.child = undefined;
  }

  /** For signal handlers: fast stop (TERM), then KILL, without awaiting. */
  stopSync(): void {
    const pid = this.child?.pid;
    if (!pid) return;
    const pids = [pid, ...childPids(pid), ...this.workers];
    for (const p of pids) signal(p, 'SIGTERM');
    if (!waitGoneSync(pids, 2000)) for (const p of pids) signal(p, 'SIGKILL');
    this.child = undefined;
  }
}
