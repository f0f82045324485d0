// The local target: Debian's nginx as a reference gateway that behaves as Kong OSS does, the echo
// backends in this process, and the run's own PKI. Each step records what undoes it in the run's
// scope; the control actions are the shared controlled gateway's, driven by nginx reloads.
import { chmodSync, readFileSync, rmSync } from 'node:fs';
import { checkPassable, unprivilegedUser } from './worker-user.ts';
import type { Policy } from '../../config/policy.ts';
import { EnvironmentError } from '../../util/errors.ts';
import type { ProvisionedTarget } from '../../core/target.ts';
import { startEchoBackend } from '../../echo/echo-backend.ts';
import { ControlledGateway } from '../../gateway/controlled-gateway.ts';
import { initialPartners } from '../../gateway/partners.ts';
import { mintRunPki } from '../../identities/run-pki.ts';
import { KeyStore } from '../../pki/store.ts';
import { ownedTempDir } from '../../util/reaper.ts';
import type { Scope } from '../../util/scope.ts';
import { freePort } from '../ports.ts';
import { waitForHttps } from '../ready.ts';
import type { FaultName } from './faults.ts';
import { LocalDriver } from './local-driver.ts';
import { nginxModel, renderNginxConfig, type NginxModel } from './nginx-config.ts';
import { findNginx, NginxProcess } from './nginx-process.ts';

export interface LocalOptions {
  faults?: ReadonlySet<FaultName>;
  /** How long a change may take to show (default 30 s); a healthy local gateway needs ~0.2 s. */
  convergenceMs?: number;
  rejections?: number;
  /** Which Kong family the reference gateway answers like (default kong-oss). */
  flavor?: 'kong-oss' | 'kong-enterprise';
  /** Partners' certs from an issuing CA under the root (root → issuing CA → partners). */
  issuingCa?: boolean;
}

/** Start nginx; a port found free can be taken before nginx binds it: pick another and try again. */
async function startNginx(bin: string, prefix: string, model: NginxModel, scope: Scope): Promise<NginxProcess> {
  for (let attempt = 1; ; attempt++) {
    const nginx = new NginxProcess(bin, prefix);
    // Recorded before it starts, so that a Ctrl-C mid-start can still stop it.
    const forget = scope.defer('stop nginx', () => nginx.stop(), () => nginx.stopSync());
    nginx.writeConfig(renderNginxConfig(model));
    try {
      await nginx.start();
      return nginx;
    } catch (err) {
      if (!(err instanceof EnvironmentError) || !/Address already in use/.test(err.message) || attempt === 3) throw err;
      forget();
      model.port = await freePort();
    }
  }
}

/** The value of a settled promise, or its reason thrown: after all have settled, so none is left running unrecorded. */
function settled<T>(r: PromiseSettledResult<T>): T {
  if (r.status === 'rejected') throw r.reason;
  return r.value;
}

export async function provisionLocal(policy: Policy, scope: Scope, options: LocalOptions = {}): Promise<ProvisionedTarget> {
  const bin = findNginx();
  const store = new KeyStore();
  scope.defer('remove the run\'s keys', () => store.remove(), () => store.remove());
  const prefix = ownedTempDir('nginx');
  // Workers that are not the run's user must pass through the prefix to their temp and cache dirs
  // (nginx makes those theirs); they cannot list it, and what they must not read is 0600 or 0700.
  if (process.getuid?.() === 0) {
    chmodSync(prefix, 0o711);
    checkPassable(prefix);
  }
  const removePrefix = (): void => rmSync(prefix, { recursive: true, force: true });
  scope.defer('remove nginx\'s prefix', removePrefix, removePrefix);
  // long-lived-certs: partner certs for a year, as a CA set up without the guide's 90-day rule issues.
  // The backends (each a process of its own) start side by side, while the PKI is minted.
  const starting = Promise.allSettled(
    Object.keys(policy.routes.versions).map(async (version) => {
      const b = await startEchoBackend(version);
      scope.defer(`stop the ${version} backend`, () => b.close());
      return b;
    }),
  );
  const [minted, started] = await Promise.allSettled([mintRunPki(store, policy, { ...(options.faults?.has('long-lived-certs') ? { partnerDays: 365 } : {}), ...(options.issuingCa ? { issuingCa: true } : {}) }), starting]);
  const pki = settled(minted);
  const backends = settled(started).map(settled);
  const model = nginxModel(policy, {
    prefix,
    port: await freePort(),
    backends: Object.fromEntries(backends.map((b) => [b.version, b.port])),
    files: { serverCert: pki.serverCertFile, serverKey: pki.serverKeyFile, clientCa: pki.caFile, crl: pki.crlFile },
    partners: initialPartners(pki.partners),
    faults: options.faults ?? new Set(),
    flavor: options.flavor ?? 'kong-oss',
    // Started by root, nginx hands its workers to an unprivileged user: a policy file must not get
    // root's reads and writes through them.
    ...(process.getuid?.() === 0 ? { workerUser: unprivilegedUser() } : {}),
  });
  const nginx = await startNginx(bin, prefix, model, scope);
  const baseUrl = `https://localhost:${model.port}`;
  const serverCaPem = readFileSync(pki.caFile, 'utf8');
  await waitForHttps({
    what: 'the local gateway',
    baseUrl,
    caPem: serverCaPem,
    identity: pki.partners.find((p) => !p.reservedFor)!,
    boundMs: 10_000,
    gone: () => (nginx.exited ? `nginx exited: ${nginx.lastEmerg() ?? 'no reason logged'}` : undefined),
  });
  return new ControlledGateway({
    target: 'local',
    driver: new LocalDriver(model, nginx, store, pki, backends),
    pki: { ...pki, serverCaPem },
    policy,
    baseUrl,
    oracle: options.flavor ?? 'kong-oss',
    consistency: { rejections: options.rejections ?? 3, convergenceMs: options.convergenceMs ?? 30_000 },
  }).provisioned();
}
