// The request budget each demo declares is what a run really sends: counted by the gateway itself
// (a Kong-like stand-in that sees every request), and a declared quota smaller than the budget is
// said before the run starts (and by `list`), in one line.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExternal } from '../harness/config/external.ts';
import { loadCatalogue } from '../harness/run/load-catalogue.ts';
import { planRun, runBudget } from '../harness/run/plan.ts';
import { DEFAULT_POLICY } from '../harness/core/options.ts';
import { runCliWithoutHtml } from './support/cli.ts';
import { kongLimiterFixture } from './support/external-fixture.ts';
import { runExternal } from './support/external-run.ts';
import { bound } from './support/bounds.ts';
import { scratchDir } from './support/scratch.ts';

const dir = scratchDir('mtls-conformance-budget-');

/** Every step name in an allure-results folder. */
function steps(results: string): string[] {
  type Step = { name: string; steps?: Step[] };
  const walk = (list: Step[] = []): string[] => list.flatMap((st) => [st.name, ...walk(st.steps)]);
  return readdirSync(results).filter((f) => f.endsWith('-result.json')).flatMap((f) => walk((JSON.parse(readFileSync(join(results, f), 'utf8')) as { steps?: Step[] }).steps));
}

describe('request budget', () => {
  it('is what the gateway counts, plus the positive controls a recent acceptance spared', async () => {
    const fx = await kongLimiterFixture({ limits: {} });
    try {
      const only = 'credentials,valid-cert,missing-cert,self-signed-cert,untrusted-ca-cert,expired-cert,revoked-cert,versioning,tls-versions';
      const { r } = await runExternal(fx, 'budget', ['--only', only]);
      expect(r.code, r.stdout.slice(-2000)).toBe(0);
      const demos = (await loadCatalogue()).demos.filter((d) => only.split(',').includes(d.id));
      const plan = planRun({ target: 'external', external: loadExternal(fx.file), policyFile: DEFAULT_POLICY, flags: {}, rejections: 3, convergenceMs: 30_000, maxValidityDays: 90 });
      const budget = runBudget(demos, plan.plan).total;
      expect(fx.limiter.seen.size).toBeGreaterThan(0);
      for (const [name, sent] of fx.limiter.seen) expect(sent, name).toBeLessThanOrEqual(budget[name] ?? 0);
      // Exactly: what was sent, plus the positive controls a recent acceptance spared.
      const total = (b: Iterable<number>): number => [...b].reduce((a, n) => a + n, 0);
      const spared = steps(join(fx.dir, 'reports-budget', 'allure-results')).filter((n) => /^arrange: positive control: .* got in on .* ms ago$/.test(n)).length;
      expect(total(fx.limiter.seen.values()) + spared).toBe(total(Object.values(budget)));
    } finally {
      await fx.close();
    }
  }, bound(90_000));

  it('a partner\'s self-check sends three requests as the partner: one to get in, TLS 1.2 and 1.3', async () => {
    const fx = await kongLimiterFixture({ limits: {} });
    try {
      const c = (f: string): string => join(fx.certs, f);
      const r = await runCliWithoutHtml(['verify', '--url', `${fx.baseUrl}/v1/consumer`, '--cert', c('partner-a.crt'), '--key', c('partner-a.key'), '--ca', c('ca.crt'), '--report-dir', join(fx.dir, 'verify')]);
      expect(r.code, r.stdout.slice(-2000)).toBe(0);
      expect(Object.fromEntries(fx.limiter.seen)).toEqual({ 'partner-a': 3 });
    } finally {
      await fx.close();
    }
  }, bound(90_000));

  it('warns before a run, and in list, when a declared quota is smaller than what the run sends', async () => {
    // partner-a (3/min) still has the most quota of the regular partners, so it carries most requests.
    const policy = readFileSync(DEFAULT_POLICY, 'utf8').replace('rateLimit: { perMinute: 120 }', 'rateLimit: { perMinute: 3 }').replace('rateLimit: { perMinute: 60 }', 'rateLimit: { perMinute: 2 }');
    const file = join(dir, 'small-quota.yaml');
    writeFileSync(file, policy);
    const list = await runCliWithoutHtml(['list', '--policy', file]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^warning: partner-a has a quota of 3\/min, but this run sends at least \d+ requests as partner-a outside rate-limit \(.*tls-versions 4.*\)/m);
    const run = await runCliWithoutHtml(['run', '--policy', file, '--only', 'tls-versions', '--report-dir', join(dir, 'reports')]);
    expect(run.stdout.split('\n')[0]).toMatch(/^mtls-conformance: warning: partner-a has a quota of 3\/min, but this run sends at least 4 requests/);
    // ... and the run copes: the fourth request goes to another partner when partner-a is limited.
    expect(run.code, run.stdout.slice(-2000)).toBe(0);
  }, bound(90_000));
});
