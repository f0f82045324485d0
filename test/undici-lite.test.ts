// The parts of undici the probes and the control client load (harness/vendor/undici.cjs) are the
// very ones its index exports, and work without it.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as undici from 'undici';
import { buildConnector, Client, Pool } from '../harness/util/undici-lite.ts';

describe('undici-lite', () => {
  it('is undici\'s own Client, Pool and buildConnector', () => {
    expect(Client).toBe(undici.Client);
    expect(Pool).toBe(undici.Pool);
    expect(buildConnector).toBe(undici.buildConnector);
  });

  // In a plain node, as the CLI loads it (compiled, its parts bundled): vitest has loaded the index
  // here, which adds the API itself.
  it('gives them the request API, loading no file of undici', () => {
    const lite = fileURLToPath(new URL('../dist/harness/util/undici-lite.js', import.meta.url));
    const script = `import(${JSON.stringify(lite)}).then(async (m) => { const { createRequire } = await import('node:module'); const cache = createRequire(import.meta.url).cache; console.log(JSON.stringify([typeof m.Client.prototype.request, typeof m.Pool.prototype.request, Object.keys(cache).filter((k) => k.includes('/node_modules/undici/'))])); });`;
    expect(JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }))).toEqual(['function', 'function', []]);
  });
});
