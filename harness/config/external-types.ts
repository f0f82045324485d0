// The external target file as the harness uses it once read and checked (harness/config/external.ts).
import type { OracleName } from '../oracle/oracle.ts';
import type { Routes } from './routes.ts';
import type { CachePolicy } from './resilience.ts';

export interface CertKey {
  cert: string;
  key: string;
}

export interface ExternalPartner extends CertKey {
  name: string;
  rateLimit?: { perMinute: number };
  reservedFor?: string;
  /** The only source addresses the gateway lets this partner in from: enables ip-allowlist. */
  sourceAddresses?: string[];
}

export interface ExternalConfig {
  /** A partner's self-check (verify), not the Home Party's target file. */
  selfCheck?: boolean;
  /** The target file as the user named it (absent for verify), for messages. */
  file?: string;
  /** `caGivenAs`: how the user named the CA (`--ca`, or `gateway.ca in <file>`), for errors. */
  gateway: { url: string; ca: string; oracle: OracleName; caGivenAs?: string };
  /** The CA(s) partners' chains end in, when not gateway.ca's: the trust anchor probes are checked against. */
  partnerCa?: string;
  partners: ExternalPartner[];
  routes: Routes;
  probes: { expired?: CertKey; revoked?: CertKey };
  /** The CA that issues partner certs, with its key: lets the harness mint expired and wrong-EKU certs. */
  issuer?: CertKey;
  /** A route the gateway caches per partner (Kong's proxy-cache): enables cache-isolation. */
  cache?: CachePolicy;
  /** Each resolved path as the user wrote it, for messages. */
  shown?: Record<string, string>;
}
