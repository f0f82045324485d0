// The local target: Debian's nginx as a reference gateway that behaves as Kong OSS does, two
// in-process echo backends, and a per-run PKI. Provision, control (revoke, offboard), teardown.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Policy } from '../../config/policy.ts';
import { EnvironmentError } from '../../config/errors.ts';
import { KeyStore } from '../../pki/store.ts';
import { loadIdentity, probe } from '../../probe/probe.ts';
import { describeOutcome } from '../../probe/outcome.ts';
import { pollUntil } from '../../util/poll.ts';
import type { ActionResult, ProvisionedTarget, TargetControl } from '../contract.ts';
import { startEchoBackend, type EchoBackend } from './echo-backend.ts';
import type { FaultName } from './faults.ts';
import { gatewayLogFor } from './gateway-log.ts';
import { mintLocalPki, writeCrl, type LocalPki } from './local-pki.ts';
import { renderNginxConfig, type GatewayPartner, type NginxModel } from './nginx-config.ts';
import { findNginx, NginxProcess } from './nginx-process.ts';
import { freePort } from './ports.ts';

export interface LocalOptions {
  faults?: ReadonlySet<FaultName>;
  /** How long a control action waits to observe its effect (default 5 s). */
  convergenceMs?: number;
}

class LocalGateway implements TargetControl {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly revoked: { serialNumber: string; revocationDate: Date }[] = [];

  constructor(
    private readonly model: NginxModel,
    private readonly nginx: NginxProcess,
    private readonly store: KeyStore,
    private readonly pki: LocalPki,
    private readonly baseUrl: string,
    private readonly convergenceMs: number,
  ) {}

