// The kind target's orchestration, run for real against a recorded command runner (kind, kubectl),
// a fake Kubernetes API over HTTP on 127.0.0.1 (Secrets, Certificate and Deployment status), and an
// https stand-in for Kong: the order of steps, the waits, the control actions, the error paths, and
// the cleanup after a failure half way. (No Docker engine here: kind itself never runs.)
import { workhorseOf } from '../harness/config/roles.ts';
import { bound } from './support/bounds.ts';
import { parseAllDocuments } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EnvironmentError } from '../harness/util/errors.ts';
import type { ProvisionedTarget } from '../harness/core/target.ts';
import { Scope } from '../harness/util/scope.ts';
import { kind } from '../harness/targets/kind/entry.ts';
import { declaredFeatures } from '../harness/core/features.ts';
import { provisionKind, type KindDeps, type KindOptions } from '../harness/targets/kind/kind-target.ts';
import { kubeApi } from '../harness/targets/kind/kube.ts';
import { CERT_MANAGER_MANIFEST, LIVE, NAMES, partnerSecretName } from '../harness/targets/kind/manifests.ts';
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { EC_P256, generateKeyPair, privateKeyPem } from '../harness/pki/x509.ts';
import { issuingName } from '../harness/pki/subject.ts';
import { signCrl } from '../harness/pki/authority.ts';
import { importAuthority } from '../harness/pki/import-authority.ts';
import { x509 } from '../harness/pki/x509.ts';
import { loadIdentity, probe } from '../harness/probe/probe.ts';
import { waitForHttps } from '../harness/targets/ready.ts';
import { REVOCABLE_POLICY } from './support/external-fixture.ts';
import { verifyReasons } from '../harness/oracle/verify-reason.ts';
import { certManagerSecrets, startFakeKong, type FakeKong } from './support/fake-kong.ts';
import { startFakeKube, type FakeKube } from './support/fake-kube.ts';
import { fail, ok, RecordedRunner, type Call } from './support/recorded-runner.ts';
import { usePrivateTmp } from './support/private-tmp.ts';

// Keys of this file's runs go to a private TMPDIR, so "nothing left behind" can be checked exactly.
const { ours } = usePrivateTmp('kindtest');

let kube: FakeKube;
let kong: FakeKong;
// The Kong pod's live files (LIVE): seeded from the CRL Secret and the ConfigMap when the Kong
// Deployment is applied (its init container), changed afterwards only by what is written into the
// pod. A Secret or ConfigMap applied later never reaches the pod here (the kubelet's sync takes
// about a minute, longer than any window of a run).
let seed: { crl: string; kongYml: string };
let podFiles: Map<string, string>;
/** CertificateRequests applied, for the fake cert-manager to sign (signPending). */
let pendingCsrs: { name: string; csrPem: string }[];

/** The fake cert-manager: the partners' CA signs what was requested, keeping the CSR's subject and key. */
async function signPending(): Promise<void> {
  const ca = kube.secrets.get(NAMES.caCert)!;
  const authority = await importAuthority(ca['tls.crt']!, createPrivateKey(ca['tls.key']!));
  for (const { name, csrPem } of pendingCsrs.splice(0)) {
    const csr = new x509.Pkcs10CertificateRequest(csrPem);
    const cert = await x509.X509CertificateGenerator.create({ serialNumber: '0a1b2c', subject: csr.subject, issuer: authority.cert.subject, publicKey: csr.publicKey, signingKey: authority.keys.privateKey, signingAlgorithm: authority.signingAlgorithm ?? { name: 'ECDSA', hash: 'SHA-256' }, notBefore: new Date(Date.now() - 60_000), notAfter: new Date(Date.now() + 86_400_000) });
    kube.signed.set(name, cert.toString('pem'));
  }
}

beforeEach(async () => {
  seed = { crl: '', kongYml: '' };
  podFiles = new Map();
  pendingCsrs = [];
  kube = await startFakeKube(2);
  const { secrets, subjects } = await certManagerSecrets(REVOCABLE_POLICY);
  for (const [k, v] of secrets) kube.secrets.set(k, v);
  kong = await startFakeKong(secrets.get(NAMES.serverCert)!, subjects);
});
afterEach(async () => {
  await kube.close();
  await kong.close();
});

