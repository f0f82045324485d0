// Why a gateway most likely broke a refusal promise, and which setting to check, in the words of
// the gateway family the oracle names (nginx and Kong OSS, Kong Enterprise's mtls-auth, or any TLS
// server). A failed case carries it as its `fix`, so the console, JSON, JUnit and Allure say it alike.
import type { Form } from './forms.ts';
import type { Expectation, OracleName } from './oracle.ts';

/** What is wrong with a refusal probe, as its case names it. */
export type ProbeFault = 'self-signed' | 'foreign-ca' | 'expired' | 'not-yet-valid' | 'wrong-eku' | 'revoked';

export interface MissedRefusal {
  oracle: OracleName;
  expectation: Expectation;
  /** For cert-rejected: what is wrong with the certificate sent. */
  fault?: ProbeFault;
  /** let-in: the client got through; wrong-answer: refused, but not in the promised form. */
  state: 'let-in' | 'wrong-answer';
  form: Form;
  /** How this run's oracle is chosen ("--oracle" of verify, "gateway.oracle:" of a target file); absent where the target fixes it. */
  oracleSetting?: string;
}

const VERIFY_ON = 'ssl_verify_client on with ssl_client_certificate naming the partner CA (Kong: KONG_NGINX_PROXY_SSL_VERIFY_CLIENT=on, KONG_NGINX_PROXY_SSL_CLIENT_CERTIFICATE)';
const MTLS_AUTH = "Kong Enterprise: the mtls-auth plugin on every partner route, with the partner CA in its ca_certificates";

export const REVOCATION_FIX = 'revocation is not checked, or the CRL is stale: ssl_crl with the CA\'s current CRL, reloaded after each revocation (Kong: KONG_NGINX_PROXY_SSL_CRL)';

/** Why nginx's own verification let such a certificate through. */
const CERT_LET_IN: Record<ProbeFault, string> = {
  'self-signed': `client certificates are not verified against the partner CA (nginx's ssl_verify_client optional_no_ca accepts any issuer): set ${VERIFY_ON}`,
  'foreign-ca': `client certificates are not verified against the partner CA only (ssl_verify_client optional_no_ca, or a CA bundle that also holds other CAs): set ${VERIFY_ON}, with the partner CA alone in it`,
  expired: `the certificate's dates are not checked (a verifier that ignores "certificate has expired"): set ${VERIFY_ON}`,
  'not-yet-valid': `the certificate's dates are not checked (a verifier that ignores "certificate is not yet valid"): set ${VERIFY_ON}`,
  'wrong-eku': `the certificate's purpose (extended key usage clientAuth) is not checked: set ${VERIFY_ON}`,
  revoked: REVOCATION_FIX,
};

const APP_401: readonly Form[] = ['unauthorized-json', 'forbidden-json'];

/** "; if <condition>, <set the oracle to> <oracle>", where the run's oracle can be chosen. */
function setOracle(m: MissedRefusal, condition: string, oracle: OracleName): string {
  return m.oracleSetting ? `; if ${condition}, ${m.oracleSetting} ${oracle}` : '';
}

export function likelyCause(m: MissedRefusal): string | undefined {
  const enterprise = m.oracle === 'kong-enterprise';
  switch (m.expectation) {
    case 'no-cert':
      if (m.state === 'let-in') return `the listener does not require a client certificate, and nothing behind it asks for one: ${enterprise ? MTLS_AUTH : `set ${VERIFY_ON}`}`;
      if ((APP_401.includes(m.form) || m.form === 'other-refusal') && m.oracle === 'kong-oss') {
        return `the listener does not require client certificates at TLS (ssl_verify_client optional or optional_no_ca), so a client without one reaches the gateway's plugins and one refused it in HTTP: set ${VERIFY_ON}${m.form === 'other-refusal' ? '' : setOracle(m, 'this gateway is Kong Enterprise with mtls-auth', 'kong-enterprise')}`;
      }
      return wrongForm(m);
    case 'cert-rejected':
      if (m.state === 'let-in') return m.fault ? `${CERT_LET_IN[m.fault]}${enterprise ? `; ${MTLS_AUTH}` : ''}` : `client certificates are not verified: set ${VERIFY_ON}`;
      if (APP_401.includes(m.form) && m.oracle === 'kong-oss') {
        return `TLS let the certificate through (ssl_verify_client optional_no_ca) and a plugin refused it afterwards by its subject: a certificate with a partner's subject from anyone would be judged by the subject alone; set ${VERIFY_ON}`;
      }
      return wrongForm(m);
    case 'unknown-partner':
      if (m.state === 'let-in') return "the gateway still lets the partner in: its consumer or its credential was not removed, or a node still runs the old configuration (Kong: delete the consumer or its mtls credential, and check that every node has reloaded)";
      return wrongForm(m);
    case 'ip-not-allowed':
      if (m.state === 'let-in') return "the partner is not held to its source addresses: Kong's ip-restriction plugin with allow: <its addresses> on the partner's consumer or route (nginx: allow/deny)";
      return wrongForm(m);
    case 'protocol-refused':
      return 'the listener still speaks an old TLS version: ssl_protocols TLSv1.2 TLSv1.3 (Kong: KONG_SSL_PROTOCOLS)';
    default:
      return undefined;
  }
}

