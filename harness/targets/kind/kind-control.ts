// Control actions on kind: revoke (a CRL signed with cert-manager's CA key, put in the CRL Secret,
// `kong reload` once the kubelet synced the file), offboard and onboard (POST /config to Kong's
// Admin API, DB-less), and the seed's documented revocation (delete Certificate + Secret).
import { createHash } from 'node:crypto';
import type { Policy } from '../../config/policy.ts';
import { signCrl, type RevokedEntry } from '../../pki/authority.ts';
import type { KeyStore } from '../../pki/store.ts';
import { pollUntil } from '../../util/poll.ts';
import type { ActionResult, AuditRecord, Identity, OnboardResult, TargetControl } from '../contract.ts';
import type { InvalidKind } from '../../pki/probe-mint.ts';
import { pushKongConfig } from '../kong/admin.ts';
import { buildKongConfig, type KongPartner } from '../kong/declarative.ts';
import { observe, refused } from '../observe.ts';
import { collectDiagnostics } from './kind-diagnostics.ts';
import type { KindPki } from './kind-pki.ts';
import { readPartner } from './kind-pki.ts';
import type { Kubectl } from './kind-target.ts';
import type { KubeApi } from './kube.ts';
import { crlSecret, kongConfigMap, NAMESPACE, partnerCertificate, partnerSecretName, upstreamUrl, type K8sObject } from './manifests.ts';
import { OneAtATime } from '../one-at-a-time.ts';
import { linesForRequest } from '../nginx-log.ts';

export interface KindControlDeps {
  kubectl: Kubectl;
  kube: KubeApi;
  store: KeyStore;
  pki: KindPki;
  policy: Policy;
  baseUrl: string;
  adminUrl: string;
  convergenceMs: number;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export class KindControl implements TargetControl {
  private readonly queue = new OneAtATime();
  private readonly revoked: RevokedEntry[] = [];
  private readonly partners: KongPartner[];

  constructor(private readonly d: KindControlDeps) {
    this.partners = d.pki.partners.map((p) => ({ name: p.name, subject: p.subject, allowed: true, ...(p.rateLimit ? { perMinute: p.rateLimit.perMinute } : {}) }));
  }


  private kongConfig() {
    const upstreams = Object.fromEntries(Object.keys(this.d.policy.routes.versions).map((v) => [v, upstreamUrl(v)]));
    return buildKongConfig({ partners: this.partners, routes: this.d.policy.routes, upstreams });
  }

  configMap(): K8sObject {
    return kongConfigMap(this.kongConfig());
  }

  /** DB-less: the new config goes to the running Kong (POST /config) and to its ConfigMap (for restarts). */
  private async pushConfig(): Promise<number> {
    const t0 = Date.now();
    await this.d.kubectl.apply([this.configMap()]);
    await pushKongConfig(this.d.adminUrl, this.kongConfig());
    return Date.now() - t0;
  }

  private watch(name: string, done: (s: number | undefined) => boolean, what: string, appliedMs: number): Promise<ActionResult> {
    const identity = this.d.pki.partners.find((p) => p.name === name)!;
    return observe({ baseUrl: this.d.baseUrl, caPem: this.d.pki.serverCaPem, path: this.d.policy.routes.default, identity, done, convergenceMs: this.d.convergenceMs, what, appliedMs });
  }

  private partner(name: string): KongPartner {
    const p = this.partners.find((x) => x.name === name);
    if (!p) throw new Error(`unknown partner "${name}"`);
    return p;
  }

  async revoke(name: string): Promise<ActionResult> {
    const t0 = Date.now();
    const applied = await this.queue.run(async (): Promise<ActionResult | undefined> => {
      this.partner(name);
      this.revoked.push({ serialNumber: this.d.pki.serials.get(name)!, revocationDate: new Date(Date.now() - 1000) });
      const crl = await signCrl(this.d.pki.ca, this.revoked);
      await this.d.kubectl.apply([crlSecret(crl)]);
      // The kubelet syncs a changed Secret into the pod after a while; nginx reads ssl_crl only at reload.
      const synced = await pollUntil(async () => {
        const inPod = await this.d.kubectl.run(['-n', NAMESPACE, 'exec', 'deployment/kong', '--', 'cat', '/etc/kong-crl/crl.pem']);
        return sha256(inPod.trim()) === sha256(crl.trim()) ? true : undefined;
      }, this.d.convergenceMs, 1000);
      if (!synced) return { converged: false, waitedMs: Date.now() - t0, detail: `the new CRL did not reach the Kong pod within ${this.d.convergenceMs} ms` };
      await this.d.kubectl.run(['-n', NAMESPACE, 'exec', 'deployment/kong', '--', 'kong', 'reload']);
      return undefined;
    });
    if (applied) return applied;
    return { ...(await this.watch(name, refused, `${name}'s serial added to the CRL Secret, kong reload`, Date.now() - t0)), restarted: false };
  }

  async offboard(name: string): Promise<ActionResult> {
    const ms = await this.queue.run(async () => {
      this.partner(name).allowed = false;
      return this.pushConfig();
    });
    return { ...(await this.watch(name, (s) => s === 401, `${name} removed from the declarative config (POST /config)`, ms)), restarted: false };
  }

  onboard(name: string): Promise<OnboardResult> {
    return this.queue.run(async () => {
      const t0 = Date.now();
      const subject = { O: 'Onboarded Organization', OU: 'Integration Team', CN: name };
      await this.d.kubectl.apply([partnerCertificate(name, subject)]);
      const ready = await pollUntil(async () => ((await this.d.kube.certificateReady(`partner-${name}`)).ready ? true : undefined), this.d.convergenceMs, 1000);
      if (!ready) throw new Error(`cert-manager did not issue ${name}'s certificate within ${this.d.convergenceMs} ms`);
      const { files, serial, subject: dn } = await readPartner(this.d.kube, this.d.store, name);
      const partner = { name, subject: dn, ...files };
      this.d.pki.partners.push(partner);
      this.d.pki.serials.set(name, serial);
      this.partners.push({ name, subject: dn, allowed: true });
      await this.pushConfig();
      return { converged: true, waitedMs: Date.now() - t0, restarted: false, detail: `Certificate partner-${name} issued by cert-manager, consumer added (POST /config)`, partner };
    });
  }

  async seedRevocation(name: string): Promise<ActionResult> {
    const t0 = Date.now();
    await this.queue.run(async () => {
      await this.d.kubectl.run(['-n', NAMESPACE, 'delete', 'certificate', `partner-${name}`, '--wait=true']);
      await this.d.kubectl.run(['-n', NAMESPACE, 'delete', 'secret', partnerSecretName(name), '--ignore-not-found']);
    });
    return this.watch(name, refused, `the seed's procedure: Certificate partner-${name} and Secret ${partnerSecretName(name)} deleted`, Date.now() - t0);
  }

  /** Kong's log lines of one request: its JSON access line and its connection's error lines. */
  mintProbe(kind: InvalidKind): Promise<Identity> {
    return this.d.pki.mint.mint(kind);
  }

  async discardProbe(name: string): Promise<void> {
    this.d.pki.mint.discard(name);
  }

  async gatewayLog(requestId: string): Promise<string[]> {
    const log = await this.d.kubectl.run(['-n', NAMESPACE, 'logs', 'deployment/kong', '--tail=2000']);
    return linesForRequest(requestId, log.split('\n'));
  }

  async auditLog(): Promise<AuditRecord[]> {
    return [];
  }

  diagnostics(): Promise<string> {
    return collectDiagnostics(this.d.kubectl);
  }
}
