// How the kind target's Kong puts a change in force: a CRL signed with cert-manager's CA key is
// written into the pod's live files (and its Secret, for a restarted pod), then `kong reload`; a
// new partner table goes to the live declarative file (and its ConfigMap), then to the running Kong
// (DB-less POST /config), so that a later reload keeps it; new partners get a cert-manager
// Certificate; the guide's documented revocation deletes Certificate and Secret.
import { createHash } from 'node:crypto';
import { policyPromises, type Policy } from '../../config/policy.ts';
import type { Feature } from '../../core/target.ts';
import type { Applied, CsrIssued, GatewayDriver, Issued } from '../../gateway/controlled-gateway.ts';
import type { GatewayPartner } from '../../gateway/partners.ts';
import type { KeyStore } from '../../pki/store.ts';
import { checkedCsr } from '../../pki/sign-csr.ts';
import { x509 } from '../../pki/x509.ts';
import type { Subject } from '../../pki/subject.ts';
import { pollPastErrors } from '../../util/poll.ts';
import { pushKongConfig } from '../kong/admin.ts';
import { buildKongConfig, declarativeYaml, type KongConfig } from '../kong/declarative.ts';
import { linesForRequest } from '../nginx-log.ts';
import { collectDiagnostics } from './kind-diagnostics.ts';
import { readPartner } from './kind-pki.ts';
import type { KubeApi } from './kube.ts';
import type { Kubectl } from './kubectl.ts';
import { crlSecret, kongConfigMap, LIVE, NAMESPACE, partnerCertificate, partnerCertificateRequest, partnerSecretName, upstreamUrl, type K8sObject } from './manifests.ts';

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
export function kindKongConfig(partners: readonly GatewayPartner[], policy: Policy): KongConfig {
  const upstreams = Object.fromEntries(Object.keys(policy.routes.versions).map((v) => [v, upstreamUrl(v)]));
  return buildKongConfig({ partners: [...partners], routes: policy.routes, upstreams, ...policyPromises(policy) });
}

/** Kong's ConfigMap for a partner table: what Kong loads when its pod (re)starts. */
export function kindConfigMap(partners: readonly GatewayPartner[], policy: Policy): K8sObject {
  return kongConfigMap(kindKongConfig(partners, policy));
}

export class KindDriver implements GatewayDriver {
  readonly features: readonly Feature[] = ['identity-headers', 'request-transform', 'cache'];

  constructor(private readonly d: KindDriverDeps) {}

  /**
   * Write a file of the pod's live dir (LIVE), in force at once: a mounted Secret or ConfigMap would
   * reach the pod only after the kubelet's sync (about a minute). Written whole, then moved into
   * place, and read back.
   */
  private async writeLive(file: string, content: string): Promise<string | undefined> {
    await this.d.kubectl.run(['-n', NAMESPACE, 'exec', '-i', 'deployment/kong', '-c', 'kong', '--', 'sh', '-c', `cat > ${file}.new && mv ${file}.new ${file}`], content);
    const inPod = await this.d.kubectl.run(['-n', NAMESPACE, 'exec', 'deployment/kong', '-c', 'kong', '--', 'cat', file]);
    return sha256(inPod.trim()) === sha256(content.trim()) ? undefined : `${file} in the Kong pod does not hold what was written`;
  }

  async applyCrl(crlPem: string): Promise<Applied> {
    const how = 'CRL written into the Kong pod (and its Secret), kong reload';
    await this.d.kubectl.apply([crlSecret(crlPem)]);
    const wrong = await this.writeLive(LIVE.crlFile, crlPem);
    if (wrong) return { how, failed: wrong };
    // nginx reads ssl_crl only at (re)load.
    await this.d.kubectl.run(['-n', NAMESPACE, 'exec', 'deployment/kong', '-c', 'kong', '--', 'kong', 'reload']);
    return { how };
  }

  /** DB-less: the table goes to the file Kong reloads from (and its ConfigMap), then to the running Kong. */
  async applyPartners(partners: readonly GatewayPartner[]): Promise<Applied> {
    const how = 'declarative config written into the Kong pod (and its ConfigMap), then pushed (POST /config)';
    const config = kindKongConfig(partners, this.d.policy);
    await this.d.kubectl.apply([kongConfigMap(config)]);
    const wrong = await this.writeLive(LIVE.declarativeFile, declarativeYaml(config));
    if (wrong) return { how, failed: wrong };
    await pushKongConfig(this.d.adminUrl, config);
    return { how };
  }

  // Polled from 100 ms up to once a second: cert-manager issues in about a second, which a fixed
  // one-second pause turned into up to two.
  async issue(name: string, subject: Subject): Promise<Issued> {
    await this.d.kubectl.apply([partnerCertificate(name, subject)]);
    const { value: ready, lastError } = await pollPastErrors(async () => ((await this.d.kube.certificateReady(`partner-${name}`)).ready ? true : undefined), this.d.convergenceMs, 100, 1000);
    if (!ready) throw new Error(`cert-manager did not issue ${name}'s certificate within ${this.d.convergenceMs} ms${lastError ? ` (the last poll failed: ${lastError})` : ''}`);
    const { files, serial, subject: dn } = await readPartner(this.d.kube, this.d.store, name);
    return { partner: { name, subject: dn, ...files }, serial, by: `cert-manager (Certificate partner-${name})` };
  }

  /** Option A: the partner's CSR goes to cert-manager as a CertificateRequest; only the certificate comes back. */
  async issueFromCsr(name: string, subject: Subject, csrPem: string): Promise<CsrIssued> {
    await checkedCsr(csrPem, subject);
    await this.d.kubectl.apply([partnerCertificateRequest(name, csrPem)]);
    let last = 'not polled';
    const { value: certPem, lastError } = await pollPastErrors(async () => {
      const cr = await this.d.kube.certificateRequest(`partner-${name}-csr`);
      last = cr.message;
      return cr.ready ? cr.certificate : undefined;
    }, this.d.convergenceMs, 100, 1000);
    if (!certPem) throw new Error(`cert-manager did not sign ${name}'s CSR within ${this.d.convergenceMs} ms: ${lastError ?? last}`);
    return { certPem, serial: new x509.X509Certificate(certPem).serialNumber, by: `cert-manager (CertificateRequest partner-${name}-csr)`, wrote: [] };
  }

  async revokeByDeletion(name: string): Promise<string> {
    await this.d.kubectl.run(['-n', NAMESPACE, 'delete', 'certificate', `partner-${name}`, '--wait=true']);
    await this.d.kubectl.run(['-n', NAMESPACE, 'delete', 'secret', partnerSecretName(name), '--ignore-not-found']);
    return `Certificate partner-${name} and Secret ${partnerSecretName(name)} deleted`;
  }

  /** Kong's log lines of one request: its JSON access line and its connection's error lines. */
  async gatewayLog(requestId: string): Promise<string[]> {
    const log = await this.d.kubectl.run(['-n', NAMESPACE, 'logs', 'deployment/kong', '-c', 'kong', '--tail=2000']);
    return linesForRequest(requestId, log.split('\n'));
  }

  diagnostics(): Promise<string> {
    return collectDiagnostics(this.d.kubectl);
  }
}
