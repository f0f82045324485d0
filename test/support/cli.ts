// Running the real CLI as a user would, for tests: the bin script through node, own TMPDIR.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { procStat } from '../../harness/util/reaper.ts';
import { passableTempDir } from './scratch.ts';

export const BIN = fileURLToPath(new URL('../../scripts/mtls-conformance.mjs', import.meta.url));
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

// Each test file's runs get a TMPDIR of their own (made per file by test/support/per-file.ts) unless
// a test gives one (or the file set one with usePrivateTmp): a run's start sweeps the temp dirs of
// dead owners it finds there and says so on stderr, and in the shared /tmp it would find those of
// other files' processes (a test worker that ended before its watchdog reaped), an extra line where
// a test reads exactly one.
const inheritedTmp = process.env.TMPDIR;
export function fileTmp(): string {
  const dir = process.env.MTLS_TEST_FILE_TMP;
  if (dir === undefined) throw new Error('no per-file temp dir: test/support/per-file.ts must be a setup file of this project');
  if (dir) return dir;
  return (process.env.MTLS_TEST_FILE_TMP = passableTempDir('mtls-conformance-testcli-'));
}

export function startCli(args: string[], env: Record<string, string> = {}, cwd = ROOT): { child: ChildProcess; done: Promise<CliRun> } {
  const tmp = env.TMPDIR ?? (process.env.TMPDIR !== inheritedTmp ? process.env.TMPDIR : undefined) ?? fileTmp();
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, ...env, TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'pipe'] });
  return { child, done: ended(child) };
}

/** What a child spawned with piped stdout and stderr wrote, and how it ended. */
export function ended(child: ChildProcess): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise<CliRun>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

export function runCli(args: string[], env: Record<string, string> = {}, cwd = ROOT): Promise<CliRun> {
  return startCli(args, env, cwd).done;
}

/**
 * A run or verify with --no-html-report, for tests that read no HTML report: loading Allure and
 * writing the report is half of a short run's CPU, and npm test makes well over a hundred runs.
 * The HTML report itself is tested by the runs that keep it (console-and-reports, history, kill,
 * teardown).
 */
export function runCliWithoutHtml(args: string[], env: Record<string, string> = {}, cwd = ROOT): Promise<CliRun> {
  const [command, ...rest] = args;
  return runCli(command === 'run' || command === 'verify' ? [command, '--no-html-report', ...rest] : args, env, cwd);
}

/** How long the CLI takes to start and exit on this (possibly busy) machine, to judge time bounds by. */
export async function cliStartupMs(): Promise<number> {
  const t0 = Date.now();
  await runCli(['--version']);
  return Date.now() - t0;
}

/**
 * The running nginx master of a run (not the short-lived `nginx -t` config check), by its prefix. A
 * master leads its own process group (the run spawns it detached); a worker it has just forked
 * still shows the master's command line until it renames itself, and is not its group's leader.
 */
export function nginxMastersMentioning(needle: string): number[] {
  return nginxProcessesMentioning(needle).filter((pid) => {
    try {
      return procStat(pid)?.pgid === pid && !readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes('-t');
    } catch {
      return false;
    }
  });
}

/** nginx processes whose command line mentions `needle` (e.g. a run's private TMPDIR). */
export function nginxProcessesMentioning(needle: string): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
      if (cmd.includes('nginx') && cmd.includes(needle)) out.push(Number(entry));
    } catch {
      // gone
    }
  }
  return out;
}

/** pids whose command line mentions `needle`, this process aside. */
export function processesMentioning(needle: string): number[] {
  return readdirSync('/proc').filter((e) => {
    if (!/^\d+$/.test(e) || Number(e) === process.pid) return false;
    try {
      return readFileSync(`/proc/${e}/cmdline`, 'utf8').split('\0').join(' ').includes(needle);
    } catch {
      return false;
    }
  }).map(Number);
}

/** pids in process group `pgid`. */
export function processesInGroup(pgid: number): number[] {
  return readdirSync('/proc').filter((e) => /^\d+$/.test(e) && procStat(Number(e))?.pgid === pgid && procStat(Number(e))?.state !== 'Z').map(Number);
}

/** What a run left in its TMPDIR that is ours. */
export function ourTempEntries(dir: string): string[] {
  return readdirSync(dir).filter((e) => e.startsWith('mtls-conformance-'));
}
