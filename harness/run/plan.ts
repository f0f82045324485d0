// A run's request plan, before anything starts: who is who (roles.ts), what the target can do
// (features.ts), and so how many requests each identity sends, summed over the demos' own
// declarations. It feeds `mtls-conformance list` and the warning that a declared quota is smaller
// than what the run will spend of it.
import { regularOf, reservedOf, workhorseOf, type PartnerRole } from '../config/roles.ts';
import type { Budget, BudgetPlan, DemoDeclaration } from '../core/demo.ts';
import { declaredFeatures, fileDeclares } from '../core/features.ts';
import { targetEntry } from '../targets/registry.ts';
import type { RunOptions } from '../core/options.ts';

export interface RunPlan {
  plan: BudgetPlan;
  partners: PartnerRole[];
}

export function planRun(o: RunOptions): RunPlan {
  const entry = targetEntry(o.target);
  const ext = entry.source === 'config' ? o.external : undefined;
  const source = ext ?? o.policy;
  if (!source) throw new Error(`--target ${o.target} has neither a policy nor a target file`);
  const partners: PartnerRole[] = source.partners.map((p) => ({ name: p.name, ...(p.rateLimit ? { rateLimit: p.rateLimit } : {}), ...(p.reservedFor ? { reservedFor: p.reservedFor } : {}) }));
  const features = declaredFeatures(entry.can, { partners, routes: source.routes, ...(ext ? fileDeclares(ext) : {}) });
  const minted = features.includes('mint-invalid-validity');
  const plan: BudgetPlan = {
    rejections: o.rejections,
    workhorse: workhorseOf(partners)?.name ?? '',
    regular: regularOf(partners).map((p) => p.name),
    reserved: (demo) => reservedOf(partners, demo).map((p) => p.name),
    versions: Object.keys(source.routes.versions).length,
    quota: (name) => partners.find((p) => p.name === name)?.rateLimit?.perMinute,
    has: (f) => features.includes(f),
    probes: { expired: minted || !!ext?.probes.expired, notYetValid: minted, wrongEku: minted, revoked: entry.preRevokedProbe || !!ext?.probes.revoked },
  };
  return { plan, partners };
}

export interface RunBudget {
  byDemo: Record<string, Budget>;
  /** The demos whose point is to spend a quota (their requests are not a budget to warn about). */
  spenders: string[];
  /** Everything the run sends, per identity. */
  total: Budget;
  /** What the demos that are not about quotas send: what a declared quota must cover. */
  others: Budget;
}

function add(into: Budget, from: Budget): void {
  for (const [name, n] of Object.entries(from)) into[name] = (into[name] ?? 0) + n;
}

export function runBudget(demos: readonly DemoDeclaration[], plan: BudgetPlan): RunBudget {
  const byDemo = Object.fromEntries(demos.map((d) => [d.id, d.requests(plan)]));
  return budgetOf(byDemo, demos.filter((d) => d.spendsQuota).map((d) => d.id));
}

/** The budget of these demos (all of `byDemo` by default), summed. */
export function budgetOf(byDemo: Record<string, Budget>, spenders: string[], ids: readonly string[] = Object.keys(byDemo)): RunBudget {
  const out: RunBudget = { byDemo: {}, spenders: spenders.filter((id) => ids.includes(id)), total: {}, others: {} };
  for (const id of ids) {
    const b = byDemo[id] ?? {};
    out.byDemo[id] = b;
    add(out.total, b);
    if (!spenders.includes(id)) add(out.others, b);
  }
  return out;
}

/** One line for each partner whose declared quota is smaller than what the other demos send as it. */
export function quotaWarnings(demos: readonly DemoDeclaration[], run: RunPlan): string[] {
  return budgetWarnings(runBudget(demos, run.plan), run.partners);
}

export function budgetWarnings(budget: RunBudget, partners: readonly PartnerRole[]): string[] {
  return partners.flatMap((p) => {
    const spend = budget.others[p.name] ?? 0;
    const quota = p.rateLimit?.perMinute;
    if (quota === undefined || spend <= quota) return [];
    const by = Object.entries(budget.byDemo).filter(([id, b]) => b[p.name] && !budget.spenders.includes(id)).map(([id, b]) => `${id} ${b[p.name]}`);
    return [`${p.name} has a quota of ${quota}/min, but this run sends at least ${spend} requests as ${p.name} outside rate-limit (${by.join(', ')}): cases may wait for its window or be broken; give it more quota, or list more partners (the one with the most quota carries most requests)`];
  });
}
