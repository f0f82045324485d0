// Kubernetes objects checked against the real schemas (kubernetes-models, @kubernetes-models/cert-manager).
import { Certificate } from '@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate';
import { CertificateRequest } from '@kubernetes-models/cert-manager/cert-manager.io/v1/CertificateRequest';
import { ClusterIssuer } from '@kubernetes-models/cert-manager/cert-manager.io/v1/ClusterIssuer';
import { Issuer } from '@kubernetes-models/cert-manager/cert-manager.io/v1/Issuer';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import type { K8sObject } from '../../harness/targets/kind/manifests.ts';

type Validatable = { validate(): void };
const MODELS: Record<string, new (data: never) => Validatable> = { Namespace, ConfigMap, Secret, Service, Deployment, Certificate, CertificateRequest, ClusterIssuer, Issuer };

/** Throws what the schema says is wrong, or that no schema is known for the kind. */
export function validate(o: K8sObject): void {
  const Model = MODELS[o.kind];
  if (!Model) throw new Error(`no schema for ${o.kind}`);
  new Model(o as never).validate();
}
