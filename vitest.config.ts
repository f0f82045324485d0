// The tests of the harness (test/). The demos (suites/) are not vitest tests: the CLI runs them
// (harness/run/in-process/), and the tests run the CLI as users do.
import { defineConfig } from 'vitest/config';
import LongFirstSequencer from './test/support/sequencer.ts';

// Every TLS connection the tests and the CLI runs they start make names its CA; none trusts the
// default store. NODE_EXTRA_CA_CERTS (CI machines often point it at the system bundle) would make
// each of the hundreds of node processes npm test starts parse that bundle first, for nothing.
delete process.env.NODE_EXTRA_CA_CERTS;

export default defineConfig({
  test: {
    // The long files (fault matrix, external runs) mostly wait on child processes or out a quota
    // window: more workers than cores keep the cores busy meanwhile.
    maxWorkers: 4,
    sequence: { sequencer: LongFirstSequencer },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          // Files run one after another in a worker that keeps its modules (about a fifth of the
          // project's CPU was each file's fresh worker loading the same modules again); what a file
          // changes of the process is undone after it (per-file.ts).
          isolate: false,
          setupFiles: ['test/support/per-file.ts'],
          // Many unit tests run the CLI: a bound for a hang, with room for a busy machine (test/support/bounds.ts).
          testTimeout: 90_000,
        },
      },
    ],
  },
});
