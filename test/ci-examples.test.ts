// The ready-to-copy CI workflows: valid YAML, only real CLI flags, reports uploaded even on
// failure, secrets written 0600 and never printed. (They run on GitHub Actions, not here.)
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseExternal } from '../harness/config/external.ts';
import { mintRunPki } from '../harness/identities/run-pki.ts';
import { KeyStore } from '../harness/pki/store.ts';
import { helpText } from '../scripts/cli/help.ts';
import { EXAMPLE_POLICY } from './support/external-fixture.ts';
import { scratchDir } from './support/scratch.ts';

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  if?: string;
}
interface Workflow {
  on: unknown;
  jobs: Record<string, { steps: Step[] }>;
}

const FILES = ['post-deploy-gate.yml', 'nightly.yml'];
const read = (f: string): { text: string; wf: Workflow } => {
  const text = readFileSync(new URL(`../examples/ci/${f}`, import.meta.url), 'utf8');
  return { text, wf: parse(text) as Workflow };
};
const steps = (wf: Workflow): Step[] => Object.values(wf.jobs).flatMap((j) => j.steps);

describe.each(FILES)('%s', (file) => {
  const { text, wf } = read(file);

  it('runs the suite with documented flags only', () => {
    const calls = steps(wf).flatMap((s) => (s.run ?? '').split('\n')).filter((l) => l.includes('mtls-conformance run'));
    expect(calls.length).toBeGreaterThan(0);
    const help = helpText('run');
    for (const flag of calls.flatMap((l) => l.match(/--[a-z-]+/g) ?? [])) expect(help, flag).toContain(flag);
  });

  it('uploads the reports even when the run fails', () => {
    const upload = steps(wf).find((s) => s.uses?.startsWith('actions/upload-artifact'));
    expect(upload?.if).toBe('always()');
  });

  it('never prints a secret', () => {
    expect(text).not.toMatch(/echo[^\n]*\$\{\{\s*secrets\./);
    // A line that expands a key variable must write it to a file, never to the log.
    for (const line of text.split('\n').filter((l) => /\$\{?[A-Z_]*KEY\b/.test(l))) expect(line, line).toMatch(/>\s*\S+\.key/);
    expect(text).not.toMatch(/\b(cat|head|tail)\s+[^\n|]*\.key/);
  });
});

describe('post-deploy gate', () => {
  const { wf } = read('post-deploy-gate.yml');
  const dirs = { without: scratchDir('mtls-conformance-gate-without-'), with: scratchDir('mtls-conformance-gate-with-') };
  it('writes credentials with umask 077 and removes them afterwards', () => {
    const write = steps(wf).find((s) => s.run?.includes('partner-a.key'));
    expect(write?.run).toMatch(/umask 077/);
    const cleanup = steps(wf).find((s) => s.run?.includes('rm -rf gate'));
    expect(cleanup?.if).toBe('always()');
  });

  it('writes a target file the suite accepts as is, with and without the optional probes', async () => {
    const write = steps(wf).find((s) => s.run?.includes('gate/target.yaml'))!;
    const store = new KeyStore();
    try {
      const pki = await mintRunPki(store, EXAMPLE_POLICY);
      const pem = (file: string): string => readFileSync(file, 'utf8').trim();
      const [a, b] = pki.partners;
      const expired = await pki.mint.mint('expired');
      const secrets = {
        GATEWAY_URL: 'https://partners.example.com:8443',
        GATEWAY_CA: pem(pki.caFile),
        PARTNER_A_CERT: pem(a!.certFile),
        PARTNER_A_KEY: pem(a!.keyFile),
        PARTNER_B_CERT: pem(b!.certFile),
        PARTNER_B_KEY: pem(b!.keyFile),
      };
      const probes = { EXPIRED_CERT: pem(expired.certFile), EXPIRED_KEY: pem(expired.keyFile), REVOKED_CERT: pem(pki.probes.revoked.certFile), REVOKED_KEY: pem(pki.probes.revoked.keyFile) };
      const none = { EXPIRED_CERT: '', EXPIRED_KEY: '', REVOKED_CERT: '', REVOKED_KEY: '' };
      for (const [name, given] of [['without', none], ['with', probes]] as const) {
        const dir = dirs[name];
        // As the step runs: bash, the secrets in its environment (GitHub's `run` shell is bash -e).
        execFileSync('bash', ['-e', '-c', write.run!], { cwd: dir, env: { PATH: process.env.PATH, ...secrets, ...given } });
        const gate = join(dir, 'gate');
        const { config, problems } = parseExternal(parse(readFileSync(join(gate, 'target.yaml'), 'utf8')), gate);
        expect(problems, name).toEqual([]);
        expect(Object.keys(config!.probes), name).toEqual(name === 'with' ? ['expired', 'revoked'] : []);
        expect(statSync(join(gate, 'certs', 'partner-a.key')).mode & 0o777).toBe(0o600);
      }
    } finally {
      store.remove();
    }
  });
});

describe('nightly', () => {
  const { wf } = read('nightly.yml');
  it('checks each tool it downloads against its published SHA-256 before installing it', () => {
    const install = steps(wf).find((s) => s.run?.includes('curl -fsSLo'))!.run!;
    const downloaded = [...install.matchAll(/curl -fsSLo (\S+)/g)].map((m) => m[1]!);
    expect(downloaded).toEqual(['kind', 'kubectl']);
    for (const tool of downloaded) expect(install, tool).toMatch(new RegExp(`  ${tool}[^\\n|]*\\|\\s*sha256sum -c -`));
    expect(install.indexOf('sha256sum -c')).toBeLessThan(install.indexOf('install -m'));
  });

  it('keeps the Allure history between runs, also after a failed night', () => {
    const save = steps(wf).find((s) => s.uses?.startsWith('actions/cache/save'));
    expect(save?.if).toBe('always()');
    expect(steps(wf).some((s) => s.uses?.startsWith('actions/cache/restore'))).toBe(true);
  });
});
