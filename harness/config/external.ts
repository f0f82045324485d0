// The external target file (README "The external target file", docs/targets.md): a gateway someone else runs, the partners' certs, the
// routes, optional probe certs. Relative paths resolve against the file's folder. Every problem is
// one line "<file>: <key path>: <what is wrong and how to fix it>".
import { dirname, isAbsolute, resolve } from 'node:path';
import { join, list, mapping, positiveInt, problemLines, Problems, text, type Json } from './shape.ts';
import { parseRoutes } from './routes.ts';
import { parseCache } from './resilience.ts';
import { checkClientPair, readCertificate } from './credentials.ts';
import { isOracleName, ORACLE_NAMES } from '../oracle/oracle.ts';
import { readYamlFile } from './yaml-file.ts';
import { ConfigError } from '../util/errors.ts';
import { checkGatewayUrl } from './gateway-url.ts';
import { pathProblem } from './shown.ts';
import { parseSourceAddresses } from './source-addresses.ts';
import type { CertKey, ExternalConfig, ExternalPartner } from './external-types.ts';

export type { CertKey, ExternalConfig, ExternalPartner } from './external-types.ts';

const PROBES = ['expired', 'revoked'] as const;

class Reader {
  readonly problems = new Problems();
  readonly written = new Map<string, string>();
  constructor(private readonly base: string) {}

  /** A path from the file, resolved against the file's folder. */
  file(value: Json, path: string): { abs: string; shown: string } | undefined {
    const p = text(value, path, this.problems);
    if (p === undefined) return undefined;
    const pasted = pathProblem(p);
    if (pasted) {
      this.problems.add(path, pasted);
      return undefined;
    }
    const abs = isAbsolute(p) ? p : resolve(this.base, p);
    this.written.set(abs, p);
    return { abs, shown: p };
  }

  /** A resolved path as the user wrote it. */
  shown(abs: string): string {
    return this.written.get(abs) ?? abs;
  }

  certKey(value: Json, path: string, opts: { client: boolean; ca?: boolean }): CertKey | undefined {
    const m = mapping(value, path, ['cert', 'key'], this.problems);
    if (!m) return undefined;
    const cert = this.file(m.cert, join(path, 'cert'));
    const key = this.file(m.key, join(path, 'key'));
    if (!cert || !key) return undefined;
    const checked = checkClientPair(cert.abs, key.abs, { cert: cert.shown, key: key.shown }, !opts.client);
    if (!checked.ok) {
      this.problems.add(path, checked.problem);
      return undefined;
    }
    if (opts.ca && !checked.value.cert.ca) this.problems.add(join(path, 'cert'), `${cert.shown} is not a CA certificate: give the CA that issues the partner certs`);
    return { cert: cert.abs, key: key.abs };
  }
}

function parseGateway(r: Reader, value: Json): ExternalConfig['gateway'] | undefined {
  const m = mapping(value, 'gateway', ['url', 'ca', 'oracle'], r.problems);
  if (!m) return undefined;
  const url = text(m.url, 'gateway.url', r.problems);
  const checked = url === undefined ? undefined : checkGatewayUrl(url, { allowPath: false, example: 'https://gateway.example:8443' });
  if (checked && !checked.ok) r.problems.add('gateway.url', checked.problem);
  const ca = r.file(m.ca, 'gateway.ca');
  if (ca) {
    const cert = readCertificate(ca.abs, ca.shown);
    if (!cert.ok) r.problems.add('gateway.ca', cert.problem);
  }
  const oracle = m.oracle === undefined ? 'kong-oss' : text(m.oracle, 'gateway.oracle', r.problems);
  if (oracle !== undefined && !isOracleName(oracle)) r.problems.add('gateway.oracle', `"${oracle}" is not an oracle: choose ${ORACLE_NAMES.join(', ')}`);
  if (!checked?.ok || !ca || oracle === undefined || !isOracleName(oracle)) return undefined;
  return { url: checked.origin, ca: ca.abs, oracle };
}

