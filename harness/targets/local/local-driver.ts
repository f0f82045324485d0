// How the local gateway (nginx) puts a change in force: the CRL or the partner table rendered into
// its config, then a reload, never a restart; new partners get a cert from the run's CA; its own
// logs are read from disk. The control actions themselves live in harness/gateway.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { AuditRecord, BackendState, Feature } from '../../core/target.ts';
import { setEchoState, type EchoBackend } from '../../echo/echo-backend.ts';
import type { Applied, CsrIssued, GatewayDriver, Issued } from '../../gateway/controlled-gateway.ts';
import { checkedCsr } from '../../pki/sign-csr.ts';
import { issueFromCsr } from '../../identities/run-pki.ts';
import { issueLeaf } from '../../pki/authority.ts';
import type { GatewayPartner } from '../../gateway/partners.ts';
import { issuePartner, type RunPki } from '../../identities/run-pki.ts';
import type { KeyStore } from '../../pki/store.ts';
import type { Subject } from '../../pki/subject.ts';
import { filterDiagnostics } from '../../report/diagnostics-filter.ts';
import { auditRecordsFor, gatewayLogFor } from './gateway-log.ts';
import { renderNginxConfig, type NginxModel } from './nginx-config.ts';
import type { NginxProcess } from './nginx-process.ts';

export class LocalDriver implements GatewayDriver {
  // The probe's source address reaches nginx as it is (127.0.0.0/8, no NAT in between).
  readonly features: readonly Feature[] = ['identity-headers', 'ip-allowlist', 'request-transform', 'cache'];

  constructor(
    private readonly model: NginxModel,
    private readonly nginx: NginxProcess,
    private readonly store: KeyStore,
    private readonly pki: RunPki,
    private readonly backends: readonly EchoBackend[],
  ) {}

  /** Each change made meanwhile joins the reload that has not started yet. */
  readonly appliesTogether = true;
  /** The reload under way, if any, and the next one, which has not started yet. */
  private current: Promise<unknown> = Promise.resolve();
  private next: { reload: Promise<number>; changes: number } | undefined;
  /** The CRL to put in force, written when the next reload starts: never while nginx reads it. */
  private crl: string | undefined;

  /**
   * Put the model in force: by the next reload, which renders the config when it starts (once the
   * one before it is done and nginx's master takes a signal again: it waits 100 ms after each), so
   * every change made until then is in it: changes asked side by side share one.
   */
  private async reload(what: string): Promise<Applied> {
    const before = this.nginx.pid;
    if (!this.next) {
      const reload = this.current.then(async () => {
        await this.nginx.takesSignals();
        this.next = undefined;
        if (this.crl !== undefined) this.store.writePublic(basename(this.pki.crlFile), this.crl);
        this.crl = undefined;
        return this.nginx.reload(renderNginxConfig(this.model));
      });
      this.next = { reload, changes: 0 };
      this.current = reload.catch(() => undefined);
    }
    const next = this.next;
    next.changes++;
    const ms = await next.reload;
    const shared = next.changes > 1 ? ` (one reload for ${next.changes} changes)` : '';
    return { how: `${what}, nginx reload in ${ms} ms${shared}`, restarted: this.nginx.pid !== before };
  }

  applyCrl(crlPem: string): Promise<Applied> {
    // nginx reads ssl_crl only at (re)load. Each CRL lists every revocation so far: the last wins.
    this.crl = crlPem;
    return this.reload('ssl_crl rewritten');
  }

  applyPartners(partners: readonly GatewayPartner[]): Promise<Applied> {
    this.model.partners = partners.map((p) => ({ ...p }));
    return this.reload('allowlist rewritten');
  }

  async issue(name: string, subject: Subject): Promise<Issued> {
    const partner = await issuePartner(this.store, this.pki, { name, subject });
    return { partner, serial: this.pki.serials.get(name)!, by: "the run's CA" };
  }

  /** The backend itself changes; nginx is left alone to find out, as a gateway in front of a sick service must. */
  setBackend(version: string, state: BackendState): Promise<Applied> {
    return setEchoState(this.backends, version, state);
  }

  async issueFromCsr(name: string, subject: Subject, csrPem: string): Promise<CsrIssued> {
    if (!this.model.faults.has('csr-key-replaced')) return issueFromCsr(this.store, this.pki, name, subject, csrPem);
    // The Home Party makes (and keeps) the key itself, as the guide's Option B does: what Option A avoids.
    await checkedCsr(csrPem, subject);
    const issued = await issueLeaf(this.pki.ca, { subject, profile: 'client' }, 90);
    const files = await this.store.writeIdentity(`partner-${name}`, issued);
    return { certPem: issued.cert.toString('pem'), serial: issued.cert.serialNumber, by: "the run's CA", wrote: [files.certFile, files.keyFile] };
  }

  async gatewayLog(requestId: string): Promise<string[]> {
    return gatewayLogFor(requestId, this.nginx.accessLog, this.nginx.errorLog);
  }

  async auditLog(requestId: string): Promise<AuditRecord[]> {
    return auditRecordsFor(requestId, this.nginx.accessLog);
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
}
