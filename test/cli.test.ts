// The CLI as a user meets it: help, and one clear line with the right exit code for each mistake.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OPTIONS } from '../scripts/cli/args.ts';
import { describe, expect, it } from 'vitest';
import { BIN, nginxProcessesMentioning, ROOT, runCli } from './support/cli.ts';
import { bound } from './support/bounds.ts';
import { findNginx } from '../harness/targets/local/nginx-process.ts';
import { scratchDir } from './support/scratch.ts';
import { passableTempDir } from './support/scratch.ts';

const dir = scratchDir('mtls-conformance-cli-test-');
const badYaml = join(dir, 'bad.yaml');
writeFileSync(badYaml, 'partners:\n  - name: a\n   subject: x\n');
const badPolicy = join(dir, 'bad-policy.yaml');
writeFileSync(badPolicy, 'partners:\n  - name: a\n    subject: { CN: a }\n    rateLimit: { perMinute: -1 }\nroutes: { default: /v1 }\n');

function expectOneLine(stderr: string): void {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(lines[0]).toMatch(/^mtls-conformance: /);
}

describe('mtls-conformance CLI', () => {
  it('--help lists the commands on one screen; each command\'s --help documents its flags on one of its own', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout.trimEnd().split('\n').length).toBeLessThanOrEqual(30);
    for (const command of Object.keys(OPTIONS) as (keyof typeof OPTIONS)[]) expect(top.stdout).toContain(`  ${command} `);
    expect(top.stdout).toContain('Exit codes');
    for (const [command, options] of Object.entries(OPTIONS)) {
      const r = await runCli([command, '--help']);
      expect(r.code, command).toBe(0);
      expect(r.stdout.trimEnd().split('\n').length, `${command} --help`).toBeLessThanOrEqual(50);
      const flags = Object.keys(options).filter((name) => name !== 'help' && name !== 'version').map((name) => `--${name}`);
      expect(flags.filter((flag) => !new RegExp(`(^|[\\s[,|])${flag}\\b`, 'm').test(r.stdout)), command).toEqual([]);
    }
  });

  it.concurrent.each<[string, string[], RegExp, Record<string, string>?]>([
    ['no command', [], /no command given/],
    ['an unknown command', ['check'], /unknown command "check"/],
    ['an unknown option', ['run', '--bogus'], /Unknown option '--bogus'.*--help/],
    ['an unknown target', ['run', '--target', 'nowhere'], /unknown target "nowhere"/],
    ['an unknown demo id', ['run', '--only', 'valid-cert,nope'], /--only: unknown demo id "nope": choose from credentials, valid-cert/],
    ['an unknown fault', ['run', '--fault', 'nope'], /unknown fault "nope": choose from verify-optional/],
    ['a stray argument', ['run', 'local'], /unexpected argument "local"/],
    ['a kind cluster name that would be read as an option', ['run', '--target', 'kind', '--cluster=--kubeconfig=/etc/x'], /--cluster "--kubeconfig=\/etc\/x" is not a kind cluster name/],
    ['a kind cluster name that is a path', ['run', '--target', 'kind', '--cluster', '../x'], /--cluster "\.\.\/x" is not a kind cluster name/],
    ['a missing policy file', ['run', '--policy', '/nonexistent/policy.yaml'], /policy file \/nonexistent\/policy.yaml does not exist: check the path/],
    ['a malformed policy file', ['run', '--policy', badYaml], /bad\.yaml: line \d+, column \d+ is not valid YAML/],
    ['an invalid policy', ['run', '--policy', badPolicy], /bad-policy\.yaml: partners\[0\]\.rateLimit\.perMinute: expected a positive integer/],
  ])('exits 2 on %s with one line', async (what, args, message) => {
    // Each its own report dir: runs into one dir at once are refused (the report-dir lock).
    const r = await runCli(args[0] === 'run' ? [...args, '--report-dir', join(dir, what.replace(/\W+/g, '-'))] : args);
    expect(r.code, r.stderr).toBe(2);
    expectOneLine(r.stderr);
    expect(r.stderr).toMatch(message);
  });

  // A run starts its gateway as soon as its arguments parse, before the catalogue is read; one
  // refused for an unknown --only id must still leave nothing behind.
  it('leaves no gateway and no temp dir behind when --only names an unknown demo', async () => {
    const tmp = passableTempDir('tmp-', dir);
    const r = await runCli(['run', '--only', 'nope', '--report-dir', join(dir, 'only-nope')], { TMPDIR: tmp });
    expect(r.code, r.stderr).toBe(2);
    expectOneLine(r.stderr);
    expect(readdirSync(tmp).filter((f) => f.startsWith('mtls-conformance-'))).toEqual([]);
    expect(nginxProcessesMentioning(tmp)).toEqual([]);
  });

  it('exits 3 with nginx\'s own words when nginx is there but does not start, and leaves nothing running', async () => {
    // Passes the preflight (`nginx -v`) and the config check (`-t`), then fails as a bind would.
    const nginx = join(dir, 'failing-nginx');
    writeFileSync(nginx, `#!/bin/sh\nfor a in "$@"; do case "$a" in -v|-V|-t) exec ${findNginx()} "$@";; esac; done\necho "nginx: [emerg] bind() to 0.0.0.0:1 failed (13: Permission denied)" >&2\nexit 1\n`, { mode: 0o755 });
    const reports = join(dir, 'reports-failing-nginx');
    const tmp = passableTempDir('tmp-', dir);
    const r = await runCli(['run', '--report-dir', reports], { NGINX_BIN: nginx, TMPDIR: tmp });
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expectOneLine(r.stderr);
    expect(r.stderr).toMatch(/^mtls-conformance: nginx did not start: nginx: \[emerg\] bind\(\) to 0\.0\.0\.0:1 failed/);
    expect(existsSync(join(reports, 'conformance-report.json'))).toBe(false);
    // The CI system shows why: one error case with nginx's words.
    expect(readFileSync(join(reports, 'junit.xml'), 'utf8')).toMatch(/<testcase name="the target came up" classname="mtls-conformance.environment"[^>]*>\s*<error message="nginx did not start: nginx: \[emerg\] bind\(\)/);
    expect(readdirSync(tmp).filter((f) => f.startsWith('mtls-conformance-'))).toEqual([]);
    expect(nginxProcessesMentioning(tmp)).toEqual([]);
  }, bound(30_000));

  it('exits 3 with how to install nginx when there is none', async () => {
    const r = await runCli(['run', '--report-dir', join(dir, 'reports')], { NGINX_BIN: '/nonexistent/nginx' });
    expect(r.code).toBe(3);
    expectOneLine(r.stderr);
    expect(r.stderr).toContain('apt-get install -y nginx-light');
  });

  it.each([
    ['does not exist', join(dir, 'no-such-tmp')],
    ['is not a folder', badYaml],
    ['cannot be written', '/proc'],
  ])('exits 3 with one line naming TMPDIR when the temp dir %s', async (what, tmp) => {
    const r = await runCli(['run', '--only', 'valid-cert', '--no-html-report', '--report-dir', join(dir, 'reports-tmp')], { TMPDIR: tmp });
    expect(r.code).toBe(3);
    expectOneLine(r.stderr);
    expect(r.stderr).toContain(`the temp dir ${tmp} (TMPDIR) ${what}`);
    expect(r.stderr).toMatch(/: set TMPDIR to a folder this user can write, or unset it$/m);
  });

  it.each(['18.19.0', '20.18.3'])('exits 3 with what it needs on a Node.js older than package.json\'s engines (as the bin sees %s)', (version) => {
    // This Node, telling the bin it is an older one: what the bin reads first.
    const older = `data:text/javascript,Object.defineProperty(process.versions,"node",{value:"${version}"})`;
    const r = spawnSync(process.execPath, ['--import', older, BIN, 'verify'], { encoding: 'utf8' });
    expect(r.status).toBe(3);
    expectOneLine(r.stderr);
    expect(r.stderr).toMatch(new RegExp(`needs Node\\.js ${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).engines.node.replace('>=', '')} or newer, and this is v${version}`));
  });
});
