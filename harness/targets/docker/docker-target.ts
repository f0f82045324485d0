// The docker target: the real Kong Gateway OSS 3.9 in one container (testcontainers), with the
// same declarative config as on kind, certificates from our own PKI, and the in-process echo
// backends reached through testcontainers' host port forwarding. The fastest way to run real Kong.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Policy } from '../../config/policy.ts';
import { signCrl, type RevokedEntry } from '../../pki/authority.ts';
import { KeyStore } from '../../pki/store.ts';
import { onInterrupt } from '../../run/interrupt.ts';
import type { ActionResult, AuditRecord, Identity, OnboardResult, ProvisionedTarget, TargetControl } from '../contract.ts';
import type { InvalidKind } from '../../pki/probe-mint.ts';
import { filterDiagnostics } from '../container/diagnostics.ts';
import { pushKongConfig } from '../kong/admin.ts';
import { buildKongConfig, type KongPartner } from '../kong/declarative.ts';
import { KONG_IMAGE, kongEnv } from '../kong/kong-env.ts';
import { startEchoBackend, type EchoBackend } from '../local/echo-backend.ts';
import { issuePartner, mintLocalPki, type LocalPki } from '../local/local-pki.ts';
import { observe, refused } from '../observe.ts';
import { waitForHttps } from '../ready.ts';
import type { ContainerRuntime, ContainerSpec, RunningContainer } from './runtime.ts';
import { OneAtATime } from '../one-at-a-time.ts';
import { linesForRequest } from '../nginx-log.ts';
import { targetFeatures } from '../features.ts';

/** Lines of Kong's log read to find one request: enough for the requests of a few cases. */
const LOG_TAIL = 2000;

const IN = { certDir: '/etc/kong-tls', crlFile: '/etc/kong-crl/crl.pem', declarativeFile: '/kong/kong.yml' } as const;

export interface DockerOptions {
  keep?: boolean;
  rejections: number;
  convergenceMs: number;
  /** Bound for Kong to answer through its mTLS listener. */
  readyMs?: number;
}

/** What the Kong container is started with: image, env, files (certs, CRL, config), ports. */
export function kongContainerSpec(pki: LocalPki, crlPem: string, kongYaml: string, backendPorts: number[]): ContainerSpec {
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
    exposedPorts: [8443, 8001, 8100],
    readyPath: { path: '/status/ready', port: 8100 },
    hostPorts: backendPorts,
  };
}

class DockerControl implements TargetControl {
  private readonly queue = new OneAtATime();
  private readonly revoked: RevokedEntry[] = [];

  constructor(
    private readonly c: RunningContainer,
    private readonly store: KeyStore,
    private readonly pki: LocalPki,
    private readonly partners: KongPartner[],
    private readonly config: () => ReturnType<typeof buildKongConfig>,
    private readonly policy: Policy,
    private readonly baseUrl: string,
    private readonly convergenceMs: number,
  ) {}


  private adminUrl(): string {
    return `http://127.0.0.1:${this.c.mappedPort(8001)}`;
  }

  private watch(name: string, done: (s: number | undefined) => boolean, what: string, appliedMs: number): Promise<ActionResult> {
    const identity = this.pki.partners.find((p) => p.name === name)!;
    return observe({ baseUrl: this.baseUrl, caPem: readFileSync(this.pki.caFile, 'utf8'), path: this.policy.routes.default, identity, done, convergenceMs: this.convergenceMs, what, appliedMs });
  }

  async revoke(name: string): Promise<ActionResult> {
    const t0 = Date.now();
    await this.queue.run(async () => {
      const serial = this.pki.serials.get(name);
      if (!serial) throw new Error(`unknown partner "${name}"`);
      this.revoked.push({ serialNumber: serial, revocationDate: new Date(Date.now() - 1000) });
      await this.c.copy([{ target: IN.crlFile, content: await signCrl(this.pki.ca, [...this.pki.preRevoked, ...this.revoked]) }]);
      const r = await this.c.exec(['kong', 'reload']);
      if (r.exitCode !== 0) throw new Error(`kong reload failed: ${r.output.trim().split('\n').pop()}`);
    });
    return { ...(await this.watch(name, refused, `${name}'s serial added to the CRL, kong reload`, Date.now() - t0)), restarted: false };
  }

