// The Kong declarative config (DB-less) for partner mTLS, shared by the kind and docker targets:
// one service + route per API version, one consumer per partner still on the list, the
// pre-function consumer mapping, a rate-limiting instance per consumer with a quota, and what the
// policy promises beyond that (policy-plugins.ts): headers, time-outs, a breaker, a cached route.
import type { Routes } from '../../config/routes.ts';
import { stringify } from 'yaml';
import { consumerMappingLua } from './lua.ts';
import type { GatewayPartner } from '../../gateway/partners.ts';
import type { CachePolicy, UpstreamPolicy } from '../../config/resilience.ts';
import { breakerUpstream, cacheRouteName, proxyCache, requestTransformer, serviceTimeouts, upstreamName, type KongUpstream } from './policy-plugins.ts';
import { PROXY_CACHE_DICT } from './kong-env.ts';

/** Kong's consumers are the gateway's partner table. */
export type KongPartner = GatewayPartner;

export interface KongConfigInput {
  partners: KongPartner[];
  routes: Routes;
  /** version name -> upstream base URL reachable from Kong. */
  upstreams: Record<string, string>;
  requestHeaders?: Record<string, string>;
  upstream?: UpstreamPolicy;
  cache?: CachePolicy;
}

export interface KongRoute {
  name: string;
  paths: string[];
  protocols: string[];
  strip_path: boolean;
}

export interface KongPlugin {
  name: string;
  consumer?: string;
  route?: string;
  config: Record<string, unknown>;
}

export interface KongService {
  name: string;
  url: string;
  routes: KongRoute[];
  connect_timeout?: number;
  write_timeout?: number;
  read_timeout?: number;
  retries?: number;
}

export interface KongConfig {
  _format_version: string;
  services: KongService[];
  upstreams?: KongUpstream[];
  consumers: { username: string }[];
  plugins: KongPlugin[];
}

/**
 * The declarative file Kong reads (at start and at every `kong reload`), for any target: YAML 1.1,
 * as Kong's parser reads it (an unquoted `on` would be a boolean there, so 1.1 output quotes it).
 */
export function declarativeYaml(config: KongConfig): string {
  // No anchors and aliases where two fields hold the same list (request-transformer's add and
  // replace headers): each is written out, as a person reading the file expects.
  return stringify(config, { version: '1.1', aliasDuplicateObjects: false });
}

/** host:port of a base URL (the port from the scheme when none is given). */
function hostPort(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || (u.protocol === 'https:' ? '443' : '80')}`;
}

export function buildKongConfig(input: KongConfigInput): KongConfig {
  const allowed = input.partners.filter((p) => p.allowed);
  const breaker = input.upstream?.breakerSeconds ? input.upstream : undefined;
  const versions = Object.entries(input.routes.versions);
  return {
    _format_version: '3.0',
    services: versions.map(([version, route]) => ({
      name: `consumer-${version}`,
      // Through its upstream when there is a breaker: the service's host names it.
      url: breaker ? `http://${upstreamName(version)}` : (input.upstreams[version] ?? ''),
      ...serviceTimeouts(input.upstream),
      // Keep the path: the versioned backends see what the partner asked for.
      routes: [
        { name: `consumer-${version}`, paths: [route.path], protocols: ['https'], strip_path: false },
        ...(input.cache?.version === version ? [{ name: cacheRouteName(input.cache), paths: [input.cache.path], protocols: ['https'], strip_path: false }] : []),
      ],
    })),
    // A version without a base URL gets an empty target, which kongConfigProblems reports.
    ...(breaker ? { upstreams: versions.map(([version]) => breakerUpstream(version, input.upstreams[version] ? hostPort(input.upstreams[version]) : '', breaker)) } : {}),
    consumers: allowed.map((p) => ({ username: p.name })),
    plugins: [
      { name: 'pre-function', config: { access: [consumerMappingLua(new Map(allowed.map((p) => [p.subject, p.name])))] } },
      ...allowed
        .filter((p) => p.perMinute !== undefined)
        .map((p) => ({ name: 'rate-limiting', consumer: p.name, config: { minute: p.perMinute, policy: 'local', limit_by: 'consumer' } })),
      ...requestTransformer(input.requestHeaders),
      ...(input.cache ? [proxyCache(input.cache)] : []),
    ],
  };
}

const FORMAT_VERSIONS = ['1.1', '2.1', '3.0'];
const KNOWN_PLUGINS = ['pre-function', 'rate-limiting', 'request-transformer', 'proxy-cache'];

/** Checks of one plugin's config, by plugin name (each against its schema at 3.9.3). */
const PLUGIN_CHECKS: Record<string, (p: KongPlugin) => string[]> = {
  'rate-limiting': (p) => {
    const out: string[] = [];
    const minute = p.config.minute;
    if (typeof minute !== 'number' || !Number.isInteger(minute) || minute <= 0) out.push(`rate-limiting for ${p.consumer}: minute must be a positive integer`);
    if (p.config.limit_by !== 'consumer') out.push(`rate-limiting for ${p.consumer}: limit_by must be consumer (else Kong falls back to the client IP)`);
    return out;
  },
  'pre-function': (p) => (Array.isArray(p.config.access) ? [] : ['pre-function: config.access must be a list of Lua chunks']),
  'request-transformer': (p) =>
    ['replace', 'add'].flatMap((op) => {
      const headers = (p.config[op] as { headers?: unknown } | undefined)?.headers;
      if (!Array.isArray(headers)) return [`request-transformer: config.${op}.headers must be a list`];
      return headers.filter((h) => typeof h !== 'string' || !/^[^:]+:.*$/.test(h)).map((h) => `request-transformer: config.${op}.headers entry ${JSON.stringify(h)} is not "name:value"`);
    }),
  'proxy-cache': (p) => {
    const out: string[] = [];
    if (p.config.strategy !== 'memory') out.push('proxy-cache: config.strategy must be memory (the only strategy Kong OSS ships)');
    const ttl = p.config.cache_ttl;
    if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl <= 0) out.push('proxy-cache: config.cache_ttl must be a positive integer');
    if (p.route === undefined) out.push('proxy-cache: must be scoped to the cached route, or it caches every route');
    const dict = (p.config.memory as { dictionary_name?: unknown } | undefined)?.dictionary_name ?? 'kong_db_cache';
    if (dict !== PROXY_CACHE_DICT) out.push(`proxy-cache: config.memory.dictionary_name ${JSON.stringify(dict)} is not its own dict (${PROXY_CACHE_DICT}): Kong purges kong_db_cache on every POST /config and kong reload, and a cached answer would vanish when another demo changes the config`);
    return out;
  },
};

