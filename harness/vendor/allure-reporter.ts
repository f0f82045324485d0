// allure-vitest's reporter and allure-js-commons' reporter SDK, which write a run's allure-results
// (harness/report/). A vendor facade: bundled at npm run build (scripts/bundle-vendor.mjs), which
// takes their loading from about 85 to 25 ms of every run.
export { getTestResultHistoryId, getTestResultTestCaseId, md5, ReporterRuntime, stringifyEnvInfo } from 'allure-js-commons/sdk/reporter';
export { default as AllureVitestReporter } from 'allure-vitest/reporter';
