// The run's side of allure-worker.mjs: start it early so Allure loads while the gateway comes up,
// begin the report as soon as the run knows where it goes, hand it the results as each demo ends,
// and have it written at the end. A worker nobody needs (the run ended before any report) is stopped.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { setPriority as osSetPriority } from 'node:os';
import { join } from 'node:path';
import { nodeChildEnv } from '../util/node-child-env.ts';
import { PACKAGE_ROOT } from '../util/package-root.ts';
import { mark } from '../util/trace.ts';

// From the package root: compiled, this module is in dist/, the worker is not.
const WORKER = join(PACKAGE_ROOT, 'harness', 'report', 'allure-worker.mjs');

export interface AllureGenerator {
  /** Set the report up: its config as an allurerc would hold it (Allure's resolveConfig), paths absolute. */
  begin(config: Record<string, unknown>, cwd: string): void;
  /** Result files written since (names in `dir`): read while the demos run. */
  read(dir: string, files: readonly string[]): void;
  /**
   * Read what is left of `resultsDir`, name the report and write it; rejects with Allure's own words
   * when it could not. Once per generator, after begin.
   */
  generate(job: { resultsDir: string; name: string }): Promise<void>;
  /** Stops a worker that will not be needed; harmless after generate. */
  stop(): void;
  /** How many result files the worker has read so far. */
  readSoFar(): number;
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
  let readSoFar = 0;
  child.stdout.on('data', (d: Buffer) => {
    if (!stdout.includes('ready') && (stdout + d.toString()).includes('ready')) mark('Allure worker ready');
    stdout += d.toString();
    for (const m of stdout.matchAll(/^\{"read":(\d+)\}$/gm)) readSoFar = Number(m[1]);
  });
  // The worker answers `done` with one line and exits: the last line it wrote before it ended.
  const ended = new Promise<void>((resolve) => child.on('close', () => resolve()));
  child.on('error', () => undefined);
  // A line written to a worker that is gone must fail as a closed worker, not as an unhandled EPIPE.
  child.stdin.on('error', () => undefined);
  const tail = (): string => stderr.trim().split('\n').slice(-3).join(' | ');

  const send = (message: unknown): void => void child.stdin.write(`${JSON.stringify(message)}\n`);
  return {
    begin: (config, cwd) => send({ begin: { config, cwd } }),
    read: (dir, files) => {
      if (files.length > 0) send({ read: { dir, files } });
    },
    async generate(job) {
      mark(`Allure had read ${readSoFar} result files`);
      setPriority(child.pid, 0);
      child.stdin.end(`${JSON.stringify({ done: job })}\n`);
      await ended;
      const line = stdout.trim().split('\n').pop();
      if (!line?.startsWith('{"ok"')) throw new Error(`allure generate failed (the generator exited with ${child.exitCode ?? child.signalCode}): ${tail()}`);
      const parsed = JSON.parse(line) as { ok: boolean; error?: string };
      if (!parsed.ok) throw new Error(`allure generate failed: ${parsed.error ?? tail()}`);
    },
    stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
    readSoFar: () => readSoFar,
  };
}
