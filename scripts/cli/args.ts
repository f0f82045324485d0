// Command-line parsing. Every mistake is a ConfigError (exit 2) that names the flag and the fix.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError } from '../../harness/config/errors.ts';
import { loadExternal } from '../../harness/config/external.ts';
import { buildVerifyConfig } from '../../harness/config/verify-config.ts';
import { loadPolicy } from '../../harness/config/policy.ts';
import { DEFAULT_POLICY, DEFAULTS, parseCount, parseFaults, type RunOptions } from '../../harness/run/run-options.ts';
import { TARGETS, targetEntry, type TargetEntry, type TargetFlag } from '../../harness/targets/registry.ts';

export interface RunRequest extends RunOptions {
  mode: 'run' | 'verify';
  only: string[];
  reportDir: string;
  junitFile?: string;
  /** The target file as the user named it, for `reproduce`. */
  configFile?: string;
  /** Demos that must be tested: one not-supported or skipped fails the run (the deploy gate). */
  require: string[];
  /** Run the demos that failed or broke in the report dir's last run. */
  lastFailed: boolean;
  /** A line per case under each demo's line. */
  verbose: boolean;
  /** Write the Allure HTML report (off with --no-html-report: a gate that reads the exit code and JUnit). */
  htmlReport: boolean;
}

export interface RenderRequest {
  target: string;
  out: string;
  policyFile: string;
}

export type Command = { kind: 'help' } | { kind: 'version' } | ({ kind: 'run' } & RunRequest) | ({ kind: 'list' } & RunOptions) | ({ kind: 'render' } & RenderRequest);

const COMMON = {
  'report-dir': { type: 'string', default: 'reports' },
  junit: { type: 'string' },
  rejections: { type: 'string' },
  'convergence-window': { type: 'string' },
  'max-validity-days': { type: 'string' },
  'no-html-report': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

const RUN = {
  ...COMMON,
  require: { type: 'string', multiple: true },
  'last-failed': { type: 'boolean' },
  verbose: { type: 'boolean' },
  target: { type: 'string', default: 'local' },
  config: { type: 'string' },
  only: { type: 'string', multiple: true },
  policy: { type: 'string' },
  fault: { type: 'string', multiple: true },
  cluster: { type: 'string' },
  keep: { type: 'boolean' },
} as const;

const LIST = {
  target: { type: 'string', default: 'local' },
  config: { type: 'string' },
  policy: { type: 'string' },
  rejections: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const RENDER = {
  target: { type: 'string' },
  out: { type: 'string' },
  policy: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const VERIFY = {
  ...COMMON,
  url: { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  ca: { type: 'string' },
  oracle: { type: 'string', default: 'any' },
} as const;

/** Every option of each command, for the help test (test/cli.test.ts). */
export const OPTIONS = { run: RUN, verify: VERIFY, list: LIST, render: RENDER } as const;

function parse<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, options, strict: true });
  } catch (err) {
    throw new ConfigError(`${(err as Error).message.split('\n')[0]}: see mtls-conformance --help`);
  }
}

function consistency(values: { rejections?: string; 'convergence-window'?: string; 'max-validity-days'?: string }): Pick<RunOptions, 'rejections' | 'convergenceMs' | 'maxValidityDays'> {
  return {
    maxValidityDays: values['max-validity-days'] === undefined ? DEFAULTS.maxValidityDays : parseCount(values['max-validity-days'], '--max-validity-days', 3650),
    rejections: values.rejections === undefined ? DEFAULTS.rejections : parseCount(values.rejections, '--rejections', 100),
    convergenceMs:
      values['convergence-window'] === undefined ? DEFAULTS.convergenceMs : parseCount(values['convergence-window'], '--convergence-window (seconds)', 600) * 1000,
  };
}

function required(value: string | undefined, flag: string, what: string): string {
  if (!value) throw new ConfigError(`verify needs ${flag} ${what} (see mtls-conformance --help)`);
  return value;
}

