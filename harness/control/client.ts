// The suites' side of the control endpoint (see server.ts).
import { Pool } from '../util/undici-lite.ts';
import type { Ask, Claim } from './lease.ts';
import type { ActionResult, AuditRecord, BackendState, CsrOnboardResult, Identity, OnboardResult, TargetInfo } from '../contract/target.ts';

/**
 * One pool of connections per control endpoint, for every client of it (a demo makes one per
 * call): as many connections as calls at once, so that a lease's long poll holds up no call
 * behind it; idle ones keep no process alive (undici unrefs them).
 */
const pools = new Map<string, InstanceType<typeof Pool>>();
function poolFor(origin: string): InstanceType<typeof Pool> {
  let pool = pools.get(origin);
  if (!pool) pools.set(origin, (pool = new Pool(origin)));
  return pool;
}

/**
 * A control call that failed on the run's own side: its endpoint did not answer, or the action
 * threw (a 5xx). Not the gateway's answer to anything: a case turns it into no verdict.
 */
export class ControlFailed extends Error {
  override name = 'ControlFailed';
}

export class ControlClient {
  private readonly pool: InstanceType<typeof Pool>;
  /** The endpoint's own path, before each call's (none for the run's own server). */
  private readonly prefix: string;

  /** `onFailed`: what a ControlFailed becomes for the caller (the suites: a case without a verdict). */
  constructor(
    private readonly endpoint: TargetInfo['control'],
    private readonly onFailed: (err: ControlFailed) => Error = (err) => err,
  ) {
    const url = new URL(endpoint.url);
    this.pool = poolFor(url.origin);
    this.prefix = url.pathname.replace(/\/$/, '');
  }

  private async call<T>(method: 'GET' | 'POST', path: string, body?: unknown, longPoll = false): Promise<T> {
    const what = `control ${method} ${path}`;
    let status: number;
    let parsed: T & { error?: string };
    try {
      const res = await this.pool.request({
        path: `${this.prefix}${path}`,
        method,
        // A lease is answered when it is granted: as long as the demos before it take (their own time-outs bound them).
        ...(longPoll ? { headersTimeout: 0, bodyTimeout: 0 } : {}),
        headers: { authorization: `Bearer ${this.endpoint.token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      status = res.statusCode;
      parsed = (await res.body.json()) as T & { error?: string };
    } catch (err) {
      throw this.onFailed(new ControlFailed(`${what}: the run's control endpoint did not answer: ${err instanceof Error ? err.message : String(err)}`));
    }
    if (status >= 500) throw this.onFailed(new ControlFailed(`${what} failed: ${parsed.error ?? status}`));
    // A request the endpoint refused (a CSR the CA refused, a probe this target cannot mint): the case decides.
    if (status !== 200) throw new Error(`${what} failed: ${parsed.error ?? status}`);
    return parsed;
  }

  /**
   * Wait until this demo may reach the backends it claims (`owner`: more for the demo holding that
   * lease, while it runs; `rank`: lower starts first); the lease id ends it (see lease.ts).
   */
  async beginDemo(claim: Claim, ask: Ask = {}): Promise<number> {
    return (await this.call<{ id: number }>('POST', '/lease/begin', { ...claim, ...ask }, true)).id;
  }

  /** A running demo keeps only `claim` of what it holds. */
  async narrowDemo(id: number, claim: Claim): Promise<void> {
    await this.call('POST', '/lease/narrow', { id, ...claim });
  }

  async endDemo(id: number): Promise<void> {
    await this.call('POST', '/lease/end', { id });
  }

  /** Only the CSR travels: what this sends is the partner's name and its request, nothing else. */
  onboardCsr(partner: string, csr: string): Promise<CsrOnboardResult> {
    return this.call('POST', '/onboard-csr', { partner, csr });
  }

  setBackend(version: string, state: BackendState): Promise<ActionResult> {
    return this.call('POST', '/backend', { version, state });
  }

  revoke(partner: string): Promise<ActionResult> {
    return this.call('POST', '/revoke', { partner });
  }

  offboard(partner: string): Promise<ActionResult> {
    return this.call('POST', '/offboard', { partner });
  }

  seedRevocation(partner: string): Promise<ActionResult> {
    return this.call('POST', '/seed-revocation', { partner });
  }

  mintProbe(kind: 'expired' | 'not-yet-valid' | 'wrong-eku'): Promise<Identity> {
    return this.call('POST', '/probe', { kind });
  }

  async discardProbe(name: string): Promise<void> {
    await this.call('POST', '/probe/discard', { name });
  }

  async diagnostics(): Promise<string> {
    return (await this.call<{ text: string }>('GET', '/diagnostics')).text;
  }

  onboard(partner: string): Promise<OnboardResult> {
    return this.call('POST', '/onboard', { partner });
  }

  async auditLog(requestId: string): Promise<AuditRecord[]> {
    return (await this.call<{ records: AuditRecord[] }>('GET', `/audit?requestId=${encodeURIComponent(requestId)}`)).records;
  }

  async gatewayLog(requestId: string): Promise<string[]> {
    return (await this.call<{ lines: string[] }>('GET', `/log?requestId=${encodeURIComponent(requestId)}`)).lines;
  }
}
