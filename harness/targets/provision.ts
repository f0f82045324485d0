// Provisioning the target a run asked for. The one place that knows every target.
import { ConfigError } from '../config/errors.ts';
import { loadPolicy } from '../config/policy.ts';
import type { RunOptions } from '../run/run-options.ts';
import type { ProvisionedTarget } from './contract.ts';
import { provisionExternal } from './external/external-target.ts';
import { provisionLocal } from './local/local-target.ts';

export async function provisionTarget(o: RunOptions): Promise<ProvisionedTarget> {
  const consistency = { rejections: o.rejections, convergenceMs: o.convergenceMs };
  if (o.target === 'external') {
    if (!o.external) throw new ConfigError('--target external needs --config <file> (the target file described in the README)');
    return provisionExternal(o.external, consistency);
  }
  return provisionLocal(loadPolicy(o.policyFile), { faults: new Set(o.faults), ...consistency });
}
