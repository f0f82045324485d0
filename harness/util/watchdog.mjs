// The reaper of one run, in plain JavaScript so it starts at once: a detached process that polls
// the run's pid and, once that process is gone without saying "done" (SIGKILL, a CI time-out),
// kills every process group whose leader's command line names a marker it was told of (a temp dir
// of the run's own: no other process names it, so a reused pid is never hit) and removes the run's
// temp dirs (only ours, by prefix). Usage: node watchdog.mjs <pid> <manifest>; the manifest holds
// lines "mark <marker>" (said before the group is started), "dir <path>" and "done".
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

const [parent, manifest] = [Number(process.argv[2]), process.argv[3] ?? ''];
const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z');
  } catch {
    return false;
  }
};
const lines = () => {
  try {
    return readFileSync(manifest, 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
};

/** The process groups whose leader (pid = pgid: a process started detached) names one of `markers`. */
function groupsLedByMarked(markers) {
  const out = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) !== Number(entry)) continue;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (markers.some((m) => cmdline.includes(m))) out.push(Number(entry));
    } catch {
      // gone
    }
  }
  return out;
}

function reap() {
  const entries = lines();
  if (entries.includes('done')) return;
  const markers = [...new Set(entries.filter((l) => l.startsWith('mark ')).map((l) => l.slice(5)))].filter(Boolean);
  for (const pgid of markers.length > 0 ? groupsLedByMarked(markers) : []) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // nothing left
    }
  }
  for (const line of entries.filter((l) => l.startsWith('dir '))) {
    const dir = line.slice(4);
    if (dir.startsWith(`${tmpdir()}/mtls-conformance-`)) rmSync(dir, { recursive: true, force: true });
  }
}

const timer = setInterval(() => {
  if (lines().includes('done')) {
    clearInterval(timer);
    rmSync(manifest.slice(0, manifest.lastIndexOf('/')), { recursive: true, force: true });
    return;
  }
  if (alive(parent)) return;
  clearInterval(timer);
  reap();
  rmSync(manifest.slice(0, manifest.lastIndexOf('/')), { recursive: true, force: true });
}, 200);
