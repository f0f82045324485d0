// Answers that are not the gateway's verdict on what a case tests: a dead port, a port that does
// not speak TLS, a time-out, a response cut short, a 5xx of its own, our refusal of its server
// certificate. Such a case is `broken` (docs/verdicts.md): never passed, never failed, always with the
// reason and the fix. CaseBroken carries them; reporters tell it from a failed assertion by name.
import { HANDSHAKE_ABORTED, NO_TLS_CODE, OFF_ORIGIN } from '../probe/classify.ts';
import { describeOutcome, type Outcome } from '../probe/outcome.ts';
import { formOf } from './forms.ts';

export interface NoVerdict {
  reason: string;
  fix: string;
}

/**
 * Thrown by a case that cannot be judged. The name is what the collector and Allure key on; the
 * fix rides on the message's second line, so that Allure shows it too (the collector's reason is
 * the first line, and it reads the fix from the property).
 */
export class CaseBroken extends Error {
  override name = 'CaseBroken';
  constructor(
    readonly reason: string,
    readonly fix: string,
  ) {
    super(`${reason}\nfix: ${fix}`);
  }
}

/** `context`: which probe or identity could not be judged. */
export function broken(nv: NoVerdict, context?: string): CaseBroken {
  return new CaseBroken(context ? `${context}: ${nv.reason}` : nv.reason, nv.fix);
}

const TIMEOUTS = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

/** The gateway took the connection and gave no whole answer: it timed out, or cut its answer short. */
export function gaveNoAnswer(o: Outcome): boolean {
  return o.kind === 'response' ? !!o.truncated : o.kind === 'network-error' && TIMEOUTS.has(o.code);
}

/** Why a connection that failed with `code` is no verdict, and what to do about it. */
export function ofFailure(code: string, message: string): NoVerdict {
  if (code === NO_TLS_CODE) return { reason: `the port does not speak TLS: ${message}`, fix: 'point the URL at the gateway\'s mTLS (https) listener' };
  if (code === HANDSHAKE_ABORTED) {
    return { reason: `the connection ${message}`, fix: 'a gateway that refuses at TLS must send an alert; otherwise check that the listener is up and speaks TLS 1.2 or 1.3' };
  }
  if (code === OFF_ORIGIN) return { reason: message, fix: 'give routes as plain absolute paths on the gateway (e.g. /v1/consumer)' };
  if (code === 'ECONNREFUSED') return { reason: `nothing listens there: ${message}`, fix: 'start the gateway, or correct the URL\'s host and port' };
  if (TIMEOUTS.has(code)) return { reason: `no answer in time: ${message}`, fix: 'check that the gateway is up and reachable from here' };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { reason: `the host name does not resolve: ${message}`, fix: 'correct the URL\'s host' };
  if (/we refused the gateway's server certificate/.test(message)) {
    return { reason: message, fix: 'give the CA that issued the gateway\'s server certificate (gateway.ca or --ca), and a host name that certificate names' };
  }
  return { reason: `no HTTP answer: ${code}: ${message}`, fix: 'check that the gateway is up and reachable from here' };
}

/**
 * Why `o` is no verdict on a case that expects the gateway to let a client in (or route it), or
 * undefined when it is one. A 429 is left to the quota logic (quota.ts), which decides.
 */
export function noVerdictOnAcceptance(o: Outcome): NoVerdict | undefined {
  if (o.kind !== 'response') {
    // An alert or a close after the handshake is a refusal: the gateway's verdict (a failure).
    return o.kind === 'network-error' ? ofFailure(o.code, o.message) : undefined;
  }
  if (o.truncated) return { reason: `the answer was cut short: ${describeOutcome(o)}`, fix: 'check the gateway and the backend behind this route: complete answers are needed to judge' };
  if (formOf(o) === 'upstream-failed') return { reason: `the backend behind this route failed the gateway (${o.status}), not a verdict on the client: ${describeOutcome(o)}`, fix: 'start or fix the backend behind this route, then run again' };
  if (formOf(o) === 'gateway-error') return { reason: `the gateway answered ${o.status} itself, not a verdict on the client: ${describeOutcome(o)}`, fix: 'check the backend behind this route and the gateway\'s health' };
  return undefined;
}

/** Why `o` is no verdict on a probe the gateway must refuse, or undefined when it is one. */
export function noVerdictOnRefusal(o: Outcome): NoVerdict | undefined {
  if (o.kind === 'network-error') return ofFailure(o.code, o.message);
  if (o.kind === 'response' && formOf(o) === 'gateway-error') {
    return { reason: `the gateway answered ${o.status} itself, neither letting the client in nor refusing it: ${describeOutcome(o)}`, fix: 'check the gateway\'s health and error log' };
  }
  return undefined;
}
