// The shell every stand-in gateway of the tests shares: a fresh local PKI, a server on a free
// 127.0.0.1 port, the TargetInfo a target file is laid out from, and a close that also removes
// the keys.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Policy } from '../../harness/config/policy.ts';
import { KeyStore } from '../../harness/pki/store.ts';
import type { TargetInfo } from '../../harness/core/target.ts';
import { mintRunPki, type RunPki } from '../../harness/identities/run-pki.ts';

interface Listening {
  listen(port: number, host: string, cb: () => void): unknown;
  address(): AddressInfo | string | null;
  close(cb?: (err?: Error) => void): unknown;
  closeAllConnections?(): void;
}

export interface StandIn {
  info: Pick<TargetInfo, 'partners' | 'probes' | 'serverCaPem' | 'baseUrl'>;
  pki: RunPki;
  close(): Promise<void>;
}

export async function startStandIn(policy: Policy, serve: (pki: RunPki) => Listening | Promise<Listening>): Promise<StandIn> {
  const store = new KeyStore();
  const pki = await mintRunPki(store, policy);
  const server = await serve(pki);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // The expired cert a Home Party would hand over in probes.expired.
  const expired = await pki.mint.mint('expired');
  return {
    info: { baseUrl: `https://localhost:${(server.address() as AddressInfo).port}`, serverCaPem: readFileSync(pki.caFile, 'utf8'), partners: pki.partners, probes: { ...pki.probes, expired } },
    pki,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => {
          store.remove();
          resolve();
        });
      }),
  };
}
