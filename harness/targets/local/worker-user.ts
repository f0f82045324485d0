// The unprivileged user nginx's workers run as when the run is root's: "nobody", with its own
// primary group (nogroup on Debian, nobody elsewhere), read from the system's account files.
import { readFileSync } from 'node:fs';
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
