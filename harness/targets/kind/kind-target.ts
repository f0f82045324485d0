// The kind target: a kind cluster, cert-manager issuing the CA and every partner's cert, Kong OSS
// 3.9 DB-less with nginx-level mTLS, and two versioned backends, reached on 127.0.0.1. Built from
// the reference facts; it cannot run where there is no Docker engine, so its orchestration is
// tested with a recorded command runner and a fake Kubernetes API.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Policy } from '../../config/policy.ts';
import { KeyStore } from '../../pki/store.ts';
import { ownedTempDir } from '../../util/reaper.ts';
import type { Scope } from '../../util/scope.ts';
import { pollPastErrors } from '../../util/poll.ts';
import type { ProvisionedTarget } from '../../core/target.ts';
import { ControlledGateway } from '../../gateway/controlled-gateway.ts';
import { initialPartners } from '../../gateway/partners.ts';
import { lastLine, type CommandRunner } from '../container/runner.ts';
import { Kubectl } from './kubectl.ts';
import { collectDiagnostics } from './kind-diagnostics.ts';
import { kindClusterConfig, NODE_PORTS, type HostPorts } from './kind-config.ts';
import { KindDriver, kindConfigMap } from './kind-driver.ts';
import { loadKindPki } from './kind-pki.ts';
import { Steps } from './steps.ts';
import type { KubeApi } from './kube.ts';
import { backends, CERT_MANAGER_MANIFEST, crlSecret, gateway, NAMES, NAMESPACE, pki, type K8sObject } from './manifests.ts';

export interface KindOptions {
  /** Reuse this cluster instead of creating one (and never delete it). */
  cluster?: string;
  /** Keep the cluster this run created. */
  keep?: boolean;
  rejections: number;
  convergenceMs: number;
  /** Bound for each wait on the cluster (cert-manager, certificates, deployments). */
  waitMs?: number;
}

export interface KindDeps {
  runner: CommandRunner;
  kube: (kubeconfig: string) => KubeApi;
  hostPorts: (runner: CommandRunner, cluster: string | undefined) => Promise<HostPorts>;
  /** Proves the gateway answers through its real mTLS listener. */
  waitReady: (baseUrl: string, caPem: string, identity: { certFile: string; keyFile: string }) => Promise<void>;
}