  async offboard(name: string): Promise<ActionResult> {
    const t0 = Date.now();
    await this.queue.run(async () => {
      const p = this.partners.find((x) => x.name === name);
      if (!p) throw new Error(`unknown partner "${name}"`);
      p.allowed = false;
      await pushKongConfig(this.adminUrl(), this.config());
    });
    return { ...(await this.watch(name, (s) => s === 401, `${name} removed from the declarative config (POST /config)`, Date.now() - t0)), restarted: false };
  }

  onboard(name: string): Promise<OnboardResult> {
    return this.queue.run(async () => {
      const t0 = Date.now();
      const partner = await issuePartner(this.store, this.pki, { name, subject: { O: 'Onboarded Organization', OU: 'Integration Team', CN: name } });
      this.pki.partners.push(partner);
      this.partners.push({ name, subject: partner.subject, allowed: true });
      await pushKongConfig(this.adminUrl(), this.config());
      return { converged: true, waitedMs: Date.now() - t0, restarted: false, detail: `${name} issued a cert and added as a consumer (POST /config)`, partner };
    });
  }

  /** Kong's log lines of one request: its JSON access line and its connection's error lines. */
  mintProbe(kind: InvalidKind): Promise<Identity> {
    return this.pki.mint.mint(kind);
  }

  async discardProbe(name: string): Promise<void> {
    this.pki.mint.discard(name);
  }

  async gatewayLog(requestId: string): Promise<string[]> {
    return linesForRequest(requestId, (await this.c.logs(LOG_TAIL)).split('\n'));
  }

  async auditLog(): Promise<AuditRecord[]> {
    return [];
  }

  async diagnostics(): Promise<string> {
    return filterDiagnostics(await this.c.logs(200));
  }
}

export async function provisionDocker(policy: Policy, o: DockerOptions, runtime: ContainerRuntime): Promise<ProvisionedTarget> {
  const store = new KeyStore();
  const backends: EchoBackend[] = [];
  let container: RunningContainer | undefined;
  const stop = async (): Promise<void> => {
    if (container && !o.keep) await container.stop();
    await Promise.all(backends.map((b) => b.close()));
    store.remove();
  };
  // Ctrl-C while the image is pulled or Kong starts: testcontainers' reaper removes the container
  // when this process ends; the keys and the in-process backends are ours to remove.
  const forget = onInterrupt(() => store.remove());
  try {
    const pki = await mintLocalPki(store, policy);
    for (const v of Object.keys(policy.routes.versions)) backends.push(await startEchoBackend(v));
    const partners: KongPartner[] = pki.partners.map((p) => ({ name: p.name, subject: p.subject, allowed: true, ...(p.rateLimit ? { perMinute: p.rateLimit.perMinute } : {}) }));
    const upstreams = Object.fromEntries(backends.map((b) => [b.version, `http://${runtime.hostAlias}:${b.port}`]));
    const config = () => buildKongConfig({ partners, routes: policy.routes, upstreams });
    const { stringify } = await import('yaml');
    container = await runtime.start(kongContainerSpec(pki, await signCrl(pki.ca, pki.preRevoked), stringify(config()), backends.map((b) => b.port)));
    const baseUrl = `https://localhost:${container.mappedPort(8443)}`;
    const serverCaPem = readFileSync(pki.caFile, 'utf8');
    await waitForHttps({ what: 'Kong in Docker', baseUrl, caPem: serverCaPem, identity: pki.partners.find((p) => !p.reservedFor)!, boundMs: o.readyMs ?? 60_000 });
    const running = container;
    forget();
    return {
      info: {
        target: 'docker',
        baseUrl,
        serverCaPem,
        oracle: 'kong-oss',
        features: targetFeatures('docker', policy),
        partners: structuredClone(pki.partners),
        probes: pki.probes,
        routes: policy.routes,
        consistency: { rejections: o.rejections, convergenceMs: o.convergenceMs },
      },
      control: new DockerControl(running, store, pki, partners, config, policy, baseUrl, o.convergenceMs),
      teardown: stop,
      teardownSync: () => {
        // testcontainers' reaper removes the container when this process dies; this is faster.
        if (!o.keep) spawnSync('docker', ['rm', '-f', running.id], { timeout: 10_000 });
        store.remove();
      },
    };
  } catch (err) {
    forget();
    await stop().catch(() => undefined);
    throw err;
  }
}
