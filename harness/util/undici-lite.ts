// undici's Client, Pool and connector without its index (harness/vendor/undici.cjs): the index
// loads all of undici (fetch, WebSocket, caches, the global dispatcher), 140 ms of CPU in every
// run; these three and the request API are about 60 ms, and 30 ms as the build's bundle.
import { createRequire } from 'node:module';
import type * as Undici from 'undici';

const lite = createRequire(import.meta.url)('../vendor/undici.cjs') as { Client: typeof Undici.Client; Pool: typeof Undici.Pool; buildConnector: typeof Undici.buildConnector };

export const Client = lite.Client;
export const Pool = lite.Pool;
export const buildConnector = lite.buildConnector;
