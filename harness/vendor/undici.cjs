// undici's Client, Pool and connector without its index (harness/util/undici-lite.ts): the index
// loads all of undici (fetch, WebSocket, caches, the global dispatcher). The paths are those of the
// undici version package.json pins exactly; test/undici-lite.test.ts holds them to the index's own
// exports, so an upgrade that moves them fails there. A vendor facade: bundled at npm run build
// (scripts/bundle-vendor.mjs).
const Dispatcher = require('undici/lib/dispatcher/dispatcher.js');

// What the index does first: the request API (request, stream, ...) on every dispatcher.
Object.assign(Dispatcher.prototype, require('undici/lib/api/index.js'));

module.exports = {
  Client: require('undici/lib/dispatcher/client.js'),
  Pool: require('undici/lib/dispatcher/pool.js'),
  buildConnector: require('undici/lib/core/connect.js'),
};
