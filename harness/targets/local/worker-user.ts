// The unprivileged user nginx's workers run as when the run is root's: "nobody", with its own
// primary group (nogroup on Debian, nobody elsewhere), read from the system's account files.
import { readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { EnvironmentError } from '../../util/errors.ts';

/** The lines of an account file (passwd, group), each split into its fields. */
function entries(file: string): string[][] {
  try {
    return readFileSync(file, 'utf8').split('\n').map((l) => l.split(':'));
  } catch {
    return [];
  }
}

/** "nobody <group>" for nginx's `user` directive. */
export function unprivilegedUser(): string {
  const gid = entries('/etc/passwd').find((f) => f[0] === 'nobody')?.[3];
  const group = entries('/etc/group').find((f) => gid !== undefined && f[2] === gid)?.[0];
  if (!group) throw new EnvironmentError('a run as root starts nginx\'s workers as "nobody", and this system has no such user with a group: run as another user, or add one');
  return `nobody ${group}`;
}

/**
 * The workers reach their temp and cache dirs under the prefix: every folder above it must let
 * every user pass (o+x). A TMPDIR made by mkdtemp (0700) does not.
 */
export function checkPassable(prefix: string): void {
  for (let dir = dirname(prefix); ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) {
      throw new EnvironmentError(`nginx's workers (user "nobody") cannot pass through ${dir} to the gateway's files: set TMPDIR to a folder every user can pass through (chmod o+x), or run as another user than root`);
    }
    if (dirname(dir) === dir) return;
  }
}
