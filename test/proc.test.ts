// How the harness finds nginx's workers: the kernel's list of a task's children, which must name
// exactly the processes a scan of /proc finds, and nothing once the parent is gone.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { childPids, isAlive, scanForChildren } from '../harness/targets/local/proc.ts';
import { pollUntil } from '../harness/util/poll.ts';

describe('childPids', () => {
  it('names the same children as a scan of /proc, and none of a process that is gone', async () => {
    const parent = spawn('sh', ['-c', 'sleep 30 & sleep 30 & wait'], { stdio: 'ignore' });
    const exited = new Promise((resolve) => parent.once('exit', resolve));
    try {
      const pid = parent.pid!;
      const two = await pollUntil(() => (scanForChildren(pid).length === 2 ? true : undefined), 5000);
      expect(two).toBe(true);
      expect(childPids(pid).sort()).toEqual(scanForChildren(pid).sort());
      const kids = childPids(pid);
      for (const k of kids) process.kill(k, 'SIGKILL');
      await pollUntil(() => (kids.every((k) => !isAlive(k)) ? true : undefined), 5000);
      await exited;
      expect(childPids(pid)).toEqual([]);
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
