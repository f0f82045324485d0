// What the docker target starts Kong with, written out: image, env, the declarative config, the
// files copied into the container (certificates are the run's own and only named here).
import { stringify } from 'yaml';
import type { Policy } from '../../config/policy.ts';
import { declarativeYaml } from '../kong/declarative.ts';
import { KONG_IMAGE, kongEnv } from '../kong/kong-env.ts';
import { envFile, exampleBackendPort, policyPartnerTable, type Rendered } from '../render-types.ts';
import { dockerKongConfig, IN } from './docker-driver.ts';
import { KONG_CONTAINER } from './docker-target.ts';
import { HOST_ALIAS } from './runtime.ts';

export function renderDocker(policy: Policy): Rendered {
  const upstreams = Object.fromEntries(Object.keys(policy.routes.versions).map((v, i) => [v, `http://${HOST_ALIAS}:${exampleBackendPort(i)}`]));
  const container = {
    image: KONG_IMAGE,
    // As docker run -p writes them: host address, any free host port, the container's port.
    ports: KONG_CONTAINER.exposedPorts.map((p) => `${KONG_CONTAINER.publishedOn}::${p}`),
    readyPath: KONG_CONTAINER.readyPath,
    // The run's backends: on this machine, listening on its address on Docker's default bridge.
    extraHosts: [`${HOST_ALIAS}:<the bridge's gateway, e.g. 172.17.0.1>`],
    files: [`${IN.certDir}/tls.crt`, `${IN.certDir}/tls.key`, `${IN.certDir}/ca.crt`, IN.crlFile, IN.declarativeFile],
    env: 'kong.env',
  };
  return {
    files: [
      { path: 'kong.yml', content: declarativeYaml(dockerKongConfig(policyPartnerTable(policy), policy, upstreams)) },
      { path: 'kong.env', content: envFile(kongEnv(IN)) },
      { path: 'container.yaml', content: stringify(container) },
    ],
    atRunTime: [
      `the backends' ports in kong.yml: free ones of this machine's address on Docker's bridge, which ${HOST_ALIAS} names in the container (shown: ${Object.values(upstreams).join(', ')})`,
      `${IN.certDir}/tls.crt, tls.key, ca.crt and ${IN.crlFile}: the run's own CA, Kong's server cert and a CRL, minted at start`,
    ],
  };
}
