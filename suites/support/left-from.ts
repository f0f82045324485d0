// The property an address-bound probe names (ip-allowlist: where it comes from), checked by the OS
// rather than by our own request: each connection that got an answer must have left from the
// address it was meant to. One the gateway cut off in the handshake reports none; a source the OS
// would not give fails at connect, and is broken there.
import { CaseBroken } from '../../harness/oracle/no-verdict.ts';
import type { ProbeResult } from '../../harness/probe/probe.ts';

/** Why these probes did not test what they name, or undefined when every answered one left from `address`. */
export function strayFrom(results: readonly Pick<ProbeResult, 'outcome'>[], address: string): CaseBroken | undefined {
  const seen = results.map((r) => (r.outcome.kind === 'response' ? r.outcome.tls.localAddress : undefined)).filter((a): a is string => a !== undefined);
  const other = seen.find((a) => a !== address);
  if (!other) return undefined;
  return new CaseBroken(
    `a probe meant to leave from ${address} left from ${other}: it did not test what it names`,
    'run on a machine where the loopback network 127.0.0.0/8 is local (Linux), or name a loopback address in sourceAddresses',
  );
}
