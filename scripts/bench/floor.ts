// The bench's floor: the essential work of a full local run with no test runner and no report.
// It provisions the same local gateway (the same PKI minted, the same nginx and echo backends
// started and checked ready), sends each identity the requests the demos budget for it plus
// three refused ones each for no cert, a self-signed cert and a foreign-CA cert, every one on a
// fresh connection with node:https, and stops everything. It prints one JSON line: the time from
// after its imports to the end (module loading is not essential work), and the requests sent.
// backend-outage's waits are the gateway's own time, so the floor has them too: a stopped and a
// hung backend, each answered and then waited back in, as the demo does. So are the config
// changes the demos make (two revocations, an offboarding, two onboardings: each a reload, each
// observed), made while the stopped backend's route recovers, and the requests, sent while the
// hung one's recovers, as a run arranges them.
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import type { Identity } from '../../harness/core/target.ts';
import { loadPolicy } from '../../harness/config/policy.ts';
import { loadCatalogue } from '../../harness/run/load-catalogue.ts';
import { planRun, runBudget } from '../../harness/run/plan.ts';
import { DEFAULT_POLICY, DEFAULTS } from '../../harness/core/options.ts';
import { provisionLocal } from '../../harness/targets/local/local-target.ts';
import { Scope } from '../../harness/util/scope.ts';
import { pollUntil } from '../../harness/util/poll.ts';

function get(baseUrl: string, path: string, ca: string, who?: Identity): Promise<number> {
  return new Promise((resolve, reject) => {
    const tls = who ? { cert: readFileSync(who.certFile), key: readFileSync(who.keyFile) } : {};
    const req = request(`${baseUrl}${path}`, { ca, agent: false, ...tls }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Poll until `path` answers 200 again, as the demo does after bringing a backend back (within the convergence window). */
async function until200(baseUrl: string, path: string, ca: string, who: Identity): Promise<number> {
  let n = 0;
  const back = await pollUntil(async () => {
    n++;
    return (await get(baseUrl, path, ca, who)) === 200 ? true : undefined;
  }, DEFAULTS.convergenceMs, 100);
  if (!back) throw new Error(`${path} did not answer 200 within ${DEFAULTS.convergenceMs} ms of its backend's return`);
  return n;
}

type Gateway = Awaited<ReturnType<typeof provisionLocal>>;

/** The demos' config changes, side by side: revoked-cert's revocation and offboarding, session-resumption's revocation, onboarding's two partners. */
async function configChanges(gw: Gateway): Promise<void> {
  const reserved = (demo: string): string[] => gw.info.partners.filter((p) => p.reservedFor === demo).map((p) => p.name);
  const [revoked, offboarded] = reserved('revoked-cert');
  const [session] = reserved('session-resumption');
  const c = gw.control;
  await Promise.all([
    c.revoke(revoked!).then(() => c.offboard(offboarded!)),
    c.revoke(session!),
    c.onboard('floor-onboarded-a').then(() => c.onboard('floor-onboarded-b')),
  ]);
}

/**
 * backend-outage's essential work: a version's backend stopped, then hung, each answered and
 * recovered from; `meanwhile[state]` runs while the gateway recovers from that outage, as a run's
 * other demos do; it returns the requests it sent.
 */
async function outageDrill(gw: Gateway, ca: string, meanwhile: Record<'down' | 'hung', () => Promise<number>>): Promise<number> {
  const { baseUrl, routes, partners } = gw.info;
  const sick = Object.entries(routes.versions).find(([, r]) => r.path !== routes.default);
  if (!sick || !gw.control.setBackend) return (await meanwhile.down()) + (await meanwhile.hung());
  const [version, { path }] = sick;
  const who = partners.find((p) => !p.reservedFor)!;
  let sent = 0;
  for (const state of ['down', 'hung'] as const) {
    await gw.control.setBackend(version, state);
    sent += 2;
    await get(baseUrl, path, ca, who);
    await get(baseUrl, path, ca, who);
    await gw.control.setBackend(version, 'up');
    const [polls, others] = await Promise.all([until200(baseUrl, path, ca, who), meanwhile[state]()]);
    sent += polls + others;
  }
  return sent;
}

// What the demos budget is read before the clock starts: it is planning, not the run's work.
const policy = loadPolicy(DEFAULT_POLICY);
const run = planRun({ target: 'local', policyFile: DEFAULT_POLICY, policy, flags: {}, rejections: DEFAULTS.rejections, convergenceMs: DEFAULTS.convergenceMs, maxValidityDays: DEFAULTS.maxValidityDays });
const budget = runBudget((await loadCatalogue()).demos, run.plan);

const t0 = performance.now();
const scope = new Scope();
let requests = 0;
try {
  const gw = await provisionLocal(policy, scope);
  const { baseUrl, serverCaPem: ca, partners, probes, routes } = gw.info;
  const path = routes.default;
  const demosRequests = async (): Promise<number> => {
    const sends: Promise<number>[] = [];
    for (const p of partners) for (let i = 0; i < (budget.total[p.name] ?? 0); i++) sends.push(get(baseUrl, path, ca, p));
    for (const who of [undefined, probes.selfSigned, probes.foreignCa]) for (let i = 0; i < DEFAULTS.rejections; i++) sends.push(get(baseUrl, path, ca, who));
    return (await Promise.all(sends)).length;
  };
  // As a run arranges them: the config changes while the stopped backend's route recovers (a
  // reload closes its breaker), the other demos' requests while the hung one's does.
  requests = await outageDrill(gw, ca, { down: () => configChanges(gw).then(() => 0), hung: demosRequests });
} finally {
  await scope.close();
}
process.stdout.write(`${JSON.stringify({ ms: Math.round(performance.now() - t0), requests })}\n`);
