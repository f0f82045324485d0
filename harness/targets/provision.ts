// Provisioning the target a run asked for. The one place that knows every target.
import { ConfigError } from '../config/errors.ts';
import { loadPolicy } from '../config/policy.ts';
import type { RunOptions } from '../run/run-options.ts';
import type { ProvisionedTarget } from './contract.ts';
import { provisionExternal } from './external/external-target.ts';
import { preflight } from './container/preflight.ts';
import { provisionLocal } from './local/local-target.ts';

export async function provisionTarget(o: RunOptions): Promise<ProvisionedTarget> {
  const consistency = { rejections: o.rejections, convergenceMs: o.convergenceMs };
  if (o.target === 'external') {
    if (!o.external) throw new ConfigError('--target external needs --config <file> (the target file described in the README)');
    return provisionExternal(o.external, consistency);
  }
  // The container targets load their heavy clients (Kubernetes, testcontainers) only when used.
  if (o.target === 'kind') {
    await preflight('kind');
    const [{ provisionKind }, { kindDeps }] = await Promise.all([import('./kind/kind-target.ts'), import('./kind/kind-deps.ts')]);
    return provisionKind(loadPolicy(o.policyFile), { ...consistency, ...(o.cluster ? { cluster: o.cluster } : {}), keep: !!o.keep }, kindDeps);
  }
  if (o.target === 'docker') {
    await preflight('docker');
    const [{ provisionDocker }, { testcontainersRuntime }] = await Promise.all([import('./docker/docker-target.ts'), import('./docker/runtime.ts')]);
    return provisionDocker(loadPolicy(o.policyFile), { ...consistency, keep: !!o.keep }, await testcontainersRuntime());
  }
  return provisionLocal(loadPolicy(o.policyFile), { faults: new Set(o.faults), ...consistency });
}
