// Where reports go is checked before anything starts: a report dir or JUnit path that is a file,
// under a file, or cannot be written is a usage error (exit 2), one line. And one run at a time
// writes into a report dir: a lock file names the run holding it (pid and process start time, so
// a lock left by a killed run is taken over, never honoured forever).
import { closeSync, lstatSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { makeDirs } from '../../harness/util/make-dirs.ts';
import { dirname, join, resolve } from 'node:path';
import { ConfigError } from '../../harness/util/errors.ts';
import { ownerStamp, stampedOwner } from '../../harness/util/reaper.ts';

const LOCK = '.lock';

function why(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOTDIR' || code === 'EEXIST') return 'a file is in the way';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'it cannot be written here';
  return `it cannot be made (${code})`;
}

function folder(path: string, flag: string): void {
  try {
    if (!statSync(path).isDirectory()) throw new ConfigError(`${flag} ${path} is a file: give a folder`);
    return;
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') throw new ConfigError(`${flag} ${path} is under a file: give a folder`);
  }
  try {
    makeDirs(path);
  } catch (err) {
    throw new ConfigError(`${flag} ${path}: ${why(err)}: give a folder this user can write`);
  }
}

/** Check both paths, take the report dir's lock (released when this process exits). */
export function claimReportDir(reportDir: string, junitFile?: string): void {
  const dir = resolve(reportDir);
  folder(dir, '--report-dir');
  if (junitFile) {
    const junit = resolve(junitFile);
    try {
      if (statSync(junit).isDirectory()) throw new ConfigError(`--junit ${junitFile} is a folder: give a file name`);
    } catch (err) {
      if (err instanceof ConfigError) throw err;
    }
    folder(dirname(junit), '--junit (its folder)');
  }
  // Allure appends to the history in place: a link planted there would be written through.
  for (const name of ['history', join('history', 'history.jsonl')]) {
    if (lstatSync(join(dir, name), { throwIfNoEntry: false })?.isSymbolicLink()) {
      throw new ConfigError(`--report-dir ${reportDir}: ${name} there is a link, and this tool writes it itself: remove the link, or give another --report-dir`);
    }
  }
  const lock = join(dir, LOCK);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, 'wx', 0o644);
      writeSync(fd, ownerStamp());
      closeSync(fd);
      process.on('exit', () => rmSync(lock, { force: true }));
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw new ConfigError(`--report-dir ${reportDir}: ${why(err)}: give a folder this user can write`);
      const owner = stampedOwner(lock);
      if (owner?.alive) throw new ConfigError(`report dir ${reportDir} in use by pid ${owner.pid}: wait for that run to end, or give another --report-dir`);
      rmSync(lock, { force: true }); // left by a run that is gone
    }
  }
  throw new ConfigError(`report dir ${reportDir} is being claimed by another run at this moment: try again, or give another --report-dir`);
}
