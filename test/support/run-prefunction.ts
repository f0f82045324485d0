// Runs the Kong pre-function's Lua under LuaJIT with the stand-in for the Kong and ngx calls it
// makes (kong-standin.lua), for one request: what the client presented and sent, and which
// consumers exist. Returns the facts the stand-in printed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { luaString } from '../../harness/targets/kong/lua.ts';

const STANDIN = fileURLToPath(new URL('./kong-standin.lua', import.meta.url));

export interface PreFunctionRequest {
  /** nginx variables: ssl_client_verify, ssl_client_s_dn, ssl_client_serial. */
  var: Record<string, string>;
  /** Headers the client sent. */
  headers?: Record<string, string>;
  /** Consumers Kong knows, by username. */
  consumers?: string[];
  lookupError?: string;
}

const table = (o: Record<string, string>): string => `{ ${Object.entries(o).map(([k, v]) => `[${luaString(k)}] = ${luaString(v)}`).join(', ')} }`;

export function hasLuajit(): boolean {
  try {
    execFileSync('luajit', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function runPreFunction(lua: string, req: PreFunctionRequest): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'mtls-conformance-test-lua-'));
  try {
    writeFileSync(join(dir, 'chunk.lua'), lua);
    const consumers = (req.consumers ?? []).map((n) => `[${luaString(n)}] = { id = ${luaString(`id-${n}`)}, username = ${luaString(n)} }`).join(', ');
    writeFileSync(join(dir, 'scenario.lua'), `return { var = ${table(req.var)}, headers = ${table(req.headers ?? {})}, consumers = { ${consumers} }${req.lookupError ? `, lookup_error = ${luaString(req.lookupError)}` : ''} }\n`);
    return execFileSync('luajit', [STANDIN, join(dir, 'chunk.lua'), join(dir, 'scenario.lua')], { encoding: 'utf8' }).trim().split('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
