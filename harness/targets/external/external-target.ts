// The external target: a gateway someone else runs, described by a YAML file. Nothing is started;
// the harness only mints what it can (impostor certs always; expired, not-yet-valid and wrong-EKU
// certs, each when its case asks, when the file gives the issuing CA's key) and changes nothing.
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError } from '../../util/errors.ts';
import type { ExternalConfig } from '../../config/external.ts';
import { checkExternalPki, issuedBy } from './external-pki.ts';
import { importAuthority } from '../../pki/import-authority.ts';
import { privateKeyIn } from '../../pki/pem.ts';
import { ProbeMint } from '../../identities/probe-mint.ts';
import { mintRogueIdentities, ProbeUnfit, UnfitKeyKind } from '../../identities/rogue.ts';
import { subjectOf } from '../../pki/subject.ts';
import { workhorseOf } from '../../config/roles.ts';
import { KeyStore } from '../../pki/store.ts';
import { NO_CONTROL } from '../../core/no-control.ts';
import type { ProvisionedTarget, TargetControl } from '../../core/target.ts';
import { declaredFeatures, fileDeclares } from '../../core/features.ts';
import type { Scope } from '../../util/scope.ts';

export interface ExternalOptions {
  rejections: number;
  convergenceMs: number;
}

export async function provisionExternal(config: ExternalConfig, scope: Scope, options: ExternalOptions): Promise<ProvisionedTarget> {
  const store = new KeyStore();
  scope.defer("remove the run's keys", () => store.remove(), () => store.remove());
  try {
    const partners = config.partners.map((p) => ({
      name: p.name,
      certFile: p.cert,
      keyFile: p.key,
      subject: subjectOf(p.cert),
      ...(p.rateLimit ? { rateLimit: p.rateLimit } : {}),
      ...(p.reservedFor ? { reservedFor: p.reservedFor } : {}),
      ...(p.sourceAddresses ? { sourceAddresses: p.sourceAddresses } : {}),
    }));
    // Probes carry the subject of the partner with the most quota (the workhorse, which the positive
    // controls use): a probe wrongly let in spends no small quota another demo judges. With an
    // issuer, of the partners it issued: where several CAs issue partners, a probe it signs must
    // present the chain of a partner of its own.
    const issued = config.issuer ? partners.filter((p) => issuedBy(p.certFile, config.issuer!.cert)) : partners;
    const victim = workhorseOf(issued) ?? workhorseOf(partners)!;
    const pki = await checkExternalPki(config, victim.certFile, store);
    const issuer = config.issuer && (await importAuthority(readFileSync(config.issuer.cert, 'utf8'), createPrivateKey(privateKeyIn(readFileSync(config.issuer.key, 'utf8')))));
    // Probes signed with the issuer are minted when a case asks; one of each is minted (and thrown
    // away) now, so that an issuer that cannot make a fair one is a config error before any demo.
    const mint = issuer ? new ProbeMint(store, issuer, victim.certFile, pki.trust) : undefined;
    for (const kind of mint ? (['expired', 'not-yet-valid', 'wrong-eku'] as const) : []) mint!.discard((await mint!.mint(kind)).name);
    const features = declaredFeatures([], { partners, routes: config.routes, ...fileDeclares(config) });
    const info: ProvisionedTarget['info'] = {
      target: 'external',
      baseUrl: config.gateway.url,
      serverCaPem: readFileSync(config.gateway.ca, 'utf8'),
      oracle: config.gateway.oracle,
      oracleSetting: config.selfCheck ? 'run verify with --oracle' : 'set gateway.oracle:',
      features,
      partners,
      probes: { ...(await mintRogueIdentities(store, victim.certFile, pki.trust)), ...pki.probes },
      routes: config.routes,
      ...(config.cache ? { cache: config.cache } : {}),
      ...(config.selfCheck ? { selfCheck: true } : {}),
      consistency: { rejections: options.rejections, convergenceMs: options.convergenceMs },
    };
    const control: TargetControl = mint ? { ...NO_CONTROL, mintProbe: (kind) => mint.mint(kind), discardProbe: async (name) => mint.discard(name) } : NO_CONTROL;
    return { info, control };
  } catch (err) {
    // A partner key of a kind no probe is made of says so itself; anything else unfit comes from the issuer.
    if (err instanceof ProbeUnfit && config.issuer && !(err instanceof UnfitKeyKind)) throw new ConfigError(`issuer (${config.shown?.[config.issuer.cert] ?? config.issuer.cert}): ${err.message}: give the CA that issues the partner certs, with its key`);
    if (err instanceof ProbeUnfit) throw new ConfigError(`${err.message}`);
    throw err;
  }
}
