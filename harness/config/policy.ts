// The partner policy (fixtures/policy.yaml): who the partners are and what the gateway promises
// them. The local target renders its gateway from it; demos read it through TargetInfo.
import { join, list, mapping, positiveInt, problemLines, Problems, text, type Json } from './shape.ts';
import { NAME, parseRoutes, type Routes } from './routes.ts';
import { shownValue } from './shown.ts';
import type { Subject } from '../pki/subject.ts';
import { readYamlFile } from './yaml-file.ts';
import { parseSourceAddresses } from './source-addresses.ts';
import { ConfigError } from '../util/errors.ts';
import { parseCache, parseUpstream, type CachePolicy, type UpstreamPolicy } from './resilience.ts';

export interface PartnerPolicy {
  name: string;
  subject: Subject;
  rateLimit?: { perMinute: number };
  /** A demo id that has this identity to itself (quotas and revocations are shared state). */
  reservedFor?: string;
  /** The only source addresses (IPs or CIDR ranges) the gateway lets this partner in from. */
  sourceAddresses?: string[];
}

export interface Policy {
  partners: PartnerPolicy[];
  routes: Routes;
  /** Headers the gateway sets on every partner request it proxies (Kong's request-transformer). */
  requestHeaders?: Record<string, string>;
  /** What the gateway promises when a backend is sick (Scenario 5). */
  upstream?: UpstreamPolicy;
  /** The route the gateway caches per partner (Scenario 5, proxy-cache). */
  cache?: CachePolicy;
}

/** Words nginx's map and geo blocks read as their own: a partner of that name would be one of them. */
const RESERVED_NAMES = ['default', 'include', 'hostnames', 'volatile'];

function parseSubject(value: Json, path: string, problems: Problems): Subject | undefined {
  const m = mapping(value, path, ['C', 'O', 'OU', 'CN'], problems);
  if (!m) return undefined;
  // Each value goes into a certificate and, as the gateway reports it, into its config.
  const part = (k: 'C' | 'O' | 'OU' | 'CN', required: boolean): string | undefined => {
    const v = text(m[k], join(path, k), problems, required);
    if (v !== undefined && /[\r\n\0$]/.test(v)) {
      problems.add(join(path, k), 'must be one line without "$" (gateway configs read it as a variable)');
      return undefined;
    }
    return v;
  };
  const CN = part('CN', true);
  const subject: Subject = { CN: CN ?? '' };
  for (const k of ['C', 'O', 'OU'] as const) {
    if (m[k] !== undefined) subject[k] = part(k, false);
  }
  return CN ? subject : undefined;
}

function parsePartner(value: Json, path: string, problems: Problems): PartnerPolicy | undefined {
  const m = mapping(value, path, ['name', 'subject', 'rateLimit', 'reservedFor', 'sourceAddresses'], problems);
  if (!m) return undefined;
  const name = text(m.name, join(path, 'name'), problems);
  if (name && !NAME.test(name)) problems.add(join(path, 'name'), `${shownValue(name)} must be lowercase letters, digits and dashes`);
  else if (name && RESERVED_NAMES.includes(name)) problems.add(join(path, 'name'), `"${name}" is a word gateway configs reserve (${RESERVED_NAMES.join(', ')}): choose another name`);
  const subject = parseSubject(m.subject, join(path, 'subject'), problems);
  const partner: PartnerPolicy = { name: name ?? '', subject: subject ?? { CN: '' } };
  if (m.rateLimit !== undefined) {
    const rl = mapping(m.rateLimit, join(path, 'rateLimit'), ['perMinute'], problems);
    const perMinute = rl && positiveInt(rl.perMinute, join(path, 'rateLimit.perMinute'), problems);
    if (perMinute) partner.rateLimit = { perMinute };
  }
  if (m.reservedFor !== undefined) partner.reservedFor = text(m.reservedFor, join(path, 'reservedFor'), problems);
  if (m.sourceAddresses !== undefined) {
    const addresses = parseSourceAddresses(m.sourceAddresses, join(path, 'sourceAddresses'), problems);
    if (addresses) partner.sourceAddresses = addresses;
  }
  return name && subject ? partner : undefined;
}

