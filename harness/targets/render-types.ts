// What `mtls-conformance render` writes for a target: each file a run would apply or start the
// gateway with, for a Home Party engineer to review, and what is only known once a run starts.
import type { Policy } from '../config/policy.ts';
import { initialPartners, type GatewayPartner } from '../gateway/partners.ts';
import { rfc2253 } from '../pki/subject.ts';

export interface RenderedFile {
  /** Relative to the --out dir. */
  path: string;
  content: string;
}

export interface Rendered {
  files: RenderedFile[];
  /** Values a run chooses or reads only when it starts (ports, issued subjects, the CRL). */
  atRunTime: string[];
}

/** Ports a rendering shows where a run takes free ones. */
export const EXAMPLE_PORTS = { proxy: 18443, admin: 18001 } as const;

/** The example port of the i-th backend (one per route version). */
export function exampleBackendPort(i: number): number {
  return 18081 + i;
}

/** The partner table a gateway starts with, from the policy (a run reads the subjects from the issued certs). */
export function policyPartnerTable(policy: Policy): GatewayPartner[] {
  // Every field of the policy's partner goes through, as a run's issued identities do.
  return initialPartners(policy.partners.map((p) => ({ ...p, subject: rfc2253(p.subject) })));
}

/** Kong's environment as KEY=VALUE lines (a docker --env-file). */
export function envFile(env: Record<string, string>): string {
  return Object.entries(env).map(([k, v]) => `${k}=${v}`).join('\n') + '\n';
}
