// The versioned echo backends in this process, for any target that reaches them on the host (local,
// docker): the same echo server kind runs in pods (fixtures/echo/echo-server.mjs), on a free port.
import type { AddressInfo } from 'node:net';
import { startEcho } from '../../fixtures/echo/echo-server.mjs';

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
