// Every Kubernetes object of the kind target, built in TypeScript (npm test validates each one
// against the real Kubernetes and cert-manager schemas). Order of use: pki() after cert-manager's
// webhook is up; gateway() once the certs are Ready and the CRL is signed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../util/package-root.ts';
import { stringify } from 'yaml';
import type { Subject } from '../../pki/subject.ts';
import { declarativeYaml, type KongConfig } from '../kong/declarative.ts';
import { KONG_IMAGE, kongEnv } from '../kong/kong-env.ts';
import { NODE_PORTS } from './kind-config.ts';

export const NAMESPACE = 'mtls-conformance';
export const CERT_MANAGER_VERSION = 'v1.21.1';
export const CERT_MANAGER_MANIFEST = `https://github.com/cert-manager/cert-manager/releases/download/${CERT_MANAGER_VERSION}/cert-manager.yaml`;
export const ECHO_IMAGE = 'node:20-alpine';
export const NAMES = {
  bootstrap: 'selfsigned-bootstrap',
  caCert: 'partner-root-ca',
  issuer: 'partner-ca',
  serverCert: 'kong-proxy-tls',
  crl: 'partner-crl',
  kongConfig: 'kong-declarative',
  kong: 'kong',
  echo: 'echo-server',
} as const;

/** What the partner CA's Certificate requests: it signs certs and the CRLs the gateway loads. */
export const CA_USAGES = ['cert sign', 'crl sign', 'digital signature'] as const;

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

const ns = (name: string): K8sObject['metadata'] => ({ name, namespace: NAMESPACE });

export function partnerSecretName(partner: string): string {
  return `partner-${partner}-tls`;
}

/** A cert-manager Certificate for a partner: ECDSA P-256, client auth + digital signature. */
export function partnerCertificate(name: string, subject: Subject): K8sObject {
  return {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: ns(`partner-${name}`),
    spec: {
      secretName: partnerSecretName(name),
      commonName: subject.CN,
      subject: {
        ...(subject.O ? { organizations: [subject.O] } : {}),
        ...(subject.OU ? { organizationalUnits: [subject.OU] } : {}),
        ...(subject.C ? { countries: [subject.C] } : {}),
      },
      // The guide's checklist: 90-day certificates, renewed 30 days before they expire.
      duration: '2160h',
      renewBefore: '720h',
      usages: ['client auth', 'digital signature'],
      privateKey: { algorithm: 'ECDSA', size: 256, encoding: 'PKCS8', rotationPolicy: 'Always' },
      issuerRef: { name: NAMES.issuer, kind: 'Issuer', group: 'cert-manager.io' },
    },
  };
}

/**
 * The guide's Option A on cert-manager: a CertificateRequest carrying the partner's CSR (base64 PEM
 * in spec.request), signed by the partners' CA Issuer once cert-manager's built-in approver marks it
 * Approved (pkg/controller/certificaterequests/approver, v1.21.1); the CA Issuer keeps the CSR's
 * subject and public key. No key is in it, and cert-manager writes none: the certificate comes back
 * in status.certificate.
 */
export function partnerCertificateRequest(name: string, csrPem: string): K8sObject {
  return {
    apiVersion: 'cert-manager.io/v1',
    kind: 'CertificateRequest',
    metadata: ns(`partner-${name}-csr`),
    spec: {
      request: Buffer.from(csrPem).toString('base64'),
      duration: '2160h',
      usages: ['client auth', 'digital signature'],
      issuerRef: { name: NAMES.issuer, kind: 'Issuer', group: 'cert-manager.io' },
    },
  };
}

/** cert-manager's CA bootstrap (SelfSigned ClusterIssuer -> CA Certificate -> CA Issuer) and the gateway's server cert. */
export function pki(partners: { name: string; subject: Subject }[]): K8sObject[] {
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } },
    { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: NAMES.bootstrap }, spec: { selfSigned: {} } },
    {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: ns(NAMES.caCert),
      spec: {
        isCA: true,
        commonName: 'Home Party Partner Root CA',
        subject: { organizations: ['Home Party'] },
        secretName: NAMES.caCert,
        duration: '87600h',
        // Without usages cert-manager gives a CA cert sign plus its defaults (digital signature, key
        // encipherment: KeyUsagesForCertificateOrCertificateRequest, pkg/util/pki/csr.go), and no
        // CRL sign: OpenSSL then refuses every client once ssl_crl is loaded.
        usages: [...CA_USAGES],
        // PKCS8, so that the harness can import the key to sign CRLs and back-dated certs.
        privateKey: { algorithm: 'ECDSA', size: 256, encoding: 'PKCS8' },
        issuerRef: { name: NAMES.bootstrap, kind: 'ClusterIssuer', group: 'cert-manager.io' },
      },
    },
    { apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: ns(NAMES.issuer), spec: { ca: { secretName: NAMES.caCert } } },
    {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: ns(NAMES.serverCert),
      spec: {
        secretName: NAMES.serverCert,
        commonName: 'localhost',
        dnsNames: ['localhost', `kong-proxy.${NAMESPACE}.svc`],
        ipAddresses: ['127.0.0.1'],
        usages: ['server auth', 'digital signature'],
        privateKey: { algorithm: 'ECDSA', size: 256 },
        issuerRef: { name: NAMES.issuer, kind: 'Issuer', group: 'cert-manager.io' },
      },
    },
    ...partners.map((p) => partnerCertificate(p.name, p.subject)),
  ];
}