export function parseCommand(argv: string[]): Command {
  const [first, ...rest] = argv;
  if (first === 'verify') return parseVerify(rest);
  if (first === 'list') return parseList(rest);
  if (first === 'render') return parseRender(rest);
  if (first !== undefined && first !== 'run' && !first.startsWith('-')) {
    throw new ConfigError(`unknown command "${first}": the commands are run, verify, list and render (see mtls-conformance --help)`);
  }
  const { values, positionals } = parse(first === 'run' ? rest : argv, RUN);
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  if (first !== 'run') throw new ConfigError('no command given: run "mtls-conformance run" or "mtls-conformance verify", or see mtls-conformance --help');
  if (positionals.length > 0) throw new ConfigError(`unexpected argument "${positionals[0]}": options start with -- (see mtls-conformance --help)`);

  // Checked against the catalogue once it is read (checkOnly): reading it loads every suite file.
  const ids = (given: string[] | undefined): string[] => (given ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  const only = ids(values.only);
  const require = ids(values.require);
  if (values['last-failed'] && only.length > 0) throw new ConfigError('--last-failed picks the demos itself: give it or --only, not both');
  const outside = only.length > 0 ? require.find((id) => !only.includes(id)) : undefined;
  if (outside) throw new ConfigError(`--require ${outside}: that demo is not among --only ${only.join(',')}, so it could never be tested`);
  if (!values['report-dir'].trim()) throw new ConfigError('--report-dir is empty: give a folder for the reports');
  const entry = targetEntry(values.target);
  const target = entry.name;
  checkTargetFlags(entry, { policy: values.policy, config: values.config, fault: values.fault, cluster: values.cluster, keep: values.keep });
  return {
    kind: 'run',
    mode: 'run',
    target,
    only,
    reportDir: values['report-dir'],
    ...(values.junit ? { junitFile: values.junit } : {}),
    ...source(entry, values.policy, values.config),
    faults: parseFaults(values.fault ?? []),
    ...consistency(values),
    ...(values.config ? { configFile: values.config } : {}),
    ...(values.cluster ? { cluster: values.cluster } : {}),
    ...(values.keep ? { keep: true } : {}),
    require,
    lastFailed: !!values['last-failed'],
    verbose: !!values.verbose,
    htmlReport: !values['no-html-report'],
  };
}

/** `list`: the catalogue and the request budget for a target, without running anything. */
function parseList(argv: string[]): Command {
  const { values, positionals } = parse(argv, LIST);
  if (values.help) return { kind: 'help' };
  if (positionals.length > 0) throw new ConfigError(`unexpected argument "${positionals[0]}": options start with -- (see mtls-conformance --help)`);
  const entry = targetEntry(values.target);
  checkTargetFlags(entry, { policy: values.policy, config: values.config });
  return {
    kind: 'list',
    target: entry.name,
    ...source(entry, values.policy, values.config),
    faults: [],
    ...consistency(values),
  };
}

/** `render`: what a target would apply or start its gateway with, written to a folder for review. */
function parseRender(argv: string[]): Command {
  const { values, positionals } = parse(argv, RENDER);
  if (values.help) return { kind: 'help' };
  if (positionals.length > 0) throw new ConfigError(`unexpected argument "${positionals[0]}": options start with -- (see mtls-conformance --help)`);
  const renderable = TARGETS.filter((t) => t.render).map((t) => t.name).join(', ');
  if (!values.target) throw new ConfigError(`render needs --target <name>: one of ${renderable}`);
  const entry = targetEntry(values.target);
  if (!entry.render) throw new ConfigError(`render: --target ${entry.name} is a gateway this tool does not build, so there is nothing to render: use one of ${renderable}`);
  if (!values.out?.trim()) throw new ConfigError('render needs --out <dir>: a new or empty folder for the files');
  return { kind: 'render', target: entry.name, out: values.out, policyFile: values.policy ?? DEFAULT_POLICY };
}

/** What a flag that only some targets take says when given to another. */
function misuse(flag: TargetFlag, entry: TargetEntry): string {
  const takers = TARGETS.filter((t) => t.flags.includes(flag)).map((t) => t.name).join(' or ');
  if (flag === 'fault') return `--fault breaks the ${takers} gateway only: use it with --target ${takers}`;
  const instead = flag === 'config' && entry.flags.includes('policy') ? `; --target ${entry.name} takes --policy` : flag === 'policy' && entry.flags.includes('config') ? `; --target ${entry.name} takes --config` : '';
  return `--${flag} is for --target ${takers}${instead}`;
}

/** Each target-specific flag given is one the target takes; a target that takes --config needs it. */
function checkTargetFlags(entry: TargetEntry, given: Partial<Record<TargetFlag, string | boolean | string[] | undefined>>): void {
  for (const [flag, value] of Object.entries(given) as [TargetFlag, unknown][]) {
    const present = Array.isArray(value) ? value.length > 0 : value !== undefined && value !== false;
    if (present && !entry.flags.includes(flag)) throw new ConfigError(misuse(flag, entry));
  }
  if (entry.flags.includes('config') && !given.config) throw new ConfigError(`--target ${entry.name} needs --config <file>: the target file described in the README`);
}

/** The policy (read and checked once, here) or the target file, whichever the target is built from. */
function source(entry: TargetEntry, policyFile: string | undefined, configFile: string | undefined): Pick<RunOptions, 'policyFile' | 'policy' | 'external'> {
  if (configFile) return { policyFile: DEFAULT_POLICY, external: loadExternal(configFile) };
  const file = policyFile ?? DEFAULT_POLICY;
  return entry.flags.includes('policy') ? { policyFile: file, policy: loadPolicy(file) } : { policyFile: file };
}

/** --only and --require name demos of the catalogue. */
export function checkOnly(only: string[], ids: readonly string[], flag = '--only'): void {
  const unknown = only.filter((id) => !ids.includes(id));
  if (unknown.length > 0) throw new ConfigError(`${flag}: unknown demo id "${unknown[0]}": choose from ${ids.join(', ')}`);
}

function parseVerify(argv: string[]): Command {
  const { values, positionals } = parse(argv, VERIFY);
  if (values.help) return { kind: 'help' };
  if (positionals.length > 0) throw new ConfigError(`unexpected argument "${positionals[0]}": options start with -- (see mtls-conformance --help)`);
  const external = buildVerifyConfig({
    url: required(values.url, '--url', '<https://gateway:port/path>'),
    cert: required(values.cert, '--cert', '<your client certificate>'),
    key: required(values.key, '--key', '<its private key>'),
    ca: required(values.ca, '--ca', '<the CA of the gateway\'s server certificate>'),
    oracle: values.oracle,
  });
  return {
    kind: 'run',
    mode: 'verify',
    target: 'external',
    only: [],
    reportDir: values['report-dir'],
    ...(values.junit ? { junitFile: values.junit } : {}),
    policyFile: DEFAULT_POLICY,
    faults: [],
    ...consistency(values),
    external,
    require: [],
    lastFailed: false,
    verbose: false,
    htmlReport: !values['no-html-report'],
  };
}
