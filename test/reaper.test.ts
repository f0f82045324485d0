// The reaper of a process that outlives the TMPDIR its watchdog's manifest was made in (a test
// worker running file after file, each with a TMPDIR of its own) starts a watchdog in the TMPDIR it
// has now, instead of failing to write to the manifest that is gone. In a plain node of its own,
// with the compiled reaper, so that no earlier file's watchdog is in the way.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './support/cli.ts';

const first = mkdtempSync(join(tmpdir(), 'mtls-conformance-reaper-test-a-'));
const second = mkdtempSync(join(tmpdir(), 'mtls-conformance-reaper-test-b-'));
afterAll(() => [first, second].forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the reaper', () => {
  it('starts a watchdog in the TMPDIR it has once the one of its manifest is gone', () => {
    const dist = (m: string): string => JSON.stringify(pathToFileURL(join(ROOT, 'dist', 'harness', 'util', m)).href);
    const script = `const { reaper } = await import(${dist('reaper.js')}); const { readFileSync, rmSync, mkdtempSync } = await import('node:fs');
const watchdogs = () => readFileSync('/proc/self/task/' + process.pid + '/children', 'utf8').trim().split(' ').map((p) => readFileSync('/proc/' + p + '/cmdline', 'utf8').split('\\0')).filter((a) => a.some((x) => x.endsWith('watchdog.mjs'))).map((a) => a.filter(Boolean).at(-1));
reaper.dir(mkdtempSync(${JSON.stringify(first)} + '/mtls-conformance-x-'));
rmSync(${JSON.stringify(first)}, { recursive: true, force: true });
process.env.TMPDIR = ${JSON.stringify(second)};
reaper.forget(12345);
reaper.dir(mkdtempSync(${JSON.stringify(second)} + '/mtls-conformance-y-'));
console.log(JSON.stringify(watchdogs()));`;
    const manifests = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, TMPDIR: first }, stdio: ['ignore', 'pipe', 'pipe'] })) as string[];
    expect(manifests).toHaveLength(2);
    expect(manifests[0]!.startsWith(`${first}/mtls-conformance-reaper-`)).toBe(true);
    expect(manifests[1]!.startsWith(`${second}/mtls-conformance-reaper-`)).toBe(true);
  });
});