/** kind and kubectl as the cluster would answer; `override` can fail one call. */
function runner(override?: (c: Call) => ReturnType<typeof ok> | undefined): RecordedRunner {
  return new RecordedRunner((c) => {
    const forced = override?.(c);
    if (forced) return forced;
    if (c.cmd === 'kind' && c.args[0] === 'get') return ok(kube.kubeconfig);
    if (c.cmd === 'kubectl' && c.args.includes('apply') && c.input) {
      const docs = parseAllDocuments(c.input, { version: '1.1' }).map((d) => d.toJSON() as { kind: string; metadata: { name: string }; stringData?: Record<string, string>; data?: Record<string, string> });
      // cert-manager's CA Issuer signs an approved CertificateRequest: here, as soon as it is applied.
      for (const cr of docs.filter((d) => d.kind === 'CertificateRequest')) pendingCsrs.push({ name: cr.metadata.name, csrPem: Buffer.from((cr as unknown as { spec: { request: string } }).spec.request, 'base64').toString('utf8') });
      const crl = docs.find((d) => d.kind === 'Secret' && d.metadata.name === NAMES.crl);
      if (crl) seed.crl = crl.stringData!['crl.pem']!;
      const config = docs.find((d) => d.kind === 'ConfigMap' && d.metadata.name === NAMES.kongConfig);
      if (config) seed.kongYml = config.data!['kong.yml']!;
      // A new pod only when there is none yet: an unchanged Deployment re-applied starts none.
      if (docs.some((d) => d.kind === 'Deployment' && d.metadata.name === NAMES.kong) && podFiles.size === 0) {
        podFiles.set(LIVE.crlFile, seed.crl);
        podFiles.set(LIVE.declarativeFile, seed.kongYml);
      }
    }
    const command = c.args.slice(c.args.indexOf('--') + 1);
    if (c.cmd === 'kubectl' && command[0] === 'sh' && c.input !== undefined) {
      const target = /mv \S+ (\S+)$/.exec(command.at(-1)!)![1]!;
      podFiles.set(target, c.input);
    }
    if (c.cmd === 'kubectl' && c.args.includes('rollout') && c.args.includes('restart')) {
      // A new pod: its init container seeds the live files, its Kong loads them.
      podFiles.set(LIVE.crlFile, seed.crl);
      podFiles.set(LIVE.declarativeFile, seed.kongYml);
      kong.reload(seed.crl, seed.kongYml);
    }
    if (c.cmd === 'kubectl' && command[0] === 'cat') return ok(podFiles.get(command[1]!) ?? '');
    if (c.cmd === 'kubectl' && command.join(' ') === 'kong reload') kong.reload(podFiles.get(LIVE.crlFile)!, podFiles.get(LIVE.declarativeFile));
    return ok();
  });
}

function deps(r: RecordedRunner): KindDeps {
  return {
    runner: r,
    kube: kubeApi,
    hostPorts: async () => ({ proxy: kong.proxyPort, admin: kong.adminPort }),
    waitReady: (baseUrl, caPem, identity) => waitForHttps({ what: 'Kong', baseUrl, caPem, identity, boundMs: 5000 }),
  };
}

const OPTS: KindOptions = { rejections: 3, convergenceMs: 3000, waitMs: 10_000 };

