// A free TCP port on 127.0.0.1, found by binding port 0 and letting it go. nginx must bind the
// port itself, so a race is possible; the caller retries the start when nginx reports EADDRINUSE.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
