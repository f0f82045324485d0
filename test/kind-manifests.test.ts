// Every Kubernetes object the kind target applies, validated against the real schemas
// (kubernetes-models, @kubernetes-models/cert-manager), plus the kind cluster config.
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { buildKongConfig } from '../harness/targets/kong/declarative.ts';
import { kindClusterConfig, NODE_PORTS } from '../harness/targets/kind/kind-config.ts';
import { backends, crlSecret, gateway, kongConfigMap, LIVE, partnerCertificateRequest, pki, toYaml, upstreamUrl, type K8sObject } from '../harness/targets/kind/manifests.ts';
import { EXAMPLE_POLICY } from './support/external-fixture.ts';
import { validate } from './support/k8s-schemas.ts';

const partners = EXAMPLE_POLICY.partners.map((p) => ({ name: p.name, subject: p.subject }));
const kong = buildKongConfig({
  partners: partners.map((p, i) => ({ name: p.name, subject: `CN=${p.subject.CN}`, allowed: true, ...(i === 0 ? { perMinute: 5 } : {}) })),
  routes: EXAMPLE_POLICY.routes,
  upstreams: { v1: upstreamUrl('v1'), v2: upstreamUrl('v2') },
});
const all: K8sObject[] = [...pki(partners), crlSecret('-----BEGIN X509 CRL-----\n...\n-----END X509 CRL-----\n'), kongConfigMap(kong), ...backends(['v1', 'v2']), ...gateway()];

