// Renders the reference gateway's nginx.conf from the partner policy. It behaves as Kong OSS with
// nginx-level mTLS does (docs/targets.md: the kong-oss oracle): nginx's own 400 pages for certificate
// errors, 401 JSON for an unknown partner, 429 JSON per partner, gateway-set identity headers.
import { policyPromises, type Policy } from '../../config/policy.ts';
import type { Routes } from '../../config/routes.ts';
import type { FaultName } from './faults.ts';
import { jsonLogFormat, LOG_FORMAT_NAME } from '../nginx-log.ts';
import type { GatewayPartner } from '../../gateway/partners.ts';
import type { CachePolicy, UpstreamPolicy } from '../../config/resilience.ts';
import { cacheLocation, httpSettings, sharedDependency, upstreamErrorPages, upstreams } from './nginx-resilience.ts';

export interface NginxModel {
  prefix: string;
  port: number;
  /** version name -> backend port */
  backends: Record<string, number>;
  routes: Routes;
  files: { serverCert: string; serverKey: string; clientCa: string; crl: string };
  partners: GatewayPartner[];
  faults: ReadonlySet<FaultName>;
  /** Headers set on every proxied request (Kong's request-transformer replace + add). */
  requestHeaders?: Record<string, string>;
  /** Time-out and circuit breaker for a sick backend (policy upstream). */
  upstream?: UpstreamPolicy;
  /** The route cached per partner (policy cache). */
  cache?: CachePolicy;
  /**
   * kong-oss (default): nginx's own 400 pages for certificate errors, as Kong OSS with injected
   * ssl_verify_client. kong-enterprise: 401 JSON as the mtls-auth plugin answers, to test that oracle.
   */
  flavor?: 'kong-oss' | 'kong-enterprise';
  /** The workers' user, when nginx is started by root (else nginx ignores it, with a warning). */
  workerUser?: string;
}

/** Where one run (or a rendering) puts things: everything of the model that is not the policy's. */
export type NginxPlacement = Pick<NginxModel, 'prefix' | 'port' | 'backends' | 'files' | 'partners' | 'faults'> & Pick<Partial<NginxModel>, 'flavor' | 'workerUser'>;

/** The model of a gateway built from the policy: its routes and promised headers come from it, so a run and `render` cannot differ in them. */
export function nginxModel(policy: Policy, at: NginxPlacement): NginxModel {
  return { ...at, routes: policy.routes, ...policyPromises(policy) };
}

/**
 * nginx string literal: double-quoted, with quotes and backslashes escaped. nginx has no escape for
 * "$" (it reads a variable), so a value holding one is refused, as a line break is: the policy's
 * checks refuse both first.
 */
export function quote(value: string): string {
  if (/[\r\n$]/.test(value)) throw new Error('line breaks and "$" cannot go into an nginx value');
  return `"${value.replace(/(["\\])/g, '\\$1')}"`;
}

function zoneName(partner: string): string {
  return `rl_${partner.replace(/-/g, '_')}`;
}

// Kong Enterprise's mtls-auth: a missing cert and a failed one are both 401 JSON. With
// `ssl_verify_client optional`, nginx hands a failed cert to error_page 495 and lets a missing one through.
const ENTERPRISE_REFUSALS = [
  '    error_page 495 =401 @tls_failed;',
  '    if ($ssl_client_verify = NONE) {',
  `      return 401 '{"message":"No required TLS certificate was sent"}\\n';`,
  '    }',
];

const UNAUTHORIZED = `'{"message":"Unauthorized: client certificate does not belong to a known partner"}\\n'`;
const NOT_FOUND = `'{"message":"no Route matched with those values"}\\n'`;
const RATE_LIMITED = `'{"message":"API rate limit exceeded"}\\n'`;
// Kong's ip-restriction default (kong/plugins/ip-restriction/handler.lua, 3.9.3).
const IP_NOT_ALLOWED = `'{"message":"IP address not allowed: $remote_addr"}\\n'`;

/** Subjects are long map keys: size the hash buckets for the longest one (a power of two). */
function bucketSize(m: NginxModel): number {
  const longest = Math.max(0, ...m.partners.map((p) => p.subject.length + 'SUCCESS|'.length));
  let size = 64;
  while (size < longest + 32) size *= 2;
  return size;
}