const TIMEOUT_MAX = 2 ** 31 - 2; // services.lua: nonzero_timeout between 1 and 2^31-2

function serviceProblems(s: KongService, upstreams: ReadonlySet<string>): string[] {
  const out: string[] = [];
  if (!/^https?:\/\/[^/]+/.test(s.url)) out.push(`service ${s.name}: url "${s.url}" is not an http(s) URL`);
  else if (new URL(s.url).hostname.endsWith('.upstream') && !upstreams.has(new URL(s.url).hostname)) out.push(`service ${s.name}: its host ${new URL(s.url).hostname} names no upstream`);
  if (s.routes.length === 0) out.push(`service ${s.name} has no route`);
  for (const r of s.routes) {
    if (r.paths.some((p) => !p.startsWith('/'))) out.push(`route ${r.name}: paths must start with "/"`);
    if (!r.protocols.every((p) => p === 'https' || p === 'http')) out.push(`route ${r.name}: unknown protocol`);
  }
  for (const key of ['connect_timeout', 'write_timeout', 'read_timeout'] as const) {
    const t = s[key];
    if (t !== undefined && (!Number.isInteger(t) || t < 1 || t > TIMEOUT_MAX)) out.push(`service ${s.name}: ${key} must be an integer from 1 to ${TIMEOUT_MAX} (ms)`);
  }
  if (s.retries !== undefined && (!Number.isInteger(s.retries) || s.retries < 0 || s.retries > 32767)) out.push(`service ${s.name}: retries must be an integer from 0 to 32767`);
  return out;
}

function upstreamProblems(u: KongUpstream): string[] {
  const out: string[] = [];
  if (u.targets.length === 0) out.push(`upstream ${u.name} has no target`);
  for (const t of u.targets) if (!/^[^:/\s]+:\d+$/.test(t.target)) out.push(`upstream ${u.name}: target "${t.target}" is not host:port`);
  const hc = u.healthchecks as { active?: { unhealthy?: { interval?: unknown } }; passive?: { unhealthy?: { tcp_failures?: unknown; timeouts?: unknown } } };
  if (!(Number(hc.passive?.unhealthy?.tcp_failures) > 0 || Number(hc.passive?.unhealthy?.timeouts) > 0)) out.push(`upstream ${u.name}: passive health checks count no failure, so no breaker trips`);
  if (!(Number(hc.active?.unhealthy?.interval) > 0)) out.push(`upstream ${u.name}: no active check of an unhealthy target, so Kong never lets it back in`);
  return out;
}

/**
 * The fields Kong requires of a declarative config, checked on paper (Kong cannot run here):
 * `_format_version` one Kong accepts, services with a URL and routes with absolute paths,
 * unique consumers, plugins Kong OSS ships whose consumer or route exists, each plugin's config
 * as its schema wants it, time-outs in range, upstreams whose breaker can trip and close.
 */
export function kongConfigProblems(c: KongConfig): string[] {
  const problems: string[] = [];
  if (!FORMAT_VERSIONS.includes(c._format_version)) problems.push(`_format_version "${c._format_version}" is not one of ${FORMAT_VERSIONS.join(', ')}`);
  const upstreams = new Set<string>();
  for (const u of c.upstreams ?? []) {
    if (upstreams.has(u.name)) problems.push(`upstream ${u.name} is defined twice`);
    upstreams.add(u.name);
    problems.push(...upstreamProblems(u));
  }
  const names = new Set<string>();
  for (const s of c.services) {
    if (names.has(s.name)) problems.push(`service ${s.name} is defined twice`);
    names.add(s.name);
    problems.push(...serviceProblems(s, upstreams));
  }
  const routes = new Set(c.services.flatMap((s) => s.routes.map((r) => r.name)));
  const consumers = new Set<string>();
  for (const u of c.consumers) {
    if (consumers.has(u.username)) problems.push(`consumer ${u.username} is defined twice`);
    consumers.add(u.username);
  }
  for (const p of c.plugins) {
    if (!KNOWN_PLUGINS.includes(p.name)) problems.push(`plugin ${p.name} is not one this config may use`);
    if (p.consumer !== undefined && !consumers.has(p.consumer)) problems.push(`plugin ${p.name} names consumer ${p.consumer}, which is not defined`);
    if (p.route !== undefined && !routes.has(p.route)) problems.push(`plugin ${p.name} names route ${p.route}, which is not defined`);
    problems.push(...(PLUGIN_CHECKS[p.name]?.(p) ?? []));
  }
  return problems;
}
