// The policy's promises for a sick backend and for caching (the guide's Scenario 5): how long the
// gateway may keep a partner waiting on a backend that does not answer, how long it then answers at
// once without trying that backend again (a circuit breaker), and the route it caches per partner.
import { join, mapping, positiveInt, type Json, type Problems } from './shape.ts';
import { routePath, versionOfPath, type Routes } from './routes.ts';

export interface UpstreamPolicy {
  /** The longest the gateway waits on a backend before it answers itself (Kong: the service's connect/read/write timeouts). */
  timeoutMs: number;
  /** After a backend fails, for how long the gateway answers at once instead of trying it (Kong: passive health checks; nginx: max_fails/fail_timeout). */
  breakerSeconds?: number;
}

export interface CachePolicy {
  /** A path the gateway caches, under one version's route (Kong: proxy-cache on that route). */
  path: string;
  /** The version whose route the path is under, and whose backend answers it. */
  version: string;
  ttlSeconds: number;
}

export function parseUpstream(value: Json, path: string, problems: Problems): UpstreamPolicy | undefined {
  const m = mapping(value, path, ['timeoutMs', 'breakerSeconds'], problems);
  if (!m) return undefined;
  const timeoutMs = positiveInt(m.timeoutMs, join(path, 'timeoutMs'), problems);
  const breakerSeconds = m.breakerSeconds === undefined ? undefined : positiveInt(m.breakerSeconds, join(path, 'breakerSeconds'), problems);
  if (timeoutMs === undefined) return undefined;
  return { timeoutMs, ...(breakerSeconds ? { breakerSeconds } : {}) };
}

/** The cached path must lie under a version's route: that version's backend answers it. */
export function parseCache(value: Json, path: string, routes: Routes | undefined, problems: Problems): CachePolicy | undefined {
  const m = mapping(value, path, ['path', 'ttlSeconds'], problems);
  if (!m) return undefined;
  const cachePath = routePath(m.path, join(path, 'path'), problems);
  const ttlSeconds = positiveInt(m.ttlSeconds, join(path, 'ttlSeconds'), problems);
  if (!cachePath || !ttlSeconds || !routes) return undefined;
  const version = versionOfPath(routes, cachePath);
  if (!version) {
    const prefixes = Object.values(routes.versions).map((r) => `${r.path}/`);
    problems.add(join(path, 'path'), `"${cachePath}" must lie under a version's route (${prefixes.join(' or ') || 'no versions are declared'}), so that its backend is known`);
    return undefined;
  }
  return { path: cachePath, version, ttlSeconds };
}
