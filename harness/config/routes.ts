// The `routes:` section, shared by the local policy and the external target file (docs/targets.md).
// A route is a plain absolute path: it only ever names a path on the gateway's own origin (no
// "//host", no "\\", no scheme, query or dot segment), and it goes as it is into nginx's and
// Kong's config, so it holds nothing either could read as syntax. A version's name is a name as a
// partner's is: it names nginx upstreams and Kong services.
import { join, mapping, text, isObject, Problems, type Json } from './shape.ts';
import { shownValue } from './shown.ts';

/** Path segments of unreserved characters (RFC 3986), one slash apart; "/" alone is the root. */
const ROUTE_PATH = /^(\/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)*\/?$/;
/** Lowercase letters, digits and dashes: what every gateway config can carry as a name. */
export const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Why `p` is not a plain absolute path on the gateway (undefined: it is one). */
export function checkRoutePath(p: string): string | undefined {
  if (p.length > 200) return 'is longer than 200 characters';
  if (!ROUTE_PATH.test(p) || /\/\.{1,2}(\/|$)/.test(p)) {
    return `must be a plain absolute path like /v1/consumer (segments of letters, digits and - . _ ~, one slash apart; no query, no // and no \\), found ${shownValue(p)}`;
  }
  return undefined;
}

export interface RouteExpect {
  bodyIncludes?: string;
  header?: { name: string; value: string };
}

export interface VersionRoute {
  path: string;
  expect: RouteExpect;
}

export interface Routes {
  default: string;
  versions: Record<string, VersionRoute>;
  /** A path under a version prefix that no backend serves: the gateway must answer 404. */
  unknownVersion?: string;
}

export function routePath(value: Json, path: string, problems: Problems, required = true): string | undefined {
  const p = text(value, path, problems, required);
  const problem = p === undefined ? undefined : checkRoutePath(p);
  if (problem) {
    problems.add(path, problem);
    return undefined;
  }
  return p;
}

function parseExpect(value: Json, path: string, problems: Problems): RouteExpect {
  const m = mapping(value, path, ['bodyIncludes', 'header'], problems);
  if (!m) return {};
  const expect: RouteExpect = {};
  if (m.bodyIncludes !== undefined) expect.bodyIncludes = text(m.bodyIncludes, join(path, 'bodyIncludes'), problems);
  if (m.header !== undefined) {
    const h = mapping(m.header, join(path, 'header'), ['name', 'value'], problems);
    const name = h && text(h.name, join(path, 'header.name'), problems);
    const val = h && text(h.value, join(path, 'header.value'), problems);
    if (name && val) expect.header = { name: name.toLowerCase(), value: val };
  }
  if (m.bodyIncludes === undefined && m.header === undefined) {
    problems.add(path, 'needs bodyIncludes and/or header, so that a response can be told to come from this version');
  }
  return expect;
}

export function parseRoutes(value: Json, path: string, problems: Problems): Routes | undefined {
  const m = mapping(value, path, ['default', 'versions', 'unknownVersion'], problems);
  if (!m) return undefined;
  const def = routePath(m.default, join(path, 'default'), problems);
  const versions: Record<string, VersionRoute> = {};
  if (m.versions !== undefined) {
    const vs = mapping(m.versions, join(path, 'versions'), Object.keys(isObject(m.versions) ? m.versions : {}), problems);
    for (const [name, raw] of Object.entries(vs ?? {})) {
      const vpath = join(join(path, 'versions'), name);
      if (!NAME.test(name)) {
        problems.add(vpath, `the version name must be lowercase letters, digits and dashes, found ${shownValue(name)}`);
        continue;
      }
      const v = mapping(raw, vpath, ['path', 'expect'], problems);
      if (!v) continue;
      const p = routePath(v.path, join(vpath, 'path'), problems);
      if (v.expect === undefined) problems.add(join(vpath, 'expect'), 'is required');
      const expect = v.expect === undefined ? {} : parseExpect(v.expect, join(vpath, 'expect'), problems);
      if (p) versions[name] = { path: p, expect };
    }
  }
  const unknownVersion = routePath(m.unknownVersion, join(path, 'unknownVersion'), problems, false);
  if (def === undefined) return undefined;
  return { default: def, versions, ...(unknownVersion ? { unknownVersion } : {}) };
}

/** The version whose route `path` is (or lies under); undefined when none. */
export function versionOfPath(routes: Routes, path: string): string | undefined {
  const bare = path.split('?')[0]!;
  return Object.entries(routes.versions).find(([, r]) => bare === r.path || bare.startsWith(`${r.path.replace(/\/$/, '')}/`))?.[0];
}
