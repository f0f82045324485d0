// The run's side of allure-worker.mjs: start it early so Allure loads while the demos run, then
// hand it the one job. A worker nobody needs (the run ended before any report) is stopped.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { setPriority as osSetPriority } from 'node:os';
import { join } from 'node:path';
import { nodeChildEnv } from '../util/node-child-env.ts';
import { PACKAGE_ROOT } from '../util/package-root.ts';
import { mark } from '../util/trace.ts';

// From the package root: compiled, this module is in dist/, the worker is not.
const WORKER = join(PACKAGE_ROOT, 'harness', 'report', 'allure-worker.mjs');

export interface AllureJob {
  cwd: string;
  configFile: string;
  resultsDir: string;
}

export interface AllureGenerator {
  /** Generates the report; rejects with Allure's own words when it could not. Once per generator. */
  generate(job: AllureJob): Promise<void>;
  /** Stops a worker that will not be needed; harmless after generate. */
  stop(): void;
}

const LOADING_NICENESS = 10;

/** Best effort: a process that is gone, or a raise of priority a non-root user may not make, changes nothing. */
function setPriority(pid: number | undefined, niceness: number): void {
  try {
    if (pid !== undefined) osSetPriority(pid, niceness);
  } catch {
    // Left as it is: the report is written either way.
  }
}

export function startAllureGenerator(): AllureGenerator {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [WORKER], { stdio: ['pipe', 'pipe', 'pipe'], env: nodeChildEnv() });
  // Loading Allure is most of a second of CPU, at the moment the gateway and the suites need the cores:
  // it loads on what they leave over, and gets its full share back for the report (where allowed).
  setPriority(child.pid, LOADING_NICENESS);
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  child.stdout.on('data', (d: Buffer) => {
    if (!stdout.includes('ready') && (stdout + d.toString()).includes('ready')) mark('Allure worker ready');
    stdout += d.toString();
  });
  // The worker answers one line and exits: its answer is the last line it wrote before it ended.
  const ended = new Promise<void>((resolve) => child.on('close', () => resolve()));
  child.on('error', () => undefined);
  // A job written to a worker that is gone must fail as a closed worker, not as an unhandled EPIPE.
  child.stdin.on('error', () => undefined);
  const tail = (): string => stderr.trim().split('\n').slice(-3).join(' | ');

  return {
    async generate(job) {
      setPriority(child.pid, 0);
      child.stdin.end(`${JSON.stringify(job)}\n`);
      await ended;
      const line = stdout.trim().split('\n').pop();
      if (!line || line === 'ready') throw new Error(`allure generate failed (the generator exited with ${child.exitCode ?? child.signalCode}): ${tail()}`);
      const parsed = JSON.parse(line) as { ok: boolean; error?: string };
      if (!parsed.ok) throw new Error(`allure generate failed: ${parsed.error ?? tail()}`);
    },
    stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
