// Reading what the backend saw: the echo backends answer JSON with the identity headers the gateway
// handed them (feature 'identity-headers').
import type { ProbeResult } from '../../harness/probe/probe.ts';

export interface EchoBody {
  version?: string;
  consumer?: string | null;
  identityHeaders?: Record<string, string>;
}

export function echoBody(result: ProbeResult): EchoBody | undefined {
  if (result.outcome.kind !== 'response') return undefined;
  try {
    const parsed: unknown = JSON.parse(result.outcome.body);
    return parsed && typeof parsed === 'object' ? (parsed as EchoBody) : undefined;
  } catch {
    return undefined;
  }
}
