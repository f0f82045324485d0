// Reading what the backend saw: the echo backends answer JSON with the identity headers the gateway
// handed them (feature 'identity-headers'); and what fixes a gateway that tells it the wrong things.
import type { ProbeResult } from '../../harness/probe/probe.ts';

/** The likely cause when the backend is not told who called, or is told what the client claimed. */
export const IDENTITY_FIX =
  "the gateway must tell the backend who called on every request it lets in: X-Consumer-Username (the partner's name) and X-Client-DN (its verified subject) (Kong: kong.service.request.set_header in the function that maps the certificate to a Consumer; nginx: proxy_set_header with the verified $ssl_client_s_dn)";
export const SPOOF_FIX =
  'the gateway passes on identity headers the client sent: set or clear each of them itself on every request (Kong: kong.service.request.set_header and clear_header; nginx: proxy_set_header, which replaces what the client sent)';

export const ROUTE_FIX = "each version's path must lead to its own backend and no other (Kong: the route with that path on the service whose url is that version's backend; nginx: the version's location proxying to its own upstream)";

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
