// The command line that reproduces a run, as conformance-report.json's `reproduce` shows it.
import { resolve } from 'node:path';
import { DEFAULT_POLICY, DEFAULTS } from '../../harness/core/options.ts';
import type { RunRequest } from './args.ts';

export function reproduceLine(r: RunRequest): string {
  if (r.mode === 'verify' && r.external) {
    const g = r.external.gateway;
    const p = r.external.partners[0]!;
    return `npx mtls-conformance verify --url ${g.url}${r.external.routes.default} --cert ${p.cert} --key ${p.key} --ca ${g.ca} --oracle ${g.oracle}`;
  }
  const parts = ['npx mtls-conformance run', `--target ${r.target}`];
  if (r.configFile) parts.push(`--config ${r.configFile}`);
  if (r.only.length > 0) parts.push(`--only ${r.only.join(',')}`);
  if (resolve(r.policyFile) !== DEFAULT_POLICY) parts.push(`--policy ${r.policyFile}`);
  if (r.rejections !== DEFAULTS.rejections) parts.push(`--rejections ${r.rejections}`);
  if (r.convergenceMs !== DEFAULTS.convergenceMs) parts.push(`--convergence-window ${r.convergenceMs / 1000}`);
  if (r.maxValidityDays !== DEFAULTS.maxValidityDays) parts.push(`--max-validity-days ${r.maxValidityDays}`);
  for (const [name, value] of Object.entries(r.flags)) {
    for (const v of Array.isArray(value) ? value : [value]) if (v !== undefined && v !== false) parts.push(v === true ? `--${name}` : `--${name} ${v}`);
  }
  return parts.join(' ');
}
