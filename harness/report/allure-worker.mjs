// A warm Allure generator, started when a run starts: it loads Allure (about a second of imports
// on a 2-core machine) while the demos run, then generates the report as soon as it is sent a job
// on stdin, one JSON line: { cwd, configFile, resultsDir }. It answers one JSON line on stdout,
// { ok: true } or { ok: false, error }, and exits. Plain JavaScript: it must start without tsx.
// The calls are what `allure generate` makes (allure/dist/commands/commons/generate.js, 3.18.0).
import { createInterface } from 'node:readline';

const core = await import('@allurereport/core');
// readConfig loads the plugin a config names; loading it now is what makes the worker warm.
await import('@allurereport/plugin-awesome');
process.stdout.write('ready\n');

const answer = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);
// The first line is the job; stdin closing without one (the run ended early, or was killed) ends the worker.
for await (const line of createInterface({ input: process.stdin })) {
  try {
    const job = JSON.parse(line);
    const config = await core.readConfig(job.cwd, job.configFile);
    const report = new core.AllureReport(config);
    await report.restoreState([]);
    await report.start();
    await report.readDirectory(job.resultsDir);
    await report.done();
    answer({ ok: true });
  } catch (err) {
    answer({ ok: false, error: err instanceof Error ? err.message : String(err) });
  }
  break;
}
process.exit(0);
