// undici's Client, Pool and connector without its index: the index loads all of undici (fetch,
// WebSocket, caches, the global dispatcher), 140 ms of CPU in every run; these three and the
// request API are about 60 ms. The paths are those of the undici package.json pins exactly; test/undici-lite.test.ts
// holds them to the index's own exports, so an upgrade that moves them fails there.
import { createRequire } from 'node:module';
import type * as Undici from 'undici';

const load = createRequire(import.meta.url);

// What the index does first: the request API (request, stream, ...) on every dispatcher.
Object.assign((load('undici/lib/dispatcher/dispatcher.js') as { prototype: object }).prototype, load('undici/lib/api/index.js'));

export const Client = load('undici/lib/dispatcher/client.js') as typeof Undici.Client;
export const Pool = load('undici/lib/dispatcher/pool.js') as typeof Undici.Pool;
export const buildConnector = load('undici/lib/core/connect.js') as typeof Undici.buildConnector;
