// The in-process versioned backends of the local target: the same echo server the kind and docker
// targets run in containers (fixtures/echo/echo-server.mjs), here on a free 127.0.0.1 port.
import type { AddressInfo } from 'node:net';
import { startEcho } from '../../../fixtures/echo/echo-server.mjs';

export interface EchoBackend {
  version: string;
  port: number;
  close(): Promise<void>;
}

export async function startEchoBackend(version: string): Promise<EchoBackend> {
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