  /** Control actions change one shared config: run them one at a time. */
  private serial<T>(action: () => Promise<T>): Promise<T> {
    const next = this.queue.then(action, action);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private partner(name: string): GatewayPartner {
    const p = this.model.partners.find((x) => x.name === name);
    if (!p) throw new Error(`unknown partner "${name}"`);
    return p;
  }

  /** After a reload, poll with fresh connections as `name` until `refused(status)` holds. */
  private async observe(name: string, refused: (status: number | undefined) => boolean, reloadMs: number, what: string): Promise<ActionResult> {
    const files = this.pki.partners.find((p) => p.name === name)!;
    const identity = loadIdentity(files);
    const t0 = Date.now();
    let last = '';
    const seen = await pollUntil(async () => {
      const { outcome } = await probe({ baseUrl: this.baseUrl, path: this.model.routes.default, caPem: readFileSync(this.pki.caFile, 'utf8'), identity });
      last = describeOutcome(outcome);
      return refused(outcome.kind === 'response' ? outcome.status : undefined) ? last : undefined;
    }, this.convergenceMs, 50);
    const waitedMs = reloadMs + (Date.now() - t0);
    return seen
      ? { converged: true, waitedMs, detail: `${what}; reload took ${reloadMs} ms; first refusal: ${seen}` }
      : { converged: false, waitedMs, detail: `${what}; reload took ${reloadMs} ms; still not refused after ${this.convergenceMs} ms, last answer: ${last}` };
  }

  revoke(name: string): Promise<ActionResult> {
    return this.serial(async () => {
      this.partner(name);
      const serial = this.pki.serials.get(name)!;
      this.revoked.push({ serialNumber: serial, revocationDate: new Date(Date.now() - 1000) });
      await writeCrl(this.store, this.pki, this.revoked);
      // nginx reads ssl_crl only at (re)load.
      const reloadMs = await this.nginx.reload(renderNginxConfig(this.model));
      return this.observe(name, (s) => s !== undefined && s >= 400 && s !== 429, reloadMs, `serial ${serial.toUpperCase()} added to the CRL`);
    });
  }

  offboard(name: string): Promise<ActionResult> {
    return this.serial(async () => {
      this.partner(name).allowed = false;
      const reloadMs = await this.nginx.reload(renderNginxConfig(this.model));
      return this.observe(name, (s) => s === 401, reloadMs, `${name} removed from the allowlist`);
    });
  }

  async gatewayLog(requestId: string): Promise<string[]> {
    return gatewayLogFor(requestId, this.nginx.accessLog, this.nginx.errorLog);
  }
}

async function startNginx(bin: string, prefix: string, model: NginxModel): Promise<NginxProcess> {
  // A port found free can be taken before nginx binds it: pick another and try again.
  for (let attempt = 1; ; attempt++) {
    const nginx = new NginxProcess(bin, prefix);
    nginx.writeConfig(renderNginxConfig(model));
    try {
      await nginx.start();
      return nginx;
    } catch (err) {
      if (!(err instanceof EnvironmentError) || !/Address already in use/.test(err.message) || attempt === 3) throw err;
      model.port = await freePort();
    }
  }
}

export async function provisionLocal(policy: Policy, options: LocalOptions = {}): Promise<ProvisionedTarget> {
  const bin = findNginx();
  const convergenceMs = options.convergenceMs ?? 5000;
  const store = new KeyStore();
  const prefix = mkdtempSync(join(tmpdir(), 'mtls-conformance-nginx-'));
  const backends: EchoBackend[] = [];
  let nginx: NginxProcess | undefined;
  const cleanupSync = (): void => {
    nginx?.stopSync();
    for (const b of backends) void b.close();
    rmSync(prefix, { recursive: true, force: true });
    store.remove();
  };
  try {
    const pki = await mintLocalPki(store, policy);
    for (const version of Object.keys(policy.routes.versions)) backends.push(await startEchoBackend(version));
    const model: NginxModel = {
      prefix,
      port: await freePort(),
      backends: Object.fromEntries(backends.map((b) => [b.version, b.port])),
      routes: policy.routes,
      files: { serverCert: pki.serverCertFile, serverKey: pki.serverKeyFile, clientCa: pki.caFile, crl: pki.crlFile },
      partners: policy.partners.map((p) => ({
        name: p.name,
        dn: pki.partners.find((x) => x.name === p.name)!.subject,
        allowed: true,
        ...(p.rateLimit ? { perMinute: p.rateLimit.perMinute } : {}),
      })),
      faults: options.faults ?? new Set(),
    };
    nginx = await startNginx(bin, prefix, model);
    const baseUrl = `https://localhost:${model.port}`;
    const serverCaPem = readFileSync(pki.caFile, 'utf8');
    await waitReady(nginx, baseUrl, serverCaPem, pki);
    const running = nginx;
    return {
      info: {
        target: 'local',
        baseUrl,
        serverCaPem,
        oracle: 'kong-oss',
        features: ['identity-headers', 'mint-invalid-validity', 'revoke', 'offboard', 'rate-limit', 'versioning', 'gateway-log'],
        partners: pki.partners,
        probes: pki.probes,
        routes: policy.routes,
        consistency: { rejections: 3, convergenceMs },
      },
      control: new LocalGateway(model, running, store, pki, baseUrl, convergenceMs),
      async teardown() {
        await running.stop();
        await Promise.all(backends.map((b) => b.close()));
        rmSync(prefix, { recursive: true, force: true });
        store.remove();
      },
      teardownSync: cleanupSync,
    };
  } catch (err) {
    cleanupSync();
    throw err;
  }
}

/** Ready = a real HTTPS request through the mTLS listener gets an HTTP answer. */
async function waitReady(nginx: NginxProcess, baseUrl: string, caPem: string, pki: LocalPki): Promise<void> {
  const regular = pki.partners.find((p) => !p.reservedFor)!;
  const identity = loadIdentity(regular);
  let last = '';
  const ok = await pollUntil(async () => {
    if (nginx.exited) return 'exited';
    const { outcome } = await probe({ baseUrl, path: '/', caPem, identity, timeoutMs: 2000 });
    last = describeOutcome(outcome);
    return outcome.kind === 'response' ? 'ready' : undefined;
  }, 10_000, 25);
  if (ok !== 'ready') {
    throw new EnvironmentError(`the local gateway did not answer HTTPS on ${baseUrl} within 10 s (${ok === 'exited' ? `nginx exited: ${nginx.lastEmerg() ?? 'no reason logged'}` : last})`);
  }
}
