// The echo backend in a kind pod runs from a ConfigMap volume, which the kubelet lays out as
// symlinks (file -> ..data/file, ..data -> ..<timestamp>). Started through such a path, exactly as
// the Deployment's command does (`node /app/echo-server.mjs v1 8080`), it must listen.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { expect, it } from 'vitest';
import { freePort } from '../harness/targets/ports.ts';
import { pollUntil } from '../harness/util/poll.ts';
import { scratchDir } from './support/scratch.ts';

const SOURCE = fileURLToPath(new URL('../fixtures/echo/echo-server.mjs', import.meta.url));
const mount = scratchDir('mtls-conformance-test-configmap-');

it('starts and answers when its file is a ConfigMap mount\'s symlink', async () => {
  // The kubelet's atomic writer: a timestamped dir, ..data pointing at it, each key a link through ..data.
  mkdirSync(join(mount, '..2026_11_28_12_00_00.123456789'));
  copyFileSync(SOURCE, join(mount, '..2026_11_28_12_00_00.123456789', 'echo-server.mjs'));
  symlinkSync('..2026_11_28_12_00_00.123456789', join(mount, '..data'));
  symlinkSync('..data/echo-server.mjs', join(mount, 'echo-server.mjs'));
  const port = await freePort();
  const child = spawn(process.execPath, [join(mount, 'echo-server.mjs'), 'v2', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  try {
    const body = await pollUntil(async () => {
      if (exited !== undefined) return `exited with ${exited} without listening`;
      try {
        return await (await request(`http://127.0.0.1:${port}/v2/x`)).body.json();
      } catch {
        return undefined;
      }
    }, 10_000, 50);
    expect(body).toMatchObject({ version: 'v2', path: '/v2/x' });
  } finally {
    child.kill();
  }
});
