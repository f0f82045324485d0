// Source addresses a partner may come from (policy and target file `sourceAddresses`): what
// Kong's ip-restriction `allow` takes, IPv4 or IPv6 addresses and CIDR ranges.
import { BlockList, isIP } from 'node:net';
import { join, list, Problems, text, type Json } from './shape.ts';

/** A non-empty list of IPv4/IPv6 addresses or CIDR ranges (what Kong's ip-restriction takes). */
export function parseSourceAddresses(value: Json, path: string, problems: Problems): string[] | undefined {
  const items = list(value, path, problems);
  if (!items) return undefined;
  if (items.length === 0) problems.add(path, 'give at least one address or CIDR range, or leave the key out');
  const out: string[] = [];
  items.forEach((raw, i) => {
    const t = text(raw, join(path, i), problems);
    if (t === undefined) return;
    if (!isAddressOrCidr(t)) problems.add(join(path, i), `"${t}" is not an IP address or CIDR range (e.g. 127.0.0.1 or 10.0.0.0/8)`);
    else out.push(t);
  });
  return out.length === items.length && out.length > 0 ? out : undefined;
}

/** Whether an address is one of these (checked entries: addresses and CIDR ranges, v4 or v6). */
export function sourceAddressMatcher(addresses: readonly string[]): (address: string) => boolean {
  const list = new BlockList();
  const family = (a: string): 'ipv4' | 'ipv6' => (isIP(a) === 6 ? 'ipv6' : 'ipv4');
  for (const entry of addresses) {
    const [address = '', bits] = entry.split('/');
    if (bits === undefined) list.addAddress(address, family(address));
    else list.addSubnet(address, Number(bits), family(address));
  }
  return (address) => list.check(address, family(address));
}

export function isAddressOrCidr(value: string): boolean {
  const [address, bits, ...rest] = value.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}
