// What the policy promises beyond mTLS and quotas, in Kong's terms (DB-less declarative, Kong 3.9.3):
// headers set on every partner request (request-transformer), a bounded wait and a circuit
// breaker for a sick backend (service time-outs; an upstream with health checks), and a route
// cached per consumer (proxy-cache). Each shape is read from the plugin's or entity's schema at
// 3.9.3; the files are named where they are used.
import type { CachePolicy, UpstreamPolicy } from '../../config/resilience.ts';
import { PROXY_CACHE_DICT } from './kong-env.ts';

export interface KongUpstream {
  name: string;
  targets: { target: string }[];
  healthchecks: Record<string, unknown>;
}

/** The name a service's host takes to reach a version through its upstream (a hostname: kong/db/schema/entities/upstreams.lua validate_name). */
export function upstreamName(version: string): string {
  return `consumer-${version}.upstream`;
}

/**
 * request-transformer (kong/plugins/request-transformer/schema.lua): `replace` overwrites a header
 * the client sent, `add` sets one it did not; together the backend gets the gateway's value, once.
 */
export function requestTransformer(headers: Record<string, string> | undefined): { name: string; config: Record<string, unknown> }[] {
  const pairs = Object.entries(headers ?? {}).map(([name, value]) => `${name}:${value}`);
  return pairs.length === 0 ? [] : [{ name: 'request-transformer', config: { replace: { headers: pairs }, add: { headers: pairs } } }];
}

/**
 * A service's time-outs (kong/db/schema/entities/services.lua: connect/write/read_timeout, ms;
 * retries): no retry, so a partner waits at most the one time-out the policy promises.
 */
export function serviceTimeouts(upstream: UpstreamPolicy | undefined): Record<string, number> {
  if (!upstream) return {};
  const t = upstream.timeoutMs;
  return { connect_timeout: t, write_timeout: t, read_timeout: t, retries: 0 };
}

/**
 * One upstream per version when the policy declares a breaker: one time-out marks the target
 * unhealthy (passive; with no retry Kong reports a refused connection as its 502, which the passive
 * check does not count: kong/runloop/handler.lua:1633), and an active check every breakerSeconds
 * brings it back once it answers (Kong never re-enables a target on passive checks alone).
 * Field names and defaults: kong/db/schema/entities/upstreams.lua (healthchecks_config).
 */
export function breakerUpstream(version: string, hostPort: string, upstream: UpstreamPolicy): KongUpstream {
  const seconds = upstream.breakerSeconds!;
  return {
    name: upstreamName(version),
    targets: [{ target: hostPort }],
    healthchecks: {
      active: { type: 'http', http_path: '/', timeout: Math.max(1, Math.ceil(upstream.timeoutMs / 1000)), healthy: { interval: 0, successes: 1 }, unhealthy: { interval: seconds, tcp_failures: 1, timeouts: 1, http_failures: 1 } },
      passive: { type: 'http', unhealthy: { tcp_failures: 1, timeouts: 1 } },
    },
  };
}

/** The cached route's name, on the service of the version it lies under. */
export function cacheRouteName(cache: CachePolicy): string {
  return `consumer-${cache.version}-cached`;
}

/**
 * proxy-cache on the cached route (kong/plugins/proxy-cache/schema.lua): memory strategy in its own
 * shared dict (kong-env.ts: PROXY_CACHE_DICT), the policy's time to live, JSON answers (an exact
 * content-type match). Its key starts with the consumer (cache_key.lua), and it says Hit or Miss in
 * X-Cache-Status (handler.lua).
 */
export function proxyCache(cache: CachePolicy): { name: string; route: string; config: Record<string, unknown> } {
  return { name: 'proxy-cache', route: cacheRouteName(cache), config: { strategy: 'memory', memory: { dictionary_name: PROXY_CACHE_DICT }, cache_ttl: cache.ttlSeconds, content_type: ['application/json'], response_code: [200], request_method: ['GET', 'HEAD'] } };
}

