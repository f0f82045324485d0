// A gateway the harness runs and changes (local, docker, kind): one owner for its partner table,
// its CRL, the one-at-a-time queue of changes, the control actions with their observation, its
// features and its TargetInfo. A target supplies only a driver: how to put a CRL or a partner table
// in force on its gateway, how to issue a new partner a cert, and where its logs are.
import type { Policy } from '../config/policy.ts';
import { declaredFeatures } from '../core/features.ts';
import type { ActionResult, AuditRecord, BackendState, CsrOnboardResult, Feature, Identity, OnboardResult, PartnerInfo, ProvisionedTarget, TargetControl, TargetInfo } from '../core/target.ts';
import type { Authority, RevokedEntry } from '../pki/authority.ts';
import type { ProbeMint } from '../identities/probe-mint.ts';
import { rfc2253, type Subject } from '../pki/subject.ts';
import { observe, refused } from './observe.ts';
import { OneAtATime } from './one-at-a-time.ts';
import { initialPartners, type GatewayPartner } from './partners.ts';

/** What putting a change in force did: how (for the report), and whether it failed or restarted the gateway. */
export interface Applied {
  how: string;
  restarted?: boolean;
  /** Why the change could not be put in force (it is then not observed). */
  failed?: string;
}

export interface Issued {
  partner: PartnerInfo;
  serial: string;
  /** Who issued it, for the report ("the run's CA", "cert-manager"). */
  by: string;
}

export interface GatewayDriver {
  /** What the gateway itself does beyond the control actions (e.g. identity-headers). */
  readonly features: readonly Feature[];
  /**
   * The driver may be handed a change while it puts an earlier one in force: it puts those handed
   * over meanwhile in force together, after it (the local gateway: one nginx reload for them all).
   * Otherwise each change is put in force before the next is made.
   */
  readonly appliesTogether?: boolean;
  applyCrl(crlPem: string): Promise<Applied>;
  applyPartners(partners: readonly GatewayPartner[]): Promise<Applied>;
  issue(name: string, subject: Subject): Promise<Issued>;
  /** The gateway's log lines for one request (feature gateway-log). */
  gatewayLog?(requestId: string): Promise<string[]>;
  /** The gateway's audit records for one request (feature audit-log). */
  auditLog?(requestId: string): Promise<AuditRecord[]>;
  /** Text that helps find why a case failed; filtered of key material. */
  diagnostics(): Promise<string>;
  /** The guide's documented revocation (cert-manager targets): what it did. */
  revokeByDeletion?(partner: string): Promise<string>;
  /** Put one version's backend in a state (feature backend-outage). */
  setBackend?(version: string, state: BackendState): Promise<Applied>;
  /** Sign a partner's CSR for `subject` (throws CsrRefused with the reason): feature onboard-csr. */
  issueFromCsr?(name: string, subject: Subject, csrPem: string): Promise<CsrIssued>;
}

/** A cert issued from a partner's CSR: no key on this side, ever. */
export interface CsrIssued {
  certPem: string;
  serial: string;
  by: string;
  /** The files written on the Home Party's side. */
  wrote: string[];
}

/** The PKI a controlled gateway trusts, as provisioning made or read it. */
export interface GatewayPki {
  /** The CA that issues partners (for the record; revocations go through `crl`). */
  ca: Authority;
  /** The gateway's CRL file for these revocations (every CA's CRL it needs). */
  crl(entries: readonly RevokedEntry[]): Promise<string>;
  serverCaPem: string;
  partners: PartnerInfo[];
  serials: Map<string, string>;
  /** On the CRL from the start (a pre-revoked probe), when the target mints one. */
  preRevoked: RevokedEntry[];
  probes: TargetInfo['probes'];
  mint: ProbeMint;
}

export interface ControlledGatewayOptions {
  target: string;
  driver: GatewayDriver;
  pki: GatewayPki;
  policy: Policy;
  baseUrl: string;
  oracle: TargetInfo['oracle'];
  consistency: TargetInfo['consistency'];
  /** cert-manager targets: the leaf Certificates' renewal settings, as read from the cluster. */
  certificates?: TargetInfo['certificates'];
}

const ONBOARDED = (name: string): Subject => ({ O: 'Onboarded Organization', OU: 'Integration Team', CN: name });

