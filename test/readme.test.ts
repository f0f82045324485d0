// The README stays true: every demo, fault, flag and the fault matrix it shows are the real ones.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DemoDeclaration } from '../harness/report/catalogue.ts';
import { loadCatalogue } from '../harness/run/load-catalogue.ts';
import { matrixMarkdown } from '../harness/targets/local/fault-matrix.ts';
import { FAULTS } from '../harness/targets/local/faults.ts';
import { helpText } from '../scripts/cli/help.ts';
import { budgetMarkdown } from '../scripts/cli/list.ts';
import { DEFAULT_POLICY } from '../harness/run/run-options.ts';
import { loadPolicy } from '../harness/config/policy.ts';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
let catalogue: DemoDeclaration[] = [];
beforeAll(async () => void (catalogue = (await loadCatalogue()).demos));

describe('README', () => {
  it('starts with the two commands', () => {
    const block = readme.split('```')[1] ?? '';
    expect(block).toContain('./scripts/run-local.sh');
    expect(block).toContain('npm test');
  });

  it('lists every demo id and every fault', () => {
    expect(catalogue.length).toBeGreaterThan(0);
    for (const d of catalogue) expect(readme).toContain(`| \`${d.id}\` |`);
    for (const f of Object.keys(FAULTS)) expect(readme).toContain(`| \`${f}\` |`);
  });

  it('shows the request budget the demos declare, for the local default', () => {
    expect(readme).toContain(budgetMarkdown(catalogue, { target: 'local', policyFile: DEFAULT_POLICY, policy: loadPolicy(DEFAULT_POLICY), faults: [], rejections: 3, convergenceMs: 30_000 }));
  });

  it('shows the fault matrix the test enforces', () => {
    expect(readme).toContain(matrixMarkdown());
  });

  it('documents every flag of the CLI', () => {
    const flags = [...helpText(catalogue).matchAll(/--[a-z][a-z-]+/g)].map((m) => m[0]);
    for (const flag of new Set(flags)) expect(readme, flag).toContain(flag);
  });
});
