// Kong Gateway OSS 3.9 configured for partner mTLS through nginx directive injection (Kong OSS has
// no client-cert setting of its own): shared by the kind Deployment and the docker container.

import { jsonLogFormat, LOG_FORMAT_NAME } from '../nginx-log.ts';

export const KONG_IMAGE = 'kong:3.9.3';

/**
 * proxy-cache's own shared dict. Its default (`kong_db_cache`) is Kong's entity cache, which Kong
 * purges on every `POST /config` (kong/db/declarative/import.lua:492) and every `kong reload`
 * (kong/runloop/handler.lua:747): cached answers would vanish whenever another demo changes the
 * config. Declared by directive injection, as Kong's own specs do
 * (spec/01-unit/03-conf_loader_spec.lua:469: `nginx_http_lua_shared_dict = "custom_cache 2m"`).
 */
export const PROXY_CACHE_DICT = 'mtls_proxy_cache';

export interface KongPaths {
  /** Directory holding tls.crt, tls.key and ca.crt (a cert-manager CA-issued Secret's layout). */
  certDir: string;
  /** The CRL file (PEM "X509 CRL"); it must exist and parse at start. */
  crlFile: string;
  declarativeFile: string;
}

/** Every value is a string: an unquoted `on` in YAML would become `true` and break nginx. */
export function kongEnv(p: KongPaths): Record<string, string> {
  return {
    KONG_DATABASE: 'off',
    KONG_DECLARATIVE_CONFIG: p.declarativeFile,
    KONG_PROXY_LISTEN: '0.0.0.0:8443 ssl',
    KONG_ADMIN_LISTEN: '0.0.0.0:8001',
    KONG_STATUS_LISTEN: '0.0.0.0:8100',
    KONG_SSL_CERT: `${p.certDir}/tls.crt`,
    KONG_SSL_CERT_KEY: `${p.certDir}/tls.key`,
    KONG_NGINX_PROXY_SSL_VERIFY_CLIENT: 'on',
    KONG_NGINX_PROXY_SSL_CLIENT_CERTIFICATE: `${p.certDir}/ca.crt`,
    KONG_NGINX_PROXY_SSL_VERIFY_DEPTH: '2',
    KONG_NGINX_PROXY_SSL_CRL: p.crlFile,
    KONG_SSL_PROTOCOLS: 'TLSv1.2 TLSv1.3',
    // Verify errors are logged at info; Kong's default (notice) hides them.
    KONG_LOG_LEVEL: 'info',
    // One JSON line per request with the probe's x-request-id and the nginx connection, so a probe's
    // verify error (error log, same connection) can be found (nginx-log.ts).
    KONG_NGINX_HTTP_LOG_FORMAT: jsonLogFormat(),
    KONG_PROXY_ACCESS_LOG: `/dev/stdout ${LOG_FORMAT_NAME}`,
    KONG_PROXY_ERROR_LOG: '/dev/stderr',
    KONG_ADMIN_ACCESS_LOG: '/dev/stdout',
    KONG_ADMIN_ERROR_LOG: '/dev/stderr',
    KONG_ROUTER_FLAVOR: 'traditional_compatible',
    KONG_NGINX_HTTP_LUA_SHARED_DICT: `${PROXY_CACHE_DICT} 5m`,
    // The image's entrypoint exports this only for the process it starts; `kong reload` run through
    // exec must see it too, or it renders nginx.conf with `daemon on` and differs from the running one.
    KONG_NGINX_DAEMON: 'off',
  };
}
