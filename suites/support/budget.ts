// Small helpers for the demos' request budgets (DemoDeclaration.requests).
import type { Budget } from '../../harness/core/demo.ts';

/** Sum budgets; identities without requests are left out. */
export function budget(...entries: [string | undefined, number][]): Budget {
  const out: Budget = {};
  for (const [name, n] of entries) if (name && n > 0) out[name] = (out[name] ?? 0) + n;
  return out;
}
