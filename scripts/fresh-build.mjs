// Whether dist/ (npm run build) is at least as new as every source it was compiled from: the bin
// runs dist/ only then, so an edited source is never run stale (it runs through tsx instead).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES = ['harness', 'scripts', 'suites'];

/** The newest mtime of the sources under `dir` (.ts, and the .cjs vendor facades), in ms (0 if none). */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (/\.(ts|cjs)$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** True when root/dist/BUILT (written last by the build) is newer than every source file. */
export function freshBuild(root) {
  const stamp = join(root, 'dist', 'BUILT');
  if (!existsSync(stamp)) return false;
  const built = statSync(stamp).mtimeMs;
  return SOURCES.every((dir) => !existsSync(join(root, dir)) || newestSource(join(root, dir)) <= built);
}
