// The kind cluster config: one node, the Kong proxy and admin NodePorts mapped to 127.0.0.1 only
// (kind requires nodePort == containerPort, in 30000-32767; mappings are fixed at creation).
import { stringify } from 'yaml';

export const NODE_PORTS = { proxy: 30443, admin: 30001 } as const;

export interface HostPorts {
  proxy: number;
  admin: number;
}

export function kindClusterConfig(host: HostPorts): string {
  return stringify({
    kind: 'Cluster',
    apiVersion: 'kind.x-k8s.io/v1alpha4',
    nodes: [
      {
        role: 'control-plane',
        extraPortMappings: [
          { containerPort: NODE_PORTS.proxy, hostPort: host.proxy, listenAddress: '127.0.0.1', protocol: 'TCP' },
          { containerPort: NODE_PORTS.admin, hostPort: host.admin, listenAddress: '127.0.0.1', protocol: 'TCP' },
        ],
      },
    ],
  });
}
