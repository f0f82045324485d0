// Who plays which part in a run: partners any demo may use (regular), the one used when any will
// do (the workhorse: most quota first, so demos that send several requests never eat into a small
// quota another demo judges), and those set aside for one demo (reservedFor). One definition for
// the suites and for planning a run's requests.
export interface PartnerRole {
  name: string;
  rateLimit?: { perMinute: number };
  reservedFor?: string;
}

export function regularOf<T extends PartnerRole>(partners: readonly T[]): T[] {
  return partners.filter((p) => !p.reservedFor);
}

/** `limited`: identities the gateway just said are over a quota; they come last. */
export function workhorseOf<T extends PartnerRole>(partners: readonly T[], limited: (name: string) => boolean = () => false): T | undefined {
  const quota = (p: T): number => p.rateLimit?.perMinute ?? Number.POSITIVE_INFINITY;
  return [...regularOf(partners)].sort((a, b) => Number(limited(a.name)) - Number(limited(b.name)) || quota(b) - quota(a))[0];
}

export function reservedOf<T extends PartnerRole>(partners: readonly T[], demo: string): T[] {
  return partners.filter((p) => p.reservedFor === demo);
}
