// The real dependencies of the kind target: the system's kind/kubectl/docker, the Kubernetes API,
// free host ports for a new cluster (or the mapped ones of a reused cluster), HTTPS readiness.
import { lastLine, systemRunner, type CommandRunner } from '../container/runner.ts';
import { freePort } from '../ports.ts';
import { waitForHttps } from '../ready.ts';
import { NODE_PORTS, type HostPorts } from './kind-config.ts';
import type { KindDeps } from './kind-target.ts';
import { kubeApi } from './kube.ts';

/** A reused cluster's host ports: what its control-plane container maps the NodePorts to. */
async function mappedPorts(runner: CommandRunner, cluster: string): Promise<HostPorts> {
  const port = async (nodePort: number): Promise<number> => {
    const r = await runner.run('docker', ['port', `${cluster}-control-plane`, `${nodePort}/tcp`]);
    const m = /:(\d+)\s*$/m.exec(r.stdout);
    if (r.code !== 0 || !m) {
      throw new Error(`cluster ${cluster} does not map NodePort ${nodePort} to the host (${lastLine(r)}): reuse only clusters this tool created with --keep`);
    }
    return Number(m[1]);
  };
  return { proxy: await port(NODE_PORTS.proxy), admin: await port(NODE_PORTS.admin) };
}

export const kindDeps: KindDeps = {
  runner: systemRunner,
  kube: kubeApi,
  hostPorts: async (runner, cluster) => (cluster ? mappedPorts(runner, cluster) : { proxy: await freePort(), admin: await freePort() }),
  waitReady: (baseUrl, caPem, identity) => waitForHttps({ what: 'Kong on kind', baseUrl, caPem, identity, boundMs: 120_000 }),
};
