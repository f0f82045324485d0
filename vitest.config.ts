// Two projects: `unit` (the harness on its own) and `suites` (the demos against a provisioned
// target). `npm test` runs both; the CLI runs `suites` with the Allure and JUnit reporters.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'suites',
          include: ['suites/**/*.test.ts'],
          globalSetup: ['harness/run/global-setup.ts'],
          // Lets allure-js-commons calls record steps; the CLI adds the reporter that writes them.
          setupFiles: ['allure-vitest/setup'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
