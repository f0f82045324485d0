// versioning (the guide's Scenario 6): /v1/... and /v2/... reach different backends; an unknown version is 404.
import * as allure from 'allure-js-commons';
import type { RouteExpect } from '../harness/config/routes.ts';
import type { ProbeResult } from '../harness/probe/probe.ts';
import { expectOutcome } from './support/accept.ts';
import { budget } from './support/budget.ts';
import { defineDemo } from './support/demo.ts';
import { labelCase, needs, notSupported } from './support/steps.ts';
import { target, workhorse } from './support/target.ts';
import { holds } from './support/holds.ts';
import { ROUTE_FIX } from './support/backend.ts';

function matches(result: ProbeResult, expect: RouteExpect): boolean {
  const o = result.outcome;
  if (o.kind !== 'response') return false;
  const bodyOk = expect.bodyIncludes === undefined || o.body.includes(expect.bodyIncludes);
  const headerOk = expect.header === undefined || o.headers[expect.header.name] === expect.header.value;
  return bodyOk && headerOk;
}

function describeExpect(e: RouteExpect): string {
  return [e.bodyIncludes && `body includes ${e.bodyIncludes}`, e.header && `${e.header.name}: ${e.header.value}`].filter(Boolean).join(' and ');
}

/** The unknown-version path: the policy's, or the default route under a version nobody serves. */
function unknownVersionPath(): string {
  const routes = target().routes;
  return routes.unknownVersion ?? routes.default.replace(/^\/[^/]+/, '/v999');
}

export const demo = defineDemo(
  {
    id: 'versioning',
    order: 8,
    guide: 'Scenario 6',
    checks: '/v1 and /v2 reach different backends; an unknown version is 404',
    needs: ['versioning'],
    claims: (t) => ({ shared: Object.keys(t.routes.versions), exclusive: [] }),
    requests: (p) => budget([p.workhorse, p.has('versioning') ? p.versions + 1 : 0]),
  },
  (d) => {
    const versions = Object.entries(target().routes.versions);

    d.case('each version path reaches its own backend, and no other', async (ctx) => {
      await labelCase(demo, 'each version reaches its own backend');
      await needs(ctx, ['versioning']);
      if (versions.length < 2) return notSupported(ctx, `routes.versions lists ${versions.length} version(s); two or more are needed`);
      const partner = workhorse();
      await allure.parameter('partner', partner.name);
      for (const [name, route] of versions) {
        const result = await expectOutcome('accepted', { identity: partner, path: route.path, spread: true });
        await allure.step(`judge: ${route.path} answered as ${name} (${describeExpect(route.expect)})`, () => {
          const as = versions.filter(([n, r]) => n !== name && matches(result, r.expect)).map(([n]) => n);
          holds(matches(result, route.expect), `${route.path} did not answer as ${name}: expected ${describeExpect(route.expect)}${as.length > 0 ? `; it answered as ${as.join(' and ')}` : ''}`, ROUTE_FIX);
        });
        for (const [other, otherRoute] of versions.filter(([n]) => n !== name)) {
          await allure.step(`judge: ${route.path} did not answer as ${other}`, () => {
            holds(!matches(result, otherRoute.expect), `${route.path} answered as ${other} (${describeExpect(otherRoute.expect)})`, ROUTE_FIX);
          });
        }
      }
    }, { quotaWaits: 2 });

    d.case('an unknown version is 404', async (ctx) => {
      await labelCase(demo, 'an unknown version is 404');
      await needs(ctx, ['versioning']);
      const partner = workhorse();
      await allure.parameter('partner', partner.name);
      await expectOutcome('route-not-found', { identity: partner, path: unknownVersionPath(), spread: true });
    });
  },
);
