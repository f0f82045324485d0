// Whether dist/ (npm run build) is at least as new as every source it was compiled from: the bin
// runs dist/ only then, so an edited source is never run stale (it runs through tsx instead).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES = ['harness', 'scripts', 'suites'];

/** The newest mtime of the .ts files under `dir`, in ms (0 if none). */
function newestTs(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestTs(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** True when root/dist/BUILT (written last by the build) is newer than every source .ts file. */
export function freshBuild(root) {
  const stamp = join(root, 'dist', 'BUILT');
  if (!existsSync(stamp)) return false;
  const built = statSync(stamp).mtimeMs;
  return SOURCES.every((dir) => !existsSync(join(root, dir)) || newestTs(join(root, dir)) <= built);
}
