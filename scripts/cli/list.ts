// `mtls-conformance list`: the demos in run order (id, what each checks, what it needs) and
// the request budget per identity for the chosen target, so a Home Party can size quotas first.
import type { DemoDeclaration } from '../../harness/core/demo.ts';
import { planRun, quotaWarnings, runBudget } from '../../harness/run/plan.ts';
import type { RunOptions } from '../../harness/core/options.ts';
import type { RunPlan } from '../../harness/run/plan.ts';
import { whyLacking } from '../../harness/core/features.ts';
import { targetEntry } from '../../harness/targets/registry.ts';

function roleOf(p: RunPlan['partners'][number], run: RunPlan): string {
  const role = p.reservedFor ? `reserved for ${p.reservedFor}` : p.name === run.plan.workhorse ? 'regular; carries the requests any partner may send' : 'regular';
  return `${role}${p.rateLimit ? `, quota ${p.rateLimit.perMinute}/min` : ''}`;
}

/** The budget per identity as a Markdown table (docs/verdicts.md shows the local default's). */
export function budgetMarkdown(demos: readonly DemoDeclaration[], o: RunOptions): string {
  const run = planRun(o);
  const b = runBudget(demos, run.plan);
  const rows = run.partners.map((p) => `| \`${p.name}\` | ${b.total[p.name] ?? 0} | ${b.others[p.name] ?? 0} | ${roleOf(p, run)} |`);
  return ['| identity | requests | outside rate-limit | role |', '|---|---|---|---|', ...rows].join('\n');
}

export function listText(demos: readonly DemoDeclaration[], o: RunOptions): string {
  const run = planRun(o);
  const budget = runBudget(demos, run.plan);
  const out = [`Demos, in run order (ids for --only), for --target ${o.target}:`];
  for (const d of demos) {
    const spend = Object.entries(budget.byDemo[d.id] ?? {}).map(([n, c]) => `${n} ${c}`).join(', ') || 'none';
    out.push(`  ${d.id.padEnd(21)} ${d.checks}`);
    const missing = d.needs.filter((f) => !run.plan.has(f));
    if (missing.length > 0) {
      out.push(`  ${''.padEnd(21)} not supported on ${o.target}: ${whyLacking(missing, targetEntry(o.target).lacks)}`);
      continue;
    }
    out.push(`  ${''.padEnd(21)} needs: ${d.needs.length > 0 ? d.needs.join(', ') : 'nothing beyond a gateway'}; requests: ${spend}${d.spendsQuota ? ' (spends quotas on purpose)' : ''}`);
  }
  out.push('', 'Request budget per identity: at most this many HTTP requests, not counting polls while a change converges (a recent acceptance often serves as a refusal\'s positive control, so runs send fewer):');
  for (const p of run.partners) {
    const total = budget.total[p.name] ?? 0;
    const others = budget.others[p.name] ?? 0;
    out.push(`  ${p.name.padEnd(21)} ${String(total).padStart(4)} in all, ${String(others).padStart(4)} outside rate-limit (${roleOf(p, run)})`);
  }
  for (const w of quotaWarnings(demos, run)) out.push('', `warning: ${w}`);
  return `${out.join('\n')}\n`;
}
