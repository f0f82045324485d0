// The one controlled gateway every changeable target shares, with a recording driver: what a control
// action hands the driver (the CRL, signed by the CA and listing exactly the revoked serials; the
// partner table), that an unknown partner is refused before anything changes, that a change the
// driver could not apply is reported as not converged, and that features follow the driver.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePolicy, type Policy } from '../harness/config/policy.ts';
import { ControlledGateway, type Applied, type GatewayDriver } from '../harness/gateway/controlled-gateway.ts';
import type { GatewayPartner } from '../harness/gateway/partners.ts';
import { issuePartner, mintRunPki, type RunPki } from '../harness/identities/run-pki.ts';
import { KeyStore } from '../harness/pki/store.ts';
import { x509 } from '../harness/pki/x509.ts';
import { parse } from 'yaml';

const policy = parsePolicy(parse(readFileSync(new URL('../fixtures/policy.yaml', import.meta.url), 'utf8'))).policy as Policy;
const NOT_APPLIED: Applied = { how: 'recorded', failed: 'a recording driver applies nothing' };

let store: KeyStore;
let pki: RunPki;
beforeAll(async () => {
  store = new KeyStore();
  pki = await mintRunPki(store, policy);
});
afterAll(() => store.remove());

class RecordingDriver implements GatewayDriver {
  readonly features = ['identity-headers'] as const;
  readonly crls: string[] = [];
  readonly tables: GatewayPartner[][] = [];
  async applyCrl(pem: string): Promise<Applied> {
    this.crls.push(pem);
    // Where the local gateway's nginx reads it, so that openssl can check it as nginx would.
    store.writePublic(basename(pki.crlFile), pem);
    return NOT_APPLIED;
  }
  async applyPartners(partners: readonly GatewayPartner[]): Promise<Applied> {
    this.tables.push(structuredClone([...partners]));
    return NOT_APPLIED;
  }
  async issue(name: string, subject: { CN: string }) {
    const partner = await issuePartner(store, pki, { name, subject });
    return { partner, serial: pki.serials.get(name)!, by: 'the test CA' };
  }
  async diagnostics(): Promise<string> {
    return '';
  }
}

function gateway(driver: GatewayDriver): ControlledGateway {
  return new ControlledGateway({
    target: 'recorded',
    driver,
    pki: { ...pki, serverCaPem: readFileSync(pki.caFile, 'utf8') },
    policy,
    baseUrl: 'https://localhost:1',
    oracle: 'kong-oss',
    consistency: { rejections: 3, convergenceMs: 1000 },
  });
}

/** Lets every promise chain that can move, move. */
const settle = (): Promise<void> => new Promise((r) => setImmediate(r));

function opensslVerify(certFile: string): string {
  try {
    return execFileSync('openssl', ['verify', '-crl_check', '-CAfile', pki.caFile, '-CRLfile', pki.crlFile, certFile], { encoding: 'utf8', stdio: 'pipe' });
  } catch (err) {
    return String((err as { stdout?: string }).stdout ?? '') + String((err as { stderr?: string }).stderr ?? '');
  }
}

describe('a controlled gateway', () => {
  it('revokes with a CRL signed by the CA listing the pre-revoked probe and the partner, and openssl agrees', async () => {
    const driver = new RecordingDriver();
    const partner = pki.partners[1]!;
    const result = await gateway(driver).revoke(partner.name);
    expect(result.converged).toBe(false);
    expect(result.detail).toMatch(/added to the CRL \(recorded\): a recording driver applies nothing$/);
    const crl = new x509.X509Crl(driver.crls[0]!);
    expect(crl.entries.map((e) => e.serialNumber)).toEqual([...pki.preRevoked.map((e) => e.serialNumber), pki.serials.get(partner.name)]);
    expect(crl.nextUpdate!.getTime()).toBeGreaterThan(Date.now());
    expect(await crl.verify({ publicKey: await new x509.X509Certificate(readFileSync(pki.caFile, 'utf8')).publicKey.export() })).toBe(true);
    expect(opensslVerify(partner.certFile)).toContain('certificate revoked');
    expect(opensslVerify(pki.probes.revoked!.certFile)).toContain('certificate revoked');
    expect(opensslVerify(pki.partners[0]!.certFile)).toContain(': OK');
  });

  it('refuses an unknown partner before anything is applied', async () => {
    const driver = new RecordingDriver();
    const gw = gateway(driver);
    await expect(gw.revoke('nobody')).rejects.toThrow('unknown partner "nobody"');
    await expect(gw.offboard('nobody')).rejects.toThrow('unknown partner "nobody"');
    expect(driver.crls).toEqual([]);
    expect(driver.tables).toEqual([]);
  });

  it('offboards and onboards by handing the driver the whole partner table', async () => {
    const driver = new RecordingDriver();
    const gw = gateway(driver);
    const out = pki.partners[1]!.name;
    await gw.offboard(out);
    expect(driver.tables[0]!.map((p) => [p.name, p.allowed])).toEqual(pki.partners.map((p) => [p.name, p.name !== out]));
    const on = await gw.onboard('newcomer');
    expect(on.partner.name).toBe('newcomer');
    expect(driver.tables[1]!.at(-1)).toMatchObject({ name: 'newcomer', allowed: true, onboarded: true, subject: on.partner.subject });
    await expect(gw.onboard('newcomer')).rejects.toThrow('partner "newcomer" already exists');
    // The table keeps the offboarded partner off.
    expect(driver.tables[1]!.find((p) => p.name === out)!.allowed).toBe(false);
  });

  it('has the features its driver backs, plus what the policy declares', () => {
    const plain = gateway(new RecordingDriver()).info().features;
    expect(plain).not.toContain('gateway-log');
    expect(plain).not.toContain('cert-manager');
    expect(plain).toEqual(expect.arrayContaining(['identity-headers', 'revoke', 'offboard', 'onboard', 'mint-invalid-validity', 'rate-limit', 'versioning']));
    const withLogs = Object.assign(new RecordingDriver(), { gatewayLog: async () => [], revokeByDeletion: async () => 'deleted' });
    expect(gateway(withLogs).info().features).toEqual(expect.arrayContaining(['gateway-log', 'cert-manager']));
  });

  it.each([
    [false, 'puts each change in force before the next is made'],
    [true, 'hands a driver that puts changes in force together the next change while it puts one in force'],
  ])('appliesTogether %s: %s', async (together) => {
    const pending: (() => void)[] = [];
    const driver = Object.assign(new RecordingDriver(), {
      appliesTogether: together,
      applyPartners(partners: readonly GatewayPartner[]): Promise<Applied> {
        driver.tables.push(structuredClone([...partners]));
        return new Promise<Applied>((resolve) => pending.push(() => resolve(NOT_APPLIED)));
      },
    });
    const gw = gateway(driver);
    const [a, b] = [pki.partners[1]!.name, pki.partners[2]!.name];
    const both = Promise.all([gw.offboard(a), gw.offboard(b)]);
    await settle();
    expect(driver.tables).toHaveLength(together ? 2 : 1);
    pending.shift()!();
    await settle();
    expect(driver.tables).toHaveLength(2);
    pending.forEach((finish) => finish());
    expect((await both).map((r) => r.converged)).toEqual([false, false]);
    // The second table carries both changes, whichever way.
    expect(driver.tables[1]!.filter((p) => !p.allowed).map((p) => p.name).sort()).toEqual([a, b].sort());
  });
});
