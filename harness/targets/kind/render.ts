// What the kind target applies, written out: the cluster config, the PKI objects cert-manager
// issues from, Kong with its declarative config and env, the backends.
import type { Policy } from '../../config/policy.ts';
import { kongEnv } from '../kong/kong-env.ts';
import { EXAMPLE_PORTS, envFile, policyPartnerTable, type Rendered } from '../render-types.ts';
import { kindClusterConfig } from './kind-config.ts';
import { kindConfigMap, kindKongConfig } from './kind-driver.ts';
import { backends, CERT_MANAGER_MANIFEST, gateway, LIVE, NAMES, pki, toYaml } from './manifests.ts';
import { declarativeYaml } from '../kong/declarative.ts';

export function renderKind(policy: Policy): Rendered {
  const partners = policyPartnerTable(policy);
  const versions = Object.keys(policy.routes.versions);
  return {
    files: [
      { path: 'kind-cluster.yaml', content: kindClusterConfig({ proxy: EXAMPLE_PORTS.proxy, admin: EXAMPLE_PORTS.admin }) },
      { path: '1-pki.yaml', content: toYaml(pki(policy.partners.map((p) => ({ name: p.name, subject: p.subject })))) },
      { path: '2-gateway.yaml', content: toYaml([...backends(versions), kindConfigMap(partners, policy), ...gateway()]) },
      { path: 'kong.yml', content: declarativeYaml(kindKongConfig(partners, policy)) },
      { path: 'kong.env', content: envFile(kongEnv({ certDir: '/etc/secrets/kong-proxy-tls', crlFile: LIVE.crlFile, declarativeFile: LIVE.declarativeFile })) },
    ],
    atRunTime: [
      `cert-manager: kubectl apply -f ${CERT_MANAGER_MANIFEST}, before 1-pki.yaml`,
      `the host ports in kind-cluster.yaml: free ones on 127.0.0.1 (shown: ${EXAMPLE_PORTS.proxy}, ${EXAMPLE_PORTS.admin})`,
      `the Secret ${NAMES.crl} (crl.pem), applied before 2-gateway.yaml: a CRL signed with the CA key cert-manager wrote to the Secret ${NAMES.caCert}`,
      'the subjects in the partner table: read from the certificates cert-manager issued (shown: as the policy declares them)',
    ],
  };
}
