// The run catalogue: what a run needs of the demos' declarations, read from the suite files, or by
// a compiled run from the index the build wrote, which must say the same, for the same plan only.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultOptions, INDEXED_TARGETS, writeCatalogueIndex } from '../harness/run/catalogue-index.ts';
import { loadCatalogue } from '../harness/run/load-catalogue.ts';
import { fromIndex, planKey, runCatalogueOf } from '../harness/run/run-catalogue.ts';
import { freshBuild } from '../scripts/fresh-build.mjs';
import { ROOT } from './support/cli.ts';
import { scratchDir } from './support/scratch.ts';

const dir = scratchDir('mtls-conformance-index-');

describe('the catalogue index', () => {
  it('holds, for each policy-based target with the default options, what the suite files say', async () => {
    const file = join(dir, 'index.json');
    await writeCatalogueIndex(file);
    const catalogue = await loadCatalogue();
    for (const target of INDEXED_TARGETS) {
      const o = defaultOptions(target);
      expect(fromIndex(file, o), target).toEqual(runCatalogueOf(catalogue, o));
    }
    const local = fromIndex(file, defaultOptions('local'))!;
    expect(local.ids).toEqual(catalogue.ids);
    expect(local.first).toEqual(['backend-outage']);
    expect(local.budget.spenders).toEqual(['rate-limit']);
  });

  it('answers only for the plan it was written for: other counts, quotas or partners are read from the suites', async () => {
    const file = join(dir, 'index-2.json');
    await writeCatalogueIndex(file);
    const o = defaultOptions('local');
    expect(fromIndex(file, { ...o, rejections: 5 })).toBeUndefined();
    const policy = structuredClone(o.policy!);
    policy.partners[0]!.rateLimit = { perMinute: 7 };
    expect(fromIndex(file, { ...o, policy })).toBeUndefined();
    expect(planKey({ ...o, faults: ['no-crl'] })).toBe(planKey(o));
    expect(fromIndex(join(dir, 'none.json'), o)).toBeUndefined();
  });

  it.runIf(freshBuild(ROOT))('the one the build wrote (dist/) agrees with the sources', async () => {
    const built = join(ROOT, 'dist', 'catalogue-index.json');
    expect(existsSync(built)).toBe(true);
    const catalogue = await loadCatalogue();
    const index = JSON.parse(readFileSync(built, 'utf8')) as Record<string, unknown>;
    for (const target of INDEXED_TARGETS) expect(index[planKey(defaultOptions(target))], target).toEqual(runCatalogueOf(catalogue, defaultOptions(target)));
  });
});
