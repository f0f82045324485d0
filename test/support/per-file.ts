// Run before each unit test file (vitest.config.ts setupFiles). The files share their worker
// processes (isolate: false), so what one file changes of the process is undone when it ends: its
// environment variables (a private TMPDIR, a NODE_EXTRA_CA_CERTS to test with), and each file's CLI
// runs get a temp dir of their own (test/support/cli.ts), removed when it is done. That dir is made
// on first use: a file whose cases are all skipped runs no hook that would remove it.
import { rm } from 'node:fs/promises';
import { afterAll } from 'vitest';
import { REMOVAL_MS } from './scratch.ts';

const saved = { ...process.env };
process.env.MTLS_TEST_FILE_TMP = '';

afterAll(async () => {
  const dir = process.env.MTLS_TEST_FILE_TMP;
  for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
  Object.assign(process.env, saved);
  if (dir) await rm(dir, { recursive: true, force: true });
}, REMOVAL_MS);