describe('kind manifests', () => {
  it.each(all.map((o) => [`${o.kind} ${o.metadata.name}`, o] as const))('%s validates against its schema', (_name, o) => {
    expect(() => validate(o)).not.toThrow();
  });

  it('would catch a broken object (the schemas are really checked)', () => {
    const broken = structuredClone(all.find((o) => o.kind === 'Deployment')!) as K8sObject & { spec: { template: { spec: { containers: { env?: unknown[] }[] } } } };
    broken.spec.template.spec.containers[0]!.env = [{ name: 'KONG_NGINX_PROXY_SSL_VERIFY_CLIENT', value: true }];
    expect(() => validate(broken)).toThrow(/must be string/);
    const cert = structuredClone(all.find((o) => o.kind === 'Certificate')!) as K8sObject & { spec: { usages: string[] } };
    cert.spec.usages = ['client-auth'];
    expect(() => validate(cert)).toThrow(/allowed values/);
  });

  it('bootstraps the CA as cert-manager documents it, and issues partner certs for client auth', () => {
    const kinds = pki(partners).map((o) => `${o.kind}/${o.metadata.name}`);
    expect(kinds.slice(0, 4)).toEqual(['Namespace/mtls-conformance', 'ClusterIssuer/selfsigned-bootstrap', 'Certificate/partner-root-ca', 'Issuer/partner-ca']);
    const a = pki(partners).find((o) => o.metadata.name === 'partner-partner-a') as K8sObject & { spec: Record<string, unknown> };
    expect(a.spec.usages).toEqual(['client auth', 'digital signature']);
    expect(a.spec.privateKey).toMatchObject({ algorithm: 'ECDSA', size: 256 });
    expect(a.spec.subject).toEqual({ organizations: ['Producer Organization'], organizationalUnits: ['Integration Team'] });
  });

  // The guide's checklist, as cert-manager computes it (pkg/util/pki/renewaltime.go at v1.21.1:
  // renewBefore when set, else renewal 2/3 through the lifetime; duration defaults to 2160h).
  it('issues every leaf Certificate for at most 90 days and renews it at least 30 days before it expires', () => {
    const hours = (d: string | undefined, fallback: number): number => (d === undefined ? fallback : Number(/^(\d+)h$/.exec(d)?.[1] ?? NaN));
    const leaves = pki(partners).filter((o) => o.kind === 'Certificate' && !(o.spec as { isCA?: boolean }).isCA) as (K8sObject & { spec: { duration?: string; renewBefore?: string } })[];
    expect(leaves.map((o) => o.metadata.name)).toEqual(['kong-proxy-tls', 'partner-partner-a', 'partner-partner-b']);
    for (const o of leaves) {
      const duration = hours(o.spec.duration, 2160);
      const renewBefore = hours(o.spec.renewBefore, duration / 3);
      expect(duration, `${o.metadata.name}: duration`).toBeLessThanOrEqual(90 * 24);
      expect(renewBefore, `${o.metadata.name}: renews ${renewBefore} h before expiry`).toBeGreaterThanOrEqual(30 * 24);
    }
  });

  it("carries a partner's CSR to the CA Issuer as a CertificateRequest that validates, for client auth and 90 days, with no key", () => {
    const csrPem = '-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n';
    const cr = partnerCertificateRequest('csr-partner', csrPem);
    expect(() => validate(cr)).not.toThrow();
    const spec = cr.spec as { request: string; usages: string[]; duration: string; issuerRef: { name: string; kind: string } };
    expect(Buffer.from(spec.request, 'base64').toString('utf8')).toBe(csrPem);
    expect([spec.usages, spec.duration, spec.issuerRef.kind]).toEqual([['client auth', 'digital signature'], '2160h', 'Issuer']);
    expect(JSON.stringify(cr)).not.toMatch(/PRIVATE KEY/);
  });

  it('round-trips through the YAML stream kubectl applies (YAML 1.1), "on" staying a string', () => {
    const docs = parseAllDocuments(toYaml(all), { version: '1.1' }).map((d) => d.toJSON() as K8sObject);
    expect(docs).toHaveLength(all.length);
    for (const d of docs) expect(() => validate(d)).not.toThrow();
    expect(toYaml(gateway())).toContain('value: "on"');
  });

  it('gives Kong its CRL and declarative config in a writable emptyDir, seeded from the Secret and ConfigMap at pod start', () => {
    const pod = (gateway()[0]!.spec as { template: { spec: Record<string, unknown> } }).template.spec as {
      initContainers: { command: string[]; volumeMounts: { name: string; mountPath: string }[] }[];
      containers: { env: { name: string; value: string }[]; volumeMounts: { name: string; mountPath: string; readOnly?: boolean }[] }[];
      volumes: { name: string; emptyDir?: object }[];
    };
    const env = Object.fromEntries(pod.containers[0]!.env.map((e) => [e.name, e.value]));
    expect(env.KONG_NGINX_PROXY_SSL_CRL).toBe(LIVE.crlFile);
    expect(env.KONG_DECLARATIVE_CONFIG).toBe(LIVE.declarativeFile);
    expect(pod.volumes.find((v) => v.name === 'live')!.emptyDir).toEqual({});
    expect(pod.containers[0]!.volumeMounts.find((m) => m.mountPath === LIVE.dir)).toEqual({ name: 'live', mountPath: LIVE.dir });
    expect(pod.initContainers[0]!.command.join(' ')).toContain(`/seed/crl/crl.pem ${LIVE.crlFile}`);
    expect(pod.initContainers[0]!.command.join(' ')).toContain(`/seed/declarative/kong.yml ${LIVE.declarativeFile}`);
  });
});

describe('kind cluster config', () => {
  it('maps the proxy and admin NodePorts to 127.0.0.1 only', () => {
    const cfg = parse(kindClusterConfig({ proxy: 18443, admin: 18001 })) as { nodes: { extraPortMappings: Record<string, unknown>[] }[] };
    expect(cfg.nodes[0]!.extraPortMappings).toEqual([
      { containerPort: NODE_PORTS.proxy, hostPort: 18443, listenAddress: '127.0.0.1', protocol: 'TCP' },
      { containerPort: NODE_PORTS.admin, hostPort: 18001, listenAddress: '127.0.0.1', protocol: 'TCP' },
    ]);
    for (const p of Object.values(NODE_PORTS)) expect(p >= 30000 && p <= 32767).toBe(true);
  });
});
