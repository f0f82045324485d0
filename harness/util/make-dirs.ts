// `mkdir -p` for a path a user gave. Node's recursive mkdir spins forever (a core at 100%, no error)
// where mkdir answers ENOENT under a parent that exists: anywhere under /proc or /sys, or under a
// link to nowhere. One level at a time, the first such answer is the error it is.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export function makeDirs(path: string): void {
  const missing: string[] = [];
  for (let p = resolve(path); !existsSync(p) && dirname(p) !== p; p = dirname(p)) missing.unshift(p);
  for (const p of missing) {
    try {
      mkdirSync(p);
    } catch (err) {
      // A link to nowhere exists as a name: what is under it then fails, once.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}
