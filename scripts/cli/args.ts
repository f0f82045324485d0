// Command-line parsing. Every mistake is a ConfigError (exit 2) that names the flag and the fix.
import { parseArgs } from 'node:util';
import { ConfigError } from '../../harness/config/errors.ts';
import { DEMO_IDS } from '../../harness/report/catalogue.ts';
import { DEFAULT_POLICY, DEFAULTS, parseCount, parseFaults, parseTarget, type RunOptions } from '../../harness/run/run-options.ts';

export type Command = { kind: 'help' } | { kind: 'version' } | ({ kind: 'run'; only: string[]; reportDir: string } & RunOptions);

export function parseCommand(argv: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        target: { type: 'string', default: 'local' },
        only: { type: 'string', multiple: true },
        'report-dir': { type: 'string', default: 'reports' },
        policy: { type: 'string' },
        fault: { type: 'string', multiple: true },
        rejections: { type: 'string' },
        'convergence-window': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    });
  } catch (err) {
    throw new ConfigError(`${(err as Error).message.split('\n')[0]}: see mtls-conformance --help`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const [command, ...extra] = positionals;
  if (command === undefined) throw new ConfigError('no command given: run "mtls-conformance run", or see mtls-conformance --help');
  if (command !== 'run') throw new ConfigError(`unknown command "${command}": the command is "run" (see mtls-conformance --help)`);
  if (extra.length > 0) throw new ConfigError(`unexpected argument "${extra[0]}": options start with -- (see mtls-conformance --help)`);

  const only = (values.only ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  const unknown = only.filter((id) => !DEMO_IDS.includes(id));
  if (unknown.length > 0) throw new ConfigError(`--only: unknown demo id "${unknown[0]}": choose from ${DEMO_IDS.join(', ')}`);
  const reportDir = values['report-dir'];
  if (!reportDir.trim()) throw new ConfigError('--report-dir is empty: give a folder for the reports');
  return {
    kind: 'run',
    target: parseTarget(values.target),
    only,
    reportDir,
    policyFile: values.policy ?? DEFAULT_POLICY,
    faults: parseFaults(values.fault ?? []),
    rejections: values.rejections === undefined ? DEFAULTS.rejections : parseCount(values.rejections, '--rejections', 100),
    convergenceMs:
      values['convergence-window'] === undefined ? DEFAULTS.convergenceMs : parseCount(values['convergence-window'], '--convergence-window (seconds)', 600) * 1000,
  };
}