/** A change the caller observes itself (onboarding, a backend's state): what was done, how long it took, whether it failed. */
function reported(applied: Applied, t0: number, what: string): ActionResult {
  const waitedMs = Date.now() - t0;
  return { converged: !applied.failed, waitedMs, restarted: applied.restarted ?? false, detail: `${what} in ${waitedMs} ms${applied.failed ? `: ${applied.failed}` : ''}` };
}

export class ControlledGateway {
  private readonly queue = new OneAtATime();
  private readonly revoked: RevokedEntry[] = [];
  private readonly partners: GatewayPartner[];
  private readonly driver: GatewayDriver;

  constructor(private readonly o: ControlledGatewayOptions) {
    this.driver = o.driver;
    this.partners = initialPartners(o.pki.partners);
  }

  /** What this gateway can do: the control actions, what its driver offers, what the policy declares. */
  features(): Feature[] {
    const d = this.driver;
    const can: Feature[] = [...d.features, 'revoke', 'offboard', 'onboard', 'mint-invalid-validity'];
    if (d.gatewayLog) can.push('gateway-log');
    if (d.auditLog) can.push('audit-log');
    if (d.revokeByDeletion) can.push('cert-manager');
    if (d.setBackend) can.push('backend-outage');
    if (d.issueFromCsr) can.push('onboard-csr');
    return declaredFeatures(can, this.o.policy);
  }

  private serial(name: string): string {
    const serial = this.o.pki.serials.get(name);
    if (!serial || !this.partners.some((p) => p.name === name)) throw new Error(`unknown partner "${name}"`);
    return serial;
  }

  /**
   * Make a change (one at a time, in the order asked) and put it in force: before the next change
   * is made, unless the driver puts changes in force together; then the next may be made meanwhile.
   */
  private async change<T>(make: () => Promise<{ applying: Promise<Applied> } & T>): Promise<{ applied: Applied } & T> {
    const made = await this.queue.run(async () => {
      const m = await make();
      // Handled here, awaited below: a failure is the caller's, not an unhandled rejection meanwhile.
      const settled = m.applying.catch(() => undefined);
      if (!this.driver.appliesTogether) await settled;
      return m;
    });
    const { applying, ...rest } = made;
    return { ...(rest as T), applied: await applying };
  }

  /** After a change was applied (or failed to be): observe it through the real mTLS listener. */
  private async observed(name: string, applied: Applied, t0: number, what: string, done: (s: number | undefined) => boolean): Promise<ActionResult> {
    const restarted = applied.restarted ?? false;
    if (applied.failed) return { converged: false, waitedMs: Date.now() - t0, restarted, detail: `${what} (${applied.how}): ${applied.failed}` };
    const identity = this.o.pki.partners.find((p) => p.name === name)!;
    const result = await observe({
      baseUrl: this.o.baseUrl,
      caPem: this.o.pki.serverCaPem,
      path: this.o.policy.routes.default,
      identity,
      done,
      convergenceMs: this.o.consistency.convergenceMs,
      what: `${what} (${applied.how})`,
      appliedMs: Date.now() - t0,
    });
    return { ...result, restarted };
  }

  async revoke(name: string): Promise<ActionResult> {
    const t0 = Date.now();
    const serial = this.serial(name);
    const { applied } = await this.change(async () => {
      this.revoked.push({ serialNumber: serial, revocationDate: new Date(Date.now() - 1000) });
      return { applying: this.driver.applyCrl(await this.o.pki.crl([...this.o.pki.preRevoked, ...this.revoked])) };
    });
    return this.observed(name, applied, t0, `serial ${serial.toUpperCase()} added to the CRL`, refused);
  }

  async offboard(name: string): Promise<ActionResult> {
    const t0 = Date.now();
    this.serial(name);
    const { applied } = await this.change(async () => {
      this.partners.find((p) => p.name === name)!.allowed = false;
      return { applying: this.driver.applyPartners(this.partners) };
    });
    return this.observed(name, applied, t0, `${name} removed from the allowlist`, (s) => s === 401);
  }

