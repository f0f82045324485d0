// The versioned echo backends in this process, for any target that reaches them on the host (local,
// docker): the same echo server kind runs in pods (fixtures/echo/echo-server.mjs), on a free port.
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../util/package-root.ts';

type EchoModule = typeof import('../../fixtures/echo/echo-server.mjs');
// Loaded from the package root, not relative to this module: compiled, this module is in dist/,
// and the echo server (one file, also mounted into kind's pods) is not.
const ECHO = pathToFileURL(join(PACKAGE_ROOT, 'fixtures', 'echo', 'echo-server.mjs')).href;

export interface EchoBackend {
  version: string;
  port: number;
  close(): Promise<void>;
}

export async function startEchoBackend(version: string): Promise<EchoBackend> {
  const { startEcho } = (await import(ECHO)) as EchoModule;
  const server = await startEcho(version, 0, '127.0.0.1');
  return {
    version,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
