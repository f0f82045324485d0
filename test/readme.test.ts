// The README and the docs it links stay true: every demo, fault, flag and the fault matrix shown
// are the real ones, and the README's top stays short.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DemoDeclaration } from '../harness/core/demo.ts';
import { loadCatalogue } from '../harness/run/load-catalogue.ts';
import { matrixMarkdown } from '../harness/targets/local/fault-matrix.ts';
import { FAULTS } from '../harness/targets/local/faults.ts';
import { helpText } from '../scripts/cli/help.ts';
import { budgetMarkdown } from '../scripts/cli/list.ts';
import { DEFAULT_POLICY } from '../harness/core/options.ts';
import { loadPolicy } from '../harness/config/policy.ts';

const doc = (path: string): string => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
const readme = doc('README.md');
let catalogue: DemoDeclaration[] = [];
beforeAll(async () => void (catalogue = (await loadCatalogue()).demos));

describe('README', () => {
  it('starts with the two commands', () => {
    const block = readme.split('```')[1] ?? '';
    expect(block).toContain('./scripts/run-local.sh');
    expect(block).toContain('npm test');
  });

  it("keeps its top short: the two commands, one screenshot, links to every section and to each doc", () => {
    const top = readme.split('\n## ')[0] ?? '';
    expect(top.split('\n').length).toBeLessThanOrEqual(30);
    expect(top).toMatch(/!\[[^\]]+\]\(docs\/img\/[^)]+\.png\)/);
    for (const heading of readme.match(/^## .+$/gm) ?? []) {
      const anchor = heading.slice(3).toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-');
      expect(top, heading).toContain(`(#${anchor})`);
    }
    for (const file of ['verdicts', 'targets', 'report', 'faults', 'real-stack', 'real-stack-facts', 'architecture', 'development', 'performance']) {
      expect(top, file).toContain(`(docs/${file}.md)`);
    }
  });

  it('lists every demo id; docs/faults.md every fault', () => {
    expect(catalogue.length).toBeGreaterThan(0);
    for (const d of catalogue) expect(readme).toContain(`| \`${d.id}\` |`);
    for (const f of Object.keys(FAULTS)) expect(doc('docs/faults.md')).toContain(`| \`${f}\` |`);
  });

  it('docs/verdicts.md shows the request budget the demos declare, for the local default', () => {
    expect(doc('docs/verdicts.md')).toContain(budgetMarkdown(catalogue, { target: 'local', policyFile: DEFAULT_POLICY, policy: loadPolicy(DEFAULT_POLICY), flags: {}, rejections: 3, convergenceMs: 30_000, maxValidityDays: 90 }));
  });

  it('docs/faults.md shows the fault matrix the test enforces', () => {
    expect(doc('docs/faults.md')).toContain(matrixMarkdown());
  });

  it('documents every flag of the CLI', () => {
    const flags = [...(['run', 'verify', 'list', 'render'] as const).map((t) => helpText(t)).join('\n').matchAll(/--[a-z][a-z-]+/g)].map((m) => m[0]);
    for (const flag of new Set(flags)) expect(readme, flag).toContain(flag);
  });
});
