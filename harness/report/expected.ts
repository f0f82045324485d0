// A nightly's known failures (--expect-failures): a listed case that fails is a known failure, which
// does not fail the run; a listed case that passes, or whose entry's day has passed, fails it and
// says so, so that the list cannot rot; so does one that fails otherwise than its entry's `match`
// says (a new failure). What is not listed is judged as ever.
import type { ExpectedFailure } from '../config/expected-failures.ts';
import type { CaseResult } from './rollup.ts';

export class ExpectedFailures {
  private readonly matched = new Set<ExpectedFailure>();

  /** `today`: YYYY-MM-DD (UTC). */
  constructor(
    private readonly entries: readonly ExpectedFailure[],
    private readonly file: string,
    private readonly today = new Date().toISOString().slice(0, 10),
  ) {}

  private entryOf(c: CaseResult): ExpectedFailure | undefined {
    return this.entries.find((e) => e.demo === c.demo && e.case === c.name) ?? this.entries.find((e) => e.demo === c.demo && e.case === undefined);
  }

  /** One case as the nightly judges it. */
  judge(c: CaseResult): CaseResult {
    const e = this.entryOf(c);
    if (!e) return c;
    this.matched.add(e);
    if (c.result === 'passed') return { ...c, result: 'failed', reason: `listed in ${this.file} as a known failure (${e.reason}), but it passed: take it off the list` };
    if (c.result !== 'failed') return c;
    if (e.match !== undefined && !(c.reason ?? '').includes(e.match)) return { ...c, reason: `listed in ${this.file} as a known failure whose reason holds "${e.match}", but it failed otherwise: ${c.reason ?? 'failed'}` };
    if (this.today > e.until) return { ...c, reason: `listed in ${this.file} as a known failure until ${e.until}, a day that has passed (${e.reason}): ${c.reason ?? 'failed'}` };
    return { ...c, result: 'known-failure', reason: `known failure until ${e.until} (${e.reason}): ${c.reason ?? 'failed'}` };
  }

  /** Entries naming a case of a demo that ran, but no case of that name: a mistake in the list. */
  unmatched(ran: readonly CaseResult[]): string[] {
    return this.entries
      .filter((e) => e.case !== undefined && !this.matched.has(e) && ran.some((c) => c.demo === e.demo))
      .map((e) => `${this.file}: ${e.demo} has no case "${e.case}": its cases are ${ran.filter((c) => c.demo === e.demo).map((c) => `"${c.name}"`).join(', ')}`);
  }
}
