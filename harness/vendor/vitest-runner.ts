// @vitest/runner, the engine the CLI runs the suite files with (harness/run/in-process/) and whose
// describe/it the suites call: both must reach the same copy, so every value import of it goes
// through here. A vendor facade: bundled at npm run build (scripts/bundle-vendor.mjs); under vitest
// it is the very package vitest runs them with.
export * from '@vitest/runner';
