// A nightly's known failures (--expect-failures): listed failures do not fail the run, and every
// report marks them; a listed case that passes, or whose day has passed, fails it and says why; a
// list with mistakes is refused before anything starts, one line per mistake.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseExpectedFailures } from '../harness/config/expected-failures.ts';
import { ExpectedFailures } from '../harness/report/expected.ts';
import { runCli, runCliWithoutHtml } from './support/cli.ts';
import { readReport, schemaProblems } from './support/report-schema.ts';
import { scratchDir } from './support/scratch.ts';
import { bound } from './support/bounds.ts';

const dir = scratchDir('mtls-conformance-expected-');
const list = (until: string): string => {
  const file = join(dir, `known-${until}.yaml`);
  writeFileSync(file, `- demo: revoked-cert
  case: a certificate on the CRL is refused
  reason: this gateway runs without ssl_crl
  until: ${until}
- demo: session-resumption
  match: the revocation itself never took effect
  reason: without a CRL a revoked partner resumes its session
  until: "${until}"
`);
  return file;
};
const ONLY = ['--only', 'revoked-cert,session-resumption', '--convergence-window', '3'];

describe('--expect-failures', () => {
  it('under the fault the list names: exit 0, and every report marks the two cases known failures', async () => {
    const out = join(dir, 'known');
    const r = await runCliWithoutHtml(['run', ...ONLY, '--fault', 'no-crl', '--expect-failures', list('2099-12-31'), '--report-dir', out]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\[\d\/2\] KNOWN revoked-cert /m);
    expect(r.stdout).toMatch(/known-failure: a certificate on the CRL is refused: known failure until 2099-12-31 \(this gateway runs without ssl_crl\): sent /);
    const report = readReport(join(out, 'conformance-report.json'));
    expect(schemaProblems(report)).toEqual([]);
    expect(report.result).toBe('success');
    expect(report.demos.flatMap((d) => d.cases).filter((c) => c.result === 'known-failure').map((c) => c.name).sort()).toEqual(['a certificate on the CRL is refused', 'a session saved before revocation cannot be resumed to get in']);
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toMatch(/<skipped>known-failure: known failure until 2099-12-31 \(this gateway runs without ssl_crl\)/);
    const allure = readdirSync(join(out, 'allure-results')).filter((f) => f.endsWith('-result.json')).map((f) => JSON.parse(readFileSync(join(out, 'allure-results', f), 'utf8')) as { name: string; status: string; labels: { name: string; value: string }[] });
    const crl = allure.find((a) => a.name === 'a certificate on the CRL is refused')!;
    expect(crl.status).toBe('skipped');
    expect(crl.labels).toContainEqual({ name: 'resultState', value: 'known-failure' });
  }, bound(60_000));

  it('with the entries past their day: exit 1, saying so', async () => {
    const r = await runCli(['run', ...ONLY, '--fault', 'no-crl', '--expect-failures', list('2020-01-01'), '--no-html-report', '--report-dir', join(dir, 'expired')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/failed: a certificate on the CRL is refused: listed in .* as a known failure until 2020-01-01, a day that has passed/);
  }, bound(60_000));

  it('with the fault gone (the cases pass): exit 1, asking to take them off the list', async () => {
    const r = await runCli(['run', ...ONLY, '--expect-failures', list('2099-12-31'), '--no-html-report', '--report-dir', join(dir, 'passing')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/failed: a certificate on the CRL is refused: listed in .* as a known failure \(this gateway runs without ssl_crl\), but it passed: take it off the list/);
  }, bound(60_000));

  it('refuses a list with mistakes, one line each, before anything starts', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, '- demo: revoked-crt\n  reason: x\n  until: 2027-02-30\n- { demo: rate-limit, until: 2027-01-01, color: red }\n');
    const r = await runCli(['run', '--expect-failures', file, '--report-dir', join(dir, 'bad')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^mtls-conformance: ${file}: \\[0\\]\\.demo: unknown demo id "revoked-crt": choose from credentials, `)),
      expect.stringMatching(/\[0\]\.until: expected a day as YYYY-MM-DD \(e\.g\. 2027-01-31\), got "2027-02-30"$/),
      expect.stringMatching(/\[1\]\.color: unknown key \(allowed: demo, case, match, reason, until\)$/),
      expect.stringMatching(/\[1\]\.reason: is required$/),
    ]);
    expect(r.stdout).toBe('');
  }, bound(30_000));
});

describe('known failures, judged', () => {
  const entries = parseExpectedFailures([{ demo: 'revoked-cert', case: 'a certificate on the CRL is refused', reason: 'r', until: '2027-01-31' }], ['revoked-cert']).entries;
  const known = (today: string): ExpectedFailures => new ExpectedFailures(entries, 'f.yaml', today);
  const crl = { demo: 'revoked-cert', name: 'a certificate on the CRL is refused' };

  it('is a known failure up to and on its day, a failure after it', () => {
    expect(known('2027-01-31').judge({ ...crl, result: 'failed', reason: 'let in' }).result).toBe('known-failure');
    expect(known('2027-02-01').judge({ ...crl, result: 'failed', reason: 'let in' }).result).toBe('failed');
  });

  it('with a match: a failure whose reason holds it is known; one that fails otherwise is a new failure, saying so', () => {
    const matched = new ExpectedFailures([{ demo: 'revoked-cert', case: crl.name, match: 'let through', reason: 'r', until: '2027-01-31' }], 'f.yaml', '2027-01-01');
    expect(matched.judge({ ...crl, result: 'failed', reason: '0 of 3 refused; let through: HTTP 200' }).result).toBe('known-failure');
    const other = matched.judge({ ...crl, result: 'failed', reason: 'the revocation itself never took effect' });
    expect(other.result).toBe('failed');
    expect(other.reason).toBe('listed in f.yaml as a known failure whose reason holds "let through", but it failed otherwise: the revocation itself never took effect');
  });

  it('leaves a broken case broken and another case alone, and names an entry whose case no demo has', () => {
    const k = known('2027-01-01');
    expect(k.judge({ ...crl, result: 'broken', reason: 'no answer' }).result).toBe('broken');
    expect(k.judge({ demo: 'revoked-cert', name: 'another case', result: 'failed' }).result).toBe('failed');
    expect(k.unmatched([{ demo: 'revoked-cert', name: 'another case', result: 'failed' }])).toEqual([]);
    const typo = new ExpectedFailures([{ demo: 'revoked-cert', case: 'a certficate on the CRL', reason: 'r', until: '2027-01-31' }], 'f.yaml', '2027-01-01');
    typo.judge({ ...crl, result: 'failed' });
    expect(typo.unmatched([{ ...crl, result: 'failed' }])).toEqual(['f.yaml: revoked-cert has no case "a certficate on the CRL": its cases are "a certificate on the CRL is refused"']);
  });
});
