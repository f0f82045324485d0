// A warm Allure generator, started when a run starts: it loads Allure (about half a second of
// CPU) while the gateway comes up, then writes the report from JSON lines on stdin, one at a time:
//   { begin: { config, cwd } }      the report's config (as an allurerc would hold it): set up now
//   { read: { dir, files } }        results written since (file names in dir): read now
//   { done: { resultsDir, name } }  read what is left of resultsDir, name the report, write it
// It says { read: n } (the files read so far) after each `read`, answers `done` with one JSON line,
// { ok: true } or { ok: false, error }, and exits. stdin
// closing before `done` (the run ended early, or was killed) ends it. Results are read as each demo
// ends, while the others run: at the end only the last demo's are left. Plain JavaScript: it must
// start without tsx. The calls are what `allure generate` makes
// (allure/dist/commands/commons/generate.js, 3.18.0), but for how the results are read (readNew).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const core = await import('@allurereport/core');
const { BufferResultFile } = await import('@allurereport/reader-api');
// resolveConfig loads the plugin a config names; loading it now is what makes the worker warm.
await import('@allurereport/plugin-awesome');
process.stdout.write('ready\n');

let report;
/** The name the report was begun under: the run's counts are known only at `done`. */
let begunAs = '';
/** The first thing that went wrong: the answer at `done`. */
let failure;
const read = new Set();

/**
 * Each file read whole into memory first, as readDirectory would read it (files only, no .tmp):
 * readDirectory hands Allure a path per file, which it then streams through the thread pool, one
 * attachment after another, as it writes the report (some 600 in a full run): that took the
 * report 0.55 s instead of 0.2 s, mostly waiting. A run's results are a few MB.
 */
async function readNew(dir, names) {
  for (const name of names) {
    if (read.has(name) || name.endsWith('.tmp')) continue;
    read.add(name);
    await report.readResult(new BufferResultFile(readFileSync(join(dir, name)), name));
  }
}

async function begin({ config, cwd }) {
  begunAs = config.name ?? '';
  report = new core.AllureReport(await core.resolveConfig(config, { cwd }));
  await report.restoreState([]);
  await report.start();
}

async function done({ resultsDir, name }) {
  if (!report) throw new Error('the report was never begun');
  const files = readdirSync(resultsDir, { withFileTypes: true }).filter((d) => d.isFile()).map((d) => d.name);
  await readNew(resultsDir, files.sort((a, b) => a.localeCompare(b)));
  // Allure appends a CI job's name to the one it was begun under (core/dist/report.js): kept.
  report.reportName = `${name}${report.reportName.slice(begunAs.length)}`;
  await report.done();
}

const answer = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  const message = (() => {
    try {
      return JSON.parse(line);
    } catch {
      return {};
    }
  })();
  try {
    if (message.done) {
      if (failure) throw failure;
      await done(message.done);
      answer({ ok: true });
      break;
    }
    // After a failure only `done` matters: it answers with that failure.
    if (failure) continue;
    if (message.begin) await begin(message.begin);
    else if (message.read) {
      await readNew(message.read.dir, message.read.files);
      answer({ read: read.size });
    }
    else throw new Error(`not a message this worker takes: ${line.slice(0, 80)}`);
  } catch (err) {
    if (message.done) {
      answer({ ok: false, error: err instanceof Error ? err.message : String(err) });
      break;
    }
    failure ??= err;
  }
}
process.exit(0);
