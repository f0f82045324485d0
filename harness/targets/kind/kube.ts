// What the kind target reads from the cluster through the Kubernetes API (@kubernetes/client-node):
// Secrets cert-manager wrote, Certificate readiness, Deployment availability. An interface, so
// that tests can serve it from a fake API over HTTP on 127.0.0.1.
import { AppsV1Api, CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { NAMESPACE } from './manifests.ts';
import type { CertManagerCertificate } from '../../identities/renewal.ts';

export interface KubeApi {
  /** A Secret's data, base64-decoded. */
  readSecret(name: string): Promise<Record<string, string>>;
  /** Ready=True, or why not (the condition's message). */
  certificateReady(name: string): Promise<{ ready: boolean; message: string }>;
  deploymentAvailable(name: string): Promise<boolean>;
  /** A Certificate's renewal settings (spec) and what cert-manager computed of them (status). */
  certificateRenewal(name: string): Promise<CertManagerCertificate>;
  /** A CertificateRequest: Ready=True with its certificate (PEM), or why not. */
  certificateRequest(name: string): Promise<{ ready: boolean; message: string; certificate?: string }>;
}

interface Condition {
  type?: string;
  status?: string;
  message?: string;
}

export function kubeApi(kubeconfigYaml: string): KubeApi {
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfigYaml);
  const core = kc.makeApiClient(CoreV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const apps = kc.makeApiClient(AppsV1Api);
  return {
    async readSecret(name) {
      const secret = await core.readNamespacedSecret({ name, namespace: NAMESPACE });
      return Object.fromEntries(Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
    },
    async certificateReady(name) {
      // client-node types custom objects as any: this is the shape cert-manager writes.
      const cert = (await custom.getNamespacedCustomObject({ group: 'cert-manager.io', version: 'v1', namespace: NAMESPACE, plural: 'certificates', name })) as {
        status?: { conditions?: Condition[] };
      };
      const ready = cert.status?.conditions?.find((c) => c.type === 'Ready');
      return { ready: ready?.status === 'True', message: ready?.message ?? 'no Ready condition yet' };
    },
    async certificateRenewal(name) {
      // client-node types custom objects as any: the fields cert-manager's Certificate has (types_certificate.go).
      const cert = (await custom.getNamespacedCustomObject({ group: 'cert-manager.io', version: 'v1', namespace: NAMESPACE, plural: 'certificates', name })) as {
        spec?: { duration?: string; renewBefore?: string; renewBeforePercentage?: number };
        status?: { notAfter?: string; renewalTime?: string };
      };
      const { duration, renewBefore, renewBeforePercentage } = cert.spec ?? {};
      const { notAfter, renewalTime } = cert.status ?? {};
      return { name, ...(duration ? { duration } : {}), ...(renewBefore ? { renewBefore } : {}), ...(renewBeforePercentage ? { renewBeforePercentage } : {}), ...(notAfter ? { notAfter } : {}), ...(renewalTime ? { renewalTime } : {}) };
    },
    async certificateRequest(name) {
      // client-node types custom objects as any: this is the shape cert-manager writes (types_certificaterequest.go).
      const cr = (await custom.getNamespacedCustomObject({ group: 'cert-manager.io', version: 'v1', namespace: NAMESPACE, plural: 'certificaterequests', name })) as {
        status?: { conditions?: Condition[]; certificate?: string };
      };
      const ready = cr.status?.conditions?.find((c) => c.type === 'Ready');
      const certificate = cr.status?.certificate ? Buffer.from(cr.status.certificate, 'base64').toString('utf8') : undefined;
      return { ready: ready?.status === 'True' && certificate !== undefined, message: ready?.message ?? 'no Ready condition yet', ...(certificate ? { certificate } : {}) };
    },
    async deploymentAvailable(name) {
      const d = await apps.readNamespacedDeployment({ name, namespace: NAMESPACE });
      return (d.status?.availableReplicas ?? 0) >= (d.spec?.replicas ?? 1);
    },
  };
}
