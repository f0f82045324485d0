// Registry line of the external target: a gateway someone else runs, described by a target file.
// Light to import: the CLI reads it at start-up; what preflight and provisioning need loads on use.
import { readFileSync } from 'node:fs';
import { ConfigError, EnvironmentError } from '../../util/errors.ts';
import type { ExternalConfig } from '../../config/external-types.ts';
import type { TargetEntry } from '../registry-types.ts';
import { NOT_RUN_HERE } from '../../core/features.ts';

function fileOf(external: ExternalConfig | undefined): ExternalConfig {
  if (!external) throw new ConfigError('--target external needs --config <file> (the target file described in the README)');
  return external;
}

export const external: TargetEntry = {
  name: 'external',
  summary: 'a gateway you run, described by --config',
  source: 'config',
  ownsGateway: false,
  flags: [],
  can: [],
  lacks: { 'cert-manager': NOT_RUN_HERE },
  preRevokedProbe: false,
  // Someone else's gateway: if it cannot be reached at all, that is said once, before any demo.
  preflight: async (o) => {
    const { gateway, partners } = fileOf(o.external);
    const [{ loadIdentity }, { reach }] = await Promise.all([import('../../probe/probe.ts'), import('../../probe/reach.ts')]);
    const partner = partners[0];
    const reached = await reach(gateway.url, readFileSync(gateway.ca, 'utf8'), partner ? loadIdentity({ certFile: partner.cert, keyFile: partner.key }) : undefined);
    if (!reached.ok) {
      throw new EnvironmentError(`cannot reach ${new URL(gateway.url).host}: ${reached.code} (${reached.message}): check that the gateway is up and that ${gateway.url} is its mTLS listener`);
    }
    // The partner's setup, not the gateway's conformance: a wrong CA file would fail every demo.
    if (reached.notIssuedByCa) {
      // The chain reached a CA of the file that is no root, and found nothing above it.
      if (reached.notIssuedByCa === 'UNABLE_TO_GET_ISSUER_CERT') throw new ConfigError(`${gateway.caGivenAs ?? 'the gateway CA'}: ${gateway.ca} holds an issuing CA without the root above it, and a chain ends only at a root (UNABLE_TO_GET_ISSUER_CERT): add that root to ${gateway.ca}, or give the root instead`);
      // Its certificate came alone: the root above an issuing CA, given rightly, cannot reach it either.
      const alone = reached.notIssuedByCa === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' ? `; if that is the root above an issuing CA, the gateway sends its certificate without that issuing CA after it, which it must send` : '';
      throw new ConfigError(`${gateway.caGivenAs ?? 'the gateway CA'}: the gateway's certificate is not issued by ${gateway.ca} (${reached.notIssuedByCa}): give the CA that issued ${new URL(gateway.url).host}'s server certificate${alone}`);
    }
  },
  provision: async (o, scope) => {
    const { provisionExternal } = await import('./external-target.ts');
    return provisionExternal(fileOf(o.external), scope, { rejections: o.rejections, convergenceMs: o.convergenceMs });
  },
};