  async onboard(name: string): Promise<OnboardResult> {
    const t0 = Date.now();
    const { applied, issued } = await this.change(async () => {
      if (this.partners.some((p) => p.name === name)) throw new Error(`partner "${name}" already exists`);
      const issued = await this.driver.issue(name, ONBOARDED(name));
      this.o.pki.partners.push(issued.partner);
      this.o.pki.serials.set(name, issued.serial);
      this.partners.push({ name, subject: issued.partner.subject, allowed: true, onboarded: true });
      return { applying: this.driver.applyPartners(this.partners), issued };
    });
    // The demo polls for acceptance itself; the action only reports what it changed.
    return { ...reported(applied, t0, `${name} issued a cert by ${issued.by} and added to the allowlist (${applied.how})`), partner: issued.partner };
  }

  /** Option A: the partner's own key stays with it; only its CSR came, only a cert goes back. */
  async onboardCsr(name: string, csrPem: string): Promise<CsrOnboardResult> {
    const t0 = Date.now();
    const subject = ONBOARDED(name);
    const { applied, issued } = await this.change(async () => {
      if (this.partners.some((p) => p.name === name)) throw new Error(`partner "${name}" already exists`);
      const issued = await this.driver.issueFromCsr!(name, subject, csrPem);
      this.o.pki.serials.set(name, issued.serial);
      this.partners.push({ name, subject: rfc2253(subject), allowed: true, onboarded: true });
      return { applying: this.driver.applyPartners(this.partners), issued };
    });
    return { ...reported(applied, t0, `${name}'s CSR signed by ${issued.by}, ${name} added to the allowlist (${applied.how})`), certPem: issued.certPem, subject: rfc2253(subject), wrote: issued.wrote };
  }

  private async revokeByDeletion(name: string): Promise<ActionResult> {
    const t0 = Date.now();
    this.serial(name);
    const how = await this.queue.run(() => this.driver.revokeByDeletion!(name));
    return this.observed(name, { how }, t0, "the guide's procedure", refused);
  }

  /** The demo that put a backend in this state judges what the gateway makes of it; this only reports the change. */
  private async setBackend(version: string, state: BackendState): Promise<ActionResult> {
    const t0 = Date.now();
    if (!this.o.policy.routes.versions[version]) throw new Error(`unknown version "${version}"`);
    const applied = await this.queue.run(() => this.driver.setBackend!(version, state));
    return reported(applied, t0, applied.how);
  }

  /** The control actions the suites call. */
  control(): TargetControl {
    const d = this.driver;
    const mint = this.o.pki.mint;
    return {
      revoke: (n) => this.revoke(n),
      offboard: (n) => this.offboard(n),
      onboard: (n) => this.onboard(n),
      gatewayLog: (id) => (d.gatewayLog ? d.gatewayLog(id) : Promise.resolve([])),
      auditLog: (id) => (d.auditLog ? d.auditLog(id) : Promise.resolve([])),
      diagnostics: () => d.diagnostics(),
      mintProbe: (kind): Promise<Identity> => mint.mint(kind),
      discardProbe: async (n) => mint.discard(n),
      ...(d.revokeByDeletion ? { revokeByDeletion: (n: string) => this.revokeByDeletion(n) } : {}),
      ...(d.setBackend ? { setBackend: (v: string, s: BackendState) => this.setBackend(v, s) } : {}),
      ...(d.issueFromCsr ? { onboardCsr: (n: string, csr: string) => this.onboardCsr(n, csr) } : {}),
    };
  }

  info(): TargetInfo {
    const o = this.o;
    return {
      target: o.target,
      baseUrl: o.baseUrl,
      serverCaPem: o.pki.serverCaPem,
      oracle: o.oracle,
      features: this.features(),
      // A copy: partners onboarded later belong to the onboarding demo, not to every demo.
      partners: structuredClone(o.pki.partners),
      probes: o.pki.probes,
      routes: o.policy.routes,
      ...(o.policy.requestHeaders ? { requestHeaders: o.policy.requestHeaders } : {}),
      ...(o.policy.upstream ? { upstream: o.policy.upstream } : {}),
      ...(o.policy.cache ? { cache: o.policy.cache } : {}),
      consistency: o.consistency,
      ...(o.certificates ? { certificates: o.certificates } : {}),
    };
  }

  provisioned(): ProvisionedTarget {
    return { info: this.info(), control: this.control() };
  }
}
