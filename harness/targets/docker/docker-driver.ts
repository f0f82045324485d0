// How the docker target's Kong puts a change in force: a new CRL copied into the container and
// `kong reload`; a new partner table copied into the container's declarative file and pushed to
// the Admin API (DB-less POST /config); new partners
// get a cert from the run's CA. Its log is the container's, read as a bounded snapshot.
import { pushKongConfig } from '../kong/admin.ts';
import { buildKongConfig, declarativeYaml, type KongConfig } from '../kong/declarative.ts';
import { policyPromises, type Policy } from '../../config/policy.ts';
import type { BackendState, Feature } from '../../core/target.ts';
import { setEchoState, type EchoBackend } from '../../echo/echo-backend.ts';
import type { Applied, CsrIssued, GatewayDriver, Issued } from '../../gateway/controlled-gateway.ts';
import type { GatewayPartner } from '../../gateway/partners.ts';
import { issueFromCsr } from '../../identities/run-pki.ts';
import { issuePartner, type RunPki } from '../../identities/run-pki.ts';
import type { KeyStore } from '../../pki/store.ts';
import type { Subject } from '../../pki/subject.ts';
import { filterDiagnostics } from '../../report/diagnostics-filter.ts';
import { linesForRequest } from '../nginx-log.ts';
import type { RunningContainer } from './runtime.ts';

/** Lines of Kong's log read to find one request: enough for the requests of a few cases. */
const LOG_TAIL = 2000;

export const IN = { certDir: '/etc/kong-tls', crlFile: '/etc/kong-crl/crl.pem', declarativeFile: '/kong/kong.yml' } as const;

/** The declarative config for a partner table, with the backends Kong reaches on the host. */
export function dockerKongConfig(partners: readonly GatewayPartner[], policy: Policy, upstreams: Record<string, string>): KongConfig {
  return buildKongConfig({ partners: [...partners], routes: policy.routes, upstreams, ...policyPromises(policy) });
}

export class DockerDriver implements GatewayDriver {
  readonly features: readonly Feature[] = ['identity-headers', 'request-transform', 'cache'];

  constructor(
    private readonly c: RunningContainer,
    private readonly store: KeyStore,
    private readonly pki: RunPki,
    private readonly policy: Policy,
    private readonly upstreams: Record<string, string>,
    private readonly backends: readonly EchoBackend[],
  ) {}

  async applyCrl(crlPem: string): Promise<Applied> {
    await this.c.copy([{ target: IN.crlFile, content: crlPem }]);
    const r = await this.c.exec(['kong', 'reload']);
    if (r.exitCode !== 0) return { how: 'CRL copied into the container, kong reload', failed: `kong reload failed: ${r.output.trim().split('\n').pop()}` };
    return { how: 'CRL copied into the container, kong reload' };
  }

  /**
   * The table goes to the file Kong reloads from, then to the running Kong: Kong 3.9.3 DB-less
   * reloads declarative_config from its file on `kong reload`, so a table only pushed would be
   * undone by the next revocation's reload.
   */
  async applyPartners(partners: readonly GatewayPartner[]): Promise<Applied> {
    const config = dockerKongConfig(partners, this.policy, this.upstreams);
    await this.c.copy([{ target: IN.declarativeFile, content: declarativeYaml(config) }]);
    await pushKongConfig(`http://127.0.0.1:${this.c.mappedPort(8001)}`, config);
    return { how: 'declarative config copied into the container, then pushed (POST /config)' };
  }

  async issue(name: string, subject: Subject): Promise<Issued> {
    const partner = await issuePartner(this.store, this.pki, { name, subject });
    return { partner, serial: this.pki.serials.get(name)!, by: "the run's CA" };
  }

  /** The backend on this machine changes; Kong, reaching it over Docker's bridge, is left to find out. */
  setBackend(version: string, state: BackendState): Promise<Applied> {
    return setEchoState(this.backends, version, state);
  }

  /** Option A: the run's CA (ours, as for every docker cert) signs the partner's CSR. */
  issueFromCsr(name: string, subject: Subject, csrPem: string): Promise<CsrIssued> {
    return issueFromCsr(this.store, this.pki, name, subject, csrPem);
  }

  /** Kong's log lines of one request: its JSON access line and its connection's error lines. */
  async gatewayLog(requestId: string): Promise<string[]> {
    return linesForRequest(requestId, (await this.c.logs(LOG_TAIL)).split('\n'));
  }

  async diagnostics(): Promise<string> {
    return filterDiagnostics(await this.c.logs(200));
  }
}
