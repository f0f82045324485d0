// What a run was asked to do, passed from the CLI (or `npm test`) to vitest's globalSetup through
// environment variables: globalSetup runs in a module graph of its own, so env is the plain channel.
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../config/errors.ts';
import { loadExternal, type ExternalConfig } from '../config/external.ts';
import { FAULTS, isFaultName, type FaultName } from '../targets/local/faults.ts';

export const TARGETS = ['local', 'external', 'kind', 'docker'] as const;
export type TargetName = (typeof TARGETS)[number];

export interface RunOptions {
  target: TargetName;
  policyFile: string;
  faults: FaultName[];
  /** A refusal counts when this many fresh connections in a row are refused (DESIGN.md: 3). */
  rejections: number;
  /** How long a change (revoke, offboard, onboard) may take to show, polled (DESIGN.md: 30 s). */
  convergenceMs: number;
  /** For --target external: the validated target file's content (paths only, never key material). */
  external?: ExternalConfig;
  /** kind: reuse this cluster instead of creating one. */
  cluster?: string;
  /** kind, docker: keep the cluster or container this run created. */
  keep?: boolean;
}

export const DEFAULTS = { rejections: 3, convergenceMs: 30_000 } as const;

export const DEFAULT_POLICY = fileURLToPath(new URL('../../fixtures/policy.yaml', import.meta.url));

const ENV = {
  target: 'MTLS_TARGET',
  policy: 'MTLS_POLICY',
  faults: 'MTLS_FAULTS',
  rejections: 'MTLS_REJECTIONS',
  convergenceMs: 'MTLS_CONVERGENCE_MS',
  external: 'MTLS_EXTERNAL_JSON',
  config: 'MTLS_CONFIG',
  cluster: 'MTLS_CLUSTER',
  keep: 'MTLS_KEEP',
} as const;

export function parseFaults(values: string[]): FaultName[] {
  const out: FaultName[] = [];
  for (const v of values.flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean)) {
    if (!isFaultName(v)) throw new ConfigError(`unknown fault "${v}": choose from ${Object.keys(FAULTS).join(', ')}`);
    out.push(v);
  }
  return out;
}

export function parseTarget(value: string): TargetName {
  if ((TARGETS as readonly string[]).includes(value)) return value as TargetName;
  throw new ConfigError(`unknown target "${value}": choose ${TARGETS.join(' or ')}`);
}

/** A positive integer from a flag or the environment; `what` names it in the error. */
export function parseCount(value: string, what: string, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > max) throw new ConfigError(`${what} must be a whole number from 1 to ${max}, got "${value}"`);
  return n;
}

export function toEnv(o: RunOptions): Record<string, string> {
  return {
    [ENV.target]: o.target,
    [ENV.policy]: o.policyFile,
    [ENV.faults]: o.faults.join(','),
    [ENV.rejections]: String(o.rejections),
    [ENV.convergenceMs]: String(o.convergenceMs),
    ...(o.external ? { [ENV.external]: JSON.stringify(o.external) } : {}),
    ...(o.cluster ? { [ENV.cluster]: o.cluster } : {}),
    ...(o.keep ? { [ENV.keep]: '1' } : {}),
  };
}

export function fromEnv(env: NodeJS.ProcessEnv = process.env): RunOptions {
  const rejections = env[ENV.rejections];
  const convergence = env[ENV.convergenceMs];
  const inline = env[ENV.external];
  const file = env[ENV.config];
  const external = inline ? (JSON.parse(inline) as ExternalConfig) : file ? loadExternal(file) : undefined;
  return {
    ...(external ? { external } : {}),
    ...(env[ENV.cluster] ? { cluster: env[ENV.cluster] } : {}),
    ...(env[ENV.keep] === '1' ? { keep: true } : {}),
    target: parseTarget(env[ENV.target] || 'local'),
    policyFile: env[ENV.policy] || DEFAULT_POLICY,
    faults: parseFaults([env[ENV.faults] ?? '']),
    rejections: rejections ? parseCount(rejections, ENV.rejections, 100) : DEFAULTS.rejections,
    convergenceMs: convergence ? parseCount(convergence, ENV.convergenceMs, 600_000) : DEFAULTS.convergenceMs,
  };
}