export function parsePolicy(value: Json): { policy?: Policy; problems: string[] } {
  const problems = new Problems();
  const top = mapping(value, '', ['partners', 'routes', 'requestHeaders', 'upstream', 'cache'], problems);
  if (!top) return { problems: problems.list };
  const partners: PartnerPolicy[] = [];
  (list(top?.partners, 'partners', problems) ?? []).forEach((raw, i) => {
    const p = parsePartner(raw, join('partners', i), problems);
    if (p) partners.push(p);
  });
  const seenNames = new Set<string>();
  const seenSubjects = new Set<string>();
  partners.forEach((p, i) => {
    if (seenNames.has(p.name)) problems.add(join(join('partners', i), 'name'), `"${p.name}" is used twice`);
    const dn = JSON.stringify(p.subject);
    if (seenSubjects.has(dn)) problems.add(join(join('partners', i), 'subject'), 'the same subject is used twice');
    seenNames.add(p.name);
    seenSubjects.add(dn);
  });
  if (top && partners.length > 0 && !partners.some((p) => !p.reservedFor)) {
    problems.add('partners', 'needs at least one partner without reservedFor');
  }
  const routes = top ? parseRoutes(top.routes, 'routes', problems) : undefined;
  const requestHeaders = top?.requestHeaders === undefined ? undefined : parseRequestHeaders(top.requestHeaders, 'requestHeaders', problems);
  const upstream = top?.upstream === undefined ? undefined : parseUpstream(top.upstream, 'upstream', problems);
  const cache = top?.cache === undefined ? undefined : parseCache(top.cache, 'cache', routes, problems);
  if (!problems.empty || !routes) return { problems: problems.list };
  return { policy: { partners, routes, ...(requestHeaders ? { requestHeaders } : {}), ...(upstream ? { upstream } : {}), ...(cache ? { cache } : {}) }, problems: [] };
}

// Letters, digits and dashes: every header name a gateway config can carry as it is.
const HEADER_NAME = /^[A-Za-z0-9][A-Za-z0-9-]*$/;

/** Header name -> value: names as HTTP allows them, values on one line (they go into a config file). */
function parseRequestHeaders(value: Json, path: string, problems: Problems): Record<string, string> | undefined {
  // Any names are allowed here: they are checked one by one below.
  const names = value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];
  const m = mapping(value, path, names, problems);
  if (!m) return undefined;
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(m)) {
    const at = join(path, name);
    if (!HEADER_NAME.test(name)) problems.add(at, `${shownValue(name)} is not a header name of letters, digits and dashes`);
    const v = text(raw, at, problems);
    if (v !== undefined && /[\r\n\0]/.test(v)) problems.add(at, 'a header value must be on one line');
    // nginx expands $name in a value, and has no escape for it: a value cannot hold one.
    else if (v !== undefined && v.includes('$')) problems.add(at, 'a header value cannot hold "$" (gateway configs read it as a variable)');
    else if (v !== undefined) out[name] = v;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** What the policy promises beyond partners and routes, as a gateway config carries it (nginx, Kong). */
export function policyPromises(p: Policy): Pick<Policy, 'requestHeaders' | 'upstream' | 'cache'> {
  return { ...(p.requestHeaders ? { requestHeaders: p.requestHeaders } : {}), ...(p.upstream ? { upstream: p.upstream } : {}), ...(p.cache ? { cache: p.cache } : {}) };
}

/** Load and validate a policy file; every problem becomes one line of a ConfigError. */
export function loadPolicy(file: string): Policy {
  const { policy, problems } = parsePolicy(readYamlFile(file, 'policy file'));
  if (!policy) throw new ConfigError(problemLines(file, problems));
  return policy;
}
