// ip-allowlist (the guide's security checklist: an IP allowlist as an extra layer): a partner whose
// policy names source addresses gets in from one of them, and the same partner, with the same
// certificate, is refused from any other address (Kong's ip-restriction: 403 JSON). The probe
// binds another loopback address, so the two probes differ in nothing but where they come from.
import * as allure from 'allure-js-commons';
import { isIPv6 } from 'node:net';
import { networkInterfaces } from 'node:os';
import { sourceAddressMatcher } from '../harness/config/source-addresses.ts';
import type { ProbeResult } from '../harness/probe/probe.ts';
import type { PartnerInfo } from '../harness/core/target.ts';
import { expectOutcome, forgetAcceptances } from './support/accept.ts';
import { budget } from './support/budget.ts';
import { defineDemo } from './support/demo.ts';
import { expectRefused } from './support/refuse.ts';
import { strayFrom } from './support/left-from.ts';
import { labelCase, needs, notSupported } from './support/steps.ts';
import { reservedPartners, target } from './support/target.ts';

const ID = 'ip-allowlist';

/**
 * Addresses of this machine a probe can leave from towards the gateway: loopback ones (any of
 * 127.0.0.0/8 is local on Linux) for a gateway on this machine, else the machine's own.
 */
function sendableAddresses(): string[] {
  const host = new URL(target().baseUrl).hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.startsWith('127.')) return ['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.1.0.1'];
  return Object.values(networkInterfaces())
    .flat()
    .filter((i) => i !== undefined && !i.internal)
    .map((i) => i!.address);
}

/** The partner held to source addresses, one of its addresses we can send from, and one it must be refused from. */
function plan(): { partner: PartnerInfo; allowed: string; other: string } | string {
  const held = [...reservedPartners(ID), ...target().partners].find((p) => (p.sourceAddresses ?? []).length > 0);
  if (!held) return `no partner names sourceAddresses (give one, e.g. a partner reserved for ${ID} with sourceAddresses: [127.0.0.1])`;
  const inList = sourceAddressMatcher(held.sourceAddresses!);
  const mine = sendableAddresses();
  const allowed = mine.find(inList);
  if (!allowed) return `none of this machine's addresses (${mine.join(', ')}) is in ${held.name}'s sourceAddresses, so it cannot be let in from here`;
  const other = mine.find((a) => !inList(a) && isIPv6(a) === isIPv6(allowed));
  if (!other) return `this machine has no second address outside ${held.name}'s sourceAddresses to send from (it has ${mine.join(', ')})`;
  return { partner: held, allowed, other };
}

/** Each connection that got an answer left from `address`, as the OS reports it (left-from.ts). */
async function leftFrom(results: readonly ProbeResult[], address: string): Promise<void> {
  await allure.step(`judge: the connections left from ${address}, as the OS reports them`, () => {
    const stray = strayFrom(results, address);
    if (stray) throw stray;
  });
}

export const demo = defineDemo(
  {
    id: ID,
    order: 15,
    guide: 'security checklist',
    checks: 'a partner held to its source addresses gets in from them and is refused with 403 from any other',
    needs: ['ip-allowlist'],
    // From its address (1); then the positive control from there (1) and the refusals from another.
    requests: (p) => budget([p.reserved(ID)[0], p.has('ip-allowlist') ? 2 + p.rejections : 0]),
  },
  (d) => {
    d.case('a partner held to its source addresses gets in from one of them', async (ctx) => {
      await labelCase(demo, 'from an allowed address, the partner gets in');
      await needs(ctx, ['ip-allowlist']);
      const p = plan();
      if (typeof p === 'string') return notSupported(ctx, p);
      const result = await expectOutcome('accepted', { identity: p.partner, localAddress: p.allowed, label: `${p.partner.name} from ${p.allowed}` });
      await leftFrom([result], p.allowed);
    });

    d.case('the same partner is refused from any other address', async (ctx) => {
      await labelCase(demo, 'from another address, the same certificate is refused');
      await needs(ctx, ['ip-allowlist']);
      const p = plan();
      if (typeof p === 'string') return notSupported(ctx, p);
      // The positive control is the same partner from its own address, not a recent acceptance of
      // another partner: the probes differ only in the source address.
      forgetAcceptances();
      const refused = await expectRefused('ip-not-allowed', {
        identity: p.partner,
        localAddress: p.other,
        label: `${p.partner.name} from ${p.other}`,
        control: { identity: p.partner, localAddress: p.allowed, label: `${p.partner.name} from ${p.allowed}` },
      });
      await leftFrom(refused, p.other);
    });
  },
);