function allowlist(m: NginxModel): string[] {
  // Keyed on the verify result too: a subject is only trusted once nginx verified the chain.
  // The verify-optional fault trusts the subject alone, as a naively configured gateway would.
  const trustSubjectAlone = m.faults.has('verify-optional');
  const key = trustSubjectAlone ? '$ssl_client_s_dn' : '"$ssl_client_verify|$ssl_client_s_dn"';
  const entries = m.partners
    .filter((p) => p.allowed || m.faults.has('offboard-ignored'))
    .filter((p) => !(p.onboarded && m.faults.has('onboard-ignored')))
    .map((p) => `    ${quote(trustSubjectAlone ? p.subject : `SUCCESS|${p.subject}`)} ${quote(p.name)};`);
  return [`  map_hash_bucket_size ${bucketSize(m)};`, `  map ${key} $partner {`, '    default "";', ...entries, '  }'];
}

/**
 * Kong's ip-restriction on a consumer: a partner held to source addresses is refused from any other
 * with 403 JSON, after it is known (401 first) and before its quota counts (429 after).
 */
function ipAllowlist(m: NginxModel): { maps: string[]; check: string[] } {
  const held = m.partners.filter((p) => p.sourceAddresses && p.sourceAddresses.length > 0);
  if (held.length === 0 || m.faults.has('no-ip-allowlist')) return { maps: [], check: [] };
  const okVar = (name: string): string => `$ip_ok_${name.replace(/-/g, '_')}`;
  const maps = held.flatMap((p) => [`  geo ${okVar(p.name)} {`, '    default 0;', ...p.sourceAddresses!.map((a) => `    ${a} 1;`), '  }']);
  maps.push('  map $partner $ip_ok {', '    default 1;', ...held.map((p) => `    ${quote(p.name)} ${okVar(p.name)};`), '  }');
  return { maps, check: ['    if ($ip_ok = 0) {', `      return 403 ${IP_NOT_ALLOWED};`, '    }'] };
}

function rateLimitZones(m: NginxModel): { zones: string[]; perLocation: string[] } {
  if (m.faults.has('no-rate-limit')) return { zones: [], perLocation: [] };
  const limited = m.partners.filter((p) => p.perMinute !== undefined);
  if (m.faults.has('shared-rate-limit') && limited.length > 0) {
    // One zone at the most generous rate: no partner is limited at its own, smaller quota.
    const rate = Math.max(...limited.map((p) => p.perMinute as number));
    return {
      zones: ['  map $partner $rl_shared_key { "" ""; default "all-partners"; }', `  limit_req_zone $rl_shared_key zone=rl_shared:1m rate=${rate}r/m;`],
      perLocation: [`      limit_req zone=rl_shared burst=${rate - 1} nodelay;`],
    };
  }
  const zones: string[] = [];
  const perLocation: string[] = [];
  for (const p of limited) {
    const zone = zoneName(p.name);
    // An empty key is not counted, so each zone only ever sees its own partner.
    zones.push(`  map $partner $${zone}_key { ${quote(p.name)} $ssl_client_s_dn; default ""; }`);
    zones.push(`  limit_req_zone $${zone}_key zone=${zone}:1m rate=${p.perMinute}r/m;`);
    // burst=N nodelay admits N+1 at once; burst=N-1 admits exactly the quota.
    perLocation.push(`      limit_req zone=${zone} burst=${(p.perMinute as number) - 1} nodelay;`);
  }
  return { zones, perLocation };
}

function tlsSettings(m: NginxModel): string[] {
  const protocols = m.faults.has('tls-legacy')
    ? // OpenSSL 3 offers TLS 1.0/1.1 only at security level 0.
      ['    ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;', '    ssl_ciphers DEFAULT:@SECLEVEL=0;']
    : // nginx 1.22 leaves TLS 1.3 off unless it is named.
      ['    ssl_protocols TLSv1.2 TLSv1.3;'];
  const sessions = m.faults.has('session-cache-shared')
    ? ['    ssl_session_cache shared:SSL:1m;', '    ssl_session_tickets off;']
    : // No server-side session store, and ticket keys made afresh at every (re)load: a session from
      // before a CRL change cannot be resumed after it, so revocation holds for resumption too.
      ['    ssl_session_cache none;', '    ssl_session_tickets on;'];
  return [...protocols, ...sessions];
}

function identityHeaders(m: NginxModel): string[] {
  // proxy_set_header replaces a client-sent header of the same name (an empty value drops it), so
  // every identity header Kong owns is set or cleared here and no client can spoof one.
  const consumer = m.faults.has('spoofable-identity') ? '$consumer_claimed' : '$partner';
  if (m.faults.has('no-identity-headers')) return [];
  return [
    `      proxy_set_header X-Consumer-Username ${consumer};`,
    '      proxy_set_header X-Consumer-ID $partner;',
    '      proxy_set_header X-Consumer-Custom-ID "";',
    '      proxy_set_header X-Credential-Identifier $ssl_client_serial;',
    '      proxy_set_header X-Anonymous-Consumer "";',
    '      proxy_set_header X-Client-DN $ssl_client_s_dn;',
    '      proxy_set_header X-Client-Serial $ssl_client_serial;',
    '      proxy_set_header X-Client-Verify $ssl_client_verify;',
  ];
}

