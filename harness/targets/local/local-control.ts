// Control actions on the local gateway: revoke (CRL + reload), offboard and onboard (allowlist +
// reload), and reading its logs. Each change is applied by a reload, never a restart, and then
// observed through the real mTLS listener within a bounded window.
import { readFileSync } from 'node:fs';
import type { KeyStore } from '../../pki/store.ts';
import { observe, refused } from '../observe.ts';
import type { ActionResult, AuditRecord, Identity, OnboardResult, PartnerInfo, TargetControl } from '../contract.ts';
import type { InvalidKind } from '../../pki/probe-mint.ts';
import { filterDiagnostics } from '../container/diagnostics.ts';
import { auditRecordsFor, gatewayLogFor } from './gateway-log.ts';
import { issuePartner, writeCrl, type LocalPki } from './local-pki.ts';
import { renderNginxConfig, type GatewayPartner, type NginxModel } from './nginx-config.ts';
import type { NginxProcess } from './nginx-process.ts';
import { OneAtATime } from '../one-at-a-time.ts';

export class LocalControl implements TargetControl {
  private readonly queue = new OneAtATime();
  private readonly revoked: { serialNumber: string; revocationDate: Date }[] = [];

  constructor(
    private readonly model: NginxModel,
    private readonly nginx: NginxProcess,
    private readonly store: KeyStore,
    private readonly pki: LocalPki,
    private readonly baseUrl: string,
    private readonly convergenceMs: number,
  ) {}

  private partner(name: string): GatewayPartner {
    const p = this.model.partners.find((x) => x.name === name);
    if (!p) throw new Error(`unknown partner "${name}"`);
    return p;
  }

  /** Reload with the current model; report whether the master (and so the gateway) was restarted. */
  private async reload(): Promise<{ reloadMs: number; restarted: boolean }> {
    const before = this.nginx.pid;
    const reloadMs = await this.nginx.reload(renderNginxConfig(this.model));
    return { reloadMs, restarted: this.nginx.pid !== before };
  }

  /** After a reload, poll with fresh connections as `name` until `done(status)` holds. */
  private observe(name: string, done: (status: number | undefined) => boolean, reloadMs: number, what: string): Promise<ActionResult> {
    return observe({
      baseUrl: this.baseUrl,
      caPem: readFileSync(this.pki.caFile, 'utf8'),
      path: this.model.routes.default,
      identity: this.info(name),
      done,
      convergenceMs: this.convergenceMs,
      what,
      appliedMs: reloadMs,
    });
  }

  private info(name: string): PartnerInfo {
    return this.pki.partners.find((p) => p.name === name)!;
  }

  async revoke(name: string): Promise<ActionResult> {
    const serial = this.pki.serials.get(name);
    const { reloadMs, restarted } = await this.queue.run(async () => {
      this.partner(name);
      this.revoked.push({ serialNumber: serial!, revocationDate: new Date(Date.now() - 1000) });
      await writeCrl(this.store, this.pki, this.revoked);
      // nginx reads ssl_crl only at (re)load.
      return this.reload();
    });
    return { ...(await this.observe(name, refused, reloadMs, `serial ${serial!.toUpperCase()} added to the CRL`)), restarted };
  }

  async offboard(name: string): Promise<ActionResult> {
    const { reloadMs, restarted } = await this.queue.run(async () => {
      this.partner(name).allowed = false;
      return this.reload();
    });
    return { ...(await this.observe(name, (s) => s === 401, reloadMs, `${name} removed from the allowlist`)), restarted };
  }

  onboard(name: string): Promise<OnboardResult> {
    return this.queue.run(async () => {
      if (this.model.partners.some((p) => p.name === name)) throw new Error(`partner "${name}" already exists`);
      const partner = await issuePartner(this.store, this.pki, { name, subject: { O: 'Onboarded Organization', OU: 'Integration Team', CN: name } });
      this.pki.partners.push(partner);
      this.model.partners.push({ name, dn: partner.subject, allowed: true, onboarded: true });
      const { reloadMs, restarted } = await this.reload();
      // The demo polls for acceptance itself; the action only reports what it changed.
      return { converged: true, waitedMs: reloadMs, restarted, detail: `${name} issued a cert by the CA and added to the allowlist; reload took ${reloadMs} ms`, partner };
    });
  }

  mintProbe(kind: InvalidKind): Promise<Identity> {
    return this.pki.mint.mint(kind);
  }

  async discardProbe(name: string): Promise<void> {
    this.pki.mint.discard(name);
  }

  async gatewayLog(requestId: string): Promise<string[]> {
    return gatewayLogFor(requestId, this.nginx.accessLog, this.nginx.errorLog);
  }

  /** The tail of nginx's error log: reloads, config errors, verify errors. */
  async diagnostics(): Promise<string> {
    let log = '';
    try {
      log = readFileSync(this.nginx.errorLog, 'utf8');
    } catch {
      // nothing logged yet
    }
    return filterDiagnostics(log.split('\n').slice(-80).join('\n'));
  }

  async auditLog(requestId: string): Promise<AuditRecord[]> {
    return auditRecordsFor(requestId, this.nginx.accessLog);
  }
}
