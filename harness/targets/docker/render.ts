// What the docker target starts Kong with, written out: image, env, the declarative config, the
// files copied into the container (certificates are the run's own and only named here).
import type { Policy } from '../../config/policy.ts';
import { initialPartners } from '../../gateway/partners.ts';
import { rfc2253 } from '../../pki/subject.ts';
import { KONG_IMAGE, kongEnv } from '../kong/kong-env.ts';
import { EXAMPLE_PORTS, envFile, type Rendered } from '../render-types.ts';
import { dockerKongConfig, IN } from './docker-driver.ts';
import { stringify } from 'yaml';

export function renderDocker(policy: Policy): Rendered {
  const partners = initialPartners(policy.partners.map((p) => ({ name: p.name, subject: rfc2253(p.subject), ...(p.rateLimit ? { rateLimit: p.rateLimit } : {}) })));
  const upstreams = Object.fromEntries(Object.keys(policy.routes.versions).map((v, i) => [v, `http://host.testcontainers.internal:${EXAMPLE_PORTS.backends[i] ?? 18080 + i}`]));
  const container = {
    image: KONG_IMAGE,
    exposedPorts: [8443, 8001, 8100],
    ready: 'GET /status/ready on 8100 answers 200',
    files: [`${IN.certDir}/tls.crt`, `${IN.certDir}/tls.key`, `${IN.certDir}/ca.crt`, IN.crlFile, IN.declarativeFile],
    env: 'kong.env',
  };
  return {
    files: [
      { path: 'kong.yml', content: stringify(dockerKongConfig(partners, policy, upstreams)) },
      { path: 'kong.env', content: envFile(kongEnv(IN)) },
      { path: 'container.yaml', content: stringify(container) },
    ],
    atRunTime: [
      `the backends' ports in kong.yml: free ones on the host, reached through testcontainers (shown: ${Object.values(upstreams).join(', ')})`,
      `${IN.certDir}/tls.crt, tls.key, ca.crt and ${IN.crlFile}: the run's own CA, Kong's server cert and a CRL, minted at start`,
    ],
  };
}
