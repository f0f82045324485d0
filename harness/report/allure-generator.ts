// The run's side of allure-worker.mjs: start it early so Allure loads while the demos run, then
// hand it the one job. A worker nobody needs (the run ended before any report) is stopped.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../util/package-root.ts';

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

export function startAllureGenerator(): AllureGenerator {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [WORKER], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  // Every stdout line after "ready" is an answer; the process's end settles whatever is still waiting.
  const lines: string[] = [];
  let waiting: ((line: string | undefined) => void) | undefined;
  let buffered = '';
  child.stdout.on('data', (d: Buffer) => {
    buffered += d.toString();
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (line === 'ready') continue;
      if (waiting) waiting(line);
      else lines.push(line);
    }
  });
  const ended = new Promise<void>((resolve) => child.on('close', () => resolve()));
  child.on('error', () => undefined);
  // A job written to a worker that is gone must fail as a closed worker, not as an unhandled EPIPE.
  child.stdin.on('error', () => undefined);
  void ended.then(() => waiting?.(undefined));
  const tail = (): string => stderr.trim().split('\n').slice(-3).join(' | ');

  return {
    async generate(job) {
      const answer = new Promise<string | undefined>((resolve) => {
        if (lines.length > 0) resolve(lines.shift());
        else if (child.exitCode !== null || child.signalCode !== null) resolve(undefined);
        else waiting = resolve;
      });
      child.stdin.end(`${JSON.stringify(job)}\n`);
      const line = await answer;
      if (line === undefined) throw new Error(`allure generate failed (the generator exited with ${child.exitCode ?? child.signalCode}): ${tail()}`);
      const parsed = JSON.parse(line) as { ok: boolean; error?: string };
      if (!parsed.ok) throw new Error(`allure generate failed: ${parsed.error ?? tail()}`);
      await ended;
    },
    stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
