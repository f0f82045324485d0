// Probes signed with the trusted CA's key (ours, cert-manager's CA Secret, or a target file's
// issuer), minted when a case asks and discarded when it is done: such a cert carries a real
// partner's subject and chains to the Home Party's CA, so it must be useless outside the run even
// if it leaks. Expired: a minute-long window that ended a minute ago. Not yet valid: one second,
// starting after the CA itself expires (a verifier that requires the issuer to be valid at that
// second never accepts it; one that does not, e.g. Java's PKIX, or a CA renewed with the same key,
// would accept it for that one second only). serverAuth only: valid for ten minutes. Its key lives in the run's 0700 dir (0600) only while its case runs.
import { rmSync } from 'node:fs';
import type { Authority } from '../pki/authority.ts';
import { mintWithWindow, victimOf, type InvalidKind, type TrustContext, type Victim } from './rogue.ts';
import type { KeyStore } from '../pki/store.ts';
import type { Identity } from '../core/target.ts';

export type { InvalidKind };

const MINUTE = 60_000;
const DAY = 24 * 3600 * 1000;

/** The validity window each kind gets, minted at `now` by a CA whose notAfter is `caNotAfter`. */
export function probeWindow(kind: InvalidKind, now: number, caNotAfter: number): { notBefore: Date; notAfter: Date } {
  if (kind === 'expired') return { notBefore: new Date(now - 2 * MINUTE), notAfter: new Date(now - MINUTE) };
  if (kind === 'not-yet-valid') {
    const start = Math.max(caNotAfter + MINUTE, now + DAY);
    return { notBefore: new Date(start), notAfter: new Date(start + 1000) };
  }
  return { notBefore: new Date(now - MINUTE), notAfter: new Date(now + 10 * MINUTE) };
}

export class ProbeMint {
  private readonly live = new Map<string, string[]>();
  private count = 0;
  /** The partner whose subject, key kind and chain the probes carry. */
  private readonly victim: Victim;

  constructor(
    private readonly store: KeyStore,
    private readonly ca: Authority,
    victimCertFile: string,
    /** What each probe is checked against before use: the gateway's trust anchors (and CRLs). */
    private readonly trust: TrustContext,
  ) {
    this.victim = victimOf(victimCertFile);
  }

  async mint(kind: InvalidKind): Promise<Identity> {
    const name = `${kind}-${++this.count}`;
    const identity = await mintWithWindow(this.store, this.ca, this.victim, this.trust, kind, name, probeWindow(kind, Date.now(), this.ca.cert.notAfter.getTime()));
    this.live.set(identity.name, [identity.keyFile, identity.certFile]);
    return identity;
  }

  /** Remove a probe's key and cert as soon as its case is done (teardown removes the rest). */
  discard(name: string): void {
    for (const file of this.live.get(name) ?? []) rmSync(file, { force: true });
    this.live.delete(name);
  }

  /** Probes minted and not yet discarded (for tests of key lifetime). */
  get minted(): string[] {
    return [...this.live.keys()];
  }
}
