// `mtls-conformance list`: the demos in run order (id, seed, what each checks, what it needs) and
// the request budget per identity for the chosen target, so a Home Party can size quotas first.
import type { DemoDeclaration } from '../../harness/report/catalogue.ts';
import { planRun, quotaWarnings, runBudget } from '../../harness/run/plan.ts';
import type { RunOptions } from '../../harness/run/run-options.ts';

export function listText(demos: readonly DemoDeclaration[], o: RunOptions): string {
  const run = planRun(o);
  const budget = runBudget(demos, run.plan);
  const out = [`Demos, in run order (ids for --only), for --target ${o.target}:`];
  for (const d of demos) {
    const spend = Object.entries(budget.byDemo[d.id] ?? {}).map(([n, c]) => `${n} ${c}`).join(', ') || 'none';
    out.push(`  ${d.id.padEnd(21)} ${d.seed}: ${d.checks}`);
    out.push(`  ${''.padEnd(21)} needs: ${d.needs.length > 0 ? d.needs.join(', ') : 'nothing beyond a gateway'}; requests: ${spend}${d.spendsQuota ? ' (spends quotas on purpose)' : ''}`);
  }
  out.push('', 'Request budget per identity: at most this many HTTP requests, not counting polls while a change converges (a recent acceptance often serves as a refusal\'s positive control, so runs send fewer):');
  for (const p of run.partners) {
    const total = budget.total[p.name] ?? 0;
    const others = budget.others[p.name] ?? 0;
    const role = p.reservedFor ? `reserved for ${p.reservedFor}` : p.name === run.plan.workhorse ? 'carries the requests any partner may send' : 'regular';
    const quota = p.rateLimit ? `, quota ${p.rateLimit.perMinute}/min` : '';
    out.push(`  ${p.name.padEnd(21)} ${String(total).padStart(4)} in all, ${String(others).padStart(4)} outside rate-limit (${role}${quota})`);
  }
  for (const w of quotaWarnings(demos, run)) out.push('', `warning: ${w}`);
  return `${out.join('\n')}\n`;
}