export async function provisionKind(policy: Policy, scope: Scope, o: KindOptions, deps: KindDeps): Promise<ProvisionedTarget> {
  const { runner } = deps;
  const waitMs = o.waitMs ?? 180_000;
  const steps = new Steps();
  const store = new KeyStore();
  const scratch = ownedTempDir('kind');
  const removeFiles = (): void => {
    store.remove();
    rmSync(scratch, { recursive: true, force: true });
  };
  scope.defer('remove temp files', removeFiles, removeFiles);
  const name = o.cluster ?? `mtls-conformance-${randomBytes(3).toString('hex')}`;
  const kubectl = new Kubectl(runner, `kind-${name}`);
  try {
    const ports = await steps.step('choose host ports', () => deps.hostPorts(runner, o.cluster));
    if (!o.cluster) {
      const config = join(scratch, 'kind.yaml');
      writeFileSync(config, kindClusterConfig(ports));
      // Ctrl-C while the cluster comes up (minutes): delete it anyway.
      if (!o.keep) {
        scope.defer(
          `delete kind cluster ${name}`,
          async () => void (await runner.run('kind', ['delete', 'cluster', '--name', name])),
          () => void spawnSync('kind', ['delete', 'cluster', '--name', name], { stdio: 'ignore', timeout: 180_000 }),
        );
      }
      await steps.step(`create kind cluster ${name}`, async () => {
        const r = await runner.run('kind', ['create', 'cluster', '--name', name, '--config', config, '--wait', `${Math.round(waitMs / 1000)}s`]);
        if (r.code !== 0) throw new Error(lastLine(r));
      });
    }
    const kubeconfig = await steps.step('read the kubeconfig', async () => {
      const r = await runner.run('kind', ['get', 'kubeconfig', '--name', name]);
      if (r.code !== 0) throw new Error(lastLine(r));
      return r.stdout;
    });
    const kube = deps.kube(kubeconfig);
    await steps.step('install cert-manager', () => kubectl.run(['apply', '-f', CERT_MANAGER_MANIFEST]));
    // All three: the cainjector puts the webhook's CA bundle into its webhook configurations, and
    // until it has, the API server cannot call the webhook (cert-manager.yaml v1.21.1 deploys
    // cert-manager, cert-manager-cainjector and cert-manager-webhook).
    await steps.step('wait for cert-manager, its cainjector and its webhook', () =>
      kubectl.run(['-n', 'cert-manager', 'wait', '--for=condition=Available', 'deployment/cert-manager-webhook', 'deployment/cert-manager-cainjector', 'deployment/cert-manager', `--timeout=${Math.round(waitMs / 1000)}s`]),
    );
    const partners = policy.partners.map((p) => ({ name: p.name, subject: p.subject }));
    // Available is not yet injected: the first apply may be refused ("x509: certificate signed by
    // unknown authority") until the CA bundle is in place. Poll the apply itself, within the wait budget.
    await steps.step('issue the CA, the gateway cert and the partner certs', () => applyUntilAccepted(kubectl, pki(partners), waitMs));
    const certNames = [NAMES.caCert, NAMES.serverCert, ...partners.map((p) => `partner-${p.name}`)];
    await steps.step('wait for the certificates to be Ready', () => waitAll(certNames, async (n) => (await kube.certificateReady(n)).ready, waitMs));
    const kpki = await steps.step('read the certificates from their Secrets', () => loadKindPki(kube, store, policy));
    await steps.step('publish an empty CRL', () => kubectl.apply([crlSecret(kpki.crlPem)]));
    const baseUrl = `https://localhost:${ports.proxy}`;
    const driver = new KindDriver({ kubectl, kube, store, policy, adminUrl: `http://127.0.0.1:${ports.admin}`, convergenceMs: o.convergenceMs });
    const versions = Object.keys(policy.routes.versions);
    await steps.step('deploy Kong and the backends', () => kubectl.apply([...backends(versions), kindConfigMap(initialPartners(kpki.partners), policy), ...gateway()]));
    if (o.cluster) {
      // A reused cluster's Kong still runs with the last run's state: the CRL it loaded (the last
      // run's revocations, and a nextUpdate that may have passed: every client then fails with "CRL
      // has expired") and the partner table it was last pushed. Re-applying an unchanged Deployment
      // starts no new pod; a restart does, and its init container seeds this run's CRL and table.
      await steps.step("restart Kong with this run's CRL and partner table", async () => {
        await kubectl.run(['-n', NAMESPACE, 'rollout', 'restart', `deployment/${NAMES.kong}`]);
        await kubectl.run(['-n', NAMESPACE, 'rollout', 'status', `deployment/${NAMES.kong}`, `--timeout=${Math.round(waitMs / 1000)}s`]);
      });
    }
    await steps.step('wait for Kong and the backends', () => waitAll([NAMES.kong, ...versions.map((v) => `consumer-${v}`)], (d) => kube.deploymentAvailable(d), waitMs));
    const regular = kpki.partners.find((p) => !p.reservedFor)!;
    await steps.step('wait for Kong to answer through its mTLS listener', () => deps.waitReady(baseUrl, kpki.serverCaPem, regular));
    // What cert-lifecycle holds to the guide's renewal rule: cert-manager's own settings and status.
    const certificates = await steps.step('read the Certificates\' renewal settings', () => Promise.all([NAMES.serverCert, ...policy.partners.map((p) => `partner-${p.name}`)].map((n) => kube.certificateRenewal(n))));
    return new ControlledGateway({
      certificates,
      target: 'kind',
      driver,
      pki: kpki,
      policy,
      baseUrl,
      oracle: 'kong-oss',
      consistency: { rejections: o.rejections, convergenceMs: o.convergenceMs },
    }).provisioned();
  } catch (err) {
    // What the cluster said, kept next to the reports; the runner's scope undoes what was set up.
    const diagnostics = await collectDiagnostics(kubectl).catch(() => '');
    throw Object.assign(err instanceof Error ? err : new Error(String(err)), { diagnostics });
  }
}

async function applyUntilAccepted(kubectl: Kubectl, objects: K8sObject[], waitMs: number): Promise<void> {
  const { value: ok, lastError } = await pollPastErrors(async () => (await kubectl.apply(objects), true), waitMs, 250, 2000);
  if (!ok) throw new Error(`cert-manager's webhook still refused after ${Math.round(waitMs / 1000)} s: ${lastError ?? ''}`);
}

/** Polls until every name is ready; an API error in one poll is retried within the window, and said if it was the last word. */
async function waitAll(names: string[], ready: (name: string) => Promise<boolean>, waitMs: number): Promise<void> {
  const pending = new Set(names);
  const { lastError } = await pollPastErrors(async () => {
    for (const n of [...pending]) if (await ready(n)) pending.delete(n);
    return pending.size === 0 ? true : undefined;
  }, waitMs, 100, 1000);
  if (pending.size > 0) throw new Error(`not ready after ${Math.round(waitMs / 1000)} s: ${[...pending].join(', ')}${lastError ? ` (the last poll failed: ${lastError})` : ''}`);
}

export { NODE_PORTS, NAMESPACE };
