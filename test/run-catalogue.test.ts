// The run catalogue: what a run needs of the demos' declarations, read from the suite files.
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../harness/config/policy.ts';
import { readRunCatalogue } from '../harness/run/run-catalogue.ts';
import { DEFAULT_POLICY, DEFAULTS } from '../harness/core/options.ts';

describe('the run catalogue', () => {
  it('names what starts first, who spends quotas on purpose, and every demo\'s budget for the plan', async () => {
    const local = await readRunCatalogue({ target: 'local', policyFile: DEFAULT_POLICY, policy: loadPolicy(DEFAULT_POLICY), flags: {}, ...DEFAULTS });
    expect(local.first).toEqual(['backend-outage']);
    expect(local.budget.spenders).toEqual(['rate-limit']);
    expect(Object.keys(local.budget.byDemo)).toEqual(local.ids);
    expect(local.problems).toEqual([]);
  });
});
