// backend-outage (the guide's Scenario 5): a sick backend does not hurt the rest. With one
// version's backend stopped or hung, a partner gets the gateway's own 502/503/504 within the
// gateway's upstream time-out (measured), the other version and other partners are unaffected,
// once a backend has failed the gateway answers at once (a circuit breaker, where it has one), and
// after the backend returns, traffic recovers within the convergence window. It stops a backend
// every demo uses, so it runs alone while that backend is out of service.
import * as allure from 'allure-js-commons';
import { budget } from './support/budget.ts';
import { defineDemo } from './support/demo.ts';
import { GATEWAY_CONFIG, homeBackend } from './support/claims.ts';
import { broken } from '../harness/oracle/no-verdict.ts';
import { judgeUnavailable, outageProbe, recovers, unaffected, withBackend } from './support/outage.ts';
import { expectOutcome } from './support/accept.ts';
import { labelCase, needs, notSupported } from './support/steps.ts';
import { regularPartners, target, workhorse } from './support/target.ts';
import type { Identity, TargetInfo } from '../harness/core/target.ts';
import { versionOfPath } from '../harness/config/routes.ts';

/** The version put out of service and one that must not notice: the default route's version stays well, another falls sick. */
function versions(t: Pick<TargetInfo, 'routes'> = target()): { sick: [string, string]; well: [string, string] } | undefined {
  const all = Object.entries(t.routes.versions).map(([name, r]): [string, string] => [name, r.path]);
  const home = versionOfPath(t.routes, t.routes.default);
  const well = all.find(([name]) => name === home) ?? all[0];
  const sick = all.find(([name]) => name !== well?.[0]);
  return well && sick ? { sick, well } : undefined;
}

/** Every backend and the config: what a demo that runs alone claims. */
function theWholeGateway(t: Pick<TargetInfo, 'routes'>): string[] {
  return [...new Set([...Object.keys(t.routes.versions), homeBackend(t), GATEWAY_CONFIG])];
}

/** The workhorse, and one other regular partner if there is one: "other partners are unaffected". */
function bystanders(): Identity[] {
  const w = workhorse();
  const other = regularPartners().find((p) => p.name !== w.name);
  return other ? [w, other] : [w];
}


export const demo = defineDemo(
  {
    id: 'backend-outage',
    order: 18,
    guide: 'Scenario 5',
    checks: "with a version's backend stopped or hung, the gateway answers itself within its upstream time-out, the other version is unaffected, and traffic recovers",
    needs: ['backend-outage', 'versioning'],
    // The whole gateway at first: its first case puts a backend out of service as soon as it
    // starts, before any other demo does (those would have to end first). Then, from its second
    // case, only the backend it stops (hold.narrow); everything else only while that backend is
    // out of service (withBackend), so the other demos run while the gateway recovers. Started first.
    schedule: 'first',
    claims: (t) => ({ shared: [], exclusive: theWholeGateway(t) }),
    // Controls, the outage probes and the other version's, per case; recovery polls are not counted.
    requests: (p) => (p.has('backend-outage') ? budget([p.workhorse, 9], [p.regular.find((n) => n !== p.workhorse), 2]) : {}),
  },
  (d) => {
    d.case('a stopped backend: the gateway answers at once, and the other version is unaffected', async (ctx) => {
      await labelCase(demo, 'a stopped backend');
      await needs(ctx, ['backend-outage', 'versioning']);
      const v = versions();
      if (!v) return notSupported(ctx, 'fewer than two version routes: none would be left to show unaffected');
      const [sick, sickPath] = v.sick;
      const partner = workhorse();
      await allure.parameter('stopped', sick);
      await expectOutcome('accepted', { identity: partner, path: sickPath, label: `positive control: ${partner.name} on ${sickPath} before the outage` });
      // Its recovery is judged by the next case, which waits for the route before its own outage.
      await withBackend(sick, 'down', partner, sickPath, {
        owner: d.hold.id(),
        judgeRecovery: false,
        during: async () => {
          const result = await outageProbe(partner, sickPath, `${partner.name}, ${sick} backend stopped`);
          await judgeUnavailable(result, `${sickPath} with its backend stopped`);
          await unaffected(bystanders(), v.well[1], `while the ${sick} backend is stopped`);
        },
      });
    }, { windows: 1 });

    d.case('a hung backend: the gateway answers within its upstream time-out, then at once (circuit breaker), and traffic recovers', async (ctx) => {
      // From here on, only the backend it puts out of service: the other demos may start.
      const sickOnly = versions();
      if (sickOnly) d.hold.narrow({ shared: [], exclusive: [sickOnly.sick[0]] });
      await labelCase(demo, 'a hung backend');
      await needs(ctx, ['backend-outage', 'versioning']);
      const upstream = target().upstream;
      if (!upstream) return notSupported(ctx, 'the policy promises no upstream time-out (upstream.timeoutMs), so there is no bound to hold a hung backend to');
      const v = versions();
      if (!v) return notSupported(ctx, 'fewer than two version routes: none would be left to show unaffected');
      const [sick, sickPath] = v.sick;
      const partner = workhorse();
      await allure.parameter('hung', sick);
      await allure.parameter('upstream time-out', `${upstream.timeoutMs} ms`);
      // A breaker the stopped backend opened may still be open: the hung backend is judged once the
      // route answers. Other demos run meanwhile; a config change they make only closes it sooner.
      await recovers(partner, sickPath, 'before the outage (positive control)');
      await withBackend(sick, 'hung', partner, sickPath, {
        owner: d.hold.id(),
        judgeRecovery: true,
        during: async () => {
          const first = await outageProbe(partner, sickPath, `${partner.name}, ${sick} backend hung`);
          const trippedAt = Date.now();
          // The breaker must still be open when the next request arrives, or the gateway rightly tries
          // the backend again: sent at once, both judged after.
          const next = upstream.breakerSeconds ? await outageProbe(partner, sickPath, `${partner.name}, right after the first failure`) : undefined;
          const sentAfter = next ? Date.now() - trippedAt - next.outcome.elapsedMs : 0;
          await judgeUnavailable(first, `${sickPath} with its backend hung`);
          if (next && upstream.breakerSeconds) {
            if (sentAfter >= upstream.breakerSeconds * 1000) throw broken({ reason: `the next probe went out ${sentAfter} ms after the failure, past the breaker's ${upstream.breakerSeconds} s`, fix: 'run again on a less busy machine, or declare a longer upstream.breakerSeconds' });
            // Less than the time-out: it did not wait on the backend again.
            await judgeUnavailable(next, `${sickPath} right after its backend failed`, upstream.timeoutMs, `not at once: it waited on the failed backend again (no circuit breaker: Kong's upstream healthchecks.passive; nginx max_fails/fail_timeout)`);
          } else {
            await allure.step('no circuit breaker declared (upstream.breakerSeconds): each request may wait the full time-out', () => undefined);
          }
          await unaffected(bystanders(), v.well[1], `while the ${sick} backend hangs`);
        },
      });
    }, { windows: 2 });
  },
);
