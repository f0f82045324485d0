// A command runner that records every call (and what was piped in) and answers from a script:
// the kind orchestration is tested against it where no Docker engine exists.
import type { CommandResult, CommandRunner } from '../../harness/targets/container/runner.ts';

export interface Call {
  cmd: string;
  args: string[];
  input?: string;
}

export const ok = (stdout = ''): CommandResult => ({ code: 0, stdout, stderr: '' });
export const fail = (stderr: string): CommandResult => ({ code: 1, stdout: '', stderr });

export class RecordedRunner implements CommandRunner {
  readonly calls: Call[] = [];

  constructor(private readonly respond: (call: Call) => CommandResult | Promise<CommandResult>) {}

  async run(cmd: string, args: string[], opts: { input?: string } = {}): Promise<CommandResult> {
    const call: Call = { cmd, args, ...(opts.input !== undefined ? { input: opts.input } : {}) };
    this.calls.push(call);
    return this.respond(call);
  }

  /** Each call as one line, without the kubectl context (for readable order assertions). */
  lines(): string[] {
    return this.calls.map((c) => [c.cmd, ...c.args.filter((a, i, all) => a !== '--context' && all[i - 1] !== '--context')].join(' '));
  }
}
