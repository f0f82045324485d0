// Turns allure-results into the HTML report with Allure 3 (offline, no Java; a warm worker that
// makes the calls `allure generate` makes, allure-generator.ts): one
// self-contained index.html that opens from file://, trend history kept in a JSONL file.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { PATCHED_FOR, patchAllureApp } from './allure-app-patch.ts';
import { startAllureGenerator, type AllureGenerator } from './allure-generator.ts';
import { dirname, join } from 'node:path';

/** How results group in the report: a not-supported case is its own category, not a skip among skips. */
export const ALLURE_CATEGORIES = [
  { name: 'Not supported by this target', matchers: { statuses: ['skipped'], labels: { resultState: 'not-supported' } } },
  { name: 'The gateway broke a promise', matchers: { statuses: ['failed'] } },
  { name: 'No verdict (broken): fix the setup, then run again', matchers: { statuses: ['broken'] } },
];

/**
 * Runs the history keeps (history.jsonl, the trend, each case's history). Allure keeps every run
 * unless told: each one a line of about 60 KB for a full run that every later run reads and
 * inlines into its page, about 2.5 ms and 60 KB more per run kept (a deploy gate or a nightly
 * run would grow without end). Older lines are dropped as a run appends its own.
 */
export const HISTORY_RUNS = 30;

export interface AllureReportOptions {
  resultsDir: string;
  outputDir: string;
  historyFile: string;
  name: string;
}

/** The Awesome plugin hard-codes a Google Tag Manager script; an offline, internal report must not call out. */
export function stripAnalytics(html: string): string {
  return html
    .replace(/<script[^>]*googletagmanager[^>]*>\s*<\/script>/gi, '')
    .replace(/<script>[^<]*gtag\([^<]*<\/script>/gi, '');
}

/** Allure's page, rewritten once (one read, one write of a page of several MB). */
function rewrite(index: string, change: (html: string) => string): void {
  writeFileSync(index, change(readFileSync(index, 'utf8')));
}

/** Where a run's report goes: known when the run starts, before its results. */
export type AllureReportPlace = Pick<AllureReportOptions, 'outputDir' | 'historyFile'>;

/** The name a report is begun under; the run's own (with its counts) replaces it when it is written. */
const BEGUN_AS = 'mtls-conformance';

/**
 * Begin a run's report as soon as the run knows where it goes: the worker then reads the results
 * as each demo ends (generator.read), while the others run. The page takes the report's name, which
 * the worker sets when it writes it.
 */
export function beginAllureReport(place: AllureReportPlace, generator: AllureGenerator = startAllureGenerator()): AllureGenerator {
  const config = {
    name: BEGUN_AS,
    output: place.outputDir,
    historyPath: place.historyFile,
    historyLimit: HISTORY_RUNS,
    categories: ALLURE_CATEGORIES,
    plugins: { awesome: { options: { singleFile: true, reportLanguage: 'en-iso', groupBy: ['feature', 'story'] } } },
  };
  generator.begin(config, dirname(place.outputDir));
  return generator;
}

/** Allure writes the report (allure-worker.mjs), begun now unless `begun` is; its index.html, as Allure wrote it. */
async function writeAllure(o: AllureReportOptions, begun?: AllureGenerator): Promise<string> {
  const generator = begun ?? beginAllureReport(o);
  try {
    await generator.generate({ resultsDir: o.resultsDir, name: o.name });
    const index = join(o.outputDir, 'index.html');
    if (!existsSync(index)) throw new Error(`allure generate wrote no ${index}`);
    return index;
  } finally {
    generator.stop();
  }
}

/** The report as Allure writes it (analytics stripped), before our patches; its index.html. */
export async function renderAllure(o: AllureReportOptions, begun?: AllureGenerator): Promise<string> {
  const index = await writeAllure(o, begun);
  rewrite(index, stripAnalytics);
  return index;
}

/**
 * The report a person reads: Allure's, analytics stripped, with the ring and trend patches
 * (allure-app-patch.ts). `begun`: the run's, begun with beginAllureReport (else begun now).
 */
export async function generateAllureReport(o: AllureReportOptions, begun?: AllureGenerator): Promise<string> {
  const index = await writeAllure(o, begun);
  let missed: string[] = [];
  rewrite(index, (html) => {
    const patched = patchAllureApp(stripAnalytics(html));
    missed = patched.missed;
    return patched.html;
  });
  // Only an allure other than the pinned one gets here; the report is still right, its ring reads as Allure's.
  for (const name of missed) process.stderr.write(`mtls-conformance: note: the Allure report is not patched (${name}): written for allure ${PATCHED_FOR}\n`);
  return index;
}
