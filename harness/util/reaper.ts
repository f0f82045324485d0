// What to undo if this process is killed outright (SIGKILL: no handler runs): a detached watchdog
// (watchdog.mjs), started with the first thing to watch, is told of each temp dir and, before each
// process group this process starts, of the marker its leader names; it undoes them once this
// process is gone without saying "done".
// This is what testcontainers' reaper does for containers, for our nginx and our temp keys.
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ownedTempDir } from './owned-dir.ts';
import { PACKAGE_ROOT } from './package-root.ts';

// From the package root: compiled, this module is in dist/, the .mjs helper is not.
const WATCHDOG = join(PACKAGE_ROOT, 'harness', 'util', 'watchdog.mjs');
let manifest: string | undefined;

function ensure(): string {
  // A process that outlives the TMPDIR it started in (a test worker that runs file after file,
  // each with a TMPDIR of its own, removed after it) starts a watchdog in the one it has now.
  if (manifest && existsSync(manifest)) return manifest;
  const file = join(ownedTempDir('reaper'), 'manifest');
  writeFileSync(file, '', { mode: 0o600 });
  // Its own session: a Ctrl-C to our process group, or a kill of it, does not reach it.
  spawn(process.execPath, [WATCHDOG, String(process.pid), file], { detached: true, stdio: 'ignore' }).unref();
  process.on('exit', () => {
    // A normal end (also after a handled signal): the watchdog stands down and nothing is reaped.
    try {
      appendFileSync(file, 'done\n');
    } catch {
      // already gone
    }
    rmSync(dirname(file), { recursive: true, force: true });
  });
  manifest = file;
  return file;
}

export const reaper = {
  /** Remove this temp dir (one of ours, by prefix) if this process is killed. */
  dir(path: string): void {
    appendFileSync(ensure(), `dir ${path}\n`);
  },
  /**
   * Kill every process group whose leader's command line names `marker`, if this process is killed.
   * Said before such a group is started, not once its pid is known: a kill between the spawn and
   * that (a moment a busy machine can stretch) would leave it running. The marker must be this
   * run's alone (a temp dir's name): it is what tells the group from any other, also from one whose
   * pid is reused after a normal stop.
   */
  marked(marker: string): void {
    appendFileSync(ensure(), `mark ${marker.replace(/\s/g, '')}\n`);
  },
};
