// The target registry: one line per name, and what a line plans a run with (its `can`, before
// anything starts) is what the provisioned gateway reports (its driver, at run time).
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../harness/config/policy.ts';
import { declaredFeatures } from '../harness/core/features.ts';
import { DEFAULT_POLICY, defaultOptions } from '../harness/core/options.ts';
import { TARGETS, targetEntry } from '../harness/targets/registry.ts';
import { Scope } from '../harness/util/scope.ts';

describe('the target registry', () => {
  it('has one line per name, and an unknown name is a usage error naming them all', () => {
    const names = TARGETS.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    expect(() => targetEntry('moon')).toThrow(`unknown target "moon": choose ${names.join(' or ')}`);
  });

  it('local: the features its line plans with are the ones its gateway reports', async () => {
    const policy = loadPolicy(DEFAULT_POLICY);
    const scope = new Scope();
    try {
      const t = await targetEntry('local').provision(defaultOptions('local', policy), scope);
      expect([...t.info.features].sort()).toEqual(declaredFeatures(targetEntry('local').can, policy).sort());
    } finally {
      expect(await scope.close()).toEqual([]);
    }
  });
});
