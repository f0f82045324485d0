// verify: whose result this is, read once the gateway is open: the partner's certificate from its
// file, the URL it checks, and the gateway's server certificate from one handshake as that partner.
import type { ExternalConfig } from '../../harness/config/external-types.ts';
import type { TargetInfo } from '../../harness/core/target.ts';
import { loadIdentity } from '../../harness/probe/probe.ts';
import { inspectServerCert } from '../../harness/probe/server-cert.ts';
import { leafSummary, type Whose } from '../../harness/report/whose.ts';

export async function whoseOf(config: ExternalConfig, info: TargetInfo): Promise<Whose> {
  const partner = config.partners[0]!;
  const view = await inspectServerCert(info.baseUrl, info.serverCaPem, loadIdentity({ certFile: partner.cert, keyFile: partner.key }));
  return {
    partner: leafSummary(partner.cert),
    url: `${info.baseUrl}${info.routes.default}`,
    ...(view.sha256 && view.subject ? { gateway: { subject: view.subject, sha256: view.sha256 } } : {}),
  };
}
