// What a run was asked to do, passed from the CLI (or `npm test`) to vitest's globalSetup through
// environment variables: globalSetup runs in a module graph of its own, so env is the plain channel.
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../config/errors.ts';
import { FAULTS, isFaultName, type FaultName } from '../targets/local/faults.ts';

export const TARGETS = ['local'] as const;
export type TargetName = (typeof TARGETS)[number];

export interface RunOptions {
  target: TargetName;
  policyFile: string;
  faults: FaultName[];
}

export const DEFAULT_POLICY = fileURLToPath(new URL('../../fixtures/policy.yaml', import.meta.url));

const ENV = { target: 'MTLS_TARGET', policy: 'MTLS_POLICY', faults: 'MTLS_FAULTS' } as const;

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
  throw new ConfigError(`unknown target "${value}": this version runs --target ${TARGETS.join(', ')}`);
}

export function toEnv(o: RunOptions): Record<string, string> {
  return { [ENV.target]: o.target, [ENV.policy]: o.policyFile, [ENV.faults]: o.faults.join(',') };
}

export function fromEnv(env: NodeJS.ProcessEnv = process.env): RunOptions {
  return {
    target: parseTarget(env[ENV.target] || 'local'),
    policyFile: env[ENV.policy] || DEFAULT_POLICY,
    faults: parseFaults([env[ENV.faults] ?? '']),
  };
}
