// docs/real-stack.md shows what the nightly prints on kind when Kong and cert-manager behave as
// docs/real-stack-facts.md says: generated here from what `list --target kind` plans (the demos,
// what kind lacks and why), the known failures examples/ci/nightly.yml lists, and the console
// reporter itself, so that the page keeps the current format. When it differs, the test prints
// the block to paste.
import { readFileSync } from 'node:fs';
import type { File } from '@vitest/runner';
import { describe, expect, it } from 'vitest';
import { loadExpectedFailures } from '../harness/config/expected-failures.ts';
import { whyLacking } from '../harness/core/features.ts';
import { DEFAULT_POLICY } from '../harness/core/options.ts';
import { loadPolicy } from '../harness/config/policy.ts';
import { ConsoleReporter } from '../harness/report/console-reporter.ts';
import { groupByDemo, overall, type CaseResult } from '../harness/report/rollup.ts';
import { loadCatalogue } from '../harness/run/load-catalogue.ts';
import { planRun } from '../harness/run/plan.ts';
import { targetEntry } from '../harness/targets/registry.ts';

const plain = { red: String, green: String, yellow: String, dim: String, bold: String };

async function expectedNightly(): Promise<string> {
  const { demos } = await loadCatalogue();
  const ids = demos.map((d) => d.id);
  const known = loadExpectedFailures(new URL('../examples/ci/known-failures.yaml', import.meta.url).pathname, ids);
  const plan = planRun({ target: 'kind', policyFile: DEFAULT_POLICY, policy: loadPolicy(DEFAULT_POLICY), flags: {}, rejections: 3, convergenceMs: 30_000, maxValidityDays: 90 }).plan;
  const cases = (id: string): CaseResult[] => {
    const missing = demos.find((d) => d.id === id)!.needs.filter((f) => !plan.has(f));
    if (missing.length > 0) return [{ demo: id, name: '(every case)', result: 'not-supported', reason: whyLacking(missing, targetEntry('kind').lacks) }];
    const entry = known.find((e) => e.demo === id);
    if (entry) return [{ demo: id, name: entry.case ?? '(its case)', result: 'known-failure', reason: `known failure until ${entry.until} (${entry.reason}): …` }];
    return [{ demo: id, name: '(its cases)', result: 'passed' }];
  };
  const all = demos.flatMap((d) => cases(d.id));
  const testable = demos.filter((d) => d.needs.every((f) => plan.has(f))).length;
  const out: string[] = [];
  const reporter = new ConsoleReporter(testable, { html: 'reports/allure-report/index.html', junit: 'reports/junit.xml', conformance: 'reports/conformance-report.json' }, false, (t) => out.push(t), plain);
  for (const d of demos) reporter.onFileEnd({ filepath: `/suites/${d.id}.test.ts`, tasks: [], result: { duration: 0 } } as unknown as File, all.filter((c) => c.demo === d.id));
  const grouped = groupByDemo(all, ids);
  const at = new Date(0);
  reporter.onRunEnd({ tool: { name: 'mtls-conformance', version: '' }, mode: 'run', target: { name: 'kind', url: 'https://localhost:41837', oracle: 'kong-oss' }, startedAt: at, finishedAt: at, demos: grouped, result: overall(grouped), errors: [], files: [], reproduce: '', rerun: () => '' });
  // Times and case counts only a run knows.
  return out.join('').replace(/ 0\.0 s/g, ' … s').replace(/; cases: .*$/m, '; cases: …');
}

describe('docs/real-stack.md', () => {
  it("shows the nightly's expected output in the current console format, from list --target kind and the known failures", async () => {
    const expected = await expectedNightly();
    expect(readFileSync(new URL('../docs/real-stack.md', import.meta.url), 'utf8'), `paste this block into docs/real-stack.md:\n${expected}`).toContain(expected);
  });
});
