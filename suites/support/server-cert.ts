// The gateway's server certificate as a client sees it, in one TLS handshake as the workhorse
// partner: a step with the certificate view attached. A port we could not talk TLS to (not a
// certificate we refused: that is the gateway's doing) is no verdict.
import * as allure from 'allure-js-commons';
import { broken, ofFailure } from '../../harness/oracle/no-verdict.ts';
import { SERVER_CERT_REJECTED } from '../../harness/probe/classify.ts';
import { loadIdentity } from '../../harness/probe/probe.ts';
import { inspectServerCert, type ServerCertView } from '../../harness/probe/server-cert.ts';
import { target, workhorse } from './target.ts';

export async function serverCertStep(): Promise<ServerCertView> {
  const t = target();
  const partner = workhorse();
  const view = await allure.step(`probe: TLS handshake with ${new URL(t.baseUrl).host}`, () =>
    inspectServerCert(t.baseUrl, t.serverCaPem, partner ? loadIdentity(partner) : undefined),
  );
  await allure.attachment('server certificate', JSON.stringify(view, null, 2), 'application/json');
  if (!view.authorized && !SERVER_CERT_REJECTED.has(view.code ?? '')) throw broken(ofFailure(view.code ?? 'ERROR', view.error ?? 'no handshake'));
  return view;
}
