// How the local gateway puts changes in force (harness/targets/local/local-driver.ts), with an nginx
// that records its reloads: one reload at a time; the changes made while one is under way, or
// while nginx's master does not yet take the next, share the next, which renders the config when
// it starts; the CRL file changes only then, never while nginx may be reading it.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { parsePolicy } from '../harness/config/policy.ts';
import type { GatewayPartner } from '../harness/gateway/partners.ts';
import type { RunPki } from '../harness/identities/run-pki.ts';
import { KeyStore } from '../harness/pki/store.ts';
import { LocalDriver } from '../harness/targets/local/local-driver.ts';
import { nginxModel } from '../harness/targets/local/nginx-config.ts';
import type { NginxProcess } from '../harness/targets/local/nginx-process.ts';

const policy = parsePolicy({
  partners: [{ name: 'partner-a', subject: { CN: 'a' } }],
  routes: { default: '/v1/x', versions: { v1: { path: '/v1/x', expect: { bodyIncludes: 'v1' } } } },
}).policy!;

const store = new KeyStore();
afterAll(() => store.remove());

/**
 * nginx as the driver sees it: each reload records the config it was given and the CRL on disk
 * then, and ends when told; its master takes the next signal when told (`takes`).
 */
function recordingNginx(crlFile: string): { nginx: NginxProcess; reloads: { config: string; crl: string; finish: () => void }[]; takes: () => void } {
  const reloads: { config: string; crl: string; finish: () => void }[] = [];
  let master: () => void = () => undefined;
  let ready = Promise.resolve();
  const nginx = {
    pid: 4242,
    takesSignals: () => ready,
    reload: (config: string) => {
      // After each reload the master sleeps until told.
      ready = new Promise<void>((resolve) => (master = resolve));
      return new Promise<number>((resolve) => reloads.push({ config, crl: readFileSync(crlFile, 'utf8'), finish: () => resolve(20) }));
    },
  };
  // The driver uses only these.
  return { nginx: nginx as unknown as NginxProcess, reloads, takes: () => master() };
}

const settle = (): Promise<void> => new Promise((r) => setImmediate(r));
const partner = (name: string, allowed = true): GatewayPartner => ({ name, subject: `CN=${name}`, allowed });

describe('the local driver', () => {
  it('reloads one at a time; changes made while a reload runs, or until nginx takes the next, share it, with the CRL written as it starts', async () => {
    const crlFile = store.writePublic('crl.pem', 'CRL 0');
    const { nginx, reloads, takes } = recordingNginx(crlFile);
    const model = nginxModel(policy, { prefix: '/tmp/p', port: 1, backends: { v1: 2 }, files: { serverCert: '/s', serverKey: '/k', clientCa: '/ca', crl: crlFile }, partners: [], faults: new Set() });
    const driver = new LocalDriver(model, nginx, store, { crlFile } as RunPki, []);

    const first = driver.applyPartners([partner('first')]);
    await settle();
    expect(reloads).toHaveLength(1);
    expect(reloads[0]!.config).toContain('"first"');

    const crl = driver.applyCrl('CRL 1');
    const second = driver.applyPartners([partner('first'), partner('second')]);
    await settle();
    expect(reloads).toHaveLength(1);
    expect(readFileSync(crlFile, 'utf8')).toBe('CRL 0');

    reloads[0]!.finish();
    expect((await first).how).toBe('allowlist rewritten, nginx reload in 20 ms');
    // Its master does not take the next yet: a change made meanwhile joins it too.
    await settle();
    expect(reloads).toHaveLength(1);
    const third = driver.applyPartners([partner('first'), partner('second'), partner('third')]);
    takes();
    await settle();
    expect(reloads).toHaveLength(2);
    expect(reloads[1]!.config).toContain('"third"');
    expect(reloads[1]!.crl).toBe('CRL 1');

    reloads[1]!.finish();
    expect((await crl).how).toBe('ssl_crl rewritten, nginx reload in 20 ms (one reload for 3 changes)');
    expect((await second).how).toBe('allowlist rewritten, nginx reload in 20 ms (one reload for 3 changes)');
    expect((await third).how).toBe('allowlist rewritten, nginx reload in 20 ms (one reload for 3 changes)');
  });
});
