// Oracles (DESIGN.md table): for each gateway family, which forms count as the expected answer.
import { describeOutcome, type Outcome } from '../probe/outcome.ts';
import { formOf, type Form } from './forms.ts';

export const ORACLE_NAMES = ['kong-oss', 'kong-enterprise', 'tls', 'any'] as const;
export type OracleName = (typeof ORACLE_NAMES)[number];

export type Expectation =
  | 'accepted'
  | 'no-cert' //          no client certificate presented
  | 'cert-rejected' //    untrusted, self-signed, expired, not yet valid, revoked
  | 'unknown-partner' //  a valid cert whose subject is not (or no longer) a consumer
  | 'rate-limited'
  | 'route-not-found'
  | 'protocol-refused'; // a TLS version the gateway must not speak: the handshake fails

export interface Verdict {
  ok: boolean;
  form: Form;
  /** One line for the report: what was expected, what was seen. */
  reason: string;
}

type Table = Record<Expectation, readonly Form[]>;

const TLS_REFUSAL: readonly Form[] = ['tls-alert', 'connection-closed'];
const ANY_401: readonly Form[] = ['unauthorized-json', 'mtls-auth-no-cert', 'mtls-auth-cert-failed'];
const COMMON = {
  accepted: ['accepted'],
  'rate-limited': ['rate-limited-json'],
  'route-not-found': ['route-not-found'],
  // Every family refuses an old protocol version in the handshake (nginx: protocol_version alert).
  'protocol-refused': TLS_REFUSAL,
} as const;

const TABLES: Record<OracleName, Table> = {
  'kong-oss': {
    ...COMMON,
    'no-cert': ['nginx-no-cert-page'],
    'cert-rejected': ['nginx-cert-error-page'],
    'unknown-partner': ['unauthorized-json'],
  },
  'kong-enterprise': {
    ...COMMON,
    'no-cert': ['mtls-auth-no-cert'],
    'cert-rejected': ['mtls-auth-cert-failed'],
    'unknown-partner': ANY_401,
  },
  tls: {
    ...COMMON,
    'no-cert': TLS_REFUSAL,
    'cert-rejected': TLS_REFUSAL,
    'unknown-partner': [...ANY_401, ...TLS_REFUSAL],
  },
  any: {
    ...COMMON,
    'no-cert': ['nginx-no-cert-page', 'mtls-auth-no-cert', ...TLS_REFUSAL],
    'cert-rejected': ['nginx-cert-error-page', 'mtls-auth-cert-failed', ...TLS_REFUSAL],
    'unknown-partner': [...ANY_401, ...TLS_REFUSAL],
  },
};

export function isOracleName(value: string): value is OracleName {
  return (ORACLE_NAMES as readonly string[]).includes(value);
}

export function judge(oracle: OracleName, expectation: Expectation, outcome: Outcome): Verdict {
  const form = formOf(outcome);
  const wanted = TABLES[oracle][expectation];
  const ok = wanted.includes(form);
  const seen = `${form}: ${describeOutcome(outcome)}`;
  const reason = ok
    ? `${expectation} as ${oracle} answers it (${seen})`
    : `expected ${expectation} (${oracle}: ${wanted.join(' | ')}), got ${seen}`;
  return { ok, form, reason };
}
