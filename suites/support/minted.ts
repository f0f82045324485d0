// Probes only the trusted CA's key can make: the target file's own (expired), or minted by the
// target when the case asks and discarded when it is done, so that a cert signed with a Home
// Party's CA key lives no longer than its case (harness/identities/probe-mint.ts gives the windows).
import { CaseBroken } from '../../harness/oracle/no-verdict.ts';
import type { Identity } from '../../harness/core/target.ts';
import { arrange } from './steps.ts';
import { control, hasFeature, target } from './target.ts';

export type MintedKind = 'expired' | 'not-yet-valid' | 'wrong-eku';

/** Run `use` with the probe of `kind`; undefined when the target has none and cannot mint one. */
export async function withTrustedCaProbe<T>(kind: MintedKind, use: (identity: Identity) => Promise<T>): Promise<T | undefined> {
  const given = kind === 'expired' ? target().probes.expired : undefined;
  if (given) return use(given);
  if (!hasFeature('mint-invalid-validity')) return undefined;
  const identity = await arrange(`mint the ${kind} probe with the trusted CA's key, for this case only`, () =>
    control().mintProbe(kind).catch((err: unknown) => {
      throw new CaseBroken(`the ${kind} probe could not be minted: ${(err as Error).message}`, 'give the CA that issues the partner certs, with its key (issuer in the target file)');
    }),
  );
  try {
    return await use(identity);
  } finally {
    await control().discardProbe(identity.name);
  }
}
