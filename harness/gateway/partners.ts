// A controlled gateway's partner table: who is on the allowlist, with what quota. Every target
// renders it into its own config (nginx map, Kong consumers); the control actions change it.

export interface GatewayPartner {
  name: string;
  /** The verified subject as nginx (and so Kong) reports it: RFC 2253. */
  subject: string;
  perMinute?: number;
  /** false once offboarded: no longer on the allowlist. */
  allowed: boolean;
  /** Added while the gateway runs (control action onboard). */
  onboarded?: boolean;
  /** The only source addresses it may come from (IPs or CIDR ranges). */
  sourceAddresses?: string[];
}

/** The table a gateway starts with: every partner of the PKI, allowed, with its quota. */
export function initialPartners(identities: readonly { name: string; subject: string; rateLimit?: { perMinute: number }; sourceAddresses?: string[] }[]): GatewayPartner[] {
  return identities.map((p) => ({
    name: p.name,
    subject: p.subject,
    allowed: true,
    ...(p.rateLimit ? { perMinute: p.rateLimit.perMinute } : {}),
    ...(p.sourceAddresses ? { sourceAddresses: p.sourceAddresses } : {}),
  }));
}
