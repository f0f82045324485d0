// Two projects: `unit` (the harness on its own) and `suites` (the demos against a provisioned
// target). `npm test` runs both; the CLI runs `suites` with the Allure and JUnit reporters.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { compiledRun, DIST_EXTERNAL, suitesImportDist } from './harness/run/compiled-suites.ts';

const ROOT = fileURLToPath(new URL('.', import.meta.url));
// The CLI from dist/ (harness/run/compiled-suites.ts): the suites import compiled harness code.
const COMPILED = compiledRun();

export default defineConfig({
  test: {
    // The long unit files (fault matrix, external runs) mostly wait on child processes; three
    // workers let those waits overlap on a 2-core machine.
    maxWorkers: 3,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          // Many unit tests run the CLI: a bound for a hang, with room for a busy machine (test/support/bounds.ts).
          testTimeout: 90_000,
        },
      },
      {
        plugins: COMPILED ? [suitesImportDist(ROOT)] : [],
        test: {
          name: 'suites',
          server: { deps: { external: COMPILED ? [DIST_EXTERNAL] : [] } },
          // The suite files share no module state; one import per worker instead of one per file.
          isolate: false,
          pool: 'threads',
          include: ['suites/**/*.test.ts'],
          globalSetup: [COMPILED ? 'dist/harness/run/global-setup.js' : 'harness/run/global-setup.ts'],
          // Lets allure-js-commons calls record steps; the CLI adds the reporter that writes them.
          setupFiles: ['allure-vitest/setup', COMPILED ? 'dist/suites/support/target-setup.js' : 'suites/support/target-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
