// Running the CLIs the container targets need (kind, kubectl, docker). Injected, so that the
// orchestration can be tested with a recorded runner, with or without a Docker engine.
import { spawn } from 'node:child_process';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CommandRunner {
  run(cmd: string, args: string[], opts?: { input?: string; timeoutMs?: number }): Promise<CommandResult>;
}

export const systemRunner: CommandRunner = {
  run(cmd, args, opts = {}) {
    return new Promise((resolve) => {
      const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      const timer = setTimeout(() => child.kill('SIGTERM'), opts.timeoutMs ?? 600_000);
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', (err) => {
        clearTimeout(timer);
        resolve({ code: 127, stdout, stderr: `${stderr}${err.message}` });
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code: code ?? 1, stdout, stderr });
      });
      child.stdin.end(opts.input ?? '');
    });
  },
};

/** The last meaningful line of a failed command's output, for a one-line error. */
export function lastLine(r: CommandResult): string {
  return (r.stderr.trim() || r.stdout.trim()).split('\n').filter(Boolean).pop() ?? `exit ${r.code}`;
}
