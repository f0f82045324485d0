// Identities the gateway has said are over a quota, in this worker: a 429 in a case that is not
// about quotas is no verdict, so the next probe that any partner may send goes to another one.
const until = new Map<string, number>();

/** Remember that `name` got a 429; `waitMs` is how long the gateway said to wait, if it said. */
export function markLimited(name: string, waitMs: number | undefined): void {
  until.set(name, waitMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + waitMs);
}

export function isLimited(name: string): boolean {
  return (until.get(name) ?? 0) > Date.now();
}
