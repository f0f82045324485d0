// The versioned echo backends in this process, for any target that reaches them on the host (local,
// docker): the same echo server kind runs in pods (fixtures/echo/echo-server.mjs), on a free port.
// A backend can be put out of service for the backend-outage demo: stopped (nothing listens on its
// port) or hung (it takes connections and requests and never answers), then brought back.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BackendState } from '../contract/target.ts';
import { PACKAGE_ROOT } from '../util/package-root.ts';

type EchoModule = typeof import('../../fixtures/echo/echo-server.mjs');
// Loaded from the package root, not relative to this module: compiled, this module is in dist/,
// and the echo server (one file, also mounted into kind's pods) is not.
const ECHO = pathToFileURL(join(PACKAGE_ROOT, 'fixtures', 'echo', 'echo-server.mjs')).href;

export interface EchoBackend {
  version: string;
  port: number;
  readonly state: BackendState;
  /** Put it in a state; from down, it listens again on the same port (an error if the port was taken meanwhile). */
  setState(state: BackendState): Promise<void>;
  close(): Promise<void>;
}

function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

export async function startEchoBackend(version: string): Promise<EchoBackend> {
  const { echoHandler } = (await import(ECHO)) as EchoModule;
  const answer = echoHandler(version);
  let state: BackendState = 'up';
  // Requests a hung backend holds, answered by nobody until it is brought back (then cut off).
  const held = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    if (state === 'hung') {
      held.add(res);
      res.on('close', () => held.delete(res));
      return;
    }
    answer(req, res);
  });
  // Idle connections are closed by the gateway, never by the backend: nginx and Kong keep theirs
  // for 60 s (keepalive_timeout, upstream_keepalive_idle_timeout), and a backend that closed first
  // could do so just as the gateway reuses one, which it then answers with a 502 of its own.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const listen = (port: number): Promise<void> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const port = (server.address() as AddressInfo).port;
  const release = (): void => {
    for (const res of held) res.destroy();
    held.clear();
  };
  return {
    version,
    port,
    get state() {
      return state;
    },
    async setState(next) {
      if (next === state) return;
      if (next === 'down') {
        release();
        await closeServer(server);
      } else if (state === 'down') {
        await listen(port);
      }
      if (next === 'up') release();
      state = next;
    },
    close: async () => {
      release();
      if (state !== 'down') await closeServer(server);
      state = 'down';
    },
  };
}

/** Put `version`'s backend among `backends` in a state, reported as a control action's change. */
export async function setEchoState(backends: readonly EchoBackend[], version: string, state: BackendState): Promise<{ how: string; failed?: string }> {
  const backend = backends.find((b) => b.version === version);
  if (!backend) return { how: `no ${version} backend`, failed: `this run started no backend for ${version}` };
  try {
    await backend.setState(state);
    return { how: `the ${version} backend (127.0.0.1:${backend.port}) is ${state}` };
  } catch (err) {
    return { how: `the ${version} backend (127.0.0.1:${backend.port}) set ${state}`, failed: err instanceof Error ? err.message : String(err) };
  }
}