export function crlSecret(crlPem: string): K8sObject {
  return { apiVersion: 'v1', kind: 'Secret', metadata: ns(NAMES.crl), type: 'Opaque', stringData: { 'crl.pem': crlPem } };
}

export function kongConfigMap(config: KongConfig): K8sObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: ns(NAMES.kongConfig), data: { 'kong.yml': declarativeYaml(config) } };
}

function deployment(name: string, pod: Record<string, unknown>): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: ns(name),
    spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: pod } },
  };
}

function service(name: string, app: string, ports: Record<string, unknown>[], nodePort = false): K8sObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: ns(name), spec: { ...(nodePort ? { type: 'NodePort' } : {}), selector: { app }, ports } };
}

const ECHO_SOURCE = join(PACKAGE_ROOT, 'fixtures', 'echo', 'echo-server.mjs');

/** The versioned echo backends (the same echo server as the local target) and their Services. */
export function backends(versions: string[]): K8sObject[] {
  return [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: ns(NAMES.echo), data: { 'echo-server.mjs': readFileSync(ECHO_SOURCE, 'utf8') } },
    ...versions.flatMap((v) => [
      deployment(`consumer-${v}`, {
        containers: [
          {
            name: 'echo',
            image: ECHO_IMAGE,
            command: ['node', '/app/echo-server.mjs', v, '8080'],
            ports: [{ name: 'http', containerPort: 8080 }],
            readinessProbe: { tcpSocket: { port: 8080 } },
            volumeMounts: [{ name: 'app', mountPath: '/app', readOnly: true }],
          },
        ],
        volumes: [{ name: 'app', configMap: { name: NAMES.echo } }],
      }),
      service(`consumer-${v}`, `consumer-${v}`, [{ name: 'http', port: 8080, targetPort: 8080 }]),
    ]),
  ];
}

export function upstreamUrl(version: string): string {
  return `http://consumer-${version}.${NAMESPACE}.svc.cluster.local:8080`;
}

/**
 * Where Kong's pod keeps the two files a change rewrites: an emptyDir the harness writes with
 * `kubectl exec` (in force at once; a mounted Secret or ConfigMap reaches a pod only after the
 * kubelet's sync, about a minute), seeded from the CRL Secret and the declarative ConfigMap when the
 * pod starts. `kong reload` re-reads both (Kong 3.9.3 DB-less reloads declarative_config from the
 * file), so the file must hold what was last pushed.
 */
export const LIVE = { dir: '/kong/live', crlFile: '/kong/live/crl.pem', declarativeFile: '/kong/live/kong.yml' } as const;
const SEED = { declarative: '/seed/declarative', crl: '/seed/crl' } as const;

/** Kong OSS 3.9 DB-less: a plain Deployment + declarative ConfigMap, mTLS by directive injection. */
export function gateway(): K8sObject[] {
  const env = kongEnv({ certDir: '/etc/secrets/kong-proxy-tls', crlFile: LIVE.crlFile, declarativeFile: LIVE.declarativeFile });
  return [
    deployment(NAMES.kong, {
      initContainers: [
        {
          name: 'seed-live-files',
          image: KONG_IMAGE,
          command: ['sh', '-c', `cp ${SEED.declarative}/kong.yml ${LIVE.declarativeFile} && cp ${SEED.crl}/crl.pem ${LIVE.crlFile}`],
          volumeMounts: [
            { name: 'live', mountPath: LIVE.dir },
            { name: 'declarative', mountPath: SEED.declarative, readOnly: true },
            { name: 'partner-crl', mountPath: SEED.crl, readOnly: true },
          ],
        },
      ],
      containers: [
        {
          name: 'kong',
          image: KONG_IMAGE,
          env: Object.entries(env).map(([name, value]) => ({ name, value })),
          ports: [
            { name: 'proxy-tls', containerPort: 8443 },
            { name: 'admin', containerPort: 8001 },
            { name: 'status', containerPort: 8100 },
          ],
          readinessProbe: { httpGet: { path: '/status/ready', port: 'status' } },
          livenessProbe: { httpGet: { path: '/status', port: 'status' } },
          volumeMounts: [
            { name: 'live', mountPath: LIVE.dir },
            { name: 'kong-proxy-tls', mountPath: '/etc/secrets/kong-proxy-tls', readOnly: true },
          ],
        },
      ],
      volumes: [
        { name: 'live', emptyDir: {} },
        { name: 'declarative', configMap: { name: NAMES.kongConfig } },
        { name: 'kong-proxy-tls', secret: { secretName: NAMES.serverCert } },
        { name: 'partner-crl', secret: { secretName: NAMES.crl } },
      ],
    }),
    service('kong-proxy', NAMES.kong, [{ name: 'proxy-tls', port: 443, targetPort: 8443, nodePort: NODE_PORTS.proxy, protocol: 'TCP' }], true),
    service('kong-admin', NAMES.kong, [{ name: 'admin', port: 8001, targetPort: 8001, nodePort: NODE_PORTS.admin, protocol: 'TCP' }], true),
  ];
}

/**
 * Objects as one multi-document YAML stream for `kubectl apply -f -`. Written as YAML 1.1, which is
 * how Kubernetes reads it: there an unquoted `on` is a boolean, so 1.1 output quotes it.
 */
export function toYaml(objects: K8sObject[]): string {
  return objects.map((o) => stringify(o, { version: '1.1' })).join('---\n');
}
