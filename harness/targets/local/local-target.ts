// The local target: Debian's nginx as a reference gateway that behaves as Kong OSS does, two
// in-process echo backends, and a per-run PKI. Provision, control (revoke, offboard, onboard), teardown.
import { readFileSync, rmSync } from 'node:fs';
import type { Policy } from '../../config/policy.ts';
import { EnvironmentError } from '../../config/errors.ts';
import { KeyStore } from '../../pki/store.ts';
import { ownedTempDir } from '../../util/owned-dir.ts';
import { reaper } from '../../util/reaper.ts';
import { onInterrupt } from '../../run/interrupt.ts';
import { LocalControl } from './local-control.ts';
import type { ProvisionedTarget } from '../contract.ts';
import { startEchoBackend, type EchoBackend } from './echo-backend.ts';
import type { FaultName } from './faults.ts';
import { mintLocalPki } from './local-pki.ts';
import { waitForHttps } from '../ready.ts';
import { renderNginxConfig, type NginxModel } from './nginx-config.ts';
import { findNginx, NginxProcess } from './nginx-process.ts';
import { freePort } from '../ports.ts';
import { targetFeatures } from '../features.ts';

export interface LocalOptions {
  faults?: ReadonlySet<FaultName>;
  /** How long a change may take to show (default 30 s); a healthy local gateway needs ~0.2 s. */
  convergenceMs?: number;
  rejections?: number;
  /** Which Kong family the reference gateway answers like (default kong-oss). */
  flavor?: 'kong-oss' | 'kong-enterprise';
}

/** `created` hears of each nginx before it starts, so that a Ctrl-C mid-start can still stop it. */
async function startNginx(bin: string, prefix: string, model: NginxModel, created: (n: NginxProcess) => void): Promise<NginxProcess> {
  // A port found free can be taken before nginx binds it: pick another and try again.
  for (let attempt = 1; ; attempt++) {
    const nginx = new NginxProcess(bin, prefix);
    created(nginx);
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
  const convergenceMs = options.convergenceMs ?? 30_000;
  const store = new KeyStore();
  const prefix = ownedTempDir('nginx');
  reaper.dir(prefix);
  const backends: EchoBackend[] = [];
  let nginx: NginxProcess | undefined;
  const cleanupSync = (): void => {
    nginx?.stopSync();
    for (const b of backends) void b.close();
    rmSync(prefix, { recursive: true, force: true });
    store.remove();
  };
  // Ctrl-C before this returns: nginx may already run; the signal handler calls this.
  const forget = onInterrupt(cleanupSync);
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
      flavor: options.flavor ?? 'kong-oss',
    };
    nginx = await startNginx(bin, prefix, model, (n) => (nginx = n));
    const baseUrl = `https://localhost:${model.port}`;
    const serverCaPem = readFileSync(pki.caFile, 'utf8');
    const started = nginx;
    await waitForHttps({
      what: 'the local gateway',
      baseUrl,
      caPem: serverCaPem,
      identity: pki.partners.find((p) => !p.reservedFor)!,
      boundMs: 10_000,
      gone: () => (started.exited ? `nginx exited: ${started.lastEmerg() ?? 'no reason logged'}` : undefined),
    });
    const running = nginx;
    forget(); // from here on the target's teardownSync is the handler's job
    return {
      info: {
        target: 'local',
        baseUrl,
        serverCaPem,
        oracle: options.flavor ?? 'kong-oss',
        features: targetFeatures('local', policy),
        // A copy: partners onboarded later belong to the onboarding demo, not to every demo.
        partners: structuredClone(pki.partners),
        probes: pki.probes,
        routes: policy.routes,
        consistency: { rejections: options.rejections ?? 3, convergenceMs },
      },
      control: new LocalControl(model, running, store, pki, baseUrl, convergenceMs),
      async teardown() {
        await running.stop();
        await Promise.all(backends.map((b) => b.close()));
        rmSync(prefix, { recursive: true, force: true });
        store.remove();
      },
      teardownSync: cleanupSync,
    };
  } catch (err) {
    forget();
    cleanupSync();
    throw err;
  }
}
