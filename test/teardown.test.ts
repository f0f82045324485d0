// A run leaves nothing behind: no nginx, no temp dir with keys. Checked on the real CLI, with a
// private TMPDIR so that other runs on the machine cannot confuse the count: after a failing run,
// and after Ctrl-C (SIGINT) in the middle of a run, also a partner's verify.
import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pollUntil } from '../harness/util/poll.ts';
import { childPids, isAlive } from '../harness/targets/local/proc.ts';
import { nginxProcessesMentioning, ourTempEntries, runCli, startCli } from './support/cli.ts';
import { bound } from './support/bounds.ts';
import { passableTempDir } from './support/scratch.ts';
import { badGatewayFixture, type ExternalFixture } from './support/external-fixture.ts';

const made: string[] = [];
function privateTmp(): string {
  const dir = passableTempDir('mtls-conformance-teardown-test-');
  made.push(dir);
  return dir;
}

// A case that fails half way (say, its gateway was slow to come up) leaves its run going: stop it
// the way a user would (Ctrl-C), and any nginx still naming one of our dirs, before the dirs go,
// for the run's own reaper keeps its manifest in them.
const runs: ChildProcess[] = [];
function startRun(args: string[], env: Record<string, string>): ReturnType<typeof startCli> {
  const started = startCli(args, env);
  runs.push(started.child);
  return started;
}
afterAll(async () => {
  for (const child of runs.filter((c) => c.exitCode === null && c.signalCode === null)) {
    child.kill('SIGINT');
    // Its own teardown first, for at most 5 s; then no more waiting.
    const ended = await pollUntil(() => (child.exitCode !== null || child.signalCode !== null ? true : undefined), 5000, 50);
    if (!ended) child.kill('SIGKILL');
  }
  for (const pid of made.flatMap((d) => nginxProcessesMentioning(d))) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
  made.forEach((d) => rmSync(d, { recursive: true, force: true }));
}, 30_000);

// Each case is a whole CLI run: how long it takes depends on how busy the machine is (npm test runs
// three files at once), so each gets the time a full run may need there; what is checked is teardown.
describe('teardown', () => {
  it('stops nginx and removes the temp dirs after a run whose demo fails', async () => {
    const tmp = privateTmp();
    const r = await runCli(['run', '--only', 'rate-limit', '--fault', 'no-rate-limit', '--report-dir', join(tmp, 'reports')], { TMPDIR: tmp });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain('FAIL rate-limit');
    expect(nginxProcessesMentioning(tmp)).toEqual([]);
    expect(ourTempEntries(tmp)).toEqual([]);
  }, bound(90_000));

  it('stops nginx and removes the temp dirs on Ctrl-C in the middle of a run', async () => {
    const tmp = privateTmp();
    const { child, done } = startRun(['run', '--report-dir', join(tmp, 'reports')], { TMPDIR: tmp });
    // Wait until the gateway runs and the demos have started talking to it.
    const running = await pollUntil(() => {
      const pids = nginxProcessesMentioning(tmp);
      const prefix = ourTempEntries(tmp).find((e) => e.startsWith('mtls-conformance-nginx-'));
      if (pids.length === 0 || !prefix) return undefined;
      const log = join(tmp, prefix, 'logs', 'access.json');
      return existsSync(log) && readFileSync(log, 'utf8').includes('/v1/consumer') ? pids : undefined;
    }, bound(30_000), 20);
    expect(running, 'the run never got its gateway up').toBeDefined();
    const keyDirs = ourTempEntries(tmp).filter((e) => e.startsWith('mtls-conformance-pki-'));
    expect(keyDirs).toHaveLength(1);
    expect(readdirSync(join(tmp, keyDirs[0]!)).some((f) => f.endsWith('.key'))).toBe(true);

    // The master's command line names the prefix; its workers' do not, so collect them by parent.
    const gateway = running!.flatMap((pid) => [pid, ...childPids(pid)]);
    expect(gateway.length).toBeGreaterThan(1);

    child.kill('SIGINT');
    const r = await done;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('SIGINT: stopped the gateway');
    expect(gateway.filter(isAlive)).toEqual([]);
    expect(nginxProcessesMentioning(tmp)).toEqual([]);
    expect(ourTempEntries(tmp)).toEqual([]);
  }, bound(90_000));

  // While provisioning (nginx spawned, not yet answering) only the target's own registered cleanup
  // can stop it. A few delays, since the window is tens of milliseconds wide.
  it.each([0, 15, 30])('stops nginx on Ctrl-C %i ms after it was spawned, before provisioning ended', async (delay) => {
    const tmp = privateTmp();
    const { child, done } = startRun(['run', '--report-dir', join(tmp, 'reports')], { TMPDIR: tmp });
    const spawned = await pollUntil(() => (nginxProcessesMentioning(tmp).length > 0 ? true : undefined), bound(30_000), 2);
    expect(spawned, 'nginx never started').toBe(true);
    await new Promise((r) => setTimeout(r, delay));
    const gateway = nginxProcessesMentioning(tmp).flatMap((pid) => [pid, ...childPids(pid)]);
    child.kill('SIGINT');
    const r = await done;
    expect(r.code).toBe(130);
    expect(await pollUntil(() => (gateway.filter(isAlive).length === 0 ? true : undefined), 2000)).toBe(true);
    expect(nginxProcessesMentioning(tmp)).toEqual([]);
    expect(ourTempEntries(tmp)).toEqual([]);
  }, bound(90_000));
});

describe("a partner's verify on Ctrl-C", () => {
  let fx: ExternalFixture | undefined;
  afterAll(() => fx?.close());

  it("removes its keys, and says it left the gateway alone: it is not this tool's to stop", async () => {
    fx = await badGatewayFixture('never-answers');
    const tmp = privateTmp();
    const c = (f: string): string => join(fx!.certs, f);
    const { child, done } = startRun(['verify', '--no-html-report', '--url', `${fx.baseUrl}/v1/consumer`, '--cert', c('partner-b.crt'), '--key', c('partner-b.key'), '--ca', c('ca.crt'), '--report-dir', join(tmp, 'reports')], { TMPDIR: tmp });
    // Its keys are written (the impostors it minted) and it waits on the gateway's answer.
    const keys = await pollUntil(() => ourTempEntries(tmp).find((e) => e.startsWith('mtls-conformance-pki-')), bound(20_000), 20);
    expect(keys, 'the run never wrote its keys').toBeDefined();
    child.kill('SIGINT');
    const r = await done;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain("SIGINT: removed the run's temp files (the gateway is not this tool's: it was left as it was)");
    expect(r.stderr).not.toContain('stopped the gateway');
    expect(ourTempEntries(tmp)).toEqual([]);
  }, bound(60_000));
});
