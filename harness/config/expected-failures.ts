// --expect-failures <file>: the failures a nightly knows of, each with a reason and a date by which
// it must be gone. A YAML list of { demo, case?, match?, reason, until: YYYY-MM-DD }; every mistake is one
// line with its key path (exit 2), as for every other input.
import { ConfigError } from '../util/errors.ts';
import { join, mapping, Problems, problemLines, text, type Json } from './shape.ts';
import { readYamlFile } from './yaml-file.ts';

export interface ExpectedFailure {
  demo: string;
  /** One case of the demo, by its name; absent: every case of it. */
  case?: string;
  /** Text the failure's reason must hold: a case that fails otherwise is a new failure. */
  match?: string;
  reason: string;
  /** The last day (UTC) the failure is accepted, YYYY-MM-DD. */
  until: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day in YYYY-MM-DD. */
function isDay(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value);
}

export function parseExpectedFailures(value: Json, demoIds: readonly string[]): { entries: ExpectedFailure[]; problems: string[] } {
  const problems = new Problems();
  if (!Array.isArray(value)) {
    problems.add('', 'expected a list of { demo, case, match, reason, until }');
    return { entries: [], problems: problems.list };
  }
  const entries: ExpectedFailure[] = [];
  value.forEach((item: Json, i) => {
    const path = join('', i);
    const m = mapping(item, path, ['demo', 'case', 'match', 'reason', 'until'], problems);
    if (!m) return;
    const demo = text(m.demo, join(path, 'demo'), problems);
    const name = text(m.case, join(path, 'case'), problems, false);
    const match = text(m.match, join(path, 'match'), problems, false);
    const reason = text(m.reason, join(path, 'reason'), problems);
    // YAML reads an unquoted 2027-01-31 as a date: take it as the day it names.
    const rawUntil = m.until instanceof Date ? m.until.toISOString().slice(0, 10) : m.until;
    const until = text(rawUntil, join(path, 'until'), problems);
    if (demo && !demoIds.includes(demo)) problems.add(join(path, 'demo'), `unknown demo id "${demo}": choose from ${demoIds.join(', ')}`);
    if (until && !isDay(until)) problems.add(join(path, 'until'), `expected a day as YYYY-MM-DD (e.g. 2027-01-31), got "${until}"`);
    if (demo && reason && until && demoIds.includes(demo) && isDay(until)) entries.push({ demo, ...(name ? { case: name } : {}), ...(match ? { match } : {}), reason, until });
  });
  for (const [i, e] of entries.entries()) {
    if (entries.findIndex((x) => x.demo === e.demo && x.case === e.case) !== i) problems.add(join('', i), `lists ${e.demo}${e.case ? `: ${e.case}` : ''} a second time`);
  }
  return { entries, problems: problems.list };
}

export function loadExpectedFailures(file: string, demoIds: readonly string[]): ExpectedFailure[] {
  const { entries, problems } = parseExpectedFailures(readYamlFile(file, '--expect-failures'), demoIds);
  if (problems.length > 0) throw new ConfigError(problemLines(file, problems));
  return entries;
}

