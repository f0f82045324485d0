// How the kind target's Kong puts a change in force: a CRL signed with cert-manager's CA key goes
// into the CRL Secret, and once the kubelet synced the file into the pod, `kong reload`; a new
// partner table goes to the running Kong (DB-less POST /config) and to its ConfigMap; new partners
// get a cert-manager Certificate; the seed's documented revocation deletes Certificate and Secret.
import { createHash } from 'node:crypto';
import type { Policy } from '../../config/policy.ts';
import type { Feature } from '../../contract/target.ts';
import type { Applied, GatewayDriver, Issued } from '../../gateway/controlled-gateway.ts';
import type { GatewayPartner } from '../../gateway/partners.ts';
import type { KeyStore } from '../../pki/store.ts';
import type { Subject } from '../../pki/subject.ts';
import { pollUntil } from '../../util/poll.ts';
import { pushKongConfig } from '../kong/admin.ts';
import { buildKongConfig, type KongConfig } from '../kong/declarative.ts';
import { linesForRequest } from '../nginx-log.ts';
import { collectDiagnostics } from './kind-diagnostics.ts';
import { readPartner } from './kind-pki.ts';
import type { KubeApi } from './kube.ts';
import type { Kubectl } from './kubectl.ts';
import { crlSecret, kongConfigMap, NAMESPACE, partnerCertificate, partnerSecretName, upstreamUrl, type K8sObject } from './manifests.ts';

export interface KindDriverDeps {
  kubectl: Kubectl;
  kube: KubeApi;
  store: KeyStore;
  policy: Policy;
  adminUrl: string;
  convergenceMs: number;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Kong's declarative config for a partner table, with the backends' in-cluster Services. */
function kindKongConfig(partners: readonly GatewayPartner[], policy: Policy): KongConfig {
  const upstreams = Object.fromEntries(Object.keys(policy.routes.versions).map((v) => [v, upstreamUrl(v)]));
  return buildKongConfig({ partners: [...partners], routes: policy.routes, upstreams });
}

/** Kong's ConfigMap for a partner table: what Kong loads when its pod (re)starts. */
export function kindConfigMap(partners: readonly GatewayPartner[], policy: Policy): K8sObject {
  return kongConfigMap(kindKongConfig(partners, policy));
}

export class KindDriver implements GatewayDriver {
  readonly features: readonly Feature[] = ['identity-headers'];

  constructor(private readonly d: KindDriverDeps) {}

  async applyCrl(crlPem: string): Promise<Applied> {
    const how = 'CRL Secret updated, kubelet sync, kong reload';
    await this.d.kubectl.apply([crlSecret(crlPem)]);
    // The kubelet syncs a changed Secret into the pod after a while; nginx reads ssl_crl only at reload.
    const synced = await pollUntil(async () => {
      const inPod = await this.d.kubectl.run(['-n', NAMESPACE, 'exec', 'deployment/kong', '--', 'cat', '/etc/kong-crl/crl.pem']);
      return sha256(inPod.trim()) === sha256(crlPem.trim()) ? true : undefined;
    }, this.d.convergenceMs, 1000);
    if (!synced) return { how, failed: `the new CRL did not reach the Kong pod within ${this.d.convergenceMs} ms` };
    await this.d.kubectl.run(['-n', NAMESPACE, 'exec', 'deployment/kong', '--', 'kong', 'reload']);
    return { how };
  }

  /** DB-less: the new table goes to the running Kong (POST /config) and to its ConfigMap (for restarts). */
  async applyPartners(partners: readonly GatewayPartner[]): Promise<Applied> {
    const config = kindKongConfig(partners, this.d.policy);
    await this.d.kubectl.apply([kongConfigMap(config)]);
    await pushKongConfig(this.d.adminUrl, config);
    return { how: 'declarative config pushed (POST /config) and its ConfigMap updated' };
  }

  async issue(name: string, subject: Subject): Promise<Issued> {
    await this.d.kubectl.apply([partnerCertificate(name, subject)]);
    const ready = await pollUntil(async () => ((await this.d.kube.certificateReady(`partner-${name}`)).ready ? true : undefined), this.d.convergenceMs, 1000);
    if (!ready) throw new Error(`cert-manager did not issue ${name}'s certificate within ${this.d.convergenceMs} ms`);
    const { files, serial, subject: dn } = await readPartner(this.d.kube, this.d.store, name);
    return { partner: { name, subject: dn, ...files }, serial, by: `cert-manager (Certificate partner-${name})` };
  }

  async seedRevocation(name: string): Promise<string> {
    await this.d.kubectl.run(['-n', NAMESPACE, 'delete', 'certificate', `partner-${name}`, '--wait=true']);
    await this.d.kubectl.run(['-n', NAMESPACE, 'delete', 'secret', partnerSecretName(name), '--ignore-not-found']);
    return `Certificate partner-${name} and Secret ${partnerSecretName(name)} deleted`;
  }

  /** Kong's log lines of one request: its JSON access line and its connection's error lines. */
  async gatewayLog(requestId: string): Promise<string[]> {
    const log = await this.d.kubectl.run(['-n', NAMESPACE, 'logs', 'deployment/kong', '--tail=2000']);
    return linesForRequest(requestId, log.split('\n'));
  }

  diagnostics(): Promise<string> {
    return collectDiagnostics(this.d.kubectl);
  }
}
