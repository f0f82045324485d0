// The Kong declarative config (DB-less) for partner mTLS, shared by the kind and docker targets:
// one service + route per API version, one consumer per partner still on the list, the
// pre-function consumer mapping, and a rate-limiting instance per consumer with a quota.
import type { Routes } from '../../config/routes.ts';
import { stringify } from 'yaml';
import { consumerMappingLua } from './lua.ts';
import type { GatewayPartner } from '../../gateway/partners.ts';

/** Kong's consumers are the gateway's partner table. */
export type KongPartner = GatewayPartner;

export interface KongConfigInput {
  partners: KongPartner[];
  routes: Routes;
  /** version name -> upstream base URL reachable from Kong. */
  upstreams: Record<string, string>;
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
  config: Record<string, unknown>;
}

export interface KongConfig {
  _format_version: string;
  services: { name: string; url: string; routes: KongRoute[] }[];
  consumers: { username: string }[];
  plugins: KongPlugin[];
}

/**
 * The declarative file Kong reads (at start and at every `kong reload`), for any target: YAML 1.1,
 * as Kong's parser reads it (an unquoted `on` would be a boolean there, so 1.1 output quotes it).
 */
export function declarativeYaml(config: KongConfig): string {
  return stringify(config, { version: '1.1' });
}

export function buildKongConfig(input: KongConfigInput): KongConfig {
  const allowed = input.partners.filter((p) => p.allowed);
  return {
    _format_version: '3.0',
    services: Object.entries(input.routes.versions).map(([version, route]) => ({
      name: `consumer-${version}`,
      url: input.upstreams[version] ?? '',
      // Keep the path: the versioned backends see what the partner asked for.
      routes: [{ name: `consumer-${version}`, paths: [route.path], protocols: ['https'], strip_path: false }],
    })),
    consumers: allowed.map((p) => ({ username: p.name })),
    plugins: [
      { name: 'pre-function', config: { access: [consumerMappingLua(new Map(allowed.map((p) => [p.subject, p.name])))] } },
      ...allowed
        .filter((p) => p.perMinute !== undefined)
        .map((p) => ({ name: 'rate-limiting', consumer: p.name, config: { minute: p.perMinute, policy: 'local', limit_by: 'consumer' } })),
    ],
  };
}

const FORMAT_VERSIONS = ['1.1', '2.1', '3.0'];
const KNOWN_PLUGINS = ['pre-function', 'rate-limiting'];

/**
 * The fields Kong requires of a declarative config, checked on paper (Kong cannot run here):
 * `_format_version` one Kong accepts, services with a URL and routes with absolute paths,
 * unique consumers, plugins Kong OSS ships whose consumer exists, quotas that are positive integers.
 */
export function kongConfigProblems(c: KongConfig): string[] {
  const problems: string[] = [];
  if (!FORMAT_VERSIONS.includes(c._format_version)) problems.push(`_format_version "${c._format_version}" is not one of ${FORMAT_VERSIONS.join(', ')}`);
  const names = new Set<string>();
  for (const s of c.services) {
    if (names.has(s.name)) problems.push(`service ${s.name} is defined twice`);
    names.add(s.name);
    if (!/^https?:\/\/[^/]+/.test(s.url)) problems.push(`service ${s.name}: url "${s.url}" is not an http(s) URL`);
    if (s.routes.length === 0) problems.push(`service ${s.name} has no route`);
    for (const r of s.routes) {
      if (r.paths.some((p) => !p.startsWith('/'))) problems.push(`route ${r.name}: paths must start with "/"`);
      if (!r.protocols.every((p) => p === 'https' || p === 'http')) problems.push(`route ${r.name}: unknown protocol`);
    }
  }
  const consumers = new Set<string>();
  for (const u of c.consumers) {
    if (consumers.has(u.username)) problems.push(`consumer ${u.username} is defined twice`);
    consumers.add(u.username);
  }
  for (const p of c.plugins) {
    if (!KNOWN_PLUGINS.includes(p.name)) problems.push(`plugin ${p.name} is not one this config may use`);
    if (p.consumer !== undefined && !consumers.has(p.consumer)) problems.push(`plugin ${p.name} names consumer ${p.consumer}, which is not defined`);
    if (p.name === 'rate-limiting') {
      const minute = p.config.minute;
      if (typeof minute !== 'number' || !Number.isInteger(minute) || minute <= 0) problems.push(`rate-limiting for ${p.consumer}: minute must be a positive integer`);
      if (p.config.limit_by !== 'consumer') problems.push(`rate-limiting for ${p.consumer}: limit_by must be consumer (else Kong falls back to the client IP)`);
    }
    if (p.name === 'pre-function' && !Array.isArray(p.config.access)) problems.push('pre-function: config.access must be a list of Lua chunks');
  }
  return problems;
}