function parsePartners(r: Reader, value: Json): ExternalPartner[] {
  const out: ExternalPartner[] = [];
  (list(value, 'partners', r.problems) ?? []).forEach((raw, i) => {
    const path = join('partners', i);
    const m = mapping(raw, path, ['name', 'cert', 'key', 'rateLimit', 'reservedFor', 'sourceAddresses'], r.problems);
    if (!m) return;
    const name = text(m.name, join(path, 'name'), r.problems);
    if (name && out.some((p) => p.name === name)) r.problems.add(join(path, 'name'), `"${name}" is used twice`);
    const pair = r.certKey({ cert: m.cert, key: m.key }, path, { client: true });
    let rateLimit: { perMinute: number } | undefined;
    if (m.rateLimit !== undefined) {
      const rl = mapping(m.rateLimit, join(path, 'rateLimit'), ['perMinute'], r.problems);
      const perMinute = rl && positiveInt(rl.perMinute, join(path, 'rateLimit.perMinute'), r.problems);
      if (perMinute) rateLimit = { perMinute };
    }
    const reservedFor = m.reservedFor === undefined ? undefined : text(m.reservedFor, join(path, 'reservedFor'), r.problems);
    const sourceAddresses = m.sourceAddresses === undefined ? undefined : parseSourceAddresses(m.sourceAddresses, join(path, 'sourceAddresses'), r.problems);
    if (name && pair) out.push({ name, ...pair, ...(rateLimit ? { rateLimit } : {}), ...(reservedFor ? { reservedFor } : {}), ...(sourceAddresses ? { sourceAddresses } : {}) });
  });
  return out;
}

export function parseExternal(value: Json, base: string): { config?: ExternalConfig; problems: string[] } {
  const r = new Reader(base);
  const top = mapping(value, '', ['gateway', 'partnerCa', 'partners', 'routes', 'probes', 'issuer', 'cache'], r.problems);
  if (!top) return { problems: r.problems.list };
  const gateway = parseGateway(r, top.gateway);
  const partners = parsePartners(r, top.partners);
  const routes = parseRoutes(top.routes, 'routes', r.problems);
  const probes: ExternalConfig['probes'] = {};
  if (top.probes !== undefined) {
    const m = mapping(top.probes, 'probes', PROBES, r.problems);
    for (const name of PROBES) {
      if (m?.[name] === undefined) continue;
      const pair = r.certKey(m[name], join('probes', name), { client: false });
      if (pair) probes[name] = pair;
    }
  }
  const issuer = top.issuer === undefined ? undefined : r.certKey(top.issuer, 'issuer', { client: false, ca: true });
  const partnerCa = top.partnerCa === undefined ? undefined : r.file(top.partnerCa, 'partnerCa');
  if (partnerCa) {
    const cert = readCertificate(partnerCa.abs, partnerCa.shown);
    if (!cert.ok) r.problems.add('partnerCa', cert.problem);
    else if (!cert.value.ca) r.problems.add('partnerCa', `${partnerCa.shown} is not a CA certificate: give the CA your partners' certificates chain to`);
  }
  const cache = top.cache === undefined ? undefined : parseCache(top.cache, 'cache', routes, r.problems);
  if (!r.problems.empty || !gateway || !routes) return { problems: r.problems.list };
  if (partners.length === 0) return { problems: ['partners: list at least one partner with its cert and key'] };
  // The demos any partner may run, the positive controls and the probes' subject need one.
  if (!partners.some((p) => !p.reservedFor)) return { problems: ['partners: needs at least one partner without reservedFor'] };
  // Whether the probes are fair (chains, dates, usages, as OpenSSL sees them) is checked when the run starts (targets/external/).
  return { config: { gateway, ...(partnerCa ? { partnerCa: partnerCa.abs } : {}), partners, routes, probes, ...(issuer ? { issuer } : {}), ...(cache ? { cache } : {}), shown: Object.fromEntries(r.written) }, problems: [] };
}

export function loadExternal(file: string): ExternalConfig {
  const { config, problems } = parseExternal(readYamlFile(file, 'target file'), dirname(resolve(file)));
  if (!config) throw new ConfigError(problemLines(file, problems));
  return { ...config, file, gateway: { ...config.gateway, caGivenAs: `gateway.ca in ${file}` } };
}
