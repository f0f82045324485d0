// audit-log: every partner request, accepted or refused, is in the gateway's audit log with the
// partner's identity, the status it got and the time (the guide's http-log to the SIEM; locally the
// gateway's JSON access log). Records are polled for a bounded time: a log sink may lag.
import * as allure from 'allure-js-commons';
import { broken, noVerdictOnRefusal } from '../harness/oracle/no-verdict.ts';
import type { Identity } from '../harness/core/target.ts';
import { pollUntil } from '../harness/util/poll.ts';
import { budget } from './support/budget.ts';
import { defineDemo } from './support/demo.ts';
import { labelCase, needs, probeStep } from './support/steps.ts';
import { control, workhorse, target } from './support/target.ts';
import { holds, holdsEqual } from './support/holds.ts';

const SINK_LAG_MS = 3000;
const UNLOGGED = 'the gateway does not log every request it answers, let in or refused: log each one once, with the partner, the status and the time (Kong: a global http-log or file-log plugin; nginx: access_log with the verified subject)';
const UNVERIFIED_CONSUMER = 'the consumer is taken from the client certificate whether or not it verified: map it only from a verified certificate (nginx: $ssl_client_verify = SUCCESS; Kong: the function that maps the subject to a Consumer goes on only when ngx.var.ssl_client_verify is SUCCESS)';

async function expectAudited(identity: Identity | undefined, want: { consumer: string; subject: string }): Promise<void> {
  const started = Date.now();
  const result = await probeStep({ ...(identity ? { identity } : {}) });
  const finished = Date.now();
  // No HTTP answer (a dead port, no TLS) leaves nothing to audit: no verdict on the log.
  const nv = result.outcome.kind === 'response' ? undefined : noVerdictOnRefusal(result.outcome);
  if (nv) throw broken(nv, 'the probe to audit');
  holdsEqual(result.outcome.kind, 'response', 'the probe got no HTTP answer to audit');
  const status = result.outcome.kind === 'response' ? result.outcome.status : 0;
  await allure.step(`judge: request ${result.requestId} (HTTP ${status}) is in the audit log`, async () => {
    const records = (await pollUntil(async () => {
      const found = await control().auditLog(result.requestId);
      return found.length > 0 ? found : undefined;
    }, SINK_LAG_MS, 100)) ?? [];
    await allure.attachment('audit records', JSON.stringify(records, null, 2), 'application/json');
    holds(records.length === 1, records.length === 0 ? `request ${result.requestId} (HTTP ${status}) is not in the audit log after ${SINK_LAG_MS} ms` : `request ${result.requestId} (HTTP ${status}) is in the audit log ${records.length} times`, records.length === 0 ? UNLOGGED : undefined);
    const r = records[0]!;
    holdsEqual(r.status, status, 'status in the audit record');
    // A refused request credited to a partner is an impostor's request in that partner's name.
    if (!want.consumer && r.consumer) holds(false, `the audit record of a refused request (HTTP ${status}) names consumer ${JSON.stringify(r.consumer)}: the log credits a request the gateway refused to a partner`, UNVERIFIED_CONSUMER);
    holdsEqual(r.consumer, want.consumer, 'consumer in the audit record');
    holdsEqual(r.subject, want.subject, 'certificate subject in the audit record');
    // Logs carry whole seconds: the record must fall in the second the request was made, or after.
    const t = Date.parse(r.time);
    holds(!Number.isNaN(t), `time ${r.time} is not a timestamp`);
    holds(t >= Math.floor(started / 1000) * 1000 && t <= finished + 1000, `time ${r.time} is outside the request's window`);
  });
}

export const demo = defineDemo(
  {
    id: 'audit-log',
    order: 12,
    guide: 'http-log to the SIEM',
    checks: 'every partner request, accepted or refused, is in the audit log with identity, status and time',
    needs: ['audit-log'],
    requests: (p) => budget([p.workhorse, p.has('audit-log') ? 1 : 0]),
  },
  (d) => {
    d.case('an accepted request is logged with the partner, status and time', async (ctx) => {
      await labelCase(demo, 'accepted requests are audited');
      await needs(ctx, ['audit-log']);
      const partner = workhorse();
      await expectAudited(partner, { consumer: partner.name, subject: partner.subject });
    });

    d.case('a refused certificate is logged with its subject, status and time', async (ctx) => {
      await labelCase(demo, 'refused requests are audited');
      await needs(ctx, ['audit-log']);
      const impostor = target().probes.selfSigned;
      await expectAudited(impostor, { consumer: '', subject: impostor.subject });
    });

    d.case('a request without a certificate is logged with status and time', async (ctx) => {
      await labelCase(demo, 'refused requests are audited');
      await needs(ctx, ['audit-log']);
      await expectAudited(undefined, { consumer: '', subject: '' });
    });
  },
);
