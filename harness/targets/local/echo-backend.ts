// An in-process versioned backend: answers with its version and the identity headers the
// gateway handed it, so demos can see what reached the upstream.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EchoBackend {
  version: string;
  port: number;
  close(): Promise<void>;
}

/** Headers that carry identity; the backend echoes every one it receives. */
const IDENTITY_HEADER = /^(x-consumer-|x-client-|x-credential-|x-authenticated-)/;

export async function startEchoBackend(version: string): Promise<EchoBackend> {
  const server: Server = createServer((req, res) => {
    const identityHeaders: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (IDENTITY_HEADER.test(name) && value !== undefined) identityHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const body = JSON.stringify({
      version,
      method: req.method,
      path: req.url,
      consumer: identityHeaders['x-consumer-username'] ?? null,
      identityHeaders,
    });
    res.writeHead(200, { 'content-type': 'application/json', 'x-service-version': version, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
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
