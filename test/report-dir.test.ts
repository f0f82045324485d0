// Where reports go is checked first (exit 2, one line, before anything starts), and two runs into
// one report dir at once do not merge: the second is refused with the pid of the first.
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pollUntil } from '../harness/util/poll.ts';
import { runCliWithoutHtml, startCli } from './support/cli.ts';
import { bound } from './support/bounds.ts';
import { scratchDir } from './support/scratch.ts';

const dir = scratchDir('mtls-conformance-reportdir-');
const file = join(dir, 'a-file');
writeFileSync(file, 'x');
mkdirSync(join(dir, 'a-folder'));
symlinkSync(join(dir, 'nowhere'), join(dir, 'a-dangling-link'));

describe('report paths', () => {
  it.concurrent.each<[string, string[], RegExp]>([
    ['a report dir that is a file', ['--report-dir', file], /--report-dir .*a-file is a file: give a folder/],
    ['a report dir under a file', ['--report-dir', join(file, 'reports')], /--report-dir .*a-file\/reports is under a file: give a folder/],
    ['a report dir that cannot be written', ['--report-dir', '/sys/mtls-conformance-reports'], /--report-dir \/sys\/mtls-conformance-reports: it cannot be written here/],
    // Where mkdir answers ENOENT under a parent that exists, Node's recursive mkdir would spin forever.
    ['a report dir under /proc', ['--report-dir', '/proc/mtls-conformance-reports'], /--report-dir \/proc\/mtls-conformance-reports: it cannot be made \(ENOENT\)/],
    ['a report dir under a link to nowhere', ['--report-dir', join(dir, 'a-dangling-link', 'reports')], /--report-dir .*a-dangling-link\/reports: it cannot be made \(ENOENT\)/],
    ['a JUnit path under /proc', ['--report-dir', join(dir, 'r3'), '--junit', '/proc/mtls-conformance/junit.xml'], /--junit \(its folder\) \/proc\/mtls-conformance: it cannot be made \(ENOENT\)/],
    ['a JUnit path that is a folder', ['--report-dir', join(dir, 'r1'), '--junit', join(dir, 'a-folder')], /--junit .*a-folder is a folder: give a file name/],
    ['a JUnit path under a file', ['--report-dir', join(dir, 'r2'), '--junit', join(file, 'junit.xml')], /--junit \(its folder\) .*a-file is a file: give a folder/],
  ])('exits 2 on %s with one line, before anything starts', async (_what, args, message) => {
    const r = await runCliWithoutHtml(['run', ...args]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('a run refused for its report dir touches nothing: a dead run\'s temp dir stays for the next run to sweep', async () => {
    const tmp = join(dir, 'tmp-refused');
    const stale = join(tmp, 'mtls-conformance-pki-stale');
    mkdirSync(stale, { recursive: true });
    // Owned by a process that is gone: pid 2^22 + 1 is above Linux's pid_max, so never alive.
    writeFileSync(join(stale, '.owner'), '4194305 1\n');
    const r = await runCliWithoutHtml(['run', '--report-dir', file], { TMPDIR: tmp });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
    expect(existsSync(stale)).toBe(true);
  });

  it('a second run into the same report dir at once is refused with the first one\'s pid; the first is unharmed', async () => {
    const shared = join(dir, 'shared');
    // backend-outage alone: its drill keeps the run going for seconds after nginx is up, mostly waiting.
    const first = startCli(['run', '--no-html-report', '--only', 'backend-outage', '--report-dir', shared], { TMPDIR: dir });
    // As soon as the first holds the dir: provisioning and backend-outage's drill (seconds, mostly
    // waiting) are still ahead of it.
    await pollUntil(() => (existsSync(join(shared, '.lock')) ? true : undefined), bound(20_000), 20);
    const second = await runCliWithoutHtml(['run', '--report-dir', shared]);
    expect(second.code).toBe(2);
    expect(second.stderr.trim()).toBe(`mtls-conformance: report dir ${shared} in use by pid ${first.child.pid}: wait for that run to end, or give another --report-dir`);
    const done = await first.done;
    expect(done.code, done.stdout.slice(-1500)).toBe(0);
    expect(JSON.parse(readFileSync(join(shared, 'conformance-report.json'), 'utf8')).result).toBe('success');
    // The lock is gone with the run: the next run may use the dir.
    const third = await runCliWithoutHtml(['run', '--only', 'missing-cert', '--report-dir', shared]);
    expect(third.code).toBe(0);
  }, bound(90_000));
});
