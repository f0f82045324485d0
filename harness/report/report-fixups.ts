// After the demos, the Allure results and the JUnit file are brought in line with the cases as the
// run judged them, so that every report counts the same: a not-supported case carries its reason
// as the status message (Allure) and as <skipped message="not-supported: ..."/> (JUnit), and a
// required demo that could not be tested (--require) is failed there too.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseResult } from './rollup.ts';

interface AllureResult {
  name: string;
  status: string;
  labels?: { name: string; value: string }[];
  statusDetails?: { message?: string; trace?: string };
}

const key = (demo: string, name: string): string => `${demo}\u0000${name}`;

/** Allure: each case's status and status message as judged. */
export function fixAllureResults(resultsDir: string, cases: readonly CaseResult[]): void {
  if (!existsSync(resultsDir)) return;
  const byKey = new Map(cases.map((c) => [key(c.demo, c.name), c]));
  for (const file of readdirSync(resultsDir).filter((f) => f.endsWith('-result.json'))) {
    const path = join(resultsDir, file);
    const r = JSON.parse(readFileSync(path, 'utf8')) as AllureResult;
    const demo = r.labels?.find((l) => l.name === 'feature')?.value ?? '';
    const c = byKey.get(key(demo, r.name));
    if (!c) continue;
    if (c.result === 'not-supported') {
      r.statusDetails = { ...r.statusDetails, message: `not-supported: ${c.reason ?? ''}` };
      r.labels = [...(r.labels ?? []).filter((l) => l.name !== 'resultState'), { name: 'resultState', value: 'not-supported' }];
    } else if (c.result === 'failed' && r.status === 'skipped') {
      // A required demo that could not be tested (--require).
      r.status = 'failed';
      r.statusDetails = { message: c.reason ?? 'failed' };
    } else continue;
    writeFileSync(path, JSON.stringify(r));
  }
}

const xml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** JUnit (vitest writes a bare <skipped/>): the reason of each not-supported case, and required ones failed. */
export function fixJunit(file: string, cases: readonly CaseResult[]): void {
  if (!existsSync(file)) return;
  let text = readFileSync(file, 'utf8');
  for (const c of cases) {
    const name = xml(`${c.demo} > ${c.name}`);
    const at = text.indexOf(` name="${name}"`);
    if (at === -1) continue;
    const end = text.indexOf('</testcase>', at);
    const body = text.slice(at, end);
    const replacement =
      c.result === 'not-supported'
        ? `<skipped message="${xml(`not-supported: ${c.reason ?? ''}`)}"/>`
        : c.result === 'failed'
          ? `<failure message="${xml(c.reason ?? 'failed')}" type="RequiredNotTested"/>`
          : undefined;
    if (!replacement || !body.includes('<skipped/>')) continue;
    text = text.slice(0, at) + body.replace('<skipped/>', replacement) + text.slice(end);
  }
  // The counts on each <testsuite> and on <testsuites> follow the cases moved from skipped to failed.
  writeFileSync(file, recount(text));
}

/** Recompute failures/skipped attributes from the testcases inside each suite. */
function recount(text: string): string {
  let total = 0;
  const out = text.replace(/<testsuite ([^>]*)>([\s\S]*?)<\/testsuite>/g, (_all, attrs: string, inner: string) => {
    const failures = inner.split('</testcase>').filter((t) => t.includes('<failure ')).length;
    const skipped = (inner.match(/<skipped/g) ?? []).length;
    total += failures;
    const a = attrs.replace(/failures="\d+"/, `failures="${failures}"`).replace(/skipped="\d+"/, `skipped="${skipped}"`);
    return `<testsuite ${a}>${inner}</testsuite>`;
  });
  return out.replace(/<testsuites ([^>]*)failures="\d+"/, (_m, pre: string) => `<testsuites ${pre}failures="${total}"`);
}
