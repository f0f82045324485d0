// The docker target: the real Kong Gateway OSS 3.9 in one container (testcontainers), with the
// same declarative config as on kind, certificates from the run's own PKI, and the in-process echo
// backends reached directly on this machine's address on Docker's bridge. The fastest way to run real Kong.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Policy } from '../../config/policy.ts';
import type { ProvisionedTarget } from '../../core/target.ts';
import { startEchoBackend } from '../../echo/echo-backend.ts';
import { ControlledGateway } from '../../gateway/controlled-gateway.ts';
import { initialPartners } from '../../gateway/partners.ts';
import { mintRunPki, type RunPki } from '../../identities/run-pki.ts';
import { KeyStore } from '../../pki/store.ts';
import type { Scope } from '../../util/scope.ts';
import { declarativeYaml } from '../kong/declarative.ts';
import { KONG_IMAGE, kongEnv } from '../kong/kong-env.ts';
import { waitForHttps } from '../ready.ts';
import { DockerDriver, dockerKongConfig, IN } from './docker-driver.ts';
import { pullFailure } from './pull-error.ts';
import type { ContainerRuntime, ContainerSpec } from './runtime.ts';

export interface DockerOptions {
  rejections: number;
  convergenceMs: number;
  /** Bound for Kong to answer through its mTLS listener. */
  readyMs?: number;
}

/**
 * The Kong container's ports and readiness, the same for a run and for `render`. Every port is
 * published on 127.0.0.1 only: the Admin API (8001) takes a new config from anyone who reaches it.
 */
export const KONG_CONTAINER = { exposedPorts: [8443, 8001, 8100], publishedOn: '127.0.0.1', readyPath: { path: '/status/ready', port: 8100 } } as const;

/** What the Kong container is started with: image, env, files (certs, CRL, config), ports. */
export function kongContainerSpec(pki: RunPki, crlPem: string, kongYaml: string): ContainerSpec {
  const read = (f: string): string => readFileSync(f, 'utf8');
  return {
    image: KONG_IMAGE,
    env: kongEnv(IN),
    files: [
      { target: `${IN.certDir}/tls.crt`, content: read(pki.serverCertFile) },
      // Inside the container only, readable by the kong user; the host copy stays 0600.
      { target: `${IN.certDir}/tls.key`, content: read(pki.serverKeyFile), mode: 0o644 },
      { target: `${IN.certDir}/ca.crt`, content: read(pki.caFile) },
      { target: IN.crlFile, content: crlPem },
      { target: IN.declarativeFile, content: kongYaml },
    ],
    exposedPorts: [...KONG_CONTAINER.exposedPorts],
    publishedOn: KONG_CONTAINER.publishedOn,
    readyPath: KONG_CONTAINER.readyPath,
  };
}

export async function provisionDocker(policy: Policy, scope: Scope, o: DockerOptions, runtime: ContainerRuntime): Promise<ProvisionedTarget> {
  const store = new KeyStore();
  scope.defer("remove the run's keys", () => store.remove(), () => store.remove());
  const pki = await mintRunPki(store, policy);
  const upstreams: Record<string, string> = {};
  const backends = [];
  const hostAddress = await runtime.hostAddress();
  for (const version of Object.keys(policy.routes.versions)) {
    const b = await startEchoBackend(version, hostAddress);
    scope.defer(`stop the ${version} backend`, () => b.close());
    upstreams[version] = `http://${runtime.hostAlias}:${b.port}`;
    backends.push(b);
  }
  const kongYaml = declarativeYaml(dockerKongConfig(initialPartners(pki.partners), policy, upstreams));
  // Ctrl-C while the image is pulled or Kong starts: testcontainers' reaper removes the container
  // when this process ends.
  const container = await runtime.start(kongContainerSpec(pki, await pki.crl(pki.preRevoked), kongYaml)).catch((err: unknown) => {
    throw pullFailure(err) ?? err;
  });
  // testcontainers' reaper removes the container when this process dies; `docker rm -f` is faster.
  scope.defer('stop the Kong container', () => container.stop(), () => void spawnSync('docker', ['rm', '-f', container.id], { timeout: 10_000 }));
  const baseUrl = `https://localhost:${container.mappedPort(8443)}`;
  const serverCaPem = readFileSync(pki.caFile, 'utf8');
  await waitForHttps({ what: 'Kong in Docker', baseUrl, caPem: serverCaPem, identity: pki.partners.find((p) => !p.reservedFor)!, boundMs: o.readyMs ?? 60_000 });
  return new ControlledGateway({
    target: 'docker',
    driver: new DockerDriver(container, store, pki, policy, upstreams, backends),
    pki: { ...pki, serverCaPem },
    policy,
    baseUrl,
    oracle: 'kong-oss',
    consistency: { rejections: o.rejections, convergenceMs: o.convergenceMs },
  }).provisioned();
}
