// A warm Allure generator, started when a run starts: it loads Allure (about a second of imports
// on a 2-core machine) while the demos run, then generates the report as soon as it is sent a job
// on stdin, one JSON line: { cwd, configFile, resultsDir }. It answers one JSON line on stdout,
// { ok: true } or { ok: false, error }, and exits. Plain JavaScript: it must start without tsx.
// The calls are what `allure generate` makes (allure/dist/commands/commons/generate.js, 3.18.0),
// but for how the results are read (readResults).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const core = await import('@allurereport/core');
const { BufferResultFile } = await import('@allurereport/reader-api');
// readConfig loads the plugin a config names; loading it now is what makes the worker warm.
await import('@allurereport/plugin-awesome');
process.stdout.write('ready\n');

/**
 * The results as readDirectory reads them (files, no .tmp, by name), but each read whole into
 * memory first: readDirectory hands Allure a file path each, which it then streams through the
 * thread pool, one attachment after another, when it writes the report (some 600 in a full run):
 * that took the report from about 0.2 s to 0.55 s, mostly waiting. A run's results are a few MB.
 */
async function readResults(report, dir) {
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isFile() && !d.name.endsWith('.tmp'))
    .map((d) => d.name)
    .sort((a, b) => a.localeCompare(b));
  for (const name of names) await report.readResult(new BufferResultFile(readFileSync(join(dir, name)), name));
}

const answer = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);
// The first line is the job; stdin closing without one (the run ended early, or was killed) ends the worker.
for await (const line of createInterface({ input: process.stdin })) {
  try {
    const job = JSON.parse(line);
    const config = await core.readConfig(job.cwd, job.configFile);
    const report = new core.AllureReport(config);
    await report.restoreState([]);
    await report.start();
    await readResults(report, job.resultsDir);
    await report.done();
    answer({ ok: true });
  } catch (err) {
    answer({ ok: false, error: err instanceof Error ? err.message : String(err) });
  }
  break;
}
process.exit(0);
