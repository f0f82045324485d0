// The ready-to-copy CI workflows: valid YAML, only real CLI flags, reports uploaded even on
// failure, secrets written 0600 and never printed. (They run on GitHub Actions, not here.)
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { helpText } from '../scripts/cli/help.ts';

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
  it('writes credentials with umask 077 and removes them afterwards', () => {
    const write = steps(wf).find((s) => s.run?.includes('partner-a.key'));
    expect(write?.run).toMatch(/umask 077/);
    const cleanup = steps(wf).find((s) => s.run?.includes('rm -rf gate'));
    expect(cleanup?.if).toBe('always()');
  });
});

describe('nightly', () => {
  const { wf } = read('nightly.yml');
  it('keeps the Allure history between runs, also after a failed night', () => {
    const save = steps(wf).find((s) => s.uses?.startsWith('actions/cache/save'));
    expect(save?.if).toBe('always()');
    expect(steps(wf).some((s) => s.uses?.startsWith('actions/cache/restore'))).toBe(true);
  });
});
