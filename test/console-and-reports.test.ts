// What a person sees first agrees with what happened: the console (one line per demo, wait lines,
// a recap with re-run commands, no ANSI in a CI log), the Allure results (red judge steps, broken
// act steps, no matcher steps, verdict-only messages, not-supported reasons) and JUnit (skipped
// with a reason) all count the same cases; --require and --last-failed act on those verdicts.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliWithoutHtml, type CliRun } from './support/cli.ts';
import { bound } from './support/bounds.ts';
import { scratchDir } from './support/scratch.ts';
import { junitProblems } from './support/junit-schema.ts';

const dir = scratchDir('mtls-conformance-console-');

interface Step {
  name: string;
  status?: string;
  steps?: Step[];
}
interface AllureResult extends Step {
  statusDetails?: { message?: string; trace?: string };
  labels: { name: string; value: string }[];
}

function results(reportDir: string): AllureResult[] {
  const d = join(reportDir, 'allure-results');
  return readdirSync(d).filter((f) => f.endsWith('-result.json')).map((f) => JSON.parse(readFileSync(join(d, f), 'utf8')) as AllureResult);
}
const flat = (steps: Step[] = []): Step[] => steps.flatMap((s) => [s, ...flat(s.steps)]);

// One failing run, as a CI job runs it: two demos broken by faults, one of them with a not-supported case.
const failing = join(dir, 'failing');
let run: CliRun;
beforeAll(async () => {
  run = await runCli(['run', '--only', 'missing-cert,revoked-cert', '--fault', 'verify-optional', '--fault', 'no-crl', '--convergence-window', '7', '--report-dir', failing], { CI: 'true' });
}, bound(120_000));

describe('the console of a CI run', () => {
  it('has no ANSI codes, one line per demo as it finishes with the likely cause of each failure, a wait line, each reason for not-supported once, the re-run command and the verdict', () => {
    expect(run.code, run.stdout).toBe(1);
    const all = run.stdout + run.stderr;
    expect(all.includes("\u001b["), "an ANSI escape in a CI log").toBe(false);
    const demoLines = run.stdout.split('\n').filter((l) => /^\[\d+\/2\] /.test(l));
    const seen = demoLines.map((l) => l.replace(/^\[\d\/2\] /, '').replace(/ \d+\.\d s/, '')).sort();
    expect(seen).toEqual(['FAIL missing-cert', 'FAIL revoked-cert (1 of 3 cases not supported)']);
    expect(demoLines).toHaveLength(2);
    expect(run.stdout).toMatch(/^ {7}revoked-cert: still waiting for "revoke .*" to show \(up to 7 s\)$/m);
    expect(run.stdout).toMatch(/^ {11}likely cause: the listener does not require client certificates at TLS .*ssl_verify_client on/m);
    expect(run.stdout).toMatch(/^ {11}likely cause: revocation is not checked, or the CRL is stale: ssl_crl /m);
    expect(run.stdout).toMatch(/^N\/S on local: partner certificates are not cert-manager Certificates on this target: revoked-cert \(1 of 3 cases\)$/m);
    expect(run.stdout).toContain(`Run again what failed or broke: npx mtls-conformance run --target local --only missing-cert,revoked-cert --convergence-window 7 --fault verify-optional --fault no-crl`);
    expect(run.stdout).toMatch(/^demos: 0 passed, 2 failed, 0 broken, 0 skipped, 0 not-supported; cases: 1 passed, 2 failed, 0 broken, 0 skipped, 1 not-supported$/m);
    expect(run.stdout).toMatch(/^Result: failure: 2 of 2 demos tested; \d+\.\d s$/m);
    // vitest's own listing and its JUnit line are not there; paths are as given (absolute here).
    expect(all).not.toMatch(/RUN +v\d|JUNIT report written|Test Files/);
    expect(run.stdout).toMatch(new RegExp(`^Tested https://localhost:\\d+ \\(local, oracle kong-oss\\); reports: ${failing}/allure-report/index.html, ${failing}/junit.xml, ${failing}/conformance-report.json$`, 'm'));
  });
});