describe('kind orchestration', () => {
  let target: ProvisionedTarget | undefined;
  // What the runner does: one scope per run, closed after the demos or after a failed provisioning.
  let scope = new Scope();
  afterEach(async () => {
    await scope.close();
    scope = new Scope();
    target = undefined;
  });

  it('creates the cluster, installs cert-manager, waits for Ready certs, deploys Kong, then proves mTLS answers', async () => {
    const r = runner();
    target = await provisionKind(REVOCABLE_POLICY, scope, OPTS, deps(r));
    const lines = r.lines();
    const at = (re: RegExp): number => lines.findIndex((l) => re.test(l));
    const order = [
      /^kind create cluster --name mtls-conformance-\w+ --config \S+kind\.yaml --wait 10s$/,
      /^kind get kubeconfig --name mtls-conformance-\w+$/,
      new RegExp(`^kubectl apply -f ${CERT_MANAGER_MANIFEST.replace(/[.]/g, '\\.')}$`),
      /^kubectl -n cert-manager wait --for=condition=Available deployment\/cert-manager-webhook/,
      /^kubectl apply -f -$/,
    ];
    const positions = order.map(at);
    expect(positions.every((p) => p >= 0), lines.join('\n')).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // The PKI objects are applied first; Kong and the backends only after the certs were Ready.
    const applies = r.calls.filter((c) => c.args.includes('apply') && c.input);
    expect(applies[0]!.input).toContain('kind: ClusterIssuer');
    expect(applies.at(-1)!.input).toContain(`image: kong:3.9.3`);
    expect(kube.requests.filter((q) => q.includes('/certificates/partner-root-ca')).length).toBeGreaterThanOrEqual(2);
    expect(kube.requests.some((q) => q.includes('/secrets/partner-partner-a-tls'))).toBe(true);
    expect(kube.requests.filter((q) => q.includes('/deployments/kong')).length).toBeGreaterThanOrEqual(2);
    const info = target.info;
    expect(info.target).toBe('kind');
    expect(info.partners.find((p) => p.name === 'partner-a')?.subject).toBe('CN=producer-api-client,OU=Integration Team,O=Producer Organization');
    // What its registry line plans with is what it has.
    expect([...info.features].sort()).toEqual(declaredFeatures(kind.can, REVOCABLE_POLICY).sort());
    const minted = await target.control.mintProbe!('wrong-eku');
    // It imitates the partner the positive controls use.
    expect(minted.subject).toBe(workhorseOf(info.partners)!.subject);
    await target.control.discardProbe!(minted.name);
    expect(info.features).toContain('cert-manager');

    await scope.close();
    target = undefined;
    expect(r.lines().at(-1)).toMatch(/^kind delete cluster --name mtls-conformance-\w+$/);
    expect(ours()).toEqual([]);
  });

  it('revokes by writing a CRL signed by the CA key into the Kong pod (and its Secret), then kong reload', async () => {
    const r = runner();
    target = await provisionKind(REVOCABLE_POLICY, scope, OPTS, deps(r));
    const result = await target.control.revoke('revoked');
    expect(result.converged, result.detail).toBe(true);
    const tail = r.lines().slice(-4);
    expect(tail[0]).toBe('kubectl apply -f -');
    expect(tail[1]).toBe(`kubectl -n mtls-conformance exec -i deployment/kong -c kong -- sh -c cat > ${LIVE.crlFile}.new && mv ${LIVE.crlFile}.new ${LIVE.crlFile}`);
    expect(tail[2]).toBe(`kubectl -n mtls-conformance exec deployment/kong -c kong -- cat ${LIVE.crlFile}`);
    expect(tail[3]).toBe('kubectl -n mtls-conformance exec deployment/kong -c kong -- kong reload');
  });

  it('keeps an offboarding through a later kong reload: the file Kong reloads from holds what was pushed', async () => {
    const r = runner();
    target = await provisionKind(REVOCABLE_POLICY, scope, OPTS, deps(r));
    expect((await target.control.offboard('partner-b')).converged).toBe(true);
    expect((await target.control.revoke('revoked')).converged).toBe(true);
    const b = target.info.partners.find((p) => p.name === 'partner-b')!;
    const after = await probe({ baseUrl: target.info.baseUrl, path: '/v1/ping', caPem: target.info.serverCaPem, identity: loadIdentity(b) });
    expect(after.outcome, JSON.stringify(after.outcome)).toMatchObject({ kind: 'response', status: 401 });
  });

  it('finds one request\'s lines in Kong\'s log (kubectl logs): the access line and its connection\'s verify error', async () => {
    const id = '0b6a3c52-6f1e-4b7d-9a0e-2c4d5e6f7a8b';
    const kongLog = [
      `{"time":"2026-11-28T12:00:00+00:00","request_id":"${id}","status":400,"ssl_client_verify":"FAILED:unsuitable certificate purpose","pid":7,"conn":3}`,
      '2026/11/28 12:00:00 [info] 7#0: *3 client SSL certificate verify error: (26:unsuitable certificate purpose) while reading client request headers',
      '2026/11/28 12:00:00 [info] 7#0: *30 client SSL certificate verify error: (10:certificate has expired) while reading client request headers',
    ].join('\n');
    const r = runner((c) => (c.cmd === 'kubectl' && c.args.includes('logs') ? ok(kongLog) : undefined));
    target = await provisionKind(REVOCABLE_POLICY, scope, OPTS, deps(r));
    expect(target.info.features).toContain('gateway-log');
    const lines = await target.control.gatewayLog(id);
    expect(verifyReasons(lines)).toEqual([{ code: 26, text: 'unsuitable certificate purpose' }]);
    expect(r.lines().at(-1)).toMatch(/^kubectl -n mtls-conformance logs deployment\/kong -c kong --tail=2000$/);
  });

  it('offboards by pushing a declarative config without the partner (POST /config)', async () => {
    const r = runner();
    target = await provisionKind(REVOCABLE_POLICY, scope, OPTS, deps(r));
    const result = await target.control.offboard('partner-b');
    expect(result.converged, result.detail).toBe(true);
    expect(kong.pushedConfigs.at(-1)!.consumers!.map((c) => c.username)).not.toContain('partner-b');
  });

  it("reads every leaf Certificate's renewal settings from the cluster, for cert-lifecycle", async () => {
    kube.renewal.set('partner-partner-b', { duration: '2160h', renewBeforePercentage: 10 });
    target = await provisionKind(REVOCABLE_POLICY, scope, OPTS, deps(runner()));
    const certs = target.info.certificates!;
    expect(certs.map((c) => c.name)).toEqual([NAMES.serverCert, ...REVOCABLE_POLICY.partners.map((p) => `partner-${p.name}`)]);
    expect(certs.find((c) => c.name === 'partner-partner-a')).toEqual({ name: 'partner-partner-a', duration: '2160h', renewBefore: '720h' });
    expect(certs.find((c) => c.name === 'partner-partner-b')).toEqual({ name: 'partner-partner-b', duration: '2160h', renewBeforePercentage: 10 });
  });

  it("signs a partner's CSR through a cert-manager CertificateRequest: only the CSR goes to the cluster, only the cert comes back", async () => {
    const r = runner();
    target = await provisionKind(REVOCABLE_POLICY, scope, OPTS, deps(r));
    const subject = { O: 'Onboarded Organization', OU: 'Integration Team', CN: 'csr-partner' };
    const keys = await generateKeyPair();
    const csrPem = (await x509.Pkcs10CertificateRequestGenerator.create({ name: issuingName(subject), keys, signingAlgorithm: EC_P256 })).toString('pem');
    const signing = setInterval(() => void signPending(), 50);
    const result = await target.control.onboardCsr!('csr-partner', csrPem).finally(() => clearInterval(signing));
    expect(result.converged, result.detail).toBe(true);
    expect(result.detail).toMatch(/CertificateRequest partner-csr-partner-csr/);
    expect(result.wrote).toEqual([]);
    const spki = (k: ReturnType<typeof createPublicKey>): Buffer => k.export({ type: 'spki', format: 'der' });
    expect(spki(new X509Certificate(result.certPem).publicKey).equals(spki(createPublicKey(await privateKeyPem(keys))))).toBe(true);
    const applied = r.calls.filter((c) => c.args.includes('apply') && c.input?.includes('kind: CertificateRequest')).map((c) => c.input!);
    expect(applied).toHaveLength(1);
    expect(applied[0]).not.toMatch(/PRIVATE KEY/);
    expect(kong.pushedConfigs.at(-1)!.consumers!.map((c) => c.username)).toContain('csr-partner');
  });

  it('runs the seed\'s revocation procedure and reports honestly that the cert still gets in', async () => {
    const r = runner();
    target = await provisionKind(REVOCABLE_POLICY, scope, { ...OPTS, convergenceMs: 800 }, deps(r));
    const result = await target.control.revokeByDeletion!('partner-b');
    expect(r.lines().slice(-2)).toEqual([
      'kubectl -n mtls-conformance delete certificate partner-partner-b --wait=true',
      'kubectl -n mtls-conformance delete secret partner-partner-b-tls --ignore-not-found',
    ]);
    expect(result.converged).toBe(false);
    expect(result.detail).toMatch(/not observed within 800 ms, last answer: HTTP 200/);
  });

  it('cleans up after a failure half way: deletes the cluster, keeps no key, names the step', async () => {
    const r = runner((c) => (c.input?.includes('image: kong:3.9.3') ? fail('error: unable to recognize "STDIN": no matches for kind "Deployment"') : undefined));
    const error = await provisionKind(REVOCABLE_POLICY, scope, OPTS, deps(r)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as Error).message).toMatch(/^deploy Kong and the backends failed: kubectl apply -f: error: unable to recognize/);
    const lines = r.lines();
    expect(lines.some((l) => /get pods -A -o wide/.test(l))).toBe(true);
    // The runner closes the scope after a failed provisioning: the cluster goes last.
    expect(await scope.close()).toEqual([]);
    expect(r.lines().at(-1)).toMatch(/^kind delete cluster --name mtls-conformance-\w+$/);
    expect(ours()).toEqual([]);
  });

  it('waits for the cainjector too, and retries the first apply while the webhook\'s CA bundle is not injected', async () => {
    let refusals = 2;
    const unknownAuthority = 'Error from server (InternalError): Internal error occurred: failed calling webhook "webhook.cert-manager.io": tls: failed to verify certificate: x509: certificate signed by unknown authority';
    const r = runner((c) => (c.input?.includes('kind: ClusterIssuer') && refusals-- > 0 ? fail(unknownAuthority) : undefined));
    target = await provisionKind(REVOCABLE_POLICY, scope, OPTS, deps(r));
    const lines = r.lines();
    expect(lines.find((l) => l.includes('-n cert-manager wait'))).toContain('deployment/cert-manager-cainjector');
    expect(r.calls.filter((c) => c.input?.includes('kind: ClusterIssuer'))).toHaveLength(3);
  });

  it('gives up on a webhook that keeps refusing once the wait budget is spent, saying what it said', async () => {
    const r = runner((c) => (c.input?.includes('kind: ClusterIssuer') ? fail('x509: certificate signed by unknown authority') : undefined));
    const t0 = Date.now();
    const error = await provisionKind(REVOCABLE_POLICY, scope, { ...OPTS, waitMs: 3000 }, deps(r)).catch((e: unknown) => e);
    expect(Date.now() - t0).toBeLessThan(3000 + bound(3000));
    expect((error as Error).message).toMatch(/^issue the CA, the gateway cert and the partner certs failed: cert-manager's webhook still refused after 3 s: .*x509: certificate signed by unknown authority$/);
  });

  it('rides out an API server that is briefly unavailable while it waits (a 503 is one poll, not the end)', async () => {
    kube.transient.left = 3;
    target = await provisionKind(REVOCABLE_POLICY, scope, OPTS, deps(runner()));
    expect(kube.transient.left).toBe(0);
    expect(target.info.partners.length).toBeGreaterThan(0);
  });

  it('bounds the wait for certificates and names the ones that never became Ready', async () => {
    kube.stuck.add('partner-partner-b');
    const r = runner();
    const error = await provisionKind(REVOCABLE_POLICY, scope, { ...OPTS, waitMs: 2500 }, deps(r)).catch((e: unknown) => e);
    expect((error as Error).message).toBe('wait for the certificates to be Ready failed: not ready after 3 s: partner-partner-b');
    await scope.close();
    expect(r.lines().at(-1)).toMatch(/^kind delete cluster/);
  });

  it('reuses a cluster without creating or deleting it', async () => {
    const r = runner();
    target = await provisionKind(REVOCABLE_POLICY, scope, { ...OPTS, cluster: 'team-cluster' }, deps(r));
    await scope.close();
    target = undefined;
    expect(r.lines().filter((l) => /^kind (create|delete)/.test(l))).toEqual([]);
    expect(r.lines()[0]).toBe('kind get kubeconfig --name team-cluster');
  });

  it('on a reused cluster, restarts Kong so that the last run\'s revocations and offboardings are gone', async () => {
    // What the last run left running: a CRL revoking the reserved partner, a table without partner-b.
    const caSecret = kube.secrets.get(NAMES.caCert)!;
    const ca = await importAuthority(caSecret['tls.crt']!, createPrivateKey(caSecret['tls.key']!));
    const revokedSerial = new x509.X509Certificate(kube.secrets.get(partnerSecretName('revoked'))!['tls.crt']!).serialNumber;
    const staleCrl = await signCrl(ca, [{ serialNumber: revokedSerial, revocationDate: new Date(Date.now() - 3_600_000) }]);
    const staleTable = 'consumers:\n  - username: partner-a\n  - username: revoked\n';
    podFiles.set(LIVE.crlFile, staleCrl);
    podFiles.set(LIVE.declarativeFile, staleTable);
    kong.reload(staleCrl, staleTable);

    const r = runner();
    target = await provisionKind(REVOCABLE_POLICY, scope, { ...OPTS, cluster: 'team-cluster' }, deps(r));
    for (const name of ['revoked', 'partner-b']) {
      const p = target.info.partners.find((q) => q.name === name)!;
      const got = await probe({ baseUrl: target.info.baseUrl, path: '/v1/consumer', caPem: target.info.serverCaPem, identity: loadIdentity(p) });
      expect(got.outcome, `${name}: ${JSON.stringify(got.outcome)}`).toMatchObject({ kind: 'response', status: 200 });
    }
    expect(r.lines().filter((l) => l.includes(' rollout '))).toEqual([
      'kubectl -n mtls-conformance rollout restart deployment/kong',
      'kubectl -n mtls-conformance rollout status deployment/kong --timeout=10s',
    ]);
  });

  it('does not restart the Kong of a cluster it just created', async () => {
    const r = runner();
    target = await provisionKind(REVOCABLE_POLICY, scope, OPTS, deps(r));
    expect(r.lines().filter((l) => l.includes(' rollout '))).toEqual([]);
  });

  it('keeps a cluster it created when asked to', async () => {
    const r = runner();
    target = await provisionKind(REVOCABLE_POLICY, scope, { ...OPTS, keep: true }, deps(r));
    await scope.close();
    target = undefined;
    expect(r.lines().some((l) => /^kind delete/.test(l))).toBe(false);
    expect(ours()).toEqual([]);
  });
});
