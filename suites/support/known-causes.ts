// One cause, said once. When a valid partner gets no whole answer on a route (a time-out, an answer
// cut short), or is not let in there, every later case that needs it let in there is not judged,
// at once, citing the first case that saw it and its one fix: instead of each waiting out its own
// time-out, or each reading as a failure of its own. A control action forgets them all.
import { jsonMessage } from '../../harness/oracle/forms.ts';
import { whyNotLetIn } from '../../harness/oracle/likely-cause.ts';
import { CaseBroken, type NoVerdict } from '../../harness/oracle/no-verdict.ts';
import type { Verdict } from '../../harness/oracle/oracle.ts';
import type { Outcome } from '../../harness/probe/outcome.ts';
import { demoOf } from '../../harness/report/collector.ts';
import { currentTest } from '../../harness/run/current-test.ts';
import type { Identity } from '../../harness/core/target.ts';
import { certName, target } from './target.ts';

interface Seen {
  where: string;
  reason: string;
  fix: string;
  /** Refused over TLS 1.3 only: the same partner got in over TLS 1.2. */
  tls13Only?: boolean;
}

/** By route: no whole answer to anyone. */
const unanswered = new Map<string, Seen>();
/** By route and partner: that partner is not let in there. */
const refused = new Map<string, Seen>();

const key = (path: string, identity: Identity): string => `${path}\n${identity.name}`;

function here(): string {
  const test = currentTest();
  return test ? `${demoOf(test)}: ${test.name}` : 'an earlier case';
}

export function forgetCauses(): void {
  unanswered.clear();
  refused.clear();
}

export function noAnswerOn(path: string, nv: NoVerdict): void {
  if (!unanswered.has(path)) unanswered.set(path, { where: here(), reason: nv.reason, fix: nv.fix });
}

/** Why `identity` was most likely not let in on `path`: the root cause, in words for who runs the check. */
export function causeOf(path: string, identity: Identity | undefined, o: Outcome, verdict: Verdict, inOverTls12 = false): string | undefined {
  const message = o.kind === 'response' ? jsonMessage(o) : undefined;
  const answer = o.kind === 'response' ? `${o.status}${message ? ` "${message}"` : ''}` : o.kind === 'tls-rejected' ? `a TLS alert: ${o.message}` : o.message;
  return whyNotLetIn({ form: verdict.form, path, who: identity ? certName(identity) : 'the partner', answer, selfCheck: !!target().selfCheck, inOverTls12 });
}

export function notLetIn(path: string, identity: Identity, cause: string | undefined, tls13Only: boolean): void {
  const k = key(path, identity);
  if (refused.has(k)) return;
  const over = tls13Only ? ' over TLS 1.3' : '';
  refused.set(k, { where: here(), reason: `${identity.name} is not let in on ${path}${over}`, fix: cause ?? 'make valid partners get in on this route (see valid-cert), then run again', tls13Only });
}

/** Throws the case's "not judged" when a cause already seen in this run decides it (`below13`: the probe speaks TLS 1.2 or older). */
export function checkKnownCauses(path: string, identity: Identity | undefined, below13 = false): void {
  const first = unanswered.get(path);
  if (first) throw new CaseBroken(`a valid partner got no answer on ${path} earlier in this run (${first.where}: ${first.reason}); not waiting for it again`, first.fix);
  const no = identity && refused.get(key(path, identity));
  if (no && !(no.tls13Only && below13)) throw new CaseBroken(`not judged: ${no.reason} (see ${no.where})`, no.fix);
}
