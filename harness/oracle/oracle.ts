// Oracles (the table in docs/targets.md): for each gateway family, which forms count as the expected answer.
import { describeOutcome, type Outcome } from '../probe/outcome.ts';
import { FORM_WORDS, formOf, type Form } from './forms.ts';

export const ORACLE_NAMES = ['kong-oss', 'kong-enterprise', 'tls', 'any'] as const;
export type OracleName = (typeof ORACLE_NAMES)[number];

export type Expectation =
  | 'accepted'
  | 'no-cert' //          no client certificate presented
  | 'cert-rejected' //    untrusted, self-signed, expired, not yet valid, revoked
  | 'unknown-partner' //  a valid cert whose subject is not (or no longer) a consumer
  | 'ip-not-allowed' //   a known partner from a source address its allowlist does not name
  | 'rate-limited'
  | 'route-not-found'
  | 'protocol-refused' // a TLS version the gateway must not speak: the handshake fails
  | 'upstream-unavailable'; // the backend is down or hung: the gateway answers itself, 502/503/504

export interface Verdict {
  ok: boolean;
  form: Form;
  /** One line for the report: what was expected, what was seen. */
  reason: string;
  /** Passed, but with something a reader should know (e.g. the listener does not require client certs at TLS). */
  warning?: string;
}

type Table = Record<Expectation, readonly Form[]>;

const TLS_REFUSAL: readonly Form[] = ['tls-alert', 'connection-closed'];
const ANY_401: readonly Form[] = ['unauthorized-json', 'mtls-auth-no-cert', 'mtls-auth-cert-failed'];
/** Refusals a gateway makes in HTTP after TLS let the client through (an auth plugin, not the TLS layer). */
const APP_LEVEL: readonly Form[] = [...ANY_401, 'forbidden-json', 'other-refusal'];
const COMMON = {
  accepted: ['accepted'],
  'rate-limited': ['rate-limited-json'],
  'route-not-found': ['route-not-found'],
  // Every family refuses an old protocol version in the handshake (nginx: protocol_version alert).
  'protocol-refused': TLS_REFUSAL,
  'upstream-unavailable': ['upstream-failed'],
} as const;

const TABLES: Record<OracleName, Table> = {
  'kong-oss': {
    ...COMMON,
    'no-cert': ['nginx-no-cert-page'],
    'cert-rejected': ['nginx-cert-error-page'],
    'unknown-partner': ['unauthorized-json'],
    // Kong's ip-restriction plugin: 403 JSON (its message can be configured, its form cannot).
    'ip-not-allowed': ['forbidden-json'],
  },
  'kong-enterprise': {
    ...COMMON,
    'no-cert': ['mtls-auth-no-cert'],
    'cert-rejected': ['mtls-auth-cert-failed'],
    'unknown-partner': ANY_401,
    'ip-not-allowed': ['forbidden-json'],
  },
  tls: {
    ...COMMON,
    'no-cert': TLS_REFUSAL,
    'cert-rejected': TLS_REFUSAL,
    'unknown-partner': [...ANY_401, ...TLS_REFUSAL],
    'ip-not-allowed': ['forbidden-json', ...TLS_REFUSAL],
  },
  // Any refusal by the gateway itself, in any form of the table, or a 401/403 of its own in any
  // other form (never a proxied one: formOf names those proxied-error): a gateway of no family
  // above, e.g. nginx's `return 403` or HAProxy's deny. The report records which form it was.
  any: {
    ...COMMON,
    'no-cert': ['nginx-no-cert-page', 'nginx-cert-error-page', ...APP_LEVEL, ...TLS_REFUSAL],
    'cert-rejected': ['nginx-cert-error-page', ...APP_LEVEL, ...TLS_REFUSAL],
    'unknown-partner': [...APP_LEVEL, ...TLS_REFUSAL],
    'ip-not-allowed': [...APP_LEVEL, ...TLS_REFUSAL],
    // Any 5xx of the gateway's own, in whatever words.
    'upstream-unavailable': ['upstream-failed', 'gateway-error'],
  },
};

/** Under `any`, a missing or bad certificate refused only after TLS accepted it: worth saying. */
function laxWarning(oracle: OracleName, expectation: Expectation, form: Form): string | undefined {
  if (oracle !== 'any' || (expectation !== 'no-cert' && expectation !== 'cert-rejected') || !APP_LEVEL.includes(form)) return undefined;
  return `this listener does not require client certificates at TLS: the ${expectation === 'no-cert' ? 'missing' : 'bad'} certificate was let through the handshake and refused afterwards in HTTP (${form})`;
}

export function isOracleName(value: string): value is OracleName {
  return (ORACLE_NAMES as readonly string[]).includes(value);
}

export function judge(oracle: OracleName, expectation: Expectation, outcome: Outcome): Verdict {
  const form = formOf(outcome);
  const wanted = TABLES[oracle][expectation];
  const ok = wanted.includes(form);
  const seen = `${FORM_WORDS[form]}: ${describeOutcome(outcome)}`;
  const reason = ok
    ? `${expectation} as ${oracle} answers it (${seen})`
    : `expected ${wanted.map((f) => FORM_WORDS[f]).join(' or ')} (${oracle}), got ${seen}`;
  const warning = ok ? laxWarning(oracle, expectation, form) : undefined;
  return { ok, form, reason, ...(warning ? { warning } : {}) };
}
