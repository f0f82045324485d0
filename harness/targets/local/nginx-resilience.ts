// The reference gateway's side of the guide's Scenario 5, as Kong does it: the backends' upstream
// groups with a time-out and a circuit breaker, Kong's own words when a backend fails it, and the
// route it caches per partner (proxy-cache). Rendered into nginx-config.ts's http and server blocks.
import type { CachePolicy, UpstreamPolicy } from '../../config/resilience.ts';
import type { FaultName } from './faults.ts';

export interface ResilienceModel {
  prefix: string;
  /** version name -> backend port */
  backends: Record<string, number>;
  faults: ReadonlySet<FaultName>;
  upstream?: UpstreamPolicy;
  cache?: CachePolicy;
}

// Kong's words (kong/error_handlers.lua and kong/runloop/balancer/init.lua, 3.9.3).
const BAD_GATEWAY = `'{"message":"An invalid response was received from the upstream server"}\\n'`;
const TIMING_OUT = `'{"message":"The upstream server is timing out"}\\n'`;
const NO_HEALTHY_PEER = `'{"message":"failure to get a peer from the ring-balancer"}\\n'`;

/** The placeholder nothing listens on (see upstreams()). */
const BREAKER_SOCKET = 'breaker-open.sock';

/**
 * One group per version. With a breaker, the backend is marked failed for breakerSeconds after one
 * failure (max_fails=1 fail_timeout), and requests then go to a backup that nothing listens on, so
 * they fail at once. nginx never marks a group's only server failed (ngx_http_upstream_round_robin.c:
 * a single peer skips the accounting), hence the placeholder.
 */
export function upstreams(m: ResilienceModel): string[] {
  const breaker = m.upstream?.breakerSeconds;
  return Object.entries(m.backends).flatMap(([name, port]) =>
    breaker
      ? [
          `  upstream backend_${name} {`,
          `    server 127.0.0.1:${port} max_fails=1 fail_timeout=${breaker}s;`,
          `    server unix:${m.prefix}/${BREAKER_SOCKET} backup max_fails=0;`,
          '    keepalive 4;',
          '  }',
        ]
      : [`  upstream backend_${name} { server 127.0.0.1:${port}; keepalive 4; }`],
  );
}

/** http-level: how long a backend may take (no-upstream-timeout: nginx's own 60 s), and the cache's store. */
export function httpSettings(m: ResilienceModel): string[] {
  const out: string[] = [];
  if (m.upstream && !m.faults.has('no-upstream-timeout')) {
    const t = `${m.upstream.timeoutMs}ms`;
    out.push(`  proxy_connect_timeout ${t}; proxy_send_timeout ${t}; proxy_read_timeout ${t};`);
  }
  // One try per request: a retry would multiply the wait a partner sees (Kong: the service's retries: 0).
  out.push('  proxy_next_upstream off;');
  if (m.cache) out.push('  proxy_cache_path cache levels=1:2 keys_zone=partner_cache:1m max_size=16m inactive=10m use_temp_path=off;');
  // The breaker is open when the request was sent to the placeholder, not to the backend.
  if (m.upstream?.breakerSeconds) out.push(`  map $upstream_addr $breaker_open { ~${BREAKER_SOCKET} 1; default 0; }`);
  return out;
}

/** server-level: the backend's failures answered in Kong's words, never as nginx's HTML pages. */
export function upstreamErrorPages(m: ResilienceModel): string[] {
  const breakerOpen = m.upstream?.breakerSeconds ? ['      if ($breaker_open) {', `        return 503 ${NO_HEALTHY_PEER};`, '      }'] : [];
  return [
    // "=": the named location's own status (503 when the breaker is open), not the 502 that led there.
    '    error_page 502 = @bad_gateway;',
    '    error_page 504 = @timing_out;',
    '    location @bad_gateway {',
    ...breakerOpen,
    `      return 502 ${BAD_GATEWAY};`,
    '    }',
    '    location @timing_out {',
    `      return 504 ${TIMING_OUT};`,
    '    }',
  ];
}

/**
 * outage-leaks: each version first asks the next version's backend (an auth_request to a check that
 * lives with it), as routes that share a dependency do, so one backend's outage takes another
 * version down with it, whichever backend fails.
 */
export function sharedDependency(m: ResilienceModel): { forVersion: (version: string) => string[]; location: string[] } {
  const names = Object.keys(m.backends);
  if (!m.faults.has('outage-leaks') || names.length < 2) return { forVersion: () => [], location: [] };
  const next = (name: string): string => names[(names.indexOf(name) + 1) % names.length]!;
  return {
    forVersion: (version) => [`      auth_request /_depends_on_${next(version)};`],
    location: names.flatMap((name) => [`    location = /_depends_on_${name} {`, '      internal;', `      proxy_pass http://backend_${name}/;`, '      proxy_pass_request_body off;', '    }']),
  };
}

/**
 * Kong's proxy-cache keys on the consumer (kong/plugins/proxy-cache/cache_key.lua: consumer and
 * route prefix the key) and says Hit or Miss in X-Cache-Status. cache-shared-key leaves the
 * partner out of the key, so one partner's cached answer is served to the next.
 */
export function cacheLocation(m: ResilienceModel, proxied: (version: string) => string[]): string[] {
  if (!m.cache) return [];
  const key = m.faults.has('cache-shared-key') ? '"$request_method|$request_uri"' : '"$partner|$request_method|$request_uri"';
  return [
    `    location ${m.cache.path} {`,
    '      proxy_cache partner_cache;',
    `      proxy_cache_key ${key};`,
    `      proxy_cache_valid 200 ${m.cache.ttlSeconds}s;`,
    '      add_header X-Cache-Status $upstream_cache_status always;',
    ...proxied(m.cache.version),
    '    }',
  ];
}