/** proxy_set_header replaces whatever the client sent under that name: a client cannot pre-set one. */
function requestHeaders(m: NginxModel): string[] {
  if (m.faults.has('no-request-transform')) return [];
  return Object.entries(m.requestHeaders ?? {}).map(([name, value]) => `      proxy_set_header ${name} ${quote(value)};`);
}

function locations(m: NginxModel, limits: string[]): string[] {
  const names = Object.keys(m.routes.versions);
  const shared = sharedDependency(m);
  // What every location that proxies to `version` does: quota, proxy, headers, Via.
  const proxied = (version: string): string[] => {
    // swap-versions sends each version to the next one's backend.
    const i = names.indexOf(version);
    const target = m.faults.has('swap-versions') && names.length > 1 ? names[(i + 1) % names.length]! : version;
    return [
      ...limits,
      ...shared.forVersion(version),
      `      proxy_pass http://backend_${target};`,
      ...identityHeaders(m),
      ...requestHeaders(m),
      '      add_header Via "1.1 mtls-reference-gateway" always;',
    ];
  };
  const out = names.flatMap((name) => [`    location ${m.routes.versions[name]!.path} {`, ...proxied(name), '    }']);
  return [...out, ...cacheLocation(m, proxied), ...shared.location];
}

export function renderNginxConfig(m: NginxModel): string {
  const { zones, perLocation } = rateLimitZones(m);
  const ip = ipAllowlist(m);
  const spoofMap = m.faults.has('spoofable-identity')
    ? ['  map $http_x_consumer_username $consumer_claimed { "" $partner; default $http_x_consumer_username; }']
    : [];
  const enterprise = m.flavor === 'kong-enterprise';
  const verify = m.faults.has('verify-optional') ? 'optional_no_ca' : enterprise ? 'optional' : 'on';
  const crl = m.faults.has('no-crl') ? [] : [`    ssl_crl ${quote(m.files.crl)};`];
  return [
    '# Rendered by mtls-conformance for one run; do not edit.',
    ...(m.workerUser ? [`user ${m.workerUser};`] : []),
    'worker_processes 1;',
    'daemon off;',
    `pid ${quote(`${m.prefix}/nginx.pid`)};`,
    `error_log ${quote(`${m.prefix}/logs/error.log`)} info;`,
    'events { worker_connections 256; }',
    'http {',
    '  client_body_temp_path tmp/body; proxy_temp_path tmp/proxy; fastcgi_temp_path tmp/fastcgi;',
    '  uwsgi_temp_path tmp/uwsgi; scgi_temp_path tmp/scgi;',
    '  default_type application/json;',
    '  server_tokens off;',
    `  log_format ${jsonLogFormat({ partner: '"$partner"', upstream: '"$upstream_addr"' })};`,
    m.faults.has('no-audit-log') ? '  access_log off;' : `  access_log ${quote(`${m.prefix}/logs/access.json`)} ${LOG_FORMAT_NAME};`,
    '  proxy_http_version 1.1;',
    '  proxy_set_header Connection "";',
    ...allowlist(m),
    ...ip.maps,
    ...spoofMap,
    ...zones,
    '  limit_req_status 429;',
    ...httpSettings(m),
    ...upstreams(m),
    '  server {',
    `    listen 127.0.0.1:${m.port} ssl;`,
    '    server_name localhost;',
    `    ssl_certificate ${quote(m.files.serverCert)};`,
    `    ssl_certificate_key ${quote(m.files.serverKey)};`,
    ...tlsSettings(m),
    `    ssl_client_certificate ${quote(m.files.clientCa)};`,
    `    ssl_verify_client ${verify};`,
    // A partner's leaf, an issuing CA it presents, the root: as Kong is set (kong-env.ts).
    '    ssl_verify_depth 2;',
    ...crl,
    '    error_page 429 @rate_limited;',
    ...upstreamErrorPages(m),
    ...(enterprise ? ENTERPRISE_REFUSALS : []),
    // Kong answers an unknown consumer from its pre-function, before any route's plugins run.
    '    if ($partner = "") {',
    `      return 401 ${UNAUTHORIZED};`,
    '    }',
    ...ip.check,
    ...locations(m, perLocation),
    ...(enterprise ? ['    location @tls_failed {', `      return 401 '{"message":"TLS certificate failed verification"}\\n';`, '    }'] : []),
    '    location @rate_limited {',
    `      return 429 ${RATE_LIMITED};`,
    '    }',
    '    location / {',
    `      return 404 ${NOT_FOUND};`,
    '    }',
    '  }',
    '}',
    '',
  ].join('\n');
}
