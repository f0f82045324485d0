// Run before each unit test file (vitest.config.ts setupFiles). The files share their worker
// processes (isolate: false), so what one file changes of the process is undone when it ends: its
// environment variables (a private TMPDIR, a NODE_EXTRA_CA_CERTS to test with), and each file's CLI
// runs get a temp dir of their own (test/support/cli.ts), removed when it is done.
import { afterAll } from 'vitest';
import { scratchDir } from './scratch.ts';

const saved = { ...process.env };
process.env.MTLS_TEST_FILE_TMP = scratchDir('mtls-conformance-testcli-');

afterAll(() => {
  for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
  Object.assign(process.env, saved);
});
