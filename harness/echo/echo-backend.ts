// The versioned echo backends of a run, for any target that reaches them on the host (local,
// docker): the same echo server kind runs in pods (fixtures/echo/echo-server.mjs), each in a child
// process of its own on a free port, so that the run's own work (reporting, signing) never delays
// its answers past a gateway's upstream time-out. Over the child's IPC channel a backend can be
// put out of service for the backend-outage demo: stopped, hung, brought back.
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { EnvironmentError } from '../util/errors.ts';
import type { BackendState } from '../core/target.ts';
import { PACKAGE_ROOT } from '../util/package-root.ts';

// From the package root, not relative to this module: compiled, this module is in dist/, and the
// echo server (one file, also mounted into kind's pods) is not.
const ECHO = join(PACKAGE_ROOT, 'fixtures', 'echo', 'echo-server.mjs');
const START_MS = 10_000;

export interface EchoBackend {
  version: string;
  port: number;
  /** Put it in a state; from down, it listens again on the same port (an error if the port was taken meanwhile). */
  setState(state: BackendState): Promise<void>;
  close(): Promise<void>;
}

type Reply = { listening?: number; state?: BackendState; error?: string };

/** The next message from the child, or why none came (it exited, or not within the bound). */
function reply(child: ChildProcess, what: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`the echo backend did not answer "${what}" within ${START_MS / 1000} s`)), START_MS);
    const onMessage = (m: Reply): void => done(undefined, m);
    const onExit = (code: number | null): void => done(new Error(`the echo backend exited (code ${code}) before answering "${what}"`));
    function done(err?: Error, m?: Reply): void {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(m!);
    }
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** An echo backend for `version` on a free port of `address` (127.0.0.1; on docker, the address containers reach this machine by). */
export async function startEchoBackend(version: string, address = '127.0.0.1'): Promise<EchoBackend> {
  // IPC only: a child that loses its parent (even a killed one) sees the channel close and exits.
  const child = fork(ECHO, [version, '0', address], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], execArgv: [] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  const first = await reply(child, 'listening').catch((err: Error) => {
    child.kill('SIGKILL');
    throw new EnvironmentError(`could not start the ${version} echo backend (${ECHO}): ${err.message}${stderr ? `: ${stderr.trim().split('\n').pop()}` : ''}`);
  });
  // One change at a time: replies come in the order the changes were sent.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    version,
    port: first.listening!,
    setState(next) {
      const change = queue.then(async () => {
        const answered = reply(child, next);
        child.send({ state: next });
        const r = await answered;
        if (r.error) throw new Error(r.error);
      });
      queue = change.catch(() => undefined);
      return change;
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Put `version`'s backend among `backends` in a state, reported as a control action's change. */
export async function setEchoState(backends: readonly EchoBackend[], version: string, state: BackendState): Promise<{ how: string; failed?: string }> {
  const backend = backends.find((b) => b.version === version);
  if (!backend) return { how: `no ${version} backend`, failed: `this run started no backend for ${version}` };
  try {
    await backend.setState(state);
    return { how: `the ${version} backend (port ${backend.port}) is ${state}` };
  } catch (err) {
    return { how: `the ${version} backend (port ${backend.port}) set ${state}`, failed: err instanceof Error ? err.message : String(err) };
  }
}