/** Refused, but in a form the oracle does not name: the gateway may be of another family than the run says. */
function wrongForm(m: MissedRefusal): string {
  if (m.form === 'tls-alert' || m.form === 'connection-closed') return `the gateway refuses in the TLS handshake, not as ${m.oracle} does${setOracle(m, 'that is how it is built', 'tls')}`;
  if (m.form === 'mtls-auth-no-cert' || m.form === 'mtls-auth-cert-failed') return `the gateway answers as Kong Enterprise's mtls-auth does, not as ${m.oracle}${setOracle(m, 'it is Kong Enterprise', 'kong-enterprise')}`;
  if (m.form === 'nginx-no-cert-page' || m.form === 'nginx-cert-error-page') return `the gateway answers as nginx and Kong OSS do, not as ${m.oracle}${setOracle(m, 'it is Kong OSS', 'kong-oss')}`;
  // Under any, nothing else is a refusal: a redirect, a 404, a 400 of another kind.
  if (m.oracle === 'any') return "the gateway's answer (attached to the case) is none of the forms a refusal takes: a TLS alert, nginx's 400 page, or a 401 or 403 of the gateway's own";
  return `the gateway refused in a form ${m.oracle} does not use (see the response attached to the case)${setOracle(m, 'the refusal is right', 'any')}`;
}

/** A valid client that was not let in (or not routed), as its case saw it. */
export interface MissedAcceptance {
  form: Form;
  path: string;
  /** The client's certificate, as a reader can find it (subject, serial). */
  who: string;
  /** The gateway's answer in a few words (status and message). */
  answer: string;
  /** A partner's self-check (verify): the words are addressed to the partner, who can only ask the Home Party. */
  selfCheck: boolean;
  /** Refused in HTTP over TLS 1.3, the same client got in over TLS 1.2 (tried once to tell why). */
  inOverTls12?: boolean;
}

const POST_HANDSHAKE = 'only after the TLS 1.3 handshake (post-handshake authentication, e.g. Apache\'s SSLVerifyClient inside <Location> or <Directory>), which most TLS clients do not do (Go, Java, browsers, Node.js)';

/** Why a valid client was most likely not let in, and what to do: the one root cause its dependent cases share. */
export function whyNotLetIn(m: MissedAcceptance): string | undefined {
  switch (m.form) {
    case 'unauthorized-json':
    case 'forbidden-json':
    case 'other-refusal':
      if (m.inOverTls12) {
        return m.selfCheck
          ? `you get in over TLS 1.2, but over TLS 1.3 the gateway answers ${m.answer} on ${m.path}: it asks for your certificate ${POST_HANDSHAKE}: ask the Home Party to require the certificate in the handshake (Apache: SSLVerifyClient require in the <VirtualHost>)`
          : `${m.who} gets in over TLS 1.2, but over TLS 1.3 the gateway answers ${m.answer} on ${m.path}: it asks for the client certificate ${POST_HANDSHAKE}: require the certificate in the handshake, for the whole listener (Apache: SSLVerifyClient require in the <VirtualHost>)`;
      }
      return m.selfCheck
        ? `your certificate is accepted at TLS, but the gateway answers ${m.answer} on ${m.path}: ask the Home Party to add ${m.who} to its partner list`
        : `the certificate is accepted at TLS, but the gateway answers ${m.answer} on ${m.path}: ${m.who} is not on the gateway's partner list (Kong: a consumer for this certificate's subject, with its mtls credential)`;
    case 'route-not-found':
      return m.selfCheck
        ? `the gateway has no route ${m.path} (it answers ${m.answer}): check the path of --url with the Home Party`
        : `the gateway has no route ${m.path} (it answers ${m.answer}): give the routes it serves in the target file, or add the route`;
    case 'nginx-cert-error-page':
    case 'mtls-auth-cert-failed':
    case 'tls-alert':
    case 'connection-closed':
      return m.selfCheck
        ? `the gateway refuses your certificate at TLS (${m.answer}): check that --cert holds your certificate followed by the CAs between it and the Home Party's root, and ask the Home Party whether its gateway trusts your certificate's issuer`
        : `the gateway refuses ${m.who} at TLS (${m.answer}): it does not trust the certificate's issuer, or the chain the partner presents is incomplete (nginx: ssl_client_certificate, ssl_verify_depth; Kong: KONG_NGINX_PROXY_SSL_CLIENT_CERTIFICATE, KONG_NGINX_PROXY_SSL_VERIFY_DEPTH)`;
    default:
      return undefined;
  }
}