describe('the reports of that run', () => {
  it('Allure: a failed case opens on its verdict, judge steps are red, the act that never converged is broken, no matcher steps', () => {
    const all = results(failing);
    // One result per case: written as each demo ends, never again at the end of the run.
    const report = JSON.parse(readFileSync(join(failing, 'conformance-report.json'), 'utf8')) as { demos: { cases: { name: string }[] }[] };
    expect(all.map((r) => r.name).sort()).toEqual(report.demos.flatMap((d) => d.cases.map((c) => c.name)).sort());
    const crl = all.find((r) => r.name === 'a certificate on the CRL is refused')!;
    expect(crl.status).toBe('failed');
    expect(crl.statusDetails!.message!.split('\n')[0]).toMatch(/^sent revocation-probe: CN=.* \(serial [0-9A-F]+\): 0 of 3 fresh connections refused as promised; let through: /);
    expect(crl.statusDetails!.message).toMatch(/\nlikely cause: revocation is not checked/);
    expect(crl.statusDetails!.message).not.toMatch(/expected false to be true/);
    expect(crl.statusDetails!.trace).not.toMatch(/node_modules/);
    const steps = flat(crl.steps);
    expect(steps.filter((s) => s.name.startsWith('judge: expect cert-rejected')).map((s) => s.status)).toEqual(['failed', 'failed', 'failed']);
    expect(steps.find((s) => s.name.startsWith('act: revoke'))!.status).toBe('broken');
    expect(steps.filter((s) => s.name.startsWith('judge: expect accepted')).every((s) => s.status === 'passed')).toBe(true);
    expect(all.flatMap((r) => flat(r.steps)).filter((s) => s.name.startsWith('expect('))).toEqual([]);
  });

  it('Allure and JUnit: a not-supported case carries its reason as the status message', () => {
    const ns = results(failing).find((r) => r.name.startsWith('the documented revocation'))!;
    expect(ns.status).toBe('skipped');
    expect(ns.statusDetails!.message).toMatch(/^not-supported: partner certificates are not cert-manager Certificates on this target/);
    expect(ns.labels).toContainEqual({ name: 'resultState', value: 'not-supported' });
    expect(readFileSync(join(failing, 'junit.xml'), 'utf8')).toMatch(/<skipped>not-supported: partner certificates are not cert-manager Certificates[^<]*<\/skipped>/);
  });

  it('JUnit: valid against the Jenkins JUnit schema, each failure once with its verdict sentence, no stack frame', async () => {
    const xml = readFileSync(join(failing, 'junit.xml'), 'utf8');
    expect(await junitProblems(xml)).toEqual([]);
    expect(xml.match(/<failure /g)).toHaveLength(2);
    expect(xml).toMatch(/<testcase name="a certificate on the CRL is refused" classname="mtls-conformance.revoked-cert"/);
    expect(xml).not.toMatch(/^\s+at |node_modules|\.js:\d+/m);
  });
});

describe('acting on those verdicts', () => {
  it('--verbose adds each case under its demo', async () => {
    const r = await runCliWithoutHtml(['run', '--only', 'missing-cert', '--verbose', '--report-dir', join(dir, 'verbose')], { CI: 'true' });
    expect(r.code, r.stdout).toBe(0);
    const lines = r.stdout.split('\n');
    const at = lines.findIndex((l) => /^\[1\/1\] PASS missing-cert /.test(l));
    expect(lines[at + 1]).toBe('         passed: a request without a client certificate is refused');
  }, bound(60_000));

  it('--no-html-report writes every report but the HTML one, removes a stale one, and keeps the history as it was', async () => {
    const out = join(dir, 'no-html');
    mkdirSync(join(out, 'allure-report'), { recursive: true });
    writeFileSync(join(out, 'allure-report', 'index.html'), 'a report of an earlier run');
    const r = await runCli(['run', '--only', 'missing-cert', '--no-html-report', '--report-dir', out], { CI: 'true' });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`reports: ${join(out, 'allure-results')} (no HTML: --no-html-report), `);
    expect(existsSync(join(out, 'allure-report'))).toBe(false);
    expect(results(out).map((x) => x.status)).toEqual(['passed']);
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toMatch(/<testsuites [^>]*tests="1" failures="0"/);
    expect(JSON.parse(readFileSync(join(out, 'conformance-report.json'), 'utf8'))).toMatchObject({ result: 'success' });
    expect(existsSync(join(out, 'history', 'history.jsonl'))).toBe(false);
  }, bound(60_000));

  it('--last-failed runs again just what failed, and says so', async () => {
    const again = await runCli(['run', '--last-failed', '--fault', 'verify-optional', '--report-dir', failing], { CI: 'true' });
    expect(again.stdout).toMatch(/running again what failed or broke last time: missing-cert, revoked-cert/);
    expect(again.stdout.split('\n').filter((l) => /^\[\d+\/2\] /.test(l))).toHaveLength(2);
  }, bound(120_000));

  it('--require turns a required demo that could not be fully tested into a failure (exit 1), in every report', async () => {
    const out = join(dir, 'required');
    const r = await runCliWithoutHtml(['run', '--only', 'revoked-cert', '--require', 'revoked-cert', '--report-dir', out], { CI: 'true' });
    expect(r.code, r.stdout).toBe(1);
    expect(r.stdout).toMatch(/failed: the documented revocation .*: required \(--require revoked-cert\) but not tested: not-supported: partner certificates are not cert-manager Certificates/);
    const report = JSON.parse(readFileSync(join(out, 'conformance-report.json'), 'utf8')) as { result: string };
    expect(report.result).toBe('failure');
    expect(results(out).find((x) => x.name.startsWith('the documented revocation'))!.status).toBe('failed');
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toMatch(/<testsuites [^>]*failures="1"/);
  }, bound(120_000));

  it('refuses --require of a demo that --only leaves out, and --last-failed with nothing to go on', async () => {
    const a = await runCli(['run', '--only', 'valid-cert', '--require', 'rate-limit']);
    expect(a.code).toBe(2);
    expect(a.stderr.trim()).toBe('mtls-conformance: --require rate-limit: that demo is not among --only valid-cert, so it could never be tested');
    const b = await runCli(['run', '--last-failed', '--report-dir', join(dir, 'never-ran')]);
    expect(b.code).toBe(2);
    expect(b.stderr.trim().split('\n')).toHaveLength(1);
    expect(b.stderr).toMatch(/--last-failed: no last run in .*never-ran/);
  });
});

describe('colour', () => {
  it('only for a terminal, never with NO_COLOR or TERM=dumb', async () => {
    const { wantsColor } = await import('../harness/report/paint.ts');
    expect(wantsColor({ isTTY: true }, {})).toBe(true);
    expect(wantsColor({ isTTY: false }, {})).toBe(false);
    expect(wantsColor({}, {})).toBe(false);
    expect(wantsColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColor({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
  });
});
