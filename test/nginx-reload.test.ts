// The local gateway's reload (harness/targets/local/nginx-process.ts), on a real nginx: once it
// returns, every new connection sees the new config; nginx keeps one worker, however many reloads
// came back to back; a config nginx refuses is refused with its own words, the old one serving on,
// and one it refuses at start ends the start with them.
import { readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findNginx, NginxProcess } from '../harness/targets/local/nginx-process.ts';
import { childPids } from '../harness/targets/local/proc.ts';
import { freePort } from '../harness/targets/ports.ts';
import { pollUntil } from '../harness/util/poll.ts';
import { passableTempDir } from './support/scratch.ts';

let prefix: string;
let port: number;
let nginx: NginxProcess;

function config(body: string, extra = ''): string {
  return [
    ...(process.getuid?.() === 0 ? ['user root;'] : []),
    'worker_processes 1;',
    'daemon off;',
    `pid "${prefix}/nginx.pid";`,
    `error_log "${prefix}/logs/error.log" info;`,
    'events { worker_connections 64; }',
    'http {',
    '  access_log off;',
    '  client_body_temp_path tmp/body; proxy_temp_path tmp/proxy; fastcgi_temp_path tmp/fastcgi; uwsgi_temp_path tmp/uwsgi; scgi_temp_path tmp/scgi;',
    extra,
    `  server { listen 127.0.0.1:${port}; location / { return 200 "${body}"; } }`,
    '}',
  ].join('\n');
}

/** One request on a connection of its own: its body. */
function get(): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve(text));
    });
    req.on('error', reject);
    req.end();
  });
}

const started = (): number => (readFileSync(nginx.errorLog, 'utf8').match(/start worker process \d+/g) ?? []).length;

beforeAll(async () => {
  prefix = passableTempDir('mtls-conformance-nginx-reload-');
  port = await freePort();
  nginx = new NginxProcess(findNginx(), prefix);
  nginx.writeConfig(config('config 0'));
  await nginx.start();
});

afterAll(async () => {
  await nginx?.stop();
  rmSync(prefix, { recursive: true, force: true });
});

describe('nginx reload', () => {
  it('returns once every new connection sees the new config, and leaves one worker however many came back to back', async () => {
    for (let i = 1; i <= 6; i++) {
      await nginx.reload(config(`config ${i}`));
      const bodies = await Promise.all(Array.from({ length: 8 }, get));
      expect(new Set(bodies), `after reload ${i}`).toEqual(new Set([`config ${i}`]));
    }
    // Once the master has reaped the old workers, whatever it would start again has started.
    const master = nginx.pid!;
    expect(await pollUntil(() => (childPids(master).length === 1 ? true : undefined), 5000)).toBe(true);
    expect(started()).toBe(1 + 6);
  });

  it('refuses a config nginx refuses, in nginx\'s words, and the config before it serves on', async () => {
    const before = await get();
    await expect(nginx.reload(config('never', '  no_such_directive on;'))).rejects.toThrow(/^rendered nginx config is invalid: unknown directive "no_such_directive"/);
    expect(await get()).toBe(before);
    await nginx.reload(config('after a refused one'));
    expect(await get()).toBe('after a refused one');
  });

  it('ends a start with a config nginx refuses in nginx\'s words', async () => {
    const other = passableTempDir('mtls-conformance-nginx-reload-');
    try {
      const refused = new NginxProcess(findNginx(), other);
      refused.writeConfig(config('never', '  no_such_directive on;').replaceAll(prefix, other));
      await expect(refused.start()).rejects.toThrow(/^nginx did not start: unknown directive "no_such_directive"/);
      expect(refused.exited).toBe(true);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('knows when nginx\'s master takes the next reload: after the 100 ms it sleeps following one', async (ctx) => {
    const wchan = (): string => readFileSync(`/proc/${nginx.pid!}/wchan`, 'utf8');
    await nginx.reload(config('before a pause'));
    // Right after a reload the master sleeps, where the kernel says what a process waits in.
    if (!wchan().includes('nanosleep')) ctx.skip('this kernel does not say what nginx\'s master waits in (/proc/PID/wchan), or the reload took longer than its sleep');
    await nginx.takesSignals();
    expect(wchan()).not.toContain('nanosleep');
  });
});
