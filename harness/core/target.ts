// The Target contract (docs/architecture.md): a plain TargetInfo the suites read, plus the control
// actions a target can carry out on its gateway.
import type { Routes } from '../config/routes.ts';
import type { OracleName } from '../oracle/oracle.ts';

/** What a target can do; each demo case declares what it needs, the rest is not-supported. */
export type Feature =
  | 'identity-headers' //   the backend echoes the identity headers the gateway set
  | 'mint-invalid-validity' // control: mint expired, not-yet-valid and serverAuth-only certs with the trusted CA's key
  | 'revoke' //             control: put a partner's cert on the CRL
  | 'offboard' //           control: remove a partner from the allowlist
  | 'rate-limit' //         partners with a declared per-minute quota
  | 'versioning' //         two or more version routes
  | 'gateway-log' //        control: the gateway's log lines for one request
  | 'audit-log' //          control: the gateway's audit records for one request
  | 'onboard' //            control: issue a new partner a cert and let it in without a restart
  | 'cert-manager' //       partner certs are cert-manager Certificates (the guide's revocation procedure applies)
  | 'ip-allowlist' //       the gateway sees the probe's own source address and holds partners to theirs
  | 'request-transform' // the gateway sets the policy's requestHeaders, and the backend echoes what it received
  | 'backend-outage' //     control: stop a version's backend, make it hang, bring it back
  | 'cache' //              the gateway caches the policy's cache route per partner (Kong's proxy-cache)
  | 'onboard-csr'; //       control: the Home Party's CA signs a partner's CSR and lets it in (its key never travels)

/** What the kind target reads of one live Certificate. */
export interface CertManagerCertificate {
  name: string;
  duration?: string;
  renewBefore?: string;
  renewBeforePercentage?: number;
  notAfter?: string;
  renewalTime?: string;
}

export interface Identity {
  name: string;
  certFile: string;
  keyFile: string;
  /** The subject as the gateway reports it (RFC 2253). */
  subject: string;
  /** Where a probe came from, for the reader of a verdict ("minted by this run ...", "from the target file ..."). */
  origin?: string;
}

export interface PartnerInfo extends Identity {
  rateLimit?: { perMinute: number };
  reservedFor?: string;
  /** The only source addresses the gateway lets this partner in from (policy sourceAddresses). */
  sourceAddresses?: string[];
}

export interface TargetInfo {
  target: string;
  baseUrl: string;
  /** PEM of the CA the gateway's server certificate chains to (public). */
  serverCaPem: string;
  oracle: OracleName;
  /** How the user chooses the oracle, for a fix that names it ("set gateway.oracle:"); absent where the target fixes it. */
  oracleSetting?: string;
  features: Feature[];
  /** A partner's self-check (verify): what the run says is addressed to the partner. */
  selfCheck?: boolean;
  /** Why this target lacks a feature, in its own words where they say more than the common ones (features.ts LACKING). */
  lacks?: Partial<Record<Feature, string>>;
  partners: PartnerInfo[];
  /**
   * Identities that must be refused. Absent ones make their cases not-supported. Those only the
   * trusted CA's key can make are minted when a case asks (TargetControl.mintProbe), unless the
   * target file gives one (`expired`).
   */
  probes: {
    selfSigned: Identity;
    foreignCa: Identity;
    /** Given in the target file; otherwise minted per case. */
    expired?: Identity;
    /** A cert the gateway already knows to be revoked (external targets; local revokes live). */
    revoked?: Identity;
  };
  routes: Routes;
  /** Consistency rules (docs/verdicts.md): N fresh refusals in a row; bounded convergence window. */
  consistency: { rejections: number; convergenceMs: number };
  /** Headers the gateway promises to set on every proxied partner request (policy requestHeaders). */
  requestHeaders?: Record<string, string>;
  /** What the gateway promises when a backend is sick (policy upstream). */
  upstream?: { timeoutMs: number; breakerSeconds?: number };
  /** The path the gateway caches per partner (policy cache). */
  cache?: { path: string; version: string; ttlSeconds: number };
  /** cert-manager targets: each leaf Certificate's renewal settings, read from the cluster (cert-lifecycle). */
  certificates?: CertManagerCertificate[];
  /** What cert-lifecycle holds certificates to; set by the run (open-run.ts), absent: 90 days. */
  lifecycle?: { maxValidityDays: number };
}

export interface ActionResult {
  /** Did the gateway reach the wanted state within the bound (observed, not assumed)? */
  converged: boolean;
  waitedMs: number;
  detail: string;
  /** Whether the gateway process was restarted to apply the change (onboarding must not need one). */
  restarted?: boolean;
}

/** A partner onboarded from its own CSR: what came back to it, and what the Home Party's side wrote. */
export interface CsrOnboardResult extends ActionResult {
  certPem: string;
  /** The subject the gateway will see (RFC 2253). */
  subject: string;
  /** Every file the Home Party's side wrote for this partner (a cert; never a key). */
  wrote: string[];
}

/** A version's backend: serving, stopped (nothing listens), or hung (it takes connections and never answers). */
export type BackendState = 'up' | 'down' | 'hung';

export interface OnboardResult extends ActionResult {
  partner: PartnerInfo;
}

/** One audit record, normalised from whatever the gateway logs (nginx JSON access log, Kong http-log). */
export interface AuditRecord {
  time: string;
  requestId: string;
  status: number;
  /** The consumer the gateway mapped the request to; empty when none. */
  consumer: string;
  /** The client certificate subject as the gateway saw it; empty when none was sent. */
  subject: string;
  /** The gateway's verdict on the certificate (nginx: SUCCESS, NONE, FAILED:reason). */
  verify: string;
}

/** What a target offers to change its gateway. */
export interface TargetControl {
  revoke(partner: string): Promise<ActionResult>;
  offboard(partner: string): Promise<ActionResult>;
  onboard(name: string): Promise<OnboardResult>;
  gatewayLog(requestId: string): Promise<string[]>;
  auditLog(requestId: string): Promise<AuditRecord[]>;
  /** Text that helps find why a case failed (logs, pod status); filtered of any key material. */
  diagnostics(): Promise<string>;
  /** The guide's documented revocation: delete the partner's Certificate and its Secret (cert-manager targets). */
  revokeByDeletion?(partner: string): Promise<ActionResult>;
  /** With the trusted CA's key (feature mint-invalid-validity): a probe off in one way, made now. */
  mintProbe?(kind: 'expired' | 'not-yet-valid' | 'wrong-eku'): Promise<Identity>;
  /** Remove a minted probe's key and cert once its case is done. */
  discardProbe?(name: string): Promise<void>;
  /** Put one version's backend in a state (feature backend-outage). */
  setBackend?(version: string, state: BackendState): Promise<ActionResult>;
  /** Sign a partner's CSR with the trusted CA and let it in (feature onboard-csr). */
  onboardCsr?(name: string, csrPem: string): Promise<CsrOnboardResult>;
}

/** What provisioning hands the runner. What undoes it was recorded in the run's scope as it went. */
export interface ProvisionedTarget {
  info: TargetInfo;
  control: TargetControl;
}
