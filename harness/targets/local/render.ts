// What the local target starts nginx with, written out: its nginx.conf for the policy, as a healthy
// run renders it (no fault). Paths and ports are a run's own; shown here with example values.
import type { Policy } from '../../config/policy.ts';
import { EXAMPLE_PORTS, exampleBackendPort, policyPartnerTable, type Rendered } from '../render-types.ts';
import { nginxModel, renderNginxConfig } from './nginx-config.ts';

const PREFIX = '/tmp/mtls-conformance-nginx-XXXXXX';
const PKI = '/tmp/mtls-conformance-pki-XXXXXX';

export function renderLocal(policy: Policy): Rendered {
  const versions = Object.keys(policy.routes.versions);
  const conf = renderNginxConfig(nginxModel(policy, {
    prefix: PREFIX,
    port: EXAMPLE_PORTS.proxy,
    backends: Object.fromEntries(versions.map((v, i) => [v, exampleBackendPort(i)])),
    files: { serverCert: `${PKI}/server.crt`, serverKey: `${PKI}/server.key`, clientCa: `${PKI}/ca.crt`, crl: `${PKI}/crl.pem` },
    partners: policyPartnerTable(policy),
    faults: new Set(),
  }));
  return {
    files: [{ path: 'nginx.conf', content: conf }],
    atRunTime: [
      `the prefix ${PREFIX} and the key store ${PKI}: private temp dirs (0700) made at start, removed at the end`,
      `the listener and backend ports: free ones on 127.0.0.1 (shown: ${EXAMPLE_PORTS.proxy}; backends ${versions.map((_v, i) => exampleBackendPort(i)).join(', ')})`,
      "the CA, server cert, partner certs and CRL: the run's own PKI, minted at start",
    ],
  };
}
